-- Notifications (docs/notifications.md): one row per recipient and event, written
-- by notifications.service.notify in the transaction of the change, with the mail.
-- The audit log keeps names as they were at write time (docs/identity.md), so a
-- deleted user or product still reads as what it was. Suppliers keep the reason of
-- their last status change (a suspended console says why).

CREATE TABLE public.notification (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES public.app_user (id) ON DELETE CASCADE,
    org_id uuid REFERENCES public.organisation (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+(\.[a-z_]+)+$' AND length(kind) <= 100),
    params jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(params) = 'object'),
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_user_idx ON public.notification (user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON public.notification (user_id) WHERE read_at IS NULL;

ALTER TABLE public.audit_log
    ADD COLUMN actor_name text,
    ADD COLUMN actor_email text,
    ADD COLUMN target_label text;

ALTER TABLE public.tenant ADD COLUMN status_reason text CHECK (length(status_reason) <= 500);
