from __future__ import annotations

import uuid

from hansa.core.db import Database
from hansa.core.jobs import discover_jobs, registered_jobs
from hansa.core.retention import PRUNE_ACTOR, prune_history


async def test_old_history_goes_and_everything_recent_or_unsent_stays(db: Database) -> None:
    old_event, new_event = uuid.uuid4(), uuid.uuid4()
    old_sent, old_unsent, new_sent = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    old_mail, unsent_mail = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO public.processed_event (event_id, actor, processed_at) VALUES "
            "($1, 'x.y', now() - interval '40 days'), ($2, 'x.y', now())",
            old_event,
            new_event,
        )
        await tx.execute(
            "INSERT INTO public.outbox (id, actor, created_at, sent_at) VALUES "
            "($1, 'x.y', now() - interval '41 days', now() - interval '40 days'), "
            "($2, 'x.y', now() - interval '41 days', NULL), ($3, 'x.y', now(), now())",
            old_sent,
            old_unsent,
            new_sent,
        )
        await tx.execute(
            "INSERT INTO public.mail_message (id, to_address, subject, body_text, created_at, sent_at) "
            "VALUES ($1, 'a@example.com', 's', 'token: secret', now() - interval '40 days', "
            "now() - interval '40 days'), "
            "($2, 'a@example.com', 's', 'token: waiting', now() - interval '40 days', NULL)",
            old_mail,
            unsent_mail,
        )
    report = await prune_history(db, days=30)
    assert report.processed_events >= 1
    assert report.outbox_rows >= 1
    assert report.mail_bodies >= 1
    async with db.transaction() as tx:
        events = {r["event_id"] for r in await tx.fetch("SELECT event_id FROM public.processed_event")}
        outbox = {r["id"] for r in await tx.fetch("SELECT id FROM public.outbox")}
        bodies = {
            r["id"]: r["body_text"]
            for r in await tx.fetch(
                "SELECT id, body_text FROM public.mail_message WHERE id = ANY($1)", [old_mail, unsent_mail]
            )
        }
    assert old_event not in events
    assert new_event in events
    assert old_sent not in outbox
    assert {old_unsent, new_sent} <= outbox
    assert bodies == {old_mail: "", unsent_mail: "token: waiting"}


def test_the_prune_job_is_periodic_and_discovered() -> None:
    discover_jobs()
    spec = next(spec for spec in registered_jobs() if spec.name == PRUNE_ACTOR)
    assert spec.transaction is False
    assert spec.every is not None
