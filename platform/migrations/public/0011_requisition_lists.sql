-- Requisition lists (docs/ordering.md): named lists of a buyer company that a member
-- keeps for repeat purchases. A list belongs to its owner (a member) and is private
-- (the owner only) or shared (every member who may read lists). Lines hold supplier,
-- SKU, quantity and a note, never a price: they are priced when used, so a list
-- survives price changes. Bounds: 200 lists per company, 1,000 lines per list, kept
-- here too (the service checks them first, with a clear answer).

CREATE TABLE public.requisition_list (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES public.organisation (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL REFERENCES public.app_user (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
    -- kept by the line triggers below; the check is the 1,000-line bound
    line_count integer NOT NULL DEFAULT 0 CHECK (line_count BETWEEN 0 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- a company's lists by name (the page's keyset), mine or shared
CREATE INDEX requisition_list_org_name_idx ON public.requisition_list (org_id, name, id);

CREATE TABLE public.requisition_line (
    id uuid PRIMARY KEY,
    list_id uuid NOT NULL REFERENCES public.requisition_list (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES public.tenant (id) ON DELETE CASCADE,
    sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    quantity numeric NOT NULL CHECK (quantity > 0 AND quantity < 1000000000000),
    note text CHECK (length(note) <= 500),
    added_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (list_id, tenant_id, sku)
);

-- At most 200 lists per company: a transaction-scoped lock per company makes two
-- concurrent creations count one after the other.
CREATE FUNCTION public.requisition_list_bound() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('requisition_list:' || NEW.org_id::text, 0));
    IF (SELECT count(*) FROM public.requisition_list WHERE org_id = NEW.org_id) >= 200 THEN
        RAISE EXCEPTION 'a company has at most 200 requisition lists'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'requisition_list_bound';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER requisition_list_bound BEFORE INSERT ON public.requisition_list
    FOR EACH ROW EXECUTE FUNCTION public.requisition_list_bound();

-- line_count follows the lines (one update per statement); updating the list's row
-- also serialises concurrent additions to one list, so the check above holds.
CREATE FUNCTION public.requisition_line_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.requisition_list l
    SET line_count = l.line_count + a.n, updated_at = now()
    FROM (SELECT list_id, count(*) AS n FROM added GROUP BY list_id) a
    WHERE l.id = a.list_id;
    RETURN NULL;
END $$;
CREATE TRIGGER requisition_line_added AFTER INSERT ON public.requisition_line
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION public.requisition_line_added();

CREATE FUNCTION public.requisition_line_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.requisition_list l
    SET line_count = l.line_count - r.n, updated_at = now()
    FROM (SELECT list_id, count(*) AS n FROM removed GROUP BY list_id) r
    WHERE l.id = r.list_id;
    RETURN NULL;
END $$;
CREATE TRIGGER requisition_line_removed AFTER DELETE ON public.requisition_line
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION public.requisition_line_removed();
