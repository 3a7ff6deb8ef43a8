"""Piccolo tables of the imports domain: import and export jobs and the last column
mapping per kind, in each tenant schema (found through search_path). DDL lives in
the SQL migrations."""

from __future__ import annotations

from piccolo.columns import UUID, Bytea, Integer, Text, Timestamptz
from piccolo.table import Table

from hansa.core.db import PICCOLO_ENGINE, Jsonb


class ImportJob(Table, tablename="import_job", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    kind = Text()
    format = Text()
    filename = Text()
    sha256 = Text()
    content = Bytea()
    status = Text()
    total_rows = Integer()
    processed_rows = Integer()
    error_count = Integer()
    errors = Jsonb()
    summary = Jsonb()
    created_by = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    started_at = Timestamptz(null=True)
    finished_at = Timestamptz(null=True)
    file_purged_at = Timestamptz(null=True)
    number_format = Text(null=True)
    column_mapping = Jsonb()


class ImportColumnMapping(Table, tablename="import_column_mapping", db=PICCOLO_ENGINE):
    kind = Text(primary_key=True)
    mapping = Jsonb()
    updated_by = Text()
    updated_at = Timestamptz()


class ExportJob(Table, tablename="export_job", db=PICCOLO_ENGINE):
    id = UUID(primary_key=True)
    kind = Text()
    format = Text()
    status = Text()
    total_rows = Integer()
    processed_rows = Integer()
    content = Bytea(null=True)
    error = Text(null=True)
    created_by = Text()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    finished_at = Timestamptz(null=True)
