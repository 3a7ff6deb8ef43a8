"""Organisations, memberships and invitations.

A function of one organisation takes the ``OrgContext`` the edge resolved
(``identity.context``'s guard, through ``access_in``): the caller is a member
allowed the route's declared action. ``access_in`` answers 404 for an organisation
the caller does not belong to (ids leak nothing) and 403 for a role without the
action. A second action known only from the payload or the row (making an owner)
is checked here with ``authorize``. The caller's own calls (create, list mine,
switch, answer an invitation) take the ``Principal``.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec

from hansa.audit.schemas import AuditPage
from hansa.audit.service import list_entries, record, record_by
from hansa.core.db import Tx
from hansa.core.errors import Forbidden, Unauthorized, ValidationFailed
from hansa.core.mail import queue_mail
from hansa.core.resources import Resources
from hansa.core.tenancy import SYSTEM
from hansa.identity.auth.apikeys import create_api_key, list_api_keys, revoke_api_key
from hansa.identity.auth.organisations import OrgFacts
from hansa.identity.auth.passwords import hash_password, policy_errors
from hansa.identity.auth.schemas import ApiKeyOut
from hansa.identity.auth.service import (
    contacts,
    email_of,
    ensure_verified_user,
    is_verified,
    set_active_org,
    token_hash,
)
from hansa.identity.orgs import repository as repo
from hansa.identity.orgs.errors import (
    AlreadyMember,
    EmailNotVerified,
    InvalidRole,
    InvitationInvalid,
    InvitationPending,
    KeysMintKeys,
    LastOwner,
    OrganisationNotFound,
    OrganisationSuspended,
)
from hansa.identity.orgs.repository import OrgRow
from hansa.identity.orgs.schemas import (
    BuyerSummary,
    InvitationOut,
    MemberOut,
    NewInvitation,
    NewOrganisation,
    OrganisationOut,
)
from hansa.identity.permissions.adapter import role_in
from hansa.identity.permissions.authorizer import authorize
from hansa.identity.permissions.service import (
    change_role,
    grant,
    lock_holders,
    memberships,
    revoke,
    roles_for_kind,
    roles_of,
)
from hansa.identity.principal import PLATFORM_DOMAIN, Principal, key_subject, org_domain, user_subject
from hansa.notifications.service import notify, operators
from hansa.tenants.schemas import NewTenant, TenantOut
from hansa.tenants.service import provision_tenant_in, tenants_by_id

INVITATION_TTL = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class OrgContext:
    """A member of ``org`` allowed the route's action (any kind), with its casbin domain.

    Defined here, not in ``identity.context`` (which resolves it and re-exports it):
    the services that take it cannot import the guard that imports them."""

    principal: Principal
    org: OrganisationOut
    domain: str


def _user_id(principal: Principal) -> uuid.UUID:
    if principal.user_id is None:
        raise Forbidden("only a signed-in person can do this, not an API key", code="auth.user_required")
    return principal.user_id


def _organisation(row: OrgRow, tenant: TenantOut | None) -> OrganisationOut:
    """A supplier's status, slug and status reason are its tenant's."""
    return OrganisationOut(
        id=row.id,
        kind=row.kind,
        name=row.name,
        status=tenant.status if tenant is not None and row.kind == "supplier" else row.status,
        created_at=row.created_at,
        slug=tenant.slug if tenant is not None else None,
        status_reason=tenant.status_reason if tenant is not None else None,
    )


async def _organisations(tx: Tx, rows: list[OrgRow]) -> list[OrganisationOut]:
    """The organisations with their tenants' facts (one query for any number of suppliers)."""
    tenants = await tenants_by_id(tx, [row.tenant_id for row in rows if row.tenant_id is not None])
    return [_organisation(row, tenants.get(row.tenant_id) if row.tenant_id else None) for row in rows]


async def _get_org(tx: Tx, org_id: uuid.UUID) -> OrganisationOut | None:
    row = await repo.get_org(tx, org_id)
    return (await _organisations(tx, [row]))[0] if row else None


def _id_in(name: str) -> uuid.UUID | None:
    """The id after the colon of a domain ("buyer:<id>") or a subject ("user:<id>")."""
    try:
        return uuid.UUID(name.split(":", 1)[1])
    except (IndexError, ValueError):
        return None


