-- A supplier's quote drafts for the RFQs it is invited to (docs/rfq.md): private to the
-- supplier, with internal notes and its internal approval. Sending copies a draft into a
-- public, immutable revision and marks it sent, in one transaction. ``rfq_id`` and
-- ``rfq_line_id`` are public ids checked by the service (no foreign key crosses the schema).

-- quotes above this total need an owner's or admin's approval before they are sent
CREATE TABLE quote_policy (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),  -- one row
    approval_above numeric CHECK (approval_above >= 0 AND approval_above < 1000000000000),
    currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((approval_above IS NULL) = (currency IS NULL))
);

CREATE TABLE quote_draft (
    id uuid PRIMARY KEY,
    rfq_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'editing' CHECK (status IN ('editing', 'awaiting_approval', 'approved', 'sent')),
    base_revision integer NOT NULL DEFAULT 0 CHECK (base_revision >= 0),  -- the revision it revises
    payment_terms_days integer CHECK (payment_terms_days BETWEEN 0 AND 365),
    incoterms text CHECK (length(incoterms) <= 40),
    delivery_terms text CHECK (length(delivery_terms) <= 1000),
    valid_until date,
    note text CHECK (length(note) <= 5000),
    internal_note text CHECK (length(internal_note) <= 5000),
    approval_requested_by uuid,
    approved_by uuid,
    approved_total numeric,  -- the total that was approved: a change after approval asks again
    updated_by uuid,
    updated_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
-- at most one open draft per RFQ
CREATE UNIQUE INDEX quote_draft_open_idx ON quote_draft (rfq_id) WHERE status <> 'sent';
CREATE INDEX quote_draft_rfq_idx ON quote_draft (rfq_id, updated_at DESC);

CREATE TABLE quote_draft_line (
    draft_id uuid NOT NULL REFERENCES quote_draft (id) ON DELETE CASCADE,
    rfq_line_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'quoted' CHECK (status IN ('quoted', 'not_quoted')),
    sku text CHECK (length(sku) BETWEEN 1 AND 64),
    unit_price numeric(20, 6) CHECK (unit_price >= 0 AND unit_price < 1000000000000),
    breaks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(breaks) = 'array' AND jsonb_array_length(breaks) <= 20),
    moq numeric CHECK (moq > 0),
    lead_time_days integer CHECK (lead_time_days BETWEEN 0 AND 3650),
    alternative_sku text CHECK (length(alternative_sku) BETWEEN 1 AND 64),
    alternative_description text CHECK (length(alternative_description) BETWEEN 1 AND 2000),
    note text CHECK (length(note) <= 2000),
    internal_note text CHECK (length(internal_note) <= 2000),
    PRIMARY KEY (draft_id, rfq_line_id)
);
