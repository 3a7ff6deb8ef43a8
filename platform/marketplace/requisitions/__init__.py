"""Requisition lists: a buyer company's named lists for repeat purchases (docs/ordering.md)."""
