"""Decisions on bids within the round's budget, grant agreements, and payments in
tranches.

The budget is kept by the database: an award adds its amount to the round's
`awarded_total` in one UPDATE, and a CHECK holds that total within the budget. The
UPDATE locks the round's row until the commit, so decisions made at the same moment
queue on it and each sees the total the others left: none can overspend, whatever the
application believes."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.svd_fund import AwardMade, PaymentMade, ReturnScheduled
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from svd_fund.access import BID
from svd_fund.awards.models import decision_table, grant_table, tranche_table
from svd_fund.awards.rules import equal_tranches, tranche_fault
from svd_fund.awards.schemas import AcceptanceIn, DecisionIn, DecisionOut, GrantOut, PaymentIn
from svd_fund.awards.service import (
    approval_date,
    approved_returns,
    find_grant,
    grant_out,
    hold_reason,
    tranches_of,
)
from svd_fund.bids.models import bid_table
from svd_fund.bids.service import find_bid
from svd_fund.fields import LONDON, pence
from svd_fund.monitoring.models import return_table
from svd_fund.monitoring.rules import schedule
from svd_fund.problems import conflict, invalid, out_of_order
from svd_fund.rounds.models import round_table
from svd_fund.settings import SvdSettings

GRANT = "grant"
BUDGET_CHECK = "ck_fund_round_within_budget"
DECIDABLE = {"award": ("assessed", "waitlisted"), "reject": ("assessed", "waitlisted")}
DECIDABLE["waitlist"] = ("assessed",)

HOLDS = {
    "agreement-not-accepted": "The organisation has not accepted the grant agreement yet.",
    "previous-tranche-unpaid": "The tranche before this one has not been paid.",
    "return-not-approved": "The monitoring return before this tranche has not been approved.",
}


def _today() -> date:
    return clock.today(LONDON)


async def decide(
    work: Work,
    *,
    settings: SvdSettings,
    caller: Caller,
    bid_id: uuid.UUID,
    body: DecisionIn,
    at: datetime,
) -> DecisionOut:
    """`at`: when the decision was made (now, or in the history being recorded); an award
    is dated on its London day."""
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller, for_update=True)
    if bid is None:
        raise not_found(BID)
    if bid.status not in DECIDABLE[body.decision]:
        raise conflict(
            "bid-not-decidable",
            "Only an assessed bid can be decided (and a waitlisted one awarded or rejected).",
        )
    # the bid's last change is its assessment, moderation or waitlisting
    if at < clock.as_utc(bid.updated_at):
        raise out_of_order("decision", "bid's assessment", bid.updated_at)
    grant: GrantOut | None = None
    if body.decision == "award":
        amount, grant_row, tranche_rows = _award_rows(settings, bid, body, at)
        try:
            totals = (
                await work.session.execute(
                    update(round_table)
                    .where(round_table.c.id == bid.round_id)
                    .values(awarded_total=round_table.c.awarded_total + amount)
                    .returning(round_table.c.awarded_total, round_table.c.budget)
                )
            ).one()
        except IntegrityError as error:
            if BUDGET_CHECK not in str(error.orig):
                raise
            raise conflict(
                "over-budget", "This award would take the round's awards over its budget."
            ) from None
        work.add(RowsInsert(grant_table, [grant_row]), RowsInsert(tranche_table, tranche_rows))
        work.emit(
            AwardMade(
                grant_id=grant_row["id"],
                giving_id=settings.giving_id(grant_row["id"]),
                bid_id=bid_id,
                round_id=bid.round_id,
                amount_pence=pence(amount),
                round_awarded_pence=pence(totals.awarded_total),
                round_budget_pence=pence(totals.budget),
                priorities=bid.priorities,
                activity_types=bid.activity_types,
                areas=bid.areas,
                awarded_on=grant_row["awarded_on"],
                starts_on=grant_row["starts_on"],
                ends_on=grant_row["ends_on"],
            ),
            key=str(grant_row["id"]),
        )
        grant = grant_out(
            SimpleNamespace(**grant_row), [SimpleNamespace(**t) for t in tranche_rows], set()
        )
    else:
        amount = None
        totals = (
            await work.session.execute(
                round_table.select()
                .with_only_columns(round_table.c.awarded_total, round_table.c.budget)
                .where(round_table.c.id == bid.round_id)
            )
        ).one()
    status = {"award": "awarded", "reject": "rejected", "waitlist": "waitlisted"}[body.decision]
    await work.session.execute(
        update(bid_table).where(bid_table.c.id == bid_id).values(status=status, updated_at=at)
    )
    work.add(
        RowsInsert(
            decision_table,
            [
                {
                    "id": uuid.uuid4(),
                    "bid_id": bid_id,
                    "decision": body.decision,
                    "amount": amount,
                    "reasons": body.reasons,
                    "decided_by": caller.subject,
                    "decided_at": at,
                }
            ],
        )
    )
    work.audit(action=f"decide-{body.decision}", record_type="bid", record_ids=[str(bid_id)])
    return DecisionOut(
        bid_id=bid_id,
        decision=body.decision,
        bid_status=status,
        round_awarded_total=totals.awarded_total,
        round_remaining=totals.budget - totals.awarded_total,
        grant=grant,
    )


def _award_rows(
    settings: SvdSettings, bid: Any, body: DecisionIn, at: datetime
) -> tuple[Decimal, dict[str, Any], list[dict[str, Any]]]:
    amount = body.amount if body.amount is not None else bid.amount
    if amount > bid.amount:
        raise invalid(
            "over_amount_applied",
            "An award cannot exceed the amount applied for.",
            pointer="/amount",
        )
    parts = body.tranches or equal_tranches(amount, settings.default_tranches)
    fault = tranche_fault(amount, parts)
    if fault:
        raise invalid("tranche_mismatch", fault, pointer="/tranches")
    grant_id = uuid.uuid4()
    grant_row = {
        "id": grant_id,
        "bid_id": bid.id,
        "round_id": bid.round_id,
        "organisation_id": bid.organisation_id,
        "amount": amount,
        "awarded_on": at.astimezone(LONDON).date(),
        "starts_on": bid.planned_start,
        "ends_on": bid.planned_end,
        "status": "offered",
        "accepted_on": None,
        "created_at": at,
    }
    tranche_rows = [
        {
            "id": uuid.uuid4(),
            "grant_id": grant_id,
            "seq": seq,
            "amount": part,
            "paid_on": None,
            "paid_by": None,
        }
        for seq, part in enumerate(parts, start=1)
    ]
    return amount, grant_row, tranche_rows


async def accept(
    work: Work, *, settings: SvdSettings, caller: Caller, grant_id: uuid.UUID, body: AcceptanceIn
) -> GrantOut:
    grant = await find_grant(
        work.session, grant_id=grant_id, caller=caller, for_update=True, to_write=True
    )
    if grant is None:
        raise not_found(GRANT)
    if grant.status != "offered":
        raise conflict("agreement-accepted", "The grant agreement has been accepted.")
    if body.accepted_on > _today() or body.accepted_on < grant.awarded_on:
        raise invalid(
            "accepted_on_range",
            "accepted_on is between the award and today.",
            pointer="/accepted_on",
        )
    await work.session.execute(
        update(grant_table)
        .where(grant_table.c.id == grant_id)
        .values(status="active", accepted_on=body.accepted_on)
    )
    now = clock.now()
    returns = [
        (uuid.uuid4(), item)
        for item in schedule(
            starts_on=grant.starts_on,
            ends_on=grant.ends_on,
            quarterly_due_days=settings.quarterly_return_due_days,
            evaluation_due_days=settings.evaluation_due_days,
        )
    ]
    work.add(
        RowsInsert(
            return_table,
            [
                {
                    "id": return_id,
                    "grant_id": grant_id,
                    "bid_id": grant.bid_id,
                    "round_id": grant.round_id,
                    "organisation_id": grant.organisation_id,
                    "seq": item.seq,
                    "kind": item.kind,
                    "period_start": item.period_start,
                    "period_end": item.period_end,
                    "due_on": item.due_on,
                    "status": "due",
                    "outputs": [],
                    "outcomes": [],
                    "summary": None,
                    "submitted_on": None,
                    "decided_on": None,
                    "decision_reasons": None,
                    "updated_at": now,
                }
                for return_id, item in returns
            ],
        )
    )
    for return_id, item in returns:
        work.emit(
            ReturnScheduled(
                return_id=return_id,
                grant_id=grant_id,
                round_id=grant.round_id,
                seq=item.seq,
                kind=item.kind,
                due_on=item.due_on,
            ),
            key=str(grant_id),
        )
    work.audit(action="accept-agreement", record_type="grant", record_ids=[str(grant_id)])
    accepted = SimpleNamespace(
        **{**grant._asdict(), "status": "active", "accepted_on": body.accepted_on}
    )
    tranches = (await tranches_of(work.session, grant_ids=[grant_id]))[grant_id]
    return grant_out(accepted, tranches, set())


async def _steps_before_payment(
    work: Work, grant: Any, tranches: list[Any], seq: int
) -> list[tuple[str, date]]:
    """What a tranche's payment follows: the agreement's acceptance; for a later tranche
    the one before it paid and the return before it approved."""
    steps: list[tuple[str, date]] = [("grant agreement's acceptance", grant.accepted_on)]
    if seq > 1:
        steps.append((f"payment of tranche {seq - 1}", tranches[seq - 2].paid_on))
        approved_on = await approval_date(work.session, grant_id=grant.id, seq=seq - 1)
        if approved_on is not None:
            steps.append((f"approval of return {seq - 1}", approved_on))
    return steps


async def pay(work: Work, *, caller: Caller, grant_id: uuid.UUID, body: PaymentIn) -> GrantOut:
    grant = await find_grant(work.session, grant_id=grant_id, caller=caller, for_update=True)
    if grant is None:
        raise not_found(GRANT)
    tranches = (await tranches_of(work.session, grant_ids=[grant_id]))[grant_id]
    if body.tranche > len(tranches):
        raise invalid(
            "unknown_tranche", f"The grant has {len(tranches)} tranches.", pointer="/tranche"
        )
    if tranches[body.tranche - 1].paid_on is not None:
        raise conflict("tranche-paid", "That tranche has been paid.")
    if body.paid_on > _today() or body.paid_on < grant.awarded_on:
        raise invalid(
            "paid_on_range", "paid_on is between the award and today.", pointer="/paid_on"
        )
    approved = (await approved_returns(work.session, grant_ids=[grant_id]))[grant_id]
    reason = hold_reason(grant, tranches, approved, body.tranche)
    if reason:
        raise conflict(reason, HOLDS[reason])
    for step, on in await _steps_before_payment(work, grant, tranches, body.tranche):
        if body.paid_on < on:
            raise out_of_order(f"payment of tranche {body.tranche}", step, on)
    await work.session.execute(
        update(tranche_table)
        .where(tranche_table.c.grant_id == grant_id, tranche_table.c.seq == body.tranche)
        .values(paid_on=body.paid_on, paid_by=caller.subject)
    )
    work.emit(
        PaymentMade(
            grant_id=grant_id,
            round_id=grant.round_id,
            tranche=body.tranche,
            amount_pence=pence(tranches[body.tranche - 1].amount),
            paid_on=body.paid_on,
        ),
        key=str(grant_id),
    )
    work.audit(action="pay", record_type="grant", record_ids=[str(grant_id)])
    tranches = (await tranches_of(work.session, grant_ids=[grant_id]))[grant_id]
    return grant_out(grant, tranches, approved)
