"""Rules of rfq.requests (docs/rfq.md). The functions under "For quotes and awards" are what
the sister packages call: they read the request and move its statuses, always on the
caller's transaction, always checked against states.py first."""

from __future__ import annotations

import uuid

from hansa.core.db import Tx
from hansa.rfq.requests import repository as repo
from hansa.rfq.requests import states
from hansa.rfq.requests.errors import QuoteTransitionRefused, RfqNotFound, RfqTransitionRefused
from hansa.rfq.requests.schemas import InvitationOut, RfqHeader, RfqLineOut

# -- For quotes and awards -------------------------------------------------------------------


async def rfq_header(tx: Tx, rfq_id: uuid.UUID, *, lock: bool = False) -> RfqHeader | None:
    """The RFQ, or None. ``lock`` holds its row until the transaction ends."""
    return await repo.rfq_header(tx, rfq_id, lock=lock)


async def buyer_rfq(tx: Tx, org_id: uuid.UUID, rfq_id: uuid.UUID, *, lock: bool = False) -> RfqHeader:
    """The RFQ of this buyer company; another company's is 404."""
    found = await repo.rfq_header(tx, rfq_id, lock=lock)
    if found is None or found.org_id != org_id:
        raise RfqNotFound("no such RFQ")
    return found


async def supplier_rfq(tx: Tx, tenant_id: uuid.UUID, rfq_id: uuid.UUID) -> tuple[RfqHeader, InvitationOut]:
    """The RFQ and this supplier's invitation; an RFQ it is not invited to (or whose
    invitation is still staged in a draft) is 404."""
    found = await repo.rfq_header(tx, rfq_id)
    invited = await repo.invitation(tx, rfq_id, tenant_id) if found else None
    if found is None or invited is None or invited.invited_at is None:
        raise RfqNotFound("no such RFQ")
    return found, invited


async def rfq_lines(tx: Tx, rfq_id: uuid.UUID, *, for_supplier: bool = False) -> list[RfqLineOut]:
    """The lines in position order; ``for_supplier`` hides the targets not shown."""
    lines = await repo.rfq_lines(tx, rfq_id)
    return [line.for_supplier() for line in lines] if for_supplier else lines


async def invitation(
    tx: Tx, rfq_id: uuid.UUID, tenant_id: uuid.UUID, *, lock: bool = False
) -> InvitationOut | None:
    return await repo.invitation(tx, rfq_id, tenant_id, lock=lock)


async def invitations(tx: Tx, rfq_id: uuid.UUID) -> list[InvitationOut]:
    return await repo.invitations(tx, rfq_id)


async def set_quote_status(
    tx: Tx,
    rfq_id: uuid.UUID,
    tenant_id: uuid.UUID,
    status: states.QuoteStatus,
    side: states.Side,
    *,
    reason: str | None = None,
    latest_revision: int | None = None,
) -> InvitationOut:
    """Move one supplier's quote (its invitation row, locked) to ``status``; refused when
    states.py does not allow it for ``side``. ``latest_revision`` records a sent revision."""
    current = await repo.invitation(tx, rfq_id, tenant_id, lock=True)
    if current is None:
        raise RfqNotFound("no such RFQ")
    same = current.status == status
    if not same and not states.quote_allowed(current.status, status, side):
        raise QuoteTransitionRefused(f"a quote cannot go from {current.status} to {status}")
    await repo.set_quote_status(tx, rfq_id, tenant_id, status, reason=reason, latest_revision=latest_revision)
    found = await repo.invitation(tx, rfq_id, tenant_id)
    assert found is not None
    return found


async def set_rfq_status(
    tx: Tx, rfq_id: uuid.UUID, status: states.RfqStatus, side: states.Side, *, reason: str | None = None
) -> RfqHeader:
    """Move the RFQ (its row, locked) to ``status``; refused when states.py does not allow it."""
    current = await repo.rfq_header(tx, rfq_id, lock=True)
    if current is None:
        raise RfqNotFound("no such RFQ")
    if not states.rfq_allowed(current.status, status, side):
        raise RfqTransitionRefused(f"an RFQ cannot go from {current.status} to {status}")
    await repo.set_rfq_status(tx, rfq_id, status, reason=reason)
    found = await repo.rfq_header(tx, rfq_id)
    assert found is not None
    return found
