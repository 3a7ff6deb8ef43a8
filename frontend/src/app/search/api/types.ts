import type { Schemas } from "../../../api/client";

/** The search API's answers (platform/search/schemas.py), from the generated client; money and quantities are Decimal strings. */
export type SearchAnswer = Schemas["SearchPage"];
export type SearchItem = Schemas["SearchItem"];
export type Offer = Schemas["Offer"];
export type OfferPrice = Schemas["OfferPrice"];
export type Facet = Schemas["Facet"];
export type FacetValue = Schemas["FacetValue"];
export type NumericFacet = Schemas["NumericFacet"];
export type Highlight = Schemas["Highlight"];
export type Suggestion = Schemas["Suggestion"];
export type SuggestAnswer = Schemas["Suggestions"];
