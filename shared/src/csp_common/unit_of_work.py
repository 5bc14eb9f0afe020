"""The unit of work: what one request (or one step of a background job) writes,
collected and committed once.

A view asks for `UnitOfWork` and never commits. It, and the service functions it
calls, add rows (`work.add(RowsInsert(...))`), events (`work.emit(payload, key=...)`)
and audit rows (`work.audit(action=..., ...)`); queries and updates that cannot wait
run on `work.session`. When the view returns, everything collected is written in ONE
round trip on PostgreSQL (`csp_common.db.execute_together`) and committed, before the
answer is sent: a 201 is only sent for work that is durable, and a commit that fails
(a unique constraint met at the end) is answered as a problem like any other error.
When the view raises, nothing is written and the transaction is rolled back: bad input
changes nothing. Refuse by raising a `Problem`, never by returning an error response.

    async def create_meeting(work: UnitOfWork, caller: Coordinator, body: MeetingIn):
        row = meeting_row(body)
        work.add(RowsInsert(meeting_table, [row]))
        work.emit(MeetingScheduled(...), key=row["id"])
        work.audit(action="create", record_type="meeting", record_ids=[row["id"]])
        return meeting_out(row)

Idempotent creation. A claim (an `ON CONFLICT DO NOTHING RETURNING` insert of a key
with the stored answer) is written last, in the same statement as everything else;
if it returns nothing another request holds the key, and the unit of work raises
`ClaimLost`. `retry()` runs a step, writes it, and on a conflict (a lost claim, or a
unique constraint met by a concurrent twin) rolls back and asks what now: replay the
stored answer, refuse, or try once more.

Background workers open their own: `async with unit_of_work(session_factory) as work:`
commits at the end of the block, or rolls back if it raises.
"""

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common import clock
from csp_common.access_watch import AccessWatch
from csp_common.audit import PURPOSE_HEADER, access_statement
from csp_common.auth import Caller
from csp_common.db import DbSession, RowsInsert, execute_together
from csp_common.errors import Problem
from csp_common.events.payload import EventPayload
from csp_common.outbox import PendingEvent, outbox_row
from csp_common.tables import audit_table, outbox_table

T = TypeVar("T")
R = TypeVar("R")

NOT_STATED = "not stated"

CallerSource = Caller | Callable[[], Caller | None] | None


class ClaimLost(Problem):
    """The unit of work's claim found its key taken: another request (a retry after a
    lost answer, or a twin sent at the same moment) holds it. Answered 409 if nothing
    replays the stored answer instead."""

    def __init__(self) -> None:
        super().__init__(409, "Conflict", "A concurrent request got in the way; send it again.")


