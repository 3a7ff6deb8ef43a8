"""Rules of rfq.awards (docs/rfq.md)."""
