"""Applying a chunk of import rows: Core statements, original dates, idempotent per row.

Each handler gets valid rows and returns how many it created, how many it found
already imported (same `source_reference`), and errors for rows it had to refuse.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.audit import record_access
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.outbox import PendingEvent, add_events
from marac.access import ADMIN
from marac.attendance.service import check_escalations, record_attendance
from marac.case.models import NewCase
from marac.case.service import case_closed_event, case_heard_event, create_cases, creation_events
from marac.common import at_noon, new_id, today, upsert_insert, utcnow
from marac.config.models import AreaConfig, MaracPolicy
from marac.config.service import check_agency, check_marac_area, hub_marac_area, referrer_kind
from marac.imports.models import import_job_table as jobs
from marac.imports.rows import CaseRow, IncidentRow, MeetingRow
from marac.matac.models import incident_table
from marac.meeting.models import meeting_table
from marac.meeting.service import meeting_row
from marac.referral.service import UNKNOWN_REFERRAL, known_referrals

HEARD = ("heard", "actions_complete", "closed")
ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(minutes=2)
INTERRUPTED = (
    "interrupted: the service stopped while importing; send the file again "
    "(rows already imported are counted as unchanged)"
)


async def beat(session: AsyncSession, *, job_ids: Sequence[str]) -> None:
    """The runner holding these jobs is alive."""
    if job_ids:
        await session.execute(
            update(jobs).where(jobs.c.id.in_(job_ids)).values(heartbeat_at=utcnow())
        )


async def fail_if_stale(session: AsyncSession, *, job_ids: Sequence[str] | None = None) -> int:
    """Fail active jobs (these, or all) whose runner stopped beating: its file is gone
    with it. Returns how many."""
    statement = update(jobs).where(
        jobs.c.status.in_(ACTIVE),
        or_(jobs.c.heartbeat_at.is_(None), jobs.c.heartbeat_at < utcnow() - STALE_AFTER),
    )
    if job_ids is not None:
        statement = statement.where(jobs.c.id.in_(job_ids))
    result = await session.execute(
        statement.values(status="failed", failure=INTERRUPTED, finished_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass
class ChunkResult:
    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str | None, list[dict]]] = field(default_factory=list)

    def refuse(
        self, number: int, reference: str | None, message: str, field_name: str = ""
    ) -> None:
        self.errors.append((number, reference, [{"field": field_name, "message": message}]))


@dataclass
class ImportContext:
    policy: MaracPolicy
    configs: dict[str, AreaConfig]
    caller: Caller
    purpose: str
    """The job, for the audit trail of every record the import writes."""
    area_limit: str | None = None
    """A caller whose token names an area imports that area's rows only."""


def _area(code: str, context: ImportContext) -> str:
    marac_area = hub_marac_area(code) or check_marac_area(code)
    if context.area_limit is not None and marac_area != context.area_limit:
        raise Problem(
            422, "Other area", f"Your token is for {context.area_limit}, not {marac_area}."
        )
    return marac_area


def _problem_text(exc: Problem) -> str:
    return exc.detail or exc.title


