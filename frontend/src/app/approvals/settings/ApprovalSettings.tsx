import { useMemo, useState } from "react";
import { FormAlert, Notice } from "../../../components/forms";
import { columnHelper, DataTable, useDataTable } from "../../../components/kit/DataTable";
import { Button } from "../../../components/kit/fields";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { errorMessage } from "../../../lib/errors";
import { formatMoney } from "../../../lib/money";
import { useLatest } from "../../../lib/useLatest";
import { useMembers, type Member } from "../../account/api/members";
import { useOrg } from "../../orgContext";
import { useApprovalSettings, useDeleteRule, type ApprovalRule, type CurrencyLimit } from "../api/approvals";
import { LimitForm } from "./LimitForm";
import { RuleForm } from "./RuleForm";

interface MemberRow {
  member: Member;
  limits: CurrencyLimit[];
}

const memberColumn = columnHelper<MemberRow>();
const ruleColumn = columnHelper<ApprovalRule>();

/** Spending limits per member and the company's approval rules (buyer admins: `approvals.manage`). */
export function ApprovalSettings() {
  const { t, locale } = useI18n();
  const { active } = useOrg();
  const settings = useApprovalSettings(active.id);
  const members = useMembers(active.id);
  const removeRule = useDeleteRule(active.id);
  const [limitsOf, setLimitsOf] = useState<MemberRow | null>(null);
  const [editing, setEditing] = useState<ApprovalRule | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const rows = useMemo<MemberRow[] | undefined>(() => {
    if (!members.data || !settings.data) return undefined;
    const limits = new Map(settings.data.limits.map((m) => [m.user_id, m.limits]));
    return members.data.map((member) => ({ member, limits: limits.get(member.user_id) ?? [] }));
  }, [members.data, settings.data]);

  const act = useLatest({
    limits: (row: MemberRow) => {
      setNotice(null);
      setLimitsOf(row);
    },
    edit: (rule: ApprovalRule) => setEditing(rule),
    remove: async (rule: ApprovalRule) => {
      setNotice(null);
      setActionError(null);
      try {
        await removeRule.mutateAsync(rule.id);
        setNotice(t("approvalSettings.ruleDeleted", { name: rule.name }));
      } catch (error) {
        setActionError(errorMessage(t, error));
      }
    },
  });

  const amount = (value: string | null | undefined, currency: string) => (value ? formatMoney(locale, value, currency) : t("approvalSettings.noLimit"));
  const memberColumns = useMemo(
    () =>
      memberColumn.columns([
        memberColumn.accessor((r) => r.member.name, { id: "member", header: t("approvalSettings.member"), sortFn: "alphanumeric", cell: (c) => `${c.row.original.member.name} (${c.row.original.member.email})` }),
        memberColumn.display({
          id: "limits",
          header: t("approvalSettings.limits"),
          cell: (c) => (
            <ul className="plain-list">
              {c.row.original.limits.map((l) => (
                <li key={l.currency}>
                  {l.currency}: {t("approvalSettings.perOrder")} {amount(l.per_order, l.currency)} · {t("approvalSettings.perMonth")} {amount(l.per_month, l.currency)}
                </li>
              ))}
            </ul>
          ),
        }),
        memberColumn.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) => <Button onPress={() => act.current.limits(c.row.original)}>{t("approvalSettings.editLimits")}</Button>,
        }),
      ]),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- amount follows t and locale
    [t, locale, act],
  );
  const ruleColumns = useMemo(
    () =>
      ruleColumn.columns([
        ruleColumn.accessor("name", { header: t("approvalSettings.ruleName"), sortFn: "alphanumeric" }),
        ruleColumn.display({
          id: "condition",
          header: t("approvalSettings.condition"),
          cell: (c) => {
            const r = c.row.original;
            if (r.condition === "total_above") return t("approvalSettings.summary.total_above", { amount: formatMoney(locale, r.amount ?? "0", r.currency ?? "EUR") });
            return r.condition === "supplier"
              ? t("approvalSettings.summary.supplier", { name: r.supplier_name ?? r.supplier_id ?? "" })
              : t("approvalSettings.summary.category", { name: r.category_name ?? r.category_id ?? "" });
          },
        }),
        ruleColumn.display({
          id: "levels",
          header: t("approvalSettings.levels"),
          cell: (c) => (
            <ol className="plain-list">
              {c.row.original.levels.map((level, index) => (
                <li key={index}>
                  {t("approvalSettings.levelN", { level: index + 1 })}: {level.roles.map((role) => t(`approvalSettings.role.${role}`)).join(", ")}
                </li>
              ))}
            </ol>
          ),
        }),
        ruleColumn.display({
          id: "actions",
          header: () => <span className="visually-hidden">{t("tenants.actions")}</span>,
          meta: { className: "actions" },
          cell: (c) => (
            <>
              <Button onPress={() => act.current.edit(c.row.original)}>{t("approvalSettings.editRule")}</Button>
              <Button tone="danger" onPress={() => void act.current.remove(c.row.original)}>
                {t("approvalSettings.deleteRule")}
              </Button>
            </>
          ),
        }),
      ]),
    [t, locale, act],
  );
  const memberTable = useDataTable(memberColumns, rows ?? [], (r) => r.member.user_id);
  const ruleTable = useDataTable(ruleColumns, settings.data?.rules ?? [], (r) => r.id);
  const loadError = settings.error ?? members.error;

  return (
    <div className="page">
      <h1>{t("approvalSettings.title")}</h1>
      <p className="muted">{t("approvalSettings.intro")}</p>
      <Notice message={notice} />
      <FormAlert message={actionError} />

      <section className="card">
        <h2>{t("approvalSettings.limits")}</h2>
        {limitsOf && (
          <LimitForm
            key={limitsOf.member.user_id}
            orgId={active.id}
            userId={limitsOf.member.user_id}
            name={limitsOf.member.name}
            limits={limitsOf.limits}
            onSaved={() => {
              setNotice(t("approvalSettings.limitsSaved", { name: limitsOf.member.name }));
              setLimitsOf(null);
            }}
            onCancel={() => setLimitsOf(null)}
          />
        )}
        <ListState data={rows} loading={settings.isFetching || members.isFetching} error={loadError ?? undefined} onRetry={() => void Promise.all([settings.refetch(), members.refetch()])} empty={t("approvals.empty")}>
          {() => <DataTable table={memberTable} caption={t("approvalSettings.limits")} />}
        </ListState>
      </section>

      <section className="card">
        <h2>{t("approvalSettings.rules")}</h2>
        {editing === null ? (
          <Button tone="primary" onPress={() => setEditing("new")}>
            {t("approvalSettings.addRule")}
          </Button>
        ) : (
          <RuleForm
            key={editing === "new" ? "new" : editing.id}
            orgId={active.id}
            rule={editing === "new" ? null : editing}
            onSaved={(saved) => {
              setEditing(null);
              setNotice(t("approvalSettings.ruleSaved", { name: saved.name }));
            }}
            onCancel={() => setEditing(null)}
          />
        )}
        <ListState data={settings.data?.rules} loading={settings.isFetching} error={settings.error ?? undefined} onRetry={() => void settings.refetch()} empty={t("approvalSettings.rulesEmpty")}>
          {() => <DataTable table={ruleTable} caption={t("approvalSettings.rules")} />}
        </ListState>
      </section>
    </div>
  );
}
