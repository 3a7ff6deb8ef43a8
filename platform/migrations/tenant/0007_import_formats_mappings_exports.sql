-- Imports and exports, issue 9 (docs/imports.md):
-- * the number format a file is read with: chosen at upload, or decided by the job
--   from the file (then the supplier's language); recorded so the import page says it;
-- * the column mapping an upload was made with, and the last mapping per kind, reused
--   for the next file of that kind;
-- * exports run as jobs (export_job): the web process only queues them and serves
--   the finished file.

ALTER TABLE import_job
    ADD COLUMN number_format text CHECK (number_format IN ('comma', 'point')),
    ADD COLUMN column_mapping jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(column_mapping) = 'object');

CREATE TABLE import_column_mapping (
    kind text PRIMARY KEY CHECK (kind IN ('products', 'inventory', 'prices')),
    mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE export_job (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('products', 'inventory', 'prices')),
    format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total_rows integer NOT NULL DEFAULT 0 CHECK (total_rows >= 0),
    processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
    content bytea,
    error text CHECK (error IS NULL OR length(error) <= 1000),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK ((status = 'done') = (content IS NOT NULL))
);
CREATE INDEX export_job_created_idx ON export_job (created_at DESC, id DESC);
