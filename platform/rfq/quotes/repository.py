"""Every query of rfq.quotes's tables: Piccolo on ``tx`` for plain CRUD; SQL where a row lock,
an upsert, a set of rows or the database's clock is needed (each says why)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from hansa.core.db import DB_NOW, Tx, new_row
from hansa.rfq.quotes.tables import (
    QuoteDraft,
    QuoteDraftLine,
    QuotePolicy,
    RfqCounterLine,
    RfqCounterOffer,
    RfqMessage,
    RfqRevision,
    RfqRevisionLine,
)

Row = dict[str, Any]

# -- the supplier's schema -------------------------------------------------------------------


async def policy(tx: Tx) -> Row | None:
    return await QuotePolicy.select().first().run()


async def set_policy(tx: Tx, approval_above: Decimal | None, currency: str | None) -> Row:
    # an upsert of the one row: SQL (Piccolo has no ON CONFLICT ... DO UPDATE)
    row = await tx.fetchrow(
        "INSERT INTO quote_policy (id, approval_above, currency) VALUES (true, $1, $2)"
        " ON CONFLICT (id) DO UPDATE SET approval_above = $1, currency = $2, updated_at = now()"
        " RETURNING *",
        approval_above,
        currency,
    )
    assert row is not None
    return dict(row)


async def open_draft(tx: Tx, rfq_id: uuid.UUID, *, lock: bool = False) -> Row | None:
    if not lock:
        return (
            await QuoteDraft.select()
            .where((QuoteDraft.rfq_id == rfq_id) & (QuoteDraft.status != "sent"))
            .first()
            .run()
        )
    # a row lock: SQL (Piccolo has no FOR UPDATE)
    row = await tx.fetchrow(
        "SELECT * FROM quote_draft WHERE rfq_id = $1 AND status <> 'sent' FOR UPDATE", rfq_id
    )
    return dict(row) if row else None


async def newest_draft_locked(tx: Tx, rfq_id: uuid.UUID) -> Row | None:
    """The open draft, else the last sent one, locked. A second send that waited on the lock
    re-reads the same row and finds it sent (no WHERE on the status to drop it)."""
    # a row lock: SQL
    row = await tx.fetchrow(
        "SELECT * FROM quote_draft WHERE rfq_id = $1"
        " ORDER BY (status = 'sent'), updated_at DESC LIMIT 1 FOR UPDATE",
        rfq_id,
    )
    return dict(row) if row else None


async def create_draft(tx: Tx, rfq_id: uuid.UUID, base_revision: int, user_id: uuid.UUID | None) -> None:
    """A new open draft, unless another request created one first (the partial unique index)."""
    # ON CONFLICT on a partial unique index: SQL
    await tx.execute(
        "INSERT INTO quote_draft (id, rfq_id, base_revision, updated_by) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (rfq_id) WHERE status <> 'sent' DO NOTHING",
        uuid.uuid4(),
        rfq_id,
        base_revision,
        user_id,
    )


async def last_sent_draft(tx: Tx, rfq_id: uuid.UUID) -> Row | None:
    return (
        await QuoteDraft.select()
        .where((QuoteDraft.rfq_id == rfq_id) & (QuoteDraft.status == "sent"))
        .order_by(QuoteDraft.sent_at, ascending=False)
        .first()
        .run()
    )


async def mark_sent(tx: Tx, draft_id: uuid.UUID) -> None:
    await (
        QuoteDraft.update({QuoteDraft.status: "sent", QuoteDraft.sent_at: DB_NOW})
        .where(QuoteDraft.id == draft_id)
        .run()
    )


async def update_draft(tx: Tx, draft_id: uuid.UUID, values: dict[str, Any]) -> None:
    columns: dict[Any, Any] = {
        QuoteDraft._meta.get_column_by_name(name): value for name, value in values.items()
    }
    columns[QuoteDraft.updated_at] = DB_NOW
    await QuoteDraft.update(columns).where(QuoteDraft.id == draft_id).run()


async def draft_lines(tx: Tx, draft_id: uuid.UUID) -> list[Row]:
    return await QuoteDraftLine.select().where(QuoteDraftLine.draft_id == draft_id).run()


async def replace_draft_lines(tx: Tx, draft_id: uuid.UUID, lines: Sequence[Row]) -> None:
    await QuoteDraftLine.delete().where(QuoteDraftLine.draft_id == draft_id).run()
    if lines:
        await QuoteDraftLine.insert(
            *(new_row(QuoteDraftLine, draft_id=draft_id, **line) for line in lines)
        ).run()


# -- public: revisions -----------------------------------------------------------------------


async def revisions(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> list[Row]:
    """One supplier's sent revisions, newest first."""
    return (
        await RfqRevision.select()
        .where((RfqRevision.rfq_id == rfq_id) & (RfqRevision.tenant_id == tenant_id))
        .order_by(RfqRevision.number, ascending=False)
        .run()
    )


