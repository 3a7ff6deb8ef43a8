"""Embedded services: no orphan server after SIGTERM or SIGKILL, data kept across
runs, and the same code against servers started as external ones."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hansa.core.embedded import EmbeddedPostgres, EmbeddedRedis, _free_port, _pid_alive


def wait_until(predicate: object, timeout: float = 180.0) -> None:  # start-up on a busy 2-core machine
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def server_pids(data_dir: Path) -> tuple[int, int]:
    pg = int((data_dir / "pg" / "postmaster.pid").read_text().splitlines()[0])
    redis = int((data_dir / "redis" / "redis.pid").read_text())
    return pg, redis


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    port = _free_port()
    data_dir = tmp_path / "hansa"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    env.update(HANSA_DATA_DIR=str(data_dir), HANSA_LOG_JSON="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hansa", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield proc, port, data_dir
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_orphan_server_after_the_owner_stops(
    serve: tuple[subprocess.Popen[bytes], int, Path], stop_signal: signal.Signals
) -> None:
    proc, port, data_dir = serve
    wait_until(lambda: ready(port))
    pg_pid, redis_pid = server_pids(data_dir)
    assert _pid_alive(pg_pid)
    assert _pid_alive(redis_pid)
    proc.send_signal(stop_signal)
    proc.wait(60)
    if stop_signal != signal.SIGKILL:
        assert proc.returncode in (0, 1, 128 + stop_signal, -stop_signal)  # click: 1 = Aborted!
    # a fast shutdown writes a checkpoint: on a loaded 2-core machine that took over 30 s
    wait_until(lambda: not _pid_alive(pg_pid) and not _pid_alive(redis_pid), timeout=120)


def test_data_is_kept_across_restarts(tmp_path: Path) -> None:
    first = EmbeddedPostgres(tmp_path / "pg", durable=False)
    url = first.start()
    first._psql("hansa", "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
    first.stop()
    second = EmbeddedPostgres(tmp_path / "pg", durable=False)
    assert second.start() != ""
    try:
        assert second._psql("hansa", "SELECT v FROM kept") == "42"
        assert url.startswith("postgresql://postgres@127.0.0.1:")
    finally:
        second.stop()


def test_a_running_server_is_attached_not_started_twice(tmp_path: Path) -> None:
    owner = EmbeddedRedis(tmp_path / "redis", durable=False)
    url = owner.start()
    try:
        guest = EmbeddedRedis(tmp_path / "redis", durable=False)
        assert guest.start() == url
        assert not guest.owned
        guest.stop()  # a guest never stops the owner's server
        assert EmbeddedRedis._ping(owner.port or 0)
    finally:
        owner.stop()


def test_external_servers_are_used_when_urls_are_set(tmp_path: Path) -> None:
    """Servers started by someone else, reached only through HANSA_*_URL."""
    external_pg = EmbeddedPostgres(tmp_path / "external-pg", durable=False)
    external_redis = EmbeddedRedis(tmp_path / "external-redis", durable=False)
    db_url, redis_url = external_pg.start(), external_redis.start()
    data_dir = tmp_path / "hansa"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    env.update(
        HANSA_DATA_DIR=str(data_dir),
        HANSA_DATABASE_URL=db_url,
        HANSA_REDIS_URL=redis_url,
        HANSA_LOG_JSON="false",
    )
    port = _free_port()
    try:
        migrate = subprocess.run(
            [sys.executable, "-m", "hansa", "migrate"], env=env, capture_output=True, text=True, timeout=120
        )
        assert migrate.returncode == 0, migrate.stderr
        created = subprocess.run(
            [sys.executable, "-m", "hansa", "tenants", "create", "--slug", "ext-co", "--name", "External Co"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        proc = subprocess.Popen(
            [sys.executable, "-m", "hansa", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(lambda: ready(port))
            profile = httpx.get(f"http://127.0.0.1:{port}/api/v1/suppliers/ext-co/profile", timeout=5)
            assert profile.json()["display_name"] == "External Co"
        finally:
            proc.terminate()
            proc.wait(30)
        assert not (data_dir / "pg").exists()  # nothing embedded was started
        assert not (data_dir / "redis").exists()
        assert external_pg._psql("hansa", "SELECT count(*) FROM public.tenant") == "1"
    finally:
        external_pg.stop()
        external_redis.stop()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_up_starts_everything_and_stops_it_all(tmp_path: Path, stop_signal: signal.Signals) -> None:
    port = _free_port()
    data_dir = tmp_path / "hansa"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANSA_")}
    env.update(HANSA_DATA_DIR=str(data_dir), HANSA_LOG_JSON="false", HANSA_PORT=str(port))
    up = subprocess.Popen(
        [sys.executable, "-m", "hansa", "up"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: ready(port))
        pg_pid, redis_pid = server_pids(data_dir)
        children = subprocess.run(
            ["pgrep", "-P", str(up.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        pids = {pg_pid, redis_pid, *map(int, children)}
        assert len(pids) == 4  # PostgreSQL, Redis, serve and worker
        up.send_signal(stop_signal)
        up.wait(60)
        wait_until(lambda: not any(_pid_alive(pid) for pid in pids), timeout=30)
    finally:
        if up.poll() is None:
            up.kill()
