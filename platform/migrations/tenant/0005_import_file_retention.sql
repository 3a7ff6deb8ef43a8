-- Retention of uploaded import files (docs/imports.md, "Retention"): core.prune_history
-- blanks the stored upload of a finished import once it is older than the retention
-- window and records when, so the row stays as history and a download answers 410.

ALTER TABLE import_job ADD COLUMN file_purged_at timestamptz;
-- the sweep looks for finished imports whose file is still stored
CREATE INDEX import_job_purge_idx ON import_job (finished_at) WHERE file_purged_at IS NULL;
