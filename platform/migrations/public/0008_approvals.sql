-- Approvals and spending limits of buyer companies (docs/approvals.md).
-- A spending limit is per member and currency: per supplier order and per calendar month
-- (UTC), either may be empty. An approval rule matches an order on its total (in a
-- currency), its supplier or a marketplace category (descendants included) and names 1 to 3
-- levels of approver roles. A checkout over a limit or matching a rule waits as a purchase
-- request until each level approved it; one rejection ends it.

CREATE TABLE public.spending_limit (
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES public.app_user (id) ON DELETE CASCADE,
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    per_order numeric CHECK (per_order >= 0 AND per_order < 1000000000000),
    per_month numeric CHECK (per_month >= 0 AND per_month < 1000000000000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id, currency),
    CHECK (per_order IS NOT NULL OR per_month IS NOT NULL)
);

CREATE TABLE public.approval_rule (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    condition text NOT NULL CHECK (condition IN ('total_above', 'supplier', 'category')),
    currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    amount numeric CHECK (amount >= 0 AND amount < 1000000000000),
    supplier_id uuid REFERENCES public.tenant (id) ON DELETE CASCADE,
    category_id uuid REFERENCES public.category (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- exactly the fields of its condition
    CHECK ((condition = 'total_above') = (currency IS NOT NULL AND amount IS NOT NULL)),
    CHECK ((condition = 'total_above') OR (currency IS NULL AND amount IS NULL)),
    CHECK ((condition = 'supplier') = (supplier_id IS NOT NULL)),
    CHECK ((condition = 'category') = (category_id IS NOT NULL))
);
CREATE INDEX approval_rule_org_idx ON public.approval_rule (org_id, name, id);

-- a rule's levels in sequence: 1, 2, 3 at most, each naming the roles that may approve it
CREATE TABLE public.approval_rule_level (
    rule_id uuid NOT NULL REFERENCES public.approval_rule (id) ON DELETE CASCADE,
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    roles text[] NOT NULL CHECK (
        cardinality(roles) BETWEEN 1 AND 3 AND roles <@ ARRAY['approver', 'admin', 'owner']::text[]
    ),
    PRIMARY KEY (rule_id, level)
);

CREATE TABLE public.purchase_request (
    id uuid PRIMARY KEY,
    checkout_id uuid NOT NULL UNIQUE,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    requester_id uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    round integer NOT NULL DEFAULT 1 CHECK (round >= 1),  -- editing a waiting request starts a new round
    current_level smallint NOT NULL DEFAULT 1 CHECK (current_level BETWEEN 1 AND 3),
    levels jsonb NOT NULL CHECK (
        jsonb_typeof(levels) = 'array' AND jsonb_array_length(levels) BETWEEN 1 AND 3
    ),
    reasons jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
    summary jsonb NOT NULL CHECK (jsonb_typeof(summary) = 'object'),
    reject_reason text CHECK (length(reject_reason) BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (current_level <= jsonb_array_length(levels)),
    CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
-- the approvers' queue: waiting requests of a company, newest first
CREATE INDEX purchase_request_queue_idx ON public.purchase_request (org_id, status, created_at DESC, id DESC);

CREATE TABLE public.approval_decision (
    id uuid PRIMARY KEY,
    request_id uuid NOT NULL REFERENCES public.purchase_request (id) ON DELETE CASCADE,
    round integer NOT NULL,
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
    user_id uuid REFERENCES public.app_user (id) ON DELETE SET NULL,
    user_name text NOT NULL,
    reason text CHECK (length(reason) BETWEEN 1 AND 1000),
    decided_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (request_id, round, level),  -- one decision per level of a round
    CHECK ((decision = 'rejected') = (reason IS NOT NULL))
);
