"""Routes of organisations, members, invitations, API keys and audit: thin."""

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

    @get("/{org_id:uuid}/members", summary="Members and their roles")
    async def members(
        self,
        org_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[MemberOut]:
        return await service.list_members(resources, principal, org_id)

    @patch("/{org_id:uuid}/members/{user_id:uuid}", summary="Change a member's role")
    async def change_role(
        self,
        org_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        data: JSONBody[RoleChange],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> MemberOut:
        return await service.change_member_role(resources, principal, org_id, user_id, data.role)

    @delete("/{org_id:uuid}/members/{user_id:uuid}", summary="Remove a member, or leave")
    async def remove(
        self,
        org_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.remove_member(resources, principal, org_id, user_id)

    @post("/{org_id:uuid}/invitations", summary="Invite someone by e-mail with a role")
    async def invite(
        self,
        org_id: FromPath[uuid.UUID],
        data: JSONBody[NewInvitation],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> InvitationOut:
        return await service.invite(resources, principal, org_id, data)

    @get("/{org_id:uuid}/invitations", summary="Pending invitations")
    async def invitations(
        self,
        org_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[InvitationOut]:
        return await service.list_invitations(resources, principal, org_id)

    @delete("/{org_id:uuid}/invitations/{invitation_id:uuid}", summary="Revoke a pending invitation")
    async def revoke_invitation(
        self,
        org_id: FromPath[uuid.UUID],
        invitation_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> None:
        await service.revoke_invitation(resources, principal, org_id, invitation_id)

    @post(
        "/{org_id:uuid}/api-keys",
        summary="Create an API key; its secret is shown once",
        description="Only a signed-in user creates keys: an API key answers 403 orgs.api_keys_user_only.",
    )
    async def create_key(
        self,
        org_id: FromPath[uuid.UUID],
        data: JSONBody[NewApiKey],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ApiKeyCreatedOut:
        key, secret = await service.create_key(resources, principal, org_id, data.name, data.role)
        return ApiKeyCreatedOut(key=key, secret=secret)

    @get("/{org_id:uuid}/api-keys", summary="API keys by prefix, with last use; never the secret")
    async def keys(
        self,
        org_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> list[ApiKeyOut]:
        return await service.list_keys(resources, principal, org_id)

    @delete("/{org_id:uuid}/api-keys/{key_id:uuid}", summary="Revoke an API key", status_code=200)
    async def revoke_key(
        self,
        org_id: FromPath[uuid.UUID],
        key_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
        resources: NamedDependency[Resources],
    ) -> ApiKeyOut:
        return await service.revoke_key(resources, principal, org_id, key_id)

    @get("/{org_id:uuid}/audit", summary="The organisation's audit log, newest first")
    async def audit(
        self,
        org_id: FromPath[uuid.UUID],
        principal: NamedDependency[Principal],
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
            principal,
            org_id,
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
