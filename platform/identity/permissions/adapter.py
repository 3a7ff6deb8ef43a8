"""Where the rules live: ``policy.csv`` (role policies, the source of truth) and
``public.casbin_rule`` (role policies copied from the file, plus memberships).

``CasbinRuleAdapter`` is pycasbin's async adapter interface over ``casbin_rule``,
for a plain casbin enforcer (tests compare against one, the benchmark times one).
The hot path does not use it: ``Authorizer.load`` reads the same table with
``fetch_rules`` and compiles it (see authorizer.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casbin.persist.adapters.asyncio import AsyncAdapter

from hansa.core.db import Database, Tx

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "model.conf"
POLICY_PATH = HERE / "policy.csv"

Rule = tuple[str, str, str]  # p: (role, domain pattern, action); g: (subject, role, domain)


@dataclass(frozen=True, slots=True)
class Rules:
    """Every rule of ``casbin_rule``, split by type."""

    policies: list[Rule]  # p rows
    memberships: list[Rule]  # g rows


def read_policy_file(path: Path = POLICY_PATH) -> list[Rule]:
    """The p rows of ``policy.csv``, in file order; blank lines and ``#`` comments skipped."""
    rules: list[Rule] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        fields = [part.strip() for part in text.split(",")]
        if len(fields) != 4 or fields[0] != "p" or not all(fields):
            raise ValueError(f"{path.name}:{number}: expected 'p, role, domain, action', got {line!r}")
        rules.append((fields[1], fields[2], fields[3]))
    if len(set(rules)) != len(rules):
        raise ValueError(f"{path.name}: duplicate rules")
    return rules


# SQL in this module: whole-table loads for the compiled authorizer and pycasbin (100,000
# rows in bench.authz, where Piccolo's per-row dicts would cost) and pycasbin's adapter
# interface, kept next to them
async def fetch_rules(db: Database) -> Rules:
    """All p and g rows in one query (one round trip, one snapshot)."""
    async with db.transaction() as tx:
        records = await tx.fetch("SELECT ptype, v0, v1, v2 FROM public.casbin_rule WHERE ptype IN ('p', 'g')")
    policies: list[Rule] = []
    memberships: list[Rule] = []
    for ptype, v0, v1, v2 in records:
        (policies if ptype == "p" else memberships).append((v0, v1, v2))
    return Rules(policies, memberships)


async def fetch_role(db: Database, subject: str, domain: str) -> str | None:
    """The role ``subject`` holds in ``domain`` now, or None."""
    async with db.transaction() as tx:
        return await role_in(tx, subject, domain)


async def role_in(tx: Tx, subject: str, domain: str) -> str | None:
    """The role ``subject`` holds in ``domain``, as ``tx`` sees it, or None."""
    role = await tx.fetchval(
        "SELECT v1 FROM public.casbin_rule WHERE ptype = 'g' AND v0 = $1 AND v2 = $2",
        subject,
        domain,
    )
    return str(role) if role is not None else None


def _row(ptype: str, rule: Sequence[str]) -> tuple[str, ...]:
    """A casbin rule as the six value columns of ``casbin_rule``, padded with ''."""
    values = list(rule)[:6]
    return (ptype, *values, *([""] * (6 - len(values))))


class CasbinRuleAdapter(AsyncAdapter):  # type: ignore[misc]  # casbin ships no types
    """pycasbin's ``AsyncAdapter`` over ``public.casbin_rule`` (asyncpg, via ``Database``).

    Writes join the transaction open in the calling task, if any (``Database.transaction``).
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    async def load_policy(self, model: Any) -> None:
        """Append every row to the model directly: ``model.add_policy`` checks for
        duplicates with a list scan, quadratic over 100,000 memberships."""
        async with self.db.transaction() as tx:
            records = await tx.fetch("SELECT ptype, v0, v1, v2, v3, v4, v5 FROM public.casbin_rule")
        for record in records:
            ptype = record["ptype"]
            section = model.model.get(ptype[0])
            if section is None or ptype not in section:
                continue
            values = [record[f"v{i}"] for i in range(6)]
            while values and values[-1] == "":
                values.pop()
            section[ptype].policy.append(values)

    async def save_policy(self, model: Any) -> bool:
        """Replace every rule with the model's (casbin's ``save_policy`` contract)."""
        rows = [
            _row(ptype, rule)
            for sec in ("p", "g")
            for ptype, ast in model.model.get(sec, {}).items()
            for rule in ast.policy
        ]
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM public.casbin_rule")
            await _insert(tx.connection, rows)
        return True

    async def add_policy(self, sec: str, ptype: str, rule: Sequence[str]) -> bool:
        return await self.add_policies(sec, ptype, [rule])

    async def add_policies(self, sec: str, ptype: str, rules: Iterable[Sequence[str]]) -> bool:
        async with self.db.transaction() as tx:
            await _insert(tx.connection, [_row(ptype, rule) for rule in rules])
        return True

    async def remove_policy(self, sec: str, ptype: str, rule: Sequence[str]) -> bool:
        return await self.remove_policies(sec, ptype, [rule])

    async def remove_policies(self, sec: str, ptype: str, rules: Iterable[Sequence[str]]) -> bool:
        rows = [_row(ptype, rule) for rule in rules]
        async with self.db.transaction() as tx:
            await tx.connection.executemany(
                "DELETE FROM public.casbin_rule WHERE ptype = $1 AND v0 = $2 AND v1 = $3 AND v2 = $4 "
                "AND v3 = $5 AND v4 = $6 AND v5 = $7",
                rows,
            )
        return True

    async def remove_filtered_policy(
        self, sec: str, ptype: str, field_index: int, *field_values: str
    ) -> bool:
        """Remove the rules whose fields from ``field_index`` on equal ``field_values`` ('' = any)."""
        conditions = ["ptype = $1"]
        args: list[str] = [ptype]
        if field_index < 0 or field_index + len(field_values) > 6:
            raise ValueError(f"fields v{field_index}..v{field_index + len(field_values) - 1} do not exist")
        for offset, value in enumerate(field_values):
            if value:
                args.append(value)
                conditions.append(f"v{field_index + offset} = ${len(args)}")
        async with self.db.transaction() as tx:
            await tx.execute(f"DELETE FROM public.casbin_rule WHERE {' AND '.join(conditions)}", *args)
        return True


async def _insert(connection: Any, rows: Sequence[tuple[str, ...]]) -> None:
    if rows:
        await connection.executemany(
            "INSERT INTO public.casbin_rule (ptype, v0, v1, v2, v3, v4, v5) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            rows,
        )
