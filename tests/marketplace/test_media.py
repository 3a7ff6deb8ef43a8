"""Product images and documents (issue 5, item 2): the local file storage refuses
unsafe keys; supplier users upload with checks on type, content and size; downloads
honour visibility (public, signed in, named buyer companies) and answer 404 for
anything not visible."""

from __future__ import annotations

import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.files import FileMissing, InvalidKey, LocalFileStorage, check_key, storage_for
from hansa.marketplace.media.service import clean_filename
from tests.fixtures.api import Api
from tests.fixtures.browse import Market, acting_buyer, build_market, supplier
from tests.fixtures.catalog import call
from tests.fixtures.media import PDF, PNG, upload
from tests.fixtures.orgs import signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


# --------------------------------------------------------------------------- storage


async def test_local_storage_puts_reads_and_deletes(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path / "files")
    stored = await storage.put("tenants/abc/media/one.pdf", PDF, "application/pdf")
    assert stored.size == len(PDF) and stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert await storage.exists("tenants/abc/media/one.pdf")
    assert await storage.get("tenants/abc/media/one.pdf") == PDF
    assert b"".join([chunk async for chunk in storage.open("tenants/abc/media/one.pdf")]) == PDF
    streamed = await storage.put("tenants/abc/media/two", io.BytesIO(PNG * 5000), "image/png")
    assert streamed.size == len(PNG) * 5000
    assert not [p for p in (tmp_path / "files/tenants/abc/media").iterdir() if p.name.startswith(".upload-")]
    await storage.delete("tenants/abc/media/one.pdf")
    await storage.delete("tenants/abc/media/one.pdf")  # idempotent
    assert not await storage.exists("tenants/abc/media/one.pdf")
    with pytest.raises(FileMissing):
        await storage.get("tenants/abc/media/one.pdf")


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../etc/passwd",
        "a/../../b",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "a/..",
        ".hidden",
        "a\\b",
        "a/b\x00",
        "é",
    ],
)
async def test_local_storage_refuses_unsafe_keys(tmp_path: Path, key: str) -> None:
    storage = LocalFileStorage(tmp_path / "files")
    with pytest.raises(InvalidKey):
        check_key(key)
    with pytest.raises(InvalidKey):
        await storage.put(key, b"x", "text/plain")
    assert not (tmp_path / "etc").exists()


async def test_local_storage_refuses_a_symlink_out_of_its_root(tmp_path: Path) -> None:
    root = tmp_path / "files"
    root.mkdir()
    (tmp_path / "outside").mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(InvalidKey):
        await LocalFileStorage(root).put("link/x", b"x", "text/plain")
    assert not (tmp_path / "outside" / "x").exists()


def test_the_backend_is_chosen_by_settings(settings: Settings) -> None:
    assert isinstance(storage_for(settings), LocalFileStorage)
    with pytest.raises(RuntimeError):
        storage_for(settings.model_copy(update={"files_backend": "s3"}))


def test_filenames_are_cleaned() -> None:
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\docs\\sheet.pdf") == "sheet.pdf"
    assert clean_filename("a\r\nb.pdf") == "ab.pdf"
    assert clean_filename("..") == "file"


# --------------------------------------------------------------------------- HTTP


