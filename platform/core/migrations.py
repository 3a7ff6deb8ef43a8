"""Forward-only SQL migrations in two tracks: ``public`` and ``tenant``.

Files are ``platform/migrations/<track>/NNNN_name.sql``, numbered from 1 without
gaps. The public track records each applied file in ``public.schema_migration``;
each tenant records the last tenant-track version it has in
``public.tenant.schema_version``. Neither depends on Piccolo's migration table,
whose lookup ignores schemas and would find another tenant's rows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from hansa.core.db import Database, Tx

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_PUBLIC_LOCK = 7_361_001  # advisory lock key: one public migrator at a time


class MigrationError(RuntimeError):
    """The migration files or the database's record of them are inconsistent."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class MigrationSet:
    """Both tracks, loaded once from a directory."""

    public: tuple[Migration, ...]
    tenant: tuple[Migration, ...]

    @classmethod
    def load(cls, root: Path = MIGRATIONS_DIR) -> MigrationSet:
        return cls(public=_load_track(root / "public"), tenant=_load_track(root / "tenant"))

    @property
    def tenant_head(self) -> int:
        return self.tenant[-1].version if self.tenant else 0

    def tenant_pending(self, current: int) -> tuple[Migration, ...]:
        if current > self.tenant_head:
            raise MigrationError(f"schema version {current} is ahead of the code ({self.tenant_head})")
        return self.tenant[current:]


def _load_track(directory: Path) -> tuple[Migration, ...]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_RE.match(path.name)
        if not match:
            raise MigrationError(f"bad migration file name: {path.name}")
        migrations.append(Migration(int(match[1]), match[2], path.read_text()))
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"{directory.name} track: expected {expected:04d}, found {migration.version:04d}"
            )
    return tuple(migrations)


async def migrate_public(db: Database, migrations: MigrationSet) -> list[Migration]:
    """Apply pending public migrations in one transaction; return those applied."""
    async with db.transaction() as tx:
        await tx.execute("SELECT pg_advisory_xact_lock($1)", _PUBLIC_LOCK)
        await tx.execute(
            """
            CREATE TABLE IF NOT EXISTS public.schema_migration (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        await tx.execute("SELECT set_config('search_path', 'public', true)")
        rows = await tx.fetch("SELECT version, checksum FROM public.schema_migration")
        applied = {row["version"]: row["checksum"] for row in rows}
        done = []
        for migration in migrations.public:
            if migration.version in applied:
                if applied[migration.version] != migration.checksum:
                    raise MigrationError(
                        f"public {migration.version:04d}_{migration.name} was edited after it ran"
                    )
                continue
            await tx.execute(migration.sql)
            await tx.execute(
                "INSERT INTO public.schema_migration (version, name, checksum) VALUES ($1, $2, $3)",
                migration.version,
                migration.name,
                migration.checksum,
            )
            done.append(migration)
        return done


async def apply_tenant_track(tx: Tx, migrations: tuple[Migration, ...]) -> None:
    """Run tenant migrations in ``tx``, whose search_path points at the tenant."""
    if tx.tenant_schema is None:
        raise MigrationError("tenant migrations need a transaction inside a tenant schema")
    if migrations:
        # one round trip: the simple query protocol runs many statements at once
        await tx.execute("\n;\n".join(m.sql for m in migrations))
