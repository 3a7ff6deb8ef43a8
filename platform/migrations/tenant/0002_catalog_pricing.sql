-- Catalog, inventory and pricing: the supplier's own data, in its tenant schema.
-- Runs inside one transaction per tenant with search_path set to the tenant: names
-- are unqualified, nothing crosses the schema boundary by foreign key (category_id
-- and buyer_org_id are public ids checked by the services).

CREATE TABLE product (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
    category_id uuid,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    unit_of_measure text NOT NULL DEFAULT 'pcs' CHECK (length(btrim(unit_of_measure)) BETWEEN 1 AND 20),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_status_created_idx ON product (status, created_at, id);
CREATE INDEX product_category_idx ON product (category_id) WHERE category_id IS NOT NULL;

CREATE TABLE variant (
    id uuid PRIMARY KEY,
    product_id uuid NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    sku text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$'),
    name text CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 300),
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    pack_size numeric NOT NULL DEFAULT 1 CHECK (pack_size > 0),
    min_order_qty numeric NOT NULL DEFAULT 1 CHECK (min_order_qty > 0),
    order_increment numeric NOT NULL DEFAULT 1 CHECK (order_increment > 0),
    lead_time_days integer NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX variant_product_idx ON variant (product_id);

CREATE TABLE inventory_location (
    id uuid PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inventory_level (
    variant_id uuid NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
    location_id uuid NOT NULL REFERENCES inventory_location (id) ON DELETE CASCADE,
    on_hand numeric NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (variant_id, location_id)
);
CREATE INDEX inventory_level_location_idx ON inventory_level (location_id);

CREATE TABLE buyer_segment (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE buyer_segment_member (
    segment_id uuid NOT NULL REFERENCES buyer_segment (id) ON DELETE CASCADE,
    buyer_org_id uuid NOT NULL,
    PRIMARY KEY (segment_id, buyer_org_id)
);
CREATE INDEX buyer_segment_member_buyer_idx ON buyer_segment_member (buyer_org_id, segment_id);

CREATE TABLE price_list (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('base', 'segment', 'customer', 'contract')),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    valid_from date,  -- NULL: open; inclusive
    valid_to date,    -- NULL: open; inclusive
    priority integer NOT NULL DEFAULT 0,
    segment_id uuid REFERENCES buyer_segment (id) ON DELETE RESTRICT,
    buyer_org_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
    CHECK (
        (kind = 'base' AND segment_id IS NULL AND buyer_org_id IS NULL)
        OR (kind = 'segment' AND segment_id IS NOT NULL AND buyer_org_id IS NULL)
        OR (kind IN ('customer', 'contract') AND buyer_org_id IS NOT NULL AND segment_id IS NULL)
    )
);
-- the resolution query picks the lists of one buyer / its segments / base, in one currency
CREATE INDEX price_list_buyer_idx ON price_list (buyer_org_id, currency) WHERE buyer_org_id IS NOT NULL;
CREATE INDEX price_list_segment_idx ON price_list (segment_id, currency) WHERE segment_id IS NOT NULL;
CREATE INDEX price_list_base_idx ON price_list (currency) WHERE kind = 'base';

CREATE TABLE price_list_item (
    id uuid PRIMARY KEY,
    price_list_id uuid NOT NULL REFERENCES price_list (id) ON DELETE CASCADE,
    variant_id uuid NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
    UNIQUE (price_list_id, variant_id)
);
-- covering: the resolution finds a variant's items by an index-only scan
CREATE INDEX price_list_item_variant_idx ON price_list_item (variant_id, price_list_id) INCLUDE (id);

CREATE TABLE price_tier (
    price_list_item_id uuid NOT NULL REFERENCES price_list_item (id) ON DELETE CASCADE,
    min_qty numeric NOT NULL CHECK (min_qty > 0),
    unit_price numeric(20, 6) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (price_list_item_id, min_qty)
);

CREATE TABLE customer_terms (
    buyer_org_id uuid PRIMARY KEY,
    payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    credit_limit numeric(20, 2) CHECK (credit_limit IS NULL OR credit_limit >= 0),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