async def _orgs_of(tx: Tx, subject: str) -> list[OrganisationOut]:
    """The subject's organisations with its role in each, by name."""
    roles = dict(await roles_of(tx, subject))
    ids = [org_id for domain in roles if (org_id := _id_in(domain)) is not None]
    if PLATFORM_DOMAIN in roles and (platform_id := await repo.platform_org_id(tx)) is not None:
        ids.append(platform_id)
    orgs = await _organisations(tx, await repo.orgs_by_ids(tx, ids))
    # a membership counts in the organisation its domain names, of the kind the domain says
    return [
        _with_role(org, roles[domain]) for org in orgs if (domain := org_domain(org.kind, org.id)) in roles
    ]


async def _members(tx: Tx, domain: str) -> list[MemberOut]:
    """The organisation's users (not its API keys) with their roles, by name and e-mail."""
    roles = {
        user_id: role
        for subject, role in await memberships(tx, domain)
        if subject.startswith("user:") and (user_id := _id_in(subject)) is not None
    }
    members = [
        MemberOut(user_id=user_id, email=email, name=name, role=roles[user_id])
        for user_id, email, name, _ in await contacts(tx, list(roles))
    ]
    return sorted(members, key=lambda member: (member.name, member.email.lower(), member.user_id))


async def access_in(
    tx: Tx, res: Resources, principal: Principal, org_id: uuid.UUID, action: str
) -> OrgContext:
    """Fetch first, then check, on ``tx`` (the request edge's transaction): 404 unless
    a member, 403 if suspended or not allowed."""
    org = await _get_org(tx, org_id)
    if org is None or org.status == "archived":
        raise OrganisationNotFound("no such organisation")
    domain = org_domain(org.kind, org.id)
    authorize(res.authorizer, principal, action, domain)
    if org.status == "suspended":
        reason = f" ({org.status_reason})" if org.status_reason else ""
        raise OrganisationSuspended(f"this organisation is suspended{reason}; contact support")
    return OrgContext(principal, org, domain)


async def create_organisation(res: Resources, principal: Principal, new: NewOrganisation) -> OrganisationOut:
    """A verified user signs up a supplier (tenant provisioned now, pending approval)
    or a buyer company (active at once), and becomes its owner."""
    user_id = _user_id(principal)
    org_id = uuid.uuid4()
    async with res.db.transaction() as tx:
        if not await is_verified(tx, user_id):
            raise EmailNotVerified("verify your e-mail address before creating an organisation")
        tenant_id = None
        if new.kind == "supplier":
            if new.slug is None:
                raise ValidationFailed(
                    "a supplier needs a slug: its address on the marketplace",
                    code="orgs.slug_required",
                    errors=[{"field": "slug", "message": "required for a supplier"}],
                )
            tenant = await provision_tenant_in(
                tx,
                res.migrations,
                NewTenant(slug=new.slug, name=new.name, default_currency=new.default_currency),
            )
            org_id = tenant_id = tenant.id
        await repo.insert_org(tx, org_id=org_id, kind=new.kind, name=new.name, tenant_id=tenant_id)
        domain = org_domain(new.kind, org_id)
        await grant(tx, res.redis, user_subject(user_id), "owner", domain)
        await record_by(
            tx, principal, domain, "org.created", "organisation", org_id, after={"kind": new.kind}
        )
        if new.kind == "supplier":
            params = {"org_name": new.name, "slug": new.slug}
            await notify(tx, await operators(tx), "supplier.awaiting_approval", params, org_id=org_id)
        org = await _get_org(tx, org_id)
    assert org is not None
    return _with_role(org, "owner")


def _with_role(org: OrganisationOut, role: str) -> OrganisationOut:
    return msgspec.structs.replace(org, role=role)


async def my_organisations(res: Resources, principal: Principal) -> list[OrganisationOut]:
    async with res.db.transaction() as tx:
        orgs = await _orgs_of(tx, principal.subject)
    return [org for org in orgs if org.status != "archived"]


async def list_members(res: Resources, ctx: OrgContext) -> list[MemberOut]:
    async with res.db.transaction() as tx:
        return await _members(tx, ctx.domain)


