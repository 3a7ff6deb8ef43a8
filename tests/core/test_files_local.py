from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hansa.core.files import InvalidKey, LocalFileStorage


async def test_list_keys_yields_stored_files_under_a_prefix(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    for key in ("tenants/a/media/1", "tenants/a/media/2.160.webp", "tenants/ab/media/3", "other/4"):
        await storage.put(key, b"x", "application/octet-stream")
    (tmp_path / "tenants/a/media/.upload-half").write_bytes(b"a write in progress")
    old = (datetime.now(UTC) - timedelta(days=2)).timestamp()
    os.utime(tmp_path / "tenants/a/media/1", (old, old))

    listed = {key: modified async for key, modified in storage.list_keys("tenants/a/")}
    assert set(listed) == {"tenants/a/media/1", "tenants/a/media/2.160.webp"}
    assert listed["tenants/a/media/1"] < datetime.now(UTC) - timedelta(days=1)
    assert all(modified.tzinfo is not None for modified in listed.values())
    assert {key async for key, _ in storage.list_keys("tenants/a")} == {
        "tenants/a/media/1",
        "tenants/a/media/2.160.webp",
        "tenants/ab/media/3",
    }
    assert [key async for key, _ in storage.list_keys("tenants/none/")] == []
    assert len([key async for key, _ in storage.list_keys("")]) == 4


async def test_list_keys_refuses_unsafe_prefixes(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    with pytest.raises(InvalidKey):
        _ = [key async for key, _ in storage.list_keys("../")]
