-- Marketplaces, their category taxonomies with per-category attribute schemas,
-- and suppliers' applications to list on a marketplace. All shared, in public.
-- A horizontal marketplace has no categories of its own: it shows the union of
-- the active vertical marketplaces' taxonomies (docs/marketplaces.md).

CREATE TABLE marketplace (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('horizontal', 'vertical')),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    CHECK ((status = 'archived') = (archived_at IS NOT NULL))
);
CREATE INDEX marketplace_status_idx ON marketplace (status, name);

-- path: the slugs from the root, joined by '/' (e.g. 'fasteners/bolts/hex-bolts'),
-- kept by the service on create, rename and move; breadcrumbs read it.
CREATE TABLE category (
    id uuid PRIMARY KEY,
    marketplace_id uuid NOT NULL REFERENCES marketplace (id) ON DELETE CASCADE,
    parent_id uuid,
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
    path text NOT NULL,
    depth integer NOT NULL CHECK (depth BETWEEN 0 AND 9),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (marketplace_id, id),
    -- a parent lives in the same marketplace; a non-empty category cannot be deleted
    FOREIGN KEY (marketplace_id, parent_id) REFERENCES category (marketplace_id, id),
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK ((parent_id IS NULL) = (depth = 0))
);
CREATE UNIQUE INDEX category_slug_unique ON category (marketplace_id, parent_id, slug) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX category_path_unique ON category (marketplace_id, path text_pattern_ops);
CREATE INDEX category_parent_idx ON category (parent_id);

CREATE TABLE category_attribute (
    id uuid PRIMARY KEY,
    category_id uuid NOT NULL REFERENCES category (id) ON DELETE CASCADE,
    code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$' AND length(code) <= 63),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    type text NOT NULL CHECK (type IN ('text', 'number', 'boolean', 'enum')),
    unit text CHECK (unit IS NULL OR (type = 'number' AND length(btrim(unit)) BETWEEN 1 AND 20)),
    allowed_values text[] CHECK ((type = 'enum') = (allowed_values IS NOT NULL)
                                 AND (allowed_values IS NULL OR cardinality(allowed_values) > 0)),
    required boolean NOT NULL DEFAULT false,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (category_id, code)
);

CREATE TABLE marketplace_listing (
    id uuid PRIMARY KEY,
    marketplace_id uuid NOT NULL REFERENCES marketplace (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    reason text CHECK (reason IS NULL OR length(reason) <= 1000),
    applied_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz,
    decided_by uuid,  -- the operator's user (or key) id; no FK: an actor, not an owner
    CHECK (status <> 'rejected' OR reason IS NOT NULL),
    UNIQUE (marketplace_id, tenant_id)
);
CREATE INDEX marketplace_listing_tenant_idx ON marketplace_listing (tenant_id);
CREATE INDEX marketplace_listing_status_idx ON marketplace_listing (status, applied_at);
