"""Drafting and submitting a bid: the round must be open, the draft must fit the round,
and a submission must be complete; eligibility is decided from the answers."""

import uuid
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.svd_fund import BidSubmitted
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from svd_fund.access import BID
from svd_fund.bids.models import bid_table, budget_line_table
from svd_fund.bids.rules import Fault, submission_faults
from svd_fund.bids.schemas import BidIn, BidOut
from svd_fund.bids.service import bid_out, find_bid, lines_of
from svd_fund.fields import pence
from svd_fund.organisations.service import own_organisation
from svd_fund.problems import conflict, invalid_all, out_of_order
from svd_fund.rounds.rules import eligibility
from svd_fund.rounds.service import find_round, questions_of, require_open


def draft_faults(body: BidIn, *, fund_round: Any, partnership: Partnership) -> list[Fault]:
    """What in a draft cannot be right for this round, whatever else is filled in later."""
    faults: list[Fault] = []

    def unknown(field: str, codes: list[str], known: set[str], what: str) -> None:
        for index, code in enumerate(codes):
            if code not in known:
                faults.append((f"unknown_{field}", f"That is not {what}.", f"/{field}/{index}"))

    unknown("priorities", body.priorities, set(fund_round.priorities), "a priority of the round")
    unknown(
        "activity_types",
        body.activity_types,
        set(fund_round.activity_types),
        "an activity type the round funds",
    )
    unknown("areas", body.areas, set(partnership.area_codes), "an area of the partnership")
    unknown(
        "answers",
        list(body.answers),
        {question["code"] for question in fund_round.eligibility_questions},
        "an eligibility question of the round",
    )
    for index, outcome in enumerate(body.outcomes):
        if outcome.priority not in fund_round.priorities:
            faults.append(
                (
                    "unknown_priority",
                    "That is not a priority of the round.",
                    f"/outcomes/{index}/priority",
                )
            )
    if body.amount is not None and body.amount > fund_round.grant_cap:
        faults.append(
            (
                "over_grant_cap",
                f"A grant from this round is at most £{fund_round.grant_cap:,.2f}.",
                "/amount",
            )
        )
    if body.planned_start and body.planned_end and body.planned_end < body.planned_start:
        faults.append(("end_before_start", "planned_end is before planned_start.", "/planned_end"))
    return faults


def _content(body: BidIn) -> dict[str, Any]:
    return {
        "title": body.title,
        "summary": body.summary,
        "amount": body.amount,
        "priorities": body.priorities,
        "activity_types": body.activity_types,
        "areas": body.areas,
        "planned_start": body.planned_start,
        "planned_end": body.planned_end,
        "outputs": [output.model_dump(mode="json") for output in body.outputs],
        "outcomes": [outcome.model_dump(mode="json") for outcome in body.outcomes],
        "answers": body.answers,
    }


def _lines(bid_id: uuid.UUID, body: BidIn) -> list[dict[str, Any]]:
    return [
        {"id": uuid.uuid4(), "bid_id": bid_id, "seq": seq, **line.model_dump()}
        for seq, line in enumerate(body.budget_lines, start=1)
    ]


async def create_draft(
    work: Work,
    *,
    caller: Caller,
    partnership: Partnership,
    round_id: uuid.UUID,
    body: BidIn,
    at: datetime,
) -> BidOut:
    """`at`: when the draft was started (now, or in the history being recorded)."""
    fund_round = await find_round(work.session, round_id=round_id)
    if fund_round is None:
        raise not_found("round")
    organisation = await own_organisation(work.session, caller=caller)
    if organisation is None:
        raise conflict(
            "organisation-not-registered",
            "Register your organisation (POST /v1/organisations) before bidding.",
        )
    require_open(fund_round, at=at)
    faults = draft_faults(body, fund_round=fund_round, partnership=partnership)
    if faults:
        raise invalid_all(faults)
    row = {
        "id": uuid.uuid4(),
        "round_id": round_id,
        "organisation_id": organisation.id,
        "status": "draft",
        **_content(body),
        "eligible": None,
        "eligibility_reasons": [],
        "submitted_at": None,
        "created_at": at,
        "updated_at": at,
    }
    lines = _lines(row["id"], body)
    work.add(RowsInsert(bid_table, [row]), RowsInsert(budget_line_table, lines))
    work.audit(action="create", record_type="bid", record_ids=[str(row["id"])])
    return bid_out(
        SimpleNamespace(**row),
        [SimpleNamespace(**line) for line in lines],
        questions_of(fund_round),
    )


