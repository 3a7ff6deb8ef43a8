from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.http import Problem
from hansa.core.migrations import MigrationSet
from hansa.tenants import service
from hansa.tenants.schemas import NewTenant
from tests.conftest import unique_slug


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def test_liveness_and_readiness(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "redis": True}


async def test_request_id_is_echoed_or_made(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    echoed = await client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    made = await client.get("/healthz", headers={"x-request-id": "bad id with spaces"})
    assert len(made.headers["x-request-id"]) == 32


async def test_openapi_document_is_served(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    doc = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/suppliers/{tenant}/profile" in doc["paths"]


async def test_openapi_documents_problem_json_errors(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    doc = (await client.get("/schema/openapi.json")).json()
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    profile = doc["paths"]["/api/v1/suppliers/{tenant}/profile"]["get"]["responses"]
    assert "application/problem+json" in profile["404"]["content"]
    signup = doc["paths"]["/api/v1/auth/signup"]["post"]["responses"]
    assert set(signup) >= {"400", "422"}
    assert "application/problem+json" in signup["400"]["content"]
    assert "401" not in signup  # no caller needed, so none is documented


async def test_error_bodies_match_the_documented_problem(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    missing = await client.get("/api/v1/suppliers/nobody-here/profile")
    invalid = await client.post("/api/v1/auth/signup", json={"email": "x"})
    for response in (missing, invalid):
        problem = msgspec.json.decode(response.content, type=Problem)
        assert problem.status == response.status_code
    assert msgspec.json.decode(invalid.content, type=Problem).errors


async def test_unknown_tenant_is_problem_json_404(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    response = await client.get("/api/v1/suppliers/nobody-here/profile")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "tenants.not_found"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_profile_visible_only_while_active(
    client: AsyncTestClient,
    settings: Settings,
    migrations: MigrationSet,  # type: ignore[type-arg]
) -> None:
    from hansa.compose import open_resources

    resources = await open_resources(settings)
    try:
        slug = unique_slug()
        await service.provision_tenant(resources.db, migrations, NewTenant(slug=slug, name="Visible Ltd"))
        assert (await client.get(f"/api/v1/suppliers/{slug}/profile")).status_code == 404
        await service.change_status(resources.db, resources.redis, slug, "active")
        profile = await client.get(f"/api/v1/suppliers/{slug}/profile")
        assert profile.status_code == 200
        assert profile.json()["display_name"] == "Visible Ltd"
        await service.change_status(resources.db, resources.redis, slug, "suspended")
        suspended = await client.get(f"/api/v1/suppliers/{slug}/profile")
        assert suspended.status_code == 404  # a suspended supplier disappears for buyers
    finally:
        await resources.close()


async def test_oversized_body_is_refused(settings: Settings) -> None:
    small = settings.model_copy(update={"max_body_bytes": 1024})
    async with AsyncTestClient(app=create_app(small)) as client:
        body = {"email": "big@example.com", "name": "x" * 5000, "password": "Long-Enough-123"}
        response = await client.post("/api/v1/auth/signup", json=body)
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a@example.com", "name": "A", "password": "Long-Enough-123", "surprise": 1}, "surprise"),
        ({"email": "a@example.com", "name": "A"}, "password"),
    ],
)
async def test_body_errors_name_the_field(
    client: AsyncTestClient, body: dict[str, object], field: str
) -> None:  # type: ignore[type-arg]
    response = await client.post("/api/v1/auth/signup", json=body)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
