"""Helpers of reporting's tests: event builders and a feeder that publishes events to
the broker and waits until the reporting consumer has applied them."""

import asyncio
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from csp_common.contracts.marac import (
    ActionCompleted,
    ActionCreated,
    AttendanceRecorded,
    CaseHeard,
    CaseReferred,
    EscalationRaised,
    MatacIntervention,
    MatacNominated,
    MatacScored,
)
from csp_common.contracts.referrals import (
    HateIncidentReported,
    MaracReferralMade,
    ProviderStatusChanged,
    ReferralReceived,
    ReferralRouted,
    RiskAssessed,
)
from csp_common.events import EventPayload, to_kafka
from csp_common.events.envelope import encode_payload
from csp_common.tables import processed_event_table
from csp_devtools.testing.infra import eventually

LONDON_OFFSET = timedelta(hours=0)


@dataclass(frozen=True)
class Sent:
    payload: EventPayload
    event_id: str
    key: str


def key_of(payload: EventPayload) -> str:
    for name in ("referral_id", "case_id", "report_id", "meeting_id", "nomination_id", "action_id"):
        value = getattr(payload, name, None)
        if value is not None:
            return str(value)
    return str(uuid.uuid4())


async def ensure_topics(bootstrap_servers: str, names: Iterable[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            await admin.create_topics(
                [NewTopic(name=n, num_partitions=3, replication_factor=1) for n in missing]
            )
    finally:
        await admin.close()


class Feeder:
    """Publishes events as CloudEvents and waits until the consumer has applied them."""

    def __init__(self, producer: AIOKafkaProducer, engine: AsyncEngine, consumer: str) -> None:
        self.producer = producer
        self.engine = engine
        self.consumer = consumer

    async def send(
        self,
        payloads: Sequence[EventPayload],
        *,
        event_ids: Sequence[str] | None = None,
        time: datetime | None = None,
    ) -> list[Sent]:
        sent = []
        futures = []
        for index, payload in enumerate(payloads):
            event_id = event_ids[index] if event_ids else str(uuid.uuid4())
            key = key_of(payload)
            value, headers = to_kafka(
                event_id=event_id,
                source=payload.topic.source,
                event_type=payload.type,
                time=time or datetime.now(UTC),
                key=key,
                data=encode_payload(payload),
            )
            futures.append(
                await self.producer.send(
                    payload.topic.name, value=value, key=key.encode(), headers=headers
                )
            )
            sent.append(Sent(payload, event_id, key))
        await asyncio.gather(*futures)
        return sent

    async def applied(self, sent: Sequence[Sent]) -> int:
        ids = [s.event_id for s in sent]
        table = processed_event_table
        total = 0
        async with self.engine.connect() as conn:
            for start in range(0, len(ids), 1000):
                total += int(
                    await conn.scalar(
                        select(func.count())
                        .select_from(table)
                        .where(
                            table.c.consumer == self.consumer,
                            table.c.event_id.in_(ids[start : start + 1000]),
                        )
                    )
                    or 0
                )
        return total

    async def feed(self, payloads: Sequence[EventPayload], **kwargs: object) -> list[Sent]:
        """Send and wait until every one is applied."""
        sent = await self.send(payloads, **kwargs)  # type: ignore[arg-type]
        unique = len({s.event_id for s in sent})

        async def done() -> bool:
            return await self.applied(sent) >= unique

        await eventually(done, timeout=30, interval=0.1)
        return sent


# ---- event builders with defaults --------------------------------------------------


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def referral_received(
    *, received_on: date, area: str = "york", **fields: object
) -> ReferralReceived:
    values: dict[str, object] = {
        "referral_id": new_id(),
        "victim_id": new_id(),
        "area": area,
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "relationship": "ex_partner",
        "incident_date": received_on - timedelta(days=1),
        "received_on": received_on,
        "children_in_household": 1,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return ReferralReceived(**values)


def risk_assessed(*, referral_id: uuid.UUID, level: str = "high", **fields: object) -> RiskAssessed:
    values: dict[str, object] = {
        "referral_id": referral_id,
        "area": "york",
        "score": {"standard": 3, "medium": 11, "high": 16}[level],
        "level": level,
        "criteria": ["visible_high_risk"] if level == "high" else [],
        "marac_referral": level == "high",
        "assessed_on": date(2024, 1, 1),
    }
    values.update(fields)
    return RiskAssessed(**values)


def referral_routed(
    *,
    referral_id: uuid.UUID,
    routed_at: datetime,
    provider: str = "idas",
    service: str = "idas_community_support",
    **fields: object,
) -> ReferralRouted:
    values: dict[str, object] = {
        "referral_id": referral_id,
        "route_id": new_id(),
        "area": "york",
        "provider": provider,
        "service": service,
        "routed_at": routed_at,
    }
    values.update(fields)
    return ReferralRouted(**values)


def provider_status(
    route: ReferralRouted, *, previous: str, status: str, occurred_at: datetime, **fields: object
) -> ProviderStatusChanged:
    values: dict[str, object] = {
        "referral_id": route.referral_id,
        "route_id": route.route_id,
        "area": route.area,
        "provider": route.provider,
        "service": route.service,
        "previous_status": previous,
        "status": status,
        "routed_at": route.routed_at,
        "occurred_at": occurred_at,
    }
    values.update(fields)
    return ProviderStatusChanged(**values)


def marac_referral_made(*, referred_on: date, **fields: object) -> MaracReferralMade:
    values: dict[str, object] = {
        "referral_id": new_id(),
        "victim_id": new_id(),
        "area": "york",
        "marac_area": "york",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "criteria": ["visible_high_risk"],
        "repeat": False,
        "score": 15,
        "level": "high",
        "children_in_household": 0,
        "referred_on": referred_on,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return MaracReferralMade(**values)


def case_heard(*, heard_on: date, marac_area: str = "york", **fields: object) -> CaseHeard:
    values: dict[str, object] = {
        "case_id": new_id(),
        "meeting_id": new_id(),
        "marac_area": marac_area,
        "heard_on": heard_on,
        "repeat": False,
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "children_in_household": 0,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return CaseHeard(**values)


def case_referred(*, referred_on: date, marac_area: str = "york", **fields: object) -> CaseReferred:
    values: dict[str, object] = {
        "case_id": new_id(),
        "marac_area": marac_area,
        "repeat": False,
        "source": "referral-hub",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "children_in_household": 0,
        "referred_on": referred_on,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return CaseReferred(**values)


def hate_incident(
    *,
    on: date,
    hour: int = 1,
    strands: Sequence[str] = ("race",),
    kind: str = "crime",
    area: str = "york",
    officer: bool = False,
    **fields: object,
) -> HateIncidentReported:
    """At `hour` local (Europe/London) time on `on`."""
    from zoneinfo import ZoneInfo

    local = datetime.combine(on, time(hour, 30), tzinfo=ZoneInfo("Europe/London"))
    values: dict[str, object] = {
        "report_id": new_id(),
        "kind": kind,
        "strands": list(strands),
        "occurred_at": local.astimezone(UTC),
        "area": area,
        "victim_police_officer_on_duty": officer,
        "reporting_channel": "police",
    }
    values.update(fields)
    return HateIncidentReported(**values)


def attendance(
    *,
    meeting_id: uuid.UUID,
    agency: str,
    status: str,
    meeting_date: date,
    marac_area: str = "york",
    meeting_kind: str = "marac",
) -> AttendanceRecorded:
    return AttendanceRecorded(
        meeting_id=meeting_id,
        meeting_kind=meeting_kind,
        marac_area=marac_area,
        meeting_date=meeting_date,
        agency=agency,
        status=status,
    )


def escalation(*, agency: str, raised_on: date, marac_area: str = "york") -> EscalationRaised:
    return EscalationRaised(
        escalation_id=new_id(),
        marac_area=marac_area,
        agency=agency,
        missed=3,
        of_meetings=4,
        raised_on=raised_on,
    )


def action_created(*, due_on: date, owner_agency: str, marac_area: str = "york") -> ActionCreated:
    return ActionCreated(
        action_id=new_id(),
        case_id=new_id(),
        meeting_id=new_id(),
        marac_area=marac_area,
        owner_agency=owner_agency,
        due_on=due_on,
    )


def action_completed(
    action: ActionCreated, *, completed_on: date, outcome: str = "completed"
) -> ActionCompleted:
    return ActionCompleted(
        action_id=action.action_id,
        case_id=action.case_id,
        marac_area=action.marac_area,
        owner_agency=action.owner_agency,
        completed_on=completed_on,
        outcome=outcome,
    )


def matac_nominated(
    *, nominated_on: date, marac_area: str = "york", serial: bool = True
) -> MatacNominated:
    return MatacNominated(
        nomination_id=new_id(),
        subject_id=new_id(),
        marac_area=marac_area,
        nominated_on=nominated_on,
        source="police",
        serial_perpetrator=serial,
        subject_age_band="25_34",
    )


def matac_scored(
    nomination: MatacNominated, *, stage: str, score: float, scored_on: date
) -> MatacScored:
    return MatacScored(
        nomination_id=nomination.nomination_id,
        subject_id=nomination.subject_id,
        marac_area=nomination.marac_area,
        stage=stage,
        score=score,
        scored_on=scored_on,
    )


def matac_intervention(
    nomination: MatacNominated, *, kind: str, started_on: date
) -> MatacIntervention:
    return MatacIntervention(
        intervention_id=new_id(),
        nomination_id=nomination.nomination_id,
        marac_area=nomination.marac_area,
        kind=kind,
        provider=None,
        started_on=started_on,
    )


# ---- the seed report's figures ------------------------------------------------------

SEED_MARAC_2023 = {
    "scarborough-ryedale": 539,
    "harrogate-craven": 480,
    "york": 460,
    "hambleton-richmondshire": 300,
    "selby": 219,
}  # 1,998: 27%, 24%, 23%
SEED_MARAC_2022 = {
    "scarborough-ryedale": 520,
    "harrogate-craven": 470,
    "york": 440,
    "hambleton-richmondshire": 280,
    "selby": 211,
}  # 1,921: 4% fewer than 2023
SEED_STRANDS = {
    "race": 156,
    "religion": 35,
    "sexual_orientation": 50,
    "disability": 30,
    "transgender": 12,
}
SEED_HOURS = [34, 31, 27, 23, 8, 4, 4, 5, 7, 9, 10, 11, 12, 12, 12, 12, 13, 13, 12, 10, 7, 5, 1, 1]
HATE_AREAS = (
    "craven",
    "hambleton",
    "harrogate",
    "richmondshire",
    "ryedale",
    "scarborough",
    "selby",
    "york",
)


def seed_dataset() -> list[EventPayload]:
    """Events whose figures are the seed report's: 1,998 MARAC cases in 2023 (4% more than
    2022; 27%, 24%, 23%); 283 hate crimes in Q3 2023/24 against 256, race 55%, 14 against
    officers, most between 00:00 and 04:00; and some referrals, routes and attendance."""
    events: list[EventPayload] = []
    for year, areas in ((2023, SEED_MARAC_2023), (2022, SEED_MARAC_2022)):
        for area, cases in areas.items():
            for i in range(cases):
                events.append(
                    case_heard(
                        heard_on=date(year, 1, 1) + timedelta(days=(i * 13) % 365),
                        marac_area=area,
                        repeat=i % 10 < 3,
                        referrer_kind="partner" if i % 3 == 0 else "police",
                        referring_agency="health" if i % 3 == 0 else "north-yorkshire-police",
                        children_in_household=i % 3,
                        victim_ethnicity="asian" if i % 20 == 0 else "white",
                        victim_gender="male" if i % 12 == 0 else "female",
                    )
                )
    hours = [h for h, n in enumerate(SEED_HOURS) for _ in range(n)]
    strands = [s for s, n in SEED_STRANDS.items() for _ in range(n)]
    for i in range(283):
        events.append(
            hate_incident(
                on=date(2023, 10, 1) + timedelta(days=i % 92),
                hour=hours[i],
                strands=[strands[i]],
                area=HATE_AREAS[i % len(HATE_AREAS)],
                officer=i % 20 == 0 and i < 280,
            )
        )
    for i in range(256):
        events.append(
            hate_incident(
                on=date(2022, 10, 1) + timedelta(days=i % 92),
                hour=(i * 5) % 24,
                strands=["race" if i % 2 else "religion"],
                area=HATE_AREAS[i % len(HATE_AREAS)],
                officer=i % 25 == 0,
            )
        )
    events += [hate_incident(on=date(2023, 11, 1), kind="non_crime_incident") for _ in range(40)]
    # Referrals through Q3 2023/24 and a year before, some routed to IDAS and Foundation.
    for year in (2023, 2022):
        for i in range(600 if year == 2023 else 540):
            received = date(year, 10, 1) + timedelta(days=i % 92)
            referral = referral_received(
                received_on=received,
                area=HATE_AREAS[i % len(HATE_AREAS)],
                referrer_kind="partner" if i % 3 == 0 else "police",
            )
            events.append(referral)
            level = ("high", "medium", "standard")[i % 3]
            events.append(risk_assessed(referral_id=referral.referral_id, level=level))
            routed_at = datetime.combine(received, time(10), tzinfo=UTC)
            if i % 2 == 0:
                route = referral_routed(referral_id=referral.referral_id, routed_at=routed_at)
                events.append(route)
                steps = [
                    ("sent", "accepted"),
                    ("accepted", "contacted"),
                    ("contacted", "engaged"),
                    ("engaged", "closed"),
                ][: i % 5]
                for day, (previous, status) in enumerate(steps, start=1):
                    events.append(
                        provider_status(
                            route,
                            previous=previous,
                            status=status,
                            occurred_at=routed_at + timedelta(days=day * 2),
                            outcome_codes=["risk_reduced"] if status == "closed" else [],
                        )
                    )
            elif i % 7 == 1:
                events.append(
                    referral_routed(
                        referral_id=referral.referral_id,
                        routed_at=routed_at,
                        provider="foundation",
                        service="foundation_plus_choices",
                    )
                )
    agencies = ("north-yorkshire-police", "health", "probation", "north-yorkshire-council")
    for area in SEED_MARAC_2023:
        for month in range(1, 13):
            meeting = uuid.uuid4()
            for n, agency in enumerate(agencies):
                status = "present"
                if agency == "health" and month % 3 != 0:
                    status = "absent"
                elif agency == "probation" and month % 4 == 0:
                    status = "apologies"
                events.append(
                    attendance(
                        meeting_id=meeting,
                        agency=agency,
                        status=status,
                        meeting_date=date(2023, month, 10 + n % 2 * 0),
                        marac_area=area,
                    )
                )
    events.append(escalation(agency="health", raised_on=date(2023, 9, 1)))
    return events