async def change_member_role(res: Resources, ctx: OrgContext, user_id: uuid.UUID, role: str) -> MemberOut:
    """``members.manage``; making or unmaking an owner also needs ``members.manage_owners``."""
    _check_role(ctx, role)
    subject = user_subject(user_id)
    async with res.db.transaction() as tx:
        current = _member(await _members(tx, ctx.domain), user_id)
        if "owner" in (role, current.role):
            authorize(res.authorizer, ctx.principal, "members.manage_owners", ctx.domain)
            owners = await lock_holders(tx, ctx.domain, "owner")
            if current.role == "owner" and role != "owner" and owners == [subject]:
                raise LastOwner("an organisation keeps at least one owner")
        await change_role(tx, res.redis, subject, ctx.domain, role)
        await record_by(
            tx,
            ctx.principal,
            ctx.domain,
            "members.role_changed",
            "user",
            user_id,
            before={"role": current.role},
            after={"role": role},
        )
    return MemberOut(user_id=current.user_id, email=current.email, name=current.name, role=role)


async def remove_member(res: Resources, ctx: OrgContext, user_id: uuid.UUID) -> None:
    """An admin removes a member (``members.manage``); any member may remove themselves
    (leave, ``org.read``): the route declares both, the edge checks the one that applies."""
    leaving = ctx.principal.user_id == user_id
    subject = user_subject(user_id)
    async with res.db.transaction() as tx:
        current = _member(await _members(tx, ctx.domain), user_id)
        if current.role == "owner":
            if not leaving:
                authorize(res.authorizer, ctx.principal, "members.manage_owners", ctx.domain)
            if await lock_holders(tx, ctx.domain, "owner") == [subject]:
                raise LastOwner("the last owner cannot leave; make someone else owner first")
        await revoke(tx, res.redis, subject, ctx.domain)
        action = "members.left" if leaving else "members.removed"
        await record_by(tx, ctx.principal, ctx.domain, action, "user", user_id, before={"role": current.role})


def _member(members: list[MemberOut], user_id: uuid.UUID) -> MemberOut:
    for member in members:
        if member.user_id == user_id:
            return member
    raise OrganisationNotFound("no such member")


def _check_role(ctx: OrgContext, role: str) -> None:
    allowed = roles_for_kind(ctx.org.kind)
    if role not in allowed:
        raise InvalidRole(
            f"{role!r} is not a role of a {ctx.org.kind} organisation",
            errors=[{"field": "role", "message": f"one of {', '.join(sorted(allowed))}"}],
        )


async def invite(res: Resources, ctx: OrgContext, new: NewInvitation) -> InvitationOut:
    """``members.invite``; inviting an owner also needs ``members.manage_owners``."""
    org_id = ctx.org.id
    _check_role(ctx, new.role)
    if new.role == "owner":
        authorize(res.authorizer, ctx.principal, "members.manage_owners", ctx.domain)
    token = secrets.token_urlsafe(32)
    invitation_id = uuid.uuid4()
    email = new.email.strip().lower()
    async with res.db.transaction() as tx:
        if any(m.email.lower() == email for m in await _members(tx, ctx.domain)):
            raise AlreadyMember(f"{email} is already a member")
        await repo.expire_stale_invitation(tx, org_id, email)
        if await repo.pending_invitation_exists(tx, org_id, email):
            raise InvitationPending(f"{email} has a pending invitation already")
        await repo.insert_invitation(
            tx,
            invitation_id=invitation_id,
            org_id=org_id,
            email=email,
            role=new.role,
            token_hash=token_hash(token),
            invited_by=ctx.principal.user_id,
            expires_at=datetime.now(UTC) + INVITATION_TTL,
        )
        link = f"{res.settings.public_url.rstrip('/')}/invitations/{token}"
        await queue_mail(
            tx,
            email,
            f"You are invited to join {ctx.org.name} on Hansa",
            f"You have been invited to join {ctx.org.name} as {new.role}.\n\n"
            f"Accept or decline here (the link is valid for 7 days):\n{link}\n\n"
            f"Invitation token: {token}\n",
        )
        after: dict[str, object] = {"email": email, "role": new.role}
        await record_by(
            tx, ctx.principal, ctx.domain, "members.invited", "invitation", invitation_id, after=after
        )
        invitation = await repo.invitation_in_org(tx, org_id, invitation_id)
    assert invitation is not None
    return invitation


async def list_invitations(res: Resources, ctx: OrgContext) -> list[InvitationOut]:
    async with res.db.transaction() as tx:
        return await repo.pending_invitations(tx, ctx.org.id)


