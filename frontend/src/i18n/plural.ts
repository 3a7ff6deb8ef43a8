/** Counted messages (i18next's naming, so a move to i18next stays mechanical): a message
 * called with `{ count }` has one key per plural category of the language,
 * `<base>_one`, `<base>_few`, `<base>_other` (Intl.PluralRules): English needs `_one`
 * and `_other`, Romanian also `_few` (0, 2–19, 101–119…; "20 de …" is `_other`). */

/** The base keys of a dictionary's counted messages ("browse.variants" for "browse.variants_other"). */
export type CountedBase<K> = K extends `${infer Base}_other` ? Base : never;

/** The Romanian dictionary of English messages `En`: the same keys and `_few` of every counted one. */
export type RomanianOf<En> = Record<keyof En | `${CountedBase<keyof En>}_few`, string>;
