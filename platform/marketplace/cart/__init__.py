"""Carts: what a buyer user is about to order, across suppliers (docs/ordering.md)."""
