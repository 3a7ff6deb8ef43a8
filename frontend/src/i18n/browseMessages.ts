import type { RomanianOf } from "./plural";

/** Buyer browsing strings added by issue 9 (phone layout), English and Romanian. */
export const browseEn = {
  "browse.categoriesChosen": "Categories: {name}",
} as const;

export const browseRo: RomanianOf<typeof browseEn> = {
  "browse.categoriesChosen": "Categorii: {name}",
};
