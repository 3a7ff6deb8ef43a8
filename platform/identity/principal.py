"""Identity builds the ``Principal`` (auth dependency); the value type and the casbin
domain names live in ``hansa.core.principal`` so that domains below identity (tenants,
notifications) can name them without importing identity. Re-exported here for identity's
own modules."""

from __future__ import annotations

from hansa.core.principal import (
    PLATFORM_DOMAIN,
    OrgKind,
    Principal,
    PrincipalKind,
    domain_kind,
    key_subject,
    org_domain,
    user_subject,
)

__all__ = [
    "PLATFORM_DOMAIN",
    "OrgKind",
    "Principal",
    "PrincipalKind",
    "domain_kind",
    "key_subject",
    "org_domain",
    "user_subject",
]
