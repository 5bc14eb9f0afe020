"""MATAC: RFGV scores over a rolling window, the serial-perpetrator test, nominations,
interventions, entry and exit scores."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.marac import MatacIntervention, MatacNominated, MatacScored
from csp_common.errors import not_found
from csp_common.outbox import PendingEvent
from csp_common.pagination import Keyset, Page, PageRequest
from csp_common.partnership import load_partnership
from marac.access import REFER, coordinates
from marac.fields import new_id
from marac.matac.models import incident_table, intervention_table, nomination_table
from marac.matac.rules import SubjectHistory, rfgv
from marac.matac.schemas import InterventionOut, NominationOut, RfgvScore
from marac.meeting.models import meeting_table
from marac.meeting.service import next_meeting
from marac.policy import AreaConfig, MaracPolicy


async def histories(
    session: AsyncSession,
    *,
    area: str,
    as_of: date,
    policy: MaracPolicy,
    subject_ids: list[str] | None = None,
) -> dict[str, SubjectHistory]:
    days = max(policy.rfgv.window_days, policy.serial.window_days)
    statement = select(
        incident_table.c.subject_id,
        incident_table.c.victim_id,
        incident_table.c.occurred_on,
        incident_table.c.gravity,
        incident_table.c.subject_age_band,
    ).where(
        incident_table.c.marac_area == area,
        incident_table.c.occurred_on > as_of - timedelta(days=days),
        incident_table.c.occurred_on <= as_of,
    )
    if subject_ids is not None:
        statement = statement.where(incident_table.c.subject_id.in_(subject_ids))
    found: dict[str, SubjectHistory] = {}
    for subject, victim, on, gravity, band in await session.execute(
        statement.order_by(incident_table.c.occurred_on)
    ):
        history = found.setdefault(subject, SubjectHistory(subject, area))
        history.incidents.append((on, victim, gravity))
        history.age_band = band  # the latest incident's
    return found


async def ranking(
    session: AsyncSession, *, area: str, as_of: date, policy: MaracPolicy, serial_only: bool = False
) -> list[RfgvScore]:
    scores = [
        rfgv(h, as_of=as_of, rule=policy.rfgv, serial=policy.serial)
        for h in (await histories(session, area=area, as_of=as_of, policy=policy)).values()
    ]
    active = set(
        (
            await session.execute(
                select(nomination_table.c.subject_id).where(
                    nomination_table.c.marac_area == area, nomination_table.c.status == "nominated"
                )
            )
        ).scalars()
    )
    for score in scores:
        score.nominated = score.subject_id in active
    scores = [s for s in scores if s.incidents and (s.serial_perpetrator or not serial_only)]
    return sorted(scores, key=lambda s: (-s.score, s.subject_id))


async def score_of(
    session: AsyncSession, *, subject_id: str, area: str, as_of: date, policy: MaracPolicy
) -> RfgvScore:
    found = await histories(
        session, area=area, as_of=as_of, policy=policy, subject_ids=[subject_id]
    )
    history = found.get(subject_id, SubjectHistory(subject_id, area))
    return rfgv(history, as_of=as_of, rule=policy.rfgv, serial=policy.serial)


async def active_nomination(
    session: AsyncSession, *, subject_id: str, area: str, by_agency: str | None = None
) -> str | None:
    """The subject's open nomination in the area (`by_agency`'s only, if given)."""
    statement = select(nomination_table.c.id).where(
        nomination_table.c.subject_id == subject_id,
        nomination_table.c.marac_area == area,
        nomination_table.c.status == "nominated",
    )
    if by_agency is not None:
        statement = statement.where(nomination_table.c.nominating_agency == by_agency)
    return await session.scalar(statement.limit(1))


@dataclass(frozen=True)
class HistoricalMeeting:
    """A nomination recorded from history: the MATAC meeting that heard it, if one is
    recorded (none is scheduled for the past)."""

    meeting_id: str | None


def _time(on: date, historical: bool) -> datetime | None:
    """An event of history happened on its business date (noon), not when it was recorded."""
    return clock.at_noon(on) if historical else None


async def held_meeting_from(
    session: AsyncSession, *, area: str, on: date, until: date
) -> str | None:
    """The area's first MATAC meeting held from `on` to `until` (the one that heard a
    nomination of `on`)."""
    return await session.scalar(
        select(meeting_table.c.id)
        .where(
            meeting_table.c.kind == "matac",
            meeting_table.c.marac_area == area,
            meeting_table.c.status == "held",
            meeting_table.c.held_on.between(on, until),
        )
        .order_by(meeting_table.c.held_on)
        .limit(1)
    )


def _scored(
    nomination_id: str,
    subject_id: str,
    area: str,
    stage: str,
    score: float,
    on: date,
    *,
    time: datetime | None = None,
) -> PendingEvent:
    return PendingEvent(
        payload=MatacScored(
            nomination_id=uuid.UUID(nomination_id),
            subject_id=uuid.UUID(subject_id),
            marac_area=area,
            stage=stage,  # type: ignore[arg-type]
            score=score,
            scored_on=on,
        ),
        key=nomination_id,
        time=time,
    )


async def nominate(
    session: AsyncSession,
    *,
    subject_id: str,
    area: str,
    on: date,
    source: str,
    agency: str,
    age_band: str,
    reason: str | None,
    policy: MaracPolicy,
    config: AreaConfig,
    historical: HistoricalMeeting | None = None,
) -> tuple[str, list[PendingEvent]]:
    """Nominate a subject; the entry score is their RFGV score on the day. A nomination of
    the past (`historical`) is heard at the meeting it names, and its events are dated
    on its day."""
    score = await score_of(session, subject_id=subject_id, area=area, as_of=on, policy=policy)
    band = age_band if age_band != "unknown" else score.subject_age_band
    if historical is None:
        meeting_id: str | None = (
            await next_meeting(
                session, area=area, kind="matac", config=config, on_or_after=max(on, clock.today())
            )
        )["id"]
    else:
        meeting_id = historical.meeting_id
    time = _time(on, historical is not None)
    nomination_id = new_id()
    await session.execute(
        nomination_table.insert().values(
            id=nomination_id,
            subject_id=subject_id,
            marac_area=area,
            nominated_on=on,
            source=source,
            nominating_agency=agency,
            reason=reason,
            status="nominated",
            serial_perpetrator=score.serial_perpetrator,
            subject_age_band=band,
            entry_score=score.score,
            meeting_id=meeting_id,
            created_at=clock.now(),
        )
    )
    events = [
        PendingEvent(
            payload=MatacNominated(
                nomination_id=uuid.UUID(nomination_id),
                subject_id=uuid.UUID(subject_id),
                marac_area=area,
                nominated_on=on,
                source=source,
                serial_perpetrator=score.serial_perpetrator,
                subject_age_band=band,
            ),
            key=nomination_id,
            time=time,
        ),
        _scored(nomination_id, subject_id, area, "entry", score.score, on, time=time),
    ]
    return nomination_id, events


async def exit_nomination(
    session: AsyncSession,
    *,
    nomination: Row,
    on: date,
    policy: MaracPolicy,
    historical: bool = False,
) -> PendingEvent:
    score = await score_of(
        session,
        subject_id=nomination.subject_id,
        area=nomination.marac_area,
        as_of=on,
        policy=policy,
    )
    await session.execute(
        update(nomination_table)
        .where(nomination_table.c.id == nomination.id)
        .values(status="exited", exit_score=score.score, exited_on=on)
    )
    return _scored(
        nomination.id,
        nomination.subject_id,
        nomination.marac_area,
        "exit",
        score.score,
        on,
        time=_time(on, historical),
    )


async def add_intervention(
    session: AsyncSession,
    *,
    nomination: Row,
    kind: str,
    provider: str | None,
    plus_choices: bool,
    description: str | None,
    on: date,
    historical: bool = False,
) -> tuple[str, PendingEvent]:
    programme = None
    chosen = load_partnership().marac.perpetrator_programme
    if plus_choices and chosen is not None:  # InterventionIn refuses it without one
        provider, programme = chosen.provider, chosen.programme
    intervention_id = new_id()
    await session.execute(
        intervention_table.insert().values(
            id=intervention_id,
            nomination_id=nomination.id,
            marac_area=nomination.marac_area,
            kind=kind,
            provider=provider,
            programme=programme,
            description=description,
            started_on=on,
        )
    )
    event = PendingEvent(
        payload=MatacIntervention(
            intervention_id=uuid.UUID(intervention_id),
            nomination_id=uuid.UUID(nomination.id),
            marac_area=nomination.marac_area,
            kind=kind,  # type: ignore[arg-type]
            provider=provider,
            programme=programme,
            started_on=on,
        ),
        key=nomination.id,
        time=_time(on, historical),
    )
    return intervention_id, event


def nomination_out(row: Row, *, scores: bool = True) -> NominationOut:
    """`scores=False` for a nominating agency that does not coordinate the area: the
    scores and the serial test come from police data it may not see."""
    m = row._mapping
    exit_score = m["exit_score"]
    if not scores:
        return NominationOut(
            id=m["id"],
            subject_id=m["subject_id"],
            area=m["marac_area"],
            nominated_on=m["nominated_on"],
            source=m["source"],
            nominating_agency=m["nominating_agency"],
            status=m["status"],
            serial_perpetrator=None,
            subject_age_band=m["subject_age_band"],
            entry_score=None,
            exit_score=None,
            exited_on=m["exited_on"],
            meeting_id=m["meeting_id"],
            score_change=None,
        )
    return NominationOut(
        id=m["id"],
        subject_id=m["subject_id"],
        area=m["marac_area"],
        nominated_on=m["nominated_on"],
        source=m["source"],
        nominating_agency=m["nominating_agency"],
        status=m["status"],
        serial_perpetrator=m["serial_perpetrator"],
        subject_age_band=m["subject_age_band"],
        entry_score=m["entry_score"],
        exit_score=exit_score,
        exited_on=m["exited_on"],
        meeting_id=m["meeting_id"],
        score_change=None if exit_score is None else round(exit_score - m["entry_score"], 2),
    )


def intervention_out(row: Row) -> InterventionOut:
    m = row._mapping
    return InterventionOut(
        id=m["id"],
        nomination_id=m["nomination_id"],
        kind=m["kind"],
        provider=m["provider"],
        programme=m["programme"],
        description=m["description"],
        started_on=m["started_on"],
        ended_on=m["ended_on"],
    )


NOMINATIONS = Keyset(
    sorts={
        "nominated_on": nomination_table.c.nominated_on,
        "entry_score": nomination_table.c.entry_score,
    },
    id_column=nomination_table.c.id,
)


async def list_nominations(
    session: AsyncSession,
    *,
    area: str | None,
    status: str | None,
    serial_perpetrator: bool | None,
    pages: PageRequest,
) -> Page[NominationOut]:
    """The nominations of `area` (None: every area)."""
    statement = select(nomination_table)
    if area is not None:
        statement = statement.where(nomination_table.c.marac_area == area)
    if status is not None:
        statement = statement.where(nomination_table.c.status == status)
    if serial_perpetrator is not None:
        statement = statement.where(nomination_table.c.serial_perpetrator.is_(serial_perpetrator))
    rows = (await session.execute(NOMINATIONS.select(statement, pages))).all()
    return NOMINATIONS.page(rows, pages, nomination_out)


async def get_nomination(session: AsyncSession, *, nomination_id: str) -> Row:
    """A nomination that exists (one just written)."""
    return (
        await session.execute(
            select(nomination_table).where(nomination_table.c.id == nomination_id)
        )
    ).one()


async def nominations_by_score(session: AsyncSession, *, nomination_ids: list[str]) -> list[Row]:
    return list(
        (
            await session.execute(
                select(nomination_table)
                .where(nomination_table.c.id.in_(nomination_ids))
                .order_by(nomination_table.c.entry_score.desc())
            )
        ).all()
    )


async def visible_nomination(
    session: AsyncSession, *, caller: Caller, nomination_id: uuid.UUID
) -> Row:
    """The nomination, for the coordinator of its area or the agency that nominated;
    else 404."""
    row = (
        await session.execute(
            select(nomination_table).where(nomination_table.c.id == str(nomination_id))
        )
    ).first()
    if row is None or not (
        coordinates(caller, row.marac_area)
        or (caller.has(REFER) and caller.agency == row.nominating_agency)
    ):
        raise not_found("nomination")
    return row


async def interventions_of(session: AsyncSession, *, nomination_id: str) -> list[InterventionOut]:
    rows = await session.execute(
        select(intervention_table)
        .where(intervention_table.c.nomination_id == nomination_id)
        .order_by(intervention_table.c.started_on)
    )
    return [intervention_out(r) for r in rows]


async def get_intervention(session: AsyncSession, *, intervention_id: str) -> InterventionOut:
    row = (
        await session.execute(
            select(intervention_table).where(intervention_table.c.id == intervention_id)
        )
    ).one()
    return intervention_out(row)


async def follow_merge(session: AsyncSession, *, surviving: str, merged: str) -> None:
    """referral-hub found two person records to be one: their incidents and nominations
    are the surviving person's (one subject, one ranking, one history)."""
    await session.execute(
        update(nomination_table)
        .where(nomination_table.c.subject_id == merged)
        .values(subject_id=surviving)
    )
    for column in (incident_table.c.subject_id, incident_table.c.victim_id):
        await session.execute(
            update(incident_table).where(column == merged).values({column.name: surviving})
        )
