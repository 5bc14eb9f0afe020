"""A person's MARAC and MATAC records as dated chronology entries (pure: rows in,
entries out, no free text: an action's description and a nomination's reason stay in
marac)."""

import uuid
from collections.abc import Iterable, Sequence
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


def _case_entry(case: Any, role: Role, kind: str, on: date, **detail: Any) -> HistoryEntry:
    return HistoryEntry(
        occurred_on=on,
        occurred_at=None,
        kind=kind,  # type: ignore[arg-type]
        agency=case.referring_agency,
        record_id=uuid.UUID(case.id),
        role=role,
        detail=_detail(marac_area=case.marac_area, **detail),
    )


def case_entries(cases: Iterable[Any], *, person_id: str) -> list[HistoryEntry]:
    entries = []
    for case in cases:
        role = case_role(case, person_id)
        entries.append(
            _case_entry(
                case,
                role,
                "marac_referral_received",
                case.referred_on,
                source=case.source,
                referrer_kind=case.referrer_kind,
                dash_score=case.score,
            )
        )
        if case.meeting_date is not None:
            # A case is listed when it is referred; the meeting is the one it is (or was
            # last) listed at.
            entries.append(
                _case_entry(
                    case,
                    role,
                    "marac_case_listed",
                    case.referred_on,
                    meeting_date=case.meeting_date,
                )
            )
        if case.heard_on is not None:
            entries.append(
                _case_entry(
                    case, role, "marac_case_heard", case.heard_on, meeting_date=case.heard_on
                )
            )
    return entries


def action_entries(actions: Iterable[Any], *, roles: dict[str, Role]) -> list[HistoryEntry]:
    """`roles`: the person's role in each case, by case id."""
    entries = []
    for action in actions:
        common = {
            "occurred_at": None,
            "agency": action.owner_agency,
            "record_id": uuid.UUID(action.id),
            "role": roles[action.case_id],
        }
        entries.append(
            HistoryEntry(
                occurred_on=action.agreed_on,
                kind="marac_action_agreed",
                detail=_detail(
                    case_id=action.case_id,
                    marac_area=action.marac_area,
                    owner_agency=action.owner_agency,
                    due_on=action.due_on,
                ),
                **common,
            )
        )
        if action.status == "done" and action.completed_on is not None:
            entries.append(
                HistoryEntry(
                    occurred_on=action.completed_on,
                    kind="marac_action_completed",
                    detail=_detail(
                        case_id=action.case_id,
                        marac_area=action.marac_area,
                        outcome=action.outcome,
                        due_on=action.due_on,
                    ),
                    **common,
                )
            )
    return entries


def nomination_entries(nominations: Iterable[Any]) -> list[HistoryEntry]:
    entries = []
    for nomination in nominations:
        common = {
            "occurred_at": None,
            "agency": nomination.nominating_agency,
            "record_id": uuid.UUID(nomination.id),
            "role": "perpetrator",
        }
        entries.append(
            HistoryEntry(
                occurred_on=nomination.nominated_on,
                kind="matac_nominated",
                detail=_detail(
                    marac_area=nomination.marac_area,
                    source=nomination.source,
                    meeting_date=nomination.meeting_date,
                ),
                **common,
            )
        )
        if nomination.meeting_status == HEARD and nomination.meeting_date is not None:
            entries.append(
                HistoryEntry(
                    occurred_on=nomination.meeting_date,
                    kind="matac_heard",
                    detail=_detail(
                        marac_area=nomination.marac_area, meeting_date=nomination.meeting_date
                    ),
                    **common,
                )
            )
    return entries


def chronology(entries: Iterable[HistoryEntry], *, before: date | None) -> list[HistoryEntry]:
    """The entries strictly before `before` (all without it), in the contract's order:
    occurred_on, occurred_at (none first), kind, record_id."""
    kept: Sequence[HistoryEntry] = [e for e in entries if before is None or e.occurred_on < before]
    return sorted(
        kept,
        key=lambda e: (
            e.occurred_on,
            e.occurred_at is not None,
            e.occurred_at or e.occurred_on,
            e.kind,
            str(e.record_id),
        ),
    )
