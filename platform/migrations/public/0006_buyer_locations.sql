-- Buyer company locations (docs/buyers.md): ship-to and bill-to addresses of a buyer
-- organisation, with a contact and a tax id. A location may be both kinds. At most one
-- default ship-to and one default bill-to per company, enforced here (partial unique
-- indexes), and a default of a kind must be of that kind.

CREATE TABLE public.buyer_location (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    is_ship_to boolean NOT NULL DEFAULT true,
    is_bill_to boolean NOT NULL DEFAULT false,
    is_default_ship_to boolean NOT NULL DEFAULT false,
    is_default_bill_to boolean NOT NULL DEFAULT false,
    line1 text NOT NULL CHECK (length(line1) BETWEEN 1 AND 200),
    line2 text CHECK (length(line2) <= 200),
    city text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    region text CHECK (length(region) <= 100),
    postal_code text CHECK (length(postal_code) <= 20),
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    contact_name text CHECK (length(contact_name) <= 200),
    contact_email text CHECK (length(contact_email) <= 254),
    contact_phone text CHECK (length(contact_phone) <= 40),
    tax_id text CHECK (length(tax_id) <= 40),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (is_ship_to OR is_bill_to),
    CHECK (NOT is_default_ship_to OR is_ship_to),
    CHECK (NOT is_default_bill_to OR is_bill_to)
);
CREATE INDEX buyer_location_org_idx ON public.buyer_location (org_id, name, id);
CREATE UNIQUE INDEX buyer_location_default_ship_to ON public.buyer_location (org_id) WHERE is_default_ship_to;
CREATE UNIQUE INDEX buyer_location_default_bill_to ON public.buyer_location (org_id) WHERE is_default_bill_to;