async def revision_of_draft(tx: Tx, draft_id: uuid.UUID) -> Row | None:
    return await RfqRevision.select().where(RfqRevision.draft_id == draft_id).first().run()


async def revision_lines(tx: Tx, revision_ids: Sequence[uuid.UUID]) -> list[Row]:
    # one ANY($1) parameter for a page of revisions: SQL
    rows = await tx.fetch(
        "SELECT * FROM public.rfq_revision_line WHERE revision_id = ANY($1::uuid[])", list(revision_ids)
    )
    return [dict(row) for row in rows]


async def latest_revisions(tx: Tx, rfq_id: uuid.UUID) -> list[Row]:
    """The latest revision of every supplier of the RFQ, in one query."""
    # DISTINCT ON: SQL
    rows = await tx.fetch(
        "SELECT DISTINCT ON (tenant_id) * FROM public.rfq_revision WHERE rfq_id = $1"
        " ORDER BY tenant_id, number DESC",
        rfq_id,
    )
    return [dict(row) for row in rows]


async def insert_revision(tx: Tx, revision: Row, lines: Sequence[Row]) -> None:
    await RfqRevision.insert(new_row(RfqRevision, **revision)).run()
    if lines:
        await RfqRevisionLine.insert(
            *(new_row(RfqRevisionLine, revision_id=revision["id"], **line) for line in lines)
        ).run()


# -- public: counter-offers ------------------------------------------------------------------


async def counters(tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID) -> list[Row]:
    """The buyer's counter-offers to one supplier, newest first."""
    return (
        await RfqCounterOffer.select()
        .where((RfqCounterOffer.rfq_id == rfq_id) & (RfqCounterOffer.tenant_id == tenant_id))
        .order_by(RfqCounterOffer.created_at, ascending=False)
        .run()
    )


async def counter_lines(tx: Tx, counter_ids: Sequence[uuid.UUID]) -> list[Row]:
    # one ANY($1) parameter: SQL
    rows = await tx.fetch(
        "SELECT * FROM public.rfq_counter_line WHERE counter_id = ANY($1::uuid[])", list(counter_ids)
    )
    return [dict(row) for row in rows]


async def insert_counter(tx: Tx, counter: Row, lines: Sequence[Row]) -> None:
    await RfqCounterOffer.insert(new_row(RfqCounterOffer, **counter)).run()
    if lines:
        await RfqCounterLine.insert(
            *(new_row(RfqCounterLine, counter_id=counter["id"], **line) for line in lines)
        ).run()


# -- public: the thread ----------------------------------------------------------------------


async def insert_message(tx: Tx, message: Row) -> Row:
    rows = await RfqMessage.insert(new_row(RfqMessage, **message)).returning(*RfqMessage.all_columns()).run()
    return rows[0]


async def messages(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, *, before: uuid.UUID | None, limit: int
) -> list[Row]:
    """Newest first; ``before`` (a message of this thread) pages to the older ones."""
    # a row-value comparison with the cursor's row: SQL
    rows = await tx.fetch(
        "SELECT * FROM public.rfq_message WHERE rfq_id = $1 AND tenant_id = $2"
        " AND ($3::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM public.rfq_message"
        " WHERE id = $3 AND rfq_id = $1 AND tenant_id = $2))"
        " ORDER BY created_at DESC, id DESC LIMIT $4",
        rfq_id,
        tenant_id,
        before,
        limit,
    )
    return [dict(row) for row in rows]


# -- public: the expiry job ------------------------------------------------------------------


