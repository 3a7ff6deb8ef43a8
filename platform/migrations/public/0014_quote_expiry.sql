-- The quote expiry job's record of the sent revisions it has handled (docs/rfq.md, "Quotes
-- and negotiation"). A revision is immutable, so the job cannot mark it; without this row
-- every run would claim again each long expired revision before the new ones. A revision
-- is handled once its validity passed: its quote expired, or had already left the live
-- states (withdrawn, accepted, rejected, revised again), which it never re-enters.
CREATE TABLE public.rfq_revision_expiry (
    revision_id uuid PRIMARY KEY REFERENCES public.rfq_revision (id) ON DELETE CASCADE,
    expired boolean NOT NULL,  -- true: this job moved the quote to expired
    handled_at timestamptz NOT NULL DEFAULT now()
);
-- the claim: latest revisions past their validity
CREATE INDEX rfq_revision_valid_until_idx ON public.rfq_revision (valid_until);
