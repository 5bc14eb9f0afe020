"""Test data: referral events and request bodies, with sensible defaults."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from csp_common.contracts.referrals import (
    REFERRALS,
    MaracReferralMade,
    ReferralReceived,
    ReferralRouted,
)
from csp_common.events import to_kafka
from csp_common.outbox import PendingEvent


def referral_event(**overrides: Any) -> MaracReferralMade:
    values: dict[str, Any] = {
        "referral_id": uuid.uuid4(),
        "victim_id": uuid.uuid4(),
        "perpetrator_id": uuid.uuid4(),
        "area": "scarborough",
        "marac_area": "scarborough-ryedale",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "criteria": ["visible_high_risk"],
        "repeat": False,
        "score": 15,
        "level": "high",
        "children_in_household": 1,
        "referred_on": date.today(),
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(overrides)
    return MaracReferralMade(**values)


def received_event(**overrides: Any) -> ReferralReceived:
    """referral-hub's `referral.received`: any referral, MARAC or not."""
    values: dict[str, Any] = {
        "referral_id": uuid.uuid4(),
        "victim_id": uuid.uuid4(),
        "perpetrator_id": uuid.uuid4(),
        "area": "york",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "relationship": "partner",
        "incident_date": date.today(),
        "received_on": date.today(),
        "children_in_household": 0,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(overrides)
    return ReferralReceived(**values)


def routed_event(referral_id: uuid.UUID, provider: str) -> ReferralRouted:
    return ReferralRouted(
        referral_id=referral_id,
        route_id=uuid.uuid4(),
        area="york",
        provider=provider,
        service=provider,
        routed_at=datetime.now(UTC),
    )


def received(payload, *, event_id: str | None = None):  # type: ignore[no-untyped-def]
    from csp_common.events import ReceivedEvent

    return ReceivedEvent(
        id=event_id or str(uuid.uuid4()),
        source=REFERRALS.source,
        type=payload.type,
        time=datetime.now(UTC),
        key=str(getattr(payload, "referral_id", "")),
        payload=payload,
    )


async def publish(producer: AIOKafkaProducer, payload, *, event_id: str | None = None) -> str:  # type: ignore[no-untyped-def]
    event_id = event_id or str(uuid.uuid4())
    key = str(payload.referral_id)
    value, headers = to_kafka(
        event_id=event_id,
        source=REFERRALS.source,
        event_type=payload.type,
        time=datetime.now(UTC),
        key=key,
        data=payload.model_dump_json().encode(),
    )
    await producer.send_and_wait(REFERRALS.name, value=value, key=key.encode(), headers=headers)
    return event_id


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
    "PendingEvent",
    "days_ago",
    "direct_referral",
    "publish",
    "received",
    "received_event",
    "referral_event",
    "routed_event",
]


def new_case(**overrides: Any):  # type: ignore[no-untyped-def]
    from marac.case.models import NewCase

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
    from marac.config.models import MaracPolicy

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
