"""Approvals and spending limits of buyer companies: docs/approvals.md."""
