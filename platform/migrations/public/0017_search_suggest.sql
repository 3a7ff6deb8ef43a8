-- Type-ahead's vocabulary (docs/search.md, "Suggest"): the words of letters only (3 or
-- more) of product, category and supplier names and of the synonyms. A word with a digit
-- is a size or a code and never corrected; ``search.term`` also holds every SKU and
-- description word (two million terms at a million variants: a trigram lookup there takes
-- a second), this one stays small, so correcting a typo while typing is fast. Kept by every upsert, rebuild
-- and synonyms change (``text.vocabulary``); filled here from what is already indexed.
CREATE TABLE search.suggest_word (
    word text COLLATE "C" PRIMARY KEY
);
CREATE INDEX suggest_word_trgm_idx ON search.suggest_word USING gist (word public.gist_trgm_ops);

INSERT INTO search.suggest_word (word)
SELECT DISTINCT w FROM (
    SELECT regexp_split_to_table(name_key, '[^[:alpha:]]+') AS w FROM search.document
    UNION ALL
    SELECT regexp_split_to_table(lower(public.unaccent(name)), '[^[:alpha:]]+') FROM search.category_name
    UNION ALL
    SELECT regexp_split_to_table(lower(public.unaccent(name)), '[^[:alpha:]]+') FROM search.supplier_name
    UNION ALL
    SELECT regexp_split_to_table(term, '[^[:alpha:]]+') FROM search.synonym
) words
WHERE length(w) >= 3;
