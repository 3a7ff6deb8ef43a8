import type { RomanianOf } from "./plural";

/** Buyer browsing strings added by issue 9 (phone layout) and 13 (the listing on the index), English and Romanian. */
export const browseEn = {
  "browse.categoriesChosen": "Categories: {name}",
  "browse.breadcrumb": "Category path",
  "browse.searchIn": "Search in {name}",
} as const;

export const browseRo: RomanianOf<typeof browseEn> = {
  "browse.categoriesChosen": "Categorii: {name}",
  "browse.breadcrumb": "Calea categoriei",
  "browse.searchIn": "Caută în {name}",
};
