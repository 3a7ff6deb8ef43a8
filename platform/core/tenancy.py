"""The one way into a tenant's schema.

Each supplier tenant owns the PostgreSQL schema ``t_<tenant id hex>``.
``tenant_transaction`` opens a new transaction whose ``search_path`` is set with
``set_config(..., is_local => true)``: it ends with the transaction, so a pooled
connection never carries one tenant's path into another request. Outside it,
tenant tables are simply not found ("relation does not exist"): the safe failure.
Code that already holds a ``Tx`` (a composer) enters the schema on it with
``enter_schema(tx, schema)`` instead of opening another transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from hansa.core.db import Database, Tx
from hansa.core.errors import Conflict

_SCHEMA_RE = re.compile(r"^t_[0-9a-f]{32}$")


class InvalidSchemaName(ValueError):
    """A schema name that is not of the form ``t_<32 hex digits>``."""


def schema_for(tenant_id: uuid.UUID) -> str:
    return f"t_{tenant_id.hex}"


def validate_schema(schema: str) -> str:
    """Return ``schema`` when it is a tenant schema name; raise otherwise.

    Schema names are interpolated into SQL (identifiers cannot be bound as
    parameters), so only this exact shape is ever accepted.
    """
    if not _SCHEMA_RE.fullmatch(schema):
        raise InvalidSchemaName(f"not a tenant schema name: {schema!r}")
    return schema


def quoted_schema(schema: str) -> str:
    return f'"{validate_schema(schema)}"'


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user, an API key, or the system (jobs, CLI)."""

    kind: str  # "user" | "api_key" | "system"
    id: str


SYSTEM = Actor(kind="system", id="system")


@dataclass(frozen=True, slots=True)
class TenantContext:
    """Built once per request (or job) and passed explicitly to services."""

    tenant_id: uuid.UUID
    schema: str
    actor: Actor = SYSTEM
    org: str | None = None
    request_id: str | None = None

    def __post_init__(self) -> None:
        validate_schema(self.schema)
        if self.schema != schema_for(self.tenant_id):
            raise InvalidSchemaName(f"schema {self.schema} does not belong to {self.tenant_id}")

    @classmethod
    def for_tenant(
        cls,
        tenant_id: uuid.UUID,
        *,
        actor: Actor = SYSTEM,
        org: str | None = None,
        request_id: str | None = None,
    ) -> TenantContext:
        return cls(tenant_id, schema_for(tenant_id), actor, org, request_id)


async def enter_schema(tx: Tx, schema: str) -> None:
    """Point ``tx`` at ``schema`` for the rest of the transaction (and no longer)."""
    if tx.tenant_schema is not None and tx.tenant_schema != schema:
        # one transaction touches one tenant schema plus public (keeps Citus possible)
        raise Conflict(
            "a transaction may enter one tenant schema only",
            code="tenancy.cross_tenant_transaction",
        )
    path = f"{quoted_schema(schema)}, public"
    await tx.execute("SELECT set_config('search_path', $1, true)", path)
    tx.tenant_schema = schema


@asynccontextmanager
async def tenant_transaction(db: Database, ctx: TenantContext) -> AsyncIterator[Tx]:
    """A new transaction inside ``ctx``'s tenant schema (refused when one is open in this task)."""
    async with db.transaction() as tx:
        await enter_schema(tx, ctx.schema)
        yield tx
