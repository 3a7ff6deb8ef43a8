"""The conformance suite (``search.conformance``) against a Meilisearch server: runs only
when ``HANSA_MEILISEARCH_URL`` is set (docs/search.md, "Meilisearch"). Each run uses its
own index uid and drops it afterwards, so a shared server is left as it was."""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import AsyncIterator

import pytest

from hansa.search import conformance
from hansa.search.meili import CONFORMANCE_DIFFERENCES, MeiliBackend

URL = os.environ.get("HANSA_MEILISEARCH_URL")
needs_server = pytest.mark.skipif(not URL, reason="HANSA_MEILISEARCH_URL is not set: no Meilisearch to test")


def _case(case: conformance.Case) -> conformance.Case:
    """The case as Meilisearch must answer it: the same, or its listed difference."""
    if case.name in CONFORMANCE_DIFFERENCES:
        hits, _reason = CONFORMANCE_DIFFERENCES[case.name]
        return dataclasses.replace(case, hits=hits)
    return case


@pytest.fixture
async def backend() -> AsyncIterator[MeiliBackend]:
    assert URL is not None
    found = MeiliBackend(
        URL, os.environ.get("HANSA_MEILISEARCH_KEY"), index=f"hansa_conformance_{uuid.uuid4().hex[:12]}"
    )
    await conformance.load(found)
    yield found
    for uid in (found.uid, found.aside_uid, found.synonyms_uid):
        found._drop(uid)


def test_every_difference_names_a_case() -> None:
    names = {case.name for case in conformance.CASES}
    assert set(CONFORMANCE_DIFFERENCES) <= names


@needs_server
@pytest.mark.parametrize("case", conformance.CASES, ids=[c.name for c in conformance.CASES])
async def test_case(backend: MeiliBackend, case: conformance.Case) -> None:
    await conformance.check(backend, _case(case))


@needs_server
async def test_mutations(backend: MeiliBackend) -> None:
    for _name, mutation in conformance.MUTATIONS:
        await mutation(backend)
