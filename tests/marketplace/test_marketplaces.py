"""Marketplaces of issue 5 through the HTTP API: an operator builds a vertical
marketplace with a three-level taxonomy and attribute schemas, a supplier applies
to list, the operator approves or rejects with a reason, the public sees active
marketplaces only; and ``validate_attributes``, which the catalog calls."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.marketplace.marketplaces.service import validate_attributes
from tests.conftest import unique_slug
from tests.fixtures.api import Api
from tests.fixtures.marketplaces import BOLT_SCHEMA, category, marketplace, ok, set_schema
from tests.fixtures.orgs import new_org, operator, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def build_taxonomy(api: Api, ops: dict[str, str]) -> dict[str, Any]:
    """fasteners > bolts > hex-bolts, plus fasteners > nuts and tools (top level)."""
    m = await marketplace(api, ops, description="Fasteners and tools")
    fasteners = await category(api, ops, m["id"], "fasteners")
    tools = await category(api, ops, m["id"], "tools")
    bolts = await category(api, ops, m["id"], "bolts", fasteners["id"])
    nuts = await category(api, ops, m["id"], "nuts", fasteners["id"])
    hex_bolts = await category(api, ops, m["id"], "hex-bolts", bolts["id"])
    await ok(
        await set_schema(
            api,
            ops,
            fasteners["id"],
            [
                {
                    "code": "material",
                    "name": "Material",
                    "type": "enum",
                    "allowed_values": ["steel", "inox", "brass"],
                    "required": True,
                }
            ],
        )
    )
    await ok(await set_schema(api, ops, hex_bolts["id"], BOLT_SCHEMA))
    return {"m": m, "fasteners": fasteners, "tools": tools, "bolts": bolts, "nuts": nuts, "hex": hex_bolts}


async def test_operator_builds_a_vertical_marketplace_with_a_three_level_taxonomy(api: Api) -> None:
    ops = await operator(api)
    t = await build_taxonomy(api, ops)
    m = t["m"]
    assert m["kind"] == "vertical" and m["status"] == "active"
    assert t["hex"]["path"] == "fasteners/bolts/hex-bolts" and t["hex"]["depth"] == 2
    assert [a["code"] for a in t["hex"]["attributes"]] == []  # as created

    tree = await ok(await api.client.get(f"/api/v1/operator/marketplaces/{m['id']}/categories", headers=ops))
    assert [c["path"] for c in tree["categories"]] == [
        "fasteners",
        "fasteners/bolts",
        "fasteners/bolts/hex-bolts",
        "fasteners/nuts",
        "tools",
    ]
    hex_node = next(c for c in tree["categories"] if c["id"] == t["hex"]["id"])
    assert [a["code"] for a in hex_node["attributes"]] == ["thread", "length", "stainless", "standard"]
    length = next(a for a in hex_node["attributes"] if a["code"] == "length")
    assert length["unit"] == "mm" and length["type"] == "number" and length["required"] is True

    # the same slug under the same parent is refused; under another parent it is fine
    dup = await api.client.post(
        f"/api/v1/operator/marketplaces/{m['id']}/categories",
        json={"slug": "bolts", "name": "Bolts again", "parent_id": t["fasteners"]["id"]},
        headers=ops,
    )
    assert dup.status_code == 409
    await category(api, ops, m["id"], "bolts", t["tools"]["id"])

    # rename rewrites the paths below; reorder puts tools first; move carries the subtree
    renamed = await ok(
        await api.client.patch(
            f"/api/v1/operator/categories/{t['bolts']['id']}",
            json={"slug": "screws-bolts", "name": "Screws"},
            headers=ops,
        )
    )
    assert renamed["path"] == "fasteners/screws-bolts" and renamed["name"] == "Screws"
    moved = await ok(
        await api.client.post(
            f"/api/v1/operator/categories/{t['tools']['id']}/move",
            json={"parent_id": None, "position": 0},
            headers=ops,
        )
    )
    assert moved["position"] == 0
    tree = await ok(await api.client.get(f"/api/v1/marketplaces/{m['slug']}/categories"))
    assert [c["path"] for c in tree["categories"]] == [
        "tools",
        "tools/bolts",
        "fasteners",
        "fasteners/screws-bolts",
        "fasteners/screws-bolts/hex-bolts",
        "fasteners/nuts",
    ]
    moved = await ok(
        await api.client.post(
            f"/api/v1/operator/categories/{t['bolts']['id']}/move",
            json={"parent_id": t["nuts"]["id"]},
            headers=ops,
        )
    )
    assert moved["path"] == "fasteners/nuts/screws-bolts" and moved["depth"] == 2
    detail = await ok(await api.client.get(f"/api/v1/categories/{t['hex']['id']}"))
    assert [b["slug"] for b in detail["breadcrumbs"]] == ["fasteners", "nuts", "screws-bolts", "hex-bolts"]
    # the effective schema: the ancestors' definitions, then its own
    assert [a["code"] for a in detail["schema"]] == ["material", "thread", "length", "stainless", "standard"]

    # no cycles: a category cannot move under its own descendant
    cycle = await api.client.post(
        f"/api/v1/operator/categories/{t['fasteners']['id']}/move",
        json={"parent_id": t["hex"]["id"]},
        headers=ops,
    )
    assert cycle.status_code == 422 and cycle.json()["code"] == "marketplaces.category_cycle"

    # delete only when empty
    refused = await api.client.delete(f"/api/v1/operator/categories/{t['bolts']['id']}", headers=ops)
    assert refused.status_code == 409 and refused.json()["code"] == "marketplaces.category_not_empty"
    await ok(await api.client.delete(f"/api/v1/operator/categories/{t['hex']['id']}", headers=ops), 204)
    await ok(await api.client.delete(f"/api/v1/operator/categories/{t['bolts']['id']}", headers=ops), 204)

    # updates and the audit trail
    updated = await ok(
        await api.client.patch(
            f"/api/v1/operator/marketplaces/{m['id']}", json={"name": "Fasteners Hub"}, headers=ops
        )
    )
    assert updated["name"] == "Fasteners Hub" and updated["slug"] == m["slug"]
    trail = await ok(
        await api.client.get("/api/v1/operator/audit", params={"action": "categories."}, headers=ops)
    )
    actions = {e["action"] for e in trail["items"]}
    assert {"categories.created", "categories.renamed", "categories.moved", "categories.deleted"} <= actions


async def test_bad_attribute_definitions_answer_422_with_field_errors(api: Api) -> None:
    ops = await operator(api)
    m = await marketplace(api, ops)
    c = await category(api, ops, m["id"], "cables")
    bad = [
        {"code": "Colour", "name": "Colour", "type": "text"},
        {"code": "gauge", "name": "Gauge", "type": "enum"},
        {"code": "insulated", "name": "Insulated", "type": "boolean", "unit": "mm"},
        {"code": "length", "name": "Length", "type": "number", "allowed_values": ["1"]},
        {"code": "length", "name": "Length again", "type": "number"},
        {"code": "weight", "name": "Weight", "type": "float"},
    ]
    response = await set_schema(api, ops, c["id"], bad)
    assert response.status_code == 422, response.text
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {
        "attributes[0].code",
        "attributes[1].allowed_values",
        "attributes[2].unit",
        "attributes[3].allowed_values",
        "attributes[4].code",
        "attributes[5].type",
    }
    # nothing was stored; a good schema replaces by code and keeps ids
    first = await ok(await set_schema(api, ops, c["id"], BOLT_SCHEMA))
    second = await ok(await set_schema(api, ops, c["id"], BOLT_SCHEMA[1:2]))
    assert [a["code"] for a in second["attributes"]] == ["length"]
    assert second["attributes"][0]["id"] == next(
        a["id"] for a in first["attributes"] if a["code"] == "length"
    )

    # a horizontal marketplace has no taxonomy of its own
    h = await marketplace(api, ops, kind="horizontal")
    own = await api.client.post(
        f"/api/v1/operator/marketplaces/{h['id']}/categories", json={"slug": "x", "name": "X"}, headers=ops
    )
    assert own.status_code == 409 and own.json()["code"] == "marketplaces.horizontal_has_no_taxonomy"
    union = await ok(await api.client.get(f"/api/v1/marketplaces/{h['slug']}/categories"))
    assert c["id"] in {x["id"] for x in union["categories"]}


async def test_supplier_applies_operator_decides_supplier_sees_the_outcome(api: Api) -> None:
    ops = await operator(api)
    m = await marketplace(api, ops)
    _, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Bolt & Nut SRL", slug=unique_slug("sup"))
    org = supplier["id"]
    applied = await ok(
        await api.client.post(
            f"/api/v1/orgs/{org}/listings", json={"marketplace_id": m["id"]}, headers=owner
        ),
        201,
    )
    assert applied["status"] == "pending" and applied["marketplace_slug"] == m["slug"]
    twice = await api.client.post(
        f"/api/v1/orgs/{org}/listings", json={"marketplace_id": m["id"]}, headers=owner
    )
    assert twice.status_code == 409

    waiting = await ok(
        await api.client.get(
            "/api/v1/operator/listings", params={"marketplace_id": m["id"], "status": "pending"}, headers=ops
        )
    )
    assert [i["id"] for i in waiting["items"]] == [applied["id"]] and waiting["total"] == 1
    assert waiting["items"][0]["supplier_name"] == "Bolt & Nut SRL"
    assert applied["supplier_name"] == "Bolt & Nut SRL" and applied["supplier_slug"]

    no_reason = await api.client.post(
        f"/api/v1/operator/listings/{applied['id']}/reject", json={"reason": ""}, headers=ops
    )
    assert no_reason.status_code == 400
    rejected = await ok(
        await api.client.post(
            f"/api/v1/operator/listings/{applied['id']}/reject",
            json={"reason": "no ISO 9001 certificate"},
            headers=ops,
        )
    )
    assert rejected["status"] == "rejected"
    mine = await ok(await api.client.get(f"/api/v1/orgs/{org}/listings", headers=owner))
    assert [(x["status"], x["reason"]) for x in mine] == [("rejected", "no ISO 9001 certificate")]
    assert rejected["supplier_name"] == mine[0]["supplier_name"] == "Bolt & Nut SRL"
    cannot = await api.client.post(f"/api/v1/operator/listings/{applied['id']}/approve", headers=ops)
    assert cannot.status_code == 409

    # re-apply, approved, then withdrawn by the supplier
    again = await ok(
        await api.client.post(
            f"/api/v1/orgs/{org}/listings", json={"marketplace_id": m["id"]}, headers=owner
        ),
        201,
    )
    assert again["id"] == applied["id"] and again["status"] == "pending" and again["reason"] is None
    approved = await ok(
        await api.client.post(f"/api/v1/operator/listings/{applied['id']}/approve", headers=ops)
    )
    assert approved["status"] == "approved" and approved["decided_by"] is not None
    mine = await ok(await api.client.get(f"/api/v1/orgs/{org}/listings", headers=owner))
    assert mine[0]["status"] == "approved"
    withdrawn = await ok(
        await api.client.post(f"/api/v1/orgs/{org}/listings/{applied['id']}/withdraw", headers=owner)
    )
    assert withdrawn["status"] == "withdrawn"

    trail = await ok(
        await api.client.get("/api/v1/operator/audit", params={"target_id": applied["id"]}, headers=ops)
    )
    actions = [e["action"] for e in trail["items"]]
    assert {"listings.applied", "listings.rejected", "listings.approved", "listings.withdrawn"} <= set(
        actions
    )
    reject_entry = next(e for e in trail["items"] if e["action"] == "listings.rejected")
    assert reject_entry["after"]["reason"] == "no ISO 9001 certificate"

    # an archived marketplace takes no applications
    other = await marketplace(api, ops)
    await ok(await api.client.post(f"/api/v1/operator/marketplaces/{other['id']}/archive", headers=ops))
    closed = await api.client.post(
        f"/api/v1/orgs/{org}/listings", json={"marketplace_id": other["id"]}, headers=owner
    )
    assert closed.status_code == 404


async def test_other_organisations_and_non_operators_get_404(api: Api) -> None:
    ops = await operator(api)
    t = await build_taxonomy(api, ops)
    m = t["m"]
    _, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Victim Supplies", slug=unique_slug("sup"))
    listing = await ok(
        await api.client.post(
            f"/api/v1/orgs/{supplier['id']}/listings", json={"marketplace_id": m["id"]}, headers=owner
        ),
        201,
    )
    _, stranger = await signed_in(api)
    own = await new_org(api, stranger, kind="supplier", name="Eve Supplies", slug=unique_slug("eve"))
    calls = [
        ("GET", f"/api/v1/orgs/{supplier['id']}/listings", None),
        ("POST", f"/api/v1/orgs/{supplier['id']}/listings", {"marketplace_id": m["id"]}),
        ("POST", f"/api/v1/orgs/{supplier['id']}/listings/{listing['id']}/withdraw", None),
        ("POST", f"/api/v1/orgs/{own['id']}/listings/{listing['id']}/withdraw", None),
        ("GET", "/api/v1/operator/marketplaces", None),
        (
            "POST",
            "/api/v1/operator/marketplaces",
            {"slug": unique_slug("x"), "name": "X", "kind": "vertical"},
        ),
        ("GET", f"/api/v1/operator/marketplaces/{m['id']}", None),
        ("POST", f"/api/v1/operator/marketplaces/{m['id']}/archive", None),
        ("POST", f"/api/v1/operator/marketplaces/{m['id']}/categories", {"slug": "evil", "name": "Evil"}),
        ("PATCH", f"/api/v1/operator/categories/{t['hex']['id']}", {"name": "Evil"}),
        ("DELETE", f"/api/v1/operator/categories/{t['hex']['id']}", None),
        ("PUT", f"/api/v1/operator/categories/{t['hex']['id']}/attributes", {"attributes": []}),
        ("GET", "/api/v1/operator/listings", None),
        ("POST", f"/api/v1/operator/listings/{listing['id']}/approve", None),
        ("POST", f"/api/v1/operator/listings/{listing['id']}/reject", {"reason": "evil"}),
    ]
    for method, url, body in calls:
        response = await api.client.request(method, url, json=body, headers=stranger)
        assert response.status_code == 404, (method, url, response.text)
        assert "Victim Supplies" not in response.text
    # the stranger's own supplier sees none of the victim's applications
    assert await ok(await api.client.get(f"/api/v1/orgs/{own['id']}/listings", headers=stranger)) == []
    # a sales key of the supplier may read its applications but not apply or withdraw
    key = await ok(
        await api.client.post(
            f"/api/v1/orgs/{supplier['id']}/api-keys", json={"name": "crm", "role": "sales"}, headers=owner
        ),
        201,
    )
    sales = {"Authorization": f"Bearer {key['secret']}"}
    mine = await ok(await api.client.get(f"/api/v1/orgs/{supplier['id']}/listings", headers=sales))
    assert [x["status"] for x in mine] == ["pending"]
    refused = await api.client.post(
        f"/api/v1/orgs/{supplier['id']}/listings/{listing['id']}/withdraw", headers=sales
    )
    assert refused.status_code == 403
    tree = await ok(await api.client.get(f"/api/v1/operator/marketplaces/{m['id']}/categories", headers=ops))
    assert len(tree["categories"]) == 5  # unchanged


async def test_public_routes_show_active_marketplaces_only(api: Api) -> None:
    ops = await operator(api)
    live = await marketplace(api, ops)
    gone = await marketplace(api, ops)
    c = await category(api, ops, gone["id"], "pumps")
    await ok(await api.client.post(f"/api/v1/operator/marketplaces/{gone['id']}/archive", headers=ops))
    listed = {m["slug"] for m in await ok(await api.client.get("/api/v1/marketplaces"))}
    assert live["slug"] in listed and gone["slug"] not in listed
    assert (await api.client.get(f"/api/v1/marketplaces/{live['slug']}")).status_code == 200
    assert (await api.client.get(f"/api/v1/marketplaces/{gone['slug']}")).status_code == 404
    assert (await api.client.get(f"/api/v1/marketplaces/{gone['slug']}/categories")).status_code == 404
    assert (await api.client.get(f"/api/v1/categories/{c['id']}")).status_code == 404
    assert (await api.client.get(f"/api/v1/categories/{uuid.uuid4()}")).status_code == 404
    # operators still see it, and can restore it
    archived = await ok(await api.client.get(f"/api/v1/operator/marketplaces/{gone['id']}", headers=ops))
    assert archived["status"] == "archived" and archived["archived_at"]
    page = await ok(
        await api.client.get("/api/v1/operator/marketplaces", params={"search": gone["slug"]}, headers=ops)
    )
    assert [x["id"] for x in page["items"]] == [gone["id"]]
    await ok(await api.client.post(f"/api/v1/operator/marketplaces/{gone['id']}/restore", headers=ops))
    assert (await api.client.get(f"/api/v1/categories/{c['id']}")).status_code == 200


async def test_validate_attributes(api: Api) -> None:
    ops = await operator(api)
    t = await build_taxonomy(api, ops)
    hex_id = uuid.UUID(t["hex"]["id"])
    async with api.db.transaction() as tx:
        good = {
            "material": "inox",
            "thread": "M8",
            "length": Decimal("40"),
            "stainless": True,
            "standard": "DIN 933",
        }
        assert await validate_attributes(tx, hex_id, good) == []
        assert (
            await validate_attributes(tx, hex_id, {"material": "steel", "thread": "M6", "length": 12.5}) == []
        )
        errors = await validate_attributes(
            tx,
            hex_id,
            {"material": "wood", "length": "40", "stainless": "yes", "standard": 7, "colour": "red"},
        )
        by_field = {e["field"]: e["message"] for e in errors}
        assert set(by_field) == {
            "attributes.material",
            "attributes.thread",
            "attributes.length",
            "attributes.stainless",
            "attributes.standard",
            "attributes.colour",
        }
        assert "steel" in by_field["attributes.material"]
        assert by_field["attributes.thread"] == "required"
        assert by_field["attributes.length"] == "must be a number"
        # booleans are not numbers, NaN is not a number, null counts as missing
        errors = await validate_attributes(
            tx, hex_id, {"material": "inox", "thread": None, "length": True, "stainless": None}
        )
        assert {e["field"] for e in errors} == {"attributes.thread", "attributes.length"}
        nan = await validate_attributes(
            tx, hex_id, {"material": "inox", "thread": "M8", "length": float("nan")}
        )
        assert [e["field"] for e in nan] == ["attributes.length"]
        # a category without a schema accepts nothing unknown; an unknown category is one error
        assert await validate_attributes(tx, uuid.UUID(t["tools"]["id"]), {}) == []
        assert await validate_attributes(tx, uuid.uuid4(), {}) == [
            {"field": "category_id", "message": "no such category"}
        ]
