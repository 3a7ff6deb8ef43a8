"""Issue 9, item 26: supplier status changes, listing decisions, suppliers waiting for
approval and finished imports notify in-app and by mail, in the recipient's language;
only the recipient reads and marks their notifications."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.tenancy import TenantContext
from hansa.marketplace.imports.service import process_import
from hansa.notifications import service as notifications
from hansa.notifications.templates import TEMPLATES, render
from tests.conftest import unique_slug
from tests.fixtures.api import PASSWORD, Api, new_email
from tests.fixtures.orgs import new_org, operator, signed_in


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


async def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def romanian_user(api: Api) -> tuple[str, dict[str, str]]:
    email = new_email()
    body = {"email": email, "name": "Ana Furnizor", "password": PASSWORD, "locale": "ro"}
    assert (await api.client.post("/api/v1/auth/signup", json=body)).status_code == 202
    token = await api.token_from_mail(email, "Verification")
    assert (await api.client.post("/api/v1/auth/verify-email", json={"token": token})).status_code == 200
    return email, await api.bearer(email)


async def kinds(api: Api, headers: dict[str, str]) -> list[str]:
    page = await ok(await api.client.get("/api/v1/notifications", headers=headers))
    return [item["kind"] for item in page["items"]]


async def test_supplier_status_changes_notify_owners_in_their_language(api: Api) -> None:
    ops = await operator(api)
    owner_email, owner = await romanian_user(api)
    name = f"Șuruburi {uuid.uuid4().hex[:6]}"
    supplier = await new_org(api, owner, kind="supplier", name=name, slug=unique_slug("sup"))

    waiting = await ok(await api.client.get("/api/v1/notifications", headers=ops))
    assert any(
        item["kind"] == "supplier.awaiting_approval" and item["params"]["org_name"] == name
        for item in waiting["items"]
    )

    await ok(await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/approve", headers=ops))
    reason = "unpaid invoices since March"
    await ok(
        await api.client.post(
            f"/api/v1/operator/tenants/{supplier['id']}/suspend", json={"reason": reason}, headers=ops
        )
    )
    assert await kinds(api, owner) == ["supplier.suspended", "supplier.approved"]
    page = await ok(await api.client.get("/api/v1/notifications", headers=owner))
    assert page["unread"] == 2 and page["items"][0]["params"]["reason"] == reason
    assert page["items"][0]["org_id"] == supplier["id"]

    mails = await api.mails(owner_email)
    assert mails[0].subject == f"{name} a fost suspendat pe Hansa"
    assert f"Motiv: {reason}" in mails[0].body and "Ana Furnizor" in mails[0].body
    assert mails[1].subject == f"{name} a fost aprobat pe Hansa"

    # the suspended console says why, rather than failing to load
    orgs = await ok(await api.client.get("/api/v1/orgs", headers=owner))
    mine = next(org for org in orgs if org["id"] == supplier["id"])
    assert mine["status"] == "suspended" and mine["status_reason"] == reason
    refused = await api.client.get(f"/api/v1/orgs/{supplier['id']}/members", headers=owner)
    assert refused.status_code == 403 and reason in refused.json()["detail"]


async def test_a_rejected_supplier_hears_why(api: Api) -> None:
    ops = await operator(api)
    owner_email, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Rejected SRL", slug=unique_slug("rej"))
    rejected = await ok(
        await api.client.post(
            f"/api/v1/operator/tenants/{supplier['id']}/reject",
            json={"reason": "not a registered company"},
            headers=ops,
        )
    )
    assert rejected["status"] == "archived" and rejected["status_reason"] == "not a registered company"
    mail = (await api.mails(owner_email))[0]
    assert mail.subject == "Rejected SRL was not approved on Hansa"
    assert "Reason: not a registered company" in mail.body
    again = await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/reject", json={}, headers=ops)
    assert again.status_code == 409


async def test_listing_decisions_notify_the_supplier(api: Api) -> None:
    ops = await operator(api)
    body = {"slug": unique_slug("mkt"), "name": "Fasteners Market", "kind": "vertical"}
    market = await ok(await api.client.post("/api/v1/operator/marketplaces", json=body, headers=ops), 201)
    owner_email, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Listed SRL", slug=unique_slug("lst"))
    applied = await ok(
        await api.client.post(
            f"/api/v1/orgs/{supplier['id']}/listings", json={"marketplace_id": market["id"]}, headers=owner
        ),
        201,
    )
    await ok(
        await api.client.post(
            f"/api/v1/operator/listings/{applied['id']}/reject",
            json={"reason": "no catalog yet"},
            headers=ops,
        )
    )
    page = await ok(await api.client.get("/api/v1/notifications", headers=owner))
    assert page["items"][0]["kind"] == "listing.rejected"
    assert page["items"][0]["params"]["marketplace_name"] == "Fasteners Market"
    mail = (await api.mails(owner_email))[0]
    assert mail.subject == "Listed SRL was not listed on Fasteners Market"
    assert "Reason: no catalog yet" in mail.body


async def test_only_the_recipient_reads_and_marks_notifications(api: Api) -> None:
    ops = await operator(api)
    _, owner = await signed_in(api)
    supplier = await new_org(api, owner, kind="supplier", name="Marked SRL", slug=unique_slug("mrk"))
    await ok(await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/approve", headers=ops))
    await ok(
        await api.client.post(f"/api/v1/operator/tenants/{supplier['id']}/suspend", json={}, headers=ops)
    )
    assert (await ok(await api.client.get("/api/v1/notifications/unread-count", headers=owner))) == {
        "unread": 2
    }
    first = (await ok(await api.client.get("/api/v1/notifications?limit=1", headers=owner)))["items"][0]

    _, stranger = await signed_in(api)
    assert await kinds(api, stranger) == []
    stolen = await api.client.post(f"/api/v1/notifications/{first['id']}/read", headers=stranger)
    assert stolen.status_code == 404
    assert (await api.client.post("/api/v1/notifications/read-all", headers=stranger)).json() == {"marked": 0}

    marked = await ok(await api.client.post(f"/api/v1/notifications/{first['id']}/read", headers=owner))
    assert marked["read_at"] is not None
    assert (await ok(await api.client.get("/api/v1/notifications/unread-count", headers=owner)))[
        "unread"
    ] == 1
    assert await ok(await api.client.post("/api/v1/notifications/read-all", headers=owner)) == {"marked": 1}
    assert (await ok(await api.client.get("/api/v1/notifications/unread-count", headers=owner)))[
        "unread"
    ] == 0
    assert (await api.client.get("/api/v1/notifications")).status_code == 401


async def test_notify_rolls_back_with_the_change(db: Database, api: Api) -> None:
    email, _ = await signed_in(api)
    async with db.transaction() as tx:
        user_id = await tx.fetchval("SELECT id FROM public.app_user WHERE email = $1", email)
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await notifications.notify(tx, [user_id], "supplier.approved", {"org_name": "Gone SRL"})
            raise RuntimeError("the change failed")
    async with db.transaction() as tx:
        left = await tx.fetchval("SELECT count(*) FROM public.notification WHERE user_id = $1", user_id)
        mails = await tx.fetchval(
            "SELECT count(*) FROM public.mail_message WHERE body_text LIKE '%Gone SRL%'"
        )
    assert left == 0 and mails == 0
    with pytest.raises(ValueError, match="unknown notification kind"):
        async with db.transaction() as tx:
            await notifications.notify(tx, [user_id], "nobody.knows", {})


def test_every_template_renders_in_both_languages() -> None:
    for kind, languages in TEMPLATES.items():
        assert set(languages) == {"en", "ro"}, kind
        for locale in ("en", "ro", "de"):
            subject, body = render(kind, locale, "Ada", {"org_name": "X\nY"})
            assert "\n" not in subject and "{" not in subject + body and "Ada" in body
    assert "no reason given" in render("supplier.suspended", "en", "Ada", {"reason": None})[1]


async def test_the_uploader_hears_when_an_import_ends(api: Api, db: Database) -> None:
    email = await api.verified_user()
    owner = await api.bearer(email)
    slug = unique_slug("imp")
    supplier = await new_org(api, owner, kind="supplier", name="Import SRL", slug=slug)
    ctx = TenantContext.for_tenant(uuid.UUID(supplier["id"]))

    async def run(name: str, content: bytes) -> None:
        response = await api.client.post(
            f"/api/v1/suppliers/{slug}/imports?kind=products", files={"file": (name, content)}, headers=owner
        )
        assert response.status_code == 202, response.text
        await process_import(db, ctx, uuid.UUID(response.json()["id"]))

    await run("good.csv", b"sku;product_name\nA-1;Anchor\nA-2;Bolt\n")
    await run("bad.csv", b"sku;product_name\nA-3;\n")
    page = await ok(await api.client.get("/api/v1/notifications", headers=owner))
    failed, done = page["items"][:2]
    assert (failed["kind"], failed["params"]["filename"], failed["params"]["errors"]) == (
        "import.failed",
        "bad.csv",
        1,
    )
    assert (done["kind"], done["params"]["rows"], done["params"]["org_name"]) == (
        "import.done",
        2,
        "Import SRL",
    )
    subjects = [m.subject for m in await api.mails(email)]
    assert subjects[:2] == ["Import of bad.csv failed", "Import of good.csv finished"]
    # and the audit trail names the file
    async with db.transaction() as tx:
        rows = await tx.fetch(
            "SELECT action, target_label FROM public.audit_log WHERE org = $1 AND target_type = 'import' "
            "ORDER BY id",
            f"tenant:{supplier['id']}",
        )
    assert [(r["action"], r["target_label"]) for r in rows] == [
        ("imports.started", "good.csv"),
        ("imports.done", "good.csv"),
        ("imports.started", "bad.csv"),
        ("imports.failed", "bad.csv"),
    ]