async def import_meetings(
    session: AsyncSession, *, rows: Sequence[tuple[int, MeetingRow]], context: ImportContext
) -> ChunkResult:
    result = ChunkResult()
    existing = set(
        (
            await session.execute(
                select(meeting_table.c.source_reference).where(
                    meeting_table.c.source_reference.in_([r.source_reference for _, r in rows])
                )
            )
        ).scalars()
    )
    events: list[PendingEvent] = []
    for number, row in sorted(rows, key=lambda item: item[1].held_on):
        if row.source_reference in existing:
            result.unchanged += 1
            continue
        try:
            area = _area(row.area, context)
            for agency in [*row.attendance, *([row.chair_agency] if row.chair_agency else [])]:
                check_agency(agency)
        except Problem as exc:
            result.refuse(number, row.source_reference, _problem_text(exc))
            continue
        status = row.status or ("held" if row.held_on <= today() else "scheduled")
        if status == "held" and row.held_on > today():
            result.refuse(
                number, row.source_reference, "A meeting in the future cannot be held.", "status"
            )
            continue
        config = context.configs[area]
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
            "recorded_at": utcnow() if status == "held" else None,
        }
        if taken is not None:
            # A generated meeting that nothing was recorded for becomes the imported one.
            if taken.source_reference is not None or taken.status != "scheduled":
                result.refuse(
                    number,
                    row.source_reference,
                    f"{area} already has a {row.kind} meeting on {row.held_on}.",
                    "held_on",
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
        result.created += 1
        if status == "held" and row.attendance:
            meeting = {
                "id": meeting_id,
                "kind": row.kind,
                "marac_area": area,
                "held_on": row.held_on,
            }
            time = at_noon(row.held_on)
            events += await record_attendance(
                session, meeting=meeting, attendance=row.attendance, time=time
            )
            events += await check_escalations(
                session,
                meeting=meeting,
                agencies=config.expected_agencies,
                rule=context.policy.escalation,
                time=time,
            )
    await add_events(session, events)
    return result


async def import_cases(
    session: AsyncSession, *, rows: Sequence[tuple[int, CaseRow]], context: ImportContext
) -> ChunkResult:
    result = ChunkResult()
    references = {r.meeting_reference for _, r in rows if r.meeting_reference}
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
    cases: list[NewCase] = []
    listing: dict[int, tuple[str, date, str]] = {}
    referrals = await known_referrals(
        session, referral_ids=[str(r.referral_id) for _, r in rows if r.referral_id]
    )
    for number, row in rows:
        try:
            area = _area(row.area, context)
            check_agency(row.referring_agency, field="referring_agency")
            _check_referral(row, referrals, context)
        except Problem as exc:
            result.refuse(number, row.source_reference, _problem_text(exc))
            continue
        status = row.status
        if row.meeting_reference:
            meeting = meetings.get(row.meeting_reference)
            if meeting is None or meeting.kind != "marac":
                result.refuse(
                    number,
                    row.source_reference,
                    "No imported MARAC meeting has this reference; import meetings first.",
                    "meeting_reference",
                )
                continue
            if meeting.marac_area != area:
                result.refuse(
                    number,
                    row.source_reference,
                    f"The meeting is {meeting.marac_area}'s, not {area}'s.",
                    "meeting_reference",
                )
                continue
            status = status or ("heard" if meeting.status == "held" else "listed")
            if status in HEARD and meeting.status != "held":
                result.refuse(
                    number, row.source_reference, "The meeting has not been held.", "status"
                )
                continue
            if row.referred_on > meeting.held_on:
                result.refuse(
                    number, row.source_reference, "referred_on is after the meeting.", "referred_on"
                )
                continue
            if row.closed_on and row.closed_on < meeting.held_on:
                result.refuse(
                    number, row.source_reference, "closed_on is before the meeting.", "closed_on"
                )
                continue
            if status == "closed" or row.closed_on:
                status = "closed"
            listing[len(cases)] = (meeting.id, meeting.held_on, status)
        elif status not in (None, "referred", "listed"):
            result.refuse(
                number,
                row.source_reference,
                f"A {status} case needs its meeting_reference.",
                "status",
            )
            continue
        if row.referred_on > today():
            result.refuse(
                number, row.source_reference, "referred_on is in the future.", "referred_on"
            )
            continue
        cases.append(
            NewCase(
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
        )
    creation = await create_cases(
        session,
        cases=cases,
        policy=context.policy,
        configs=context.configs,
        today=today(),
        listing=listing,
    )
    events = creation_events(creation.created, historical=True)
    statuses = {id(cases[index]): status for index, (_, _, status) in listing.items()}
    for item in creation.created:
        case = item.case
        if item.meeting_id and item.meeting_date and statuses.get(id(case)) in HEARD:
            row = {**case.model_dump(), "id": item.id, "repeat": item.repeat}
            events.append(
                case_heard_event(
                    row, meeting_id=item.meeting_id, heard_on=item.meeting_date, historical=True
                )
            )
        if case.closed_on is not None:
            events.append(
                case_closed_event(
                    case_id=item.id, area=case.marac_area, closed_on=case.closed_on, historical=True
                )
            )
    await add_events(session, events)
    await _audit(session, context, "marac_case", [c.id for c in creation.created])
    result.created = len(creation.created)
    result.unchanged = len(cases) - len(creation.created)
    return result


async def _audit(
    session: AsyncSession, context: ImportContext, record_type: str, record_ids: list[str]
) -> None:
    await record_access(
        session,
        caller=context.caller,
        action="import",
        record_type=record_type,
        record_ids=record_ids,
        purpose=context.purpose,
    )


def _check_referral(
    row: CaseRow, referrals: dict[str, tuple[Any, set[str]]], context: ImportContext
) -> None:
    """A case in another agency's name needs the admin scope (the partnership's
    migration); a referral_id must be one its referring agency may see, about the same
    victim, and any other is refused as one that does not exist."""
    caller = context.caller
    if row.referring_agency != caller.agency and not caller.has(ADMIN):
        raise Problem(
            422,
            "Other agency",
            f"referring_agency: your token imports {caller.agency}'s cases only; "
            "importing for another agency needs the admin scope.",
        )
    if row.referral_id is None:
        return
    known = referrals.get(str(row.referral_id))
    if known is None or row.referring_agency not in known[1]:
        raise Problem(422, "Unknown referral", f"referral_id {UNKNOWN_REFERRAL}")
    if known[0].victim_id != str(row.victim_id):
        raise Problem(422, "Not this referral's victim", "victim_id is not the referral's.")


async def import_incidents(
    session: AsyncSession, *, rows: Sequence[tuple[int, IncidentRow]], context: ImportContext
) -> ChunkResult:
    result = ChunkResult()
    values = []
    for number, row in rows:
        try:
            area = _area(row.area, context)
        except Problem as exc:
            result.refuse(number, row.source_reference, _problem_text(exc), "area")
            continue
        if row.occurred_on > today():
            result.refuse(
                number, row.source_reference, "occurred_on is in the future.", "occurred_on"
            )
            continue
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
    if values:
        inserted = await session.execute(
            upsert_insert(session, incident_table)
            .on_conflict_do_nothing()
            .returning(incident_table.c.id, incident_table.c.subject_id),
            values,
        )
        subjects = [subject for _, subject in inserted.tuples()]
        result.created = len(subjects)
        await _audit(session, context, "matac_subject", sorted(set(subjects)))
    result.unchanged = len(values) - result.created
    return result


HANDLERS = {"meetings": import_meetings, "cases": import_cases, "incidents": import_incidents}
