-- Bulk imports (docs/imports.md): one row per uploaded file, processed by the
-- imports.process job. The upload itself is kept in `content` (bounded by the
-- route's size limit) so the worker reads it from the database, not from disk.

CREATE TABLE import_job (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('products', 'inventory', 'prices')),
    format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea NOT NULL,
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'validating', 'applying', 'done', 'failed')),
    total_rows integer NOT NULL DEFAULT 0 CHECK (total_rows >= 0),
    processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
    error_count integer NOT NULL DEFAULT 0 CHECK (error_count >= 0),
    errors jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(errors) = 'array'),
    summary jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(summary) = 'object'),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX import_job_created_idx ON import_job (created_at DESC, id DESC);
-- the sha256 short-circuit looks for a previous successful import of the same bytes
CREATE INDEX import_job_sha_idx ON import_job (kind, sha256) WHERE status = 'done';
