"""The demo seed's fresh databases, for the demo search test."""

from __future__ import annotations

from tests.seed.conftest import fresh_db

__all__ = ["fresh_db"]
