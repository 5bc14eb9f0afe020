"""Storing a chunk of import rows: Core statements, original dates, idempotent per row.

The import engine (csp_common.imports) reads and validates the file; each store
function gets a chunk of valid rows and answers one outcome a row, in order: imported,
skipped (its `source_reference` was imported before) or refused, saying why and where.
It never commits, and audits what it writes in the importing caller's name.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import record_access
from csp_common.errors import Problem
from csp_common.imports import IMPORTED, SKIPPED, ImportContext, Outcome, ValidRow, refused
from csp_common.outbox import PendingEvent, add_events
from csp_common.upsert import insert_ignoring
from marac.access import ADMIN, caller_area
from marac.areas import check_agency, check_marac_area, hub_marac_area, referrer_kind
from marac.attendance.service import check_escalations, record_attendance
from marac.case.schemas import NewCase
from marac.case.service import case_closed_event, case_heard_event, create_cases, creation_events
from marac.config.service import get_area_configs, get_policy
from marac.fields import new_id
from marac.imports.schemas import CaseRow, IncidentRow, MeetingRow
from marac.matac.models import incident_table
from marac.meeting.models import meeting_table
from marac.meeting.service import meeting_row
from marac.policy import AreaConfig, MaracPolicy
from marac.referral.service import UNKNOWN_REFERRAL, known_referrals

HEARD = ("heard", "actions_complete", "closed")


@dataclass
class Chunk:
    """What a store function knows of the rules while it stores one chunk."""

    policy: MaracPolicy
    configs: dict[str, AreaConfig]
    context: ImportContext
    area_limit: str | None
    """A caller whose token names an area (and has no admin scope) imports that area only."""
    outcomes: dict[int, Outcome] = field(default_factory=dict)

    def refuse(
        self, row: ValidRow[Any], detail: str, *, at: str = "", code: str = "invalid"
    ) -> None:
        self.outcomes[row.row] = refused(f"#/{at}" if at else "#", detail, code)

    def refuse_problem(self, row: ValidRow[Any], problem: Problem, *, at: str = "") -> None:
        self.refuse(row, problem.detail or problem.title, at=at, code=problem.type or "invalid")

    def answer(self, rows: Sequence[ValidRow[Any]], *, imported: set[int]) -> list[Outcome]:
        """One outcome a row: its refusal, else imported (`imported` row numbers) or skipped."""
        return [
            self.outcomes.get(r.row) or (IMPORTED if r.row in imported else SKIPPED) for r in rows
        ]


async def _chunk(session: AsyncSession, context: ImportContext) -> Chunk:
    settings = context.settings
    configs = await get_area_configs(session, settings=settings)
    caller = context.caller
    return Chunk(
        policy=await get_policy(session, settings=settings),
        configs={area: config for area, (config, _) in configs.items()},
        context=context,
        area_limit=None if caller.has(ADMIN) else caller_area(caller),
    )


def _area(code: str, chunk: Chunk) -> str:
    marac_area = hub_marac_area(code) or check_marac_area(code)
    if chunk.area_limit is not None and marac_area != chunk.area_limit:
        raise Problem(
            422,
            "Other area",
            f"Your token is for {chunk.area_limit}, not {marac_area}.",
            type="other-area",
        )
    return marac_area


async def _audit(
    session: AsyncSession, chunk: Chunk, record_type: str, record_ids: list[str]
) -> None:
    await record_access(
        session,
        caller=chunk.context.caller,
        action="import",
        record_type=record_type,
        record_ids=record_ids,
        purpose=chunk.context.purpose,
    )


async def store_meetings(
    session: AsyncSession, *, rows: Sequence[ValidRow[MeetingRow]], context: ImportContext
) -> list[Outcome]:
    chunk = await _chunk(session, context)
    imported: set[int] = set()
    existing = set(
        (
            await session.execute(
                select(meeting_table.c.source_reference).where(
                    meeting_table.c.source_reference.in_([r.body.source_reference for r in rows])
                )
            )
        ).scalars()
    )
    events: list[PendingEvent] = []
    today = clock.today()
    # Escalations are evaluated meeting by meeting: in date order.
    for valid in sorted(rows, key=lambda r: r.body.held_on):
        row = valid.body
        if row.source_reference in existing:
            continue
        try:
            area = _area(row.area, chunk)
        except Problem as exc:
            chunk.refuse_problem(valid, exc, at="area")
            continue
        try:
            for agency in row.attendance:
                check_agency(agency, field="attendance")
            if row.chair_agency:
                check_agency(row.chair_agency, field="chair_agency")
        except Problem as exc:
            chunk.refuse_problem(valid, exc)
            continue
        status = row.status or ("held" if row.held_on <= today else "scheduled")
        if status == "held" and row.held_on > today:
            chunk.refuse(valid, "A meeting in the future cannot be held.", at="status")
            continue
        config = chunk.configs[area]
        taken = (
            await session.execute(
                select(
                    meeting_table.c.id, meeting_table.c.status, meeting_table.c.source_reference
                ).where(
                    meeting_table.c.kind == row.kind,
                    meeting_table.c.marac_area == area,
                    meeting_table.c.held_on == row.held_on,
                )
            )
        ).first()
        values = {
            "status": status,
            "venue": row.venue,
            "chair_agency": row.chair_agency,
            "confidentiality_statement_read": row.confidentiality_statement_read,
            "source_reference": row.source_reference,
            "recorded_at": clock.now() if status == "held" else None,
        }
        if taken is not None:
            # A generated meeting that nothing was recorded for becomes the imported one.
            if taken.source_reference is not None or taken.status != "scheduled":
                chunk.refuse(
                    valid,
                    f"{area} already has a {row.kind} meeting on {row.held_on}.",
                    at="held_on",
                )
                continue
            meeting_id = taken.id
            await session.execute(
                update(meeting_table).where(meeting_table.c.id == meeting_id).values(**values)
            )
        else:
            meeting = meeting_row(
                area=area,
                held_on=row.held_on,
                kind=row.kind,
                capacity=row.capacity or config.case_cap,
                **values,
            )
            meeting_id = meeting["id"]
            await session.execute(meeting_table.insert().values(meeting))
        existing.add(row.source_reference)
        imported.add(valid.row)
        if status == "held" and row.attendance:
            held = {"id": meeting_id, "kind": row.kind, "marac_area": area, "held_on": row.held_on}
            time = clock.at_noon(row.held_on)
            events += await record_attendance(
                session, meeting=held, attendance=row.attendance, time=time
            )
            events += await check_escalations(
                session,
                meeting=held,
                agencies=config.expected_agencies,
                rule=chunk.policy.escalation,
                time=time,
            )
    await add_events(session, events)
    return chunk.answer(rows, imported=imported)


def _case_status(valid: ValidRow[CaseRow], meeting: Any, area: str, chunk: Chunk) -> str | None:
    """The status of a case heard or listed at an imported meeting; None (refused) if the
    row and the meeting disagree."""
    row = valid.body
    if meeting is None or meeting.kind != "marac":
        chunk.refuse(
            valid,
            "No imported MARAC meeting has this reference; import meetings first.",
            at="meeting_reference",
        )
        return None
    if meeting.marac_area != area:
        chunk.refuse(
            valid, f"The meeting is {meeting.marac_area}'s, not {area}'s.", at="meeting_reference"
        )
        return None
    status = row.status or ("heard" if meeting.status == "held" else "listed")
    if status in HEARD and meeting.status != "held":
        chunk.refuse(valid, "The meeting has not been held.", at="status")
        return None
    if row.referred_on > meeting.held_on:
        chunk.refuse(valid, "referred_on is after the meeting.", at="referred_on")
        return None
    if row.closed_on and row.closed_on < meeting.held_on:
        chunk.refuse(valid, "closed_on is before the meeting.", at="closed_on")
        return None
    return "closed" if status == "closed" or row.closed_on else status


def _new_case(row: CaseRow, *, area: str, status: str | None) -> NewCase:
    return NewCase(
        source="import",
        source_reference=row.source_reference,
        referral_id=str(row.referral_id) if row.referral_id else None,
        victim_id=str(row.victim_id),
        perpetrator_id=str(row.perpetrator_id) if row.perpetrator_id else None,
        area=row.area if row.area != area else None,
        marac_area=area,
        repeat_hint=bool(row.repeat),
        urgent=row.urgent,
        referring_agency=row.referring_agency,
        referrer_kind=referrer_kind(row.referring_agency),  # type: ignore[arg-type]
        criteria=list(row.criteria),
        score=row.score,
        children_in_household=row.children_in_household,
        victim_age_band=row.victim_age_band,
        victim_gender=row.victim_gender,
        victim_ethnicity=row.victim_ethnicity,
        victim_disability=row.victim_disability,
        victim_lgbt=row.victim_lgbt,
        perpetrator_age_band=row.perpetrator_age_band,
        perpetrator_gender=row.perpetrator_gender,
        referred_on=row.referred_on,
        closed_on=row.closed_on if status == "closed" else None,
    )


async def store_cases(
    session: AsyncSession, *, rows: Sequence[ValidRow[CaseRow]], context: ImportContext
) -> list[Outcome]:
    chunk = await _chunk(session, context)
    references = {r.body.meeting_reference for r in rows if r.body.meeting_reference}
    meetings = {
        m.source_reference: m
        for m in (
            await session.execute(
                select(
                    meeting_table.c.id,
                    meeting_table.c.source_reference,
                    meeting_table.c.marac_area,
                    meeting_table.c.held_on,
                    meeting_table.c.status,
                    meeting_table.c.kind,
                ).where(meeting_table.c.source_reference.in_(sorted(references)))
            )
        ).all()
    }
    referrals = await known_referrals(
        session, referral_ids=[str(r.body.referral_id) for r in rows if r.body.referral_id]
    )
    today = clock.today()
    cases: list[NewCase] = []
    row_of: dict[int, int] = {}  # id(NewCase) -> the row it came from
    listing: dict[int, tuple[str, date, str]] = {}
    for valid in rows:
        row = valid.body
        try:
            area = _area(row.area, chunk)
            check_agency(row.referring_agency, field="referring_agency")
        except Problem as exc:
            chunk.refuse_problem(valid, exc, at="area" if exc.type != "unknown-agency" else "")
            continue
        refusal = _referral_refusal(row, referrals, chunk)
        if refusal is not None:
            at, code, detail = refusal
            chunk.refuse(valid, detail, at=at, code=code)
            continue
        status = row.status
        meeting = None
        if row.meeting_reference:
            meeting = meetings.get(row.meeting_reference)
            status = _case_status(valid, meeting, area, chunk)
            if status is None:
                continue
        elif status not in (None, "referred", "listed"):
            chunk.refuse(valid, f"A {status} case needs its meeting_reference.", at="status")
            continue
        if row.referred_on > today:
            chunk.refuse(valid, "referred_on is in the future.", at="referred_on")
            continue
        if meeting is not None and status is not None:
            listing[len(cases)] = (meeting.id, meeting.held_on, status)
        case = _new_case(row, area=area, status=status)
        row_of[id(case)] = valid.row
        cases.append(case)
    creation = await create_cases(
        session,
        cases=cases,
        policy=chunk.policy,
        configs=chunk.configs,
        today=today,
        listing=listing,
    )
    events = creation_events(creation.created, historical=True)
    statuses = {id(cases[index]): status for index, (_, _, status) in listing.items()}
    for item in creation.created:
        case = item.case
        if item.meeting_id and item.meeting_date and statuses.get(id(case)) in HEARD:
            stored = {**case.model_dump(), "id": item.id, "repeat": item.repeat}
            events.append(
                case_heard_event(
                    stored, meeting_id=item.meeting_id, heard_on=item.meeting_date, historical=True
                )
            )
        if case.closed_on is not None:
            events.append(
                case_closed_event(
                    case_id=item.id, area=case.marac_area, closed_on=case.closed_on, historical=True
                )
            )
    await add_events(session, events)
    await _audit(session, chunk, "marac_case", [c.id for c in creation.created])
    return chunk.answer(rows, imported={row_of[id(c.case)] for c in creation.created})


def _referral_refusal(
    row: CaseRow, referrals: dict[str, tuple[Any, set[str]]], chunk: Chunk
) -> tuple[str, str, str] | None:
    """Why the row may not name its agency or referral, as (field, code, detail): a
    case in another agency's name needs the admin scope (the partnership's migration);
    a referral_id must be one its referring agency may see, about the same victim, and
    any other is refused as one that does not exist."""
    caller = chunk.context.caller
    if row.referring_agency != caller.agency and not caller.has(ADMIN):
        return (
            "referring_agency",
            "other-agency",
            f"your token imports {caller.agency}'s cases only; importing for another "
            "agency needs the admin scope.",
        )
    if row.referral_id is None:
        return None
    known = referrals.get(str(row.referral_id))
    if known is None or row.referring_agency not in known[1]:
        return "referral_id", "unknown-referral", f"referral_id {UNKNOWN_REFERRAL}"
    if known[0].victim_id != str(row.victim_id):
        return "victim_id", "validation", "victim_id is not the referral's."
    return None


async def store_incidents(
    session: AsyncSession, *, rows: Sequence[ValidRow[IncidentRow]], context: ImportContext
) -> list[Outcome]:
    chunk = await _chunk(session, context)
    today = clock.today()
    values = []
    row_of: dict[str, int] = {}
    for valid in rows:
        row = valid.body
        try:
            area = _area(row.area, chunk)
        except Problem as exc:
            chunk.refuse_problem(valid, exc, at="area")
            continue
        if row.occurred_on > today:
            chunk.refuse(valid, "occurred_on is in the future.", at="occurred_on")
            continue
        row_of.setdefault(row.source_reference, valid.row)
        values.append(
            {
                "id": new_id(),
                "source_reference": row.source_reference,
                "subject_id": str(row.subject_id),
                "victim_id": str(row.victim_id),
                "marac_area": area,
                "occurred_on": row.occurred_on,
                "gravity": row.gravity,
                "subject_age_band": row.subject_age_band,
            }
        )
    imported: set[int] = set()
    if values:
        inserted = await session.execute(
            insert_ignoring(session, incident_table).returning(
                incident_table.c.source_reference, incident_table.c.subject_id
            ),
            values,
        )
        stored = inserted.tuples().all()
        imported = {row_of[reference] for reference, _ in stored}
        await _audit(session, chunk, "matac_subject", sorted({subject for _, subject in stored}))
    return chunk.answer(rows, imported=imported)
