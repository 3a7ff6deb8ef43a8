"""The Meilisearch backend: one shared index for every supplier and marketplace.

Meilisearch degrades with many indexes, so every document lives in ONE index and
each query carries the marketplace and tenant filters. Settings (searchable,
filterable, sortable attributes, typo tolerance, synonyms) are applied from code
(``index_settings``); nothing is configured by hand on the server.

A stored document has two parts: the flat, typed fields Meilisearch searches,
filters and sorts on (numbers as JSON numbers, because range filters and sorts need
them), and ``source``, the ``SearchDocument`` as msgspec JSON, which a hit is read
back from: decimals stay exact strings there, never a float's approximation.

The official client is synchronous (``requests``): every call runs in a worker
thread (``asyncio.to_thread``) so the event loop never waits on the network.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import hashlib
import re
import uuid
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import msgspec
from meilisearch import Client
from meilisearch.errors import MeilisearchApiError

from hansa.config import Settings
from hansa.search.backend import BadCursor, Progress
from hansa.search.errors import BadSearchParameter
from hansa.search.schemas import (
    DocumentVersion,
    Highlight,
    NumericRange,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Suggestion,
    Suggestions,
)
from hansa.search.text import damerau, fold
from hansa.search.text import highlights as text_highlights

# Meilisearch counts hits exactly (page/hitsPerPage) up to this many; deeper pages
# and larger totals are cut there (docs/search.md, "Meilisearch" limits).
MAX_TOTAL_HITS = 10_000
MAX_VALUES_PER_FACET = 200
BATCH_SIZE = 1_000
CORRECTION_HITS = 10
TASK_TIMEOUT_MS = 60_000
# marks a highlighted span in ``_formatted``; control characters never occur in names
HIGHLIGHT_PRE = "\u0002"
HIGHLIGHT_POST = "\u0003"
SUGGEST_HITS_PER_NAME = 3
# joins a label and its id in one facet value (categories, suppliers) for suggest
KEY_SEPARATOR = "\u241f"

CODE_SEPARATORS = re.compile(r"[-/]")
# property classes: one word each, as PostgreSQL keeps decimals (hyphenated grades like
# A2-70 need no entry: ``codes`` holds them whole, and their parts stay words)
WHOLE_TOKENS = ("4.6", "4.8", "5.6", "5.8", "6.8", "8.8", "10.9", "12.9")
# the attribute codes the search API lets through (service._FACET_KEY; marketplaces allow
# fewer): one word of Meilisearch's filter syntax, safe unquoted as a field name
ATTRIBUTE_CODE = re.compile(r"^[a-z0-9_]{1,100}$")

# filter key (schemas.SearchQuery.filters) -> indexed field
FIELD_OF_FILTER = {
    "category": "category_ids",
    "supplier": "supplier_slug",
    "manufacturer": "manufacturer",
    "offer": "offer_key",
    "in_stock": "in_stock",
}
FIELD_OF_RANGE = {"base_price": "base_price", "lead_time_days": "lead_time_days"}
SORT_OF = {
    "relevance": [],
    "name": ["name_sort:asc"],
    "-name": ["name_sort:desc"],
    "newest": ["created_at:desc"],
    "price": ["base_price:asc"],
    "-price": ["base_price:desc"],
    "lead_time": ["lead_time_days:asc"],
}
# equal sort keys: the id decides, so pages never repeat or skip a hit
TIE_BREAK = "id:asc"

SEARCHABLE = [
    "sku",
    "codes",
    "name",
    "gtin",
    "mpn",
    "manufacturer",
    "attribute_values",
    "category_names",
    "supplier_name",
    "description",
]
FILTERABLE = [
    "tenant_id",
    "marketplace_ids",
    "category_ids",
    "category_keys",
    "supplier_slug",
    "supplier_key",
    "manufacturer",
    "offer_key",
    "in_stock",
    "base_price",
    "lead_time_days",
    "attr",
    "num",
    "build",
]
SORTABLE = ["id", "name_sort", "created_at", "base_price", "lead_time_days"]
# "sort" first: a chosen sort orders every match strictly (as on PostgreSQL); with
# no sort, relevance alone decides
RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]


def compact(word: str) -> str:
    return CODE_SEPARATORS.sub("", fold(word))


def codes(text: str) -> list[str]:
    """Each word joined by hyphens or slashes, without them: "BLT-M8-20-88" -> "bltm82088".
    Meilisearch splits such words at the hyphen; a query code is looked up here instead
    (``search_text``), so "BLT-M8" is a prefix of this SKU and not of "BLT-NUT-M8-88"."""
    return sorted({compact(w) for w in text.split() if CODE_SEPARATORS.search(w)})


def search_text(q: str) -> str:
    """The query as Meilisearch is asked it: a word with hyphens or slashes as its code,
    and no double quotes (Meilisearch reads them as a phrase, PostgreSQL as nothing; a
    leading "-", Meilisearch's "not", goes with the code rule)."""
    words = q.replace('"', " ").split()
    asked = (compact(w) if CODE_SEPARATORS.search(w) else w for w in words)
    return " ".join(w for w in asked if w)


# Where the conformance suite (search.conformance) must expect other hits from
# Meilisearch than from PostgreSQL, and why: case name -> (the hits Meilisearch gives, reason).
CONFORMANCE_DIFFERENCES: dict[str, tuple[list[str], str]] = {
    "typo corrected": (
        ["s1", "s2"],
        "Meilisearch applies synonyms to a query word as typed, not to its typo correction: "
        '"inxo" matches "inox" but not its synonyms "stainless"/"A2" (s5)',
    ),
}


def meili_id(document_id: str) -> str:
    """Meilisearch ids allow only ``[A-Za-z0-9_-]``: "<tenant>:<variant>" -> "<tenant>_<variant>"."""
    return document_id.replace(":", "_")


def to_meili(document: SearchDocument, *, build: str = "") -> dict[str, Any]:
    """The stored form of a document (module docstring): typed fields + exact ``source``."""
    texts = {a.code: a.text for a in document.attributes if a.kind != "number" and a.text is not None}
    numbers = {
        a.code: float(a.number) for a in document.attributes if a.kind == "number" and a.number is not None
    }
    stored: dict[str, Any] = {
        "id": meili_id(document.id),
        "build": build,
        "tenant_id": str(document.tenant_id),
        "marketplace_ids": [str(m) for m in document.marketplace_ids],
        "category_ids": [str(c) for c in document.category_ids],
        "category_names": document.category_names,
        "category_keys": [
            f"{name}{KEY_SEPARATOR}{cid}"
            for cid, name in zip(document.category_ids, document.category_names, strict=False)
        ],
        "supplier_slug": document.supplier_slug,
        "supplier_name": document.supplier_name,
        "supplier_key": f"{document.supplier_name}{KEY_SEPARATOR}{document.supplier_slug}",
        "sku": document.sku,
        "name": document.name,
        "name_sort": fold(document.name),
        "description": document.description,
        "attribute_values": list(texts.values()),
        "attr": texts,
        "num": numbers,
        "manufacturer": document.manufacturer,
        "gtin": document.gtin,
        "mpn": document.mpn,
        "offer_key": document.offer_key(),
        "in_stock": document.in_stock,
        "lead_time_days": document.lead_time_days,
        "created_at": int(document.created_at.timestamp()),
        "updated_at": document.updated_at.isoformat(),
        "codes": codes(f"{document.sku} {document.mpn or ''} {document.name}"),
        "source": msgspec.json.encode(document).decode(),
    }
    if document.base_price is not None:
        # absent, not null: an unpriced variant sorts last both ways, as on PostgreSQL
        stored["base_price"] = float(document.base_price)
    return stored


def document_id_of(stored_id: str) -> str:
    """``meili_id`` reversed: uuids hold no underscore, so the first one is the colon."""
    return stored_id.replace("_", ":", 1)


def from_meili(stored: Mapping[str, Any]) -> SearchDocument:
    return msgspec.json.decode(stored["source"], type=SearchDocument)


def quote(value: str) -> str:
    """A filter value as a double-quoted string that can never close early and add a
    condition of its own. Meilisearch's parser reads a backslash as "keep the next
    character" but unescapes only ``\\"``: so quotes are escaped, other backslashes are
    sent as they are, and the few values that cannot be written exactly that way (a
    backslash before a quote or at the end) are refused rather than changed."""
    encoded = value.replace('"', '\\"')
    if not _stays_quoted(encoded) or encoded.replace('\\"', '"') != value:
        raise BadSearchParameter("filters", "a backslash before a quote or at the end of a value")
    return f'"{encoded}"'


def _stays_quoted(encoded: str) -> bool:
    """Whether Meilisearch reads all of ``encoded`` inside the quotes (its value parser)."""
    i = 0
    while i < len(encoded):
        if encoded[i] == '"':
            return False
        if encoded[i] == "\\":
            if i + 1 == len(encoded):
                return False  # it would keep the closing quote
            i += 1
        i += 1
    return True


def bad_filter(key: str, message: str) -> BadSearchParameter:
    return BadSearchParameter("filters", f"{key}: {message}")


def filter_field(key: str) -> str:
    """The indexed field of a filter key; ``attr.<code>`` filters enum/text values."""
    if key in FIELD_OF_FILTER:
        return FIELD_OF_FILTER[key]
    code = key.removeprefix("attr.")
    if code != key and ATTRIBUTE_CODE.fullmatch(code):
        return f"attr.{code}"
    raise bad_filter(key, "unknown filter")


def range_field(key: str) -> str:
    if key in FIELD_OF_RANGE:
        return FIELD_OF_RANGE[key]
    code = key.removeprefix("attr.")
    if code != key and ATTRIBUTE_CODE.fullmatch(code):
        return f"num.{code}"
    raise bad_filter(key, "unknown range")


def number(value: Decimal) -> str:
    """A decimal as a filter number literal (no exponent: ``1E+2`` is not a number there)."""
    return format(value, "f")


def values_clause(field: str, values: Sequence[str]) -> str:
    """OR within one facet: ``field IN [..]``; ``in_stock`` takes booleans, unquoted."""
    if field == "in_stock":
        literals = [v for v in values if v in ("true", "false")]
        if len(literals) != len(values):
            raise bad_filter("in_stock", "true or false")
        return f"in_stock IN [{', '.join(literals)}]"
    return f"{field} IN [{', '.join(quote(v) for v in values)}]"


def range_clauses(field: str, bounds: NumericRange) -> list[str]:
    if any(b is not None and not b.is_finite() for b in (bounds.min, bounds.max)):
        raise BadSearchParameter("ranges", f"{field}: a finite number")
    clauses = []
    if bounds.min is not None:
        clauses.append(f"{field} >= {number(bounds.min)}")
    if bounds.max is not None:
        clauses.append(f"{field} <= {number(bounds.max)}")
    return clauses


def filter_clauses(query: SearchQuery, *, without: str | None = None) -> list[str]:
    """The query's filter as clauses joined by AND (Meilisearch's array form): the
    marketplace and the caller's suppliers always, then each facet's values (OR within
    one facet), ranges and the stock toggle. ``without`` leaves one facet's own values
    out, for that facet's counts."""
    clauses = [f"marketplace_ids = {quote(str(query.marketplace_id))}"]
    if query.tenant_ids is not None:
        clauses.append(f"tenant_id IN [{', '.join(quote(str(t)) for t in query.tenant_ids)}]")
    for key, values in sorted(query.filters.items()):
        field = filter_field(key)
        if key != without and values:
            clauses.append(values_clause(field, values))
    for key, bounds in sorted(query.ranges.items()):
        clauses.extend(range_clauses(range_field(key), bounds))
    if query.in_stock and without != "in_stock":
        clauses.append("in_stock = true")
    return clauses


def synonym_map(groups: Iterable[Sequence[str]]) -> dict[str, list[str]]:
    """Groups of equal terms -> Meilisearch's form: each term maps to the others."""
    result: dict[str, set[str]] = {}
    for group in groups:
        terms = {t.strip().casefold() for t in group if t.strip()}
        for term in terms:
            result.setdefault(term, set()).update(terms - {term})
    return {term: sorted(others) for term, others in sorted(result.items()) if others}


def index_settings(synonyms: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "searchableAttributes": SEARCHABLE,
        # sets on the server, answered sorted: sent sorted so unchanged ones compare equal
        "filterableAttributes": sorted(FILTERABLE),
        "sortableAttributes": sorted(SORTABLE),
        "rankingRules": RANKING_RULES,
        "displayedAttributes": ["*"],
        "synonyms": dict(synonyms),
        "typoTolerance": {
            "enabled": True,
            # "inxo" (4 letters) still corrects to "inox"; Meilisearch's default waits for 5
            "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8},
            # codes are typed exactly: a typo in an SKU or GTIN is another product
            "disableOnAttributes": sorted(["sku", "codes", "gtin", "mpn"]),
            "disableOnNumbers": True,
        },
        # property classes stay one word, not "8" and "8" (PostgreSQL keeps them whole too)
        "dictionary": sorted(WHOLE_TOKENS),
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET, "sortFacetValuesBy": {"*": "count"}},
        "facetSearch": True,
    }


