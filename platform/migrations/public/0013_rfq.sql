-- Requests for quotes (docs/rfq.md). The buyer's request, its lines, invitations and files
-- belong to the buyer company (public); a sent quote revision is a document both parties
-- hold, written once into public and never changed; counter-offers and the message thread
-- of one RFQ x supplier are public too. A supplier's drafts stay in its schema (tenant
-- migration 0011). Awards record the per-line decision and the resumable steps that write
-- contract price lists into each awarded supplier's schema.

-- RFQ numbers are per buyer company and year, without gaps (RFQ-2026-000001)
CREATE TABLE public.rfq_number_counter (
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_number bigint NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    PRIMARY KEY (org_id, year)
);

CREATE TABLE public.rfq (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    marketplace_id uuid NOT NULL REFERENCES public.marketplace (id) ON DELETE RESTRICT,
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN (
        'draft', 'pending_approval', 'open', 'closed', 'awarded', 'cancelled'
    )),
    status_reason text CHECK (length(status_reason) <= 1000),  -- why cancelled, or sent back
    sealed boolean NOT NULL DEFAULT false,
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    deadline timestamptz NOT NULL,
    delivery_date date,
    delivery_location_id uuid REFERENCES public.buyer_location (id) ON DELETE SET NULL,
    delivery_location jsonb CHECK (jsonb_typeof(delivery_location) = 'object'),  -- snapshot at submit
    payment_terms_days integer CHECK (payment_terms_days BETWEEN 0 AND 365),
    note text CHECK (length(note) <= 5000),
    estimated_total numeric CHECK (estimated_total >= 0),  -- sum of target x quantity, at submit
    created_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    opened_at timestamptz,
    closed_at timestamptz,
    UNIQUE (org_id, number)
);
CREATE INDEX rfq_org_idx ON public.rfq (org_id, created_at DESC, id DESC);
-- the deadline job's claim: open RFQs by deadline
CREATE INDEX rfq_open_deadline_idx ON public.rfq (deadline) WHERE status = 'open';

CREATE TABLE public.rfq_line (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL REFERENCES public.rfq (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('sku', 'category', 'text')),
    tenant_id uuid REFERENCES public.tenant (id) ON DELETE SET NULL,  -- whose SKU (kind sku)
    sku text CHECK (length(sku) BETWEEN 1 AND 64),
    category_id uuid REFERENCES public.category (id) ON DELETE SET NULL,
    attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),  -- name or spec
    unit text NOT NULL DEFAULT 'pcs' CHECK (length(unit) BETWEEN 1 AND 20),
    quantity numeric NOT NULL CHECK (quantity > 0 AND quantity < 1000000000000),
    target_price numeric(20, 6) CHECK (target_price >= 0 AND target_price < 1000000000000),
    target_visible boolean NOT NULL DEFAULT false,  -- suppliers see the target only when true
    note text CHECK (length(note) <= 2000),
    UNIQUE (rfq_id, position),
    CHECK (kind <> 'sku' OR (sku IS NOT NULL)),
    CHECK (kind <> 'category' OR (category_id IS NOT NULL))
);

-- one row per invited supplier: the invitation and the status of that supplier's quote
CREATE TABLE public.rfq_invitation (
    rfq_id uuid NOT NULL REFERENCES public.rfq (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 50),  -- the 50-supplier bound
    status text NOT NULL DEFAULT 'invited' CHECK (status IN (
        'invited', 'declined', 'draft', 'submitted', 'countered', 'revised', 'accepted',
        'rejected', 'expired', 'withdrawn'
    )),
    status_reason text CHECK (length(status_reason) <= 1000),  -- declined / withdrawn / rejected
    latest_revision integer NOT NULL DEFAULT 0 CHECK (latest_revision >= 0),
    invited_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    invited_at timestamptz,  -- null while the RFQ is a draft (staged)
    seen_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rfq_id, tenant_id),
    UNIQUE (rfq_id, position)
);
-- a supplier's inbox
CREATE INDEX rfq_invitation_tenant_idx ON public.rfq_invitation (tenant_id, updated_at DESC, rfq_id);

CREATE TABLE public.rfq_file (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL REFERENCES public.rfq (id) ON DELETE CASCADE,
    -- 'request': the buyer's, read by every invited supplier; 'quote' / 'message': read by
    -- the buyer and the one supplier tenant_id
    purpose text NOT NULL CHECK (purpose IN ('request', 'quote', 'message')),
    line_id uuid REFERENCES public.rfq_line (id) ON DELETE CASCADE,
    tenant_id uuid REFERENCES public.tenant (id) ON DELETE CASCADE,
    owner_ref uuid,  -- the revision or message it belongs to, once sent
    storage_key text NOT NULL UNIQUE,
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    uploaded_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((purpose = 'request') = (tenant_id IS NULL))
);
CREATE INDEX rfq_file_rfq_idx ON public.rfq_file (rfq_id, purpose, tenant_id);

