"""Opening a round for bids."""

import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from csp_common import clock
from csp_common.auth import Caller
from csp_common.db import RowsInsert
from csp_common.unit_of_work import Work
from svd_fund.access import HISTORY
from svd_fund.problems import invalid_all
from svd_fund.rounds.models import round_table
from svd_fund.rounds.schemas import RoundIn, RoundOut
from svd_fund.rounds.service import round_out
from svd_fund.settings import SvdSettings


def _check(body: RoundIn, settings: SvdSettings, *, records_history: bool) -> None:
    faults: list[tuple[str, str, str]] = []
    if body.closes_at <= body.opens_at:
        faults.append(("closes_before_opening", "closes_at must be after opens_at.", "/closes_at"))
    elif not records_history and clock.as_utc(body.closes_at) <= clock.now():
        # a round already closed could take no bid: only the fund's history has one
        faults.append(
            (
                "closes_in_past",
                f"closes_at has passed; recording a past round needs the scope {HISTORY}.",
                "/closes_at",
            )
        )
    if body.grant_cap is not None and body.grant_cap > body.budget:
        faults.append(("cap_over_budget", "The grant cap cannot exceed the budget.", "/grant_cap"))
    for field, known in (
        ("priorities", settings.priority_codes()),
        ("activity_types", settings.activity_codes()),
    ):
        for index, code in enumerate(getattr(body, field) or []):
            if code not in known:
                faults.append(
                    (
                        f"unknown_{field}",
                        f"That is not one of the fund's {field}.",
                        f"/{field}/{index}",
                    )
                )
    if faults:
        raise invalid_all(faults)


async def create_round(
    work: Work, *, settings: SvdSettings, caller: Caller, body: RoundIn
) -> RoundOut:
    _check(body, settings, records_history=caller.has(HISTORY))
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": body.name,
        "budget": body.budget,
        "grant_cap": body.grant_cap or min(settings.default_grant_cap, body.budget),
        "awarded_total": Decimal("0.00"),
        "opens_at": clock.as_utc(body.opens_at),
        "closes_at": clock.as_utc(body.closes_at),
        "priorities": body.priorities or [p.code for p in settings.priorities],
        "activity_types": body.activity_types or [a.code for a in settings.activity_types],
        "eligibility_questions": [q.model_dump(mode="json") for q in body.eligibility_questions],
        "criteria": [c.model_dump(mode="json") for c in body.criteria],
        "assessors_per_bid": body.assessors_per_bid,
        "moderation_spread": body.moderation_spread,
        "opening_published": False,
        "closing_published": False,
        "created_by": caller.agency,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(round_table, [row]))
    work.audit(action="create", record_type="round", record_ids=[str(row["id"])])
    return round_out(SimpleNamespace(**row))
