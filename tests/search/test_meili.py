"""The Meilisearch backend without a server: the stored document, the filters and the
requests it sends, the settings, cursors and highlights (docs/search.md, "Meilisearch")."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import msgspec
import pytest

from hansa.config import Settings
from hansa.search import conformance, meili, service
from hansa.search.backend import BadCursor
from hansa.search.errors import BadSearchParameter
from hansa.search.schemas import Highlight, NumericRange, SearchQuery

MARKET = conformance.MARKET
S1 = next(d for d in conformance.DOCUMENTS if d.id == conformance.KEYS["s1"])
N2 = next(d for d in conformance.DOCUMENTS if d.id == conformance.KEYS["n2"])


def test_a_stored_document_has_typed_fields_and_reads_back_exactly() -> None:
    stored = meili.to_meili(S1, build="b1")
    assert stored["id"] == str(S1.id).replace(":", "_")  # Meilisearch refuses ":" in ids
    assert meili.document_id_of(stored["id"]) == S1.id
    assert stored["tenant_id"] == str(conformance.ACME)
    assert stored["marketplace_ids"] == [str(MARKET)]
    assert stored["category_ids"] == [str(conformance.FASTENERS), str(conformance.SCREWS)]
    # enum/text attributes filter as strings, numbers as numbers (range filters need them)
    assert stored["attr"] == {"material": "A2"}
    assert stored["num"] == {"length": 20.0}
    assert stored["base_price"] == 0.4 and isinstance(stored["base_price"], float)
    assert stored["in_stock"] is True and stored["lead_time_days"] == 2
    assert stored["name_sort"] == "surub hexagonal m8x20 inox a2 din 933"
    assert stored["build"] == "b1"
    assert stored["offer_key"] == "gtin:5940000000012"
    # the decimals a hit shows come from the exact source, not from the float
    back = meili.from_meili(msgspec.json.decode(msgspec.json.encode(stored)))
    assert back == S1
    assert back.base_price == Decimal("0.40") and str(back.attributes[1].number) == "20"


def test_an_unpriced_document_has_no_price_field() -> None:
    # absent, not null: Meilisearch sorts a missing field last in both directions
    assert "base_price" not in meili.to_meili(N2)


def test_codes_are_indexed_and_asked_without_their_hyphens() -> None:
    stored = meili.to_meili(S1)
    assert "acmm820a2" in stored["codes"]
    assert meili.search_text("BLT-M8 inox") == "bltm8 inox"
    assert meili.search_text("  8.8  ") == "8.8"


def test_category_and_supplier_keys_carry_label_and_id() -> None:
    stored = meili.to_meili(S1)
    assert stored["category_keys"][1] == f"Șuruburi{meili.KEY_SEPARATOR}{conformance.SCREWS}"
    assert stored["supplier_key"] == f"Acme Fasteners{meili.KEY_SEPARATOR}acme"


def _q(**kw: object) -> SearchQuery:
    return SearchQuery(marketplace_id=MARKET, **kw)  # type: ignore[arg-type]


def test_every_filter_starts_with_the_marketplace_and_the_callers_suppliers() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    assert meili.filter_clauses(_q()) == [f'marketplace_ids = "{MARKET}"']
    assert meili.filter_clauses(_q(tenant_ids=[a, b])) == [
        f'marketplace_ids = "{MARKET}"',
        f'tenant_id IN ["{a}", "{b}"]',
    ]
    # no supplier allowed: no hit, not every hit
    assert meili.filter_clauses(_q(tenant_ids=[]))[1] == "tenant_id IN []"


def test_filters_and_across_facets_or_within_one_with_ranges() -> None:
    query = _q(
        filters={
            "supplier": ["acme", "bolt"],
            "attr.material": ["A2"],
            "category": [str(conformance.SCREWS)],
            "offer": ["gtin:5940000000012"],
        },
        ranges={
            "base_price": NumericRange(min=Decimal("0.1"), max=Decimal("1E+1")),
            "attr.length": NumericRange(max=Decimal(50)),
            "lead_time_days": NumericRange(min=Decimal(2)),
        },
        in_stock=True,
    )
    assert meili.filter_clauses(query)[1:] == [
        'attr.material IN ["A2"]',
        f'category_ids IN ["{conformance.SCREWS}"]',
        'offer_key IN ["gtin:5940000000012"]',
        'supplier_slug IN ["acme", "bolt"]',
        "num.length <= 50",
        "base_price >= 0.1",
        "base_price <= 10",  # no exponent: Meilisearch reads plain numbers
        "lead_time_days >= 2",
        "in_stock = true",
    ]


def test_values_are_escaped_so_they_cannot_add_a_condition() -> None:
    evil = 'x" OR tenant_id EXISTS OR supplier_slug = "y'
    clause = meili.filter_clauses(_q(filters={"supplier": [evil]}))[1]
    assert clause == 'supplier_slug IN ["x\\" OR tenant_id EXISTS OR supplier_slug = \\"y"]'
    # Meilisearch keeps a backslash as it is (it unescapes only \\")
    assert meili.quote("a\\b") == '"a\\b"'
    assert meili.quote("a\\\\") == '"a\\\\"'
    assert meili.quote('say "M8"') == '"say \\"M8\\""'


@pytest.mark.parametrize("value", ["ends\\", 'slash\\"quote', '"\\'])
def test_values_meilisearch_cannot_read_exactly_are_refused(value: str) -> None:
    # each would let the closing quote be swallowed (or change the value)
    with pytest.raises(BadSearchParameter):
        meili.filter_clauses(_q(filters={"supplier": [value]}))


@pytest.mark.parametrize(
    "filters",
    [{"colour": ["red"]}, {"attr.Material": ["A2"]}, {"attr.x = 1 OR y": ["1"]}, {"in_stock": ["yes"]}],
)
def test_unknown_or_unsafe_filters_are_refused_naming_the_parameter(filters: dict[str, list[str]]) -> None:
    with pytest.raises(BadSearchParameter) as raised:
        meili.filter_clauses(_q(filters=filters))
    assert raised.value.errors[0]["field"] == "filters"


def test_unknown_range_is_refused() -> None:
    with pytest.raises(BadSearchParameter):
        meili.filter_clauses(_q(ranges={"weight": NumericRange(min=Decimal(1))}))


def test_a_chosen_facet_counts_without_its_own_filter() -> None:
    query = _q(
        q="M8", filters={"supplier": ["acme"]}, facets=["supplier", "category", "in_stock"], sort="price"
    )
    main, supplier_counts = meili.search_request("idx", query, page=2)
    assert main["facets"] == ["category_ids", "in_stock"]
    assert 'supplier_slug IN ["acme"]' in main["filter"]
    assert main["sort"] == ["base_price:asc", "id:asc"]
    assert (main["page"], main["hitsPerPage"], main["matchingStrategy"]) == (2, 24, "all")
    assert supplier_counts["facets"] == ["supplier_slug"]
    assert supplier_counts["hitsPerPage"] == 0
    assert not any(c.startswith("supplier_slug") for c in supplier_counts["filter"])
    assert f'marketplace_ids = "{MARKET}"' in supplier_counts["filter"]


def test_facet_answers_read_back_under_their_keys() -> None:
    query = _q(filters={"supplier": ["acme"]}, facets=["supplier", "attr.material"])
    hit = msgspec.json.decode(msgspec.json.encode(meili.to_meili(S1)))
    answers = [
        {"hits": [hit], "totalHits": 30, "facetDistribution": {"attr.material": {"A2": 1}}},
        {"hits": [], "totalHits": 3, "facetDistribution": {"supplier_slug": {"acme": 1, "bolt": 2}}},
    ]
    result = meili.read_result(query, 1, answers)
    assert result.facets == {"supplier": {"acme": 1, "bolt": 2}, "attr.material": {"A2": 1}}
    assert result.total == 30 and result.hits[0].document == S1
    assert result.next_cursor is not None
    assert meili.decode_cursor(msgspec.structs.replace(query, cursor=result.next_cursor)) == 2


def test_a_cursor_belongs_to_its_query() -> None:
    query = _q(q="m8")
    cursor = meili.encode_cursor(query, 3)
    assert meili.decode_cursor(msgspec.structs.replace(query, cursor=cursor)) == 3
    with pytest.raises(BadCursor):
        meili.decode_cursor(_q(q="m10", cursor=cursor))
    for bad in ["!!", "bm90IGpzb24", meili.encode_cursor(query, 0)]:
        with pytest.raises(BadCursor):
            meili.decode_cursor(msgspec.structs.replace(query, cursor=bad))


def test_highlights_are_character_offsets_without_the_marks() -> None:
    pre, post = meili.HIGHLIGHT_PRE, meili.HIGHLIGHT_POST
    label = "Șurub hexagonal M8x20"
    spans = meili.highlights(f"{pre}Șuru{post}b hexagonal {pre}M8{post}x20")
    assert spans == [Highlight(start=0, end=4), Highlight(start=16, end=18)]
    assert [label[s.start : s.end] for s in spans] == ["Șuru", "M8"]
    assert meili.prefix_highlights("Bolt & Co", "bol") == [Highlight(start=0, end=3)]
    # facet search forgives a typo (one from 4 letters): the span covers the typed length
    assert meili.prefix_highlights("Fasteners Șuruburi", "surbu") == [Highlight(start=10, end=15)]
    assert meili.prefix_highlights("Bolt & Co", "blo") == []  # under 4 letters, no typo


def test_did_you_mean_from_the_highlighted_words() -> None:
    pre, post = meili.HIGHLIGHT_PRE, meili.HIGHLIGHT_POST
    hits = [{"_formatted": {"name": f"Șurub hexagonal M8x20 {pre}inox{post} A2"}}]
    assert meili.corrected_query("M8 inxo", hits) == "M8 inox"
    # an accent is no typo, nor is a prefix, nor a synonym far from the word
    hits = [{"_formatted": {"name": f"{pre}Șurub{post} {pre}inox{post}"}}]
    assert meili.corrected_query("surub ino", hits) is None
    assert meili.corrected_query("stainless", hits) is None
    assert meili.corrected_query("M8", []) is None


def test_synonym_groups_become_meilisearchs_mutual_map() -> None:
    assert meili.synonym_map([["Inox", "stainless", "A2"], ["", " "]]) == {
        "a2": ["inox", "stainless"],
        "inox": ["a2", "stainless"],
        "stainless": ["a2", "inox"],
    }


def test_settings_are_applied_from_code() -> None:
    settings = meili.index_settings({"inox": ["a2"]})
    assert settings["searchableAttributes"][:3] == ["sku", "codes", "name"]
    assert settings["searchableAttributes"][-1] == "description"
    for field in ("tenant_id", "marketplace_ids", "category_ids", "supplier_slug", "attr", "num", "build"):
        assert field in settings["filterableAttributes"]
    assert set(settings["sortableAttributes"]) >= {"name_sort", "created_at", "base_price", "lead_time_days"}
    assert settings["rankingRules"][0] == "sort"
    assert settings["synonyms"] == {"inox": ["a2"]}
    typos = settings["typoTolerance"]
    assert typos["minWordSizeForTypos"]["oneTypo"] == 4  # "inxo" -> "inox"
    assert "sku" in typos["disableOnAttributes"]
    assert "8.8" in settings["dictionary"]
    assert settings["pagination"]["maxTotalHits"] == meili.MAX_TOTAL_HITS
    # every sort the contract names maps to sortable fields
    for sort in meili.SORT_OF.values():
        assert all(s.split(":")[0] in settings["sortableAttributes"] for s in sort)


def test_selected_by_the_settings() -> None:
    settings = Settings(
        search_backend="meilisearch",
        meilisearch_url="http://127.0.0.1:7700",
        meilisearch_key="k",
        meilisearch_index="test_idx",
    )
    backend = meili.from_settings(settings)
    assert (backend.name, backend.uid, backend.aside_uid) == ("meilisearch", "test_idx", "test_idx_next")
    assert backend.client.config.api_key == "k"
    with pytest.raises(ValueError, match="HANSA_MEILISEARCH_URL"):
        Settings(search_backend="meilisearch")


def test_a_tenant_token_carries_the_marketplace_and_supplier_filter() -> None:
    backend = meili.MeiliBackend("http://127.0.0.1:7700", "search-key", index="idx")
    key_uid = str(uuid.uuid4())
    expires = datetime.now(UTC) + timedelta(hours=1)
    token = backend.tenant_token(key_uid, MARKET, [conformance.ACME], expires_at=expires)
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["apiKeyUid"] == key_uid
    assert claims["searchRules"] == {
        "idx": {"filter": f'marketplace_ids = "{MARKET}" AND tenant_id IN ["{conformance.ACME}"]'}
    }
    assert claims["exp"] == int(expires.timestamp())


def test_quotes_and_lone_hyphens_leave_the_query() -> None:
    assert meili.search_text('"M8 inox" - -A2') == "M8 inox a2"


def test_a_range_must_be_finite() -> None:
    with pytest.raises(BadSearchParameter):
        meili.filter_clauses(_q(ranges={"base_price": NumericRange(min=Decimal("NaN"))}))


def test_the_service_picks_meilisearch_from_the_settings() -> None:
    settings = Settings(search_backend="meilisearch", meilisearch_url="http://127.0.0.1:7700")
    backend = service.backend_of(None, settings)  # type: ignore[arg-type]  # Meilisearch needs no database
    assert isinstance(backend, meili.MeiliBackend)
    # one per process: its indexes and settings are checked once, not on every search
    assert service.backend_of(None, settings) is backend  # type: ignore[arg-type]


def test_the_stock_toggle_is_left_out_of_the_stock_counts() -> None:
    main, stock_counts = meili.search_request("idx", _q(in_stock=True, facets=["in_stock"]), page=1)
    assert "in_stock = true" in main["filter"] and main["facets"] == []
    assert "in_stock = true" not in stock_counts["filter"] and stock_counts["facets"] == ["in_stock"]


def test_only_differing_settings_are_sent() -> None:
    wanted = meili.index_settings({})
    # the server answers more keys than we set; those do not count
    current = {**wanted, "typoTolerance": {**wanted["typoTolerance"], "disableOnWords": []}, "stopWords": []}
    assert meili.changed_settings(current, wanted) == {}
    current["typoTolerance"] = {
        **current["typoTolerance"],
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    }
    assert list(meili.changed_settings(current, wanted)) == ["typoTolerance"]
    assert meili.changed_settings({}, wanted) == wanted


def test_an_unknown_facet_is_refused_naming_facets() -> None:
    with pytest.raises(BadSearchParameter) as raised:
        meili.search_request("idx", _q(facets=["colour"]), page=1)
    assert raised.value.errors[0]["field"] == "facets"


def test_any_attribute_code_the_api_lets_through_is_a_field() -> None:
    # the API allows attr.[a-z0-9_]+; an unknown code matches nothing, as on PostgreSQL
    assert meili.filter_clauses(_q(filters={"attr.9_x": ["1"]}))[1] == 'attr.9_x IN ["1"]'


def test_one_product_suggestion_per_name_in_the_hits_order() -> None:
    s1, s5, s3 = (
        next(d for d in conformance.DOCUMENTS if d.id == conformance.KEYS[k]) for k in ("s1", "s5", "s3")
    )
    twin = msgspec.structs.replace(s1, id=f"{conformance.CORA}:twin", name=s1.name.upper())
    hits = [{**meili.to_meili(d), "_formatted": {"name": d.name}} for d in (s1, twin, s5, s3)]
    found = meili.product_suggestions(hits, 2)
    assert [s.value for s in found] == [s1.id, s5.id]  # the twin's name folds to s1's
