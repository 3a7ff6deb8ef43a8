"""Buyer company data used at checkout: locations (ship-to, bill-to), docs/buyers.md."""
