"""Rules of rfq.requests (docs/rfq.md)."""
