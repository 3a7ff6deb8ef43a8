import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "../../../api/client";
import { FormAlert, Notice } from "../../../components/forms";
import { Button, SelectInput, TextInput } from "../../../components/kit/fields";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { useI18n } from "../../../i18n/context";
import { applyServerErrors, decimalText } from "../../../lib/forms";
import { formatQuantity } from "../../../lib/money";
import { useCreateLocation, useLevels, useLocations, useSetLevels, type Level, type Location } from "../api/inventory";
import type { Variant } from "../api/products";

const LOCATION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const column = columnHelper<Level>();

/** Stock of the product's variants per location; add a location, set on-hand quantities. */
export function Inventory({ slug, variants }: { slug: string; variants: Variant[] }) {
  const { t } = useI18n();
  const skus = useMemo(() => variants.map((v) => v.sku), [variants]);
  const locations = useLocations(slug);
  const levels = useLevels(slug, skus);
  const [notice, setNotice] = useState<string | null>(null);
  const places = locations.data ?? [];
  const rows = levels.data ?? [];

  return (
    <section className="card" aria-labelledby="inventory-title">
      <h2 id="inventory-title">{t("inventory.title")}</h2>
      <Notice message={notice} />
      {levels.isError && <FormAlert message={t("error.loadFailed")} />}
      {skus.length === 0 ? (
        <p className="state state--empty">{t("inventory.noVariants")}</p>
      ) : rows.length === 0 ? (
        <p className="state state--empty">{levels.isFetching ? t("app.loading") : t("inventory.empty")}</p>
      ) : (
        <LevelsTable levels={rows} />
      )}
      {skus.length > 0 && places.length > 0 && <LevelForm key={`${skus.join(",")}|${places[0]?.code ?? ""}`} slug={slug} skus={skus} locations={places} onSaved={setNotice} />}
      <LocationForm slug={slug} onSaved={setNotice} />
    </section>
  );
}

/** Stock rows; SKU, location, quantity and time sort. */
function LevelsTable({ levels }: { levels: Level[] }) {
  const { t, locale, dateTime } = useI18n();
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("sku", { header: t("variants.sku"), sortFn: "alphanumeric", cell: (c) => <code>{c.getValue()}</code> }),
        column.accessor("location_code", { header: t("inventory.location"), sortFn: "alphanumeric" }),
        column.accessor((l) => Number(l.on_hand), { id: "on_hand", header: t("inventory.onHand"), sortFn: "basic", cell: (c) => formatQuantity(locale, c.row.original.on_hand) }),
        column.accessor("updated_at", { header: t("catalog.updated"), sortFn: "basic", cell: (c) => dateTime(c.getValue()) }),
      ]),
    [t, locale, dateTime],
  );
  const table = useDataTable(columns, levels, (l) => `${l.variant_id}:${l.location_id}`);
  return <DataTable table={table} caption={t("inventory.title")} />;
}

/** One SKU's on-hand quantity at one location (3 decimals at most, typed in the UI language). */
function LevelForm({ slug, skus, locations, onSaved }: { slug: string; skus: string[]; locations: Location[]; onSaved: (notice: string) => void }) {
  const { t, locale } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        sku: z.string(),
        location: z.string().min(1, t("validation.required")),
        on_hand: decimalText(locale, { scale: 3, message: t("validation.quantity") }),
      }),
    [t, locale],
  );
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    defaultValues: { sku: skus[0] ?? "", location: locations[0]?.code ?? "", on_hand: "" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const save = useSetLevels(slug);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async ({ sku, location, on_hand }) => {
    try {
      await save.mutateAsync([{ sku, location_code: location, on_hand: on_hand ?? "" }]);
      form.resetField("on_hand");
      onSaved(t("inventory.levelSaved", { sku, location }));
    } catch (error) {
      // the API names the row of its list ("levels[0].on_hand"): one row here
      applyServerErrors(form, t, error, { aliases: { "levels.0.on_hand": "on_hand", "levels.0.location_code": "location", "levels.0.sku": "sku" }, alertWithFields: false });
    }
  });

  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)} aria-label={t("inventory.setLevel")}>
      <FormAlert message={errors.root?.server?.message} />
      <SelectInput control={form.control} name="sku" label={t("variants.sku")} options={skus.map((s) => ({ value: s, label: s }))} />
      <SelectInput control={form.control} name="location" label={t("inventory.location")} options={locations.map((l) => ({ value: l.code, label: `${l.code} · ${l.name}` }))} />
      <TextInput control={form.control} name="on_hand" label={t("inventory.onHand")} inputMode="decimal" />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("inventory.setLevel")}
      </Button>
    </form>
  );
}

/** A new stock location: a short code and a name. */
function LocationForm({ slug, onSaved }: { slug: string; onSaved: (notice: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        code: z
          .string()
          .trim()
          .regex(LOCATION_RE, t("validation.locationCode")),
        name: z.string().trim().min(1, t("validation.required")),
      }),
    [t],
  );
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    defaultValues: { code: "", name: "" },
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const create = useCreateLocation(slug);
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (body) => {
    try {
      const created = await create.mutateAsync(body);
      form.reset();
      onSaved(t("inventory.locationAdded", { code: created.code }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) form.setError("code", { type: "server", message: t("inventory.codeTaken") });
      else applyServerErrors(form, t, error, { alertWithFields: false });
    }
  });

  return (
    <form className="inline-form inline-form--row" noValidate onSubmit={(e) => void submit(e)} aria-label={t("inventory.addLocation")}>
      <FormAlert message={errors.root?.server?.message} />
      <TextInput control={form.control} name="code" label={t("inventory.locationCode")} maxLength={40} />
      <TextInput control={form.control} name="name" label={t("inventory.locationName")} maxLength={200} />
      <Button type="submit" tone="primary" busy={isSubmitting}>
        {t("inventory.addLocation")}
      </Button>
    </form>
  );
}
