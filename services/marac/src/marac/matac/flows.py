"""MATAC's orchestration: nominating (one subject or the top of the ranking), the
interventions and the exit, with their events and audit rows."""

from datetime import date

from sqlalchemy import Row

from csp_common import clock
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from marac.access import coordinates
from marac.config.service import get_area_config, get_policy
from marac.matac import service
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
