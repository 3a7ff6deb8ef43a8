"""Every query of rfq.requests's tables."""
