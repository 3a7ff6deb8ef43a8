import { useLocation } from "react-router";
import { useOrg } from "../orgContext";
import { usePublicMarketplaces } from "../browse/api/browse";
import { SearchBox } from "./SearchBox";

const ON_MARKETPLACE = /^\/app\/(?:search|browse)\/([^/?#]+)/;

/** The buyer header's search box, on the marketplace being browsed (else the first open one). */
export function HeaderSearch() {
  const { active } = useOrg();
  return active.kind === "buyer" ? <BuyerSearch /> : null;
}

function BuyerSearch() {
  const location = useLocation();
  const markets = usePublicMarketplaces();
  const here = ON_MARKETPLACE.exec(location.pathname)?.[1];
  const slug = here ? decodeURIComponent(here) : markets.data?.[0]?.slug;
  if (!slug) return null;
  const q = location.pathname.startsWith("/app/search/") ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  // a new address's query (back button, "did you mean") shows in the box
  return <SearchBox key={`${slug}:${q}`} slug={slug} initial={q} />;
}
