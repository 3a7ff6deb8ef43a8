from __future__ import annotations

from typing import Any

from hansa.core.errors import BadRequest, Conflict, HansaError, NotFound, ValidationFailed


class ImportNotFound(NotFound):
    default_code = "imports.not_found"


class ImportGone(HansaError):
    """The import exists but retention removed its uploaded file."""

    status_code = 410
    title = "Gone"
    default_code = "imports.file_purged"


class BadUpload(BadRequest):
    default_code = "imports.bad_upload"


class BulkRejected(ValidationFailed):
    default_code = "imports.bulk_rejected"


class RowsRejected(Exception):
    """Some rows cannot be applied: ``errors`` are ``{row, column, message}``; nothing was applied."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class ExportNotFound(NotFound):
    default_code = "imports.export_not_found"


class ExportNotReady(Conflict):
    default_code = "imports.export_not_ready"
