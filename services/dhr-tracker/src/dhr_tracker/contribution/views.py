"""HTTP for contributions: the CSP team asks agencies for IMRs and chronologies; an
agency sees and answers only its own requests."""

import uuid
from datetime import date
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from sqlalchemy import update

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, fixed_sort_params
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import (
    REVIEW_NOT_FOUND,
    ContributionCaller,
    Manager,
    manages,
    require_managed,
)
from dhr_tracker.contribution import rules
from dhr_tracker.contribution.models import contribution_table
from dhr_tracker.contribution.schemas import (
    ContributionIn,
    ContributionOut,
    ContributionPage,
    ContributionStatus,
    DecisionIn,
    ReceiptIn,
)
from dhr_tracker.contribution.service import find_contribution, list_statement
from dhr_tracker.dependencies import Today
from dhr_tracker.fields import Code
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.record.service import find_review

router = APIRouter(tags=["contributions"])
NOT_FOUND = "contribution"

CONTRIBUTIONS = Keyset(
    sorts={"due_on": contribution_table.c.due_on}, id_column=contribution_table.c.id
)
ContributionPages = Annotated[
    PageRequest, Depends(fixed_sort_params(CONTRIBUTIONS, sort="due_on", max_limit=200))
]


def contribution_out(row: Any, *, today: date) -> ContributionOut:
    return ContributionOut(
        id=row.id,
        review_id=row.review_id,
        agency=row.agency,
        kind=row.kind,
        requested_on=row.requested_on,
        due_on=row.due_on,
        received_on=row.received_on,
        status=row.status,
        status_on=row.status_on,
        overdue=rules.is_overdue(status=row.status, due_on=row.due_on, today=today),
    )


@router.post(
    "/v1/reviews/{review_id}/contributions", status_code=201, summary="Ask an agency for an IMR"
)
async def request_contribution(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[ContributionIn, Body()],
) -> ContributionOut:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    rules.check_request(
        requested_on=body.requested_on,
        due_on=body.due_on,
        notified_on=review.notified_on,
        today=today,
    )
    existing = await work.session.execute(
        list_statement(
            caller, today=today, review_id=review_id, agency=body.agency, status=None, overdue=None
        ).where(contribution_table.c.kind == body.kind)
    )
    if existing.first() is not None:
        raise Conflict("already_requested", f"That agency has been asked for this {body.kind}.")
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        **body.model_dump(),
        "received_on": None,
        "status": "requested",
        "status_on": body.requested_on,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(contribution_table, [row]))
    work.audit(action="create", record_type="contribution", record_ids=[str(row["id"])])
    return contribution_out(SimpleNamespace(**row), today=today)


@router.get("/v1/contributions", summary="Contributions the caller may see, soonest due first")
async def list_contributions(
    work: UnitOfWork,
    caller: ContributionCaller,
    today: Today,
    pages: ContributionPages,
    review_id: Annotated[uuid.UUID | None, Query()] = None,
    agency: Annotated[Code | None, Query()] = None,
    status: Annotated[ContributionStatus | None, Query()] = None,
    overdue: Annotated[bool | None, Query(description="Only those past due_on, not in")] = None,
) -> ContributionPage:
    statement = list_statement(
        caller, today=today, review_id=review_id, agency=agency, status=status, overdue=overdue
    )
    rows = (await work.session.execute(CONTRIBUTIONS.select(statement, pages))).all()
    page = CONTRIBUTIONS.page(rows, pages, lambda row: contribution_out(row, today=today))
    work.audit(
        action="list", record_type="contribution", record_ids=[str(i.id) for i in page.items]
    )
    return ContributionPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/v1/contributions/{contribution_id}", summary="One contribution")
async def read_contribution(
    work: UnitOfWork, caller: ContributionCaller, today: Today, contribution_id: uuid.UUID
) -> ContributionOut:
    row = await find_contribution(work.session, contribution_id=contribution_id, caller=caller)
    if row is None:
        raise not_found(NOT_FOUND)
    work.audit(action="read", record_type="contribution", record_ids=[str(contribution_id)])
    return contribution_out(row, today=today)


async def _change(work: UnitOfWork, contribution_id: uuid.UUID, **values: Any) -> None:
    await work.session.execute(
        update(contribution_table)
        .where(contribution_table.c.id == contribution_id)
        .values(**values)
    )


@router.post("/v1/contributions/{contribution_id}/receipt", summary="The agency sends it in")
async def receive(
    work: UnitOfWork,
    caller: ContributionCaller,
    today: Today,
    contribution_id: uuid.UUID,
    body: Annotated[ReceiptIn, Body()],
) -> ContributionOut:
    row = await find_contribution(work.session, contribution_id=contribution_id, caller=caller)
    if row is None:
        raise not_found(NOT_FOUND)
    rules.check_receipt(
        status=row.status, status_on=row.status_on, received_on=body.received_on, today=today
    )
    values = {"status": "received", "status_on": body.received_on, "received_on": body.received_on}
    await _change(work, contribution_id, **values)
    work.audit(action="update", record_type="contribution", record_ids=[str(contribution_id)])
    return contribution_out(SimpleNamespace(**{**row._asdict(), **values}), today=today)


@router.post("/v1/contributions/{contribution_id}/decision", summary="Accept it or return it")
async def decide(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    contribution_id: uuid.UUID,
    body: Annotated[DecisionIn, Body()],
) -> ContributionOut:
    row = await find_contribution(work.session, contribution_id=contribution_id, caller=caller)
    if row is None or not manages(caller, row.area):
        raise not_found(NOT_FOUND)
    rules.check_decision(status=row.status, status_on=row.status_on, on=body.on, today=today)
    values: dict[str, Any] = {"status": body.status, "status_on": body.on}
    if body.status == "returned" and body.due_on is not None:
        if body.due_on < body.on:
            raise Invalid("due_before_return", "due_on cannot be before on.", pointer="/due_on")
        values["due_on"] = body.due_on
    await _change(work, contribution_id, **values)
    work.audit(action="update", record_type="contribution", record_ids=[str(contribution_id)])
    return contribution_out(SimpleNamespace(**{**row._asdict(), **values}), today=today)
