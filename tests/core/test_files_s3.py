"""The S3 file storage (issue 5: "S3-compatible in production") against a real
S3-compatible server: moto's, in a thread of this process, spoken to over HTTP by the
same boto3 code production runs. Nothing is mocked inside boto3."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError
from litestar.testing import AsyncTestClient
from moto.server import ThreadedMotoServer
from pydantic import SecretStr, ValidationError

from hansa.app import create_app
from hansa.config import Settings
from hansa.core.db import Database
from hansa.core.files import CHUNK, FileMissing, InvalidKey, S3FileStorage, S3Options, storage_for
from tests.fixtures.api import Api
from tests.fixtures.browse import build_market
from tests.fixtures.catalog import call
from tests.fixtures.media import PDF, PNG, upload

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def options_for(endpoint: str, bucket: str, prefix: str = "") -> S3Options:
    return S3Options(
        bucket=bucket,
        prefix=prefix,
        endpoint_url=endpoint,
        region="eu-central-1",
        access_key_id="test-key",
        secret_access_key="test-secret",
        addressing_style="path",
    )


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    """A fresh bucket per test, created the way an operator would."""
    name = f"hansa-{uuid.uuid4().hex[:16]}"
    client = S3FileStorage(options_for(s3_endpoint, name)).client()
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    return name


@pytest.fixture
def raw(s3_endpoint: str, bucket: str) -> S3Client:
    """A plain client on the same server, to look at what the storage really wrote."""
    return S3FileStorage(options_for(s3_endpoint, bucket)).client()


def object_keys(raw: S3Client, bucket: str) -> list[str]:
    return sorted(o["Key"] for o in raw.list_objects_v2(Bucket=bucket).get("Contents", []))


class RecordingStream(io.RawIOBase):
    """A binary stream that remembers the largest single read asked of it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.largest_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.largest_read = max(self.largest_read, len(buffer))
        return self._data.readinto(buffer)


# --------------------------------------------------------------------------- storage


async def test_put_get_open_exists_delete(s3_endpoint: str, bucket: str, raw: S3Client) -> None:
    storage = S3FileStorage(options_for(s3_endpoint, bucket))
    data = bytes(range(256)) * 2500  # 640,000 bytes: several read chunks
    stored = await storage.put("tenants/abc/media/one.pdf", data, "application/pdf")
    assert stored.key == "tenants/abc/media/one.pdf"
    assert stored.size == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    head = raw.head_object(Bucket=bucket, Key="tenants/abc/media/one.pdf")
    assert head["ContentType"] == "application/pdf" and head["ContentLength"] == len(data)

    assert await storage.exists("tenants/abc/media/one.pdf")
    assert not await storage.exists("tenants/abc/media/two.pdf")
    assert await storage.get("tenants/abc/media/one.pdf") == data
    chunks = [chunk async for chunk in storage.open("tenants/abc/media/one.pdf")]
    assert len(chunks) == 3 and all(len(chunk) <= CHUNK for chunk in chunks)
    assert b"".join(chunks) == data

    await storage.delete("tenants/abc/media/one.pdf")
    await storage.delete("tenants/abc/media/one.pdf")  # idempotent
    assert not await storage.exists("tenants/abc/media/one.pdf")
    assert object_keys(raw, bucket) == []
    with pytest.raises(FileMissing):
        await storage.get("tenants/abc/media/one.pdf")
    with pytest.raises(FileMissing):
        [chunk async for chunk in storage.open("tenants/abc/media/one.pdf")]


async def test_a_put_replaces_the_object(s3_endpoint: str, bucket: str) -> None:
    storage = S3FileStorage(options_for(s3_endpoint, bucket))
    await storage.put("a/b", b"first", "text/plain")
    stored = await storage.put("a/b", io.BytesIO(b"second"), "text/plain")
    assert stored.size == 6 and await storage.get("a/b") == b"second"


