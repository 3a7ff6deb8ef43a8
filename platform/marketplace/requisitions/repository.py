"""Every query of ``requisition_list`` and ``requisition_line``: Piccolo CRUD on ``tx``;
SQL for the keyset page (a row comparison) and the set-based upsert of lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hansa.core.db import DB_NOW, Tx, escape_like, new_row
from hansa.core.rows import as_struct, as_structs
from hansa.marketplace.requisitions.schemas import LineRow, RequisitionListOut
from hansa.marketplace.requisitions.tables import RequisitionLine, RequisitionList

_LIST_COLUMNS = "id, org_id, owner_id, name, visibility, line_count, created_at, updated_at"


def _visible(org_id: uuid.UUID, user_id: uuid.UUID | None) -> Any:
    """The company's lists the caller may see: its own and the shared ones."""
    shared = RequisitionList.visibility == "shared"
    mine = RequisitionList.owner_id == user_id if user_id is not None else None
    return (RequisitionList.org_id == org_id) & (shared if mine is None else (shared | mine))


async def get_list(
    tx: Tx, org_id: uuid.UUID, user_id: uuid.UUID | None, list_id: uuid.UUID
) -> RequisitionListOut | None:
    row = (
        await RequisitionList.select()
        .where(_visible(org_id, user_id) & (RequisitionList.id == list_id))
        .first()
        .run()
    )
    return as_struct(row, RequisitionListOut) if row else None


async def lock_list(tx: Tx, org_id: uuid.UUID, list_id: uuid.UUID) -> None:
    """Serialise changes of one list of this company (the bound on lines is counted under it).
    SQL: Piccolo has no FOR UPDATE."""
    await tx.execute(
        "SELECT 1 FROM public.requisition_list WHERE id = $1 AND org_id = $2 FOR UPDATE", list_id, org_id
    )


async def page_lists(
    tx: Tx,
    org_id: uuid.UUID,
    user_id: uuid.UUID | None,
    *,
    scope: str,
    search: str | None,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[RequisitionListOut]:
    """One page by name, then id. SQL: the keyset is a row comparison ``(name, id) > (…)``."""
    where = ["org_id = $1"]
    args: list[Any] = [org_id]
    if scope == "shared" or user_id is None:
        where.append("visibility = 'shared'")
    else:
        args.append(user_id)
        mine = f"owner_id = ${len(args)}"
        where.append(mine if scope == "mine" else f"(visibility = 'shared' OR {mine})")
    if search:
        args.append(f"%{escape_like(search)}%")
        where.append(f"name ILIKE ${len(args)}")
    if after is not None:
        args.extend(after)
        where.append(f"(name, id) > (${len(args) - 1}, ${len(args)})")
    args.append(limit)
    rows = await tx.fetch(
        f"SELECT {_LIST_COLUMNS} FROM public.requisition_list WHERE {' AND '.join(where)}"
        f" ORDER BY name, id LIMIT ${len(args)}",
        *args,
    )
    return as_structs(rows, RequisitionListOut)


async def count_lists(tx: Tx, org_id: uuid.UUID) -> int:
    return int(await RequisitionList.count().where(RequisitionList.org_id == org_id).run())


async def insert_list(
    tx: Tx, list_id: uuid.UUID, org_id: uuid.UUID, owner_id: uuid.UUID, name: str, visibility: str
) -> None:
    await RequisitionList.insert(
        new_row(
            RequisitionList, id=list_id, org_id=org_id, owner_id=owner_id, name=name, visibility=visibility
        )
    ).run()


async def update_list(tx: Tx, list_id: uuid.UUID, fields: dict[str, Any]) -> None:
    values: dict[Any, Any] = {
        RequisitionList._meta.get_column_by_name(name): value for name, value in fields.items()
    }
    await (
        RequisitionList.update({**values, RequisitionList.updated_at: DB_NOW})
        .where(RequisitionList.id == list_id)
        .run()
    )


async def touch_list(tx: Tx, list_id: uuid.UUID) -> None:
    await (
        RequisitionList.update({RequisitionList.updated_at: DB_NOW})
        .where(RequisitionList.id == list_id)
        .run()
    )


async def delete_list(tx: Tx, list_id: uuid.UUID) -> None:
    await RequisitionList.delete().where(RequisitionList.id == list_id).run()


async def lines_of(tx: Tx, list_id: uuid.UUID) -> list[LineRow]:
    rows = (
        await RequisitionLine.select()
        .where(RequisitionLine.list_id == list_id)
        .order_by(RequisitionLine.added_at)
        .order_by(RequisitionLine.sku)  # lines added together: by SKU
        .order_by(RequisitionLine.id)
        .run()
    )
    return as_structs(rows, LineRow)


async def get_line(tx: Tx, list_id: uuid.UUID, line_id: uuid.UUID) -> LineRow | None:
    row = (
        await RequisitionLine.select()
        .where((RequisitionLine.id == line_id) & (RequisitionLine.list_id == list_id))
        .first()
        .run()
    )
    return as_struct(row, LineRow) if row else None


async def new_keys(tx: Tx, list_id: uuid.UUID, keys: Sequence[tuple[uuid.UUID, str]]) -> int:
    """How many of these (supplier, SKU) are not on the list yet. SQL: one array parameter
    per column for up to 1,000 keys."""
    return int(
        await tx.fetchval(
            """
            SELECT count(*) FROM unnest($2::uuid[], $3::text[]) AS k (tenant_id, sku)
            WHERE NOT EXISTS (
                SELECT 1 FROM public.requisition_line l
                WHERE l.list_id = $1 AND l.tenant_id = k.tenant_id AND l.sku = k.sku
            )
            """,
            list_id,
            [tenant_id for tenant_id, _ in keys],
            [sku for _, sku in keys],
        )
    )


async def add_lines(
    tx: Tx, list_id: uuid.UUID, lines: Sequence[tuple[uuid.UUID, str, Decimal, str | None]]
) -> None:
    """Add each line's quantity to the one already there (or insert it); a note given
    replaces the old one. SQL: one statement for up to 1,000 lines."""
    await tx.execute(
        """
        INSERT INTO public.requisition_line (id, list_id, tenant_id, sku, quantity, note)
        SELECT gen_random_uuid(), $1, l.tenant_id, l.sku, l.quantity, l.note
        FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::text[]) AS l (tenant_id, sku, quantity, note)
        ON CONFLICT (list_id, tenant_id, sku) DO UPDATE
        SET quantity = public.requisition_line.quantity + EXCLUDED.quantity,
            note = coalesce(EXCLUDED.note, public.requisition_line.note)
        """,
        list_id,
        [line[0] for line in lines],
        [line[1] for line in lines],
        [line[2] for line in lines],
        [line[3] for line in lines],
    )


async def update_line(tx: Tx, line_id: uuid.UUID, fields: dict[str, Any]) -> None:
    values: dict[Any, Any] = {
        RequisitionLine._meta.get_column_by_name(name): value for name, value in fields.items()
    }
    await RequisitionLine.update(values).where(RequisitionLine.id == line_id).run()


async def remove_lines(tx: Tx, list_id: uuid.UUID, line_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    rows = (
        await RequisitionLine.delete()
        .where((RequisitionLine.list_id == list_id) & RequisitionLine.id.is_in(list(line_ids)))
        .returning(RequisitionLine.id)
        .run()
    )
    return [row["id"] for row in rows]
