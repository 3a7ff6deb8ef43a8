"""Every query of organisations, memberships (casbin grouping rules) and invitations.

Plain reads and writes of ``organisation`` and ``invitation`` go through their Piccolo
tables on ``tx``; joins (the tenant's status, memberships, members) stay SQL."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.identity.orgs.schemas import InvitationOut, MemberOut, OrganisationOut
from hansa.identity.orgs.tables import Invitation, Organisation

# SQL: joined with the tenant registry (a supplier's status lives there)
_ORG = (
    "SELECT o.id, o.kind, o.name, o.created_at, t.slug, "
    "CASE WHEN o.kind = 'supplier' THEN t.status ELSE o.status END AS status, t.status_reason "
    "FROM public.organisation o LEFT JOIN public.tenant t ON t.id = o.tenant_id"
)


def _org(row: Any, role: str | None = None) -> OrganisationOut:
    return OrganisationOut(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        status=row["status"],
        created_at=row["created_at"],
        slug=row["slug"],
        role=role,
        status_reason=row["status_reason"],
    )


async def insert_org(tx: Tx, *, org_id: uuid.UUID, kind: str, name: str, tenant_id: uuid.UUID | None) -> None:
    await Organisation.insert(
        new_row(Organisation, id=org_id, kind=kind, name=name, tenant_id=tenant_id)
    ).run()


async def get_org(tx: Tx, org_id: uuid.UUID) -> OrganisationOut | None:
    row = await tx.fetchrow(f"{_ORG} WHERE o.id = $1", org_id)
    return _org(row) if row else None


async def platform_org_id(tx: Tx) -> uuid.UUID | None:
    row = await Organisation.select(Organisation.id).where(Organisation.kind == "platform").first().run()
    return row["id"] if row and isinstance(row["id"], uuid.UUID) else None


async def orgs_of(tx: Tx, subject: str) -> list[OrganisationOut]:
    # SQL: a join of organisations, tenants and memberships
    rows = await tx.fetch(
        f"SELECT q.*, r.v1 AS role FROM ({_ORG}) q "
        "JOIN public.casbin_rule r ON r.ptype = 'g' AND r.v0 = $1 AND r.v2 = "
        "CASE q.kind WHEN 'supplier' THEN 'tenant:' || q.id WHEN 'buyer' THEN 'buyer:' || q.id "
        "ELSE 'platform' END ORDER BY q.name, q.id",
        subject,
    )
    return [_org(row, row["role"]) for row in rows]


async def members(tx: Tx, domain: str) -> list[MemberOut]:
    # SQL: a join of memberships and users
    rows = await tx.fetch(
        "SELECT u.id AS user_id, u.email, u.name, r.v1 AS role FROM public.casbin_rule r "
        "JOIN public.app_user u ON r.v0 = 'user:' || u.id "
        "WHERE r.ptype = 'g' AND r.v2 = $1 ORDER BY u.name, u.email",
        domain,
    )
    return [MemberOut(**dict(row)) for row in rows]


async def lock_owners(tx: Tx, domain: str) -> list[str]:
    """The owners' subjects, row-locked so two demotions cannot both pass the last-owner rule."""
    # SQL: permissions' table (issue 10 item 1 moves this read behind its service)
    rows = await tx.fetch(
        "SELECT v0 FROM public.casbin_rule WHERE ptype = 'g' AND v2 = $1 AND v1 = 'owner' FOR UPDATE",
        domain,
    )
    return [row["v0"] for row in rows]


async def user_is_verified(tx: Tx, user_id: uuid.UUID) -> bool:
    # SQL: auth's table (issue 10 item 1 moves this read behind auth's service)
    return bool(
        await tx.fetchval("SELECT email_verified_at IS NOT NULL FROM public.app_user WHERE id = $1", user_id)
    )


async def user_email(tx: Tx, user_id: uuid.UUID) -> str | None:
    # SQL: auth's table (issue 10 item 1 moves this read behind auth's service)
    value = await tx.fetchval("SELECT email::text FROM public.app_user WHERE id = $1", user_id)
    return str(value) if value is not None else None


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
