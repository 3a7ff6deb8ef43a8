"""Rules of rfq.quotes (docs/rfq.md)."""
