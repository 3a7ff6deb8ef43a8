-- Identity: users, sessions, e-mail tokens, organisations, casbin rules
-- (memberships are its grouping rules), invitations, API keys, mail queue, audit log.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE app_user (
    id uuid PRIMARY KEY,
    email citext NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 254),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    password_hash text NOT NULL,
    email_verified_at timestamptz,
    totp_secret text,
    totp_enabled_at timestamptz,
    locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ro')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL)
);

CREATE TABLE recovery_code (
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE organisation (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('supplier', 'buyer', 'platform')),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- a supplier organisation is its tenant: same id, status kept on public.tenant
    tenant_id uuid UNIQUE REFERENCES tenant (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'supplier') = (tenant_id IS NOT NULL)),
    CHECK (tenant_id IS NULL OR tenant_id = id)
);
CREATE UNIQUE INDEX organisation_single_platform ON organisation (kind) WHERE kind = 'platform';

CREATE TABLE user_session (
    id uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    active_org_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
    csrf_token text NOT NULL,
    mfa_pending boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE email_token (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX email_token_user_idx ON email_token (user_id, purpose);

-- pycasbin rules. p: role policies (sub=role, dom=kind pattern, obj, act);
-- g: memberships (user:<id> or key:<id>, role, domain such as tenant:<id>).
CREATE TABLE casbin_rule (
    id bigserial PRIMARY KEY,
    ptype text NOT NULL CHECK (ptype IN ('p', 'g')),
    v0 text NOT NULL DEFAULT '',
    v1 text NOT NULL DEFAULT '',
    v2 text NOT NULL DEFAULT '',
    v3 text NOT NULL DEFAULT '',
    v4 text NOT NULL DEFAULT '',
    v5 text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX casbin_rule_unique ON casbin_rule (ptype, v0, v1, v2, v3, v4, v5);
-- one role per subject per organisation
CREATE UNIQUE INDEX casbin_rule_one_role ON casbin_rule (v0, v2) WHERE ptype = 'g';
CREATE INDEX casbin_rule_domain ON casbin_rule (v2) WHERE ptype = 'g';

CREATE TABLE invitation (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    email citext NOT NULL,
    role text NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    invited_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    answered_at timestamptz
);
CREATE UNIQUE INDEX invitation_one_pending ON invitation (org_id, email) WHERE status = 'pending';

CREATE TABLE api_key (
    id uuid PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    prefix text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    role text NOT NULL,
    created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX api_key_org_idx ON api_key (org_id);

CREATE TABLE mail_message (
    id uuid PRIMARY KEY,
    to_address text NOT NULL,
    subject text NOT NULL,
    body_text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
    actor_id text NOT NULL,
    org text,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    before jsonb,
    after jsonb,
    request_id text
);
CREATE INDEX audit_log_org_idx ON audit_log (org, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