async def revoke_invitation(res: Resources, ctx: OrgContext, invitation_id: uuid.UUID) -> None:
    async with res.db.transaction() as tx:
        invitation = await repo.invitation_in_org(tx, ctx.org.id, invitation_id)
        if invitation is None or invitation.status != "pending":
            raise InvitationInvalid("no such pending invitation")
        await repo.answer_invitation(tx, invitation_id, "revoked")
        await record_by(
            tx, ctx.principal, ctx.domain, "members.invitation_revoked", "invitation", invitation_id
        )


async def answer_invitation(
    res: Resources, principal: Principal, token: str, *, accept: bool
) -> OrganisationOut:
    """The invited person (signed in with the invited address) accepts or declines."""
    user_id = _user_id(principal)
    async with res.db.transaction() as tx:
        invitation = await repo.invitation_by_token(tx, token_hash(token))
        email = await email_of(tx, user_id)
        if email is None:
            raise Unauthorized("sign in first")
        valid = (
            invitation is not None
            and invitation.status == "pending"
            and invitation.expires_at > datetime.now(UTC)
            and invitation.email.lower() == email.lower()
        )
        if not valid or invitation is None:  # one answer for every reason: tokens leak nothing
            raise InvitationInvalid("this invitation is not valid for you; it may have expired")
        org = await _get_org(tx, invitation.org_id)
        if org is None:
            raise InvitationInvalid("this invitation is not valid for you; it may have expired")
        domain = org_domain(org.kind, org.id)
        await repo.answer_invitation(tx, invitation.id, "accepted" if accept else "declined")
        if accept:
            if res.authorizer.role_of(user_subject(user_id), domain) is not None:
                raise AlreadyMember("you are a member already")
            await grant(tx, res.redis, user_subject(user_id), invitation.role, domain)
        action = "members.joined" if accept else "members.invitation_declined"
        await record_by(tx, principal, domain, action, "user", user_id, after={"role": invitation.role})
    return _with_role(org, invitation.role)


async def switch_active(res: Resources, principal: Principal, org_id: uuid.UUID) -> OrganisationOut:
    """Make ``org_id`` the session's active organisation (a member's own choice)."""
    if principal.session_id is None:
        raise Forbidden("only a signed-in session has an active organisation", code="auth.user_required")
    async with res.db.transaction() as tx:  # the organisation is in the body, not the path
        target = await access_in(tx, res, principal, org_id, "org.read")
    await set_active_org(res.db, principal.session_id, org_id)
    role = res.authorizer.role_of(principal.subject, target.domain)
    return _with_role(target.org, role or "")


async def create_key(res: Resources, ctx: OrgContext, name: str, role: str) -> tuple[ApiKeyOut, str]:
    """A key acts with ``role`` in this organisation only; the secret is shown once.

    Only a signed-in user creates keys: a key that could mint keys would let a
    leaked one outlive its own revocation."""
    principal = ctx.principal
    if principal.kind != "user":
        raise KeysMintKeys("API keys cannot create API keys; a signed-in user must")
    _check_role(ctx, role)
    if role == "owner":
        raise InvalidRole("an API key cannot be an owner", errors=[{"field": "role", "message": "not owner"}])
    async with res.db.transaction() as tx:
        key, secret = await create_api_key(
            tx, ctx.org.id, name, role, principal.user_id, actor=principal.actor
        )
        await grant(tx, res.redis, key_subject(key.id), role, ctx.domain)
    return key, secret


async def list_keys(res: Resources, ctx: OrgContext) -> list[ApiKeyOut]:
    async with res.db.transaction() as tx:
        return await list_api_keys(tx, ctx.org.id)


async def revoke_key(res: Resources, ctx: OrgContext, key_id: uuid.UUID) -> ApiKeyOut:
    async with res.db.transaction() as tx:
        key = await revoke_api_key(tx, ctx.org.id, key_id, actor=ctx.principal.actor)
        if res.authorizer.role_of(key_subject(key.id), ctx.domain) is not None:
            await revoke(tx, res.redis, key_subject(key.id), ctx.domain)
    return key


