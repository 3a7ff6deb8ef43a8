"""Routes of organisations, members, invitations, API keys and audit: thin.

Outside the ``orgs`` package because the routes of one organisation take the guard
(``identity.context``), which itself imports ``orgs.service``. The caller's own calls
(create, list mine, switch, answer an invitation) need only a signed-in caller; every
route under /orgs/{org_id} declares its action and receives a ready ``OrgContext``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from hansa.audit.schemas import AuditPage
from hansa.core.filters import SearchText
from hansa.core.pagination import Limit
from hansa.core.resources import Resources
from hansa.identity.auth.dependencies import AUTH_DEPENDENCIES
from hansa.identity.auth.schemas import ApiKeyCreatedOut, ApiKeyOut
from hansa.identity.context import CONTEXT_DEPENDENCIES, CONTEXT_GUARDS, OrgContext, org_needs
from hansa.identity.orgs import service
from hansa.identity.orgs.schemas import (
    ActiveOrg,
    InvitationOut,
    InvitationToken,
    MemberOut,
    NewApiKey,
    NewInvitation,
    NewOrganisation,
    OrganisationOut,
    RoleChange,
)
from hansa.identity.principal import Principal


class OrganisationController(Controller):
    """The caller's own organisations: any signed-in caller."""

    path = "/api/v1/orgs"
    tags = ["organisations"]
    dependencies = AUTH_DEPENDENCIES

    @post("", summary="Create a supplier or buyer organisation; the caller becomes its owner")
    async def create(
        self,
        data: JSONBody[NewOrganisation],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> OrganisationOut:
        return await service.create_organisation(resources, principal, data)

    @get("", summary="The caller's organisations, with its role in each")
    async def mine(
        self, principal: NamedDependency[Principal], resources: NamedDependency[Resources]
    ) -> list[OrganisationOut]:
        return await service.my_organisations(resources, principal)

    @post("/active", summary="Switch the session's active organisation", status_code=200)
    async def switch(
        self,
        data: JSONBody[ActiveOrg],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> OrganisationOut:
        return await service.switch_active(resources, principal, data.org_id)


class OrganisationMembersController(Controller):
    """One organisation's members, invitations, API keys and audit log."""

    path = "/api/v1/orgs/{org_id:uuid}"
    tags = ["organisations"]
    guards = CONTEXT_GUARDS
    dependencies = CONTEXT_DEPENDENCIES

    @get("/members", summary="Members and their roles", opt=org_needs("members.read"))
    async def members(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> list[MemberOut]:
        return await service.list_members(resources, ctx)

    @patch("/members/{user_id:uuid}", summary="Change a member's role", opt=org_needs("members.manage"))
    async def change_role(
        self,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[RoleChange],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> MemberOut:
        return await service.change_member_role(resources, ctx, user_id, data.role)

    @delete(
        "/members/{user_id:uuid}",
        summary="Remove a member, or leave",
        description="Removing someone else needs members.manage; leaving (your own user id) org.read.",
        opt=org_needs("members.manage", own=("user_id", "org.read")),
    )
    async def remove(
        self,
        user_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.remove_member(resources, ctx, user_id)

    @post("/invitations", summary="Invite someone by e-mail with a role", opt=org_needs("members.invite"))
    async def invite(
        self,
        data: JSONBody[NewInvitation],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> InvitationOut:
        return await service.invite(resources, ctx, data)

    @get("/invitations", summary="Pending invitations", opt=org_needs("members.read"))
    async def invitations(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> list[InvitationOut]:
        return await service.list_invitations(resources, ctx)

    @delete(
        "/invitations/{invitation_id:uuid}",
        summary="Revoke a pending invitation",
        opt=org_needs("members.invite"),
    )
    async def revoke_invitation(
        self,
        invitation_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.revoke_invitation(resources, ctx, invitation_id)

    @post(
        "/api-keys",
        summary="Create an API key; its secret is shown once",
        description="Only a signed-in user creates keys: an API key answers 403 orgs.api_keys_user_only.",
        opt=org_needs("api_keys.manage"),
    )
    async def create_key(
        self,
        data: JSONBody[NewApiKey],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ApiKeyCreatedOut:
        key, secret = await service.create_key(resources, ctx, data.name, data.role)
        return ApiKeyCreatedOut(key=key, secret=secret)

    @get(
        "/api-keys",
        summary="API keys by prefix, with last use; never the secret",
        opt=org_needs("api_keys.read"),
    )
    async def keys(
        self, ctx: NamedDependency[OrgContext], resources: NamedDependency[Resources]
    ) -> list[ApiKeyOut]:
        return await service.list_keys(resources, ctx)

    @delete(
        "/api-keys/{key_id:uuid}",
        summary="Revoke an API key",
        status_code=200,
        opt=org_needs("api_keys.manage"),
    )
    async def revoke_key(
        self,
        key_id: FromPath[uuid.UUID],
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
    ) -> ApiKeyOut:
        return await service.revoke_key(resources, ctx, key_id)

    @get("/audit", summary="The organisation's audit log, newest first", opt=org_needs("audit.read"))
    async def audit(
        self,
        ctx: NamedDependency[OrgContext],
        resources: NamedDependency[Resources],
        action: SearchText = None,
        actor_id: FromQuery[str | None] = None,
        target_type: FromQuery[str | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        cursor: FromQuery[int | None] = None,
        limit: Limit = 50,
    ) -> AuditPage:
        return await service.audit_log(
            resources,
            ctx,
            action=action,
            actor_id=actor_id,
            target_type=target_type,
            since=since,
            until=until,
            cursor=cursor,
            limit=limit,
        )


class InvitationController(Controller):
    path = "/api/v1/invitations"
    tags = ["organisations"]
    dependencies = AUTH_DEPENDENCIES

    @post("/accept", summary="Accept an invitation (signed in with the invited address)", status_code=200)
    async def accept(
        self,
        data: JSONBody[InvitationToken],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> OrganisationOut:
        return await service.answer_invitation(resources, principal, data.token, accept=True)

    @post("/decline", summary="Decline an invitation", status_code=204)
    async def decline(
        self,
        data: JSONBody[InvitationToken],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.answer_invitation(resources, principal, data.token, accept=False)
