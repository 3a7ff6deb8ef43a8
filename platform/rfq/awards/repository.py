"""Every query of rfq.awards's tables."""
