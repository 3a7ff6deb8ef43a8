"""Contexts resolved at the edge: who calls, for which organisation, allowed to do what.

A route declares what it needs where it is written, in its ``opt``::

    @post("/price-lists", opt=needs("pricing.write"))            # SupplierContext
    @post("/imports", opt=needs_by("kind", WRITE_ACTION))         # the action named by ?kind=
    @get("/tenants", opt=operator_needs("tenants.read"))          # OperatorContext
    @post("", opt=org_needs("listings.apply"))                    # OrgContext, /orgs/{org_id}
    @delete("/members/{user_id:uuid}", opt=org_needs("members.manage", own=("user_id", "org.read")))
    @get("/marketplaces/{slug:str}/products", opt=AS_VIEWER)      # BuyerContext

and takes the ready context as ``ctx: NamedDependency[SupplierContext]`` (or one of
the others). A read-only page of one supplier may run in the request's one transaction
(``opt=AS_VIEWER_IN_ONE_TRANSACTION, dependencies=ONE_TRANSACTION``: its ``ctx`` is a
``ViewerInTransaction`` with ``.tx``). The guard ``resolve_context`` (on every
controller that has such routes, see ``CONTEXT_GUARDS`` / ``CONTEXT_DEPENDENCIES``)
runs before Litestar reads the body or resolves any dependency: it authenticates,
resolves the supplier named in the path, authorizes the declared action and stores
the context for the ``ctx`` dependency. So an upload to another organisation's tenant is refused before a byte
of it is read. ``check_declared_contexts(app)`` (run by ``create_app``) refuses to
start an app with a guarded route that declares no action, or a route that takes a
context without the guard.

Semantics (the isolation suite checks them): a supplier of another organisation is
404, a role without the action 403, a suspended supplier 403 to its own members and
404 to others; operators: 404 without a platform role, 403 without the action;
/orgs/{org_id}: 404 to non-members, 403 without the action or while suspended; a caller
without credentials gets the same 404 on supplier and organisation routes (bad or revoked
credentials: 401). A viewer is never refused: what it may not see answers 404 further on.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ImproperlyConfiguredException
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.types import Guard

from hansa.core.db import Tx
from hansa.core.errors import HansaError, NotFound
from hansa.core.http import CALLER_REQUIRED
from hansa.core.resources import Resources
from hansa.core.tenancy import TenantContext, schema_for
from hansa.core.validation import problems, refuse
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES, credentials, principal_of
from hansa.identity.auth.errors import NotAuthenticated
from hansa.identity.orgs.errors import OrganisationNotFound
from hansa.identity.orgs.service import OrgContext as OrgContext  # defined by the services that take it
from hansa.identity.orgs.service import access_in
from hansa.identity.permissions.authorizer import authorize
from hansa.identity.principal import PLATFORM_DOMAIN, Principal
from hansa.tenants import service as tenants
from hansa.tenants.errors import TenantNotFound
from hansa.tenants.schemas import TenantOut

ACCESS = "access"  # a handler's opt key: what it needs (a ``Needs``)
_CONTEXT = "hansa_context"  # the request state key the guard stores the context under
TENANT_PARAM = "tenant"  # the path parameter naming the supplier: /suppliers/{tenant:str}/...

ContextKind = Literal["supplier", "buyer", "operator", "org"]
ORG_PARAM = "org_id"  # the path parameter naming an organisation: /orgs/{org_id:uuid}/...


class SupplierNotFound(NotFound):
    """A public route names a supplier that is unknown, suspended or archived (or, for
    buyers, not shown on any marketplace): the code buyers' clients have always seen."""

    default_code = "browse.supplier_not_found"


