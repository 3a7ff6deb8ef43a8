"""Checkout: a cart placed as one order per supplier by a recorded, resumable process
(docs/ordering.md, "Checkout")."""
