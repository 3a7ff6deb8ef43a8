-- A buyer company's preferred suppliers, most preferred first (docs/ordering.md, "Quick
-- order"): a SKU sold by several suppliers goes to the first of them that sells it.
CREATE TABLE public.preferred_supplier (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position BETWEEN 1 AND 20),
    UNIQUE (org_id, tenant_id),
    UNIQUE (org_id, position)
);
