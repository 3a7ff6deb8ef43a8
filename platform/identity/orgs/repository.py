"""Every query of organisations, memberships (casbin grouping rules) and invitations.

Plain reads and writes of ``organisation`` and ``invitation`` go through their Piccolo
tables on ``tx``; the service adds what other domains own (a supplier's status on its
tenant, memberships, the members' names) through their services. SQL stays for the
buyer search (accent-folded matching)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from hansa.core.db import DB_NOW, Tx, escape_like, new_row
from hansa.core.folding import ACCENTED, PLAIN, folded
from hansa.core.principal import OrgKind
from hansa.core.rows import as_struct, as_structs
from hansa.identity.orgs.schemas import BuyerSummary, InvitationOut
from hansa.identity.orgs.tables import Invitation, Organisation


@dataclass(frozen=True, slots=True)
class OrgRow:
    """An organisation as its table holds it; a supplier's status and slug live on its tenant."""

    id: uuid.UUID
    kind: OrgKind
    name: str
    status: str
    created_at: datetime
    tenant_id: uuid.UUID | None


_ORG = (
    Organisation.id,
    Organisation.kind,
    Organisation.name,
    Organisation.status,
    Organisation.created_at,
    Organisation.tenant_id,
)


async def insert_org(tx: Tx, *, org_id: uuid.UUID, kind: str, name: str, tenant_id: uuid.UUID | None) -> None:
    await Organisation.insert(
        new_row(Organisation, id=org_id, kind=kind, name=name, tenant_id=tenant_id)
    ).run()


async def get_org(tx: Tx, org_id: uuid.UUID) -> OrgRow | None:
    # SQL: read on every organisation-scoped request and by /me (Piccolo adds ~70 µs a query,
    # ~7% of such a request: docs/architecture.md)
    row = await tx.fetchrow(
        "SELECT id, kind, name, status, created_at, tenant_id FROM public.organisation WHERE id = $1", org_id
    )
    return OrgRow(**row) if row else None


async def orgs_by_ids(tx: Tx, org_ids: list[uuid.UUID]) -> list[OrgRow]:
    """These organisations, by name."""
    if not org_ids:  # Piccolo refuses an empty IN list
        return []
    rows = (
        await Organisation.select(*_ORG)
        .where(Organisation.id.is_in(org_ids))
        .order_by(Organisation.name, Organisation.id)
        .run()
    )
    return [OrgRow(**row) for row in rows]


async def platform_org_id(tx: Tx) -> uuid.UUID | None:
    row = await Organisation.select(Organisation.id).where(Organisation.kind == "platform").first().run()
    return row["id"] if row and isinstance(row["id"], uuid.UUID) else None


_INVITATION = (
    Invitation.id,
    Invitation.org_id,
    Invitation.email,
    Invitation.role,
    Invitation.status,
    Invitation.created_at,
    Invitation.expires_at,
)


async def insert_invitation(
    tx: Tx,
    *,
    invitation_id: uuid.UUID,
    org_id: uuid.UUID,
    email: str,
    role: str,
    token_hash: bytes,
    invited_by: uuid.UUID | None,
    expires_at: datetime,
) -> None:
    row = new_row(
        Invitation,
        id=invitation_id,
        org_id=org_id,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=expires_at,
    )
    await Invitation.insert(row).run()


async def pending_invitation_exists(tx: Tx, org_id: uuid.UUID, email: str) -> bool:
    return bool(
        await Invitation.exists()
        .where(
            Invitation.org_id == org_id,
            Invitation.email == email,
            Invitation.status == "pending",
            Invitation.expires_at > DB_NOW,
        )
        .run()
    )


async def expire_stale_invitation(tx: Tx, org_id: uuid.UUID, email: str) -> None:
    await (
        Invitation.update({Invitation.status: "revoked", Invitation.answered_at: DB_NOW})
        .where(
            Invitation.org_id == org_id,
            Invitation.email == email,
            Invitation.status == "pending",
            Invitation.expires_at <= DB_NOW,
        )
        .run()
    )


async def pending_invitations(tx: Tx, org_id: uuid.UUID) -> list[InvitationOut]:
    rows = (
        await Invitation.select(*_INVITATION)
        .where(Invitation.org_id == org_id, Invitation.status == "pending")
        .order_by(Invitation.created_at, ascending=False)
        .run()
    )
    return as_structs(rows, InvitationOut)


async def invitation_by_token(tx: Tx, token_hash: bytes) -> InvitationOut | None:
    query = Invitation.select(*_INVITATION).where(Invitation.token_hash == token_hash)
    row = await query.lock_rows("UPDATE").first().run()
    return as_struct(row, InvitationOut) if row else None


