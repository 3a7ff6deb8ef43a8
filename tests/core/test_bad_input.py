"""Bad input answers 400 with the field named, on every route, never 500.

Each root cause of issue 9's item 16 is driven against every route the app
registers (as the isolation suite enumerates them): a NUL character in path,
query and body strings, JSON nested 1,000 deep, blank names, integers beyond a
PostgreSQL bigint, decimals with extreme exponents, and a file part without a
filename. Bodies are built from each handler's own ``data`` type, so a new route
is covered from birth.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import msgspec
import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from hansa.app import create_app
from hansa.compose import open_resources
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.validation import EMAIL_PATTERN, MAX_JSON_DEPTH, decimal_problem, json_depth_exceeds
from hansa.identity.orgs.service import create_operator
from tests.conftest import unique_slug
from tests.fixtures.api import Api, new_email

INJECTED = {"request", "state", "headers", "cookies", "query", "scope", "socket", "body", "data"}
NUL = "bad\x00value"
EXTREME = "1E-999999"


@dataclass
class Caller:
    supplier: dict[str, str]  # the owner of an approved supplier
    operator: dict[str, str]
    slug: str
    org_id: str
    buyer_org_id: str  # the owner's buyer company: the routes only buyers have (locations)

    def headers_for(self, path: str) -> dict[str, str]:
        return self.operator if path.startswith("/api/v1/operator") else self.supplier


@dataclass
class Endpoint:
    method: str
    path: str  # as Litestar registers it
    handler: HTTPRouteHandler
    path_params: dict[str, type]
    query_params: dict[str, Any]  # name -> annotation
    body: Any  # the data annotation, or None

    def url(self, caller: Caller, bad_path: str | None = None, query: dict[str, str] | None = None) -> str:
        url = self.path
        for name, kind in self.path_params.items():
            if bad_path is not None and kind in (str, Path):
                value = bad_path
            elif kind in (str, Path):
                value = caller.slug
            elif name == "org_id":
                value = caller.buyer_org_id if self.path.startswith(BUYER_ONLY) else caller.org_id
            else:
                value = str(uuid.uuid4())
            url = url.replace(f"{{{name}:{_path_type_name(kind)}}}", quote(value, safe=""))
        return url + (f"?{urlencode(query)}" if query else "")


BUYER_ONLY = (
    "/api/v1/orgs/{org_id:uuid}/locations",
    "/api/v1/orgs/{org_id:uuid}/approval-settings",
    "/api/v1/orgs/{org_id:uuid}/approvals",
    "/api/v1/orgs/{org_id:uuid}/cart",
    "/api/v1/orgs/{org_id:uuid}/quick-order",
    "/api/v1/orgs/{org_id:uuid}/preferred-suppliers",
    "/api/v1/orgs/{org_id:uuid}/checkout",  # and /checkouts/{id}
    "/api/v1/orgs/{org_id:uuid}/requisition-lists",
    "/api/v1/orgs/{org_id:uuid}/orders",
    "/api/v1/orgs/{org_id:uuid}/rfqs",
)


def _path_type_name(kind: type) -> str:
    return {str: "str", uuid.UUID: "uuid", Path: "path", int: "int"}[kind]


def endpoints(app: Litestar) -> list[Endpoint]:
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith("/schema"):
            continue
        for handler in route.route_handlers:
            dependencies = set(handler.resolve_dependencies())
            params = handler.parsed_fn_signature.parameters
            path_params = {name: p.type for name, p in route.path_parameters.items()}
            query = {
                name: field.annotation
                for name, field in params.items()
                if name not in INJECTED and name not in dependencies and name not in path_params
            }
            body = params["data"].annotation if "data" in params else None
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                found.append(Endpoint(method, route.path, handler, path_params, query, body))
    return found


# -- bodies built from the handler's data type --------------------------------------------------------


Leaf = Callable[[msgspec.inspect.Type], Any]


def sample(info: msgspec.inspect.Type, leaf: Leaf, depth: int = 0) -> Any:
    """A body of the type's shape; ``leaf`` decides strings and decimals."""
    t = msgspec.inspect
    if isinstance(info, t.StrType | t.DecimalType | t.AnyType):
        return leaf(info)
    if isinstance(info, t.LiteralType):
        return info.values[0]
    if isinstance(info, t.UUIDType):
        return str(uuid.uuid4())
    if isinstance(info, t.BoolType):
        return False
    if isinstance(info, t.IntType):
        return max(info.ge or 0, 1)
    if isinstance(info, t.FloatType):
        return 1.0
    if isinstance(info, t.DateTimeType):
        return "2026-01-01T00:00:00Z"
    if isinstance(info, t.DateType):
        return "2026-01-01"
    if isinstance(info, t.ListType | t.SetType | t.FrozenSetType | t.VarTupleType) and depth < 6:
        return [sample(info.item_type, leaf, depth + 1)]
    if isinstance(info, t.DictType) and depth < 6:
        key = leaf(t.StrType()) if isinstance(info.key_type, t.StrType | t.AnyType) else "k"
        return {key: sample(info.value_type, leaf, depth + 1)}
    if isinstance(info, t.StructType) and depth < 6:
        return {f.encode_name: sample(f.type, leaf, depth + 1) for f in info.fields}
    if isinstance(info, t.UnionType):
        members = [m for m in info.types if not isinstance(m, t.NoneType)]
        return sample(members[0], leaf, depth) if members else None
    if isinstance(info, t.Metadata):
        return sample(info.type, leaf, depth)
    return None