async def test_uploads_are_checked_and_visibility_is_enforced_on_download(api: Api) -> None:
    market = await build_market(api)
    photo = await upload(api, market, PNG, "image/png", kind="image")
    assert photo["size"] == len(PNG) and photo["sha256"] == hashlib.sha256(PNG).hexdigest()
    public = await upload(api, market, PDF, "application/pdf", title="Datasheet")
    signed = await upload(api, market, PDF, "application/pdf", visibility="signed_in")
    named = await upload(
        api, market, PDF, "application/pdf", visibility="buyers", buyer_org_ids=market.buyer_id
    )
    # checks: type per kind, content matching its type, empty, unknown buyer, not multipart, viewer role
    await upload(api, market, PDF, "application/pdf", kind="image", status=422)
    await upload(api, market, b"<html><script>", "image/png", kind="image", status=422)
    await upload(api, market, b"<html>", "text/html", status=422)
    await upload(api, market, b"", "application/pdf", status=422)
    await upload(
        api, market, PDF, "application/pdf", visibility="buyers", buyer_org_ids=market.supplier_id, status=422
    )
    await upload(api, market, PDF, "application/pdf", visibility="everyone", status=422)
    media_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/media"
    assert (await api.client.post(media_url, json={"kind": "image"}, headers=market.owner)).status_code == 415
    assert (
        await api.client.post(media_url, files={"file": ("x", PNG, "image/png")})
    ).status_code == 404  # anonymous: as a stranger
    listed = await call(api, "GET", media_url, market.owner)
    assert [m["id"] for m in listed] == [photo["id"], public["id"], signed["id"], named["id"]]
    assert listed[3]["buyer_org_ids"] == [market.buyer_id]

    _, stranger = await signed_in(api)  # signed in, no organisation

    async def status_of(media: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        return (await api.client.get(media["url"], headers=headers)).status_code

    # public: anyone
    response = await api.client.get(public["url"])
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert (await api.client.get(photo["url"])).content == PNG
    # signed in: any signed-in user
    assert await status_of(signed) == 404
    assert await status_of(signed, stranger) == 200
    # buyers: only the named buyer company, and the supplier's own members
    assert await status_of(named) == 404
    assert await status_of(named, stranger) == 404
    assert await status_of(named, market.other_buyer) == 404
    assert await status_of(named, market.buyer) == 200
    assert await status_of(named, market.owner) == 200
    # a member of the named buyer acting for another company does not see it
    assert await status_of(named, (await _switch(api, market.buyer))) == 404
    # the product page lists what the caller may download, never the named buyers
    page_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/public"
    anonymous = await call(api, "GET", page_url, {})
    assert [d["id"] for d in anonymous["documents"]] == [public["id"]]
    assert [i["id"] for i in anonymous["images"]] == [photo["id"]]
    assert [d["id"] for d in (await call(api, "GET", page_url, stranger))["documents"]] == [
        public["id"],
        signed["id"],
    ]
    assert [d["id"] for d in (await call(api, "GET", page_url, market.other_buyer))["documents"]] == [
        public["id"],
        signed["id"],
    ]
    mine = await call(api, "GET", page_url, await _switch_back(api, market))
    assert [d["id"] for d in mine["documents"]] == [public["id"], signed["id"], named["id"]]
    assert market.buyer_id not in (await api.client.get(page_url, headers=market.buyer)).text
    # change visibility: name the other buyer instead
    patched = await call(
        api,
        "PATCH",
        f"{media_url}/{named['id']}",
        market.owner,
        {"buyer_org_ids": [market.other_buyer_id], "title": "Certificate"},
    )
    assert patched["buyer_org_ids"] == [market.other_buyer_id] and patched["title"] == "Certificate"
    assert await status_of(named, market.buyer) == 404
    assert await status_of(named, market.other_buyer) == 200
    await call(api, "PATCH", f"{media_url}/{named['id']}", market.owner, {"visibility": "public"})
    assert await status_of(named) == 200
    await call(
        api, "PATCH", f"{media_url}/{named['id']}", market.owner, {"buyer_org_ids": [market.supplier_id]}, 422
    )
    # a draft product's files are visible to the supplier only
    await call(
        api,
        "PATCH",
        f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}",
        market.owner,
        {"status": "draft"},
    )
    assert await status_of(public) == 404
    assert await status_of(public, market.owner) == 200
    # delete: gone from the list, the download and the storage
    await call(api, "DELETE", f"{media_url}/{public['id']}", market.owner, status=204)
    assert await status_of(public, market.owner) == 404
    assert [m["id"] for m in await call(api, "GET", media_url, market.owner)] == [
        photo["id"],
        signed["id"],
        named["id"],
    ]
    files = list((api.settings.data_dir / "files").rglob("*"))
    assert sum(1 for f in files if f.is_file()) == 3
    # another product's id, an unknown id
    other = f"/api/v1/suppliers/{market.supplier}/products/{market.wrench['id']}/media/{photo['id']}"
    assert (await api.client.delete(other, headers=market.owner)).status_code == 404
    assert (
        await api.client.get(f"/api/v1/suppliers/{market.supplier}/media/{market.bolt['id']}")
    ).status_code == 404


async def test_upload_size_limit(api: Api, settings: Settings) -> None:
    async with AsyncTestClient(
        app=create_app(settings.model_copy(update={"media_max_bytes": 1024}))
    ) as client:
        small = Api(client, api.db, settings)
        market = await build_market(small)
        await upload(small, market, PDF + b"x" * 2048, "application/pdf", status=422)
        ok = await upload(small, market, PDF[:1000], "application/pdf")
        assert ok["size"] == 1000


async def _switch(api: Api, headers: dict[str, str]) -> dict[str, str]:
    """The same person creates a second buyer company and acts for it."""
    response = await api.client.post(
        "/api/v1/orgs", json={"kind": "buyer", "name": "Side Co"}, headers=headers
    )
    assert response.status_code == 201, response.text
    await call(api, "POST", "/api/v1/orgs/active", headers, {"org_id": response.json()["id"]})
    return headers


async def _switch_back(api: Api, market: Market) -> dict[str, str]:
    await call(api, "POST", "/api/v1/orgs/active", market.buyer, {"org_id": market.buyer_id})
    return market.buyer


async def test_a_buyer_of_another_supplier_cannot_reach_files_by_id(api: Api) -> None:
    market = await build_market(api)
    named = await upload(
        api, market, PDF, "application/pdf", visibility="buyers", buyer_org_ids=market.buyer_id
    )
    outsider, _ = await acting_buyer(api, "Outsider AG")
    response = await api.client.get(named["url"], headers=outsider)
    assert response.status_code == 404 and "sheet.pdf" not in response.text


async def test_another_supplier_reaches_no_media_route_with_real_ids(api: Api) -> None:
    market = await build_market(api)
    named = await upload(
        api, market, PDF, "application/pdf", visibility="buyers", buyer_org_ids=market.buyer_id
    )
    other_owner, other_slug, _ = await supplier(api, market.ops, "Rival SRL")
    media_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/media"
    assert (await api.client.get(media_url, headers=other_owner)).status_code == 404
    files = {"file": ("x.png", PNG, "image/png")}
    assert (
        await api.client.post(media_url, files=files, data={"kind": "image"}, headers=other_owner)
    ).status_code == 404
    patch = await api.client.patch(
        f"{media_url}/{named['id']}", json={"visibility": "public"}, headers=other_owner
    )
    assert patch.status_code == 404
    assert (await api.client.delete(f"{media_url}/{named['id']}", headers=other_owner)).status_code == 404
    assert (await api.client.get(named["url"], headers=other_owner)).status_code == 404
    # its own slug with the victim's ids finds nothing either
    assert (
        await api.client.get(f"/api/v1/suppliers/{other_slug}/media/{named['id']}", headers=other_owner)
    ).status_code == 404
    assert (await api.client.get(named["url"], headers=market.buyer)).status_code == 200
