"""Permissions: roles per organisation kind (policy.csv), memberships in
``public.casbin_rule``, and the in-memory ``Authorizer`` behind ``authorize``.
See docs/permissions.md."""

from hansa.identity.permissions.authorizer import ROLES, Authorizer, authorize
from hansa.identity.permissions.service import change_role, grant, revoke, roles_for_kind, sync_policies

__all__ = [
    "ROLES",
    "Authorizer",
    "authorize",
    "change_role",
    "grant",
    "revoke",
    "roles_for_kind",
    "sync_policies",
]
