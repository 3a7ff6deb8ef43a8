"""Demo and fixture data: ``hansa seed demo`` (see docs/demo-data.md)."""
