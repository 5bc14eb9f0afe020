"""Recording a meeting: attendance, cases heard, actions, carry-over, escalation.

One call, one transaction: either the whole record is stored with its events, or,
if anything in it is wrong, nothing is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.errors import Problem
from csp_common.outbox import PendingEvent
from csp_common.unit_of_work import Work
from marac.action.service import (
    carry_actions,
    complete_action,
    create_actions,
    mark_actions_complete,
    outstanding_actions,
)
from marac.areas import check_agency
from marac.attendance.service import check_escalations, full_attendance, record_attendance
from marac.case.listing import CaseListPlanner
from marac.case.service import (
    case_heard_event,
    case_listed_event,
    hear_cases,
    list_case_at,
    listed_at,
    moved_case_events,
)
from marac.conference.schemas import MeetingRecordIn
from marac.conference.service import add_information, meeting_on
from marac.fields import new_id
from marac.meeting import service as meeting_service
from marac.meeting.schemas import MeetingIn
from marac.meeting.service import meeting_row, next_meeting
from marac.policy import AreaConfig, MaracPolicy
from marac.problems import invalid_record


async def add_meeting(work: Work, *, body: MeetingIn, config: AreaConfig) -> str:
    """A meeting outside the cadence; 409 if the area has one of that kind that day."""
    exists = await meeting_on(work.session, kind=body.kind, area=body.area, held_on=body.held_on)
    if exists:
        raise Problem(
            409,
            "Conflict",
            "There is already a meeting that day.",
            type="duplicate",
            meeting_id=exists,
        )
    row = meeting_row(
        area=body.area,
        held_on=body.held_on,
        kind=body.kind,
        capacity=body.capacity or config.case_cap,
        venue=body.venue,
    )
    await meeting_service.add_meeting(work.session, row=row)
    return row["id"]


@dataclass
class RecordSummary:
    heard: int
    relisted: int
    actions_created: int
    actions_carried: int
    escalations_raised: int


def _check_record(record: MeetingRecordIn, *, held_on: date) -> None:
    check_agency(record.chair_agency, field="chair_agency")
    agencies = [a.agency for a in record.attendance]
    if len(set(agencies)) != len(agencies):
        raise invalid_record("attendance lists an agency more than once.")
    for agency in agencies:
        check_agency(agency, field="attendance")
    case_ids = [c.case_id for c in record.cases]
    if len(set(case_ids)) != len(case_ids):
        raise invalid_record("cases lists a case more than once.")
    for case in record.cases:
        for item in case.information_shared:
            check_agency(item.agency, field="information_shared.agency")
        for action in case.actions:
            check_agency(action.owner_agency, field="actions.owner_agency")
            if action.due_on < held_on:
                raise invalid_record(f"An action is due {action.due_on}, before the meeting.")


async def _review_outstanding(
    session: AsyncSession,
    *,
    meeting: dict,
    outstanding: dict[str, Row],
    reviews: dict[str, str],
    config: AreaConfig,
) -> tuple[list[PendingEvent], int]:
    """Completed actions close; the rest carry to the next meeting, saying why."""
    held_on: date = meeting["held_on"]
    events = []
    touched_cases = set()
    carried: dict[str, list[str]] = {"circumstances_changed": [], "agency_did_not_act": []}
    for action_id, row in outstanding.items():
        review = reviews.get(action_id, "agency_did_not_act")
        if review == "completed":
            events.append(
                await complete_action(session, action=row, outcome="completed", on=held_on)
            )
            touched_cases.add(row.case_id)
        else:
            carried[review].append(action_id)
    if any(carried.values()):
        following = await next_meeting(
            session,
            area=meeting["marac_area"],
            kind=meeting["kind"],
            config=config,
            on_or_after=held_on + timedelta(days=1),
        )
        for reason, ids in carried.items():
            await carry_actions(
                session, action_ids=ids, reason=reason, to_meeting_id=following["id"]
            )
    await mark_actions_complete(session, case_ids=touched_cases)
    return events, sum(len(ids) for ids in carried.values())


async def record_meeting(
    work: Work,
    *,
    meeting: dict,
    record: MeetingRecordIn,
    config: AreaConfig,
    policy: MaracPolicy,
    configs: dict[str, AreaConfig],
) -> RecordSummary:
    session = work.session
    if meeting["status"] != "scheduled":
        raise Problem(
            409,
            "Conflict",
            f"The meeting is {meeting['status']}; its record is kept as it is.",
            type="invalid-state",
        )
    held_on: date = meeting["held_on"]
    if held_on > clock.today():
        raise invalid_record(
            f"The meeting is on {held_on}: it cannot be recorded before it is held."
        )
    _check_record(record, held_on=held_on)
    area = meeting["marac_area"]
    matac = meeting["kind"] == "matac"
    if matac and (record.cases or record.outstanding_actions):
        raise invalid_record("A MATAC meeting hears nominations: record no cases or MARAC actions.")

    listed = await listed_at(session, meeting_id=meeting["id"])
    heard_ids = [c.case_id for c in record.cases]
    not_listed = [c for c in heard_ids if c not in listed]
    if not_listed:
        raise invalid_record("Some cases are not listed at this meeting.", case_ids=not_listed)

    outstanding = {
        row.id: row
        for row in (
            []
            if matac
            else await outstanding_actions(
                session, area=area, meeting_id=meeting["id"], held_on=held_on
            )
        )
    }
    reviews = {r.action_id: r.review for r in record.outstanding_actions}
    unknown = [a for a in reviews if a not in outstanding]
    if unknown:
        raise invalid_record(
            "Some reviewed actions are not outstanding at this meeting.", action_ids=unknown
        )

    events: list[PendingEvent] = []
    await meeting_service.mark_held(
        session,
        meeting_id=meeting["id"],
        chair_agency=record.chair_agency,
        confidentiality_statement_read=record.confidentiality_statement_read,
        venue=record.venue or meeting["venue"],
    )
    attendance = full_attendance(
        {a.agency: a.status for a in record.attendance}, config.expected_agencies
    )
    events += await record_attendance(session, meeting=meeting, attendance=attendance)

    # Cases heard, what was shared, and the actions agreed.
    if heard_ids:
        rows = await hear_cases(session, case_ids=heard_ids, on=held_on)
        events += [
            case_heard_event(row._mapping, meeting_id=meeting["id"], heard_on=held_on)
            for row in rows
        ]
    shared = [
        {
            "id": new_id(),
            "case_id": c.case_id,
            "meeting_id": meeting["id"],
            "agency": i.agency,
            "summary": i.summary,
        }
        for c in record.cases
        for i in c.information_shared
    ]
    if shared:
        await add_information(session, rows=shared)
    agreed = [
        (c.case_id, a.owner_agency, a.description, a.due_on)
        for c in record.cases
        for a in c.actions
    ]
    events += await create_actions(session, meeting_id=meeting["id"], area=area, actions=agreed)

    # Listed but not heard: to the next meeting with room.
    not_heard = {c: urgent for c, urgent in listed.items() if c not in set(heard_ids)}
    events += await relist(session, area=area, cases=not_heard, after=held_on, configs=configs)

    review_events, actions_carried = await _review_outstanding(
        session, meeting=meeting, outstanding=outstanding, reviews=reviews, config=config
    )
    events += review_events

    escalations = await check_escalations(
        session, meeting=meeting, agencies=config.expected_agencies, rule=policy.escalation
    )
    events += escalations
    work.emit_all(events)
    return RecordSummary(
        heard=len(heard_ids),
        relisted=len(not_heard),
        actions_created=len(agreed),
        actions_carried=actions_carried,
        escalations_raised=len(escalations),
    )


async def relist(
    session: AsyncSession,
    *,
    area: str,
    cases: dict[str, bool],
    after: date,
    configs: dict[str, AreaConfig],
) -> list[PendingEvent]:
    """Move cases (id -> urgent) to the next meetings with room after a date."""
    planner = CaseListPlanner(session, configs=configs)
    events = []
    for case_id, urgent in cases.items():
        slot = await planner.place(
            case_id=case_id, area=area, earliest=after + timedelta(days=1), urgent=urgent
        )
        await list_case_at(session, case_id=case_id, meeting_id=slot.meeting_id)
        events.append(
            case_listed_event(
                case_id=case_id,
                meeting_id=slot.meeting_id,
                area=area,
                meeting_date=slot.held_on,
                urgent=urgent,
            )
        )
    await planner.flush()
    moves = [(m.case_id, m.slot.meeting_id, m.slot.held_on) for m in planner.moves]
    return events + await moved_case_events(session, moves)


async def cancel_meeting(work: Work, *, meeting: dict, configs: dict[str, AreaConfig]) -> None:
    session = work.session
    await meeting_service.mark_cancelled(session, meeting_id=meeting["id"])
    listed = await listed_at(session, meeting_id=meeting["id"])
    events = await relist(
        session, area=meeting["marac_area"], cases=listed, after=meeting["held_on"], configs=configs
    )
    work.emit_all(events)