def body_with(annotation: Any, *, text: str = "x", decimal: str = "1") -> Any:
    def leaf(info: msgspec.inspect.Type) -> Any:
        return decimal if isinstance(info, msgspec.inspect.DecimalType) else text

    return sample(msgspec.inspect.type_info(annotation), leaf)


def takes(annotation: Any, kind: type[msgspec.inspect.Type]) -> bool:
    found = False

    def leaf(info: msgspec.inspect.Type) -> Any:
        nonlocal found
        found = found or isinstance(info, kind)
        return "x"

    sample(msgspec.inspect.type_info(annotation), leaf)
    return found


def query_of(endpoint: Endpoint, kind: type, value: str) -> dict[str, str]:
    """``value`` in every query parameter of type ``kind``, plain text in the other strings."""
    query = {}
    for name, annotation in endpoint.query_params.items():
        kinds = {annotation, *getattr(annotation, "__args__", ())}
        if kind in kinds:
            query[name] = value
        elif str in kinds:
            query[name] = "x"
        elif uuid.UUID in kinds:  # a required id (e.g. the buyer of a price preview) is well-formed
            query[name] = str(uuid.uuid4())
    return query if any(v == value for v in query.values()) else {}


# -- the world ---------------------------------------------------------------------------------------


@pytest.fixture
async def api(settings: Settings, db: Database) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, db, settings)


@pytest.fixture
async def caller(api: Api) -> Caller:
    owner = await api.bearer(await api.verified_user())
    slug = unique_slug("bad")
    org = (
        await api.client.post(
            "/api/v1/orgs", json={"kind": "supplier", "name": "Bad Input Ltd", "slug": slug}, headers=owner
        )
    ).json()
    operator_email = new_email()
    resources = await open_resources(api.settings)
    try:
        await create_operator(resources, email=operator_email, name="Op", password="Operator-Pass-2026")
    finally:
        await resources.close()
    operator = await api.bearer(operator_email, "Operator-Pass-2026")
    approved = await api.client.post(f"/api/v1/operator/tenants/{org['id']}/approve", headers=operator)
    assert approved.status_code == 200, approved.text
    buyer = (
        await api.client.post(
            "/api/v1/orgs", json={"kind": "buyer", "name": "Bad Input Buyer"}, headers=owner
        )
    ).json()
    return Caller(owner, operator, slug, org["id"], buyer["id"])


async def send(api: Api, caller: Caller, endpoint: Endpoint, url: str, **kwargs: Any) -> Any:
    return await api.client.request(endpoint.method, url, headers=caller.headers_for(url), **kwargs)


def named(response: Any) -> set[str]:
    return {error.get("field") or "" for error in response.json().get("errors", [])}


# -- unit checks of the bounds -------------------------------------------------------------------------