def changed_settings(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The wanted settings the index does not have yet; an object setting counts as
    changed when one of the keys we set differs (the server answers more keys)."""
    return {key: value for key, value in wanted.items() if _differs(current.get(key), value)}


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(current, dict):
        return any(_differs(current.get(k), v) for k, v in wanted.items())
    return bool(current != wanted)


def fingerprint(query: SearchQuery) -> str:
    """What a cursor is bound to: the query without its cursor."""
    encoded = msgspec.json.encode(msgspec.structs.replace(query, cursor=None))
    return hashlib.sha256(encoded).hexdigest()[:16]


def encode_cursor(query: SearchQuery, page: int) -> str:
    raw = msgspec.json.encode({"p": page, "k": fingerprint(query)})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class _Cursor(msgspec.Struct):
    p: int
    k: str


def decode_cursor(query: SearchQuery) -> int:
    """The page a cursor points at (1 without one); ``BadCursor`` for anything else."""
    if query.cursor is None:
        return 1
    try:
        raw = base64.urlsafe_b64decode(query.cursor + "=" * (-len(query.cursor) % 4))
        cursor = msgspec.json.decode(raw, type=_Cursor)
    except (binascii.Error, ValueError, msgspec.DecodeError) as exc:
        raise BadCursor("malformed cursor") from exc
    if cursor.k != fingerprint(query) or not 2 <= cursor.p <= MAX_TOTAL_HITS:
        raise BadCursor("the cursor belongs to another query")
    return cursor.p


def highlights(formatted: str) -> list[Highlight]:
    """Spans marked by HIGHLIGHT_PRE/POST in a ``_formatted`` text, as character
    offsets into the text without the marks."""
    spans: list[Highlight] = []
    plain_length = 0
    start: int | None = None
    for char in formatted:
        if char == HIGHLIGHT_PRE:
            start = plain_length
        elif char == HIGHLIGHT_POST:
            if start is not None and plain_length > start:
                spans.append(Highlight(start=start, end=plain_length))
            start = None
        else:
            plain_length += 1
    return spans


def product_suggestions(hits: Sequence[Mapping[str, Any]], limit: int) -> list[Suggestion]:
    """One suggestion per name, in the hits' order, as on PostgreSQL: the same article
    from several suppliers is one suggestion (``SUGGEST_HITS_PER_NAME`` hits are asked
    per suggestion)."""
    found: dict[str, Suggestion] = {}
    for hit in hits:
        document = from_meili(hit)
        key = fold(document.name)
        if key not in found and len(found) < limit:
            marked = highlights(hit.get("_formatted", {}).get("name", ""))
            found[key] = Suggestion(value=document.id, label=document.name, highlights=marked)
    return list(found.values())


def prefix_highlights(label: str, q: str) -> list[Highlight]:
    """Where the label's words start with a word of ``q`` (facet search answers no spans),
    or with one typo of it as Meilisearch's facet search allows ("surbu": "Șuruburi")."""
    words = [fold(w) for w in q.split()]
    found = text_highlights(label, words)
    if found or not words:
        return found
    last = words[-1]
    allowed = 0 if len(last) < 4 else (1 if len(last) < 8 else 2)
    for match in re.finditer(r"[^\s,;:()/]+", fold(label)):
        if allowed and damerau(last, match.group()[: len(last)]) <= allowed:
            return [Highlight(start=match.start(), end=match.start() + min(len(last), len(match.group())))]
    return []


def facet_field(key: str) -> str:
    try:
        return filter_field(key)
    except BadSearchParameter:
        raise BadSearchParameter("facets", f"{key}: unknown facet") from None


def facet_counts(
    distribution: Mapping[str, Mapping[str, int]], field_to_key: Mapping[str, str]
) -> dict[str, dict[str, int]]:
    return {
        field_to_key[field]: dict(counts) for field, counts in distribution.items() if field in field_to_key
    }


def search_request(index_uid: str, query: SearchQuery, page: int) -> list[dict[str, Any]]:
    """The multi-search of one query: the hits with the facets nobody filters on, then one
    count-only query per filtered facet without its own filter (disjunctive facets: the
    other values of a chosen facet keep their counts)."""
    fields = {key: facet_field(key) for key in query.facets}
    filtered = [k for k in query.facets if query.filters.get(k) or (k == "in_stock" and query.in_stock)]
    main: dict[str, Any] = {
        "indexUid": index_uid,
        "q": search_text(query.q),
        "filter": filter_clauses(query),
        "page": page,
        "hitsPerPage": query.limit,
        "facets": [fields[k] for k in query.facets if k not in filtered],
        "matchingStrategy": "all",
        "attributesToRetrieve": ["source", "name"],
        "attributesToHighlight": ["name"],
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
        "showRankingScore": True,
    }
    sort = SORT_OF[query.sort]
    if sort:
        main["sort"] = [*sort, TIE_BREAK]
    requests = [main]
    for key in filtered:
        requests.append(
            {
                "indexUid": index_uid,
                "q": search_text(query.q),
                "filter": filter_clauses(query, without=key),
                "page": 1,
                "hitsPerPage": 0,
                "facets": [fields[key]],
                "matchingStrategy": "all",
            }
        )
    return requests


def read_result(query: SearchQuery, page: int, answers: Sequence[Mapping[str, Any]]) -> SearchResult:
    field_to_key = {facet_field(k): k for k in query.facets}
    main = answers[0]
    facets: dict[str, dict[str, int]] = {}
    for answer in answers:
        facets.update(facet_counts(answer.get("facetDistribution", {}), field_to_key))
    for key in query.facets:
        facets.setdefault(key, {})
    hits = [
        SearchHit(
            document=from_meili(hit),
            score=float(hit.get("_rankingScore", 0.0)),
            name_highlights=highlights(hit.get("_formatted", {}).get("name", "")),
        )
        for hit in main["hits"]
    ]
    total = int(main.get("totalHits", len(hits)))
    more = page * query.limit < total and page < MAX_TOTAL_HITS
    return SearchResult(
        hits=hits,
        total=total,
        facets=facets,
        corrected_query=corrected_query(query.q, main["hits"]),
        next_cursor=encode_cursor(query, page + 1) if more else None,
        total_exact=total < MAX_TOTAL_HITS,  # Meilisearch stops counting there
    )


def corrected_query(q: str, hits: Sequence[Mapping[str, Any]]) -> str | None:
    """ "Did you mean": Meilisearch matches typos silently; the words it highlighted in the
    names of the first hits show what a mistyped query word matched. A query word with
    no highlighted word equal to it (or extended by it) becomes the closest highlighted
    word, when that is at most two edits away. Compared folded: "surub" is no typo of "Șurub"."""
    matched = {
        fold(word)
        for hit in hits[:CORRECTION_HITS]
        for span in re.findall(
            f"{HIGHLIGHT_PRE}([^{HIGHLIGHT_POST}]*){HIGHLIGHT_POST}",
            hit.get("_formatted", {}).get("name", ""),
        )
        for word in span.split()
    }
    if not matched or not q.strip():
        return None
    corrected = []
    for word in q.split():
        folded = fold(word)
        if any(m.startswith(folded) for m in matched):
            corrected.append(word)
            continue
        best = min(sorted(matched), key=lambda m: damerau(folded, m))
        corrected.append(best if damerau(folded, best) <= 2 else word)
    result = " ".join(corrected)
    return None if fold(result) == fold(" ".join(q.split())) else result


class MeiliBackend:
    """``SearchBackend`` on a Meilisearch server (``HANSA_SEARCH_BACKEND=meilisearch``)."""

    name = "meilisearch"

    def __init__(self, url: str, api_key: str | None = None, *, index: str = "hansa_variants") -> None:
        self.client = Client(url, api_key, timeout=30)
        self.uid = index
        self.aside_uid = f"{index}_next"
        self.synonyms_uid = f"{index}_synonyms"
        self._ready = False

    # -- plumbing ---------------------------------------------------------------------

    def _wait(self, task_uid: int, *, tolerated: str | None = None) -> None:
        """Block (in the worker thread) until Meilisearch applied a task; a failed task
        raises, unless it failed with the ``tolerated`` error code."""
        task = self.client.wait_for_task(task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        if task.status == "succeeded" or (tolerated and (task.error or {}).get("code") == tolerated):
            return
        raise RuntimeError(f"meilisearch task {task_uid} {task.status}: {task.error}")

    def _create(self, uid: str) -> None:
        try:
            self.client.get_raw_index(uid)
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise
            # two processes starting at once both create it: the second one's task fails so
            task = self.client.create_index(uid, {"primaryKey": "id"})
            self._wait(task.task_uid, tolerated="index_already_exists")

    def _all_synonym_groups(self) -> list[list[str]]:
        stored = self.client.index(self.synonyms_uid).get_documents({"limit": 10_000})
        return [group for doc in stored.results for group in getattr(doc, "groups", [])]

    def _apply_settings(self, uid: str) -> None:
        """Send the settings that differ from the index's (none at most start-ups)."""
        index = self.client.index(uid)
        wanted = index_settings(synonym_map(self._all_synonym_groups()))
        changed = changed_settings(index.get_settings(), wanted)
        if changed:
            self._wait(index.update_settings(changed).task_uid)

    def _ensure_sync(self) -> None:
        self._create(self.synonyms_uid)
        self._create(self.uid)
        self._apply_settings(self.uid)

    async def ensure(self) -> None:
        """Create the indexes and apply the settings (once per process; idempotent)."""
        if not self._ready:
            await asyncio.to_thread(self._ensure_sync)
            self._ready = True

    def _enqueue(self, uid: str, documents: Sequence[SearchDocument], build: str = "") -> int | None:
        """Send documents (added or replaced whole); the task uid to wait for, if any."""
        if not documents:
            return None
        stored = [to_meili(d, build=build) for d in documents]
        return int(self.client.index(uid).add_documents(stored, primary_key="id").task_uid)

    def _add(self, uid: str, documents: Sequence[SearchDocument], build: str = "") -> None:
        task_uid = self._enqueue(uid, documents, build)
        if task_uid is not None:
            self._wait(task_uid)

    # -- SearchBackend --------------------------------------------------------------

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        await self.ensure()
        await asyncio.to_thread(self._add, self.uid, documents)

    async def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        await self.ensure()
        index = self.client.index(self.uid)
        task = await asyncio.to_thread(index.delete_documents, [meili_id(i) for i in ids])
        await asyncio.to_thread(self._wait, task.task_uid)

    async def delete_tenant(self, tenant_id: uuid.UUID) -> None:
        await self.ensure()
        index = self.client.index(self.uid)
        task = await asyncio.to_thread(index.delete_documents, filter=f"tenant_id = {quote(str(tenant_id))}")
        await asyncio.to_thread(self._wait, task.task_uid)

    async def search(self, query: SearchQuery) -> SearchResult:
        page = decode_cursor(query)
        requests = search_request(self.uid, query, page)
        await self.ensure()
        answer = await asyncio.to_thread(self.client.multi_search, requests)
        return read_result(query, page, answer["results"])

    async def suggest(
        self,
        marketplace_id: uuid.UUID,
        q: str,
        *,
        tenant_ids: Sequence[uuid.UUID] | None = None,
        limit: int = 5,
    ) -> Suggestions:
        if not q.strip():
            return Suggestions()
        await self.ensure()
        scope = SearchQuery(
            marketplace_id=marketplace_id, tenant_ids=list(tenant_ids) if tenant_ids is not None else None
        )
        return await asyncio.to_thread(self._suggest_sync, scope, q, limit)

    def _suggest_sync(self, scope: SearchQuery, q: str, limit: int) -> Suggestions:
        index = self.client.index(self.uid)
        products = index.search(
            search_text(q),
            {
                "filter": filter_clauses(scope),
                "limit": limit * SUGGEST_HITS_PER_NAME,
                # type-ahead proposes products by their name or code, as on PostgreSQL
                "attributesToSearchOn": ["name", "sku", "codes"],
                "attributesToRetrieve": ["source", "name"],
                "attributesToHighlight": ["name"],
                "highlightPreTag": HIGHLIGHT_PRE,
                "highlightPostTag": HIGHLIGHT_POST,
            },
        )
        return Suggestions(
            products=product_suggestions(products["hits"], limit),
            categories=self._facet_suggestions(index, "category_keys", scope, q, limit),
            suppliers=self._facet_suggestions(index, "supplier_key", scope, q, limit),
        )

    def _facet_suggestions(
        self, index: Any, field: str, scope: SearchQuery, q: str, limit: int
    ) -> list[Suggestion]:
        answer = index.facet_search(field, q, {"filter": filter_clauses(scope)})
        suggestions = []
        for facet in answer["facetHits"][:limit]:
            label, _, value = str(facet["value"]).rpartition(KEY_SEPARATOR)
            suggestions.append(Suggestion(value=value, label=label, highlights=prefix_highlights(label, q)))
        return suggestions

    async def set_synonyms(self, marketplace_id: uuid.UUID, groups: Sequence[Sequence[str]]) -> None:
        await self.ensure()
        await asyncio.to_thread(self._set_synonyms_sync, marketplace_id, groups)

    def _set_synonyms_sync(self, marketplace_id: uuid.UUID, groups: Sequence[Sequence[str]]) -> None:
        record = {"id": str(marketplace_id), "groups": [list(g) for g in groups]}
        self._wait(self.client.index(self.synonyms_uid).add_documents([record], primary_key="id").task_uid)
        # synonyms are a setting of the whole index: the union of every marketplace's
        self._apply_settings(self.uid)

    async def synonyms(self, marketplace_id: uuid.UUID) -> list[list[str]]:
        await self.ensure()
        index = self.client.index(self.synonyms_uid)
        try:
            stored = await asyncio.to_thread(index.get_document, str(marketplace_id))
        except MeilisearchApiError as exc:
            if exc.code == "document_not_found":
                return []
            raise
        return [list(g) for g in getattr(stored, "groups", [])]

    async def rebuild(
        self,
        batches: AsyncIterable[Sequence[SearchDocument]],
        *,
        tenant_id: uuid.UUID | None = None,
        progress: Progress | None = None,
    ) -> int:
        await self.ensure()
        if tenant_id is None:
            return await self._rebuild_all(batches, progress)
        return await self._rebuild_tenant(tenant_id, batches, progress)

    async def _rebuild_all(
        self, batches: AsyncIterable[Sequence[SearchDocument]], progress: Progress | None
    ) -> int:
        """Build a second index, then swap it in (one atomic task): searches read the old
        index until the swap. A half-built index left by a killed run is dropped first."""
        await asyncio.to_thread(self._drop, self.aside_uid)
        await asyncio.to_thread(self._create, self.aside_uid)
        await asyncio.to_thread(self._apply_settings, self.aside_uid)
        written = await self._write(self.aside_uid, batches, progress, build="")
        # synonyms an operator changed meanwhile reach the new index too
        await asyncio.to_thread(self._apply_settings, self.aside_uid)
        await asyncio.to_thread(self._swap)
        await asyncio.to_thread(self._drop, self.aside_uid)
        return written

    async def _rebuild_tenant(
        self,
        tenant_id: uuid.UUID,
        batches: AsyncIterable[Sequence[SearchDocument]],
        progress: Progress | None,
    ) -> int:
        """One supplier in the shared index: write its documents under a new build mark,
        then delete its documents of older builds. The old documents answer until then."""
        build = uuid.uuid4().hex
        written = await self._write(self.uid, batches, progress, build=build)
        stale = f"tenant_id = {quote(str(tenant_id))} AND build != {quote(build)}"
        index = self.client.index(self.uid)
        task = await asyncio.to_thread(index.delete_documents, filter=stale)
        await asyncio.to_thread(self._wait, task.task_uid)
        return written

    async def _write(
        self,
        uid: str,
        batches: AsyncIterable[Sequence[SearchDocument]],
        progress: Progress | None,
        *,
        build: str,
    ) -> int:
        """Send every batch without waiting between them (Meilisearch indexes queued
        batches together, much faster), then wait for all: the caller swaps or deletes
        stale documents only once everything is in."""
        written = 0
        tasks: list[int] = []
        async for batch in batches:
            task_uid = await asyncio.to_thread(self._enqueue, uid, batch, build)
            if task_uid is not None:
                tasks.append(task_uid)
            written += len(batch)
            if progress is not None:
                progress(written)
        for task_uid in tasks:
            await asyncio.to_thread(self._wait, task_uid)
        return written

    def _drop(self, uid: str) -> None:
        try:
            self._wait(self.client.delete_index(uid).task_uid)
        except MeilisearchApiError as exc:
            if exc.code != "index_not_found":
                raise

    def _swap(self) -> None:
        self._wait(self.client.swap_indexes([{"indexes": [self.uid, self.aside_uid]}]).task_uid)

    def tenant_token(
        self,
        api_key_uid: str,
        marketplace_id: uuid.UUID,
        tenant_ids: Sequence[uuid.UUID] | None,
        *,
        expires_at: datetime,
    ) -> str:
        """A search-only token for a client that queries Meilisearch itself: the server
        adds this marketplace and these suppliers to every search made with it, whatever
        the client sends. Signed with this backend's key, which must be the (non-master)
        API key ``api_key_uid`` names. Hansa's own API searches server-side and needs none."""
        scope = SearchQuery(
            marketplace_id=marketplace_id, tenant_ids=list(tenant_ids) if tenant_ids is not None else None
        )
        rules = {self.uid: {"filter": " AND ".join(filter_clauses(scope))}}
        return self.client.generate_tenant_token(api_key_uid, rules, expires_at=expires_at)

    async def count(self, *, tenant_id: uuid.UUID | None = None) -> int:
        await self.ensure()
        index = self.client.index(self.uid)
        params: dict[str, Any] = {"limit": 1, "fields": ["id"]}
        if tenant_id is not None:
            params["filter"] = f"tenant_id = {quote(str(tenant_id))}"
        documents = await asyncio.to_thread(index.get_documents, params)
        return int(documents.total)

    async def versions(self, tenant_id: uuid.UUID) -> dict[str, DocumentVersion]:
        await self.ensure()
        return await asyncio.to_thread(self._versions_sync, tenant_id)

    def _versions_sync(self, tenant_id: uuid.UUID) -> dict[str, DocumentVersion]:
        index = self.client.index(self.uid)
        result: dict[str, DocumentVersion] = {}
        offset = 0
        while True:
            page = index.get_documents(
                {
                    "filter": f"tenant_id = {quote(str(tenant_id))}",
                    "fields": ["id", "source"],
                    "limit": BATCH_SIZE,
                    "offset": offset,
                }
            )
            for stored in page.results:
                result[document_id_of(stored.id)] = msgspec.json.decode(stored.source, type=DocumentVersion)
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return result


def from_settings(settings: Settings) -> MeiliBackend:
    """The backend ``HANSA_SEARCH_BACKEND=meilisearch`` selects: one per server and index
    in a process, so the indexes and settings are checked once, not on every search."""
    assert settings.meilisearch_url is not None  # Settings refuses meilisearch without it
    return _shared(settings.meilisearch_url, settings.meilisearch_key, settings.meilisearch_index)


@functools.lru_cache(maxsize=8)
def _shared(url: str, key: str | None, index: str) -> MeiliBackend:
    return MeiliBackend(url, key, index=index)
