"""Piccolo's tables against the migrated schema: every ``Table`` class in a domain's
``tables.py`` matches its table column by column (name, type family, nullability,
primary key), and every migrated table has a class. The migrations are the truth;
a class that drifted from them fails here, not on a query at run time."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import ClassVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from piccolo.columns import (
    UUID,
    Array,
    BigInt,
    BigSerial,
    Boolean,
    Bytea,
    Column,
    Date,
    Integer,
    Numeric,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

import hansa
from hansa.core.db import PICCOLO_ENGINE, Citext, Database, Jsonb, Tx
from hansa.core.migrations import MigrationSet, apply_tenant_track, migrate_public
from hansa.core.tenancy import enter_schema, quoted_schema, schema_for

# tables made by code, not by the migrations: the migrator's own record
NOT_MIGRATED = {("public", "schema_migration")}

# Piccolo column class -> the PostgreSQL type family (information_schema's udt_name,
# with char/varchar/text as one family). Subclasses before their bases.
_FAMILIES: list[tuple[type[Column], str]] = [
    (Citext, "citext"),
    (Varchar, "text"),  # Char too
    (Text, "text"),
    (UUID, "uuid"),
    (BigSerial, "int8"),
    (Serial, "int4"),
    (BigInt, "int8"),
    (SmallInt, "int2"),
    (Integer, "int4"),
    (Numeric, "numeric"),
    (Boolean, "bool"),
    (Timestamptz, "timestamptz"),
    (Date, "date"),
    (Bytea, "bytea"),
    (Jsonb, "jsonb"),
]
_DB_FAMILIES = {"bpchar": "text", "varchar": "text"}


@dataclass(frozen=True)
class DbColumn:
    family: str
    nullable: bool


@dataclass(frozen=True)
class DbTable:
    columns: dict[str, DbColumn]
    primary_key: tuple[str, ...]


def table_modules() -> list[ModuleType]:
    """Every ``tables`` module under ``hansa`` (a domain's, or core's)."""
    names = [
        info.name
        for info in pkgutil.walk_packages(hansa.__path__, "hansa.")
        if info.name.rsplit(".", 1)[-1] == "tables"
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def table_classes(modules: Iterable[ModuleType]) -> list[type[Table]]:
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Table)
        and value is not Table
        and value.__module__ == module.__name__
    ]


def location(table: type[Table]) -> tuple[str, str]:
    """(``public`` or ``tenant``, table name): tenant tables carry no schema."""
    return (table._meta.schema or "tenant", table._meta.tablename)


def family(column: Column) -> str:
    if isinstance(column, Array):
        return family(column.base_column) + "[]"
    for kind, name in _FAMILIES:
        if isinstance(column, kind):
            return name
    return type(column).__name__


def drift(table: type[Table], migrated: DbTable | None) -> list[str]:
    """What differs between ``table`` and the migrated table, one line each."""
    schema, name = location(table)
    where = f"{schema}.{name} ({table.__module__}.{table.__name__})"
    if migrated is None:
        return [f"{where}: no such table in the migrations"]
    problems: list[str] = []
    declared = {column._meta.db_column_name: column for column in table._meta.columns}
    for name in sorted(declared.keys() - migrated.columns.keys()):
        problems.append(f"{where}: column {name} is not in the migrations")
    for name in sorted(migrated.columns.keys() - declared.keys()):
        problems.append(f"{where}: column {name} of the migrations has no Piccolo column")
    for name in sorted(declared.keys() & migrated.columns.keys()):
        column, db_column = declared[name], migrated.columns[name]
        if family(column) != db_column.family:
            problems.append(
                f"{where}: column {name} is {family(column)} here, {db_column.family} in the migrations"
            )
        if column._meta.null != db_column.nullable:
            said = "nullable" if column._meta.null else "NOT NULL"
            problems.append(f"{where}: column {name} is {said} here, not in the migrations")
    key: tuple[str, ...] = getattr(
        table, "primary_key_columns", (table._meta.primary_key._meta.db_column_name,)
    )
    if set(key) != set(migrated.primary_key) or key[0] != table._meta.primary_key._meta.db_column_name:
        problems.append(f"{where}: primary key {key} here, {migrated.primary_key} in the migrations")
    return problems


def untracked(tables: Iterable[type[Table]], migrated: Iterable[tuple[str, str]]) -> list[str]:
    """Migrated tables no Piccolo class describes."""
    known = {location(table) for table in tables}
    return [
        f"{schema}.{name}: migrated, but no Table class in any tables.py"
        for schema, name in sorted(migrated)
        if (schema, name) not in known and (schema, name) not in NOT_MIGRATED
    ]


async def read_schema(tx: Tx, schema: str, label: str) -> dict[tuple[str, str], DbTable]:
    """The base tables of ``schema`` as information_schema describes them, keyed (label, name)."""
    columns = await tx.fetch(
        "SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable = 'YES' AS nullable "
        "FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'",
        schema,
    )
    keys = await tx.fetch(
        "SELECT k.table_name, k.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema "
        "AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name "
        "WHERE tc.table_schema = $1 AND tc.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
        schema,
    )
    tables: dict[tuple[str, str], DbTable] = {}
    for row in columns:
        udt: str = row["udt_name"]
        name = _DB_FAMILIES.get(udt.lstrip("_"), udt.lstrip("_")) + ("[]" if udt.startswith("_") else "")
        table = tables.setdefault((label, row["table_name"]), DbTable(columns={}, primary_key=()))
        table.columns[row["column_name"]] = DbColumn(family=name, nullable=row["nullable"])
    for row in keys:
        table = tables[(label, row["table_name"])]
        tables[(label, row["table_name"])] = DbTable(table.columns, (*table.primary_key, row["column_name"]))
    return tables


_MIGRATED: dict[str, dict[tuple[str, str], DbTable]] = {}


async def migrated_tables(database_url: str, migrations: MigrationSet) -> dict[tuple[str, str], DbTable]:
    """The public schema as the migrations make it, in a scratch database (the tests'
    database also holds tables that fixtures create), and a tenant schema built there by
    the tenant track, as provisioning does. Read once per test process."""
    if database_url not in _MIGRATED:
        _MIGRATED[database_url] = await _migrate_and_read(database_url, migrations)
    return _MIGRATED[database_url]


async def _migrate_and_read(database_url: str, migrations: MigrationSet) -> dict[tuple[str, str], DbTable]:
    name = f"drift_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(database_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    scratch = Database(urlunsplit(urlsplit(database_url)._replace(path=f"/{name}")), max_size=1)
    try:
        await scratch.connect()
        await migrate_public(scratch, migrations)
        found: dict[tuple[str, str], DbTable] = {}
        async with scratch.transaction() as tx:
            found.update(await read_schema(tx, "public", "public"))
            schema = schema_for(uuid.uuid4())
            await tx.execute(f"CREATE SCHEMA {quoted_schema(schema)}")
            await enter_schema(tx, schema)
            await apply_tenant_track(tx, migrations.tenant)
            found.update(await read_schema(tx, schema, "tenant"))
        return found
    finally:
        await scratch.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_every_table_class_matches_the_migrated_schema(
    database_url: str, migrations: MigrationSet
) -> None:
    migrated = await migrated_tables(database_url, migrations)
    tables = table_classes(table_modules())
    assert len(tables) >= 35
    problems = [line for table in tables for line in drift(table, migrated.get(location(table)))]
    problems += untracked(tables, migrated)
    assert not problems, "Piccolo tables drifted from the migrations:\n" + "\n".join(problems)


async def test_each_table_has_one_class_bound_to_the_transaction_engine() -> None:
    tables = table_classes(table_modules())
    assert len({location(table) for table in tables}) == len(tables)
    assert all(table._meta.db is PICCOLO_ENGINE for table in tables)


# A drifted copy of tenants' Tenant: one column renamed, one of another type, one
# nullable that is NOT NULL, one missing (status_reason), and a wrong key.
class DriftedTenant(Table, tablename="tenant", schema="public", db=PICCOLO_ENGINE):
    primary_key_columns: ClassVar[tuple[str, ...]] = ("slug",)

    slug = Text(primary_key=True)
    id = UUID()
    title = Text()
    status = Integer()
    schema_name = Text(null=True)
    schema_version = Integer()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True)


async def test_a_drifted_class_fails_with_a_clear_message(
    database_url: str, migrations: MigrationSet
) -> None:
    migrated = await migrated_tables(database_url, migrations)
    where = "public.tenant (tests.core.test_tables_drift.DriftedTenant)"
    assert drift(DriftedTenant, migrated[("public", "tenant")]) == [
        f"{where}: column title is not in the migrations",
        f"{where}: column name of the migrations has no Piccolo column",
        f"{where}: column status_reason of the migrations has no Piccolo column",
        f"{where}: column schema_name is nullable here, not in the migrations",
        f"{where}: column status is int4 here, text in the migrations",
        f"{where}: primary key ('slug',) here, ('id',) in the migrations",
    ]


async def test_a_table_without_a_class_or_a_class_without_a_table_fails(
    database_url: str, migrations: MigrationSet
) -> None:
    migrated = await migrated_tables(database_url, migrations)
    tables = [table for table in table_classes(table_modules()) if table._meta.tablename != "media_rendition"]
    assert untracked(tables, migrated) == [
        "tenant.media_rendition: migrated, but no Table class in any tables.py"
    ]

    class Ghost(Table, tablename="ghost", db=PICCOLO_ENGINE):
        id = UUID(primary_key=True)

    assert drift(Ghost, migrated.get(location(Ghost))) == [
        "tenant.ghost (tests.core.test_tables_drift.Ghost): no such table in the migrations"
    ]


@pytest.mark.parametrize(
    ("column", "expected"), [(Citext(), "citext"), (Array(base_column=Text()), "text[]")]
)
def test_type_families(column: Column, expected: str) -> None:
    assert family(column) == expected