def test_json_depth_is_found_without_decoding() -> None:
    assert not json_depth_exceeds(b'{"a": [[{"b": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]]]}')
    assert json_depth_exceeds(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert not json_depth_exceeds(b'["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]')


def test_json_depth_check_is_linear_on_hostile_bodies() -> None:
    size = 2 * 1024 * 1024  # HANSA_MAX_BODY_BYTES
    for body in (b'"' + b'\\"' * (size // 2), b"[]" * (size // 2), b"[" * size, b'["' * (size // 2)):
        started = time.perf_counter()
        json_depth_exceeds(body)
        assert time.perf_counter() - started < 2  # linear: a quadratic scan takes minutes


@pytest.mark.parametrize(
    ("value", "bad"),
    [
        ("1", False),
        ("0.090000", False),
        ("1E+4", False),
        ("123456789012345678.5", False),
        ("1234567890123456789.5", True),
        ("1E-999999", True),
        ("1E+999999", True),
        ("NaN", True),
        ("-Infinity", True),
        ("0.000000000000000001", False),
        ("0.0000000000000000001", True),
    ],
)
def test_decimal_bounds(value: str, bad: bool) -> None:
    assert (decimal_problem(Decimal(value)) is not None) is bad


# -- every route, every root cause ------------------------------------------------------------------


async def test_nul_in_path_parameters(api: Api, caller: Caller) -> None:
    failures = []
    for endpoint in endpoints(api.client.app):
        if not any(kind in (str, Path) for kind in endpoint.path_params.values()):
            continue
        body = body_with(endpoint.body) if endpoint.body is not None else None
        response = await send(api, caller, endpoint, endpoint.url(caller, bad_path=NUL), json=body)
        if response.status_code not in (400, 404) or (response.status_code == 400 and not named(response)):
            failures.append(
                f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
            )
    assert not failures, "\n".join(failures)


async def test_nul_in_query_parameters(api: Api, caller: Caller) -> None:
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        query = query_of(endpoint, str, NUL)
        if not query:
            continue
        tried += 1
        response = await send(api, caller, endpoint, endpoint.url(caller, query=query))
        if response.status_code != 400 or not named(response) & set(query):
            failures.append(
                f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
            )
    assert tried >= 3
    assert not failures, "\n".join(failures)


async def test_numbers_in_date_time_query_parameters(api: Api, caller: Caller) -> None:
    """msgspec reads ``?until=0.5`` as a Unix timestamp; the document promises RFC 3339."""
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        query = query_of(endpoint, datetime, "0.5")
        if not query:
            continue
        tried += 1
        response = await send(api, caller, endpoint, endpoint.url(caller, query=query))
        if response.status_code != 400 or not named(response) & set(query):
            failures.append(
                f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
            )
    assert tried >= 2  # the operator's and an organisation's audit log
    assert not failures, "\n".join(failures)


async def test_nul_in_body_strings_and_keys(api: Api, caller: Caller) -> None:
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        if endpoint.body is None or not takes(endpoint.body, msgspec.inspect.StrType):
            continue
        tried += 1
        response = await send(
            api, caller, endpoint, endpoint.url(caller), json=body_with(endpoint.body, text=NUL)
        )
        if response.status_code not in (400, 422) or not named(response):
            failures.append(
                f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
            )
    assert tried >= 20
    assert not failures, "\n".join(failures)


async def test_deeply_nested_json(api: Api, caller: Caller) -> None:
    deep = "[" * 1000 + "]" * 1000
    failures, tried = [], 0
    # a guard authenticates before the body is read, so the routes that may end the
    # caller's session (sign-out) go last: the others must still see it signed in
    ordered = sorted(endpoints(api.client.app), key=lambda e: e.path.startswith("/api/v1/auth/"))
    for endpoint in ordered:
        if endpoint.method not in ("POST", "PUT", "PATCH"):
            continue
        tried += 1
        for headers in ({}, caller.headers_for(endpoint.path)):  # before and after signing in
            response = await api.client.request(
                endpoint.method,
                endpoint.url(caller),
                content=deep,
                headers={**headers, "Content-Type": "application/json"},
            )
            if response.status_code == 500:
                failures.append(f"{endpoint.method} {endpoint.path}: 500 {response.text[:200]}")
            elif (
                endpoint.body is not None
                and headers
                and (response.status_code, named(response)) != (400, {"body"})
            ):
                failures.append(
                    f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
                )
    assert tried >= 30
    assert not failures, "\n".join(failures)


async def test_blank_required_strings(api: Api, caller: Caller) -> None:
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        if endpoint.body is None or not takes(endpoint.body, msgspec.inspect.StrType):
            continue
        tried += 1
        response = await send(
            api, caller, endpoint, endpoint.url(caller), json=body_with(endpoint.body, text="   ")
        )
        if response.status_code == 500:
            failures.append(f"{endpoint.method} {endpoint.path}: 500 {response.text[:200]}")
    assert tried >= 20
    assert not failures, "\n".join(failures)


async def test_blank_name_names_the_field(api: Api, caller: Caller) -> None:
    response = await api.client.post(
        "/api/v1/orgs", json={"kind": "buyer", "name": " \t "}, headers=caller.supplier
    )
    assert response.status_code == 400
    assert named(response) == {"name"}
    product = await api.client.post(
        f"/api/v1/suppliers/{caller.slug}/products",
        json={"name": "Bolt", "variants": [{"sku": "B-1", "name": "  "}]},
        headers=caller.supplier,
    )
    assert product.status_code == 400
    assert named(product) == {"variants[0].name"}


async def test_integers_beyond_bigint(api: Api, caller: Caller) -> None:
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        query = query_of(endpoint, int, str(2**63))
        if not query:
            continue
        tried += 1
        response = await send(api, caller, endpoint, endpoint.url(caller, query=query))
        bad = {name for name, v in query.items() if v == str(2**63)}
        if response.status_code != 400 or not named(response) & bad:
            failures.append(
                f"{endpoint.method} {endpoint.path}: {response.status_code} {response.text[:200]}"
            )
    assert tried >= 8
    assert not failures, "\n".join(failures)


async def test_extreme_decimals(api: Api, caller: Caller) -> None:
    failures, tried = [], 0
    for endpoint in endpoints(api.client.app):
        if endpoint.body is None or not takes(endpoint.body, msgspec.inspect.DecimalType):
            continue
        tried += 1
        for extreme in (EXTREME, "1E+999999", "NaN"):
            body = body_with(endpoint.body, decimal=extreme)
            response = await send(api, caller, endpoint, endpoint.url(caller), json=body)
            if response.status_code not in (400, 422) or not named(response):
                failures.append(f"{endpoint.method} {endpoint.path} {extreme}: {response.status_code}")
    assert tried >= 5
    assert not failures, "\n".join(failures)


async def test_bulk_api_bounds_its_raw_body(api: Api, caller: Caller) -> None:
    url = f"/api/v1/suppliers/{caller.slug}/bulk/inventory"
    headers = {**caller.supplier, "Idempotency-Key": str(uuid.uuid4())}
    body = {"items": [{"sku": "A-1", "location": "MAIN", "location_name": "M\x00", "on_hand": EXTREME}]}
    response = await api.client.post(url, json=body, headers=headers)
    assert response.status_code == 400, response.text
    assert named(response) == {"items[0].location_name", "items[0].on_hand"}
    deep = await api.client.post(
        url, content="[" * 1000 + "]" * 1000, headers={**headers, "Content-Type": "application/json"}
    )
    assert deep.status_code == 400, deep.text


async def test_file_part_without_filename(api: Api, caller: Caller) -> None:
    product = await api.client.post(
        f"/api/v1/suppliers/{caller.slug}/products",
        json={"name": "Bolt", "variants": [{"sku": "B-1"}]},
        headers=caller.supplier,
    )
    assert product.status_code == 201, product.text
    boundary = "hansa-boundary"
    binary = b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01"
    multipart = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + binary
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {**caller.supplier, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    for url in (
        f"/api/v1/suppliers/{caller.slug}/imports?kind=products",
        f"/api/v1/suppliers/{caller.slug}/products/{product.json()['id']}/media",
    ):
        response = await api.client.post(url, content=multipart, headers=headers)
        assert response.status_code == 400, (url, response.text)
    assert named(response) == {"form"}, response.text  # the media upload's answer


@pytest.mark.parametrize(
    "address",
    ["a@b.co", "ä.ö@bücher.de", "x+tag@sub.example.com", "o'brien@example.ie", "#!$%&*=?^`{|}~@ex.am"],
)
def test_addresses_the_pattern_takes_can_be_mailed(address: str) -> None:
    assert re.fullmatch(EMAIL_PATTERN, address)
    assert parseaddr(address)[1] == address


async def test_signup_with_an_unmailable_address_answers_400(api: Api) -> None:
    # schemathesis found it: "(" starts a header comment, so the mail could not be queued (500)
    for address in ("\u00bf\u0094@(*\u000e.\u00d2-", "a(b)@c.de", 'a"b@c.de', "a@b,c.de"):
        response = await api.signup(address, "Very-Long-Pass-1234")
        assert response.status_code == 400, response.text
        assert named(response) == {"email"}