async def create_operator(
    res: Resources, *, email: str, name: str, password: str, role: str = "operator"
) -> OrganisationOut:
    """``hansa operators create``: an operator account in the platform organisation
    (created with the first operator). The e-mail counts as verified: an operator
    is made by someone with shell access to the platform."""
    problems = policy_errors(password, email=email)
    if problems:
        raise ValidationFailed("the password is too weak: " + "; ".join(problems), code="auth.weak_password")
    if role not in roles_for_kind("platform"):
        raise InvalidRole(f"{role!r} is not a platform role")
    password_hash = await hash_password(password)
    async with res.db.transaction() as tx:
        user_id = await ensure_verified_user(tx, email=email, name=name, password_hash=password_hash)
        org_id = await repo.platform_org_id(tx)
        if org_id is None:
            org_id = uuid.uuid4()
            await repo.insert_org(tx, org_id=org_id, kind="platform", name="Hansa operators", tenant_id=None)
        subject = user_subject(user_id)
        if await role_in(tx, subject, PLATFORM_DOMAIN) is None:
            await grant(tx, res.redis, subject, role, PLATFORM_DOMAIN)
        else:
            await change_role(tx, res.redis, subject, PLATFORM_DOMAIN, role)
        await record(
            tx,
            actor=SYSTEM,
            org=PLATFORM_DOMAIN,
            action="members.operator_created",
            target_type="user",
            target_id=str(user_id),
            after={"role": role},
        )
        org = await _get_org(tx, org_id)
    assert org is not None
    return _with_role(org, role)


# -- reads for other domains (suppliers name buyers by public id; no FK crosses the schema) --------


async def buyer_ids(tx: Tx, org_ids: list[uuid.UUID], *, archived: bool = False) -> set[uuid.UUID]:
    """Which of these ids are buyer organisations, in one query (``archived`` ones count if asked)."""
    return await repo.buyer_ids(tx, org_ids, archived=archived) if org_ids else set()


async def buyer_summaries(tx: Tx, org_ids: list[uuid.UUID]) -> list[BuyerSummary]:
    """id, name and status of the buyer organisations among ``org_ids``, by name."""
    return await repo.buyer_summaries(tx, org_ids)


async def search_buyers(tx: Tx, query: str, limit: int) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of active buyer organisations matching ``query`` (case and accents folded), best first."""
    return await repo.search_buyers(tx, query, limit)


async def buyers_page(
    tx: Tx, ids: list[uuid.UUID], *, query: str | None, sort: str, limit: int, offset: int
) -> tuple[list[tuple[uuid.UUID, str | None, str | None]], int]:
    """A page of ``ids`` by buyer name (``sort``: name or -name), filtered by ``query``:
    (id, name, status), name and status None where the id names no buyer organisation."""
    return await repo.buyers_page(tx, ids, query=query, sort=sort, limit=limit, offset=offset)


async def insert_organisation(
    tx: Tx, *, org_id: uuid.UUID, kind: str, name: str, tenant_id: uuid.UUID | None
) -> None:
    """An organisation with a given id (the demo seed; sign-up goes through ``create_organisation``)."""
    await repo.insert_org(tx, org_id=org_id, kind=kind, name=name, tenant_id=tenant_id)


async def has_only_platform_organisations(tx: Tx) -> bool:
    """True on a database nobody has signed up to yet."""
    return await repo.only_platform_organisations(tx)


# -- the organisation facts auth reads (registered in tasks.py; auth cannot import orgs) -----------


def _facts(org: OrganisationOut) -> OrgFacts:
    return OrgFacts(id=org.id, kind=org.kind, status=org.status)


async def facts_of_subject(tx: Tx, subject: str) -> list[OrgFacts]:
    """The subject's organisations, as listed (by name)."""
    return [_facts(org) for org in await _orgs_of(tx, subject)]


async def facts_of(tx: Tx, org_id: uuid.UUID) -> OrgFacts | None:
    org = await _get_org(tx, org_id)
    return _facts(org) if org else None


async def audit_log(
    res: Resources,
    ctx: OrgContext,
    *,
    action: str | None,
    actor_id: str | None,
    target_type: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: int | None,
    limit: int,
) -> AuditPage:
    """The organisation's audit log, newest first (``audit.read``)."""
    async with res.db.transaction() as tx:
        return await list_entries(
            tx,
            org=ctx.domain,
            action=action,
            actor_id=actor_id,
            target_type=target_type,
            since=since,
            until=until,
            cursor=cursor,
            limit=limit,
        )


# -- how the audit trail names organisations and invitations (tasks.py: hansa.audit.labels) ------


async def organisation_label(tx: Tx, org_id: uuid.UUID) -> str | None:
    return await repo.org_name(tx, org_id)


async def invitation_label(tx: Tx, invitation_id: uuid.UUID) -> str | None:
    return await repo.invitation_email(tx, invitation_id)
