import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from "react";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import type { Organisation } from "../../../api/client";
import { Spinner } from "../../../components/forms";
import { LanguageSwitch } from "../../../components/LanguageSwitch";
import { useI18n } from "../../../i18n/context";
import type { MessageKey } from "../../../i18n/messages";
import { errorMessage } from "../../../lib/errors";
import { loadPendingInvitation } from "../../../lib/storage";
import { useSession } from "../../../session/context";
import { useCan } from "../../../session/permissions";
import { navAllowed } from "./navPermissions";
import { CartBadge } from "../../cart/CartBadge";
import { RfqInboxBadge } from "../../rfq/supplier/InboxBadge";
import { HeaderSearch } from "../../search/HeaderSearch";
import { NotificationBell } from "../../notifications/bell/NotificationBell";
import { OrgContext, type OrgState } from "../../orgContext";
import { SuspendedNotice } from "./SuspendedNotice";
import { useOrgs, useSwitchOrg } from "../api/orgs";
import "../account.css";

interface NavItem {
  to: string;
  label: MessageKey;
  end?: boolean;
  /** a count beside the label (new invitations) */
  Badge?: ComponentType;
}

const NAV: Record<Organisation["kind"], NavItem[]> = {
  buyer: [
    { to: "/app", label: "nav.overview", end: true },
    { to: "/app/browse", label: "nav.browse" },
    { to: "/app/cart", label: "nav.cart" },
    { to: "/app/quick-order", label: "nav.quickOrder" },
    { to: "/app/requisition-lists", label: "nav.requisitionLists" },
    { to: "/app/orders", label: "nav.orders" },
    { to: "/app/rfqs", label: "nav.rfqs" },
    { to: "/app/locations", label: "nav.locations" },
    { to: "/app/approvals", label: "nav.approvals", end: true },
    { to: "/app/approvals/settings", label: "nav.approvalSettings" },
    { to: "/app/team", label: "nav.team" },
    { to: "/app/api-keys", label: "nav.apiKeys" },
    { to: "/app/profile", label: "nav.profile" },
  ],
  supplier: [
    { to: "/app", label: "nav.overview", end: true },
    { to: "/app/sales-orders", label: "nav.salesOrders" },
    { to: "/app/quote-requests", label: "nav.rfqInbox", Badge: RfqInboxBadge },
    { to: "/app/catalog", label: "nav.catalog" },
    { to: "/app/price-lists", label: "nav.priceLists" },
    { to: "/app/customers", label: "nav.customers" },
    { to: "/app/imports", label: "nav.imports" },
    { to: "/app/marketplaces", label: "nav.marketplaces" },
    { to: "/app/quote-policy", label: "nav.quotePolicy" },
    { to: "/app/team", label: "nav.team" },
    { to: "/app/api-keys", label: "nav.apiKeys" },
    { to: "/app/profile", label: "nav.profile" },
  ],
  platform: [
    { to: "/app", label: "nav.overview", end: true },
    { to: "/app/operator/tenants", label: "nav.tenants" },
    { to: "/app/operator/marketplaces", label: "nav.marketplaces" },
    { to: "/app/operator/listings", label: "nav.listings" },
    { to: "/app/operator/audit", label: "nav.audit" },
    { to: "/app/team", label: "nav.team" },
    { to: "/app/api-keys", label: "nav.apiKeys" },
    { to: "/app/profile", label: "nav.profile" },
  ],
};

/** The signed-in shell: header (organisation, language, sign out), navigation of the active area, page. */
export function AppLayout() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const orgs = useOrgs();
  const { mutateAsync: activate } = useSwitchOrg();
  // The mobile menu stays open on the page where it was opened; navigating closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === location.pathname;
  const [switchError, setSwitchError] = useState<string | null>(null);

  const list = orgs.data;
  const activeId = me?.active_org_id ?? null;
  const active = list?.find((o) => o.id === activeId) ?? list?.[0];

  // No active organisation (or one the user left): act for the first one.
  // (once per organisation: the organisations may reload before /me says it is active)
  const activating = useRef<string | null>(null);
  useEffect(() => {
    if (!active || active.id === activeId || activating.current === active.id) return;
    activating.current = active.id;
    activate(active.id).catch(() => undefined);
  }, [active, activeId, activate]);

  const switchTo = useCallback(
    async (orgId: string) => {
      setSwitchError(null);
      try {
        await activate(orgId); // every page's answers are asked again
        void navigate("/app");
      } catch (error) {
        setSwitchError(errorMessage(t, error));
      }
    },
    [navigate, activate, t],
  );

  const { refetch } = orgs;
  const reload = useCallback(() => void refetch(), [refetch]);
  const state = useMemo<OrgState | null>(() => (active && list ? { orgs: list, active, switchTo, reload } : null), [active, list, switchTo, reload]);

  if (orgs.error !== null && !list) {
    return (
      <div className="page-loading" role="alert">
        <p>{errorMessage(t, orgs.error)}</p>
        <button type="button" className="button" onClick={reload}>
          {t("app.retry")}
        </button>
      </div>
    );
  }
  // "no organisation yet" may be an old answer (before onboarding or an accepted invitation):
  // wait for the fresh one before sending the user away
  if (!list || !me || (list.length === 0 && orgs.isFetching)) {
    return (
      <div className="page-loading">
        <Spinner />
      </div>
    );
  }
  if (list.length === 0 || !state) {
    const invitation = loadPendingInvitation();
    return <Navigate to={invitation ? `/invitations/${encodeURIComponent(invitation)}` : "/app/onboarding"} replace />;
  }

  const kind = state.active.kind;
  const onSignOut = async () => {
    try {
      await signOut();
    } finally {
      void navigate("/signin", { replace: true });
    }
  };

  return (
    <OrgContext.Provider value={state}>
      <div className={`shell shell--${kind}`}>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <header className="topbar topbar--app">
          <button
            type="button"
            className="button menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="app-nav"
            onClick={() => setMenuOpenAt(menuOpen ? null : location.pathname)}
          >
            <span aria-hidden="true">☰</span> {t("app.menu")}
          </button>
          <Link to="/app" className="brand">
            <span className="brand__mark" aria-hidden="true">
              H
            </span>
            {t("app.name")}
          </Link>
          <HeaderSearch />
          <div className="topbar__actions">
            <div className="field field--inline">
              <label htmlFor="org-switcher">{t("app.organisation")}</label>
              <select id="org-switcher" value={state.active.id} onChange={(e) => void switchTo(e.target.value)}>
                {list.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} · {t(`kind.${o.kind}`)}
                  </option>
                ))}
              </select>
            </div>
            <CartBadge />
            <NotificationBell />
            <LanguageSwitch />
            <span className="topbar__user" title={me.email}>
              {me.name}
            </span>
            <button type="button" className="button" onClick={() => void onSignOut()}>
              {t("app.signOut")}
            </button>
          </div>
        </header>
        {switchError && (
          <div role="alert" className="alert alert--error">
            {switchError}
          </div>
        )}
        <div className="shell__body">
          <nav id="app-nav" className={`sidenav${menuOpen ? " sidenav--open" : ""}`} aria-label={t("app.mainNav")}>
            <ul>
              {NAV[kind].filter((item) => navAllowed(item.to, can)).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? false}>
                    {t(item.label)}
                    {item.Badge && <item.Badge />}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="shell__main" tabIndex={-1}>
            <SuspendedNotice org={state.active} />
            <Outlet />
          </main>
        </div>
      </div>
    </OrgContext.Provider>
  );
}