@dataclass(frozen=True, slots=True)
class Needs:
    """What a route declares: the context it works in and the action it needs.

    ``action_by`` picks the action from a path or query parameter's value (imports:
    ``kind``); a value outside the map is checked as ``action`` and then fails the
    parameter's own validation (400). ``own`` names a path parameter and the action
    needed when it is the caller's own user id (leaving an organisation)."""

    context: ContextKind
    action: str | None = None
    action_by: tuple[str, Mapping[str, str]] | None = None
    one_transaction: bool = False  # a viewer resolved on the request's one transaction
    own: tuple[str, str] | None = None

    def action_for(self, connection: ASGIConnection[Any, Any, Any, Any], principal: Principal) -> str:
        assert self.action is not None
        if self.own is not None and principal.user_id is not None:
            param, own_action = self.own
            if connection.path_params.get(param) == principal.user_id:
                return own_action
        if self.action_by is None:
            return self.action
        param, actions = self.action_by
        value = connection.path_params.get(param, connection.query_params.get(param))
        return actions.get(str(value), self.action)


def needs(action: str) -> dict[str, Any]:
    """A supplier route's ``opt``: the caller needs ``action`` in the supplier of the path."""
    return {ACCESS: Needs("supplier", action), CALLER_REQUIRED: True}


def needs_by(param: str, actions: Mapping[str, str]) -> dict[str, Any]:
    """A supplier route whose action depends on a parameter (``kind``): ``actions[value]``;
    a value outside the map is checked as the map's first action, then answers 400."""
    return {ACCESS: Needs("supplier", next(iter(actions.values())), (param, actions)), CALLER_REQUIRED: True}


def operator_needs(action: str) -> dict[str, Any]:
    """An operator console route's ``opt``: the caller needs ``action`` on the platform."""
    return {ACCESS: Needs("operator", action), CALLER_REQUIRED: True}


def org_needs(action: str, *, own: tuple[str, str] | None = None) -> dict[str, Any]:
    """A route under /orgs/{org_id}: the caller needs ``action`` in that organisation;
    with ``own=(param, other)``, ``other`` instead when the path's ``param`` is the
    caller's own user id (a member may leave without the right to remove others)."""
    return {ACCESS: Needs("org", action, own=own), CALLER_REQUIRED: True}


# a public route's ``opt``: anyone, signed in or not; prices for a caller acting for a buyer
AS_VIEWER: dict[str, Any] = {ACCESS: Needs("buyer")}
# a public page of one supplier that reads everything in one transaction: with
# ``dependencies=ONE_TRANSACTION`` the handler takes a ``ViewerInTransaction`` (``ctx.tx``)
AS_VIEWER_IN_ONE_TRANSACTION: dict[str, Any] = {ACCESS: Needs("buyer", one_transaction=True)}


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierContext(TenantContext):
    """A supplier's own user or key at work in its tenant: the ``TenantContext``
    services take, plus who calls and the supplier itself."""

    principal: Principal
    tenant: TenantOut


@dataclass(frozen=True, slots=True)
class BuyerContext:
    """The caller of a public route: anonymous, signed in, maybe acting for a buyer;
    on a route under /suppliers/{tenant}, the supplier it names (active or pending)."""

    principal: Principal | None
    buyer_org_id: uuid.UUID | None  # the active organisation, when it is a buyer the caller belongs to
    supplier: TenantOut | None = None

    @property
    def signed_in(self) -> bool:
        return self.principal is not None

    @property
    def named_supplier(self) -> TenantOut:
        if self.supplier is None:
            raise RuntimeError("this route names no supplier: /suppliers/{tenant}/...")
        return self.supplier


class ViewerInTransaction:
    """A ``BuyerContext`` resolved on the request's one transaction, which the page runs
    on (a plain class: Litestar's checks of dependency values do not walk a ``Tx``)."""

    __slots__ = ("tx", "viewer")

    def __init__(self, viewer: BuyerContext, tx: Tx) -> None:
        self.viewer = viewer
        self.tx = tx


@dataclass(frozen=True, slots=True)
class OperatorContext:
    """A platform operator (a role in the ``platform`` organisation) allowed the route's action."""

    principal: Principal


# --------------------------------------------------------------------------- resolving


