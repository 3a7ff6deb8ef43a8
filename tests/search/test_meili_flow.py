"""The Meilisearch backend's index work without a server: a recording stand-in for the
official client's calls (indexes, documents, settings, tasks, swap) checks that a rebuild
is built aside and swapped, that a supplier's rebuild keeps its old documents until the
new ones are written, and that synonyms reach the one shared index."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Sequence
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from meilisearch.errors import MeilisearchApiError

from hansa.search import conformance, meili
from hansa.search.schemas import DocumentVersion, SearchDocument

TASK = SimpleNamespace(task_uid=1)


def _not_found(code: str) -> MeilisearchApiError:
    response = requests.Response()
    response.status_code = 404
    response._content = f'{{"code": "{code}", "message": "not found"}}'.encode()
    return MeilisearchApiError("not found", response)


class FakeIndex:
    def __init__(self, server: FakeServer, uid: str) -> None:
        self.server, self.uid = server, uid

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        return self.server.indexes[self.uid]

    def add_documents(self, documents: list[dict[str, Any]], primary_key: str) -> SimpleNamespace:
        task = self.server.task()
        self.server.log.append(("add", self.uid, task.task_uid))
        self.docs.update({d["id"]: d for d in documents})
        return task

    def update_settings(self, settings: dict[str, Any]) -> SimpleNamespace:
        self.server.settings[self.uid] = {**self.server.settings.get(self.uid, {}), **settings}
        self.server.log.append(("settings", self.uid, sorted(settings)))
        return TASK

    def get_settings(self) -> dict[str, Any]:
        return self.server.settings.get(self.uid, {})

    def delete_documents(self, ids: list[str] | None = None, *, filter: str | None = None) -> SimpleNamespace:
        if ids is not None:
            for i in ids:
                self.docs.pop(i, None)
        else:
            # the two filters the backend deletes by
            match = re.fullmatch(r'tenant_id = "([^"]+)"(?: AND build != "([^"]*)")?', filter or "")
            assert match, filter
            tenant, build = match.groups()
            for key in [k for k, d in self.docs.items() if d["tenant_id"] == tenant]:
                if build is None or self.docs[key]["build"] != build:
                    del self.docs[key]
        self.server.log.append(("delete", self.uid, filter or ids))
        return TASK

    def get_documents(self, params: dict[str, Any]) -> SimpleNamespace:
        match = re.fullmatch(r'tenant_id = "([^"]+)"', params.get("filter", 'tenant_id = "*"'))
        assert match
        found = [d for d in self.docs.values() if match.group(1) == "*" or match.group(1) == d["tenant_id"]]
        page = found[params.get("offset", 0) :][: params["limit"]]
        return SimpleNamespace(results=[SimpleNamespace(**d) for d in page], total=len(found))

    def get_document(self, uid: str) -> SimpleNamespace:
        if uid not in self.docs:
            raise _not_found("document_not_found")
        return SimpleNamespace(**self.docs[uid])


class FakeServer:
    def __init__(self) -> None:
        self.indexes: dict[str, dict[str, dict[str, Any]]] = {}
        self.settings: dict[str, dict[str, Any]] = {}
        self.log: list[tuple[str, str, Any]] = []
        self.tasks = 100

    def task(self) -> SimpleNamespace:
        self.tasks += 1
        return SimpleNamespace(task_uid=self.tasks)

    def index(self, uid: str) -> FakeIndex:
        return FakeIndex(self, uid)

    def get_raw_index(self, uid: str) -> dict[str, str]:
        if uid not in self.indexes:
            raise _not_found("index_not_found")
        return {"uid": uid}

    def create_index(self, uid: str, options: dict[str, str]) -> SimpleNamespace:
        assert options == {"primaryKey": "id"}
        self.indexes[uid] = {}
        self.log.append(("create", uid, None))
        return TASK

    def delete_index(self, uid: str) -> SimpleNamespace:
        if uid not in self.indexes:
            raise _not_found("index_not_found")
        del self.indexes[uid]
        self.settings.pop(uid, None)
        self.log.append(("drop", uid, None))
        return TASK

    def swap_indexes(self, pairs: list[dict[str, list[str]]]) -> SimpleNamespace:
        a, b = pairs[0]["indexes"]
        self.indexes[a], self.indexes[b] = self.indexes[b], self.indexes[a]
        self.settings[a], self.settings[b] = self.settings[b], self.settings[a]
        self.log.append(("swap", a, b))
        return TASK

    def wait_for_task(self, uid: int, timeout_in_ms: int) -> SimpleNamespace:
        self.log.append(("wait", "", uid))
        return SimpleNamespace(status="succeeded", error=None)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def backend(server: FakeServer) -> meili.MeiliBackend:
    found = meili.MeiliBackend("http://127.0.0.1:7700", "key", index="idx")
    found.client = server  # type: ignore[assignment]
    return found


def _batches(*parts: Sequence[SearchDocument]) -> Any:
    async def generate() -> AsyncIterator[Sequence[SearchDocument]]:
        for part in parts:
            yield part

    return generate()


async def test_a_full_rebuild_is_built_aside_then_swapped(
    server: FakeServer, backend: meili.MeiliBackend
) -> None:
    old = conformance.DOCUMENTS[:2]
    await backend.upsert(old)
    server.indexes["idx_next"] = {"half": {"id": "half"}}  # left by a killed reindex
    seen_during_build: list[int] = []

    def progress(written: int) -> None:
        # the served index still holds the old documents while the new one fills
        seen_during_build.append(len(server.indexes["idx"]))

    written = await backend.rebuild(
        _batches(conformance.DOCUMENTS[:4], conformance.DOCUMENTS[4:]), progress=progress
    )
    assert written == len(conformance.DOCUMENTS)
    assert seen_during_build == [2, 2]
    assert len(server.indexes["idx"]) == len(conformance.DOCUMENTS)
    assert "idx_next" not in server.indexes  # the old documents went with it
    steps = [(op, uid) for op, uid, _ in server.log if uid in ("idx", "idx_next")]
    assert (
        steps.index(("drop", "idx_next")) < steps.index(("create", "idx_next")) < steps.index(("swap", "idx"))
    )
    # both batches are sent before waiting for either (Meilisearch indexes them together)
    adds = [task for op, uid, task in server.log if op == "add" and uid == "idx_next"]
    waits = [i for i, (op, _, task) in enumerate(server.log) if op == "wait" and task in adds]
    last_add = max(i for i, (op, uid, _) in enumerate(server.log) if op == "add" and uid == "idx_next")
    assert len(adds) == 2 and min(waits) > last_add
    assert server.settings["idx"]["filterableAttributes"] == sorted(meili.FILTERABLE)
    assert await backend.count() == len(conformance.DOCUMENTS)


async def test_a_suppliers_rebuild_keeps_its_old_documents_until_the_new_are_written(
    server: FakeServer, backend: meili.MeiliBackend
) -> None:
    await backend.rebuild(_batches(conformance.DOCUMENTS))
    acme = [d for d in conformance.DOCUMENTS if d.tenant_id == conformance.ACME]
    assert await backend.count(tenant_id=conformance.ACME) == 3

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        assert await backend.count(tenant_id=conformance.ACME) == 3
        yield acme[:1]

    assert await backend.rebuild(batches(), tenant_id=conformance.ACME) == 1
    assert await backend.count(tenant_id=conformance.ACME) == 1
    assert await backend.count(tenant_id=conformance.BOLT) == 4  # other suppliers untouched
    assert await backend.versions(conformance.ACME) == {acme[0].id: DocumentVersion.of(acme[0])}


async def test_delete_and_delete_tenant(server: FakeServer, backend: meili.MeiliBackend) -> None:
    await backend.upsert(conformance.DOCUMENTS)
    await backend.delete([conformance.KEYS["t1"], "nobody:nothing"])
    assert await backend.count(tenant_id=conformance.CORA) == 1
    await backend.delete_tenant(conformance.BOLT)
    assert await backend.count(tenant_id=conformance.BOLT) == 0
    assert await backend.count() == len(conformance.DOCUMENTS) - 5


async def test_synonyms_of_every_marketplace_reach_the_shared_index(
    server: FakeServer, backend: meili.MeiliBackend
) -> None:
    other = uuid.uuid4()
    assert await backend.synonyms(conformance.MARKET) == []
    await backend.set_synonyms(conformance.MARKET, [["inox", "stainless"]])
    await backend.set_synonyms(other, [["zincat", "galvanised"]])
    assert await backend.synonyms(conformance.MARKET) == [["inox", "stainless"]]
    assert server.settings["idx"]["synonyms"] == {
        "galvanised": ["zincat"],
        "inox": ["stainless"],
        "stainless": ["inox"],
        "zincat": ["galvanised"],
    }
    # a rebuilt index gets them too
    await backend.rebuild(_batches(conformance.DOCUMENTS))
    assert server.settings["idx"]["synonyms"]["inox"] == ["stainless"]


async def test_settings_are_sent_only_when_they_differ(server: FakeServer) -> None:
    first = meili.MeiliBackend("http://127.0.0.1:7700", "key", index="idx")
    first.client = server  # type: ignore[assignment]
    await first.ensure()
    # another process starting later: the index already has every setting
    second = meili.MeiliBackend("http://127.0.0.1:7700", "key", index="idx")
    second.client = server  # type: ignore[assignment]
    await second.ensure()
    sent = [keys for op, uid, keys in server.log if op == "settings" and uid == "idx"]
    assert len(sent) == 1
    await second.set_synonyms(conformance.MARKET, [["inox", "a2"]])
    sent = [keys for op, uid, keys in server.log if op == "settings" and uid == "idx"]
    assert sent[-1] == ["synonyms"]
