-- Orders a supplier received (docs/ordering.md), and the stock they reserve. Runs in
-- the tenant's schema. ``buyer_org_id``, ``placed_by`` and ``checkout_id`` are public ids
-- checked by the services (no foreign key crosses the schema boundary).

-- a variant may be sold beyond its stock; the line then says backordered with its lead time
ALTER TABLE variant ADD COLUMN allow_backorder boolean NOT NULL DEFAULT false;

-- order numbers are per supplier and per year, without gaps: the counter row is
-- incremented in the placing transaction (a rolled-back placement gives its number back)
CREATE TABLE order_counter (
    year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last_number bigint NOT NULL DEFAULT 0 CHECK (last_number >= 0)
);

CREATE TABLE sales_order (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
    checkout_id uuid UNIQUE,  -- the placement that created it: placing again finds it
    buyer_org_id uuid NOT NULL,
    placed_by uuid,
    status text NOT NULL CHECK (status IN (
        'placed', 'credit_hold', 'confirmed', 'partially_shipped', 'shipped', 'delivered',
        'cancelled', 'rejected'
    )),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total numeric NOT NULL CHECK (total >= 0),  -- sum of the rounded line totals
    payment_method text NOT NULL CHECK (payment_method IN ('on_account', 'bank_transfer')),
    payment_terms_days integer CHECK (payment_terms_days BETWEEN 0 AND 365),
    po_number text CHECK (length(po_number) <= 100),
    requested_delivery_date date,
    note text CHECK (length(note) <= 2000),
    ship_to jsonb NOT NULL CHECK (jsonb_typeof(ship_to) = 'object'),  -- location snapshots
    bill_to jsonb NOT NULL CHECK (jsonb_typeof(bill_to) = 'object'),
    status_reason text CHECK (length(status_reason) <= 1000),  -- why held, rejected or cancelled
    revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    placed_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sales_order_placed_idx ON sales_order (placed_at DESC, id);
CREATE INDEX sales_order_updated_idx ON sales_order (updated_at, id);
CREATE INDEX sales_order_status_idx ON sales_order (status, placed_at DESC);
CREATE INDEX sales_order_buyer_idx ON sales_order (buyer_org_id, placed_at DESC);

CREATE TABLE sales_order_line (
    id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 1),
    variant_id uuid REFERENCES variant (id) ON DELETE SET NULL,
    sku text NOT NULL,
    name text NOT NULL,
    unit text NOT NULL,
    quantity numeric NOT NULL CHECK (quantity > 0),
    unit_price numeric(20, 6) NOT NULL CHECK (unit_price >= 0),  -- locked at placement
    line_total numeric NOT NULL CHECK (line_total >= 0),  -- rounded once, at the line
    price_list_id uuid,
    backordered_quantity numeric NOT NULL DEFAULT 0 CHECK (backordered_quantity >= 0),
    lead_time_days integer NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0),
    requested_date date,
    shipped_quantity numeric NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0),
    cancelled boolean NOT NULL DEFAULT false,
    source_rfq_id uuid,           -- set when an RFQ award placed the line (issue 12)
    source_quote_revision_id uuid,
    UNIQUE (order_id, position),
    CHECK (shipped_quantity <= quantity),
    CHECK (backordered_quantity <= quantity)
);
CREATE INDEX sales_order_line_variant_idx ON sales_order_line (variant_id);

-- every change of an order is a numbered revision with a readable diff
CREATE TABLE sales_order_revision (
    order_id uuid NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
    number integer NOT NULL CHECK (number >= 1),
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),  -- placed, confirmed, change_accepted, ...
    side text NOT NULL CHECK (side IN ('buyer', 'supplier', 'system')),
    actor_id uuid,
    status text NOT NULL,  -- the order's status after this revision
    diff jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(diff) = 'array'),
    note text CHECK (length(note) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, number)
);

-- a proposed change waiting for the other side: the supplier proposes (quantity, date,
-- substitute SKU per line), the buyer requests (lines, quantities, date, address)
CREATE TABLE sales_order_change (
    id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
    side text NOT NULL CHECK (side IN ('buyer', 'supplier')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
    changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
    reason text CHECK (length(reason) <= 1000),
    proposed_by uuid,
    decided_by uuid,
    decision_note text CHECK (length(decision_note) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz
);
CREATE UNIQUE INDEX sales_order_change_open_idx ON sales_order_change (order_id) WHERE status = 'open';

CREATE TABLE shipment (
    id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
    number integer NOT NULL CHECK (number >= 1),
    carrier text CHECK (length(carrier) <= 100),
    tracking_number text CHECK (length(tracking_number) <= 100),
    tracking_url text CHECK (tracking_url ~ '^https?://' AND length(tracking_url) <= 500),
    shipped_by uuid,
    shipped_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    UNIQUE (order_id, number)
);

CREATE TABLE shipment_line (
    shipment_id uuid NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
    order_line_id uuid NOT NULL REFERENCES sales_order_line (id) ON DELETE CASCADE,
    quantity numeric NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, order_line_id)
);

-- stock held for open order lines: available = on hand (all locations) - reserved.
-- Owned by catalog (inventory); keyed by the order line, no foreign key to it so the
-- two domains stay apart (orders releases what it no longer needs).
CREATE TABLE stock_reservation (
    order_line_id uuid PRIMARY KEY,
    variant_id uuid NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
    quantity numeric NOT NULL CHECK (quantity > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_reservation_variant_idx ON stock_reservation (variant_id);
