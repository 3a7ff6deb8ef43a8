"""The OpenAPI document says what the app answers (docs/api.md): error statuses,
file answers, multipart bodies, struct constraints, and OPTIONS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.validation import NOT_BLANK_PATTERN

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    # no I/O: the app opens connections in its lifespan, which these tests never start
    settings = Settings(
        env="test",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        redis_url="redis://127.0.0.1:1/0",
        data_dir=Path(tmp_path_factory.mktemp("openapi")),
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def document(app: Litestar) -> dict[str, Any]:
    return app.openapi_schema.to_schema()


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_me_and_auth_routes_document_401(document: dict[str, Any]) -> None:
    for (method, path), operation in operations(document).items():
        if path.startswith("/api/v1/me") or path in ("/api/v1/auth/login", "/api/v1/auth/logout"):
            assert "401" in operation["responses"], (method, path)


def test_rate_limited_routes_document_429(document: dict[str, Any]) -> None:
    ops = operations(document)
    for path in ("/api/v1/auth/login", "/api/v1/auth/login/2fa", "/api/v1/me/password"):
        assert "429" in ops[("POST", path)]["responses"], path


def test_operator_routes_document_404(document: dict[str, Any]) -> None:
    operator = [op for (_, path), op in operations(document).items() if path.startswith("/api/v1/operator/")]
    assert len(operator) > 10
    assert all("404" in op["responses"] for op in operator)


def test_listing_and_variant_writes_document_409(document: dict[str, Any]) -> None:
    ops = operations(document)
    for key in [
        ("POST", "/api/v1/orgs/{org_id}/listings"),
        ("POST", "/api/v1/suppliers/{tenant}/products/{product_id}/variants"),
        ("PATCH", "/api/v1/suppliers/{tenant}/variants/{variant_id}"),
        ("POST", "/api/v1/suppliers/{tenant}/products"),
    ]:
        assert "409" in ops[key]["responses"], key
    assert "409" not in ops[("POST", "/api/v1/auth/login")]["responses"]


def test_exports_are_documented_as_files(document: dict[str, Any]) -> None:
    path = "/api/v1/suppliers/{tenant}/exports/{export_id}/file"  # the file an export job wrote
    answer = operations(document)[("GET", path)]["responses"]["200"]
    assert set(answer["content"]) == {"text/csv", XLSX}
    assert all(
        body["schema"] == {"type": "string", "format": "binary"} for body in answer["content"].values()
    )


def test_uploads_document_a_multipart_body(document: dict[str, Any]) -> None:
    ops = operations(document)
    for path in (
        "/api/v1/suppliers/{tenant}/products/{product_id}/media",
        "/api/v1/suppliers/{tenant}/imports",
    ):
        body = ops[("POST", path)]["requestBody"]
        schema = body["content"]["multipart/form-data"]["schema"]
        assert schema["required"] == ["file"], path
        assert schema["properties"]["file"] == {"type": "string", "format": "binary"}


def test_struct_schemas_say_what_decoding_enforces(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    product = schemas["NewProduct"]
    assert product["additionalProperties"] is False
    assert product["properties"]["name"]["pattern"] == NOT_BLANK_PATTERN
    assert schemas["CategoryMove"]["properties"]["position"]["minimum"] == 0
    assert schemas["NewVariant"]["properties"]["pack_size"]["pattern"].startswith("^-?[0-9]")


def test_options_lists_every_method_of_the_path(app: Litestar) -> None:
    client = TestClient(app)
    checked = 0
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "{" in route.path or len(route.methods) < 3:
            continue
        response = client.options(route.path)
        assert response.status_code == 204
        assert set(response.headers["allow"].split(", ")) == set(route.methods), route.path
        checked += 1
    assert checked >= 2
    members = client.options(
        f"/api/v1/orgs/{'0' * 8}-0000-0000-0000-{'0' * 12}/members/{'0' * 8}-0000-0000-0000-{'0' * 12}"
    )
    assert set(members.headers["allow"].split(", ")) == {"DELETE", "OPTIONS", "PATCH"}


def test_a_page_is_named_by_its_items(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    page = schemas["Page_ProductOut"]
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/ProductOut"}
    assert sorted(page["required"]) == ["items", "limit", "offset", "total"]
    listed = operations(document)["GET", "/api/v1/suppliers/{tenant}/products"]
    answer = listed["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/Page_ProductOut"}
    assert not [name for name in schemas if "hansa." in name]  # no module paths in names