async def invitation_in_org(tx: Tx, org_id: uuid.UUID, invitation_id: uuid.UUID) -> InvitationOut | None:
    query = Invitation.select(*_INVITATION).where(Invitation.id == invitation_id, Invitation.org_id == org_id)
    row = await query.lock_rows("UPDATE").first().run()
    return as_struct(row, InvitationOut) if row else None


async def answer_invitation(tx: Tx, invitation_id: uuid.UUID, status: str) -> None:
    await (
        Invitation.update({Invitation.status: status, Invitation.answered_at: DB_NOW})
        .where(Invitation.id == invitation_id)
        .run()
    )


# -- reads other domains make of buyer organisations (their ids are public: no FK crosses a schema)


async def buyer_ids(tx: Tx, org_ids: list[uuid.UUID], *, archived: bool) -> set[uuid.UUID]:
    """Which of these ids are buyer organisations (``archived``: archived ones count too)."""
    rows = await tx.fetch(
        "SELECT id FROM public.organisation WHERE id = ANY($1::uuid[]) AND kind = 'buyer' "
        "AND ($2 OR status <> 'archived')",
        org_ids,
        archived,
    )
    return {row["id"] for row in rows}


async def buyer_summaries(tx: Tx, org_ids: list[uuid.UUID]) -> list[BuyerSummary]:
    rows = await tx.fetch(
        "SELECT id, name, status FROM public.organisation WHERE id = ANY($1::uuid[]) AND kind = 'buyer' "
        "ORDER BY name, id",
        org_ids,
    )
    return as_structs(rows, BuyerSummary)


async def search_buyers(tx: Tx, query: str, limit: int) -> list[tuple[uuid.UUID, str]]:
    """Active buyer organisations whose folded name contains the folded query: whole
    name first, then a prefix, then a word prefix, then anywhere; then by name."""
    name = folded("o.name")
    needle = folded("$3")
    pattern = folded("$4")
    rows = await tx.fetch(
        f"""
        SELECT o.id, o.name FROM public.organisation o
        WHERE o.kind = 'buyer' AND o.status = 'active' AND {name} LIKE '%' || {pattern} || '%'
        ORDER BY CASE WHEN {name} = {needle} THEN 0
                      WHEN {name} LIKE {pattern} || '%' THEN 1
                      WHEN {name} LIKE '% ' || {pattern} || '%' THEN 2
                      ELSE 3 END,
                 o.name, o.id
        LIMIT $5
        """,
        ACCENTED,
        PLAIN,
        query,
        escape_like(query),
        limit,
    )
    return [(row["id"], row["name"]) for row in rows]


# ``ids`` ($4) may hold ids that name no buyer (any more): they stay, without name or status
_BUYERS_AMONG = f"""
    FROM unnest($4::uuid[]) AS ref (buyer_org_id)
    LEFT JOIN public.organisation o ON o.id = ref.buyer_org_id AND o.kind = 'buyer'
    WHERE $3::text IS NULL OR {folded("o.name")} LIKE '%' || {folded("$3")} || '%'
"""
BUYER_ORDER = {
    "name": "o.name ASC NULLS LAST, ref.buyer_org_id ASC",
    "-name": "o.name DESC NULLS LAST, ref.buyer_org_id DESC",
}


async def buyers_page(
    tx: Tx, ids: list[uuid.UUID], *, query: str | None, sort: str, limit: int, offset: int
) -> tuple[list[tuple[uuid.UUID, str | None, str | None]], int]:
    """(id, name, status) of a page of ``ids`` whose folded name contains ``query``, and how many match."""
    pattern = escape_like(query) if query is not None else None
    total = int(await tx.fetchval(f"SELECT count(*) {_BUYERS_AMONG}", ACCENTED, PLAIN, pattern, ids))
    rows = await tx.fetch(
        f"SELECT ref.buyer_org_id, o.name, o.status {_BUYERS_AMONG} "
        f"ORDER BY {BUYER_ORDER[sort]} LIMIT $5 OFFSET $6",
        ACCENTED,
        PLAIN,
        pattern,
        ids,
        limit,
        offset,
    )
    return [(row["buyer_org_id"], row["name"], row["status"]) for row in rows], total


async def only_platform_organisations(tx: Tx) -> bool:
    return not await tx.fetchval("SELECT EXISTS (SELECT 1 FROM public.organisation WHERE kind <> 'platform')")


async def org_name(tx: Tx, org_id: uuid.UUID) -> str | None:
    row = await Organisation.select(Organisation.name).where(Organisation.id == org_id).first().run()
    return str(row["name"]) if row else None


async def invitation_email(tx: Tx, invitation_id: uuid.UUID) -> str | None:
    row = await Invitation.select(Invitation.email).where(Invitation.id == invitation_id).first().run()
    return str(row["email"]) if row else None
