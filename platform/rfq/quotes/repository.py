"""Every query of rfq.quotes's tables."""
