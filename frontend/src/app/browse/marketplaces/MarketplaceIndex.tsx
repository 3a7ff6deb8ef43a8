import { Link } from "react-router";
import { loadState } from "../../../api/query";
import { ListState } from "../../../components/ListState";
import { useI18n } from "../../../i18n/context";
import { usePublicMarketplaces } from "../api/browse";

/** Buyers: every open marketplace. */
export function MarketplaceIndex() {
  const { t } = useI18n();
  const markets = usePublicMarketplaces();
  return (
    <div className="page">
      <h1>{t("browse.title")}</h1>
      <ListState data={markets.data} {...loadState(markets)} empty={t("supplierMarkets.empty")}>
        {(items) => (
          <ul className="cards">
            {items.map((m) => (
              <li key={m.id} className="card">
                <h2>
                  <Link to={`/app/browse/${m.slug}`}>{m.name}</Link>
                </h2>
                <p className="muted">{t(`marketKind.${m.kind}`)}</p>
                {m.description && <p>{m.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </ListState>
    </div>
  );
}
