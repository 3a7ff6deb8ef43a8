import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { FormAlert, Notice, SelectField, TextField } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { LoadState } from "../../components/ListState";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { formatMoney } from "../../lib/money";
import { useCan } from "../../session/permissions";
import { useOrg } from "../orgContext";
import { AddLineForm } from "./AddLineForm";
import { useDeleteList, useRemoveLines, useRequisitionList, useToCart, useUpdateLine, useUpdateList, type RequisitionListDetail, type Visibility } from "./api/lists";
import { LinesTable } from "./LinesTable";
import { allOrNone, cartReport, keptSelection, suppliersOf, toggled } from "./listLogic";

/** One requisition list: its lines at today's prices, edits, and lines into the cart. */
export function RequisitionListPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const { active } = useOrg();
  const list = useRequisitionList(active.id, id);
  if (!list.data) return <div className="page">{<LoadState error={list.error} onRetry={() => void list.refetch()} />}</div>;
  return <ListView key={list.data.summary.id} orgId={active.id} detail={list.data} title={t("requisitions.title")} />;
}

function ListView({ orgId, detail, title }: { orgId: string; detail: RequisitionListDetail; title: string }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const canWrite = can("requisitions.write");
  const canOrder = can("orders.create");
  const navigate = useNavigate();
  const { summary, lines, totals } = detail;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<{ sku: string; reason: string }[]>([]);
  const [name, setName] = useState(summary.name);
  const [visibility, setVisibility] = useState<Visibility>(summary.visibility);
  const updateLine = useUpdateLine(orgId, summary.id);
  const removeLines = useRemoveLines(orgId, summary.id);
  const toCart = useToCart(orgId, summary.id);
  const updateList = useUpdateList(orgId, summary.id);
  const deleteList = useDeleteList(orgId);
  const chosen = keptSelection(selected, lines);

  const run = async (work: () => Promise<unknown>, done: string | null) => {
    setNotice(null);
    setProblem(null);
    try {
      await work();
      if (done) setNotice(done);
    } catch (error) {
      setProblem(errorMessage(t, error));
    }
  };

  const intoCart = (lineIds: string[] | null) =>
    void run(async () => {
      const report = cartReport(await toCart.mutateAsync(lineIds));
      setSkipped(report.skipped.map((s) => ({ sku: s.sku, reason: t(s.reason) })));
      setNotice(t("requisitions.addedToCart", { count: report.added }));
    }, null);

  return (
    <div className="page">
      <p>
        <Link to="/app/requisition-lists">{title}</Link>
      </p>
      <h1>{summary.name}</h1>
      <p className="muted">
        {t(summary.visibility === "shared" ? "requisitions.sharedBy" : "requisitions.privateOf", { owner: summary.owner_name ?? "" })}
      </p>
      <Notice message={notice} />
      <FormAlert message={problem} />
      {skipped.length > 0 && (
        <section className="card" aria-label={t("requisitions.skippedTitle")}>
          <h2>{t("requisitions.skippedTitle")}</h2>
          <ul>
            {skipped.map((s) => (
              <li key={s.sku}>
                {s.sku}: {s.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card">
        <h2>{t("requisitions.lines")}</h2>
        {lines.length === 0 ? (
          <p className="state state--empty">{t("requisitions.noLines")}</p>
        ) : (
          <>
            <div className="form-actions">
              <Button onPress={() => setSelected(allOrNone(chosen, lines))}>{t("requisitions.selectAll")}</Button>
              {canOrder && (
                <>
                  <Button tone="primary" isDisabled={chosen.size === 0} busy={toCart.isPending} onPress={() => intoCart([...chosen])}>
                    {t("requisitions.selectedToCart", { count: chosen.size })}
                  </Button>
                  <Button busy={toCart.isPending} onPress={() => intoCart(null)}>
                    {t("requisitions.allToCart")}
                  </Button>
                </>
              )}
              {canWrite && chosen.size > 0 && (
                <Button tone="danger" onPress={() => void run(() => removeLines.mutateAsync([...chosen]), t("requisitions.removed", { count: chosen.size }))}>
                  {t("requisitions.removeSelected")}
                </Button>
              )}
            </div>
            <LinesTable
              lines={lines}
              selected={chosen}
              canWrite={canWrite}
              actions={{
                toggle: (line) => setSelected(toggled(chosen, line.id)),
                setQuantity: (line, quantity) => void run(() => updateLine.mutateAsync({ lineId: line.id, quantity }), t("requisitions.quantitySaved", { sku: line.sku })),
                remove: (line) => void run(() => removeLines.mutateAsync([line.id]), t("requisitions.removed", { count: 1 })),
              }}
            />
            <ul className="plain-list">
              {totals.map((total) => (
                <li key={total.currency}>{t("requisitions.total", { amount: formatMoney(locale, total.total, total.currency) })}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      {canWrite && (
        <section className="card">
          <h2>{t("requisitions.addBySku")}</h2>
          <AddLineForm orgId={orgId} listId={summary.id} suppliers={suppliersOf(lines)} />
        </section>
      )}

      {canWrite && summary.can_manage && (
        <section className="card">
          <h2>{t("requisitions.settings")}</h2>
          <div className="form-grid">
            <TextField label={t("requisitions.name")} value={name} onValue={setName} maxLength={200} required />
            <SelectField
              label={t("requisitions.visibility")}
              value={visibility}
              onValue={(value) => setVisibility(value as Visibility)}
              options={[
                { value: "private", label: t("requisitions.private") },
                { value: "shared", label: t("requisitions.shared") },
              ]}
            />
          </div>
          <div className="form-actions">
            <Button isDisabled={!name.trim()} onPress={() => void run(() => updateList.mutateAsync({ name: name.trim(), visibility }), t("requisitions.saved"))}>
              {t("requisitions.save")}
            </Button>
            <Button tone="danger" onPress={() =>
                void run(async () => {
                  await deleteList.mutateAsync(summary.id);
                  await navigate("/app/requisition-lists");
                }, null)
              }>
              {t("requisitions.delete")}
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}
