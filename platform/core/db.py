"""The database handle: one asyncpg pool, transactions, and Piccolo's engine.

``Database.transaction()`` is the only way to open a transaction, and it always
opens a NEW one: it refuses (RuntimeError) when a transaction is already open in
the task, so two calls that look independent never silently share one. Code that
composes takes the ``Tx`` it runs on as an argument instead. Work that must commit
on its own while a transaction is open (import progress) says so at the call with
``Database.independent_transaction()``, which runs on a dedicated connection.

Piccolo tables are bound to ``PICCOLO_ENGINE``, which runs every Piccolo query on
the transaction open in the current task, and refuses to run one outside any: so
raw SQL and Piccolo queries share one connection, and nothing escapes the
tenant's ``search_path`` by taking another pooled connection. After-commit hooks
(outbox dispatch) run only once the transaction has committed.

Rows to insert are built with ``new_row``: a column not given takes the database's
``DEFAULT`` (the migration's), never a second default written in Python; ``DB_NOW``
is the transaction's ``now()``, as the SQL it replaces wrote. jsonb columns are
``Jsonb``: the pool's codec encodes and decodes them (Piccolo's ``JSONB`` would send
JSON text, which the codec would wrap in a JSON string).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from piccolo.columns import Column, Text
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString
from piccolo.table import Table

from hansa.core.codecs import use_json_codecs

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]
T = TypeVar("T", bound=Table)
_CURRENT_TX: ContextVar[Tx | None] = ContextVar("hansa_current_tx", default=None)


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE/ILIKE pattern (PostgreSQL's default escape ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(eq=False)
class Tx:
    """An open transaction: its connection, its tenant schema, its after-commit hooks."""

    connection: asyncpg.Connection[Any] | PoolConnectionProxy[Any]
    database: Database
    tenant_schema: str | None = None
    _after_commit: list[AfterCommit] = field(default_factory=list)

    def after_commit(self, hook: AfterCommit) -> None:
        """Run ``hook`` once the transaction has committed; never if it rolls back."""
        self._after_commit.append(hook)

    async def execute(self, sql: str, *args: Any) -> str:
        return await self.connection.execute(sql, *args)

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return await self.connection.fetch(sql, *args)

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        return await self.connection.fetchrow(sql, *args)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        return await self.connection.fetchval(sql, *args)


class Database:
    """A pool of connections to one PostgreSQL database."""

    def __init__(self, dsn: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.dsn = dsn
        self.min_size = min_size
        self.max_size = max_size
        self._pool: asyncpg.Pool[Any] | None = None

    @property
    def pool(self) -> asyncpg.Pool[Any]:
        if self._pool is None:
            raise RuntimeError("Database.connect() has not been awaited")
        return self._pool

    async def connect(self) -> None:
        if self._pool is None:
            self._pool = await asyncpg.create_pool(
                dsn=self.dsn,
                min_size=self.min_size,
                max_size=self.max_size,
                init=use_json_codecs,
                reset=_no_session_state,
            )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """Open a new transaction on a pooled connection.

        Refuses when one is open in this task: pass that ``Tx`` down instead."""
        if _CURRENT_TX.get() is not None:
            raise RuntimeError("a transaction is already open in this task: pass its Tx instead")
        async with self.pool.acquire() as connection, _opened(self, connection) as tx:
            yield tx
        await _run_hooks(tx)

    @asynccontextmanager
    async def independent_transaction(self) -> AsyncIterator[Tx]:
        """A transaction that commits on its own, even while one is open in this task.

        It runs on a dedicated connection, not the pool, so it works with a pool of
        one whose connection the open transaction holds. Costs a connect: use it for
        rare writes that others must see before the open transaction ends."""
        connection = await asyncpg.connect(dsn=self.dsn)
        await use_json_codecs(connection)  # the same codecs as the pool's connections
        try:
            async with _opened(self, connection) as tx:
                yield tx
        finally:
            await connection.close()
        await _run_hooks(tx)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        """One value from a query run outside any transaction block."""
        async with self.pool.acquire() as connection:
            return await connection.fetchval(sql, *args)

    async def ping(self) -> bool:
        return bool(await self.fetchval("SELECT 1") == 1)


@asynccontextmanager
async def _opened(
    database: Database, connection: asyncpg.Connection[Any] | PoolConnectionProxy[Any]
) -> AsyncIterator[Tx]:
    """``connection`` in a transaction, as the task's current one while it lasts."""
    tx = Tx(connection=connection, database=database)
    token = _CURRENT_TX.set(tx)
    try:
        async with connection.transaction():
            yield tx
    finally:
        _CURRENT_TX.reset(token)


async def _no_session_state(connection: asyncpg.Connection[Any]) -> None:
    """What a connection returned to the pool needs reset: nothing. Session state is
    never set (``search_path`` and advisory locks are transaction-local, nothing
    LISTENs), and asyncpg still rolls back a transaction left open; so a release
    skips the ``RESET ALL`` round trip, one per transaction."""


def in_transaction() -> bool:
    """Whether a transaction is open in this task."""
    return _CURRENT_TX.get() is not None


class _TransactionEngine(PostgresEngine):
    """Piccolo's engine, narrowed to 'run on the transaction open in this task'."""

    def __init__(self) -> None:
        super().__init__(config={})

    async def check_version(self) -> None:
        """Piccolo connects here at construction; the server version is checked at start-up instead."""

    async def prep_database(self) -> None:
        """Extensions are created by the public migrations."""

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        tx = _CURRENT_TX.get()
        if tx is None:
            raise RuntimeError("Piccolo queries run inside Database.transaction() only")
        sql, args = querystring.compile_string(engine_type="postgres")
        return await tx.connection.fetch(sql, *args)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        raise RuntimeError("DDL belongs in the SQL migrations")


PICCOLO_ENGINE = _TransactionEngine()

# SQL spliced into a Piccolo query where a value goes: the column's migration default,
# and the transaction's timestamp (``now()``, constant for the whole transaction).
DEFAULT = QueryString("DEFAULT")
DB_NOW = QueryString("now()")


class Jsonb(Column):
    """A jsonb column whose values Piccolo passes through unchanged: the pool's codec
    encodes dicts and lists and decodes them on the way back."""

    value_type = object

    @property
    def column_type(self) -> str:
        return "JSONB"


class Citext(Text):
    """Case-insensitive text (the ``citext`` extension): e-mail addresses."""


def new_row(table: type[T], **values: Any) -> T:
    """A row of ``table`` to insert: the given column values, ``DEFAULT`` for the others
    (so the migration's defaults apply, and a missing required value fails as in SQL)."""
    columns = table._meta.columns
    unknown = values.keys() - {column._meta.name for column in columns}
    if unknown:
        raise ValueError(f"{table.__name__} has no column {sorted(unknown)}")
    return table({column: values.get(column._meta.name, DEFAULT) for column in columns})


async def _run_hooks(tx: Tx) -> None:
    for hook in tx._after_commit:
        try:
            await hook()
        except Exception:  # the commit stands; the outbox sweeper retries what a hook missed
            log.exception("after-commit hook failed")
