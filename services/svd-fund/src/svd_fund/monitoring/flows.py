"""Submitting a monitoring return and deciding on it."""

import uuid
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select, update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.svd_fund import OutputCount, ReturnApproved, ReturnSubmitted
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from svd_fund.bids.models import bid_table
from svd_fund.fields import LONDON
from svd_fund.monitoring.models import return_table
from svd_fund.monitoring.rules import is_late
from svd_fund.monitoring.schemas import ReturnDecisionIn, ReturnIn, ReturnOut
from svd_fund.monitoring.service import find_return, return_out
from svd_fund.problems import conflict, invalid_all, out_of_order

RETURN = "monitoring return"


async def submit(
    work: Work, *, caller: Caller, return_id: uuid.UUID, body: ReturnIn, at: datetime
) -> ReturnOut:
    """`at`: when the return was submitted (now, or in the history being recorded); it is
    dated on its London day."""
    on = at.astimezone(LONDON).date()
    found = await find_return(
        work.session, return_id=return_id, caller=caller, for_update=True, to_write=True
    )
    if found is None:
        raise not_found(RETURN)
    if found.status not in ("due", "returned"):
        raise conflict("return-submitted", "The return has been submitted.")
    if found.period_start > on:
        raise conflict("return-period-not-started", "The return's period has not begun.")
    if found.decided_on is not None and on < found.decided_on:
        raise out_of_order("submission", "return's sending back", found.decided_on)
    priorities = (
        await work.session.execute(
            select(bid_table.c.priorities).where(bid_table.c.id == found.bid_id)
        )
    ).scalar_one()
    faults = [
        (
            "unknown_priority",
            "That is not a priority the project addresses.",
            f"/outcomes/{i}/priority",
        )
        for i, outcome in enumerate(body.outcomes)
        if outcome.priority not in priorities
    ]
    if faults:
        raise invalid_all(faults)
    values = {
        "status": "submitted",
        "outputs": [output.model_dump(mode="json") for output in body.outputs],
        "outcomes": [outcome.model_dump(mode="json") for outcome in body.outcomes],
        "summary": body.summary,
        "submitted_on": on,
        "updated_at": at,
    }
    await work.session.execute(
        update(return_table).where(return_table.c.id == return_id).values(**values)
    )
    work.emit(
        ReturnSubmitted(
            return_id=return_id,
            grant_id=found.grant_id,
            round_id=found.round_id,
            seq=found.seq,
            kind=found.kind,
            due_on=found.due_on,
            submitted_on=on,
            late=is_late(due_on=found.due_on, submitted_on=on, today=on),
            outputs=[OutputCount(**output.model_dump()) for output in body.outputs],
            outcome_priorities=sorted({outcome.priority for outcome in body.outcomes}),
        ),
        key=str(found.grant_id),
    )
    work.audit(action="submit-return", record_type="grant", record_ids=[str(found.grant_id)])
    return return_out(SimpleNamespace(**{**found._asdict(), **values}), today=clock.today(LONDON))


async def decide(
    work: Work, *, caller: Caller, return_id: uuid.UUID, body: ReturnDecisionIn, at: datetime
) -> ReturnOut:
    on = at.astimezone(LONDON).date()
    found = await find_return(work.session, return_id=return_id, caller=caller, for_update=True)
    if found is None:
        raise not_found(RETURN)
    if found.status != "submitted":
        raise conflict("return-not-submitted", "Only a submitted return can be decided.")
    if on < found.submitted_on:
        raise out_of_order("decision", "return's submission", found.submitted_on)
    values = {
        "status": "approved" if body.decision == "approve" else "returned",
        "decided_on": on,
        "decision_reasons": body.reasons,
        "updated_at": at,
    }
    await work.session.execute(
        update(return_table).where(return_table.c.id == return_id).values(**values)
    )
    if body.decision == "approve":
        work.emit(
            ReturnApproved(
                return_id=return_id,
                grant_id=found.grant_id,
                round_id=found.round_id,
                seq=found.seq,
                kind=found.kind,
                due_on=found.due_on,
                approved_on=on,
            ),
            key=str(found.grant_id),
        )
    work.audit(
        action=f"{body.decision}-return", record_type="grant", record_ids=[str(found.grant_id)]
    )
    return return_out(SimpleNamespace(**{**found._asdict(), **values}), today=clock.today(LONDON))
