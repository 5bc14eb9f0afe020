"""MATAC's orchestration: nominating (one subject or the top of the ranking), the
interventions and the exit, with their events and audit rows."""

from datetime import date

from sqlalchemy import Row

from csp_common import clock
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from marac.access import coordinates, history_agency
from marac.areas import check_agency
from marac.config.service import get_area_config, get_policy
from marac.matac import service
from marac.matac.schemas import HistoricalNominationIn
from marac.settings import MaracSettings


async def nominate(
    work: Work,
    *,
    caller: Caller,
    settings: MaracSettings,
    subject_id: str,
    area: str,
    on: date,
    source: str,
    age_band: str,
    reason: str | None,
) -> str:
    """A nomination's id; 409 if the subject is nominated in the area already."""
    session = work.session
    # Another agency's nomination is not the caller's to know of: only the area's
    # coordinator, or the agency that nominated, hears that one exists.
    mine = None if coordinates(caller, area) else caller.agency
    if await service.active_nomination(session, subject_id=subject_id, area=area, by_agency=mine):
        raise Problem(
            409,
            "Conflict",
            "The subject is already nominated in this area"
            + ("." if mine is None else " by your agency."),
            type="duplicate",
        )
    nomination_id, events = await service.nominate(
        session,
        subject_id=subject_id,
        area=area,
        on=on,
        source=source,
        agency=caller.agency,
        age_band=age_band,
        reason=reason,
        policy=await get_policy(session, settings=settings),
        config=await get_area_config(session, area=area, settings=settings),
    )
    work.emit_all(events)
    return nomination_id


async def nominate_top(
    work: Work, *, caller: Caller, settings: MaracSettings, area: str, top: int, serial_only: bool
) -> list[str]:
    """The `top` subjects of the area's ranking not yet nominated (source `police-data`)."""
    policy = await get_policy(work.session, settings=settings)
    ranked = await service.ranking(
        work.session, area=area, as_of=clock.today(), policy=policy, serial_only=serial_only
    )
    chosen = [s for s in ranked if not s.nominated][:top]
    ids = [
        await nominate(
            work,
            caller=caller,
            settings=settings,
            subject_id=score.subject_id,
            area=area,
            on=clock.today(),
            source="police-data",
            age_band=score.subject_age_band,
            reason=None,
        )
        for score in chosen
    ]
    work.audit(
        action="nominate", record_type="matac_subject", record_ids=[s.subject_id for s in chosen]
    )
    return ids


async def intervene(
    work: Work,
    *,
    nomination: Row,
    kind: str,
    provider: str | None,
    plus_choices: bool,
    description: str | None,
    on: date,
) -> str:
    if nomination.status != "nominated":
        raise Problem(409, "Conflict", "The subject has exited MATAC.", type="invalid-state")
    intervention_id, event = await service.add_intervention(
        work.session,
        nomination=nomination,
        kind=kind,
        provider=provider,
        plus_choices=plus_choices,
        description=description,
        on=on,
    )
    work.emit_all([event])
    work.audit(action="intervene", record_type="matac_subject", record_ids=[nomination.subject_id])
    return intervention_id


async def exit_subject(
    work: Work, *, nomination: Row, on: date | None, settings: MaracSettings
) -> None:
    if nomination.status != "nominated":
        raise Problem(409, "Conflict", "The subject has already exited.", type="invalid-state")
    day = on or clock.today()
    if day < nomination.nominated_on or day > clock.today():
        raise Problem(
            422,
            "Invalid date",
            "exited_on must be between the nomination and today.",
            type="validation",
        )
    policy = await get_policy(work.session, settings=settings)
    work.emit_all(
        [await service.exit_nomination(work.session, nomination=nomination, on=day, policy=policy)]
    )
    work.audit(action="exit", record_type="matac_subject", record_ids=[nomination.subject_id])


async def record_history(
    work: Work,
    *,
    caller: Caller,
    settings: MaracSettings,
    area: str,
    nomination: HistoricalNominationIn,
) -> str:
    """A nomination of the past with its interventions and exit, each event on its own
    day, so the figures count them in their period; 409 if the subject is nominated in
    the area still."""
    today = clock.today()
    days = [("nominated_on", nomination.nominated_on), ("exited_on", nomination.exited_on)]
    days += [
        (f"interventions[{i}].started_on", x.started_on)
        for i, x in enumerate(nomination.interventions)
    ]
    for name, day in days:
        if day is not None and day > today:
            raise Problem(
                422, "Invalid date", f"{name} must not be in the future.", type="validation"
            )
    agency = check_agency(
        history_agency(caller, nomination.nominating_agency), field="nominating_agency"
    )
    subject_id = str(nomination.subject_id)
    session = work.session
    if await service.active_nomination(session, subject_id=subject_id, area=area):
        raise Problem(
            409, "Conflict", "The subject is already nominated in this area.", type="duplicate"
        )
    policy = await get_policy(session, settings=settings)
    meeting_id = await service.held_meeting_from(
        session, area=area, on=nomination.nominated_on, until=nomination.exited_on or today
    )
    nomination_id, events = await service.nominate(
        session,
        subject_id=subject_id,
        area=area,
        on=nomination.nominated_on,
        source=agency,
        agency=agency,
        age_band=nomination.subject_age_band,
        reason=nomination.reason,
        policy=policy,
        config=await get_area_config(session, area=area, settings=settings),
        historical=service.HistoricalMeeting(meeting_id),
    )
    row = await service.get_nomination(session, nomination_id=nomination_id)
    for intervention in sorted(nomination.interventions, key=lambda x: x.started_on):
        _, event = await service.add_intervention(
            session,
            nomination=row,
            kind=intervention.kind,
            provider=intervention.provider,
            plus_choices=intervention.plus_choices_referral,
            description=intervention.description,
            on=intervention.started_on,
            historical=True,
        )
        events.append(event)
    if nomination.exited_on is not None:
        events.append(
            await service.exit_nomination(
                session, nomination=row, on=nomination.exited_on, policy=policy, historical=True
            )
        )
    work.emit_all(events)
    work.audit(action="import", record_type="matac_subject", record_ids=[subject_id])
    return nomination_id
