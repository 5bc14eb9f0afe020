"""A person's referrals, routes and provider reports as dated chronology entries (pure:
rows in, entries out). Codes, numbers and dates only: a decline reason, a safe contact
or a judgement's reasons stay in referral-hub."""

import uuid
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from csp_common.clock import as_utc
from referral_hub.person.schemas import DetailValue, HistoryEntry, HistoryKind

RECEIVED = "received"


def _detail(**values: Any) -> dict[str, DetailValue]:
    """The values that are set: dates as ISO strings, booleans as yes/no codes."""
    detail: dict[str, DetailValue] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            detail[name] = "yes" if value else "no"
        elif isinstance(value, date):
            detail[name] = value.isoformat()
        else:
            detail[name] = value
    return detail


def _entry(
    kind: HistoryKind,
    *,
    at: Any,
    agency: str | None,
    record_id: uuid.UUID,
    role: Any,
    **detail: Any,
) -> HistoryEntry:
    moment = as_utc(at)
    return HistoryEntry(
        occurred_on=moment.date(),
        occurred_at=moment,
        kind=kind,
        agency=agency,
        record_id=record_id,
        role=role,
        detail=_detail(**detail),
    )


def role_in(referral: Any, person_ids: Collection[uuid.UUID]) -> str:
    return "victim" if referral.victim_id in person_ids else "perpetrator"


def referral_entries(
    referrals: Iterable[Any], *, person_ids: Collection[uuid.UUID]
) -> list[HistoryEntry]:
    """Each referral's receipt and risk assessment, and its latest status if it moved on."""
    entries = []
    for referral in referrals:
        common = {
            "agency": referral.referring_agency,
            "record_id": referral.id,
            "role": role_in(referral, person_ids),
        }
        entries.append(
            _entry(
                "referral_received",
                at=referral.received_at,
                area=referral.area,
                referrer_kind=referral.referrer_kind,
                channel=referral.channel,
                relationship=referral.relationship,
                risk_level=referral.level,
                dash_score=referral.score,
                **common,
            )
        )
        entries.append(
            _entry(
                "risk_assessed",
                at=referral.received_at,
                risk_level=referral.level,
                actuarial_level=referral.actuarial_level,
                dash_score=referral.score,
                marac_referral=referral.marac_referral,
                repeat=referral.repeat,
                **common,
            )
        )
        if referral.status != RECEIVED:
            # Only the latest status is kept, from when it was set.
            entries.append(
                _entry(
                    "referral_status_changed",
                    at=referral.updated_at,
                    status=referral.status,
                    **common,
                )
            )
    return entries


def route_entries(
    routes: Iterable[Any], changes: Iterable[Any], *, roles: dict[uuid.UUID, str]
) -> list[HistoryEntry]:
    """Each route as it was made, and every status a provider reported on it."""
    entries = [
        _entry(
            "referral_routed",
            at=route.routed_at,
            agency=route.provider,
            record_id=route.id,
            role=roles[route.referral_id],
            provider=route.provider,
            service=route.service,
            referral_id=str(route.referral_id),
        )
        for route in routes
    ]
    route_referrals = {route.id: route.referral_id for route in routes}
    for change in changes:
        closed = change.to_status == "closed"
        entries.append(
            _entry(
                "provider_outcome",
                at=change.occurred_at,
                agency=change.provider,
                record_id=change.route_id,
                role=roles[route_referrals[change.route_id]],
                provider=change.provider,
                status=change.to_status,
                previous_status=change.from_status,
                outcome=";".join(change.outcome_codes) if closed and change.outcome_codes else None,
            )
        )
    return entries
