-- Search (issue 13): a variant's optional identifiers, so offers of the same article from
-- different suppliers are shown together: GTIN (EAN/UPC, 8 to 14 digits), and the
-- manufacturer with its part number.
ALTER TABLE variant
    ADD COLUMN gtin text CHECK (gtin ~ '^[0-9]{8,14}$'),
    ADD COLUMN mpn text CHECK (length(btrim(mpn)) BETWEEN 1 AND 100),
    ADD COLUMN manufacturer text CHECK (length(btrim(manufacturer)) BETWEEN 1 AND 200);
