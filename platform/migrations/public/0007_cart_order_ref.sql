-- Ordering, the shared half (docs/ordering.md). A cart belongs to one user acting for
-- one buyer company and may hold lines of several suppliers: it holds SKU and quantity
-- only, priced live by each supplier's price resolution until the order is placed.
-- ``order_ref`` is one row per placed supplier order (the order itself lives in the
-- supplier's schema), so a buyer reads its history across suppliers in one query; the
-- supplier's order service keeps it in step in the same transaction as the order.

CREATE TABLE public.cart_line (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES public.app_user (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    quantity numeric NOT NULL CHECK (quantity > 0 AND quantity < 1000000000000),
    added_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, user_id, tenant_id, sku)
);
CREATE INDEX cart_line_user_idx ON public.cart_line (user_id, org_id);

CREATE TABLE public.order_ref (
    order_id uuid PRIMARY KEY,  -- the order's id in the supplier's schema
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    buyer_org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    checkout_id uuid,
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
    po_number text CHECK (length(po_number) <= 100),
    status text NOT NULL CHECK (status IN (
        'placed', 'credit_hold', 'confirmed', 'partially_shipped', 'shipped', 'delivered',
        'cancelled', 'rejected'
    )),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total numeric NOT NULL CHECK (total >= 0),
    payment_method text NOT NULL CHECK (payment_method IN ('on_account', 'bank_transfer')),
    placed_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    ship_to_location_id uuid,
    skus text[] NOT NULL DEFAULT '{}',  -- the order's SKUs, for "search my orders by SKU"
    placed_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, number),
    UNIQUE (checkout_id, tenant_id)  -- one order per supplier per checkout
);
-- the buyer's history, newest first, and an ERP's pull of changed orders
CREATE INDEX order_ref_buyer_placed_idx ON public.order_ref (buyer_org_id, placed_at DESC, order_id);
CREATE INDEX order_ref_buyer_updated_idx ON public.order_ref (buyer_org_id, updated_at, order_id);
-- spending limits: what a user placed in a month
CREATE INDEX order_ref_placed_by_idx ON public.order_ref (buyer_org_id, placed_by, placed_at);
CREATE INDEX order_ref_skus_idx ON public.order_ref USING gin (skus);