-- a sent quote revision: immutable (trigger below)
CREATE TABLE public.rfq_revision (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL REFERENCES public.rfq (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    draft_id uuid NOT NULL UNIQUE,  -- the supplier's draft it was sent from: one revision per draft
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    payment_terms_days integer CHECK (payment_terms_days BETWEEN 0 AND 365),
    incoterms text CHECK (length(incoterms) <= 40),
    delivery_terms text CHECK (length(delivery_terms) <= 1000),
    valid_until date NOT NULL,
    note text CHECK (length(note) <= 5000),
    total numeric NOT NULL CHECK (total >= 0),  -- the quoted lines at the asked quantities
    sent_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    sent_by_name text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (rfq_id, tenant_id, number),
    FOREIGN KEY (rfq_id, tenant_id) REFERENCES public.rfq_invitation (rfq_id, tenant_id) ON DELETE CASCADE
);

CREATE TABLE public.rfq_revision_line (
    revision_id uuid NOT NULL REFERENCES public.rfq_revision (id) ON DELETE CASCADE,
    line_id uuid NOT NULL REFERENCES public.rfq_line (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('quoted', 'not_quoted')),
    sku text CHECK (length(sku) BETWEEN 1 AND 64),  -- the supplier's SKU for the line
    unit_price numeric(20, 6) CHECK (unit_price >= 0 AND unit_price < 1000000000000),
    -- [{min_quantity, unit_price}] ascending by min_quantity; unit_price applies below the first
    breaks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(breaks) = 'array' AND jsonb_array_length(breaks) <= 20),
    moq numeric CHECK (moq > 0),
    lead_time_days integer CHECK (lead_time_days BETWEEN 0 AND 3650),
    alternative_sku text CHECK (length(alternative_sku) BETWEEN 1 AND 64),
    alternative_description text CHECK (length(alternative_description) BETWEEN 1 AND 2000),
    line_total numeric CHECK (line_total >= 0),  -- at the asked quantity, rounded once
    note text CHECK (length(note) <= 2000),
    PRIMARY KEY (revision_id, line_id),
    CHECK ((status = 'quoted') = (unit_price IS NOT NULL))
);

CREATE FUNCTION rfq_revision_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a sent revision cannot be changed'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'rfq_revision_immutable';
END
$$;
CREATE TRIGGER rfq_revision_immutable BEFORE UPDATE ON public.rfq_revision
    FOR EACH ROW EXECUTE FUNCTION rfq_revision_immutable();
CREATE TRIGGER rfq_revision_line_immutable BEFORE UPDATE ON public.rfq_revision_line
    FOR EACH ROW EXECUTE FUNCTION rfq_revision_immutable();

-- the buyer's counter-offer on a revision, per line
CREATE TABLE public.rfq_counter_offer (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    revision_number integer NOT NULL CHECK (revision_number >= 1),  -- the revision it answers
    comment text CHECK (length(comment) <= 5000),
    created_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    created_by_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (rfq_id, tenant_id) REFERENCES public.rfq_invitation (rfq_id, tenant_id) ON DELETE CASCADE
);
CREATE INDEX rfq_counter_offer_idx ON public.rfq_counter_offer (rfq_id, tenant_id, created_at);

CREATE TABLE public.rfq_counter_line (
    counter_id uuid NOT NULL REFERENCES public.rfq_counter_offer (id) ON DELETE CASCADE,
    line_id uuid NOT NULL REFERENCES public.rfq_line (id) ON DELETE CASCADE,
    target_price numeric(20, 6) CHECK (target_price >= 0 AND target_price < 1000000000000),
    quantity numeric CHECK (quantity > 0 AND quantity < 1000000000000),
    delivery_date date,
    comment text CHECK (length(comment) <= 2000),
    PRIMARY KEY (counter_id, line_id)
);

-- the thread of one RFQ x supplier: both parties, nobody else
CREATE TABLE public.rfq_message (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    side text NOT NULL CHECK (side IN ('buyer', 'supplier')),
    author_id uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (rfq_id, tenant_id) REFERENCES public.rfq_invitation (rfq_id, tenant_id) ON DELETE CASCADE
);
CREATE INDEX rfq_message_thread_idx ON public.rfq_message (rfq_id, tenant_id, created_at, id);