async def _own_draft(
    work: Work, *, caller: Caller, bid_id: uuid.UUID, at: datetime
) -> tuple[Any, Any]:
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller, for_update=True, to_write=True)
    if bid is None:
        raise not_found(BID)
    if bid.status != "draft":
        raise conflict("bid-submitted", "The bid has been submitted; it can no longer change.")
    fund_round = await find_round(work.session, round_id=bid.round_id)
    require_open(fund_round, at=at)
    if at < clock.as_utc(bid.updated_at):
        raise out_of_order("change to the draft", "draft's last change", bid.updated_at)
    return bid, fund_round


async def save_draft(
    work: Work,
    *,
    caller: Caller,
    partnership: Partnership,
    bid_id: uuid.UUID,
    body: BidIn,
    at: datetime,
) -> BidOut:
    bid, fund_round = await _own_draft(work, caller=caller, bid_id=bid_id, at=at)
    faults = draft_faults(body, fund_round=fund_round, partnership=partnership)
    if faults:
        raise invalid_all(faults)
    values = {**_content(body), "updated_at": at}
    await work.session.execute(update(bid_table).where(bid_table.c.id == bid_id).values(**values))
    await work.session.execute(
        delete(budget_line_table).where(budget_line_table.c.bid_id == bid_id)
    )
    lines = _lines(bid_id, body)
    work.add(RowsInsert(budget_line_table, lines))
    work.audit(action="update", record_type="bid", record_ids=[str(bid_id)])
    saved = SimpleNamespace(**{**bid._asdict(), **values})
    return bid_out(saved, [SimpleNamespace(**line) for line in lines], questions_of(fund_round))


async def submit(work: Work, *, caller: Caller, bid_id: uuid.UUID, at: datetime) -> BidOut:
    """`at`: the moment of submission, which the round must be open at."""
    bid, fund_round = await _own_draft(work, caller=caller, bid_id=bid_id, at=at)
    lines = (await lines_of(work.session, bid_ids=[bid_id]))[bid_id]
    faults = submission_faults(
        title=bid.title,
        summary=bid.summary,
        amount=bid.amount,
        lines=lines,
        priorities=bid.priorities,
        activity_types=bid.activity_types,
        areas=bid.areas,
        planned_start=bid.planned_start,
        planned_end=bid.planned_end,
        outputs=bid.outputs,
        outcomes=bid.outcomes,
    )
    if faults:
        raise invalid_all(faults)
    questions = questions_of(fund_round)
    eligible, reasons = eligibility(questions, bid.answers)
    values = {
        "status": "submitted" if eligible else "ineligible",
        "eligible": eligible,
        "eligibility_reasons": reasons,
        "submitted_at": at,
        "updated_at": at,
    }
    await work.session.execute(update(bid_table).where(bid_table.c.id == bid_id).values(**values))
    work.emit(
        BidSubmitted(
            bid_id=bid_id,
            round_id=bid.round_id,
            outcome=values["status"],
            amount_pence=pence(bid.amount),
            priorities=bid.priorities,
            activity_types=bid.activity_types,
            areas=bid.areas,
            submitted_at=at,
        ),
        key=str(bid_id),
    )
    work.audit(action="submit", record_type="bid", record_ids=[str(bid_id)])
    return bid_out(SimpleNamespace(**{**bid._asdict(), **values}), lines, questions)
