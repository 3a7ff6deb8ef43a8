import { useRef, useState } from "react";
import { loadState } from "../../../api/query";
import { FormAlert, Notice } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { useCan } from "../../../session/permissions";
import { ROLES, useOrg } from "../../orgContext";
import { useApiKeys, useRevokeApiKey, type ApiKey } from "../api/apiKeys";
import { ApiKeyForm } from "./ApiKeyForm";
import "../account.css";
import { ApiKeysTable } from "./ApiKeysTable";

/** The organisation's API keys: create (the secret is shown once), list, revoke. */
export function ApiKeys() {
  const { t } = useI18n();
  const { active } = useOrg();
  const canManage = useCan()("api_keys.manage");
  const keys = useApiKeys(active.id);
  const revokeKey = useRevokeApiKey(active.id);
  const roles = ROLES[active.kind].filter((r) => r !== "owner");

  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);

  const revoke = async (key: ApiKey) => {
    setNotice(null);
    setActionError(null);
    try {
      await revokeKey.mutateAsync(key.id);
      setNotice(t("keys.revoked", { name: key.name }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      /* no clipboard: the key is selectable text */
    }
  };

  const live = keys.data?.filter((k) => !k.revoked_at);

  return (
    <div className="page">
      <h1>{t("keys.title")}</h1>
      <p className="muted">{t("keys.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />

      {secret && (
        <div className="secret-box" role="region" aria-labelledby="secret-title" tabIndex={-1} ref={secretRef}>
          <h2 id="secret-title">{t("keys.secretTitle")}</h2>
          <p>{t("keys.secretText")}</p>
          <code className="secret" data-testid="api-key-secret">
            {secret}
          </code>
          <div className="form-actions">
            <Button onPress={() => void copy()}>{copied ? t("app.copied") : t("app.copy")}</Button>
            <Button tone="primary" onPress={() => setSecret(null)}>
              {t("keys.dismiss")}
            </Button>
          </div>
        </div>
      )}

      {canManage && (
        <section className="card">
          <h2>{t("keys.create")}</h2>
          <ApiKeyForm
            orgId={active.id}
            roles={roles}
            onCreated={(created) => {
              setNotice(null);
              setSecret(created);
              setCopied(false);
              setTimeout(() => secretRef.current?.focus(), 0);
            }}
          />
        </section>
      )}

      <section className="card">
        <h2>{t("keys.list")}</h2>
        <ListState data={live} {...loadState(keys)} empty={t("keys.empty")}>
          {(list) => <ApiKeysTable keys={list} canRevoke={canManage} onRevoke={(key) => void revoke(key)} />}
        </ListState>
      </section>
    </div>
  );
}
