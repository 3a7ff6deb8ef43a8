-- Product images and documents (datasheets, certificates): metadata in the tenant
-- schema, bytes in the file storage (hansa.core.files) under storage_key.
-- buyer_org_id is a public organisation id checked by the service (no FK across schemas).

CREATE TABLE media (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('image', 'document')),
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 100),
    size bigint NOT NULL CHECK (size > 0),
    sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key text NOT NULL UNIQUE,
    position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
    title text CHECK (title IS NULL OR length(btrim(title)) BETWEEN 1 AND 300),
    visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'signed_in', 'buyers')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_product_idx ON media (product_id, kind, position, created_at);

CREATE TABLE media_visibility_buyer (
    media_id uuid NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    buyer_org_id uuid NOT NULL,
    PRIMARY KEY (media_id, buyer_org_id)
);
CREATE INDEX media_visibility_buyer_org_idx ON media_visibility_buyer (buyer_org_id, media_id);
