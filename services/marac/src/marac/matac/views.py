"""`/v1/matac`: RFGV ranking per area, nominations, interventions, entry and exit scores."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse

from csp_common import clock, idempotency
from csp_common.auth import Caller, require_any_scope
from csp_common.errors import Problem, not_found
from csp_common.idempotency import Created
from csp_common.pagination import Page, PageRequest, signed_sort_params
from csp_common.unit_of_work import Work
from marac.access import (
    COORDINATE,
    REFER,
    Coordinator,
    Importer,
    coordinates,
    coordinator_scope,
    history_area,
)
from marac.areas import check_marac_area, hub_marac_area
from marac.config.service import get_policy
from marac.dependencies import Idempotent, Settings, UnitOfWork
from marac.fields import AreaCode, InputDate
from marac.matac import flows, service
from marac.matac.schemas import (
    ExitIn,
    HistoricalNominationIn,
    InterventionIn,
    InterventionOut,
    NominationIn,
    NominationOut,
    NominationStatus,
    RankingNominationIn,
    RfgvScore,
)

router = APIRouter(prefix="/v1/matac", tags=["matac"])
Nominator = Annotated[Caller, require_any_scope(COORDINATE, REFER)]
NominationPages = Annotated[
    PageRequest,
    Depends(signed_sort_params(service.NOMINATIONS, default="-nominated_on", max_limit=500)),
]
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
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    as_of: Annotated[InputDate | None, Query(description="Defaults to today")] = None,
    serial_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[RfgvScore]:
    area = _one_area(caller, area)
    policy = await get_policy(work.session, settings=settings)
    ranked = await service.ranking(
        work.session,
        area=area,
        as_of=as_of or clock.today(),
        policy=policy,
        serial_only=serial_only,
    )
    shown = ranked[:limit]
    work.audit(action="rank", record_type="matac_subject", record_ids=[s.subject_id for s in shown])
    return shown


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
        "same subject is not its to know of (the coordinator sees both). "
        "`Idempotency-Key` is required: a retry with the same key and body gets the "
        "first answer again."
    ),
    response_model=NominationOut,
    responses=idempotency.RESPONSES
    | {409: {"description": "Already nominated in this area, or the Idempotency-Key reused"}},
)
async def create_nomination(
    work: UnitOfWork,
    caller: Nominator,
    settings: Settings,
    keyed: Idempotent,
    body: Annotated[NominationIn, Body()],
) -> JSONResponse:
    area = hub_marac_area(body.area) or check_marac_area(body.area)
    on = body.nominated_on or clock.today()
    if on > clock.today():
        raise Problem(
            422, "Invalid date", "nominated_on must not be in the future.", type="validation"
        )

    async def nominate(work: Work) -> Created:
        nomination_id = await flows.nominate(
            work,
            caller=caller,
            settings=settings,
            subject_id=str(body.subject_id),
            area=area,
            on=on,
            source=caller.agency,
            age_band=body.subject_age_band,
            reason=body.reason,
        )
        work.audit(
            action="nominate", record_type="matac_subject", record_ids=[str(body.subject_id)]
        )
        row = await service.get_nomination(work.session, nomination_id=nomination_id)
        return Created(
            service.nomination_out(row, scores=coordinates(caller, area)),
            headers={"Location": f"/v1/matac/nominations/{nomination_id}"},
        )

    return await keyed.create_once(work, agency=caller.agency, body=body, step=nominate)


@router.post(
    "/nominations/from-ranking",
    status_code=201,
    summary="Nominate the highest-ranked subjects from police data",
    description=(
        "Scope `marac:coordinate`. Nominates the top N of the ranking not already "
        "nominated (source `police-data`). `Idempotency-Key` is required: a retry gets "
        "the first answer."
    ),
    response_model=list[NominationOut],
    responses=idempotency.RESPONSES,
)
async def nominate_from_ranking(
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    keyed: Idempotent,
    body: Annotated[RankingNominationIn, Body()],
) -> JSONResponse:
    area = _one_area(caller, body.area)

    async def nominate(work: Work) -> Created:
        ids = await flows.nominate_top(
            work,
            caller=caller,
            settings=settings,
            area=area,
            top=body.top,
            serial_only=body.serial_only,
        )
        rows = await service.nominations_by_score(work.session, nomination_ids=ids)
        return Created([service.nomination_out(r) for r in rows])

    return await keyed.create_once(work, agency=caller.agency, body=body, step=nominate)


@router.post(
    "/nominations/history",
    status_code=201,
    summary="Record a MATAC nomination of the partnership's history",
    description=(
        "Scope `marac:import`, as the imports of history: a token that names an area "
        "records that area's only (unless it has `admin`), and in its own agency's name "
        "(`nominating_agency` another's needs `admin`). The nomination, the interventions "
        "begun and the exit keep their own days (none in the future), and so do their "
        "events: the figures count them in their period. The entry and exit scores are "
        "the RFGV scores on those days (import the police incidents first); the "
        "nomination is heard at the area's first MATAC meeting held on or after its day, "
        "if one is recorded (import the meetings first). 409 if the subject is still "
        "nominated in the area. `Idempotency-Key` is required: a retry with the same key "
        "and body gets the first answer again and records nothing twice."
    ),
    response_model=NominationOut,
    responses=idempotency.RESPONSES
    | {409: {"description": "Still nominated in this area, or the Idempotency-Key reused"}},
)
async def record_history(
    work: UnitOfWork,
    caller: Importer,
    settings: Settings,
    keyed: Idempotent,
    body: Annotated[HistoricalNominationIn, Body()],
) -> JSONResponse:
    area = history_area(caller, hub_marac_area(body.area) or check_marac_area(body.area))

    async def record(work: Work) -> Created:
        nomination_id = await flows.record_history(
            work, caller=caller, settings=settings, area=area, nomination=body
        )
        row = await service.get_nomination(work.session, nomination_id=nomination_id)
        return Created(
            service.nomination_out(row),
            headers={"Location": f"/v1/matac/nominations/{nomination_id}"},
        )

    return await keyed.create_once(work, agency=caller.agency, body=body, step=record)


@router.get(
    "/nominations",
    summary="List MATAC nominations of an area",
    description="Scope `marac:coordinate`.",
)
async def list_nominations(
    work: UnitOfWork,
    caller: Coordinator,
    pages: NominationPages,
    area: Annotated[AreaCode | None, Query(examples=["york"])] = None,
    status: NominationStatus | None = None,
    serial_perpetrator: bool | None = None,
) -> Page[NominationOut]:
    if area is not None:
        check_marac_area(area)
    page = await service.list_nominations(
        work.session,
        area=coordinator_scope(caller, area),
        status=status,
        serial_perpetrator=serial_perpetrator,
        pages=pages,
    )
    work.audit(
        action="list", record_type="matac_subject", record_ids=[n.subject_id for n in page.items]
    )
    return page


@router.get(
    "/nominations/{nomination_id}",
    summary="Read one nomination",
    description="The coordinator of the area, or the agency that nominated (`marac:refer`).",
    responses=NOT_FOUND,
)
async def read_nomination(
    nomination_id: uuid.UUID, work: UnitOfWork, caller: Nominator
) -> NominationOut:
    row = await service.visible_nomination(work.session, caller=caller, nomination_id=nomination_id)
    work.audit(action="read", record_type="matac_subject", record_ids=[row.subject_id])
    return service.nomination_out(row, scores=coordinates(caller, row.marac_area))


@router.post(
    "/nominations/{nomination_id}/interventions",
    status_code=201,
    summary="Add an intervention",
    description=(
        "Scope `marac:coordinate`. Support, prevention, diversion, disruption or enforcement; "
        "`plus_choices_referral` refers the subject to the partnership's perpetrator "
        "programme (North Yorkshire: Foundation's +Choices). "
        "`Idempotency-Key` is required: a retry gets the first answer."
    ),
    response_model=InterventionOut,
    responses=idempotency.RESPONSES
    | NOT_FOUND
    | {409: {"description": "The nomination has exited, or the Idempotency-Key reused"}},
)
async def create_intervention(
    nomination_id: uuid.UUID,
    work: UnitOfWork,
    caller: Coordinator,
    keyed: Idempotent,
    body: Annotated[InterventionIn, Body()],
) -> JSONResponse:
    async def intervene(work: Work) -> Created:
        row = await service.visible_nomination(
            work.session, caller=caller, nomination_id=nomination_id
        )
        if not coordinates(caller, row.marac_area):
            raise not_found("nomination")
        intervention_id = await flows.intervene(
            work,
            nomination=row,
            kind=body.kind,
            provider=body.provider,
            plus_choices=body.plus_choices_referral,
            description=body.description,
            on=body.started_on or clock.today(),
        )
        return Created(
            await service.get_intervention(work.session, intervention_id=intervention_id)
        )

    return await keyed.create_once(work, agency=caller.agency, body=body, step=intervene)


@router.get(
    "/nominations/{nomination_id}/interventions",
    summary="Interventions of a nomination",
    description="In start order. The coordinator of the area, or the nominating agency.",
    responses=NOT_FOUND,
)
async def list_interventions(
    nomination_id: uuid.UUID, work: UnitOfWork, caller: Nominator
) -> list[InterventionOut]:
    row = await service.visible_nomination(work.session, caller=caller, nomination_id=nomination_id)
    interventions = await service.interventions_of(work.session, nomination_id=row.id)
    work.audit(action="interventions", record_type="matac_subject", record_ids=[row.subject_id])
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
    work: UnitOfWork,
    caller: Coordinator,
    settings: Settings,
    body: Annotated[ExitIn, Body()] = ExitIn(),
) -> NominationOut:
    row = await service.visible_nomination(work.session, caller=caller, nomination_id=nomination_id)
    if not coordinates(caller, row.marac_area):
        raise not_found("nomination")
    await flows.exit_subject(work, nomination=row, on=body.exited_on, settings=settings)
    return service.nomination_out(await service.get_nomination(work.session, nomination_id=row.id))
