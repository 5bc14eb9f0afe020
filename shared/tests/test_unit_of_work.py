"""The unit of work: a request's rows, events and audit rows committed once, before
the answer; nothing kept when the view or the commit fails; idempotent retries."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import AuditTrail
from csp_common.auth import Caller
from csp_common.db import RowsInsert
from csp_common.tables import audit_table, outbox_table
from csp_common.unit_of_work import ClaimLost, UnitOfWork, Work, unit_of_work
from csp_devtools.kits.probe.kit import EntryIn, EntryRecorded, claim_table, entry_row, entry_table

CALLER = Caller(subject="importer-1", agency="idas", scopes=frozenset({"kit:write"}))


def headers_of(auth_header: Callable[..., dict[str, str]], **extra: str) -> dict[str, str]:
    return auth_header(agency="idas", subject="caseworker-7", scopes=["kit:write"]) | extra


async def _count(session: AsyncSession, table: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def test_a_view_s_rows_events_and_audit_rows_are_committed_together(
    kit_client: httpx.AsyncClient, kit_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> None:
    at = datetime(2024, 5, 1, 8, tzinfo=UTC)
    with clock.frozen(at):
        answer = await kit_client.post(
            "/v1/entries",
            json={"label": "alpha"},
            headers=headers_of(auth_header, **{"X-Purpose": "safety-planning"}),
        )
    assert answer.status_code == 201, answer.text
    entry_id = answer.json()["id"]
    async with kit_app.state.session_factory() as session:
        assert await _count(session, entry_table, entry_table.c.id == uuid.UUID(entry_id)) == 1
        [event] = (await session.execute(select(outbox_table))).all()
        assert (event.event_type, event.key, event.time) == (EntryRecorded.type, entry_id, at)
        [audit] = (await session.execute(select(audit_table))).all()
        assert (audit.subject, audit.agency, audit.action, audit.record_id, audit.purpose) == (
            "caseworker-7",
            "idas",
            "create",
            entry_id,
            "safety-planning",
        )
        assert audit.at == at
        assert audit.request_id


async def test_a_view_that_refuses_after_writing_keeps_nothing(
    kit_client: httpx.AsyncClient, kit_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> None:
    answer = await kit_client.post(
        "/v1/entries", json={"label": "alpha", "then": "refuse"}, headers=headers_of(auth_header)
    )
    assert answer.status_code == 422
    async with kit_app.state.session_factory() as session:
        for table in (entry_table, outbox_table, audit_table):
            assert await _count(session, table) == 0, table.name


async def test_a_commit_that_fails_is_answered_409_before_anything_is_sent(
    kit_client: httpx.AsyncClient, kit_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> None:
    """The commit runs after the view returned its 201 and before the answer goes out:
    a conflict met there is the answer (a 201 would promise work that is not stored)."""
    answer = await kit_client.post(
        "/v1/entries", json={"label": "alpha", "then": "collide"}, headers=headers_of(auth_header)
    )
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"].endswith("/conflict")
    async with kit_app.state.session_factory() as session:
        for table in (entry_table, outbox_table, audit_table):
            assert await _count(session, table) == 0, table.name


async def test_a_read_is_audited_in_its_unit_of_work(
    kit_client: httpx.AsyncClient, kit_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = headers_of(auth_header)
    for label in ("alpha", "bravo"):
        await kit_client.post("/v1/entries", json={"label": label}, headers=headers)
    listed = await kit_client.get("/v1/entries", headers=headers)
    ids = {item["id"] for item in listed.json()["items"]}
    async with kit_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(audit_table.c.record_id).where(audit_table.c.action == "list")
            )
        ).scalars()
        assert set(audited) == ids and len(ids) == 2


async def test_an_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    kit_client: httpx.AsyncClient, kit_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = headers_of(auth_header, **{"Idempotency-Key": "key-1"})
    first = await kit_client.post("/v1/entries/idempotent", json={"label": "a"}, headers=headers)
    again = await kit_client.post("/v1/entries/idempotent", json={"label": "a"}, headers=headers)
    other = await kit_client.post("/v1/entries/idempotent", json={"label": "b"}, headers=headers)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert again.json() == first.json()
    async with kit_app.state.session_factory() as session:
        for table in (entry_table, outbox_table, audit_table, claim_table):
            assert await _count(session, table) == 1, table.name


# --- the unit of work on its own -------------------------------------------------------


def _claim(key: str, answer: dict[str, Any]) -> RowsInsert:
    row = {"key": key, "digest": "d", "answer": answer}
    return RowsInsert(claim_table, [row], ignore_conflicts=True, returning=("key",))


def _entry(entry_id: uuid.UUID | None = None) -> dict[str, Any]:
    return entry_row(EntryIn(label="alpha", score=1), entry_id=entry_id)


async def test_a_lost_claim_rolls_back_and_replays_what_the_winner_stored(
    kit_any_session: AsyncSession,
) -> None:
    session = kit_any_session
    winner = Work(session, caller=CALLER)
    winner.add(RowsInsert(entry_table, [_entry()]))
    winner.claim(_claim("twin", {"answer": "first"}))
    await winner.commit()
    tries: list[Exception] = []

    async def step(work: Work) -> dict[str, Any]:
        row = _entry()
        work.add(RowsInsert(entry_table, [row]))
        work.emit(EntryRecorded(entry_id=row["id"], label="alpha"), key=str(row["id"]))
        work.audit(action="create", record_type="entry", record_ids=[str(row["id"])])
        work.claim(_claim("twin", {"answer": "second"}))
        return {"answer": "second"}

    async def earlier(work: Work, conflict: Exception) -> dict[str, Any] | None:
        tries.append(conflict)
        stored = (await work.session.execute(select(claim_table.c.answer))).scalar_one()
        return dict(stored)

    loser = Work(session, caller=CALLER)
    assert await loser.retry(step, on_conflict=earlier) == {"answer": "first"}
    assert [type(t) for t in tries] == [ClaimLost]
    await loser.commit()
    assert await _count(session, entry_table) == 1
    assert await _count(session, outbox_table) == 0
    assert await _count(session, audit_table) == 0


async def test_a_conflict_retries_then_is_raised_once_the_attempts_are_spent(
    kit_any_session: AsyncSession,
) -> None:
    session = kit_any_session
    taken = uuid.uuid4()
    first = Work(session)
    first.add(RowsInsert(entry_table, [_entry(taken)]))
    await first.commit()
    ids = [taken, uuid.uuid4()]
    seen: list[type[Exception]] = []

    async def step(work: Work) -> uuid.UUID:
        entry_id = ids.pop(0)
        work.add(RowsInsert(entry_table, [_entry(entry_id)]))
        work.emit(EntryRecorded(entry_id=entry_id, label="alpha"), key=str(entry_id))
        return entry_id

    async def again(work: Work, conflict: Exception) -> None:
        seen.append(type(conflict))
        return None

    work = Work(session)
    second = await work.retry(step, on_conflict=again)  # the twin's id taken: try again
    await work.commit()
    assert seen == [IntegrityError]
    assert await _count(session, entry_table) == 2
    assert await _count(session, outbox_table) == 1  # the failed attempt's event is gone
    assert await _count(session, outbox_table, outbox_table.c.key == str(second)) == 1

    async def always_taken(work: Work) -> None:
        work.add(RowsInsert(entry_table, [_entry(taken)]))

    with pytest.raises(IntegrityError):
        await Work(session).retry(always_taken, on_conflict=again, attempts=3)
    assert seen == [IntegrityError] * 4


async def test_a_worker_s_unit_of_work_commits_at_the_end_or_keeps_nothing(
    kit_client: httpx.AsyncClient, kit_app: FastAPI
) -> None:
    factory = kit_app.state.session_factory
    async with unit_of_work(factory, caller=CALLER, purpose="import") as imported:
        row = _entry()
        imported.add(RowsInsert(entry_table, [row]))
        imported.audit(action="import", record_type="entry", record_ids=[str(row["id"])])
    with pytest.raises(RuntimeError, match="stop"):
        async with unit_of_work(factory, caller=CALLER) as work:
            work.add(RowsInsert(entry_table, [_entry()]))
            await work.flush()
            raise RuntimeError("stop")
    async with factory() as session:
        assert await _count(session, entry_table) == 1
        [audit] = (await session.execute(select(audit_table))).all()
        assert (audit.subject, audit.agency, audit.purpose) == ("importer-1", "idas", "import")
    with pytest.raises(RuntimeError, match="committed"):
        imported.add(RowsInsert(entry_table, [_entry()]))


async def test_flush_writes_in_order_and_answers_what_it_is_asked_to_return(
    kit_any_session: AsyncSession,
) -> None:
    work = Work(kit_any_session)
    assert not work.pending
    assert await work.flush() == []
    rows = [_entry(), _entry()]
    work.add(None, RowsInsert(entry_table, []), RowsInsert(entry_table, rows[:1]))
    assert work.pending
    returned = await work.flush(
        returning=RowsInsert(entry_table, rows[1:], ignore_conflicts=True, returning=("id",))
    )
    assert [tuple(r) for r in returned] == [(rows[1]["id"],)]
    assert not work.pending
    again = RowsInsert(entry_table, rows[1:], ignore_conflicts=True, returning=("id",))
    assert await work.flush(returning=again) == []  # ignored: nothing went in


def test_misuse_is_refused_where_it_happens() -> None:
    work = Work(session=None)  # type: ignore[arg-type]  # never reaches the database
    with pytest.raises(RuntimeError, match="caller"):
        work.audit(action="read", record_type="entry", record_ids=["1"])
    with pytest.raises(ValueError, match="claim"):
        work.claim(RowsInsert(claim_table, [{"key": "k"}]))
    work.claim(_claim("k", {}))
    with pytest.raises(ValueError, match="one claim"):
        work.claim(_claim("k2", {}))


def test_the_purpose_header_is_documented_once_beside_the_audit_trail() -> None:
    router = APIRouter()

    @router.get("/both")
    async def both(work: UnitOfWork, audit: AuditTrail) -> None:
        return None

    app = FastAPI()
    app.include_router(router)
    parameters = app.openapi()["paths"]["/both"]["get"]["parameters"]
    assert [p["name"] for p in parameters].count("X-Purpose") == 1
