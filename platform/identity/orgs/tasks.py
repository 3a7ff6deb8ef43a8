"""Orgs has no jobs. ``discover_jobs`` imports every ``tasks`` module in the app, the
worker and the CLI, so this is where orgs registers what auth (which orgs is built on,
and which cannot import it) reads of organisations: ``auth.organisations``."""

from __future__ import annotations

from hansa.identity.auth.organisations import Organisations, register_organisations
from hansa.identity.orgs.service import facts_of, facts_of_subject

register_organisations(Organisations(of_subject=facts_of_subject, get=facts_of))
