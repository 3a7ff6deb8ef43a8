"""Benchmarks of the Hansa platform, run as ``python -m bench.<name>`` (see bench/README.md)."""