async def supplier_context(
    tx: Tx, res: Resources, principal: Principal, slug: str, action: str
) -> SupplierContext:
    """The supplier ``slug`` for ``principal`` doing ``action``, looked up on ``tx``: unknown
    or archived is 404; the organisation check (``access_in``) answers 404 to others,
    403 to a role without the action and to members of a suspended supplier."""
    tenant = await tenants.lookup_tenant_in(tx, res.redis, slug)
    target = await access_in(tx, res, principal, tenant.id, action)
    return SupplierContext(
        tenant.id,
        schema_for(tenant.id),
        principal.actor,
        target.domain,
        principal.request_id,
        principal=principal,
        tenant=tenant,
    )


def require(res: Resources, ctx: SupplierContext, action: str) -> None:
    """A second action, known only once a row is read (an export's kind): 403 without it."""
    authorize(res.authorizer, ctx.principal, action, ctx.org or "")


async def buyer_context(
    tx: Tx | None, res: Resources, principal: Principal | None, slug: str | None = None
) -> BuyerContext:
    """A buyer is a caller whose active organisation (a key's own) is an active buyer
    company it still belongs to. The authorizer answers "not a buyer member" in memory,
    so only a buyer's own request reads its organisation (on ``tx``, there whenever
    the request carries credentials)."""
    supplier = None if slug is None else await _public_supplier(tx, res, slug)
    if principal is None or principal.org_id is None or tx is None:
        return BuyerContext(principal, None, supplier)
    if not res.authorizer.allowed(principal.subject, f"buyer:{principal.org_id}", "catalog.read"):
        return BuyerContext(principal, None, supplier)  # no buyer role with catalog.read: not a buyer
    try:
        target = await access_in(tx, res, principal, principal.org_id, "catalog.read")
    except HansaError:  # archived or suspended
        return BuyerContext(principal, None, supplier)
    return BuyerContext(principal, target.org.id if target.org.kind == "buyer" else None, supplier)


async def _public_supplier(tx: Tx | None, res: Resources, slug: str) -> TenantOut:
    try:
        if tx is None:
            return await tenants.resolve_tenant(res.db, res.redis, slug)
        return await tenants.resolve_tenant_in(tx, res.redis, slug)
    except HansaError as exc:  # unknown, archived, suspended: not there for the public
        raise SupplierNotFound("no such supplier") from exc


def is_supplier_member(res: Resources, viewer: BuyerContext, tenant_id: uuid.UUID) -> bool:
    """Whether the caller belongs to the supplier itself (may see all of its media)."""
    if viewer.principal is None:
        return False
    return res.authorizer.allowed(viewer.principal.subject, f"tenant:{tenant_id}", "catalog.read")


# --------------------------------------------------------------------------- the guard


