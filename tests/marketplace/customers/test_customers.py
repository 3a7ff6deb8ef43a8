"""The buyer directory and the supplier's customers, over HTTP on real PostgreSQL:
search by partial, case- and accent-insensitive name, only active buyer companies,
best match first; approved suppliers only; the customers list gathers every
reference (terms, segments, lists, documents) with names, status, paging and sorting."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.identity.orgs import repository as org_repo
from tests.fixtures.api import Api
from tests.fixtures.browse import product, supplier
from tests.fixtures.catalog import call
from tests.fixtures.orgs import operator

PDF = b"%PDF-1.7\n" + b"datasheet " * 100


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


def token() -> str:
    """A word no other test's organisation names contain (the database is shared)."""
    return f"zq{uuid.uuid4().hex[:8]}"


async def org(db: Database, name: str, kind: str = "buyer", status: str = "active") -> str:
    org_id = uuid.uuid4()
    async with db.transaction() as tx:
        await org_repo.insert_org(tx, org_id=org_id, kind=kind, name=name, tenant_id=None)
        await tx.execute("UPDATE public.organisation SET status = $2 WHERE id = $1", org_id, status)
    return str(org_id)


async def search(
    api: Api, slug: str, headers: dict[str, str], query: str, **params: Any
) -> list[dict[str, Any]]:
    response = await api.client.get(
        f"/api/v1/suppliers/{slug}/buyer-directory", params={"q": query, **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_search_finds_active_buyers_by_partial_name_best_match_first(api: Api) -> None:
    ops = await operator(api)
    owner, slug, _ = await supplier(api, ops, "Directory Bolts SRL")
    word = token()
    exact = await org(api.db, word.upper())
    prefix = await org(api.db, f"{word} Ștefan Industries")
    inner = await org(api.db, f"Alpha {word.capitalize()} AG")
    anywhere = await org(api.db, f"Beta{word} GmbH")
    await org(api.db, f"{word} suspended", status="suspended")
    _, _, other_supplier = await supplier(api, ops, f"{word} Supplier SRL")

    found = await search(api, slug, owner, word)
    assert [b["id"] for b in found] == [exact, prefix, inner, anywhere]
    assert other_supplier not in [b["id"] for b in found]
    assert found[1] == {"id": prefix, "name": f"{word} Ștefan Industries", "is_customer": False}
    # case and accents are ignored on both sides
    assert [b["id"] for b in await search(api, slug, owner, f"{word.upper()} STEFAN")] == [prefix]
    assert [b["id"] for b in await search(api, slug, owner, f"{word} ștefan")] == [prefix]
    assert [b["id"] for b in await search(api, slug, owner, word, limit=2)] == [exact, prefix]
    # wildcards are plain characters
    assert await search(api, slug, owner, f"{word}%") == []
    # the platform organisation is never listed
    async with api.db.transaction() as tx:
        platform = await tx.fetchrow("SELECT id, name FROM public.organisation WHERE kind = 'platform'")
    assert platform is not None
    listed = await search(api, slug, owner, platform["name"][:100].strip() or "xx", limit=50)
    assert str(platform["id"]) not in [b["id"] for b in listed]
    # names only
    response = await api.client.get(
        f"/api/v1/suppliers/{slug}/buyer-directory", params={"q": word}, headers=owner
    )
    assert "@" not in response.text


async def test_search_marks_customers_and_checks_its_query(api: Api) -> None:
    ops = await operator(api)
    owner, slug, _ = await supplier(api, ops, "Query Bolts SRL")
    word = token()
    buyer = await org(api.db, f"{word} Customer SA")
    await call(
        api,
        "PUT",
        f"/api/v1/suppliers/{slug}/customer-terms/{buyer}",
        owner,
        {"currency": "EUR", "payment_terms_days": 30, "credit_limit": "5000.00"},
    )
    assert (await search(api, slug, owner, word))[0]["is_customer"] is True
    url = f"/api/v1/suppliers/{slug}/buyer-directory"
    for params in ({"q": "a"}, {}, {"q": "x" * 101}, {"q": word, "limit": "51"}, {"q": word, "limit": "0"}):
        assert (await api.client.get(url, params=params, headers=owner)).status_code == 400, params
    blank = await api.client.get(url, params={"q": "  a  "}, headers=owner)
    assert blank.status_code == 400 and blank.json()["code"] == "customers.invalid_query"


async def test_only_approved_suppliers_search_and_strangers_get_404(api: Api) -> None:
    ops = await operator(api)
    pending, pending_slug, _ = await supplier(api, ops, "Pending Bolts SRL", approve=False)
    response = await api.client.get(
        f"/api/v1/suppliers/{pending_slug}/buyer-directory", params={"q": "buyer"}, headers=pending
    )
    assert response.status_code == 403
    assert response.json()["code"] == "customers.supplier_not_approved"
    assert "approved" in response.json()["detail"]
    # its customers list (what it references itself) stays readable
    assert (await call(api, "GET", f"/api/v1/suppliers/{pending_slug}/customers", pending))["total"] == 0
    owner, slug, _ = await supplier(api, ops, "Victim Bolts SRL")
    stranger, _, _ = await supplier(api, ops, "Stranger Bolts SRL")
    buyer = await org(api.db, f"{token()} Secret Buyer")
    await call(
        api,
        "PUT",
        f"/api/v1/suppliers/{slug}/customer-terms/{buyer}",
        owner,
        {"currency": "EUR", "payment_terms_days": 30},
    )
    for path in ("/buyer-directory?q=secret", f"/buyer-directory/names?ids={buyer}", "/customers"):
        response = await api.client.get(f"/api/v1/suppliers/{slug}{path}", headers=stranger)
        assert response.status_code == 404, path
        assert buyer not in response.text


async def test_names_resolve_buyer_ids_in_one_call(api: Api) -> None:
    ops = await operator(api)
    owner, slug, supplier_id = await supplier(api, ops, "Names Bolts SRL")
    word = token()
    first = await org(api.db, f"{word} B")
    second = await org(api.db, f"{word} A", status="suspended")
    response = await api.client.get(
        f"/api/v1/suppliers/{slug}/buyer-directory/names",
        params={"ids": [first, second, supplier_id, str(uuid.uuid4()), first]},
        headers=owner,
    )
    assert response.status_code == 200, response.text
    assert response.json()["items"] == [
        {"id": second, "name": f"{word} A", "status": "suspended"},
        {"id": first, "name": f"{word} B", "status": "active"},
    ]
    url = f"/api/v1/suppliers/{slug}/buyer-directory/names"
    assert (await api.client.get(url, headers=owner)).status_code == 400
    assert (await api.client.get(url, params={"ids": "not-a-uuid"}, headers=owner)).status_code == 400


async def test_customers_gathers_every_reference_with_names_paging_and_sorting(api: Api) -> None:
    ops = await operator(api)
    owner, slug, _ = await supplier(api, ops, "Customers Bolts SRL")
    base = f"/api/v1/suppliers/{slug}"
    word = token()
    termed = await org(api.db, f"{word} Delta")
    member = await org(api.db, f"{word} Alpha")
    listed = await org(api.db, f"{word} Charlie")
    named = await org(api.db, f"{word} Bravo")
    gone = await org(api.db, f"{word} Echo")
    await org(api.db, f"{word} Foxtrot")  # referenced nowhere: not a customer

    await call(
        api,
        "PUT",
        f"{base}/customer-terms/{termed}",
        owner,
        {"currency": "RON", "payment_terms_days": 45, "credit_limit": "12000.50"},
    )
    for name in ("Gold", "Export"):
        segment = await call(api, "POST", f"{base}/segments", owner, {"name": name}, 201)
        await call(
            api, "PUT", f"{base}/segments/{segment['id']}/members", owner, {"buyer_org_ids": [member, gone]}
        )
    for kind in ("customer", "contract"):
        await call(
            api,
            "POST",
            f"{base}/price-lists",
            owner,
            {"name": f"{kind} list", "kind": kind, "currency": "EUR", "buyer_org_id": listed},
            201,
        )
    bolt = await call(api, "POST", f"{base}/products", owner, product("Hex bolt", "HB-1", None), 201)
    response = await api.client.post(
        f"{base}/products/{bolt['id']}/media",
        files={"file": ("sheet.pdf", PDF, "application/pdf")},
        data={"kind": "document", "visibility": "buyers", "buyer_org_ids": named},
        headers=owner,
    )
    assert response.status_code == 201, response.text
    async with api.db.transaction() as tx:  # the organisation disappears; the reference stays
        await tx.execute("DELETE FROM public.organisation WHERE id = $1", uuid.UUID(gone))

    page = await call(api, "GET", f"{base}/customers", owner)
    assert page["total"] == 5
    assert [c["name"] for c in page["items"]] == [
        f"{word} {n}" for n in ("Alpha", "Bravo", "Charlie", "Delta")
    ] + [None]
    by_id = {c["buyer_org_id"]: c for c in page["items"]}
    assert by_id[termed]["terms"] == {"payment_terms_days": 45, "credit_limit": "12000.50", "currency": "RON"}
    assert by_id[termed]["segments"] == [] and by_id[termed]["price_list_count"] == 0
    assert by_id[member]["segments"] == ["Export", "Gold"] and by_id[member]["terms"] is None
    assert by_id[listed]["price_list_count"] == 2 and by_id[listed]["status"] == "active"
    assert by_id[named]["document_count"] == 1
    assert by_id[gone] == {
        "buyer_org_id": gone,
        "name": None,
        "status": "unknown",
        "terms": None,
        "segments": ["Export", "Gold"],
        "price_list_count": 0,
        "document_count": 0,
    }
    # paging and sorting
    first = await call(api, "GET", f"{base}/customers?limit=2&offset=0&sort=-name", owner)
    second = await call(api, "GET", f"{base}/customers?limit=2&offset=2&sort=-name", owner)
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [c["name"] for c in first["items"] + second["items"]] == [
        f"{word} {n}" for n in ("Delta", "Charlie", "Bravo", "Alpha")
    ]
    assert (await call(api, "GET", f"{base}/customers?offset=10", owner)) == {
        "items": [],
        "total": 5,
        "limit": 50,
        "offset": 10,
    }
    # filter by name, folded like the directory
    found = await call(api, "GET", f"{base}/customers?q=CHARLÍE", owner)
    assert [c["buyer_org_id"] for c in found["items"]] == [listed] and found["total"] == 1
    # a suspended buyer still shows, marked
    async with api.db.transaction() as tx:
        await tx.execute(
            "UPDATE public.organisation SET status = 'suspended' WHERE id = $1", uuid.UUID(termed)
        )
    suspended = await call(api, "GET", f"{base}/customers?q=delta", owner)
    assert [c["status"] for c in suspended["items"]] == ["suspended"]
    assert (await api.client.get(f"{base}/customers?sort=created_at", headers=owner)).status_code == 400
