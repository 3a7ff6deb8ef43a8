import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { ListState } from "../../components/ListState";
import { Pagination } from "../../components/Pagination";
import { TextArea } from "../../components/TextArea";
import { useI18n } from "../../i18n/context";
import { errorMessage, formErrors } from "../../lib/errors";
import { useResource } from "../../lib/useResource";
import { slugify, validateSlug } from "../../lib/validation";
import { useCan } from "../../session/permissions";

type Marketplace = Schemas["MarketplaceOut"];
const PAGE = 20;

/** Operator console: marketplaces, searchable, with create, edit, archive / restore. */
export function Marketplaces() {
  const { t, date } = useI18n();
  const canManage = useCan()("marketplaces.manage");
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<"" | "active" | "archived">("");
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | null>(null); // id, or "new"
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const page = useResource(
    () => call(api.GET("/api/v1/operator/marketplaces", { params: { query: { search: query || null, status: status || null, limit: PAGE, offset } } })),
    `markets:${query}|${status}|${offset}`,
  );
  const replace = (m: Marketplace) => page.setData((p) => p && { ...p, items: p.items.map((x) => (x.id === m.id ? m : x)) });

  const toggle = async (m: Marketplace) => {
    setActionError(null);
    try {
      const path = { params: { path: { marketplace_id: m.id } } };
      const updated =
        m.status === "active"
          ? await call(api.POST("/api/v1/operator/marketplaces/{marketplace_id}/archive", path))
          : await call(api.POST("/api/v1/operator/marketplaces/{marketplace_id}/restore", path));
      replace(updated);
      setNotice(t(updated.status === "archived" ? "markets.archived" : "markets.restored", { name: m.name }));
    } catch (error) {
      setActionError(errorMessage(t, error));
    }
  };

  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("markets.title")}</h1>
        {canManage && editing !== "new" && (
          <button type="button" className="button button--primary" onClick={() => setEditing("new")}>
            {t("markets.new")}
          </button>
        )}
      </div>
      {editing === "new" && (
        <section className="card" aria-labelledby="new-market">
          <h2 id="new-market">{t("markets.new")}</h2>
          <MarketplaceForm
            marketplace={null}
            onCancel={() => setEditing(null)}
            onSaved={(m) => {
              setEditing(null);
              setNotice(t("markets.created", { name: m.name }));
              page.reload();
            }}
          />
        </section>
      )}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("markets.search")} type="search" value={search} onValue={setSearch} />
        <SelectField
          label={t("markets.status")}
          value={status}
          onValue={(v) => {
            setStatus(v as typeof status);
            setOffset(0);
          }}
          options={[
            { value: "", label: t("markets.allStatuses") },
            { value: "active", label: t("status.active") },
            { value: "archived", label: t("status.archived") },
          ]}
        />
      </form>
      <Notice message={notice} />
      <FormAlert message={actionError} />
      <ListState data={page.data?.items} loading={page.loading} error={page.error} onRetry={page.reload} empty={t("markets.empty")}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("markets.name")}</th>
                  <th scope="col">{t("markets.kind")}</th>
                  <th scope="col">{t("markets.status")}</th>
                  <th scope="col">{t("tenants.created")}</th>
                  <th scope="col">{t("tenants.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) =>
                  editing === m.id ? (
                    <tr key={m.id}>
                      <td colSpan={5}>
                        <MarketplaceForm
                          marketplace={m}
                          onCancel={() => setEditing(null)}
                          onSaved={(saved) => {
                            replace(saved);
                            setEditing(null);
                            setNotice(t("markets.saved", { name: saved.name }));
                          }}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={m.id}>
                      <td>
                        <strong>{m.name}</strong> <code>{m.slug}</code>
                      </td>
                      <td>{t(`marketKind.${m.kind}`)}</td>
                      <td>
                        <span className={`badge badge--${m.status}`}>{t(`status.${m.status}`)}</span>
                      </td>
                      <td>{date(m.created_at)}</td>
                      <td className="actions">
                        {m.kind === "vertical" && (
                          <Link className="button" to={`/app/operator/marketplaces/${m.id}`} aria-label={t("markets.taxonomyOf", { name: m.name })}>
                            {t("markets.taxonomy")}
                          </Link>
                        )}
                        {canManage && (
                          <>
                            <button type="button" className="button" onClick={() => setEditing(m.id)} aria-label={t("markets.editNamed", { name: m.name })}>
                              {t("app.edit")}
                            </button>
                            <button type="button" className={`button${m.status === "active" ? " button--danger" : ""}`} onClick={() => void toggle(m)}>
                              {m.status === "active" ? t("markets.archive") : t("markets.restore")}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.loading} label={t("markets.pagination")} onOffset={setOffset} />
    </div>
  );
}

function MarketplaceForm({ marketplace, onSaved, onCancel }: { marketplace: Marketplace | null; onSaved: (m: Marketplace) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(marketplace?.name ?? "");
  const [slug, setSlug] = useState(marketplace?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(marketplace !== null);
  const [kind, setKind] = useState<Marketplace["kind"]>(marketplace?.kind ?? "vertical");
  const [description, setDescription] = useState(marketplace?.description ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("validation.required");
    const slugError = validateSlug(slug);
    if (slugError) local.slug = t(slugError);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const saved = marketplace
        ? await call(
            api.PATCH("/api/v1/operator/marketplaces/{marketplace_id}", {
              params: { path: { marketplace_id: marketplace.id } },
              body: { name: name.trim(), slug, description },
            }),
          )
        : await call(api.POST("/api/v1/operator/marketplaces", { body: { name: name.trim(), slug, kind, description } }));
      onSaved(saved);
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { code?: string }).code === "marketplaces.slug_taken") fields.slug = t("markets.slugTaken");
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert message={formError} />
      <div className="form-grid">
        <TextField
          label={t("markets.name")}
          value={name}
          onValue={(v) => {
            setName(v);
            if (!slugTouched) setSlug(slugify(v));
          }}
          error={errors.name}
          required
          maxLength={200}
        />
        <TextField
          label={t("markets.slug")}
          value={slug}
          onValue={(v) => {
            setSlug(v);
            setSlugTouched(true);
          }}
          error={errors.slug}
          required
          maxLength={63}
        />
        <SelectField
          label={t("markets.kind")}
          value={kind}
          onValue={(v) => setKind(v as Marketplace["kind"])}
          disabled={marketplace !== null}
          options={[
            { value: "vertical", label: t("marketKind.vertical") },
            { value: "horizontal", label: t("marketKind.horizontal") },
          ]}
        />
      </div>
      <TextArea label={t("markets.description")} value={description} onValue={setDescription} error={errors.description} rows={3} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t("app.saving")}>
          {marketplace ? t("markets.save") : t("markets.create")}
        </SubmitButton>
        <button type="button" className="button button--link" onClick={onCancel}>
          {t("app.cancel")}
        </button>
      </div>
    </form>
  );
}
