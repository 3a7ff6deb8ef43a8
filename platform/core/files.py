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
- ``s3``: objects in one bucket of AWS S3 or any S3-compatible service (MinIO, R2,
  Ceph; ``HANSA_S3_ENDPOINT_URL``), under an optional ``HANSA_S3_PREFIX``. boto3 is
  synchronous, so every call runs in a worker thread and the event loop never waits
  on the network. Uploads stream: the body is read part by part (multipart above
  ``multipart_threshold``) and hashed on the way, never held whole in memory. A PUT
  replaces the object atomically, so a reader never sees half a file either. The
  client is created on first use, so building the storage connects to nothing, and
  ``storage_for`` keeps one storage (one connection pool) per configuration.
  Credentials: ``HANSA_S3_ACCESS_KEY_ID``/``HANSA_S3_SECRET_ACCESS_KEY`` when set,
  otherwise boto3's default chain (environment, ECS task role, instance profile).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import os
import re
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Literal, Protocol, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from hansa.config import Settings

if TYPE_CHECKING:
    from botocore.response import StreamingBody
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ListObjectsV2OutputTypeDef

CHUNK = 256 * 1024
MULTIPART_THRESHOLD = 8 * 1024 * 1024
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

    def list_keys(self, prefix: str) -> AsyncIterator[tuple[str, datetime]]:
        """Every stored key starting with ``prefix``, with its last-modified time (aware, UTC),
        in no particular order. Sweeps of orphaned files use it."""
        ...


def _list_prefix(prefix: str) -> str:
    """A listing prefix is a key's leading segments, optionally ending with ``/``."""
    stripped = prefix.rstrip("/")
    if stripped:
        check_key(stripped)
    return prefix


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

    def _walk(self, prefix: str) -> list[tuple[str, datetime]]:
        head = prefix.rstrip("/")
        if prefix.endswith("/") and head:
            folder = self.path_of(head)  # "a/b/": everything under a/b
        elif "/" in head:
            folder = self.path_of(head.rsplit("/", 1)[0])  # "a/b": a's entries starting with b
        else:
            folder = self.root
        found: list[tuple[str, datetime]] = []
        for directory, _, names in os.walk(folder):
            for name in names:
                if name.startswith(".upload-"):  # a write in progress, not a stored file
                    continue
                path = Path(directory, name)
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                        found.append((key, datetime.fromtimestamp(path.stat().st_mtime, UTC)))
        return found

    async def list_keys(self, prefix: str) -> AsyncIterator[tuple[str, datetime]]:
        for item in await asyncio.to_thread(self._walk, _list_prefix(prefix)):
            yield item


_MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


def _is_missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in _MISSING_CODES


