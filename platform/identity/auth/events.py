"""Identity's account events (jobs in ``tasks.py``)."""

from __future__ import annotations

PASSWORD_RESET_REQUESTED = "identity.password_reset_requested"  # noqa: S105 (an event name); payload: email
