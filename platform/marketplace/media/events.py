"""Media's event names (jobs in ``tasks.py``)."""

from __future__ import annotations

MAKE_RENDITIONS = "media.make_renditions"  # payload: media_id
DELETE_FILES = "media.delete_files"  # payload: keys (stored files of rows deleted in the transaction)
SWEEP_FILES = "media.sweep_files"  # periodic