@dataclass(frozen=True, slots=True)
class S3Options:
    """Where the files live and how to reach them; hashable, so one client per value."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None  # None: AWS
    region: str | None = None  # None: boto3's default (AWS_REGION, config file)
    access_key_id: str | None = None  # None: boto3's default credential chain
    secret_access_key: str | None = field(default=None, repr=False)
    addressing_style: Literal["auto", "path", "virtual"] = "auto"

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Options:
        if not settings.s3_bucket:
            raise RuntimeError("HANSA_FILES_BACKEND=s3 needs HANSA_S3_BUCKET")
        secret = settings.s3_secret_access_key
        return cls(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret is not None else None,
            addressing_style=settings.s3_addressing_style,
        )


class _HashingReader:
    """The upload as a read-only, non-seekable stream that hashes what passes through.

    Non-seekable on purpose: s3transfer then reads it exactly once, in order, one
    part at a time, so the size and digest see every byte once and memory holds a few
    parts, never the whole file.
    """

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> bytes:
        data = self._source.read() if size is None or size < 0 else self._read_exactly(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def _read_exactly(self, size: int) -> bytes:
        # A short read would make s3transfer take a large stream for a small one
        # and read the rest whole; only the end of the stream may be short.
        blocks: list[bytes] = []
        wanted = size
        while wanted > 0 and (block := self._source.read(wanted)):
            blocks.append(block)
            wanted -= len(block)
        return b"".join(blocks)


class S3FileStorage:
    """Objects in one S3 (or S3-compatible) bucket, keys under an optional prefix."""

    def __init__(self, options: S3Options, *, multipart_threshold: int = MULTIPART_THRESHOLD) -> None:
        prefix = options.prefix.strip("/")
        self.options = options
        self.prefix = f"{check_key(prefix)}/" if prefix else ""
        self._transfer = TransferConfig(
            multipart_threshold=multipart_threshold,
            multipart_chunksize=multipart_threshold,  # s3transfer raises it to S3's 5 MiB minimum
            max_concurrency=4,
        )
        # Bounds the parts of a non-seekable upload held in memory at once.
        self._transfer.max_in_memory_upload_chunks = 4
        self._client: S3Client | None = None
        self._client_lock = threading.Lock()

    def object_key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def client(self) -> S3Client:
        """The boto3 client, created on first use (in a worker thread: it reads files)."""
        with self._client_lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client

    def _new_client(self) -> S3Client:
        options = self.options
        session = boto3.session.Session(
            aws_access_key_id=options.access_key_id,
            aws_secret_access_key=options.secret_access_key,
            region_name=options.region,
        )
        config = Config(
            s3={"addressing_style": options.addressing_style},
            retries={"mode": "standard", "max_attempts": 3},
            connect_timeout=5,
            read_timeout=60,
            max_pool_connections=20,
        )
        return session.client("s3", endpoint_url=options.endpoint_url, config=config)

    def _upload(self, object_key: str, data: bytes | BinaryIO, content_type: str) -> tuple[int, str]:
        source = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
        reader = _HashingReader(source)
        self.client().upload_fileobj(
            cast(IO[bytes], reader),  # s3transfer needs only read/readable/seekable
            self.options.bucket,
            object_key,
            ExtraArgs={"ContentType": content_type},
            Config=self._transfer,
        )
        return reader.size, reader.digest.hexdigest()

    async def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> StoredFile:
        object_key = self.object_key(key)
        size, sha256 = await asyncio.to_thread(self._upload, object_key, data, content_type)
        return StoredFile(key=key, size=size, sha256=sha256, content_type=content_type)

    def _get_object(self, object_key: str, key: str) -> StreamingBody:
        try:
            return self.client().get_object(Bucket=self.options.bucket, Key=object_key)["Body"]
        except ClientError as exc:
            if _is_missing(exc):
                raise FileMissing(key) from exc
            raise

    async def open(self, key: str) -> AsyncIterator[bytes]:
        body = await asyncio.to_thread(self._get_object, self.object_key(key), key)
        try:
            chunks = body.iter_chunks(CHUNK)
            while (block := await asyncio.to_thread(next, chunks, None)) is not None:
                yield block
        finally:
            body.close()

    def _read_whole(self, object_key: str, key: str) -> bytes:
        body = self._get_object(object_key, key)
        try:
            return body.read()
        finally:
            body.close()

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._read_whole, self.object_key(key), key)

    def _delete(self, object_key: str) -> None:
        try:
            self.client().delete_object(Bucket=self.options.bucket, Key=object_key)
        except ClientError as exc:
            if not _is_missing(exc):  # S3 answers 204 for a missing key; some compatibles 404
                raise

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._delete, self.object_key(key))

    def _head(self, object_key: str) -> bool:
        try:
            self.client().head_object(Bucket=self.options.bucket, Key=object_key)
        except ClientError as exc:
            # Without s3:ListBucket, S3 answers 403 instead of 404 and this raises.
            if _is_missing(exc):
                return False
            raise
        return True

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._head, self.object_key(key))

    def _pages(self, prefix: str) -> Iterator[ListObjectsV2OutputTypeDef]:
        paginator = self.client().get_paginator("list_objects_v2")
        return iter(paginator.paginate(Bucket=self.options.bucket, Prefix=self.prefix + prefix))

    async def list_keys(self, prefix: str) -> AsyncIterator[tuple[str, datetime]]:
        pages = await asyncio.to_thread(self._pages, _list_prefix(prefix))
        while (page := await asyncio.to_thread(next, pages, None)) is not None:
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix) :], item["LastModified"].astimezone(UTC)


@lru_cache(maxsize=8)
def _s3_storage(options: S3Options) -> S3FileStorage:
    return S3FileStorage(options)


def storage_for(settings: Settings) -> FileStorage:
    """The storage the settings choose (``HANSA_FILES_BACKEND``).

    Services call this per request; the S3 storage is cached per configuration so its
    client and connection pool are built once per process, not per request.
    """
    if settings.files_backend == "local":
        return LocalFileStorage(settings.data_dir / "files")
    return _s3_storage(S3Options.from_settings(settings))