async def claim_expired(tx: Tx, limit: int, as_of: date | None = None) -> list[Row]:
    """Latest revisions whose validity passed (before ``as_of``, else the database's today)
    and that the job has not handled, locked and skipped by other workers (SKIP LOCKED)."""
    # the database's date, a NOT EXISTS and SKIP LOCKED: SQL
    rows = await tx.fetch(
        "SELECT r.id, r.rfq_id, r.tenant_id, r.number, r.valid_until FROM public.rfq_revision r"
        " WHERE r.valid_until < coalesce($2::date, current_date)"
        " AND NOT EXISTS (SELECT 1 FROM public.rfq_revision_expiry e WHERE e.revision_id = r.id)"
        " AND NOT EXISTS (SELECT 1 FROM public.rfq_revision n"
        "   WHERE n.rfq_id = r.rfq_id AND n.tenant_id = r.tenant_id AND n.number > r.number)"
        " ORDER BY r.valid_until, r.id LIMIT $1 FOR UPDATE OF r SKIP LOCKED",
        limit,
        as_of,
    )
    return [dict(row) for row in rows]


async def mark_handled(tx: Tx, revision_id: uuid.UUID, *, expired: bool) -> None:
    await tx.execute(
        "INSERT INTO public.rfq_revision_expiry (revision_id, expired) VALUES ($1, $2)"
        " ON CONFLICT DO NOTHING",
        revision_id,
        expired,
    )


async def revision_row(tx: Tx, revision_id: uuid.UUID) -> Row | None:
    row = await tx.fetchrow("SELECT * FROM public.rfq_revision WHERE id = $1", revision_id)
    return dict(row) if row else None


async def revision_lines_json(tx: Tx, revision_ids: list[uuid.UUID]) -> str:
    """The lines of these revisions (one query however many; callers match them by line id), as one
    JSON array (text): a comparison reads 50 x 200 of them, and decoding one document into
    structs costs a fraction of decoding 10,000 rows column by column."""
    found = await tx.fetchval(
        "SELECT coalesce(json_agg(rl ORDER BY rl.revision_id), '[]')::text "
        "FROM public.rfq_revision_line rl WHERE rl.revision_id = ANY($1::uuid[])",
        revision_ids,
    )
    return str(found)


# -- public: the buyer's comparison ----------------------------------------------------------

