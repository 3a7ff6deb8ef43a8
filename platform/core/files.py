"""One file-storage interface for uploaded files (product images, documents).

``FileStorage`` is what services use: ``put`` a file under a key (bytes or a binary
stream), ``open`` it as a stream of chunks, ``get`` it whole, ``delete`` it, ask
whether it ``exists``. Keys are chosen by the services (never by a user), and are
still checked: ``a-z A-Z 0-9 . _ -`` segments joined by ``/``, no ``.`` or ``..``
segment, no leading ``/``; anything else is refused with ``InvalidKey``.

Backends (``HANSA_FILES_BACKEND``):

- ``local`` (default): files under ``<data_dir>/files``; a write goes to a temporary
  file in the same directory and is renamed into place, so a reader never sees half
  a file.
- ``s3``: not implemented yet. boto3 is not a dependency and a hand-written SigV4
  client is left for the deployment issue; ``storage_for`` refuses it loudly.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from hansa.config import Settings

CHUNK = 256 * 1024
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class InvalidKey(ValueError):
    """A storage key that is not a safe relative path."""


class FileMissing(LookupError):
    """No file is stored under this key."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    size: int
    sha256: str  # hex
    content_type: str


def check_key(key: str) -> str:
    """Return ``key`` if it is a safe relative key; raise ``InvalidKey`` otherwise."""
    if not key or len(key) > 512:
        raise InvalidKey("a key is 1 to 512 characters")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment) or segment in {".", ".."} or ".." in segment:
            raise InvalidKey(f"not a safe storage key: {key!r}")
    return key


class FileStorage(Protocol):
    async def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> StoredFile: ...

    def open(self, key: str) -> AsyncIterator[bytes]: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    async def exists(self, key: str) -> bool: ...


class LocalFileStorage:
    """Files under one root directory (``<data_dir>/files`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path_of(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root) or path == self.root:  # belt and braces: symlinks
            raise InvalidKey(f"not a safe storage key: {key!r}")
        return path

    def _write(self, path: Path, data: bytes | BinaryIO) -> tuple[int, str]:
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, bytes | bytearray | memoryview):
                    chunk = bytes(data)
                    out.write(chunk)
                    digest.update(chunk)
                    size = len(chunk)
                else:
                    while block := data.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        size += len(block)
                out.flush()
                os.fsync(out.fileno())
            os.replace(scratch, path)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        return size, digest.hexdigest()

    async def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> StoredFile:
        path = self.path_of(key)
        size, sha256 = await asyncio.to_thread(self._write, path, data)
        return StoredFile(key=key, size=size, sha256=sha256, content_type=content_type)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self.path_of(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError as exc:
            raise FileMissing(key) from exc
        try:
            while block := await asyncio.to_thread(handle.read, CHUNK):
                yield block
        finally:
            handle.close()

    async def get(self, key: str) -> bytes:
        try:
            return await asyncio.to_thread(self.path_of(key).read_bytes)
        except FileNotFoundError as exc:
            raise FileMissing(key) from exc

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path_of(key).unlink, missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.path_of(key).is_file)


def storage_for(settings: Settings) -> FileStorage:
    """The storage the settings choose (``HANSA_FILES_BACKEND``)."""
    if settings.files_backend == "local":
        return LocalFileStorage(settings.data_dir / "files")
    raise RuntimeError("HANSA_FILES_BACKEND=s3 is not implemented yet; use local")
