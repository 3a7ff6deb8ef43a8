"""Issue 9's import repairs against the real thing (docs/imports.md): a file's number
format decided once, every error in one pass, categories by path and attributes by
label, templates and the saved column mapping, bounded reading of hostile XLSX files,
formula cells neutralised in exports."""

from __future__ import annotations

import io
import json
import time
import uuid
from decimal import Decimal
from typing import Any

import openpyxl

from bench.imports_bomb import bomb_bytes
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext, tenant_transaction
from hansa.marketplace.imports import repository as repo
from hansa.marketplace.imports import service
from hansa.marketplace.imports.parsing import Limits
from tests.fixtures.api import Api
from tests.fixtures.catalog import call, owner_of_supplier
from tests.fixtures.imports import export, run_import, upload
from tests.fixtures.jobs import Harness
from tests.fixtures.marketplaces import BOLT_SCHEMA, category, marketplace, ok, set_schema
from tests.fixtures.orgs import operator


async def set_languages(db: Database, org_id: str, languages: list[str]) -> TenantContext:
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    async with tenant_transaction(db, ctx) as tx:
        await tx.execute("UPDATE supplier_profile SET languages = $1", languages)
    return ctx


async def variants(api: Api, slug: str, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    page = await call(api, "GET", f"/api/v1/suppliers/{slug}/products?limit=100", headers)
    return {v["sku"]: v for p in page["items"] for v in p["variants"]}


# -- 4. the number format ------------------------------------------------------------------------

ROMANIAN = (
    "\ufeffSKU;Denumire produs;Ambalaj;Cantitate minimă;Increment\r\n"
    "SR-1;Șurub hexagonal M8;1.000;1.000;100\r\n"
    "SR-2;Piuliță M8;2,5;1;0,5\r\n"
)
MAPPING = {
    "Denumire produs": "product_name",
    "Ambalaj": "pack_size",
    "Cantitate minimă": "min_order_qty",
    "Increment": "order_increment",
}


async def test_a_romanian_file_never_reads_1_000_as_1(api: Api, worker: Harness, db: Database) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    await set_languages(db, org_id, ["ro"])
    base = f"/api/v1/suppliers/{slug}"
    response = await api.client.post(
        f"{base}/imports?kind=products",
        files={"file": ("produse.csv", ROMANIAN.encode())},
        data={"mapping": json.dumps(MAPPING)},
        headers=owner,
    )
    assert response.status_code == 202, response.text
    await worker.drain()
    failed = await call(api, "GET", f"{base}/imports/{response.json()['id']}", owner)
    # the file shows decimal commas (2,5; 0,5): "1.000" could be 1 or 1000, so it is refused
    assert failed["status"] == "failed" and failed["number_format"] == "comma"
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [(2, "min_order_qty"), (2, "pack_size")]
    assert "ambiguous" in failed["errors"][0]["message"] and "1000" in failed["errors"][0]["message"]
    assert await variants(api, slug, owner) == {}  # nothing applied

    # written without grouping, the same file imports; the saved mapping is reused
    fixed = ROMANIAN.replace("1.000;1.000", "1000;1000").encode()
    done = await run_import(api, worker, slug, owner, "products", "produse.csv", fixed)
    assert done["status"] == "done", done["errors"]
    assert done["column_mapping"]["ambalaj"] == "pack_size"
    found = await variants(api, slug, owner)
    assert (Decimal(found["SR-1"]["pack_size"]), Decimal(found["SR-1"]["min_order_qty"])) == (1000, 1000)
    assert (Decimal(found["SR-2"]["pack_size"]), Decimal(found["SR-2"]["order_increment"])) == (
        Decimal("2.5"),
        Decimal("0.5"),
    )


async def test_the_format_comes_from_the_upload_then_the_file_then_the_supplier(
    api: Api, worker: Harness, db: Database
) -> None:
    owner, slug, org_id = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    only_grouped = b"sku;product_name;pack_size\nA-1;A;1.000\n"
    # an English-speaking supplier's file that tells nothing: decimal point, so 1.000 is 1
    done = await run_import(api, worker, slug, owner, "products", "a.csv", only_grouped)
    assert (done["status"], done["number_format"]) == ("done", "point")
    assert Decimal((await variants(api, slug, owner))["A-1"]["pack_size"]) == 1
    # a Romanian supplier's: decimal comma, where 1.000 is ambiguous
    await set_languages(db, org_id, ["ro", "en"])
    failed = await run_import(api, worker, slug, owner, "products", "a.csv", only_grouped)
    assert (failed["status"], failed["number_format"]) == ("failed", "comma")
    # chosen at upload, it wins
    created = (
        await call(api, "POST", f"{base}/imports?kind=products&number_format=point", owner, status=415)
        if False
        else None
    )
    response = await api.client.post(
        f"{base}/imports?kind=products&number_format=point",
        files={"file": ("a.csv", b"sku;pack_size\nA-1;2.000,5\n")},
        headers=owner,
    )
    assert response.status_code == 202 and created is None
    await worker.drain()
    chosen = await call(api, "GET", f"{base}/imports/{response.json()['id']}", owner)
    assert (chosen["status"], chosen["number_format"]) == ("failed", "point")
    assert [e["column"] for e in chosen["errors"]] == ["pack_size"]
    # a file mixing both is refused on row 1, with both cells named
    mixed = b"sku;pack_size;min_order_qty\nA-1;1,5;2\nA-2;1;2.5\n"
    failed = await run_import(api, worker, slug, owner, "products", "m.csv", mixed)
    assert failed["errors"][0]["row"] == 1 and "row 2, pack_size" in failed["errors"][0]["message"]
    assert "row 3, min_order_qty" in failed["errors"][0]["message"]


# -- 5. every error in one pass ------------------------------------------------------------------


async def test_a_six_row_file_reports_every_error_in_one_upload(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    await run_import(api, worker, slug, owner, "inventory", "s.csv", b"sku;location;on_hand\n")
    await run_import(
        api, worker, slug, owner, "products", "p.csv", b"sku;product_name\nW-1;Washer\nW-2;Washer 2\n"
    )
    stock = (
        b"sku;location;on_hand;colour\n"
        b"W-1;BUC;5;red\n"  # fine, apart from the header's unknown column
        b"W-2;BUC;-1;\n"  # negative stock
        b"NOPE;BUC;3;\n"  # unknown SKU (a data error)
        b"W-1;BUC;abc;\n"  # not a number and a duplicate key
        b"W-2;;2;\n"  # location missing
        b"GHOST;XX;1,5,5;\n"  # unknown SKU and not a number
    )
    failed = await run_import(api, worker, slug, owner, "inventory", "s.csv", stock)
    assert failed["status"] == "failed"
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [
        (1, "colour"),
        (2, "location"),  # BUC is not a known location: rows are checked against the data too
        (3, "location"),
        (3, "on_hand"),
        (4, "location"),
        (4, "sku"),
        (5, "location"),
        (5, "on_hand"),
        (5, "sku"),  # the same SKU and location as row 2
        (6, "location"),
        (7, "location"),
        (7, "on_hand"),
        (7, "sku"),
    ]
    assert failed["error_count"] == len(failed["errors"])


async def test_the_error_list_is_bounded_and_counts_the_rest(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    rows = "".join(f"S-{i};L;x;y\n" for i in range(1200))
    failed = await run_import(
        api, worker, slug, owner, "inventory", "s.csv", f"sku;location;on_hand;bad\n{rows}".encode()
    )
    # per row: on_hand is not a number, the SKU and the location are unknown
    assert failed["error_count"] == 1 + 3 * 1200 and len(failed["errors"]) == repo.MAX_STORED_ERRORS
    assert failed["errors"][0] == {"row": 1, "column": "bad", "message": "unknown column"}


# -- 6. categories by path or code, attributes by label ------------------------------------------


async def bolts_under_fasteners(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    ops = await operator(api)
    m = await marketplace(api, ops)
    root = await category(api, ops, m["id"], f"fasteners-{uuid.uuid4().hex[:6]}")
    hex_bolts = await category(api, ops, m["id"], "hex-bolts", root["id"])
    await ok(await set_schema(api, ops, hex_bolts["id"], BOLT_SCHEMA))
    return m, hex_bolts


async def test_a_category_path_and_attribute_labels_are_accepted(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    m, hex_bolts = await bolts_under_fasteners(api)
    path = hex_bolts["path"]
    assert "/" in path
    content = (
        "sku;product_name;category;attr:Thread;attr: Length;attr:stainless\n"
        f"HB-1;Hex bolt;{path};M8;20,5 mm;da\n"
        f"HB-2;Hex bolt 2;{m['slug']}:{path};M10;30;nu\n"
        "HB-3;Hex bolt 3;no/such/category;M10;30;nu\n"
    ).encode()
    failed = await run_import(api, worker, slug, owner, "products", "b.csv", content)
    assert [(e["row"], e["column"]) for e in failed["errors"]] == [(4, "category_id")]
    done = await run_import(api, worker, slug, owner, "products", "b.csv", content.rsplit(b"HB-3", 1)[0])
    assert done["status"] == "done", done["errors"]
    found = await variants(api, slug, owner)
    assert found["HB-1"]["attributes"] == {"thread": "M8", "length": 20.5, "stainless": True}
    page = await call(api, "GET", f"/api/v1/suppliers/{slug}/products?limit=10", owner)
    assert {p["category_id"] for p in page["items"]} == {hex_bolts["id"]}


# -- 7. templates and the column mapping ---------------------------------------------------------


async def test_templates_carry_the_category_attribute_columns(api: Api) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    _, hex_bolts = await bolts_under_fasteners(api)
    base = f"/api/v1/suppliers/{slug}/imports/templates"
    response = await api.client.get(f"{base}/products?format=csv&category={hex_bolts['path']}", headers=owner)
    assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    header = response.content.decode("utf-8-sig").strip().split(";")
    assert header[0] == "sku" and header[-4:] == [
        "attr:thread",
        "attr:length",
        "attr:stainless",
        "attr:standard",
    ]
    response = await api.client.get(f"{base}/prices?format=xlsx", headers=owner)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and [c.value for c in sheet[1]][:4] == [
        "price_list",
        "currency",
        "sku",
        "min_qty",
    ]
    bad = await api.client.get(f"{base}/products?category=nope/nope", headers=owner)
    assert bad.status_code == 400 and "category" in bad.text


async def test_the_header_check_shows_unknown_columns_and_the_saved_mapping(
    api: Api, worker: Harness
) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    erp = "Cod articol;Denumire;Stoc\r\nA-1;Șaibă;5\r\n".encode()

    async def check() -> Any:
        response = await api.client.post(
            f"{base}/imports/headers?kind=products", files={"file": ("erp.csv", erp)}, headers=owner
        )
        assert response.status_code == 200, response.text
        return response.json()

    first = await check()
    assert first["headers"] == ["Cod articol", "Denumire", "Stoc"]
    assert first["unknown"] == ["cod_articol", "denumire", "stoc"] and first["missing"] == ["sku"]
    mapping = {"Cod articol": "sku", "Denumire": "product_name", "Stoc": ""}
    response = await api.client.post(
        f"{base}/imports?kind=products",
        files={"file": ("erp.csv", erp)},
        data={"mapping": json.dumps(mapping)},
        headers=owner,
    )
    assert response.status_code == 202, response.text
    await worker.drain()
    assert (await call(api, "GET", f"{base}/imports/{response.json()['id']}", owner))["status"] == "done"
    again = await check()
    assert again["unknown"] == [] and again["missing"] == []
    assert again["mapping"] == {"cod_articol": "sku", "denumire": "product_name", "stoc": ""}
    saved = await call(api, "GET", f"{base}/imports/mappings/products", owner)
    assert saved["mapping"] == again["mapping"]
    bad = await api.client.post(
        f"{base}/imports?kind=products",
        files={"file": ("erp.csv", erp)},
        data={"mapping": json.dumps({"Stoc": "colour"})},
        headers=owner,
    )
    assert bad.status_code == 400 and "colour" in bad.text


# -- 8. hostile workbooks ------------------------------------------------------------------------


async def stored_job(
    db: Database, org_id: str, content: bytes, fmt: str = "xlsx"
) -> tuple[TenantContext, Any]:
    ctx = TenantContext.for_tenant(uuid.UUID(org_id))
    return ctx, await service.create_import(
        db, ctx, kind="products", fmt=fmt, filename=f"f.{fmt}", content=content
    )


async def finished(db: Database, ctx: TenantContext, job_id: uuid.UUID) -> Any:
    return await service.get_import(db, ctx, job_id)


async def test_a_shared_strings_bomb_is_refused_before_it_is_read(api: Api, db: Database) -> None:
    _, _, org_id = await owner_of_supplier(api)
    bomb = bomb_bytes(string_bytes=8 * 1024 * 1024)
    assert len(bomb) < 64 * 1024
    ctx, job = await stored_job(db, org_id, bomb)
    started = time.monotonic()
    await service.process_import(db, ctx, job.id, limits=Limits(max_uncompressed_bytes=4 * 1024 * 1024))
    assert time.monotonic() - started < 5
    done = await finished(db, ctx, job.id)
    assert done.status == "failed" and "expands to 8 MB" in done.errors[0].message


async def test_a_row_with_too_many_cells_and_an_overlong_cell_are_refused(api: Api, db: Database) -> None:
    _, _, org_id = await owner_of_supplier(api)
    wide = bomb_bytes(row_cells=5000)
    ctx, job = await stored_job(db, org_id, wide)
    await service.process_import(db, ctx, job.id, limits=Limits(max_columns=100))
    assert "more than 100 columns" in (await finished(db, ctx, job.id)).errors[0].message
    ctx, job = await stored_job(db, org_id, bomb_bytes(string_bytes=5000))
    await service.process_import(db, ctx, job.id, limits=Limits(max_cell_chars=1000))
    assert "more than 1000 characters" in (await finished(db, ctx, job.id)).errors[0].message


async def test_a_huge_header_cell_still_lets_the_failure_be_recorded(api: Api, db: Database) -> None:
    _, _, org_id = await owner_of_supplier(api)
    header = "x" * 30_000
    ctx, job = await stored_job(db, org_id, f"sku;{header}\nA-1;1\n".encode(), "csv")
    await service.process_import(db, ctx, job.id)
    failed = await finished(db, ctx, job.id)
    assert failed.status == "failed" and failed.errors[0].message == "unknown column"
    assert failed.errors[0].column is not None and len(failed.errors[0].column) <= repo.MAX_ERROR_COLUMN_CHARS


async def test_an_unexpected_error_ends_the_job_failed(api: Api, db: Database, monkeypatch: Any) -> None:
    _, _, org_id = await owner_of_supplier(api)
    ctx, job = await stored_job(db, org_id, b"sku\nA-1\n", "csv")

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom " * 10_000)

    monkeypatch.setattr(service, "read_sheet", broken)
    await service.process_import(db, ctx, job.id)
    failed = await finished(db, ctx, job.id)
    assert failed.status == "failed" and failed.errors[0].message == "an internal error stopped the import"


# -- 9 and 20. exports: a job, formula cells neutralised -----------------------------------------


async def test_exports_neutralise_formula_cells_and_reimport_unchanged(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    base = f"/api/v1/suppliers/{slug}"
    names = ['=HYPERLINK("http://evil.example","x")', "@SUM(A1:A2)", "+1", "-2"]
    content = "sku;product_name\n" + "".join(
        f'F-{i};"{n.replace(chr(34), 2 * chr(34))}"\n' for i, n in enumerate(names)
    )
    done = await run_import(api, worker, slug, owner, "products", "f.csv", content.encode())
    assert done["status"] == "done", done["errors"]
    csv_text = (await export(api, worker, slug, owner, "products", "csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ";'@SUM(A1:A2);" in csv_text and ";'+1;" in csv_text
    xlsx = (await export(api, worker, slug, owner, "products", "xlsx")).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    values = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert all(v.startswith("'") for v in values) and all(
        row[2].data_type == "s" for row in sheet.iter_rows(min_row=2)
    )
    again = await run_import(api, worker, slug, owner, "products", "f.xlsx", xlsx)
    assert again["summary"]["unchanged"] == len(names), again
    # the file of an export still running is not there yet
    async with worker.paused():
        queued = await call(api, "POST", f"{base}/exports?kind=products&format=csv", owner, status=202)
        await call(api, "GET", f"{base}/exports/{queued['id']}/file", owner, status=409)
    assert (await call(api, "GET", f"{base}/exports", owner))["total"] == 3


async def test_import_downloads_say_nosniff_and_one_charset(api: Api, worker: Harness) -> None:
    owner, slug, _ = await owner_of_supplier(api)
    failed = await run_import(api, worker, slug, owner, "products", "p.csv", b"sku;bad\nA-1;x\n")
    base = f"/api/v1/suppliers/{slug}/imports/{failed['id']}"
    for url in (f"{base}/errors", f"{base}/file"):
        response = await api.client.get(url, headers=owner)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
    created = await upload(api, slug, owner, "products", "p.csv", b"sku\n=1+1\n")
    assert created["status"] == "queued"
