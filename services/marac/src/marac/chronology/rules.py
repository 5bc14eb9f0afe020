"""A person's MARAC and MATAC records as dated chronology entries (pure: rows in,
entries out, no free text: an action's description and a nomination's reason stay in
marac)."""

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from marac.chronology.schemas import DetailValue, HistoryEntry, Role

HEARD = "held"


def _detail(**values: Any) -> dict[str, DetailValue]:
    """The values that are set, dates as ISO strings."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
        if value is not None
    }


def case_role(case: Any, person_id: str) -> Role:
    return "victim" if case.victim_id == person_id else "perpetrator"


def _entry(
    kind: str, on: date, *, agency: str | None, record_id: str, role: Role | None, **detail: Any
) -> HistoryEntry:
    return HistoryEntry(
        occurred_on=on,
        occurred_at=None,
        kind=kind,  # type: ignore[arg-type]
        agency=agency,
        record_id=uuid.UUID(record_id),
        role=role,
        detail=_detail(**detail),
    )


def case_entries(cases: Iterable[Any], *, person_id: str) -> list[HistoryEntry]:
    entries = []
    for case in cases:
        of_case = {
            "agency": case.referring_agency,
            "record_id": case.id,
            "role": case_role(case, person_id),
            "marac_area": case.marac_area,
        }
        entries.append(
            _entry(
                "marac_referral_received",
                case.referred_on,
                source=case.source,
                referrer_kind=case.referrer_kind,
                dash_score=case.score,
                **of_case,
            )
        )
        if case.meeting_date is not None:
            # A case is listed when it is referred; the meeting is the one it is (or was
            # last) listed at.
            entries.append(
                _entry(
                    "marac_case_listed", case.referred_on, meeting_date=case.meeting_date, **of_case
                )
            )
        if case.heard_on is not None:
            entries.append(
                _entry("marac_case_heard", case.heard_on, meeting_date=case.heard_on, **of_case)
            )
    return entries


def action_entries(actions: Iterable[Any], *, roles: dict[str, Role]) -> list[HistoryEntry]:
    """`roles`: the person's role in each case, by case id."""
    entries = []
    for action in actions:
        of_action = {
            "agency": action.owner_agency,
            "record_id": action.id,
            "role": roles[action.case_id],
            "case_id": action.case_id,
            "marac_area": action.marac_area,
            "due_on": action.due_on,
        }
        entries.append(
            _entry(
                "marac_action_agreed",
                action.agreed_on,
                owner_agency=action.owner_agency,
                **of_action,
            )
        )
        if action.status == "done" and action.completed_on is not None:
            entries.append(
                _entry(
                    "marac_action_completed",
                    action.completed_on,
                    outcome=action.outcome,
                    **of_action,
                )
            )
    return entries


def nomination_entries(nominations: Iterable[Any]) -> list[HistoryEntry]:
    entries = []
    for nomination in nominations:
        of_nomination = {
            "agency": nomination.nominating_agency,
            "record_id": nomination.id,
            "role": "perpetrator",
            "marac_area": nomination.marac_area,
            "meeting_date": nomination.meeting_date,
        }
        entries.append(
            _entry(
                "matac_nominated",
                nomination.nominated_on,
                source=nomination.source,
                **of_nomination,
            )
        )
        if nomination.meeting_status == HEARD and nomination.meeting_date is not None:
            entries.append(_entry("matac_heard", nomination.meeting_date, **of_nomination))
    return entries
