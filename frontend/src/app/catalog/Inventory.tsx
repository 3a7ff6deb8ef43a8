import { useState, type FormEvent } from "react";
import { api, call, type Schemas } from "../../api/client";
import { FormAlert, Notice, SelectField, SubmitButton, TextField } from "../../components/forms";
import { useI18n } from "../../i18n/context";
import { formErrors } from "../../lib/errors";
import { typedDecimal } from "../../lib/decimal";
import { formatQuantity } from "../../lib/money";
import { useResource } from "../../lib/useResource";

type Variant = Schemas["VariantOut"];
type Level = Schemas["InventoryLevelOut"];
const LOCATION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Stock of the product's variants per location; add a location, set on-hand quantities. */
export function Inventory({ slug, variants }: { slug: string; variants: Variant[] }) {
  const { t, locale, dateTime } = useI18n();
  const skus = variants.map((v) => v.sku);
  const locations = useResource(() => call(api.GET("/api/v1/suppliers/{tenant}/inventory/locations", { params: { path: { tenant: slug } } })), `locations:${slug}`);
  const levels = useResource<Level[]>(
    async () => {
      const pages = await Promise.all(
        skus.map((sku) => call(api.GET("/api/v1/suppliers/{tenant}/inventory/levels", { params: { path: { tenant: slug }, query: { sku, limit: 200 } } }))),
      );
      return pages.flatMap((p) => p.items);
    },
    `levels:${slug}:${skus.join(",")}`,
  );

  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [locErrors, setLocErrors] = useState<Record<string, string>>({});
  const [locError, setLocError] = useState<string | null>(null);
  const [sku, setSku] = useState("");
  const [location, setLocation] = useState("");
  const [onHand, setOnHand] = useState("");
  const [levelErrors, setLevelErrors] = useState<Record<string, string>>({});
  const [levelError, setLevelError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addLocation = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!LOCATION_RE.test(code.trim())) local.code = t("validation.locationCode");
    if (!name.trim()) local.name = t("validation.required");
    setLocErrors(local);
    setLocError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const created = await call(api.POST("/api/v1/suppliers/{tenant}/inventory/locations", { params: { path: { tenant: slug } }, body: { code: code.trim(), name: name.trim() } }));
      locations.setData((list) => [...(list ?? []), created]);
      setCode("");
      setName("");
      setNotice(t("inventory.locationAdded", { code: created.code }));
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      if ((error as { status?: number }).status === 409) fields.code = t("inventory.codeTaken");
      setLocErrors(fields);
      setLocError(Object.keys(fields).length ? null : form);
    } finally {
      setBusy(false);
    }
  };

  const chosenSku = sku || skus[0] || "";
  const chosenLocation = location || locations.data?.[0]?.code || "";
  const setLevel = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    const quantity = typedDecimal(locale, onHand, 3);
    if (quantity === null) local.on_hand = t("validation.quantity");
    if (!chosenLocation) local.location = t("validation.required");
    setLevelErrors(local);
    setLevelError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await call(
        api.PUT("/api/v1/suppliers/{tenant}/inventory/levels", {
          params: { path: { tenant: slug } },
          body: { levels: [{ sku: chosenSku, location_code: chosenLocation, on_hand: quantity ?? onHand.trim() }] },
        }),
      );
      setOnHand("");
      setNotice(t("inventory.levelSaved", { sku: chosenSku, location: chosenLocation }));
      levels.reload();
    } catch (error) {
      const { fields, form } = formErrors(t, error);
      const mapped: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) mapped[k.endsWith("on_hand") ? "on_hand" : k] = v;
      setLevelErrors(mapped);
      setLevelError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="inventory-title">
      <h2 id="inventory-title">{t("inventory.title")}</h2>
      <Notice message={notice} />
      {levels.error !== undefined && <FormAlert message={t("error.loadFailed")} />}
      {skus.length === 0 ? (
        <p className="state state--empty">{t("inventory.noVariants")}</p>
      ) : (levels.data ?? []).length === 0 ? (
        <p className="state state--empty">{levels.loading ? t("app.loading") : t("inventory.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("variants.sku")}</th>
                <th scope="col">{t("inventory.location")}</th>
                <th scope="col">{t("inventory.onHand")}</th>
                <th scope="col">{t("catalog.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {(levels.data ?? []).map((l) => (
                <tr key={`${l.variant_id}:${l.location_id}`}>
                  <td>
                    <code>{l.sku}</code>
                  </td>
                  <td>{l.location_code}</td>
                  <td>{formatQuantity(locale, l.on_hand)}</td>
                  <td>{dateTime(l.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {skus.length > 0 && (locations.data ?? []).length > 0 && (
        <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void setLevel(e)} aria-label={t("inventory.setLevel")}>
          <FormAlert message={levelError} />
          <SelectField label={t("variants.sku")} value={chosenSku} onValue={setSku} options={skus.map((s) => ({ value: s, label: s }))} />
          <SelectField
            label={t("inventory.location")}
            value={chosenLocation}
            onValue={setLocation}
            error={levelErrors.location}
            options={(locations.data ?? []).map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))}
          />
          <TextField label={t("inventory.onHand")} value={onHand} onValue={setOnHand} error={levelErrors.on_hand} inputMode="decimal" />
          <SubmitButton busy={busy}>{t("inventory.setLevel")}</SubmitButton>
        </form>
      )}
      <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void addLocation(e)} aria-label={t("inventory.addLocation")}>
        <FormAlert message={locError} />
        <TextField label={t("inventory.locationCode")} value={code} onValue={setCode} error={locErrors.code} maxLength={40} />
        <TextField label={t("inventory.locationName")} value={name} onValue={setName} error={locErrors.name} maxLength={200} />
        <SubmitButton busy={busy}>{t("inventory.addLocation")}</SubmitButton>
      </form>
    </section>
  );
}
