-- Search (docs/search.md): the PostgreSQL backend's index, shared by every marketplace
-- and supplier, in its own schema. One row per sellable variant; ``body`` is the whole
-- SearchDocument (msgspec JSON), the other columns are what queries filter, sort and
-- count by. Buyer prices are never stored here.

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE SCHEMA IF NOT EXISTS search;

CREATE TABLE search.document (
    id text PRIMARY KEY,  -- '<tenant id>:<variant id>'
    tenant_id uuid NOT NULL,
    marketplace_ids uuid[] NOT NULL,
    category_ids uuid[] NOT NULL,  -- root → leaf
    supplier_slug text NOT NULL,
    manufacturer text,
    offer_key text,  -- 'gtin:…' or 'mpn:<manufacturer>:<mpn>': offers grouped across suppliers
    name_key text NOT NULL,  -- the folded name: sorting by name
    terms tsvector NOT NULL,  -- weighted: A SKU and name, B identifiers and attributes, C description, D categories
    attr_text jsonb NOT NULL,  -- enum/text attribute code → value
    attr_number jsonb NOT NULL,  -- number attribute code → value
    in_stock boolean NOT NULL,
    lead_time_days integer NOT NULL,
    base_price numeric,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    indexed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    body bytea NOT NULL
);
CREATE INDEX document_terms_idx ON search.document USING gin (terms);
CREATE INDEX document_marketplaces_idx ON search.document USING gin (marketplace_ids);
CREATE INDEX document_categories_idx ON search.document USING gin (category_ids);
CREATE INDEX document_tenant_idx ON search.document (tenant_id);
CREATE INDEX document_offer_idx ON search.document (offer_key) WHERE offer_key IS NOT NULL;
CREATE INDEX document_name_idx ON search.document (name_key COLLATE "C", id);

-- a rebuild's documents, written aside and swapped into ``document`` in one transaction
CREATE UNLOGGED TABLE search.staging (
    build_id uuid NOT NULL,
    LIKE search.document INCLUDING DEFAULTS
);
CREATE INDEX staging_build_idx ON search.staging (build_id);

-- every term ever indexed: "did you mean" candidates (trigram distance), prefix checks
CREATE TABLE search.term (
    term text COLLATE "C" PRIMARY KEY
);
CREATE INDEX term_trgm_idx ON search.term USING gist (term public.gist_trgm_ops);

-- the names type-ahead offers besides products (kept by upserts; shown only while a
-- document of the marketplace still names them)
CREATE TABLE search.category_name (
    category_id uuid PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE search.supplier_name (
    tenant_id uuid PRIMARY KEY,
    slug text NOT NULL,
    name text NOT NULL
);

-- operators' synonyms per marketplace: the terms of one group mean the same
CREATE TABLE search.synonym (
    marketplace_id uuid NOT NULL,
    group_no integer NOT NULL,
    term text NOT NULL,
    PRIMARY KEY (marketplace_id, term)
);

-- queries and their result counts, no personal data (kept search_log_retention_days)
CREATE TABLE search.query_log (
    id bigserial PRIMARY KEY,
    marketplace_id uuid NOT NULL,
    q text NOT NULL,
    filters text[] NOT NULL,
    result_count integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX query_log_created_idx ON search.query_log (created_at);

-- ``hansa search reindex``: the suppliers already swapped in by a run (resumes after a kill)
CREATE TABLE search.reindex_done (
    run_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    documents integer NOT NULL,
    done_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, tenant_id)
);