class Work:
    """One unit of work on one session. Use it through `UnitOfWork` in a view and
    `unit_of_work()` in a worker; both commit for you."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        caller: CallerSource = None,
        purpose: str = NOT_STATED,
        watch: AccessWatch | None = None,
    ) -> None:
        self.session = session
        self._caller = caller
        self._purpose = purpose
        self._watch = watch
        self._watched: Caller | None = None
        self._inserts: list[RowsInsert] = []
        self._events: list[dict[str, Any]] = []
        self._audit: list[dict[str, Any]] = []
        self._claim: RowsInsert | None = None
        self._committed = False

    # --- collecting --------------------------------------------------------------------

    def add(self, *inserts: RowsInsert | None) -> None:
        """Rows to write at the next flush, in this order (None and empty ones skipped)."""
        self._open()
        self._inserts += [i for i in inserts if i is not None and i.rows]

    def emit(self, payload: EventPayload, *, key: str, time: Any = None) -> None:
        """An event to publish (an outbox row written with the rest)."""
        self.emit_all([PendingEvent(payload=payload, key=key, time=time)])

    def emit_all(self, events: Iterable[PendingEvent]) -> None:
        self._open()
        self._events += [
            outbox_row(e.payload, key=e.key, time=e.time or clock.now()) for e in events
        ]

    def audit(
        self,
        *,
        action: str,
        record_type: str,
        record_ids: Sequence[str],
        caller: Caller | None = None,
        purpose: str | None = None,
        outside: bool = False,
    ) -> None:
        """Audit rows, one per record, written with the rest: the access is never served
        unaudited, nor audited when it failed. The caller is the request's (or the one
        the unit of work was opened for), unless `caller` names another. `outside` says
        the records lie outside the caller's agency or area
        (`csp_common.access_watch.outside`); the access watch counts such reads of people."""
        self._open()
        who = caller or self._current_caller()
        rows = access_statement(
            caller=who,
            action=action,
            record_type=record_type,
            record_ids=[str(record_id) for record_id in record_ids],
            purpose=purpose or self._purpose,
            outside=outside,
        ).rows
        if outside:
            self._watched = who
        at = clock.now()  # the one clock, which tests may set
        self._audit += [{**row, "at": at} for row in rows]

    def claim(self, insert: RowsInsert) -> None:
        """The idempotency claim of this unit of work: an insert that ignores conflicts
        and returns its key. Written last; if it returns nothing, the flush raises
        `ClaimLost`."""
        self._open()
        if not (insert.ignore_conflicts and insert.returning and len(insert.rows) == 1):
            raise ValueError("a claim is one row, inserted ignoring conflicts, returning its key")
        if self._claim is not None:
            raise ValueError("a unit of work makes one claim")
        self._claim = insert

    @property
    def pending(self) -> bool:
        """Whether anything collected is still to be written."""
        return bool(self._inserts or self._events or self._audit or self._claim)

    # --- writing -----------------------------------------------------------------------

    async def flush(self, returning: RowsInsert | None = None) -> Sequence[tuple[Any, ...]]:
        """Write what is collected now, in one round trip on PostgreSQL (rows in the order
        added, then events, then audit rows, then the claim), without committing.

        `returning` is one more insert, written last; its RETURNING rows are the answer.
        Raises `ClaimLost` if the claim found its key taken, IntegrityError if a row
        met a unique constraint."""
        self._open()
        if returning is not None and self._claim is not None:
            raise ValueError("a flush returns either the claim or another insert")
        await self.session.flush()  # ORM objects first: collected rows may refer to them
        if self._watch is not None and self._watched is not None:
            self.emit_all(
                await self._watch.alerts(self.session, caller=self._watched, rows=self._audit)
            )
        last = returning or self._claim
        writes = [
            *self._inserts,
            RowsInsert(outbox_table, self._events) if self._events else None,
            RowsInsert(audit_table, self._audit) if self._audit else None,
            last,
        ]
        claimed = self._claim is not None
        self._clear()
        if not any(w is not None and w.rows for w in writes):
            return []
        returned = await execute_together(self.session, writes)
        if claimed and not returned:
            raise ClaimLost()
        return returned if last is not None else []

    async def rollback(self) -> None:
        """Forget what is collected and roll back what was written."""
        self._clear()
        await self.session.rollback()

    async def retry(
        self,
        step: Callable[["Work"], Awaitable[T]],
        *,
        on_conflict: Callable[["Work", Exception], Awaitable[R | None]],
        attempts: int = 2,
    ) -> T | R:
        """Run `step` and flush what it collected; on a conflict (`ClaimLost`, or an
        IntegrityError: a concurrent twin committed first) roll back and await
        `on_conflict(work, error)`. It answers instead (a stored answer to replay),
        raises (a 409 that says why), or returns None to try again; once `attempts` are
        spent the conflict is raised (answered 409)."""
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        for attempt in range(1, attempts + 1):
            try:
                result = await step(self)
                await self.flush()
                return result
            except (ClaimLost, IntegrityError) as conflict:
                await self.rollback()
                answer = await on_conflict(self, conflict)
                if answer is not None:
                    return answer
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    async def commit(self) -> None:
        """Flush and commit, once. `UnitOfWork` and `unit_of_work()` call it; views and
        service functions never do."""
        await self.flush()
        await self.session.commit()
        self._committed = True

    # --- internals ---------------------------------------------------------------------

    def _open(self) -> None:
        if self._committed:
            raise RuntimeError("this unit of work has committed; open another")

    def _clear(self) -> None:
        self._inserts, self._events, self._audit, self._claim = [], [], [], None
        self._watched = None

    def _current_caller(self) -> Caller:
        source = self._caller
        caller = source() if callable(source) else source
        if caller is None:
            raise RuntimeError("an audited unit of work needs a caller (an authenticated view)")
        return caller


@contextlib.asynccontextmanager
async def unit_of_work(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    caller: Caller | None = None,
    purpose: str = NOT_STATED,
) -> AsyncIterator[Work]:
    """A unit of work for a background worker: committed when the block ends, rolled
    back if it raises. `caller` and `purpose` are what its audit rows record (the
    importing agency of a job, say)."""
    async with session_factory() as session:
        work = Work(session, caller=caller, purpose=purpose)
        try:
            yield work
            await work.commit()
        except BaseException:
            await work.rollback()
            raise


async def get_unit_of_work(
    request: Request,
    session: DbSession,
    x_purpose: Annotated[
        str | None,
        Header(
            alias=PURPOSE_HEADER,
            max_length=200,
            description="Why the record is accessed (for the audit trail)",
            examples=["marac-research"],
        ),
    ] = None,
) -> AsyncIterator[Work]:
    """The request's unit of work: committed after the view returns and before the
    answer is sent; rolled back if the view (or the commit) raises."""
    work = Work(
        session,
        caller=lambda: getattr(request.state, "caller", None),
        purpose=x_purpose or NOT_STATED,
        watch=getattr(request.app.state, "access_watch", None),
    )
    try:
        yield work
        await work.commit()
    except BaseException:
        await work.rollback()
        raise


UnitOfWork = Annotated[Work, Depends(get_unit_of_work, scope="function")]
"""The request's unit of work (function scope: it commits before the answer goes out)."""
