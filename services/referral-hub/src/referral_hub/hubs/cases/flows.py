"""Opening a hub case (the API and the import), logging incidents, linking and closing
cases: the rows, the involved agencies and the events, collected in the unit of work.
Never commits."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from csp_common import clock
from csp_common.contracts.hubs import CaseClosed, CaseOpened, IncidentLogged
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.hub_configuration import HubsConfiguration
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases import service
from referral_hub.hubs.cases.models import (
    case_person_table,
    case_table,
    incident_table,
    link_table,
    location_table,
)
from referral_hub.hubs.cases.rules import location_key
from referral_hub.hubs.cases.schemas import ClosureIn, HubCaseIn, IncidentIn
from referral_hub.index.service import PersonDetails, resolve_people
from referral_hub.problems import invalid_input


@dataclass(frozen=True)
class Opened:
    case: dict[str, Any]
    people: list[tuple[str, uuid.UUID, Any]]
    repeat_location: bool
    repeat_victim: bool


def refusal(
    body: HubCaseIn, *, agency: str, partnership: Partnership, pointer: str = "#/body"
) -> Problem | None:
    """Why the partnership cannot take this case (a hub, kind or agency it does not know)."""
    config = partnership.hubs
    if config.area(body.hub) is None:
        return invalid_input(
            f"{pointer}/hub", f"unknown hub {body.hub!r}; known: {', '.join(config.area_codes)}"
        )
    if body.kind not in config.case_kinds:
        return invalid_input(
            f"{pointer}/kind", f"unknown kind {body.kind!r}; known: {', '.join(config.case_kinds)}"
        )
    if partnership.agency(agency) is None:
        return invalid_input(f"{pointer}/reporting_agency", f"unknown agency {agency!r}")
    return None


async def open_case(
    work: Work,
    *,
    body: HubCaseIn,
    agency: str,
    opened_on: date,
    channel: str,
    secret: bytes | None,
) -> Opened:
    """Collect a new case: its place (shared with earlier cases about the same place),
    its people matched to the person index, the reporting agency involved, and
    `CaseOpened`."""
    session = work.session
    location = body.location
    key = location_key(
        kind=location.kind,
        place=location.place,
        address_line=location.address_line,
        postcode=location.postcode,
    )
    location_id = await service.find_location(session, match_key=key)
    if location_id is None:
        location_id = uuid.uuid4()
        work.add(
            RowsInsert(
                location_table,
                [
                    {
                        "id": location_id,
                        "kind": location.kind,
                        "place": location.place,
                        "address_line": location.address_line,
                        "postcode": location.postcode,
                        "match_key": key,
                    }
                ],
            )
        )
    details = [
        PersonDetails(
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            gender=p.gender.value if p.gender else None,
            postcode=p.postcode,
        )
        for p in body.people
    ]
    person_ids = await resolve_people(session, people=details, secret=secret)
    people = [
        (p.role, person_id, d)
        for p, person_id, d in zip(body.people, person_ids, details, strict=True)
    ]
    victims = sorted({pid for role, pid, _ in people if role == "victim"})
    subjects = sorted({pid for role, pid, _ in people if role == "subject"})
    repeat_location, repeat_victim = await service.repeats(
        session, hub=body.hub, location_id=location_id, victim_ids=victims
    )
    case_id = uuid.uuid4()
    row: dict[str, Any] = {
        "id": case_id,
        "hub": body.hub,
        "kind": body.kind,
        "status": "open",
        "location_id": location_id,
        "reporting_agency": agency,
        "reported_on": body.reported_on,
        "opened_on": opened_on,
        "closed_on": None,
        "outcome": None,
        "source_reference": body.source_reference,
        "channel": channel,
        "referral_id": None,
        "created_at": clock.now(),
    }
    work.add(
        RowsInsert(case_table, [row]),
        RowsInsert(
            case_person_table,
            [
                {"case_id": case_id, "person_id": pid, "role": role}
                for role, pid in sorted({(role, pid) for role, pid, _ in people})
            ],
        ),
        service.involve(case_id, agency),
    )
    work.emit(
        CaseOpened(
            case_id=case_id,
            hub=body.hub,
            kind=body.kind,
            reporting_agency=agency,
            location_id=location_id,
            victim_ids=victims,
            subject_ids=subjects,
            repeat_location=repeat_location,
            repeat_victim=repeat_victim,
            reported_on=body.reported_on,
            opened_on=opened_on,
            source="import" if channel == "import" else "api",
        ),
        key=str(case_id),
    )
    return Opened(
        case=row, people=people, repeat_location=repeat_location, repeat_victim=repeat_victim
    )


def log_incident(
    work: Work, *, case: Any, body: IncidentIn, agency: str, config: HubsConfiguration, today: date
) -> dict[str, Any]:
    kind = body.kind or case.kind
    if kind not in config.case_kinds:
        raise invalid_input(
            "#/body/kind", f"unknown kind {kind!r}; known: {', '.join(config.case_kinds)}"
        )
    if case.status != "open":
        raise Problem(409, "Conflict", "The case is closed; reopen it as a new case.")
    row = {
        "id": uuid.uuid4(),
        "case_id": case.id,
        "kind": kind,
        "reporting_agency": agency,
        "occurred_on": body.occurred_on,
        # rows travel as JSON; PostgreSQL reads the ISO time back into the time column
        "occurred_at": body.occurred_at.isoformat() if body.occurred_at else None,
        "reported_on": body.reported_on or today,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(incident_table, [row]), service.involve(case.id, agency))
    work.emit(
        IncidentLogged(
            incident_id=row["id"],
            case_id=case.id,
            hub=case.hub,
            kind=kind,
            reporting_agency=agency,
            occurred_on=body.occurred_on,
            logged_on=row["reported_on"],
        ),
        key=str(case.id),
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
    return row


def link(work: Work, *, case: Any, other: Any, reason: str) -> None:
    if case.id == other.id:
        raise invalid_input("#/body/case_id", "a case cannot be linked to itself", code="invalid")
    work.add(
        RowsInsert(
            link_table,
            [
                {"case_id": case.id, "linked_case_id": other.id, "reason": reason},
                {"case_id": other.id, "linked_case_id": case.id, "reason": reason},
            ],
            ignore_conflicts=True,
        )
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id), str(other.id)])


async def close_case(work: Work, *, case: Any, body: ClosureIn, config: HubsConfiguration) -> None:
    if body.outcome not in config.closing_outcomes:
        raise invalid_input(
            "#/body/outcome",
            f"unknown outcome {body.outcome!r}; known: {', '.join(config.closing_outcomes)}",
        )
    if body.closed_on < case.opened_on:
        raise invalid_input(
            "#/body/closed_on", "a case closes on or after the day it opened", code="invalid"
        )
    closed = await service.close(
        work.session, case_id=case.id, outcome=body.outcome, closed_on=body.closed_on
    )
    if not closed:
        raise Problem(409, "Conflict", "The case is already closed.")
    work.emit(
        CaseClosed(
            case_id=case.id,
            hub=case.hub,
            kind=case.kind,
            outcome=body.outcome,
            opened_on=case.opened_on,
            closed_on=body.closed_on,
        ),
        key=str(case.id),
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
