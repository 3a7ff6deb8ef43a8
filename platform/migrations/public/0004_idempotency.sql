-- Idempotency-Key support for any route (hansa.core.idempotency, docs/imports.md).
-- scope = the caller's organisation domain + the route; the row is written in the
-- same transaction as the effect, so a stored response always matches what was applied.

CREATE TABLE public.idempotency_key (
    scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 300),
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    status_code integer NOT NULL CHECK (status_code BETWEEN 200 AND 299),
    response_body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created_idx ON public.idempotency_key (created_at);
