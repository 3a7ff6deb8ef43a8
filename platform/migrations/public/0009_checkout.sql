-- Checkout (docs/ordering.md, "Checkout"): placing a cart is a recorded, resumable
-- process. One transaction may touch one tenant schema only, so the checkout row and
-- one step per supplier live in public; each step runs in its own transaction in the
-- supplier's schema and is marked done there (the order's unique checkout_id makes a
-- step idempotent). A job completes checkouts left ``placing`` after a crash.

CREATE TABLE public.checkout (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    status text NOT NULL CHECK (status IN ('pending_approval', 'placing', 'completed', 'rejected')),
    status_reason text CHECK (length(status_reason) <= 1000),
    ship_to jsonb NOT NULL CHECK (jsonb_typeof(ship_to) = 'object'),  -- location snapshots
    bill_to jsonb NOT NULL CHECK (jsonb_typeof(bill_to) = 'object'),
    po_number text CHECK (length(po_number) <= 100),
    requested_delivery_date date,
    note text CHECK (length(note) <= 2000),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),  -- resume runs
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);
CREATE INDEX checkout_org_idx ON public.checkout (org_id, created_at DESC);
-- the resume job's claim: checkouts still placing, oldest first
CREATE INDEX checkout_placing_idx ON public.checkout (updated_at) WHERE status = 'placing';

CREATE TABLE public.checkout_step (
    checkout_id uuid NOT NULL REFERENCES public.checkout (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 1),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'placed', 'failed')),
    payment_method text NOT NULL CHECK (payment_method IN ('on_account', 'bank_transfer')),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total numeric NOT NULL CHECK (total >= 0),  -- sum of the locked, rounded line totals
    -- [{sku, quantity, unit_price, line_total, price_list_id}]: prices locked at submission
    lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
    order_id uuid,  -- the order in the supplier's schema, once placed
    order_number text,
    order_status text,
    failure_code text,
    order_status_reason text,  -- why the order waits (credit hold): the buyer is told
    failure_reason text CHECK (length(failure_reason) <= 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (checkout_id, tenant_id),
    UNIQUE (checkout_id, position),
    CHECK ((status = 'placed') = (order_id IS NOT NULL))
);
CREATE INDEX checkout_step_tenant_idx ON public.checkout_step (tenant_id);
