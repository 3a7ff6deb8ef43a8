"""Rules of buyer company locations: only buyer organisations have them; one default
ship-to and one default bill-to per company (the database enforces it too); the first
location of a kind becomes that kind's default; deleting a default leaves the kind
without one. Every change is audited in the company's domain."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import msgspec

from hansa.audit.service import record_by
from hansa.core.db import Database, Tx
from hansa.identity.orgs.service import OrgContext
from hansa.marketplace.buyers import repository as repo
from hansa.marketplace.buyers.errors import DefaultConflict, InvalidLocation, LocationNotFound, NotABuyer
from hansa.marketplace.buyers.schemas import (
    BuyerLocationOut,
    BuyerLocationPatch,
    BuyerLocationSnapshot,
    LocationKind,
    NewBuyerLocation,
)

KINDS: tuple[LocationKind, ...] = ("ship_to", "bill_to")
# optional texts: "" given in a patch (or on create) is stored as no value
_OPTIONAL_TEXT = (
    "line2",
    "region",
    "postal_code",
    "contact_name",
    "contact_email",
    "contact_phone",
    "tax_id",
)
_TARGET = "buyer_location"


def _require_buyer(ctx: OrgContext) -> None:
    if ctx.org.kind != "buyer":
        raise NotABuyer("only buyer companies have locations")


def _blank_to_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (None if name in _OPTIONAL_TEXT and isinstance(value, str) and not value.strip() else value)
        for name, value in fields.items()
    }


def _check_kinds(is_ship_to: bool, is_bill_to: bool) -> None:
    if not (is_ship_to or is_bill_to):
        raise InvalidLocation(
            "a location is a ship-to, a bill-to or both",
            errors=[{"field": "is_ship_to", "message": "choose ship-to, bill-to or both"}],
        )


async def _found(tx: Tx, ctx: OrgContext, location_id: uuid.UUID) -> BuyerLocationOut:
    location = await repo.get_location(tx, ctx.org.id, location_id)
    if location is None:
        raise LocationNotFound("no such location")
    return location


async def _audit(
    tx: Tx,
    ctx: OrgContext,
    change: str,
    location_id: uuid.UUID,
    label: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await record_by(
        tx,
        ctx.principal,
        ctx.domain,
        f"buyers.location_{change}",
        _TARGET,
        location_id,
        before=before,
        after=after,
        label=label,
    )


async def list_locations(db: Database, ctx: OrgContext) -> list[BuyerLocationOut]:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        return await repo.list_locations(tx, ctx.org.id)


async def get_location(db: Database, ctx: OrgContext, location_id: uuid.UUID) -> BuyerLocationOut:
    _require_buyer(ctx)
    async with db.transaction() as tx:
        return await _found(tx, ctx, location_id)


async def create_location(db: Database, ctx: OrgContext, data: NewBuyerLocation) -> BuyerLocationOut:
    _require_buyer(ctx)
    location_id = uuid.uuid4()
    async with db.transaction() as tx:
        fields = await add_location(tx, ctx.org.id, location_id, data)
        await _audit(tx, ctx, "created", location_id, data.name, after=fields)
        return await _found(tx, ctx, location_id)


async def add_location(
    tx: Tx, org_id: uuid.UUID, location_id: uuid.UUID, data: NewBuyerLocation
) -> dict[str, Any]:
    """Insert a location of a buyer company on ``tx`` (the API and the demo seed): the first
    of a kind becomes that kind's default. Returns the columns written."""
    _check_kinds(data.is_ship_to, data.is_bill_to)
    fields = _blank_to_none(msgspec.structs.asdict(data))
    await repo.lock_company(tx, org_id)
    for kind in KINDS:
        if fields[f"is_{kind}"] and not await repo.has_default(tx, org_id, kind):
            fields[repo.DEFAULT_COLUMN[kind]] = True
    try:
        await repo.insert_location(tx, org_id, location_id, fields)
    except asyncpg.UniqueViolationError as exc:  # a first location created at the same time
        raise DefaultConflict("another location was added at the same time; try again") from exc
    return fields


