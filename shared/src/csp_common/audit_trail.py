"""`GET /v1/audit`: the audit trail read back, on every service (`create_app` adds it).

Who read or changed a record (`?record=`, repeatable), or what one agency's callers read
and changed (`?agency=`), newest first, a page at a time (csp_common.pagination). For
the partnership's auditors (scope `audit:read`), who see every row of the service: the
trail is about the platform's callers, and an auditor's job is all of them. Reading the
trail is itself audited (action `audit_read`): on each record asked about (record type
`audit_trail`) or on the agency (record type `agency_audit_trail`), so the next
`?record=` shows who looked. It lives apart from `csp_common.audit`, which the unit of
work imports, because it reads through the unit of work.
"""

from collections.abc import Collection
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller, require_scopes
from csp_common.errors import Problem
from csp_common.pagination import Keyset, Page, PageRequest, signed_sort_params
from csp_common.tables import audit_table
from csp_common.unit_of_work import UnitOfWork

AUDIT_READ = "audit:read"
Auditor = Annotated[Caller, require_scopes(AUDIT_READ)]

MAX_RECORDS = 100
RECORD_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
"""An audit row's `record_id` is at most 64 characters; so is an agency asked about, whose
code becomes the `record_id` of the reading's own audit row."""
AGENCY_PATTERN = RECORD_PATTERN
RECORD_LENGTH = 64

AUDIT_ROWS = Keyset(sorts={"at": audit_table.c.at}, id_column=audit_table.c.id)
AuditPages = Annotated[
    PageRequest, Depends(signed_sort_params(AUDIT_ROWS, default="-at", max_limit=500))
]


class AuditRowOut(BaseModel):
    id: int
    at: datetime
    subject: str = Field(description="The token's subject: who it was")
    agency: str = Field(description="The caller's agency")
    action: str
    record_type: str
    record_id: str
    purpose: str = Field(description="Why, as the caller's X-Purpose said")
    request_id: str | None
    outside: bool = Field(description="The record lay outside the caller's agency or area")


class AuditPage(Page[AuditRowOut]):
    pass


async def trail_of(
    session: AsyncSession, *, record_ids: Collection[str], limit: int
) -> list[AuditRowOut]:
    """The audit rows of these records, oldest first, at most `limit` of them."""
    if not record_ids:
        return []
    rows = await session.execute(
        select(audit_table)
        .where(audit_table.c.record_id.in_(sorted(record_ids)))
        .order_by(audit_table.c.at, audit_table.c.id)
        .limit(limit)
    )
    return [_row_out(row) for row in rows]


def _row_out(row: object) -> AuditRowOut:
    return AuditRowOut.model_validate(row, from_attributes=True)


router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get(
    "",
    response_model=AuditPage,
    summary="The audit trail: who read or changed a record, or what an agency's callers did",
    description=f"Scope `{AUDIT_READ}`. Give `record` (a record's id, up to {MAX_RECORDS} "
    "times), `agency` (the callers' agency), or both; else 400 `audit-filter-required`. "
    "Newest first by default (`sort=at` for oldest first). Reading the trail is audited "
    "too: action `audit_read` on each record asked about (record type `audit_trail`), or "
    "on the agency (`agency_audit_trail`).",
    responses={400: {"description": "No filter (`audit-filter-required`), or a bad cursor"}},
)
async def read_audit_trail(
    work: UnitOfWork,
    caller: Auditor,
    pages: AuditPages,
    record: Annotated[
        list[Annotated[str, Query(pattern=RECORD_PATTERN, max_length=RECORD_LENGTH)]] | None,
        Query(max_length=MAX_RECORDS, description="A record's id (repeat for several)"),
    ] = None,
    agency: Annotated[
        str | None,
        Query(
            pattern=AGENCY_PATTERN,
            max_length=RECORD_LENGTH,
            description="The callers' agency code",
        ),
    ] = None,
) -> AuditPage:
    records = sorted(set(record or []))
    if not records and agency is None:
        raise Problem(
            400,
            "Filter required",
            "Say whose trail you read: `record` (a record's id) or `agency` (an agency code).",
            type="audit-filter-required",
        )
    statement = select(audit_table)
    if records:
        statement = statement.where(audit_table.c.record_id.in_(records))
    if agency is not None:
        statement = statement.where(audit_table.c.agency == agency)
    rows = (await work.session.execute(AUDIT_ROWS.select(statement, pages))).all()
    if records:
        work.audit(action="audit_read", record_type="audit_trail", record_ids=records)
    elif agency is not None:
        work.audit(action="audit_read", record_type="agency_audit_trail", record_ids=[agency])
    page = AUDIT_ROWS.page(rows, pages, _row_out)
    return AuditPage(items=page.items, next_cursor=page.next_cursor)
