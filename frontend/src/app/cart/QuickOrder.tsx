import { useState } from "react";
import { Link } from "react-router";
import { FormAlert, Notice } from "../../components/forms";
import { Button } from "../../components/kit/fields";
import { useI18n } from "../../i18n/context";
import { errorMessage } from "../../lib/errors";
import { useOrg } from "../orgContext";
import { useAddQuickOrder, useResolveQuickOrder, useResolveQuickOrderFile, type QuickOrderReport } from "./api/cart";
import { QuickOrderReportTable } from "./QuickOrderReport";
import { emptyGrid, gridRows, MAX_PASTE_LINES, pastedLineCount, requestRows, rowsFromReport, typedNumbering, withAllSuggestions, withQuantity, withSupplier, type GridRow, type WorkingRow } from "./quickOrder";
import "./cart.css";

/** Quick order: typed rows, a paste or a file → a row report (reasons, suggested quantities,
 * supplier choices) → the ready rows into the cart. */
export function QuickOrder() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const resolve = useResolveQuickOrder(active.id);
  const resolveFile = useResolveQuickOrderFile(active.id);
  const add = useAddQuickOrder(active.id);
  const [grid, setGrid] = useState<GridRow[]>(() => emptyGrid());
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<WorkingRow[] | null>(null);
  const [report, setReport] = useState<QuickOrderReport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = resolve.isPending || resolveFile.isPending || add.isPending;
  const lines = pastedLineCount(text);

  const attempt = async (work: () => Promise<void>) => {
    setNotice(null);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  };

  /** A paste's or a file's report: its rows become the working rows. */
  const start = (answer: QuickOrderReport) => {
    setRows(rowsFromReport(answer));
    setReport(typedNumbering(answer));
  };

  const recheck = (next: WorkingRow[]) =>
    void attempt(async () => {
      const answer = await resolve.mutateAsync({ rows: requestRows(next) });
      setRows(next);
      setReport(answer);
    });

  const checkTyped = () => {
    const typed = gridRows(locale, grid);
    if (typed.length === 0) return setError(t("quickOrder.nothing"));
    recheck(typed);
  };
  const checkPaste = () => {
    if (lines === 0) return setError(t("quickOrder.nothing"));
    if (lines > MAX_PASTE_LINES) return setError(t("quickOrder.tooManyLines"));
    void attempt(async () => start(await resolve.mutateAsync({ text })));
  };
  const checkFile = () => {
    if (!file) return setError(t("quickOrder.nothing"));
    void attempt(async () => start(await resolveFile.mutateAsync(file)));
  };
  const addToCart = () => {
    if (!rows) return;
    void attempt(async () => {
      const answer = await add.mutateAsync({ rows: requestRows(rows) });
      setNotice(t("quickOrder.added", { count: answer.added }));
      setRows(null);
      setReport(null);
      setGrid(emptyGrid());
      setText("");
      setFile(null);
    });
  };

  return (
    <div className="page">
      <h1>{t("quickOrder.title")}</h1>
      <p className="muted">{t("quickOrder.intro")}</p>
      <Notice message={notice} />
      {notice && (
        <p>
          <Link to="/app/cart">{t("cart.addedLink")}</Link>
        </p>
      )}
      <FormAlert message={error} />
      {report && rows ? (
        <section className="card" aria-labelledby="quick-report">
          <h2 id="quick-report">{t("quickOrder.report")}</h2>
          <p>{t("quickOrder.summary", { accepted: report.accepted, rejected: report.rejected, ambiguous: report.ambiguous })}</p>
          <div className="actions">
            <Button tone="primary" busy={add.isPending} isDisabled={busy || report.accepted === 0} onPress={addToCart}>
              {t("quickOrder.add")}
            </Button>
            {report.rows.some((row) => row.suggested_quantity) && (
              <Button isDisabled={busy} onPress={() => recheck(withAllSuggestions(rows, report))}>
                {t("quickOrder.useAll")}
              </Button>
            )}
            <Button
              isDisabled={busy}
              onPress={() => {
                setRows(null);
                setReport(null);
              }}
            >
              {t("quickOrder.startOver")}
            </Button>
          </div>
          <QuickOrderReportTable
            report={report}
            rows={rows}
            busy={busy}
            onQuantity={(index, quantity) => recheck(withQuantity(rows, index, quantity))}
            onSupplier={(index, supplier) => recheck(withSupplier(rows, index, supplier))}
          />
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="quick-typed">
            <h2 id="quick-typed">{t("quickOrder.typed")}</h2>
            <table className="quick-grid">
              <thead>
                <tr>
                  <th scope="col">{t("cart.sku")}</th>
                  <th scope="col">{t("cart.quantity")}</th>
                </tr>
              </thead>
              <tbody>
                {grid.map((row, index) => (
                  <tr key={index}>
                    <td>
                      <input aria-label={`${t("cart.sku")} ${index + 1}`} value={row.sku} onChange={(e) => setGrid(grid.map((r, i) => (i === index ? { ...r, sku: e.target.value } : r)))} />
                    </td>
                    <td>
                      <input aria-label={`${t("cart.quantity")} ${index + 1}`} inputMode="decimal" value={row.quantity} onChange={(e) => setGrid(grid.map((r, i) => (i === index ? { ...r, quantity: e.target.value } : r)))} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions">
              <Button onPress={() => setGrid([...grid, { sku: "", quantity: "" }])}>{t("quickOrder.addRow")}</Button>
              <Button tone="primary" busy={resolve.isPending} busyLabel={t("quickOrder.checking")} isDisabled={busy} onPress={checkTyped}>
                {t("quickOrder.check")}
              </Button>
            </div>
          </section>
          <section className="card quick-paste" aria-labelledby="quick-paste">
            <h2 id="quick-paste">{t("quickOrder.paste")}</h2>
            <div className="field">
              <label htmlFor="quick-paste-text">{t("quickOrder.pasteLabel")}</label>
              <textarea id="quick-paste-text" aria-describedby="quick-paste-hint" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
              <p id="quick-paste-hint" className="field__hint">
                {t("quickOrder.pasteHint")} {t("quickOrder.pasteLines", { count: lines })}
              </p>
            </div>
            <Button tone="primary" busy={resolve.isPending} busyLabel={t("quickOrder.checking")} isDisabled={busy} onPress={checkPaste}>
              {t("quickOrder.check")}
            </Button>
          </section>
          <section className="card" aria-labelledby="quick-file">
            <h2 id="quick-file">{t("quickOrder.file")}</h2>
            <div className="field">
              <label htmlFor="quick-file-input">{t("quickOrder.fileLabel")}</label>
              <input id="quick-file-input" type="file" accept=".csv,.xlsx,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
            <Button tone="primary" busy={resolveFile.isPending} busyLabel={t("quickOrder.checking")} isDisabled={busy} onPress={checkFile}>
              {t("quickOrder.check")}
            </Button>
          </section>
        </>
      )}
    </div>
  );
}
