import { useEffect, useState } from "react";
import { loadState } from "../../../api/query";
import { FormAlert, Notice, SelectField, TextField } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { Pagination } from "../../../components/Pagination";
import { useI18n } from "../../../i18n/context";
import { useActionOutcome } from "../../../lib/useActionOutcome";
import { useCan } from "../../../session/permissions";
import { useMarketplaces, useToggleMarketplace, type Marketplace } from "../api/marketplaces";
import "../operator.css";
import { MarketplaceForm } from "./MarketplaceForm";
import { MarketplacesTable } from "./MarketplacesTable";

const PAGE = 20;

/** Operator console: marketplaces, searchable, with create, edit, archive / restore. */
export function Marketplaces() {
  const { t } = useI18n();
  const canManage = useCan()("marketplaces.manage");
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<"" | "active" | "archived">("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const { notice, error, run, setNotice } = useActionOutcome();

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const page = useMarketplaces({ search: query || null, status: status || null, limit: PAGE, offset });
  const toggle = useToggleMarketplace();

  const archiveOrRestore = (m: Marketplace) =>
    run(async () => {
      const updated = await toggle.mutateAsync(m);
      return t(updated.status === "archived" ? "markets.archived" : "markets.restored", { name: m.name });
    });

  return (
    <div className="page">
      <div className="page__header">
        <h1>{t("markets.title")}</h1>
        {canManage && !creating && (
          <Button tone="primary" onPress={() => setCreating(true)}>
            {t("markets.new")}
          </Button>
        )}
      </div>
      {creating && (
        <section className="card" aria-labelledby="new-market">
          <h2 id="new-market">{t("markets.new")}</h2>
          <MarketplaceForm
            marketplace={null}
            onCancel={() => setCreating(false)}
            onSaved={(m) => {
              setCreating(false);
              setNotice(t("markets.created", { name: m.name }));
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
      <FormAlert message={error} />
      <ListState data={page.data?.items} {...loadState(page)} empty={t("markets.empty")}>
        {(items) => <MarketplacesTable marketplaces={items} onToggle={(m) => void archiveOrRestore(m)} onSaved={(m) => setNotice(t("markets.saved", { name: m.name }))} />}
      </ListState>
      <Pagination offset={offset} limit={PAGE} total={page.data?.total ?? 0} busy={page.isFetching} label={t("markets.pagination")} onOffset={setOffset} />
    </div>
  );
}
