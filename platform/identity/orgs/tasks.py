"""Orgs has no jobs. ``discover_jobs`` imports every ``tasks`` module in the app, the
worker and the CLI, so this is where identity registers what the domains below it read
without importing it: the organisation facts auth needs (``auth.organisations``; orgs is
built on auth), who receives a notification (``notifications.directory``) and how the
audit trail names organisations and invitations (``audit.labels``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from hansa.audit.labels import register_labels
from hansa.core.db import Tx
from hansa.identity.auth.organisations import Organisations, register_organisations
from hansa.identity.auth.service import contacts
from hansa.identity.orgs.service import facts_of, facts_of_subject, invitation_label, organisation_label
from hansa.identity.permissions.service import users_with_roles
from hansa.notifications.directory import People, Recipient, register_people

register_organisations(Organisations(of_subject=facts_of_subject, get=facts_of))


async def _recipients(tx: Tx, user_ids: Sequence[uuid.UUID]) -> list[Recipient]:
    return [Recipient(*contact) for contact in await contacts(tx, user_ids)]


register_people(People(recipients=_recipients, members_with_roles=users_with_roles))
register_labels({"organisation": organisation_label, "invitation": invitation_label})
