-- The supplier's own profile: one row per tenant schema.
CREATE TABLE supplier_profile (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    contact_email text CHECK (contact_email IS NULL OR contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    contact_phone text CHECK (contact_phone IS NULL OR length(contact_phone) <= 40),
    default_currency char(3) NOT NULL DEFAULT 'EUR' CHECK (default_currency ~ '^[A-Z]{3}$'),
    languages text[] NOT NULL DEFAULT ARRAY['en']::text[]
        CHECK (cardinality(languages) BETWEEN 1 AND 20),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