async def test_a_large_stream_goes_up_in_parts_without_being_read_whole(
    s3_endpoint: str, bucket: str, raw: S3Client
) -> None:
    # S3 parts are at least 5 MiB, so 6 MiB over a 1 MiB threshold is two parts.
    storage = S3FileStorage(options_for(s3_endpoint, bucket), multipart_threshold=1 * MiB)
    data = hashlib.sha256(b"seed").digest() * (6 * MiB // 32) + b"tail"
    source = RecordingStream(data)
    stored = await storage.put("big/file.bin", source, "application/octet-stream")  # type: ignore[arg-type]
    assert stored.size == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert 0 < source.largest_read <= 5 * MiB < len(data)
    head = raw.head_object(Bucket=bucket, Key="big/file.bin")
    assert head["ETag"].strip('"').endswith("-2")  # a multipart upload's ETag
    assert head["ContentType"] == "application/octet-stream"
    assert await storage.get("big/file.bin") == data

    small = await storage.put("small/file.bin", io.BytesIO(data[:1000]), "application/octet-stream")
    assert small.size == 1000 and small.sha256 == hashlib.sha256(data[:1000]).hexdigest()
    assert "-" not in raw.head_object(Bucket=bucket, Key="small/file.bin")["ETag"]


async def test_keys_go_under_the_prefix(s3_endpoint: str, bucket: str, raw: S3Client) -> None:
    prefixed = S3FileStorage(options_for(s3_endpoint, bucket, prefix="/prod/files/"))
    await prefixed.put("tenants/a/x", PNG, "image/png")
    assert object_keys(raw, bucket) == ["prod/files/tenants/a/x"]
    assert await prefixed.exists("tenants/a/x") and await prefixed.get("tenants/a/x") == PNG
    unprefixed = S3FileStorage(options_for(s3_endpoint, bucket))
    assert not await unprefixed.exists("tenants/a/x")
    await prefixed.delete("tenants/a/x")
    assert object_keys(raw, bucket) == []


async def test_list_keys_pages_through_the_prefix(s3_endpoint: str, bucket: str) -> None:
    storage = S3FileStorage(options_for(s3_endpoint, bucket, prefix="prod"))
    other = S3FileStorage(options_for(s3_endpoint, bucket, prefix="staging"))
    for n in range(1005):  # more than one ListObjectsV2 page (1,000 keys)
        await storage.put(f"tenants/a/media/{n:04d}", b"x", "text/plain")
    await storage.put("tenants/ab/media/1", b"x", "text/plain")
    await other.put("tenants/a/media/elsewhere", b"x", "text/plain")
    listed = {key: modified async for key, modified in storage.list_keys("tenants/a/")}
    assert len(listed) == 1005 and "tenants/a/media/0000" in listed
    assert all(modified.tzinfo is not None for modified in listed.values())
    assert len([key async for key, _ in storage.list_keys("tenants/a")]) == 1006  # a plain prefix
    assert [key async for key, _ in storage.list_keys("tenants/none/")] == []


@pytest.mark.parametrize("key", ["", "../etc/passwd", "a/../../b", "/etc/passwd", "a//b", ".hidden", "é"])
async def test_unsafe_keys_are_refused_before_any_request(key: str) -> None:
    # Nothing listens on port 9: a request would fail with a connection error instead.
    storage = S3FileStorage(S3Options(bucket="b", endpoint_url="http://127.0.0.1:9", addressing_style="path"))
    with pytest.raises(InvalidKey):
        await storage.put(key, b"x", "text/plain")
    with pytest.raises(InvalidKey):
        await storage.get(key)
    with pytest.raises(InvalidKey):
        [chunk async for chunk in storage.open(key)]
    with pytest.raises(InvalidKey):
        await storage.exists(key)
    with pytest.raises(InvalidKey):
        await storage.delete(key)


def test_a_bad_prefix_is_refused() -> None:
    with pytest.raises(InvalidKey):
        S3FileStorage(S3Options(bucket="b", prefix="prod/../other"))


async def test_a_missing_bucket_is_an_error_not_a_missing_file(s3_endpoint: str) -> None:
    storage = S3FileStorage(options_for(s3_endpoint, f"absent-{uuid.uuid4().hex[:12]}"))
    with pytest.raises(ClientError):
        await storage.get("a/b")
    with pytest.raises(ClientError):
        await storage.put("a/b", b"x", "text/plain")


# --------------------------------------------------------------------------- settings


def s3_settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_s3_settings_are_validated() -> None:
    with pytest.raises(ValidationError, match="HANSA_S3_BUCKET"):
        s3_settings(files_backend="s3")
    with pytest.raises(ValidationError, match="HANSA_S3_SECRET_ACCESS_KEY"):
        s3_settings(files_backend="s3", s3_bucket="files", s3_access_key_id="AKIA")
    with pytest.raises(ValidationError, match="s3_prefix"):
        s3_settings(files_backend="s3", s3_bucket="files", s3_prefix="a//b")
    with pytest.raises(ValidationError, match="s3_addressing_style"):
        s3_settings(files_backend="s3", s3_bucket="files", s3_addressing_style="dns")


def test_storage_for_builds_one_s3_storage_per_configuration() -> None:
    settings = s3_settings(
        files_backend="s3",
        s3_bucket="files",
        s3_prefix="prod/",
        s3_endpoint_url="http://127.0.0.1:9",  # never contacted: the client is created on first use
        s3_region="eu-central-1",
        s3_access_key_id="AKIA",
        s3_secret_access_key="very-secret",
        s3_addressing_style="path",
    )
    storage = storage_for(settings)
    assert isinstance(storage, S3FileStorage)
    assert storage.options.bucket == "files" and storage.prefix == "prod/"
    assert storage.options.secret_access_key == "very-secret"
    assert "very-secret" not in repr(storage.options) and "very-secret" not in repr(settings)
    assert storage_for(settings.model_copy()) is storage
    assert storage_for(settings.model_copy(update={"s3_prefix": "staging"})) is not storage


# --------------------------------------------------------------------------- HTTP


@pytest.fixture
async def s3_api(settings: Settings, db: Database, s3_endpoint: str, bucket: str) -> AsyncIterator[Api]:
    s3 = settings.model_copy(
        update={
            "files_backend": "s3",
            "s3_bucket": bucket,
            "s3_prefix": "hansa",
            "s3_endpoint_url": s3_endpoint,
            "s3_region": "eu-central-1",
            "s3_access_key_id": "test-key",
            "s3_secret_access_key": SecretStr("test-secret"),
            "s3_addressing_style": "path",
        }
    )
    async with AsyncTestClient(app=create_app(s3)) as client:
        yield Api(client, db, s3)


async def test_media_upload_and_download_go_through_s3(s3_api: Api, bucket: str, raw: S3Client) -> None:
    market = await build_market(s3_api)
    document = await upload(s3_api, market, PDF, "application/pdf", title="Datasheet")
    photo = await upload(s3_api, market, PNG, "image/png", kind="image")
    assert document["size"] == len(PDF) and document["sha256"] == hashlib.sha256(PDF).hexdigest()
    keys = object_keys(raw, bucket)
    assert len(keys) == 2 and all(k.startswith("hansa/tenants/") and "/media/" in k for k in keys)
    assert {raw.head_object(Bucket=bucket, Key=k)["ContentType"] for k in keys} == {
        "application/pdf",
        "image/png",
    }
    assert not (s3_api.settings.data_dir / "files").exists()

    response = await s3_api.client.get(document["url"])
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["content-type"].startswith("application/pdf")
    assert (await s3_api.client.get(photo["url"])).content == PNG

    media_url = f"/api/v1/suppliers/{market.supplier}/products/{market.bolt['id']}/media"
    await call(s3_api, "DELETE", f"{media_url}/{document['id']}", market.owner, status=204)
    assert len(object_keys(raw, bucket)) == 1
    assert (await s3_api.client.get(document["url"], headers=market.owner)).status_code == 404

    # a file gone from the bucket answers 404, not 500
    raw.delete_object(Bucket=bucket, Key=object_keys(raw, bucket)[0])
    assert (await s3_api.client.get(photo["url"])).status_code == 404
