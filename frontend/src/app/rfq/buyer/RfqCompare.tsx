import { Fragment, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../api/client";
import { Notice, Spinner } from "../../../components/forms";
import { Button } from "../../../components/kit/fields";
import { LoadState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { useCan } from "../../../session/permissions";
import { useOrg } from "../../orgContext";
import { DecimalInput, Money, Quantity } from "../shared/numbers";
import { QuoteStatusBadge, RfqStatusBadge } from "../shared/StatusBadge";
import { useChangeText } from "../shared/RevisionDiffView";
import { useComparison, useRfq } from "./api/rfqs";
import type { Comparison, ComparisonLine, Rfq } from "./api/types";
import { AwardDialog, AwardResult } from "./Award";
import { addDecimals, awardAllCheapest, awardedSuppliers, bestOfLine, quoted, selectionTotals, selectWinner, splitProblem, supplierTotals, type Selection } from "./compare";
import { pricesHidden } from "./RfqDetail";
import "./buyer.css";

/** `/app/rfqs/:id/compare`: the matrix of lines × suppliers, the selection per line (or split), the award, its result. */
export function RfqCompare() {
  const { t } = useI18n();
  const { active } = useOrg();
  const { id = "" } = useParams();
  const rfq = useRfq(active.id, id);
  const sealed = rfq.data ? pricesHidden(rfq.data) : true;
  const comparison = useComparison(active.id, id, rfq.data !== undefined && !sealed && rfq.data.status !== "draft");
  if (rfq.data === undefined) return rfq.isFetching ? <Spinner /> : <LoadState error={rfq.error} onRetry={() => void rfq.refetch()} />;
  const head = (
    <div className="rfq-page-head">
      <h1>{t("rfq.compareTitle", { number: rfq.data.number })}</h1>
      <RfqStatusBadge status={rfq.data.status} />
      <Link to={`/app/rfqs/${rfq.data.id}`}>{t("rfq.backToRfq")}</Link>
    </div>
  );
  const sealedNow = sealed || (comparison.error instanceof ApiError && comparison.error.code === "rfq.sealed");
  return (
    <div className="page rfq-compare">
      {head}
      {rfq.data.status === "awarded" && <AwardResult rfq={rfq.data} />}
      {sealedNow ? (
        <Notice tone="info" message={t("rfq.compareSealed")} />
      ) : comparison.data === undefined ? (
        <LoadState error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : comparison.data.suppliers.length === 0 ? (
        <p className="state state--empty">{t("rfq.noQuotesYet")}</p>
      ) : (
        <Matrix rfq={rfq.data} comparison={comparison.data} />
      )}
    </div>
  );
}

function Matrix({ rfq, comparison }: { rfq: Rfq; comparison: Comparison }) {
  const { t } = useI18n();
  const can = useCan();
  const [selection, setSelection] = useState<Selection>({});
  const [splitting, setSplitting] = useState<string | null>(null);
  const [awarding, setAwarding] = useState(false);
  const canAward = can("rfq.award") && (rfq.status === "closed" || (rfq.status === "open" && !rfq.sealed));
  const totals = supplierTotals(comparison);
  const chosen = selectionTotals(comparison, selection);
  const problems = comparison.lines.map((line) => splitProblem(line, selection[line.id] ?? [])).filter(Boolean);
  const winners = awardedSuppliers(comparison, selection);
  const lineCount = Object.values(selection).filter((s) => s.length > 0).length;
  const currency = comparison.currency;

  return (
    <>
      {!can("rfq.award") && (rfq.status === "open" || rfq.status === "closed") && <p className="muted">{t("rfq.awardNeedsRole")}</p>}
      {canAward && (
        <div className="rfq-actions">
          <Button tone="primary" onPress={() => setSelection(awardAllCheapest(comparison))}>
            {t("rfq.awardAllCheapest")}
          </Button>
          <Button isDisabled={lineCount === 0} onPress={() => setSelection({})}>
            {t("rfq.clearSelection")}
          </Button>
          <span aria-live="polite">
            {t("rfq.selectionSummary", { lines: lineCount, suppliers: winners.length })} · <Money amount={addDecimals("0", ...Object.values(chosen))} currency={currency} />
          </span>
        </div>
      )}
      <div className="rfq-matrix-wrap" role="region" aria-label={t("rfq.matrix")} tabIndex={0}>
        <table className="rfq-matrix">
          <thead>
            <tr>
              <th scope="col" className="rfq-matrix__line">
                {t("rfq.line")}
              </th>
              {comparison.suppliers.map((supplier) => (
                <th key={supplier.tenant_id} scope="col">
                  {supplier.name}
                  <div>
                    <QuoteStatusBadge status={supplier.status} /> {supplier.revision_number != null && <span className="muted">{t("rfq.revisionN", { n: supplier.revision_number })}</span>}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.lines.map((line) => (
              <Fragment key={line.id}>
                <LineRow
                  comparison={comparison}
                  line={line}
                  selection={selection}
                  canAward={canAward}
                  onSelect={(tenantId) => setSelection(selectWinner(selection, line, tenantId))}
                  onSplit={() => setSplitting(splitting === line.id ? null : line.id)}
                />
                {splitting === line.id && (
                  <SplitRow comparison={comparison} line={line} selection={selection} onChange={(splits) => setSelection({ ...selection, [line.id]: splits })} />
                )}
              </Fragment>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="rfq-matrix__line">
                {t("rfq.supplierTotal")}
              </th>
              {comparison.suppliers.map((supplier) => (
                <td key={supplier.tenant_id}>
                  <strong>{supplier.revision_number == null ? "—" : <Money amount={supplier.total ?? totals[supplier.tenant_id]} currency={currency} />}</strong>
                  {chosen[supplier.tenant_id] && (
                    <div className="rfq-chosen">
                      {t("rfq.selected")}: <Money amount={chosen[supplier.tenant_id]} currency={currency} />
                    </div>
                  )}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {canAward && (
        <div className="rfq-actions">
          {problems.length > 0 && <p className="field__error">{t("rfq.splitProblems")}</p>}
          <Button tone="primary" isDisabled={lineCount === 0 || problems.length > 0} onPress={() => setAwarding(true)}>
            {t("rfq.awardSelected")}
          </Button>
        </div>
      )}
      {awarding && <AwardDialog rfq={rfq} comparison={comparison} selection={selection} onClose={() => setAwarding(false)} />}
    </>
  );
}

interface LineRowProps {
  comparison: Comparison;
  line: ComparisonLine;
  selection: Selection;
  canAward: boolean;
  onSelect: (tenantId: string | null) => void;
  onSplit: () => void;
}

function LineRow({ comparison, line, selection, canAward, onSelect, onSplit }: LineRowProps) {
  const { t, date } = useI18n();
  const text = useChangeText(comparison.currency);
  const best = bestOfLine(line);
  const splits = selection[line.id] ?? [];
  const single = splits.length === 1 ? splits[0]?.tenant_id : null;
  const group = `award-${line.id}`;
  return (
    <tr>
      <th scope="row" className="rfq-matrix__line">
        <span>
          {line.position}. {line.description}
        </span>
        <div className="muted">
          <Quantity amount={line.quantity} unit={line.unit} />
        </div>
        {line.target_price && (
          <div className="rfq-target">
            {t("rfq.target")}: <Money amount={line.target_price} currency={comparison.currency} />
          </div>
        )}
        {canAward && (
          <div className="rfq-matrix__choose">
            <label className="checkbox">
              <input type="radio" name={group} checked={splits.length === 0} onChange={() => onSelect(null)} /> {t("rfq.notAwarded")}
            </label>
            <Button tone="link" onPress={onSplit}>
              {splits.length > 1 ? t("rfq.splitN", { count: splits.length }) : t("rfq.split")}
            </Button>
          </div>
        )}
      </th>
      {comparison.suppliers.map((supplier) => {
        const cell = (line.cells ?? []).find((c) => c.tenant_id === supplier.tenant_id);
        const offered = cell?.status === "quoted" && cell.unit_price != null;
        const live = cell?.live !== false;
        const cheapest = best.cheapest.includes(supplier.tenant_id);
        const fastest = best.fastest.includes(supplier.tenant_id);
        const share = splits.find((s) => s.tenant_id === supplier.tenant_id);
        return (
          <td key={supplier.tenant_id} className={`rfq-cell${cheapest ? " rfq-cell--cheapest" : ""}${share ? " rfq-cell--chosen" : ""}${offered && !live ? " rfq-cell--stale" : ""}`}>
            {!offered ? (
              <span className="muted">{t(cell?.status === "not_quoted" ? "rfq.lineNotQuoted" : supplier.status === "declined" ? "rfq.supplierDeclined" : "rfq.noAnswer")}</span>
            ) : (
              <>
                <div>
                  <strong>
                    <Money amount={cell.line_total} currency={comparison.currency} />
                  </strong>
                </div>
                <div className="muted">
                  {t("rfq.unitPriceShort")} <Money amount={cell.unit_price} currency={comparison.currency} />
                </div>
                {(cheapest || fastest) && (
                  <div className="rfq-marks">
                    {cheapest && <span className="badge rfq-badge--won">{t("rfq.bestTotal")}</span>} {fastest && <span className="badge rfq-badge--live">{t("rfq.fastest")}</span>}
                  </div>
                )}
                <dl className="rfq-cell__facts">
                  {cell.lead_time_days != null && (
                    <>
                      <dt>{t("rfq.field.lead_time_days")}</dt>
                      <dd>{text("lead_time_days", cell.lead_time_days)}</dd>
                    </>
                  )}
                  {cell.moq && (
                    <>
                      <dt>{t("rfq.field.moq")}</dt>
                      <dd>
                        <Quantity amount={cell.moq} />
                      </dd>
                    </>
                  )}
                  {cell.valid_until && (
                    <>
                      <dt>{t("rfq.field.valid_until")}</dt>
                      <dd>{date(cell.valid_until)}</dd>
                    </>
                  )}
                  {(cell.alternative_sku || cell.alternative_description) && (
                    <>
                      <dt>{t("rfq.field.alternative")}</dt>
                      <dd>{cell.alternative_sku ? t("rfq.alternativeSku", { sku: cell.alternative_sku }) : cell.alternative_description}</dd>
                    </>
                  )}
                  {cell.sku && (
                    <>
                      <dt>{t("rfq.field.sku")}</dt>
                      <dd>
                        <code>{cell.sku}</code>
                      </dd>
                    </>
                  )}
                </dl>
                {!live && <div className="muted">{t("rfq.notLive")}</div>}
                {canAward && live && (
                  <label className="checkbox">
                    <input
                      type="radio"
                      name={group}
                      checked={single === supplier.tenant_id}
                      onChange={() => onSelect(supplier.tenant_id)}
                      aria-label={t("rfq.awardLineTo", { n: line.position, name: supplier.name })}
                    />{" "}
                    {t("rfq.award")}
                  </label>
                )}
                {share && splits.length > 1 && (
                  <div className="rfq-chosen">
                    <Quantity amount={share.quantity} unit={line.unit} />
                  </div>
                )}
              </>
            )}
          </td>
        );
      })}
    </tr>
  );
}

/** The split of one line: a quantity per supplier that quoted it; together the asked quantity. */
function SplitRow({ comparison, line, selection, onChange }: { comparison: Comparison; line: ComparisonLine; selection: Selection; onChange: (splits: Selection[string]) => void }) {
  const { t } = useI18n();
  const splits = selection[line.id] ?? [];
  const problem = splitProblem(line, splits);
  const quantityOf = (tenantId: string) => splits.find((s) => s.tenant_id === tenantId)?.quantity ?? "";
  const update = (tenantId: string, value: string | null) => {
    if (value === null) return; // not a number yet: the input says so
    const others = splits.filter((s) => s.tenant_id !== tenantId);
    onChange(value === "" ? others : comparison.suppliers.map((s) => s.tenant_id).flatMap((id) => (id === tenantId ? [{ tenant_id: id, quantity: value }] : others.filter((o) => o.tenant_id === id))));
  };
  return (
    <tr className="rfq-split">
      <th scope="row" className="rfq-matrix__line">
        {t("rfq.splitTitle", { n: line.position })}
        {problem && <p className="field__error">{t(`rfq.splitProblem.${problem}`)}</p>}
      </th>
      {comparison.suppliers.map((supplier) => {
        const cell = (line.cells ?? []).find((c) => c.tenant_id === supplier.tenant_id);
        return (
          <td key={supplier.tenant_id}>
            {quoted(cell) ? (
              <DecimalInput
                label={t("rfq.splitQuantity", { name: supplier.name })}
                hideLabel
                value={quantityOf(supplier.tenant_id)}
                onValue={(value) => update(supplier.tenant_id, value)}
                invalidMessage={t("rfq.v.quantity")}
                suffix={line.unit}
              />
            ) : (
              "—"
            )}
          </td>
        );
      })}
    </tr>
  );
}
