-- Broad queries (docs/search.md, "Broad queries"): estimates from a sample, pages from sort indexes.
--
-- 1. Every document carries its sample bucket (0..255, the first byte of md5(id), as
--    search/postgres.py ``sample_bucket``) once per level, as the lexeme
--    ``_s<level>_<bucket >> 2*level>`` in ``terms`` and as that lexeme's facet id
--    (md5('sample:<lexeme>'), ``facet_id``) in ``facets``; level 0 holds 1/256 of the documents,
--    1: 1/64, 2: 1/16, 3: 1/4. A query above EXACT_LIMIT matches adds one window to each of
--    its GIN conditions, and each index scan reads only that sample's entries.
-- 2. A broad query's page in name (both ways), newest or lead-time order walks an index of
--    that order instead of sorting every match.

CREATE FUNCTION pg_temp.sample_lexemes(id text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY(SELECT '_s' || level || '_' || (get_byte(decode(md5(id), 'hex'), 0) >> (2 * level))
                 FROM generate_series(0, 3) AS level ORDER BY level)
$$;
CREATE FUNCTION pg_temp.sample_facets(id text) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY(SELECT ('x' || left(md5('sample:' || lexeme), 16))::bit(64)::bigint
                 FROM unnest(pg_temp.sample_lexemes(id)) AS lexeme)
$$;

UPDATE search.document
SET terms = terms || array_to_tsvector(pg_temp.sample_lexemes(id)),
    facets = facets || pg_temp.sample_facets(id);
UPDATE search.staging
SET terms = terms || array_to_tsvector(pg_temp.sample_lexemes(id)),
    facets = facets || pg_temp.sample_facets(id);

CREATE INDEX document_name_desc_idx ON search.document (name_key COLLATE "C" DESC, id);
CREATE INDEX document_newest_idx ON search.document (created_at DESC, id);
CREATE INDEX document_lead_time_idx ON search.document (lead_time_days, name_key COLLATE "C", id);

DROP FUNCTION pg_temp.sample_facets(text);
DROP FUNCTION pg_temp.sample_lexemes(text);
