"""`/v1/matac`: RFGV ranking per area, nominations, interventions, entry and exit scores."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import AuditTrail
from csp_common.auth import Caller, require_any_scope
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from csp_common.outbox import add_events
from marac.access import COORDINATE, REFER, Coordinator, coordinates, coordinator_scope
from marac.common import AreaCode, InputDate
from marac.config.service import check_marac_area, get_area_config, get_policy, hub_marac_area
from marac.dependencies import Settings
from marac.matac.models import (
    ExitIn,
    InterventionIn,
    InterventionOut,
    NominationIn,
    NominationOut,
    NominationStatus,
    RankingNominationIn,
    RfgvScore,
    intervention_table,
    nomination_table,
)
from marac.matac.service import (
    active_nomination,
    add_intervention,
    exit_nomination,
    intervention_out,
    nominate,
    nomination_out,
    ranking,
)
from marac.pagination import Page, page_of, paginate, sort_pattern
from marac.settings import MaracSettings

router = APIRouter(prefix="/v1/matac", tags=["matac"])
Nominator = Annotated[Caller, require_any_scope(COORDINATE, REFER)]
NOMINATION_SORTS = {
    "nominated_on": nomination_table.c.nominated_on,
    "entry_score": nomination_table.c.entry_score,
}
NOT_FOUND = {404: {"description": "No such nomination visible to you"}}


def _one_area(caller: Caller, area: str | None) -> str:
    if area is not None:
        check_marac_area(area)
    scoped = coordinator_scope(caller, area)
    if scoped is None:
        raise Problem(422, "Area needed", "Pass ?area= (a MATAC area code).", type="validation")
    return scoped


@router.get(
    "/rankings",
    summary="Perpetrators of an area ranked by RFGV score",
    description=(
        "Scope `marac:coordinate`. Recency, Frequency, Gravity and number of Victims over "
        "the rolling window, weighted as configured (`/v1/config/policy`, `rfgv`). "
        "`serial_only` keeps subjects passing the serial-perpetrator test (16+, two or more "
        "victims, more than one incident, in three years)."
    ),
)
async def get_ranking(
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    as_of: Annotated[InputDate | None, Query(description="Defaults to today")] = None,
    serial_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[RfgvScore]:
    area = _one_area(caller, area)
    policy = await get_policy(session, settings=settings)
    ranked = (
        await ranking(
            session, area=area, as_of=as_of or clock.today(), policy=policy, serial_only=serial_only
        )
    )[:limit]
    await audit.record(
        action="rank", record_type="matac_subject", record_ids=[s.subject_id for s in ranked]
    )
    await session.commit()
    return ranked


async def _visible_nomination(session: AsyncSession, *, caller: Caller, nomination_id: uuid.UUID):  # type: ignore[no-untyped-def]
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


async def _nominate(
    session: AsyncSession,
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
    # Another agency's nomination is not the caller's to know of: only the area's
    # coordinator, or the agency that nominated, hears that one exists.
    mine = None if coordinates(caller, area) else caller.agency
    if await active_nomination(session, subject_id=subject_id, area=area, by_agency=mine):
        raise Problem(
            409,
            "Conflict",
            "The subject is already nominated in this area"
            + ("." if mine is None else " by your agency."),
            type="duplicate",
        )
    nomination_id, events = await nominate(
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
    await add_events(session, events)
    return nomination_id


@router.post(
    "/nominations",
    status_code=201,
    summary="Nominate a perpetrator to MATAC",
    description=(
        "A partner agency's referral (`marac:refer`) or the coordinator's (`marac:coordinate`). "
        "The entry score is the subject's RFGV score on the day; the nomination is listed "
        "at the area's next 4-weekly MATAC. A partner agency sees its own nominations "
        "without the scores and serial test (they come from police data), and 409 only "
        "when it has nominated the subject itself: another agency's nomination of the "
        "same subject is not its to know of (the coordinator sees both)."
    ),
    responses={409: {"description": "Already nominated in this area"}},
)
async def create_nomination(
    session: DbSession,
    caller: Nominator,
    audit: AuditTrail,
    settings: Settings,
    body: Annotated[NominationIn, Body()],
) -> NominationOut:
    area = hub_marac_area(body.area) or check_marac_area(body.area)
    on = body.nominated_on or clock.today()
    if on > clock.today():
        raise Problem(
            422, "Invalid date", "nominated_on must not be in the future.", type="validation"
        )
    nomination_id = await _nominate(
        session,
        caller=caller,
        settings=settings,
        subject_id=str(body.subject_id),
        area=area,
        on=on,
        source=caller.agency,
        age_band=body.subject_age_band,
        reason=body.reason,
    )
    await audit.record(
        action="nominate", record_type="matac_subject", record_ids=[str(body.subject_id)]
    )
    row = (
        await session.execute(
            select(nomination_table).where(nomination_table.c.id == nomination_id)
        )
    ).one()
    await session.commit()
    return nomination_out(row, scores=coordinates(caller, area))


@router.post(
    "/nominations/from-ranking",
    status_code=201,
    summary="Nominate the highest-ranked subjects from police data",
    description=(
        "Scope `marac:coordinate`. Nominates the top N of the ranking not already "
        "nominated (source `police-data`)."
    ),
)
async def nominate_from_ranking(
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    body: Annotated[RankingNominationIn, Body()],
) -> list[NominationOut]:
    area = _one_area(caller, body.area)
    policy = await get_policy(session, settings=settings)
    candidates = [
        s
        for s in await ranking(
            session, area=area, as_of=clock.today(), policy=policy, serial_only=body.serial_only
        )
        if not s.nominated
    ]
    ids = []
    for score in candidates[: body.top]:
        ids.append(
            await _nominate(
                session,
                caller=caller,
                settings=settings,
                subject_id=score.subject_id,
                area=area,
                on=clock.today(),
                source="police-data",
                age_band=score.subject_age_band,
                reason=None,
            )
        )
    await audit.record(
        action="nominate",
        record_type="matac_subject",
        record_ids=[s.subject_id for s in candidates[: body.top]],
    )
    rows = (
        await session.execute(
            select(nomination_table)
            .where(nomination_table.c.id.in_(ids))
            .order_by(nomination_table.c.entry_score.desc())
        )
    ).all()
    await session.commit()
    return [nomination_out(r) for r in rows]


@router.get(
    "/nominations",
    summary="List MATAC nominations of an area",
    description="Scope `marac:coordinate`.",
)
async def list_nominations(
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    status: NominationStatus | None = None,
    serial_perpetrator: bool | None = None,
    sort: Annotated[
        str, Query(max_length=40, pattern=sort_pattern(list(NOMINATION_SORTS)))
    ] = "-nominated_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[NominationOut]:
    if area is not None:
        check_marac_area(area)
    scoped = coordinator_scope(caller, area)
    statement = select(nomination_table)
    if scoped is not None:
        statement = statement.where(nomination_table.c.marac_area == scoped)
    if status is not None:
        statement = statement.where(nomination_table.c.status == status)
    if serial_perpetrator is not None:
        statement = statement.where(nomination_table.c.serial_perpetrator.is_(serial_perpetrator))
    statement = paginate(
        statement,
        sort=sort,
        columns=NOMINATION_SORTS,
        id_column=nomination_table.c.id,
        limit=limit,
        cursor=cursor,
    )
    rows = (await session.execute(statement)).all()
    page = page_of(rows, sort=sort, limit=limit, key=sort.lstrip("-"), to_item=nomination_out)
    await audit.record(
        action="list", record_type="matac_subject", record_ids=[n.subject_id for n in page.items]
    )
    await session.commit()
    return page


@router.get(
    "/nominations/{nomination_id}",
    summary="Read one nomination",
    description="The coordinator of the area, or the agency that nominated (`marac:refer`).",
    responses=NOT_FOUND,
)
async def read_nomination(
    nomination_id: uuid.UUID, session: DbSession, caller: Nominator, audit: AuditTrail
) -> NominationOut:
    row = await _visible_nomination(session, caller=caller, nomination_id=nomination_id)
    await audit.record(action="read", record_type="matac_subject", record_ids=[row.subject_id])
    await session.commit()
    return nomination_out(row, scores=coordinates(caller, row.marac_area))


@router.post(
    "/nominations/{nomination_id}/interventions",
    status_code=201,
    summary="Add an intervention",
    description=(
        "Scope `marac:coordinate`. Support, prevention, diversion, disruption or enforcement; "
        "`plus_choices_referral` refers the subject to Foundation's +Choices programme."
    ),
    responses={**NOT_FOUND, 409: {"description": "The nomination has exited"}},
)
async def create_intervention(
    nomination_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    body: Annotated[InterventionIn, Body()],
) -> InterventionOut:
    row = await _visible_nomination(session, caller=caller, nomination_id=nomination_id)
    if not coordinates(caller, row.marac_area):
        raise not_found("nomination")
    if row.status != "nominated":
        raise Problem(409, "Conflict", "The subject has exited MATAC.", type="invalid-state")
    on = body.started_on or clock.today()
    intervention_id, event = await add_intervention(
        session,
        nomination=row,
        kind=body.kind,
        provider=body.provider,
        plus_choices=body.plus_choices_referral,
        description=body.description,
        on=on,
    )
    await add_events(session, [event])
    await audit.record(action="intervene", record_type="matac_subject", record_ids=[row.subject_id])
    created = (
        await session.execute(
            select(intervention_table).where(intervention_table.c.id == intervention_id)
        )
    ).one()
    await session.commit()
    return intervention_out(created)


@router.get(
    "/nominations/{nomination_id}/interventions",
    summary="Interventions of a nomination",
    description="In start order. The coordinator of the area, or the nominating agency.",
    responses=NOT_FOUND,
)
async def list_interventions(
    nomination_id: uuid.UUID, session: DbSession, caller: Nominator, audit: AuditTrail
) -> list[InterventionOut]:
    row = await _visible_nomination(session, caller=caller, nomination_id=nomination_id)
    rows = await session.execute(
        select(intervention_table)
        .where(intervention_table.c.nomination_id == row.id)
        .order_by(intervention_table.c.started_on)
    )
    interventions = [intervention_out(r) for r in rows]
    await audit.record(
        action="interventions", record_type="matac_subject", record_ids=[row.subject_id]
    )
    await session.commit()
    return interventions


@router.post(
    "/nominations/{nomination_id}/exit",
    summary="Exit a subject from MATAC",
    description=(
        "Scope `marac:coordinate`. The exit score is the RFGV score on the day: a fall is success."
    ),
    responses={**NOT_FOUND, 409: {"description": "Already exited"}},
)
async def exit_subject(
    nomination_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    body: Annotated[ExitIn, Body()] = ExitIn(),
) -> NominationOut:
    row = await _visible_nomination(session, caller=caller, nomination_id=nomination_id)
    if not coordinates(caller, row.marac_area):
        raise not_found("nomination")
    if row.status != "nominated":
        raise Problem(409, "Conflict", "The subject has already exited.", type="invalid-state")
    on = body.exited_on or clock.today()
    if on < row.nominated_on or on > clock.today():
        raise Problem(
            422,
            "Invalid date",
            "exited_on must be between the nomination and today.",
            type="validation",
        )
    await add_events(
        session,
        [
            await exit_nomination(
                session, nomination=row, on=on, policy=await get_policy(session, settings=settings)
            )
        ],
    )
    await audit.record(action="exit", record_type="matac_subject", record_ids=[row.subject_id])
    updated = (
        await session.execute(select(nomination_table).where(nomination_table.c.id == row.id))
    ).one()
    await session.commit()
    return nomination_out(updated)
