"""Rules of the apply step against real PostgreSQL and a real Dramatiq worker
(docs/imports.md): attribute columns checked against the category's schema, price
lists and locations created from a file, apply progress, the stored upload."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, enter_schema, tenant_transaction
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports import service
from hansa.marketplace.imports.parsing import write_xlsx
from tests.fixtures.api import Api
from tests.fixtures.catalog import buyer_org, call, owner_of_supplier
from tests.fixtures.imports import export, run_import
from tests.fixtures.jobs import Harness
from tests.fixtures.marketplaces import BOLT_SCHEMA, category, marketplace, ok, set_schema
from tests.fixtures.orgs import operator


async def bolt_category(api: Api) -> str:
    """hex-bolts: thread (enum, required), length (number, mm, required), stainless, standard."""
    ops = await operator(api)
    m = await marketplace(api, ops)
    hex_bolts = await category(api, ops, m["id"], "hex-bolts")
    await ok(await set_schema(api, ops, hex_bolts["id"], BOLT_SCHEMA))
    return str(hex_bolts["id"])


async def outbox(db: Database, actor: str, tenant_id: str) -> list[dict[str, Any]]:
    async with db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT payload FROM public.outbox WHERE actor = $1 AND tenant_id = $2 ORDER BY created_at",
            actor,
            uuid.UUID(tenant_id),
        )
    return [dict(r["payload"]) for r in rows]


async def test_attribute_columns_are_checked_against_the_category_schema_by_row_and_column(
    api: Api, worker: Harness
) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    hex_id = await bolt_category(api)
    bad = (
        "sku;product_ref;product_name;category_id;attr:thread;attr:length;attr:stainless;attr:colour\n"
        f"HB-1;HB;Hex bolt;{hex_id};M8;20 mm;yes;\n"  # fine
        f"HB-2;HB;Hex bolt;{hex_id};M9;30;no;\n"  # not an allowed value
        f"HB-3;HB;Hex bolt;{hex_id};M8;long;maybe;\n"  # not a number, not a boolean
        f"HB-4;HB;Hex bolt;{hex_id};;40;;red\n"  # required thread missing, unknown attribute
        f"HB-5;HB5;Other;{uuid.uuid4()};M8;40;;\n"  # no such category
    ).encode()
    failed = await run_import(api, worker, slug, owner, "products", "bolts.csv", bad)
    assert failed["status"] == "failed"
    assert {(e["row"], e["column"]) for e in failed["errors"]} == {
        (3, "attr:thread"),
        (4, "attr:length"),
        (4, "attr:stainless"),
        (5, "attr:thread"),
        (5, "attr:colour"),
        (6, "category_id"),
    }
    by_cell = {(e["row"], e["column"]): e["message"] for e in failed["errors"]}
    assert by_cell[(3, "attr:thread")] == "must be one of: M6, M8, M10"
    assert by_cell[(4, "attr:length")] == "must be a number in mm"
    assert by_cell[(5, "attr:thread")] == "required"
    assert (await call(api, "GET", f"{base}/products", owner))["total"] == 0  # all or nothing

    good = (
        "sku;product_ref;product_name;category_id;attr:thread;attr:length;attr:stainless;attr:standard\n"
        f"HB-1;HB;Hex bolt;{hex_id};M8;20 mm;yes;DIN 933\n"
        f"HB-2;HB;Hex bolt;{hex_id};M10;12,5;no;\n"
    ).encode()
    done = await run_import(api, worker, slug, owner, "products", "bolts.csv", good)
    assert done["status"] == "done", done["errors"]
    product = (await call(api, "GET", f"{base}/products", owner))["items"][0]
    assert product["category_id"] == hex_id
    assert [(v["sku"], v["attributes"]) for v in product["variants"]] == [
        ("HB-1", {"thread": "M8", "length": 20, "stainless": True, "standard": "DIN 933"}),
        ("HB-2", {"thread": "M10", "length": 12.5, "stainless": False}),
    ]
    again = await run_import(api, worker, slug, owner, "products", "bolts.csv", good)
    assert again["summary"]["unchanged"] == 2 and again["summary"]["updated"] == 0

    # a row that only changes one attribute keeps the others; the JSON column is checked too
    patch = b"sku;attr:length\nHB-2;16\n"
    assert (await run_import(api, worker, slug, owner, "products", "p.csv", patch))["summary"]["updated"] == 1
    product = (await call(api, "GET", f"{base}/products", owner))["items"][0]
    assert product["variants"][1]["attributes"] == {"thread": "M10", "length": 16, "stainless": False}
    json_bad = b'sku;attributes\nHB-1;"{""length"": 20}"\n'
    failed = await run_import(api, worker, slug, owner, "products", "j.csv", json_bad)
    assert [(e["row"], e["column"], e["message"]) for e in failed["errors"]] == [
        (2, "attributes", "thread: required")
    ]

    # the JSON bulk API goes through the same check
    response = await api.client.post(
        f"{base}/bulk/variants",
        json={"items": [{"sku": "HB-9", "product_ref": "HB-1", "attributes": {"thread": "M7", "length": 1}}]},
        headers=owner,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["items[0].attributes"]


async def test_a_price_file_creates_missing_lists_once_and_reports_missing_list_columns(
    api: Api, worker: Harness, db: Database
) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    _, buyer_id = await buyer_org(api)
    await call(
        api, "POST", f"{base}/bulk/variants", owner, {"items": [{"sku": "S-1", "product_name": "Screw"}]}
    )
    columns = [
        "price_list",
        "currency",
        "sku",
        "min_qty",
        "unit_price",
        "list_kind",
        "valid_from",
        "priority",
    ]
    bad = (
        "price_list;currency;sku;min_qty;unit_price;list_kind;buyer_org_id;valid_from;valid_to\n"
        "Typo list;EUR;S-1;1;2;;;;\n"  # unknown list without list_kind
        "Contract;;S-1;1;2;contract;;;\n"  # no currency, no buyer
        f"Base 2;EUR;S-1;1;2;base;{buyer_id};;\n"  # a base list names nobody
        f"Wrong;EUR;S-1;1;2;customer;{uuid.uuid4()};;\n"  # not a buyer organisation
        "Window;EUR;S-1;1;2;base;;2026-05-01;2026-04-01\n"  # window backwards
    ).encode()
    failed = await run_import(api, worker, slug, owner, "prices", "bad.csv", bad)
    assert {(e["row"], e["column"]) for e in failed["errors"]} == {
        (2, "price_list"),
        (3, "currency"),
        (3, "buyer_org_id"),
        (4, "buyer_org_id"),
        (5, "buyer_org_id"),
        (6, "valid_to"),
    }
    assert (await call(api, "GET", f"{base}/price-lists", owner))["total"] == 0

    prices = write_xlsx(
        [*columns, "buyer_org_id"],
        [
            ["Listă 2026", "RON", "S-1", "1", "10.5", "base", "2026-01-01", "5", None],
            ["Listă 2026", "RON", "S-1", "100", "9", "base", "2026-01-01", "5", None],
            ["Nordbau contract", "EUR", "S-1", "1", "2.1", "contract", None, None, buyer_id],
        ],
        "Prețuri",
    )
    done = await run_import(api, worker, slug, owner, "prices", "liste.xlsx", prices)
    assert done["status"] == "done", done["errors"]
    assert done["summary"]["created"] == 2
    lists = {pl["name"]: pl for pl in (await call(api, "GET", f"{base}/price-lists", owner))["items"]}
    assert set(lists) == {"Listă 2026", "Nordbau contract"}
    ron = lists["Listă 2026"]
    assert (ron["kind"], ron["currency"], ron["valid_from"], ron["valid_to"], ron["priority"]) == (
        "base",
        "RON",
        "2026-01-01",
        None,
        5,
    )
    contract = lists["Nordbau contract"]
    assert (contract["kind"], contract["buyer_org_id"], contract["currency"]) == ("contract", buyer_id, "EUR")
    events = await outbox(db, "pricing.price_list_changed", org_id)
    assert {(e["price_list_id"], e["change"]) for e in events} >= {
        (ron["id"], "created"),
        (ron["id"], "items"),
        (contract["id"], "created"),
    }
    # the same file again: no new list, nothing changed, no new event
    again = await run_import(api, worker, slug, owner, "prices", "liste.xlsx", prices)
    assert (
        again["status"] == "done" and again["summary"]["unchanged"] == 2 and again["summary"]["created"] == 0
    )
    assert (await call(api, "GET", f"{base}/price-lists", owner))["total"] == 2
    assert len(await outbox(db, "pricing.price_list_changed", org_id)) == len(events)
    # an existing list is not edited by a file: a different column is an error on its row
    other = b"price_list;currency;sku;min_qty;unit_price;priority\nListe 2026;RON;S-1;1;10.5;7\n".replace(
        b"Liste", "Listă".encode()
    )
    failed = await run_import(api, worker, slug, owner, "prices", "p.csv", other)
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [(2, "priority")]
    # the export names the list columns, so it re-imports into the same lists unchanged
    exported = (await export(api, worker, slug, owner, "prices", "csv")).content
    header = exported.decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[5:] == [
        "list_kind",
        "valid_from",
        "valid_to",
        "priority",
        "segment_id",
        "buyer_org_id",
    ]
    reimported = await run_import(api, worker, slug, owner, "prices", "export.csv", exported)
    assert reimported["summary"]["unchanged"] == 2


async def test_an_inventory_file_creates_named_locations(api: Api, worker: Harness, db: Database) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    items = [{"sku": "W-1", "product_name": "Washer"}, {"sku": "W-2", "product_name": "Nut"}]
    await call(api, "POST", f"{base}/bulk/variants", owner, {"items": items})
    unnamed = await run_import(
        api, worker, slug, owner, "inventory", "s.csv", b"sku;location;on_hand\nW-1;CLJ;5\n"
    )
    assert [(e["row"], e["column"]) for e in unnamed["errors"]] == [(2, "location")]
    stock = (
        "sku;location;on_hand;location_name\nW-1;CLJ;5;Depozit Cluj-Napoca\nW-2;CLJ;7;\nW-1;BUC;1;București\n"
    )
    done = await run_import(api, worker, slug, owner, "inventory", "s.csv", stock.encode())
    assert done["status"] == "done", done["errors"]
    assert done["summary"]["created"] == 3
    locations = await call(api, "GET", f"{base}/inventory/locations", owner)
    assert [(loc["code"], loc["name"]) for loc in locations] == [
        ("BUC", "București"),
        ("CLJ", "Depozit Cluj-Napoca"),
    ]
    events = await outbox(db, "catalog.inventory_changed", org_id)
    assert len(events) == 1 and len(events[0]["variant_ids"]) == 2
    again = await run_import(api, worker, slug, owner, "inventory", "s.csv", stock.encode())
    assert again["summary"]["unchanged"] == 3
    assert len(await call(api, "GET", f"{base}/inventory/locations", owner)) == 2
    assert len(await outbox(db, "catalog.inventory_changed", org_id)) == 1
    renamed = b"sku;location;on_hand;location_name\nW-1;CLJ;5;Cluj\n"
    failed = await run_import(api, worker, slug, owner, "inventory", "s.csv", renamed)
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [(2, "location_name")]


async def test_a_failure_while_applying_rolls_everything_back_and_fails_the_import(
    api: Api, db: Database
) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    rows = "".join(f"F-{i};Product {i}\n" for i in range(30))
    created = await service.create_import(
        db, ctx, kind="products", fmt="csv", filename="f.csv", content=f"sku;product_name\n{rows}".encode()
    )
    seen: list[tuple[str, int]] = []

    async def observe(done: int) -> None:
        async with db.independent_transaction() as tx:  # the apply transaction is open in this task
            await enter_schema(tx, ctx.schema)
            job = await repo.get_job(tx, created.id)
        assert job is not None
        seen.append((job.status, job.processed_rows))
        if job.status == "applying" and done == 20:
            raise RuntimeError("the worker was stopped")

    await service.process_import(db, ctx, created.id, progress_every=10, on_progress=observe)
    assert seen[-2:] == [("applying", 10), ("applying", 20)]
    failed = await call(api, "GET", f"/api/v1/suppliers/{slug}/imports/{created.id}", owner)
    assert failed["status"] == "failed" and failed["errors"][0]["row"] is None
    assert (await call(api, "GET", f"/api/v1/suppliers/{slug}/products", owner))["total"] == 0


async def test_the_uploaded_file_downloads_until_retention_removes_it(
    api: Api, worker: Harness, db: Database
) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    content = "sku;product_name\nȘ-1;Șurub\n".replace("Ș-1", "S-1").encode()
    done = await run_import(api, worker, slug, owner, "products", "șuruburi.csv", content)
    response = await api.client.get(f"{base}/imports/{done['id']}/file", headers=owner)
    assert response.status_code == 200 and response.content == content
    assert response.headers["content-type"].startswith("text/csv")
    old_export = (await export(api, worker, slug, owner, "products", "csv")).url.path.split("/")[-2]
    recent_export = (await export(api, worker, slug, owner, "products", "csv")).url.path.split("/")[-2]
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute("UPDATE import_job SET finished_at = now() - interval '40 days'")
        await tx.execute(
            "UPDATE export_job SET finished_at = now() - interval '40 days' WHERE id = $1",
            uuid.UUID(old_export),
        )
        assert await repo.purge_files(tx, 30) == 2  # the upload, and the old export whole
    await call(api, "GET", f"{base}/exports/{old_export}", owner, status=404)
    await call(api, "GET", f"{base}/exports/{recent_export}", owner)
    gone = await api.client.get(f"{base}/imports/{done['id']}/file", headers=owner)
    assert gone.status_code == 410 and gone.json()["code"] == "imports.file_purged"
    kept = await call(api, "GET", f"{base}/imports/{done['id']}", owner)
    assert kept["status"] == "done" and kept["file_purged_at"] is not None and kept["summary"]["created"] == 1
    await call(api, "GET", f"{base}/imports/{uuid.uuid4()}/file", owner, status=404)


async def test_moving_a_product_to_a_category_checks_the_variants_the_file_leaves_out(
    api: Api, worker: Harness
) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    hex_id = await bolt_category(api)
    free = b'sku;product_ref;product_name;attributes\nMV-1;MV;Bolt;"{""colour"": ""red""}"\nMV-2;MV;Bolt;\n'
    assert (await run_import(api, worker, slug, owner, "products", "free.csv", free))["status"] == "done"
    move = f"sku;category_id;attributes;attr:thread;attr:length\nMV-2;{hex_id};{{}};M8;30\n".encode()
    failed = await run_import(api, worker, slug, owner, "products", "move.csv", move)
    assert {(e["row"], e["column"]) for e in failed["errors"]} == {(2, "category_id")}
    assert all("variant MV-1" in e["message"] for e in failed["errors"])
    assert (await call(api, "GET", f"{base}/products", owner))["items"][0]["category_id"] is None


async def test_two_files_creating_the_same_list_at_once_create_it_once(api: Api, db: Database) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    await call(
        api, "POST", f"{base}/bulk/variants", owner, {"items": [{"sku": "C-1", "product_name": "Clip"}]}
    )
    content = b"price_list;list_kind;currency;sku;min_qty;unit_price\nConcurrent;base;EUR;C-1;1;3\n"
    jobs = [
        await service.create_import(db, ctx, kind="prices", fmt="csv", filename="c.csv", content=content)
        for _ in range(2)
    ]
    await asyncio.gather(*(service.process_import(db, ctx, job.id) for job in jobs))
    results = [await call(api, "GET", f"{base}/imports/{job.id}", owner) for job in jobs]
    assert [r["status"] for r in results] == ["done", "done"]
    assert sorted(r["summary"]["created"] for r in results) == [0, 1]
    lists = (await call(api, "GET", f"{base}/price-lists", owner))["items"]
    assert [pl["name"] for pl in lists] == ["Concurrent"]
