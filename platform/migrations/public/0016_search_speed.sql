-- Search query speed (docs/search.md, "The PostgreSQL backend" and "Numbers").
--
-- 1. The matching row is narrow: a query reads every match's row (count, facets, sort),
--    but the msgspec body only for the page's hits, so the body moves to its own table.
-- 2. Facet values are compact ids (``facets``: the first 8 bytes of md5('<facet>:<value>'),
--    the same in search/postgres.py ``facet_id``), counted in one pass over the matches and
--    filtered through a GIN index; ``facet_value`` turns an id back into its facet and value.
--    They replace the supplier_slug, manufacturer and attr_text columns.
-- 3. "Did you mean" looks only among the terms without a digit (query words with a digit
--    are never corrected): a small partial trigram index instead of one over every SKU.
-- 4. The GIN indexes keep a small pending list (256 kB instead of work_mem's 4 MB): every
--    search scans the entries not yet merged, and after a rebuild's swap up to 4 MB of them
--    made each query several times slower until a vacuum.

CREATE TABLE search.document_body (
    id text PRIMARY KEY,  -- search.document.id
    body bytea NOT NULL  -- the SearchDocument (msgspec JSON)
);
INSERT INTO search.document_body (id, body) SELECT id, body FROM search.document;

CREATE TABLE search.facet_value (
    id bigint PRIMARY KEY,  -- facet_id(facet, value)
    facet text NOT NULL,  -- category, supplier, manufacturer, in_stock, attr.<code>
    value text NOT NULL
);

CREATE TEMPORARY TABLE document_facet ON COMMIT DROP AS
SELECT d.id AS document_id, k.facet, k.value,
       ('x' || left(md5(k.facet || ':' || k.value), 16))::bit(64)::bigint AS facet_id
FROM search.document d
CROSS JOIN LATERAL (
    SELECT 'category', c::text FROM unnest(d.category_ids) AS c
    UNION ALL SELECT 'supplier', d.supplier_slug
    UNION ALL SELECT 'manufacturer', d.manufacturer WHERE d.manufacturer IS NOT NULL
    UNION ALL SELECT 'in_stock', d.in_stock::text
    UNION ALL SELECT 'attr.' || e.key, e.value FROM jsonb_each_text(d.attr_text) AS e WHERE e.value IS NOT NULL
) AS k (facet, value);

INSERT INTO search.facet_value (id, facet, value)
SELECT DISTINCT facet_id, facet, value FROM document_facet ON CONFLICT DO NOTHING;

ALTER TABLE search.document
    DROP COLUMN body,
    DROP COLUMN supplier_slug,
    DROP COLUMN manufacturer,
    DROP COLUMN attr_text,
    ADD COLUMN facets bigint[] NOT NULL DEFAULT '{}';
UPDATE search.document d SET facets = f.ids
FROM (SELECT document_id, array_agg(DISTINCT facet_id) AS ids FROM document_facet GROUP BY document_id) AS f
WHERE f.document_id = d.id;
CREATE INDEX document_facets_idx ON search.document USING gin (facets) WITH (gin_pending_list_limit = 256);
ALTER INDEX search.document_terms_idx SET (gin_pending_list_limit = 256);
ALTER INDEX search.document_marketplaces_idx SET (gin_pending_list_limit = 256);
ALTER INDEX search.document_categories_idx SET (gin_pending_list_limit = 256);

-- a rebuild's rows still carry their body to the swap
ALTER TABLE search.staging
    DROP COLUMN supplier_slug,
    DROP COLUMN manufacturer,
    DROP COLUMN attr_text,
    ADD COLUMN facets bigint[] NOT NULL DEFAULT '{}';

CREATE INDEX term_word_trgm_idx ON search.term USING gist (term public.gist_trgm_ops) WHERE term !~ '[0-9]';
DROP INDEX search.term_trgm_idx;
