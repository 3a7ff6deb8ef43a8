"""How text becomes search terms, the same for documents and queries in every backend.

Folded: case-folded, accents removed ("Șurub" → "surub"). Kept whole: a decimal like
``8.8``, a word with hyphens (a SKU: ``blt-m8-20-88``, also indexed by its parts), a
thread x length (``m8x20``, also ``m8`` and ``20``), a standard and its number
(``DIN 933`` → ``din933``, also ``din`` and ``933``). Searchable fields by weight:
A the SKU and name, B manufacturer, MPN, GTIN and attribute texts, C the description,
D the category names. A query's words must all match (AND); its last word is a prefix
(type-ahead); a word with synonyms matches any of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from hansa.search.schemas import Highlight, SearchDocument

STANDARDS = frozenset({"din", "iso", "en", "astm", "sr", "ansi", "bs"})
_WORD = re.compile(r"[^\s,;:()\[\]{}<>/\\|\"'!?*+=&]+")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_NUMBER = re.compile(r"^\d+$")
_THREAD = re.compile(r"(?<=\d)x(?=\d)")
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in base if not unicodedata.combining(c)).casefold()
    return kept[:1] if kept else char.casefold()[:1]


def fold(text: str) -> str:
    """Case and accents off, one character for one (so positions map back)."""
    return "".join(fold_char(c) for c in text)


def _words(text: str) -> list[str]:
    return [w.strip(".-_") for w in _WORD.findall(fold(text)) if w.strip(".-_")]


def _parts(word: str) -> list[str]:
    if _DECIMAL.match(word):
        return [word.replace(",", ".")]
    found = [word]
    pieces = [p for p in re.split(r"[-_.]", word) if p]
    if len(pieces) > 1:
        found += pieces
    for piece in pieces:
        sub = _THREAD.split(piece)
        if len(sub) > 1:
            found += sub
    return found


def terms(text: str) -> list[str]:
    """The terms a document's text is indexed by (with duplicates, in order)."""
    words = _words(text)
    found: list[str] = []
    for i, word in enumerate(words):
        found += _parts(word)
        if word in STANDARDS and i + 1 < len(words) and _NUMBER.match(words[i + 1]):
            found.append(word + words[i + 1])
    return found


def query_terms(q: str) -> list[str]:
    """A query's words, each kept whole (a SKU with hyphens, ``8.8``); a standard
    followed by its number becomes one term (``din933``)."""
    words = [w.replace(",", ".") if _DECIMAL.match(w) else w for w in _words(q)]
    found: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in STANDARDS and i + 1 < len(words) and _NUMBER.match(words[i + 1]):
            found.append(words[i] + words[i + 1])
            i += 2
            continue
        found.append(words[i])
        i += 1
    return found


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Type-ahead's typo corrections: the runs of 3 or more letters of the folded texts
    (product, category and supplier names). Sizes and codes (a digit) are never
    corrected, so they are left out (as the migration that fills ``suggest_word`` does)."""
    return {word for text in texts for word in _LETTERS.findall(fold(text))}


def weighted_terms(doc: SearchDocument) -> dict[str, list[str]]:
    """Weight (A to D) → the document's terms."""
    texts = [a.text for a in doc.attributes if a.text]
    return {
        "A": terms(f"{doc.sku} {doc.name}"),
        "B": terms(" ".join(filter(None, [doc.manufacturer, doc.mpn, doc.gtin, *texts]))),
        "C": terms(doc.description),
        "D": terms(" ".join(doc.category_names)),
    }


def highlights(label: str, words: Iterable[str]) -> list[Highlight]:
    """Where the label's words start with one of ``words`` (folded)."""
    folded = fold(label)
    wanted = [w for w in words if w]
    found = []
    for match in re.finditer(r"[^\s,;:()/]+", folded):
        for word in wanted:
            if match.group().startswith(word):
                found.append(Highlight(start=match.start(), end=match.start() + len(word)))
                break
    return found


def damerau(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit ("inxo" → "inox")."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]