# Every cell of the comparison priced by PostgreSQL (docs/rfq.md, "Comparison and award"): the
# latest revision of each supplier shown, its answer to each asked line at the line's quantity
# (the break with the greatest min_quantity it reaches, else the line's unit price; the price's
# text kept as the supplier sent it), the line total rounded once half away from zero, per line
# the lowest live total and the shortest live lead time (window functions), per supplier its
# quoted lines and total. The request's lines and invitations come in as arrays (rfq.requests'
# tables are read through its service). The answer is one JSON document (see _COMPARISON_SQL's
# last SELECT); each cell carries the fields of awards' ``Cell``.
_COMPARISON_SQL = """
WITH asked AS (
    SELECT line_id, quantity, pos
    FROM unnest($4::uuid[], $5::numeric[]) WITH ORDINALITY AS a (line_id, quantity, pos)
), invited AS (
    SELECT tenant_id, shown, live, pos
    FROM unnest($6::uuid[], $7::bool[], $8::bool[]) WITH ORDINALITY AS i (tenant_id, shown, live, pos)
), latest AS (
    SELECT DISTINCT ON (tenant_id) id, tenant_id, currency, valid_until
    FROM public.rfq_revision WHERE rfq_id = $1 ORDER BY tenant_id, number DESC
), shown AS (
    SELECT i.tenant_id, i.live, r.id AS revision_id, r.valid_until
    FROM invited i JOIN latest r ON r.tenant_id = i.tenant_id
    WHERE i.shown AND r.currency = $2
), answered AS (
    SELECT s.tenant_id, s.live, s.valid_until, a.line_id, a.quantity, rl.note, rl.alternative_sku,
           rl.alternative_description, rl.lead_time_days, rl.moq, rl.sku,
           rl.status = 'quoted' AND rl.unit_price IS NOT NULL AS quoted,
           coalesce(
               CASE WHEN rl.breaks <> '[]' THEN jsonb_path_query_array(
                   rl.breaks, '$[*] ? (@.min_quantity.number() <= $q).unit_price',
                   jsonb_build_object('q', a.quantity)) ->> -1 END,
               rl.unit_price::text) AS unit_price
    FROM shown s
    JOIN public.rfq_revision_line rl ON rl.revision_id = s.revision_id
    JOIN asked a ON a.line_id = rl.line_id
), priced AS (
    SELECT *, CASE WHEN quoted THEN round(quantity * unit_price::numeric, $3) END AS line_total
    FROM answered
), ranked AS (
    SELECT *,
           min(line_total) FILTER (WHERE live) OVER (PARTITION BY line_id) AS lowest_total,
           min(lead_time_days) FILTER (WHERE live AND line_total IS NOT NULL AND quoted)
               OVER (PARTITION BY line_id) AS fastest_days
    FROM priced
), cells AS (
    SELECT a.line_id, a.pos AS line_pos, i.pos AS tenant_pos, i.tenant_id,
           coalesce(r.live AND r.line_total = r.lowest_total, false) AS lowest,
           coalesce(r.live AND r.quoted AND r.lead_time_days = r.fastest_days, false) AS fastest,
           CASE WHEN r.line_id IS NULL THEN json_build_object('tenant_id', i.tenant_id, 'status', 'no_answer')
           ELSE json_build_object(
               'tenant_id', i.tenant_id,
               'status', CASE WHEN r.quoted THEN 'quoted' ELSE 'not_quoted' END,
               'live', r.live,
               'sku', CASE WHEN r.quoted THEN r.sku END,
               'unit_price', CASE WHEN r.quoted THEN r.unit_price END,
               'line_total', r.line_total::text,
               'lead_time_days', CASE WHEN r.quoted THEN r.lead_time_days END,
               'moq', CASE WHEN r.quoted THEN r.moq::text END,
               'valid_until', r.valid_until,
               'alternative_sku', r.alternative_sku,
               'alternative_description', r.alternative_description,
               'note', r.note,
               'lowest', coalesce(r.live AND r.line_total = r.lowest_total, false),
               'fastest', coalesce(r.live AND r.quoted AND r.lead_time_days = r.fastest_days, false))
           END AS cell
    FROM asked a CROSS JOIN invited i
    LEFT JOIN ranked r ON r.line_id = a.line_id AND r.tenant_id = i.tenant_id
), lines AS (
    SELECT line_pos, json_build_object(
        'line_id', line_id,
        'lowest', coalesce(json_agg(tenant_id ORDER BY tenant_pos) FILTER (WHERE lowest), '[]'),
        'fastest', coalesce(json_agg(tenant_id ORDER BY tenant_pos) FILTER (WHERE fastest), '[]'),
        'cells', json_agg(cell ORDER BY tenant_pos)) AS line
    FROM cells GROUP BY line_pos, line_id
), totals AS (
    SELECT tenant_id, count(*) FILTER (WHERE quoted) AS quoted_lines,
           coalesce(sum(line_total) FILTER (WHERE quoted), 0)::text AS total
    FROM priced GROUP BY tenant_id
)
SELECT json_build_object(
    'lines', (SELECT coalesce(json_agg(line ORDER BY line_pos), '[]') FROM lines),
    'suppliers', (SELECT coalesce(json_agg(json_build_object('tenant_id', s.tenant_id,
        'quoted_lines', coalesce(t.quoted_lines, 0), 'total', coalesce(t.total, '0'))), '[]')
        FROM shown s LEFT JOIN totals t ON t.tenant_id = s.tenant_id))::text
"""


async def comparison_json(
    tx: Tx,
    rfq_id: uuid.UUID,
    currency: str,
    minor_units: int,
    lines: Sequence[tuple[uuid.UUID, Decimal]],
    suppliers: Sequence[tuple[uuid.UUID, bool, bool]],
) -> str:
    """The comparison's cells, per line its best, per supplier its totals (``_COMPARISON_SQL``):
    one round trip, one JSON document however many cells."""
    # window functions, LATERAL over the breaks, JSON built by the database: SQL
    found = await tx.fetchval(
        _COMPARISON_SQL,
        rfq_id,
        currency,
        minor_units,
        [line_id for line_id, _ in lines],
        [quantity for _, quantity in lines],
        [tenant_id for tenant_id, _, _ in suppliers],
        [shown for _, shown, _ in suppliers],
        [live for _, _, live in suppliers],
    )
    return str(found)