async def resolve_context(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Authenticate, resolve and authorize what ``handler`` declares; store the context."""
    if _is_options(handler):  # Litestar's OPTIONS answer (core.http.answer_options): no caller needed
        return
    declared = declared_needs(handler)
    if declared is None:  # check_declared_contexts refuses such an app at start-up
        raise ImproperlyConfiguredException(f"{handler} declares no action: opt=needs(...)")
    if declared.one_transaction:  # nothing to refuse: ``provide_viewer_in_transaction`` resolves it
        return
    request = cast(Request[Any, Any, Any], connection)
    res: Resources = connection.app.state.resources
    if credentials(request) is None:  # anonymous: a viewer at most, nothing to look up but the supplier
        connection.state[_CONTEXT] = await _resolve(None, request, res, declared)
        return
    async with res.db.transaction() as tx:  # the edge's lookups, one transaction
        connection.state[_CONTEXT] = await _resolve(tx, request, res, declared)


async def _resolve(
    tx: Tx | None, request: Request[Any, Any, Any], res: Resources, declared: Needs
) -> SupplierContext | BuyerContext | OperatorContext | OrgContext:
    principal = await principal_of(request, res, tx)
    if declared.context == "buyer":
        slug = _slug(request) if TENANT_PARAM in request.path_params else None
        return await buyer_context(tx, res, principal, slug)
    if tx is None:  # no credentials at all (bad or revoked ones: 401 below)
        raise _unknown_to_anonymous(declared)
    if principal is None:
        raise NotAuthenticated()
    action = declared.action_for(request, principal)
    if declared.context == "operator":
        authorize(res.authorizer, principal, action, PLATFORM_DOMAIN)
        return OperatorContext(principal)
    if declared.context == "org":
        return await access_in(tx, res, principal, request.path_params[ORG_PARAM], action)
    return await supplier_context(tx, res, principal, _slug(request), action)


def _unknown_to_anonymous(declared: Needs) -> HansaError:
    """A caller without credentials learns nothing of an organisation or a supplier, not
    even that it exists: 404, as to a stranger (docs/architecture.md, isolation). Operator
    routes say 401: the console exists for everyone to see."""
    if declared.context == "org":
        return OrganisationNotFound("no such organisation")
    if declared.context == "supplier":
        return TenantNotFound("no such supplier")
    return NotAuthenticated()


def _slug(request: Request[Any, Any, Any]) -> str:
    """The supplier the path names, checked like every input (the guard reads it before
    Litestar's parameter checks run): a NUL character is 400, not a database error."""
    slug = str(request.path_params[TENANT_PARAM])
    if errors := list(problems(slug, TENANT_PARAM, "path")):
        raise refuse(errors)
    return slug


async def provide_context(request: Request[Any, Any, Any]) -> Any:
    """The context ``resolve_context`` stored for this request."""
    return request.state[_CONTEXT]


async def provide_viewer_in_transaction(
    request: Request[Any, Any, Any], resources: NamedDependency[Resources]
) -> AsyncIterator[ViewerInTransaction]:
    """The request's one transaction with the viewer resolved on it; it commits once the
    answer is built, and rolls back on an error. One generator on purpose: Litestar does
    not close an earlier generator dependency when a later one raises (a 404 here)."""
    async with resources.db.transaction() as tx:
        slug = _slug(request) if TENANT_PARAM in request.path_params else None
        viewer = await buyer_context(tx, resources, await principal_of(request, resources, tx), slug)
        yield ViewerInTransaction(viewer, tx)


CONTEXT_GUARDS: list[Guard] = [resolve_context]
CONTEXT_DEPENDENCIES: dict[str, Provide] = {**AUTH_DEPENDENCIES, "ctx": Provide(provide_context)}
ONE_TRANSACTION: dict[str, Provide] = {"ctx": Provide(provide_viewer_in_transaction)}


_CONTEXT_TYPES = (SupplierContext, BuyerContext, OperatorContext, OrgContext, ViewerInTransaction)


def _is_options(handler: BaseRouteHandler) -> bool:
    return isinstance(handler, HTTPRouteHandler) and handler.http_methods == {"OPTIONS"}


def declared_needs(handler: BaseRouteHandler) -> Needs | None:
    found = handler.opt.get(ACCESS)
    if not isinstance(found, Needs):
        return None
    if found.context != "buyer" and not found.action:
        return None
    return found


def check_declared_contexts(app: Litestar) -> None:
    """Refuse an app where a guarded route declares no action, or a route takes ``ctx``
    without the guard that makes it (it would fail at its first request)."""
    missing: list[str] = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or _is_options(handler):
                continue
            guarded = resolve_context in handler.resolve_guards()
            takes_ctx = any(
                parameter.is_subclass_of(_CONTEXT_TYPES)
                for parameter in handler.parsed_fn_signature.parameters.values()
            )
            declared = declared_needs(handler)
            in_one_tx = declared is not None and declared.one_transaction
            provider = handler.resolve_dependencies().get("ctx")
            wired = provider is not None and provider.dependency is (
                provide_viewer_in_transaction if in_one_tx else provide_context
            )
            if (guarded or takes_ctx) and (not guarded or declared is None or (takes_ctx and not wired)):
                missing.append(f"{'/'.join(sorted(handler.http_methods))} {route.path}")
    if missing:
        raise ImproperlyConfiguredException(
            "routes without a declared context and action (opt=needs(...), operator_needs(...) "
            f"or AS_VIEWER, under CONTEXT_GUARDS): {', '.join(sorted(set(missing)))}"
        )
