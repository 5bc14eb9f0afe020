"""marac's test kit: the referral events it consumes with marac's defaults, request
bodies, and cases already listed at a meeting."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from csp_common.contracts.referrals import MaracReferralMade, ReferralReceived, ReferralRouted
from csp_devtools.events.referrals import marac_referral_made, referral_received, referral_routed
from csp_devtools.testing.feeding import publish, received


def referral_event(**overrides: Any) -> MaracReferralMade:
    values: dict[str, Any] = {
        "perpetrator_id": uuid.uuid4(),
        "area": "scarborough",
        "marac_area": "scarborough-ryedale",
        "children_in_household": 1,
        "referred_on": date.today(),
    }
    values.update(overrides)
    return marac_referral_made(**values)


def received_event(**overrides: Any) -> ReferralReceived:
    """referral-hub's `referral.received`: any referral, MARAC or not."""
    values: dict[str, Any] = {
        "perpetrator_id": uuid.uuid4(),
        "relationship": "partner",
        "incident_date": date.today(),
        "received_on": date.today(),
        "children_in_household": 0,
    }
    values.update(overrides)
    return referral_received(**values)


def routed_event(referral_id: uuid.UUID, provider: str) -> ReferralRouted:
    return referral_routed(
        referral_id=referral_id, routed_at=datetime.now(UTC), provider=provider, service=provider
    )


def direct_referral(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "area": "york",
        "victim_id": str(uuid.uuid4()),
        "perpetrator_id": str(uuid.uuid4()),
        "referred_on": date.today().isoformat(),
        "criteria": ["professional_judgement"],
        "score": 12,
        "children_in_household": 2,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    body.update(overrides)
    return body


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


__all__ = [
    "days_ago",
    "direct_referral",
    "publish",
    "received",
    "received_event",
    "referral_event",
    "routed_event",
]


def new_case(**overrides: Any):  # type: ignore[no-untyped-def]
    from marac.case.schemas import NewCase

    values: dict[str, Any] = {
        "source": "direct",
        "victim_id": str(uuid.uuid4()),
        "perpetrator_id": str(uuid.uuid4()),
        "area": "york",
        "marac_area": "york",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "criteria": ["visible_high_risk"],
        "score": 15,
        "children_in_household": 0,
        "victim_age_band": "35_44",
        "victim_gender": "female",
        "victim_ethnicity": "white",
        "referred_on": date(2019, 1, 2),
    }
    values.update(overrides)
    return NewCase(**values)


async def list_cases_at(
    app, *, meeting_id: str, held_on: date, area: str, count: int = 1, **overrides: Any
) -> list[str]:  # type: ignore[no-untyped-def]
    """Store cases already listed at a meeting (through the app's current session factory)."""
    from marac.case.service import create_cases
    from marac.policy import MaracPolicy

    cases = [new_case(marac_area=area, area=None, **overrides) for _ in range(count)]
    async with app.state.session_factory() as session:
        result = await create_cases(
            session,
            cases=cases,
            policy=MaracPolicy(),
            configs={},
            today=date.today(),
            listing={i: (meeting_id, held_on, "listed") for i in range(count)},
        )
        await session.commit()
    return [c.id for c in result.created]


def meeting_dates(area_anchor: date, start: date, count: int, cadence: int = 14) -> list[date]:
    from marac.meeting.service import cadence_dates

    dates = cadence_dates(area_anchor, cadence, start)
    return [next(dates) for _ in range(count)]
