"""The audit trail: every read or write of a record about a person.

`Audit` is a request dependency; views call `await audit.record(...)` in the same
transaction as the read or write, so an access is never served unaudited.
"""

from typing import Annotated

from asgi_correlation_id import correlation_id
from fastapi import Depends, Header
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller, CurrentCaller
from csp_common.db import DbSession, RowsInsert
from csp_common.tables import audit_table

PURPOSE_HEADER = "X-Purpose"


async def record_access(
    session: AsyncSession,
    *,
    caller: Caller,
    action: str,
    record_type: str,
    record_ids: list[str],
    purpose: str,
) -> None:
    rows = access_statement(
        caller=caller,
        action=action,
        record_type=record_type,
        record_ids=record_ids,
        purpose=purpose,
    ).rows
    if rows:
        await session.execute(insert(audit_table), list(rows))


class Audit:
    def __init__(self, *, session: AsyncSession, caller: Caller, purpose: str) -> None:
        self.session = session
        self.caller = caller
        self.purpose = purpose

    def statement(self, *, action: str, record_type: str, record_ids: list[str]) -> RowsInsert:
        return access_statement(
            caller=self.caller,
            action=action,
            record_type=record_type,
            record_ids=record_ids,
            purpose=self.purpose,
        )

    async def record(self, *, action: str, record_type: str, record_ids: list[str]) -> None:
        await record_access(
            self.session,
            caller=self.caller,
            action=action,
            record_type=record_type,
            record_ids=record_ids,
            purpose=self.purpose,
        )


async def get_audit(
    session: DbSession,
    caller: CurrentCaller,
    x_purpose: Annotated[
        str | None,
        Header(
            alias=PURPOSE_HEADER,
            max_length=200,
            description="Why the record is accessed (for the audit trail)",
            examples=["marac-research"],
        ),
    ] = None,
) -> Audit:
    return Audit(session=session, caller=caller, purpose=x_purpose or "not stated")


AuditTrail = Annotated[Audit, Depends(get_audit)]


def access_statement(
    *,
    caller: Caller,
    action: str,
    record_type: str,
    record_ids: list[str],
    purpose: str,
    outside: bool = False,
) -> RowsInsert:
    """Audit rows to write with the rest of a view's rows (`execute_together`)."""
    now = clock.now()
    return RowsInsert(
        audit_table,
        [
            {
                "at": now,
                "subject": caller.subject[:200],
                "agency": caller.agency[:100],
                "action": action,
                "record_type": record_type,
                "record_id": record_id,
                "purpose": purpose[:200],
                "request_id": correlation_id.get(),
                "outside": outside,
            }
            for record_id in record_ids
        ],
    )
