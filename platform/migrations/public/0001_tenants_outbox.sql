-- Tenant registry, transactional outbox and processed-event record.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenant (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'active', 'suspended', 'archived')),
    schema_name text NOT NULL UNIQUE CHECK (schema_name ~ '^t_[0-9a-f]{32}$'),
    schema_version integer NOT NULL DEFAULT 0 CHECK (schema_version >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    CHECK (schema_name = 't_' || replace(id::text, '-', ''))
);
CREATE INDEX tenant_schema_version_idx ON tenant (schema_version);

CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    actor text NOT NULL CHECK (actor ~ '^[a-z_]+\.[a-z_]+$'),
    tenant_id uuid,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0
);
-- The sweeper reads only unsent rows: keep that index small.
CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;

CREATE TABLE processed_event (
    event_id uuid NOT NULL,
    actor text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, actor)
);