-- the award: one per RFQ
CREATE TABLE public.rfq_award (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL UNIQUE REFERENCES public.rfq (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'placing' CHECK (status IN ('placing', 'completed')),
    checkout_id uuid,  -- the orders, placed through checkout (null: no orders asked)
    contract_valid_until date,  -- null: no contract lists asked
    awarded_by uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    awarded_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);
CREATE INDEX rfq_award_placing_idx ON public.rfq_award (updated_at) WHERE status = 'placing';

CREATE TABLE public.rfq_award_line (
    award_id uuid NOT NULL REFERENCES public.rfq_award (id) ON DELETE CASCADE,
    line_id uuid NOT NULL REFERENCES public.rfq_line (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL,
    revision_id uuid NOT NULL REFERENCES public.rfq_revision (id) ON DELETE RESTRICT,
    sku text CHECK (length(sku) BETWEEN 1 AND 64),  -- null: a text line the supplier must map
    quantity numeric NOT NULL CHECK (quantity > 0),
    unit_price numeric(20, 6) NOT NULL CHECK (unit_price >= 0),
    breaks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(breaks) = 'array'),
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    line_total numeric NOT NULL CHECK (line_total >= 0),
    PRIMARY KEY (award_id, line_id, tenant_id)
);

-- one contract-list step per awarded supplier, run in that supplier's schema
CREATE TABLE public.rfq_award_step (
    award_id uuid NOT NULL REFERENCES public.rfq_award (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'needs_mapping', 'done', 'failed')),
    price_list_id uuid,
    failure_reason text CHECK (length(failure_reason) <= 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (award_id, tenant_id),
    CHECK ((status = 'done') = (price_list_id IS NOT NULL))
);

-- an RFQ above an approval rule waits as a purchase request, like a checkout
ALTER TABLE public.purchase_request ALTER COLUMN checkout_id DROP NOT NULL;
ALTER TABLE public.purchase_request ADD COLUMN rfq_id uuid UNIQUE REFERENCES public.rfq (id) ON DELETE CASCADE;
ALTER TABLE public.purchase_request ADD CONSTRAINT purchase_request_one_subject
    CHECK ((checkout_id IS NULL) <> (rfq_id IS NULL));

-- rfq.status moves only along rfq/requests/states.py (generated by transition_sql; a test compares)
CREATE FUNCTION public.rfq_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
        ('draft', 'pending_approval'),
        ('draft', 'open'),
        ('draft', 'cancelled'),
        ('pending_approval', 'open'),
        ('pending_approval', 'draft'),
        ('pending_approval', 'cancelled'),
        ('open', 'closed'),
        ('open', 'awarded'),
        ('open', 'cancelled'),
        ('closed', 'awarded'),
        ('closed', 'cancelled')
    ) THEN
        RAISE EXCEPTION 'an RFQ cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rfq_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rfq_transition BEFORE UPDATE OF status ON public.rfq
    FOR EACH ROW EXECUTE FUNCTION public.rfq_check_transition();

-- rfq_invitation.status moves only along rfq/requests/states.py (generated by transition_sql; a test compares)
CREATE FUNCTION public.rfq_invitation_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
        ('invited', 'draft'),
        ('invited', 'submitted'),
        ('draft', 'submitted'),
        ('invited', 'declined'),
        ('draft', 'declined'),
        ('submitted', 'countered'),
        ('revised', 'countered'),
        ('submitted', 'revised'),
        ('countered', 'revised'),
        ('expired', 'revised'),
        ('submitted', 'withdrawn'),
        ('countered', 'withdrawn'),
        ('revised', 'withdrawn'),
        ('submitted', 'expired'),
        ('countered', 'expired'),
        ('revised', 'expired'),
        ('submitted', 'accepted'),
        ('countered', 'accepted'),
        ('revised', 'accepted'),
        ('invited', 'rejected'),
        ('draft', 'rejected'),
        ('submitted', 'rejected'),
        ('countered', 'rejected'),
        ('revised', 'rejected'),
        ('expired', 'rejected')
    ) THEN
        RAISE EXCEPTION 'a quote cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rfq_invitation_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rfq_invitation_transition BEFORE UPDATE OF status ON public.rfq_invitation
    FOR EACH ROW EXECUTE FUNCTION public.rfq_invitation_check_transition();

-- a checkout may come from an RFQ's award (its orders at the awarded prices)
ALTER TABLE public.checkout ADD COLUMN rfq_id uuid REFERENCES public.rfq (id) ON DELETE SET NULL;
