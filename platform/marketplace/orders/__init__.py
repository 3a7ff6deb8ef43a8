"""Orders: one per supplier, in the supplier's schema, with ``public.order_ref`` beside
each so buyers see their history across suppliers (docs/ordering.md)."""
