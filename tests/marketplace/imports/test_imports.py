"""File import and export (docs/imports.md) against the real thing: uploads over
HTTP, the imports.process job run by a real Dramatiq worker on embedded Redis,
embedded PostgreSQL. Test files are generated here (no binary fixtures)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, enter_schema
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports import service
from hansa.marketplace.imports.parsing import write_xlsx
from tests.fixtures.api import Api
from tests.fixtures.catalog import buyer_org, call, owner_of_supplier
from tests.fixtures.imports import export, run_import, upload
from tests.fixtures.jobs import Harness

ERP_CSV = (
    "\ufeffSKU;Product ref;Product name;Description;Unit of measure;Product status;Pack size;"
    "Min order qty;Order increment;Lead time days;Attributes;Variant name\r\n"
    "SR-M8-20;SR-M8;Šroub šestihranný M8;Pozinkovaný; DIN 933;ks;published;100;1,5;100;3;"
    '"{""délka_mm"": 20}";M8\u00d720\r\n'
    "SR-M8-30;SR-M8;Šroub šestihranný M8;Pozinkovaný; DIN 933;ks;published;100;1,5;100;3;;M8\u00d730\r\n"
    "MAT-8;;Matice M8 \u2013 nerez A2;;ks;draft;1 000;1000;1000;0;;\r\n"
)


def erp_csv() -> bytes:
    # the description holds a ';': quote that one cell as an ERP export would
    return ERP_CSV.replace("Pozinkovaný; DIN 933", '"Pozinkovaný; DIN 933"').encode()


async def test_erp_csv_with_semicolons_decimal_commas_and_diacritics_imports_once(
    api: Api, worker: Harness
) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    done = await run_import(api, worker, slug, owner, "products", "export ERP.csv", erp_csv())
    assert done["status"] == "done", done["errors"]
    assert (done["total_rows"], done["processed_rows"], done["error_count"]) == (3, 3, 0)
    assert done["summary"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "products_created": 2,
        "products_updated": 0,
    }
    page = await call(api, "GET", f"{base}/products?sort=name", owner)
    assert [p["name"] for p in page["items"]] == ["Matice M8 \u2013 nerez A2", "Šroub šestihranný M8"]
    bolt = page["items"][1]
    assert bolt["description"] == "Pozinkovaný; DIN 933" and bolt["unit_of_measure"] == "ks"
    assert [
        (v["sku"], v["name"], v["pack_size"], v["min_order_qty"], v["lead_time_days"], v["attributes"])
        for v in bolt["variants"]
    ] == [
        ("SR-M8-20", "M8\u00d720", "100", "1.5", 3, {"délka_mm": 20}),
        ("SR-M8-30", "M8\u00d730", "100", "1.5", 3, {}),
    ]
    nut = page["items"][0]
    assert nut["variants"][0]["min_order_qty"] == "1000" and nut["status"] == "draft"

    # the same file again changes nothing
    before = await call(api, "GET", f"{base}/products?sort=name", owner)
    again = await run_import(api, worker, slug, owner, "products", "export ERP.csv", erp_csv())
    assert again["status"] == "done"
    assert again["summary"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "products_created": 0,
        "products_updated": 0,
    }
    assert await call(api, "GET", f"{base}/products?sort=name", owner) == before
    listing = await call(api, "GET", f"{base}/imports?limit=1", owner)
    assert listing["total"] == 2 and listing["items"][0]["id"] == again["id"]


async def test_xlsx_imports_and_every_export_reimports_unchanged(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    products = write_xlsx(
        ["SKU", "Product name", "Pack size", "Attributes", "Product status"],
        [
            ["KL-1", "Klíč očkový 13 mm", Decimal("1"), '{"rozměr": "13"}', "published"],
            ["KL-2", "Klíč očkový 17 mm", Decimal("2.5"), None, "published"],
        ],
        "Produkty",
    )
    done = await run_import(api, worker, slug, owner, "products", "katalog.xlsx", products)
    assert done["status"] == "done", done["errors"]
    assert done["summary"]["created"] == 2 and done["format"] == "xlsx"
    await call(api, "POST", f"{base}/inventory/locations", owner, {"code": "PRG", "name": "Praha"}, 201)
    await call(
        api,
        "POST",
        f"{base}/price-lists",
        owner,
        {"name": "Základní", "kind": "base", "currency": "CZK"},
        201,
    )
    stock = b"sku;location;on_hand\nKL-1;PRG;12,5\nKL-2;PRG;0\n"
    assert (await run_import(api, worker, slug, owner, "inventory", "sklad.csv", stock))["status"] == "done"
    prices = write_xlsx(
        ["price_list", "currency", "sku", "min_qty", "unit_price"],
        [
            ["Základní", "CZK", "KL-1", Decimal("1"), Decimal("89.9")],
            ["Základní", "CZK", "KL-1", Decimal("10"), Decimal("79.123456")],
            ["Základní", "CZK", "KL-2", Decimal("1"), Decimal("120")],
        ],
        "Ceny",
    )
    done = await run_import(api, worker, slug, owner, "prices", "ceny.xlsx", prices)
    assert done["status"] == "done", done["errors"]
    assert done["summary"]["created"] == 2  # two (list, SKU) items
    resolved = await call(
        api,
        "POST",
        f"{base}/prices/resolve",
        owner,
        {"currency": "CZK", "lines": [{"sku": "KL-1", "quantity": "10"}]},
    )
    assert resolved["lines"][0]["unit_price"] == "79.123456"

    for kind in ("products", "inventory", "prices"):
        for fmt in ("csv", "xlsx"):
            response = await export(api, worker, slug, owner, kind, fmt)
            exported = response.content
            again = await run_import(api, worker, slug, owner, kind, f"{kind}.{fmt}", exported)
            assert again["status"] == "done", again["errors"]
            assert again["summary"]["created"] == again["summary"]["updated"] == 0, (
                kind,
                fmt,
                again["summary"],
            )
            assert again["summary"]["unchanged"] > 0
            second = await export(api, worker, slug, owner, kind, fmt)
            if fmt == "csv":
                assert second.content == exported
    csv_text = (await export(api, worker, slug, owner, "products", "csv")).content.decode("utf-8-sig")
    assert "Klíč očkový 13 mm" in csv_text and '{""rozměr"": ""13""}' in csv_text


async def test_a_file_with_errors_reports_row_and_column_and_applies_nothing(
    api: Api, worker: Harness
) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    bad = (
        b"sku;product_name;pack_size;lead_time_days\n"
        b"OK-1;Good one;1;0\n"
        b"OK-2;;1;0\n"  # new product without a name
        b"bad sku;Bad;1;0\n"
        b"OK-3;Bad number;1,2,3;x\n"
        b"OK-1;Twice;1;0\n"
    )
    failed = await run_import(api, worker, slug, owner, "products", "bad.csv", bad)
    assert failed["status"] == "failed"
    located = {(e["row"], e["column"]) for e in failed["errors"]}
    assert {(4, "sku"), (5, "pack_size"), (5, "lead_time_days")} <= located
    assert failed["error_count"] == len(failed["errors"])
    assert (await call(api, "GET", f"{base}/products", owner))["total"] == 0
    report = await api.client.get(f"{base}/imports/{failed['id']}/errors", headers=owner)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    assert "row;column;message" in report.content.decode("utf-8-sig")
    # rows that parse but break a rule against the data: also row and column, nothing applied
    second = await run_import(
        api, worker, slug, owner, "products", "b.csv", b"sku;product_name\nOK-1;A\nOK-2;\nOK-1;A\n"
    )
    assert second["status"] == "failed"
    assert {(e["row"], e["column"]) for e in second["errors"]} == {(3, "product_name"), (4, "sku")}
    assert (await call(api, "GET", f"{base}/products", owner))["total"] == 0
    stock = await run_import(
        api, worker, slug, owner, "inventory", "s.csv", b"sku,location,on_hand\nNOPE,X,1\n"
    )
    assert {(e["row"], e["column"]) for e in stock["errors"]} == {(2, "sku"), (2, "location")}
    unreadable = await run_import(api, worker, slug, owner, "products", "x.xlsx", b"not a workbook")
    assert unreadable["status"] == "failed" and unreadable["errors"][0]["row"] == 1
    await upload(api, slug, owner, "products", "notes.txt", b"sku\nA\n", status=400)


async def test_progress_is_committed_while_the_rows_are_validated_and_applied(api: Api, db: Database) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    rows = "".join(f"P-{i};Product {i}\n" for i in range(50))
    created = await service.create_import(
        db, ctx, kind="products", fmt="csv", filename="p.csv", content=f"sku;product_name\n{rows}".encode()
    )
    seen: list[tuple[str, int, int]] = []

    async def observe(_: int) -> None:
        async with db.independent_transaction() as tx:  # its own connection: only committed progress shows
            await enter_schema(tx, ctx.schema)
            job = await repo.get_job(tx, created.id)
        assert job is not None
        seen.append((job.status, job.processed_rows, job.total_rows))

    await service.process_import(db, ctx, created.id, progress_every=10, on_progress=observe)
    # the apply phase reports too, from outside its one transaction (else nobody would see it)
    steps = (10, 20, 30, 40, 50)
    assert seen == [("validating", n, 50) for n in steps] + [("applying", n, 50) for n in steps]
    done = await call(api, "GET", f"/api/v1/suppliers/{slug}/imports/{created.id}", owner)
    assert (done["status"], done["processed_rows"], done["summary"]["created"]) == ("done", 50, 50)
    # a second delivery of the job finds it done and does nothing
    await service.process_import(db, ctx, created.id)
    assert (await call(api, "GET", f"/api/v1/suppliers/{slug}/imports/{created.id}", owner))[
        "updated_at"
    ] == done["updated_at"]


async def test_other_organisations_get_404_and_viewers_403(api: Api) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    created = await upload(api, slug, owner, "inventory", "s.csv", b"sku;location;on_hand\n")
    stranger, _ = await buyer_org(api)
    await upload(api, slug, stranger, "products", "p.csv", b"sku\nA-1\n", status=404)
    for url in (f"{base}/imports", f"{base}/imports/{created['id']}", f"{base}/exports"):
        await call(api, "GET", url, stranger, status=404)
    key = await call(
        api, "POST", f"/api/v1/orgs/{org_id}/api-keys", owner, {"name": "viewer", "role": "viewer"}, 201
    )
    viewer = {"Authorization": f"Bearer {key['secret']}"}
    await upload(api, slug, viewer, "products", "p.csv", b"sku\nA-1\n", status=403)
    await call(
        api, "POST", f"{base}/bulk/variants", viewer, {"items": [{"sku": "A-1", "product_name": "A"}]}, 403
    )
    assert (await call(api, "GET", f"{base}/imports", viewer))["total"] == 1
    await call(api, "GET", f"{base}/imports/{uuid.uuid4()}", owner, status=404)
    await upload(api, slug, {}, "products", "p.csv", b"sku\nA-1\n", status=404)  # anonymous: as a stranger