def _patch_fields(patch: BuyerLocationPatch) -> dict[str, Any]:
    fields = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if name != "clear_contact_email" and value is not None
    }
    if patch.clear_contact_email:
        if "contact_email" in fields:
            raise InvalidLocation(
                "give contact_email or clear_contact_email, not both",
                errors=[{"field": "contact_email", "message": "give a value or clear it, not both"}],
            )
        fields["contact_email"] = None
    return _blank_to_none(fields)


async def update_location(
    db: Database, ctx: OrgContext, location_id: uuid.UUID, patch: BuyerLocationPatch
) -> BuyerLocationOut:
    """A location that stops being of a kind stops being that kind's default."""
    _require_buyer(ctx)
    fields = _patch_fields(patch)
    async with db.transaction() as tx:
        await repo.lock_company(tx, ctx.org.id)
        current = await _found(tx, ctx, location_id)
        _check_kinds(
            fields.get("is_ship_to", current.is_ship_to), fields.get("is_bill_to", current.is_bill_to)
        )
        for kind in KINDS:
            if fields.get(f"is_{kind}") is False and getattr(current, repo.DEFAULT_COLUMN[kind]):
                fields[repo.DEFAULT_COLUMN[kind]] = False
        if fields:
            await repo.update_location(tx, location_id, fields)
            before = {name: getattr(current, name) for name in fields}
            await _audit(
                tx, ctx, "updated", location_id, fields.get("name", current.name), before=before, after=fields
            )
        return await _found(tx, ctx, location_id)


async def set_default(
    db: Database, ctx: OrgContext, location_id: uuid.UUID, kind: LocationKind
) -> BuyerLocationOut:
    """Make this location the company's default of ``kind`` (the previous one stops being it)."""
    _require_buyer(ctx)
    column = repo.DEFAULT_COLUMN[kind]
    async with db.transaction() as tx:
        await repo.lock_company(tx, ctx.org.id)
        current = await _found(tx, ctx, location_id)
        if not getattr(current, f"is_{kind}"):
            raise InvalidLocation(
                f"this location is not a {kind.replace('_', '-')} address",
                errors=[
                    {"field": "kind", "message": f"the location is not a {kind.replace('_', '-')} address"}
                ],
            )
        if not getattr(current, column):
            await repo.clear_default(tx, ctx.org.id, kind)
            await repo.update_location(tx, location_id, {column: True})
            await _audit(tx, ctx, f"default_{kind}", location_id, current.name, after={column: True})
        return await _found(tx, ctx, location_id)


async def delete_location(db: Database, ctx: OrgContext, location_id: uuid.UUID) -> None:
    """Deleting a default leaves the company without a default of that kind until one is set."""
    _require_buyer(ctx)
    async with db.transaction() as tx:
        await repo.lock_company(tx, ctx.org.id)
        current = await _found(tx, ctx, location_id)
        await repo.delete_location(tx, location_id)
        await _audit(tx, ctx, "deleted", location_id, current.name, before={"name": current.name})


async def location_snapshot(tx: Tx, org_id: uuid.UUID, location_id: uuid.UUID) -> BuyerLocationSnapshot:
    """The location as an order keeps it, read on the caller's transaction (checkout);
    a location of another company is not found."""
    location = await repo.get_location(tx, org_id, location_id)
    if location is None:
        raise LocationNotFound("no such location")
    copied = {name: getattr(location, name) for name in BuyerLocationSnapshot.__struct_fields__[1:]}
    return BuyerLocationSnapshot(location_id=location.id, **copied)


async def location_serves(tx: Tx, org_id: uuid.UUID, location_id: uuid.UUID, use: str) -> bool:
    """Whether the company's location is flagged for ``use`` (``ship_to`` or ``bill_to``):
    checkout ships and bills only to locations flagged so."""
    location = await repo.get_location(tx, org_id, location_id)
    return location is not None and bool(getattr(location, f"is_{use}"))
