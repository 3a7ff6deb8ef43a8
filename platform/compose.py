"""The composition root's one piece shared by the app, the CLI and tests: open a
process's ``Resources`` with identity's permission rules (core does not import them)."""

from __future__ import annotations

from hansa.config import Settings
from hansa.core.resources import Resources
from hansa.identity.permissions.authorizer import open_authorizer


async def open_resources(settings: Settings) -> Resources:
    return await Resources.open(settings, authorization=open_authorizer)
