"""`/v1/cases`: the contract other services read, direct referrals, transfer and closing."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import AuditTrail
from csp_common.auth import Caller
from csp_common.db import DbSession
from csp_common.errors import Problem, not_found
from csp_common.outbox import add_events
from marac.access import (
    CaseReader,
    Coordinator,
    Referrer,
    coordinates,
    coordinator_scope,
    may_see_case,
)
from marac.case.models import (
    CaseOut,
    CaseStatus,
    CloseIn,
    DirectReferralIn,
    NewCase,
    TransferIn,
    case_table,
)
from marac.case.service import (
    case_out,
    case_with_meeting,
    close_case,
    create_cases,
    creation_events,
    get_case,
    moved_case_events,
    transfer_case,
)
from marac.common import AreaCode, InputDate
from marac.config.service import (
    check_marac_area,
    get_area_config,
    get_area_configs,
    get_policy,
    hub_marac_area,
    referrer_kind,
)
from marac.dependencies import Settings
from marac.pagination import Page, page_of, paginate, sort_pattern
from marac.referral.service import UNKNOWN_REFERRAL, visible_referral
from marac.settings import MaracSettings

router = APIRouter(prefix="/v1/cases", tags=["cases"])

CASE_SORTS = {
    "referred_on": case_table.c.referred_on,
    "created_at": case_table.c.created_at,
    "updated_at": case_table.c.updated_at,
}
NOT_FOUND = {404: {"description": "No such case, or not visible to you"}}


async def visible_case(
    session: AsyncSession, *, caller: Caller, case_id: uuid.UUID, settings: MaracSettings
) -> Row:
    row = await get_case(session, case_id=str(case_id))
    if row is None:
        raise not_found("case")
    config = await get_area_config(session, area=row.marac_area, settings=settings)
    if not may_see_case(
        caller,
        marac_area=row.marac_area,
        listed=row.meeting_id is not None,
        referring_agency=row.referring_agency,
        expected_agencies=config.expected_agencies,
    ):
        raise not_found("case")
    return row


@router.get(
    "",
    summary="List the cases of a MARAC area",
    description=(
        "Scope `marac:coordinate`. The area is the token's `area` claim; a token without "
        "one needs `admin` and may pass `?area=` (or omit it for every area). Asking for "
        "another area than the token's answers 404. Cursor-paginated: pass `next_cursor` "
        "back as `cursor`."
    ),
    responses={403: {"description": "Missing scope, or a token with neither area nor admin"}},
)
async def list_cases(
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    area: Annotated[
        AreaCode | None, Query(description="MARAC area code", examples=["york"])
    ] = None,
    status: Annotated[
        list[CaseStatus] | None, Query(max_length=5, description="One or more statuses")
    ] = None,
    repeat: bool | None = None,
    urgent: bool | None = None,
    meeting_id: uuid.UUID | None = None,
    referred_from: Annotated[InputDate | None, Query(description="Referred on or after")] = None,
    referred_to: Annotated[InputDate | None, Query(description="Referred on or before")] = None,
    sort: Annotated[
        str, Query(max_length=40, pattern=sort_pattern(list(CASE_SORTS)))
    ] = "-referred_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[CaseOut]:
    if area is not None:
        check_marac_area(area)
    scope_area = coordinator_scope(caller, area)
    statement = case_with_meeting
    if scope_area is not None:
        statement = statement.where(case_table.c.marac_area == scope_area)
    if status:
        statement = statement.where(case_table.c.status.in_(status))
    if repeat is not None:
        statement = statement.where(case_table.c.repeat.is_(repeat))
    if urgent is not None:
        statement = statement.where(case_table.c.urgent.is_(urgent))
    if meeting_id is not None:
        statement = statement.where(case_table.c.meeting_id == str(meeting_id))
    if referred_from is not None:
        statement = statement.where(case_table.c.referred_on >= referred_from)
    if referred_to is not None:
        statement = statement.where(case_table.c.referred_on <= referred_to)
    statement = paginate(
        statement,
        sort=sort,
        columns=CASE_SORTS,
        id_column=case_table.c.id,
        limit=limit,
        cursor=cursor,
    )
    rows = (await session.execute(statement)).all()
    page = page_of(rows, sort=sort, limit=limit, key=sort.lstrip("-"), to_item=case_out)
    await audit.record(
        action="list", record_type="marac_case", record_ids=[c.id for c in page.items]
    )
    await session.commit()
    return page


async def _referral_of(
    session: AsyncSession, *, caller: Caller, referral: DirectReferralIn
) -> tuple[str, str | None] | None:
    """(victim_id, perpetrator_id) of the direct case; a named referral must be visible
    to the caller and about the same people. Else 422, the same for every referral the
    caller may not see as for one that does not exist."""
    if referral.referral_id is None:
        return None
    known = await visible_referral(
        session, referral_id=str(referral.referral_id), agency=caller.agency
    )
    if known is None:
        raise Problem(
            422,
            "Unknown referral",
            f"referral_id {UNKNOWN_REFERRAL}",
            type="unknown-referral",
            errors=[{"pointer": "#/referral_id", "detail": "no such referral of yours"}],
        )
    perpetrator = str(referral.perpetrator_id) if referral.perpetrator_id else None
    if known.victim_id != str(referral.victim_id) or (
        perpetrator and known.perpetrator_id and perpetrator != known.perpetrator_id
    ):
        raise Problem(
            422,
            "Not this referral's people",
            "victim_id and perpetrator_id must be the referral's (see the referral in "
            "referral-hub); leave perpetrator_id out to take the referral's.",
            type="validation",
        )
    return known.victim_id, perpetrator or known.perpetrator_id


@router.post(
    "",
    status_code=201,
    summary="Refer a case to MARAC directly",
    description=(
        "Scope `marac:refer`. For agencies that refer outside referral-hub, or that judge "
        "a referral of theirs high risk when referral-hub did not refer it to MARAC. The "
        "case is checked for a repeat (same victim and perpetrator within the configured "
        "window, 365 days by default) and listed at the area's next meeting with room.\n\n"
        "`referral_id` is optional. When given, it must name a referral your agency made "
        "or was sent, as referral-hub shows it to you (marac learns both from "
        "referral-hub's events), with the same victim (and perpetrator, if you send one). "
        "Any other id, including another agency's referral, answers 422 `unknown-referral`"
        ", exactly as an id that does not exist: a referral you may not see does not exist "
        "for you. 409 means a referral of yours already has a MARAC case."
    ),
    responses={
        409: {"description": "This referral of yours already has a MARAC case"},
        422: {"description": "Invalid body, or `unknown-referral` (see above)"},
    },
)
async def refer_case(
    session: DbSession,
    caller: Referrer,
    audit: AuditTrail,
    settings: Settings,
    referral: Annotated[DirectReferralIn, Body()],
) -> CaseOut:
    marac_area = hub_marac_area(referral.area) or check_marac_area(referral.area)
    if referral.referred_on > clock.today():
        raise Problem(
            422, "Invalid referral", "referred_on must not be in the future.", type="validation"
        )
    people = await _referral_of(session, caller=caller, referral=referral)
    victim_id, perpetrator_id = people or (
        str(referral.victim_id),
        str(referral.perpetrator_id) if referral.perpetrator_id else None,
    )
    policy = await get_policy(session, settings=settings)
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    new_case = NewCase(
        referral_id=str(referral.referral_id) if referral.referral_id else None,
        source="direct",
        victim_id=victim_id,
        perpetrator_id=perpetrator_id,
        area=referral.area if referral.area != marac_area else None,
        marac_area=marac_area,
        urgent=referral.urgent or (referral.score or 0) >= policy.urgent_score_from,
        referring_agency=caller.agency,
        referrer_kind=referrer_kind(caller.agency),  # type: ignore[arg-type]
        criteria=list(referral.criteria),
        score=referral.score,
        children_in_household=referral.children_in_household,
        **referral.model_dump(
            include={
                "victim_age_band",
                "victim_gender",
                "victim_ethnicity",
                "victim_disability",
                "victim_lgbt",
                "perpetrator_age_band",
                "perpetrator_gender",
                "referred_on",
            }
        ),
    )
    result = await create_cases(
        session, cases=[new_case], policy=policy, configs=configs, today=clock.today()
    )
    if not result.created:
        raise Problem(409, "Conflict", "This referral already has a MARAC case.", type="duplicate")
    await add_events(
        session, creation_events(result.created) + await moved_case_events(session, result.moves)
    )
    case_id = result.created[0].id
    await audit.record(action="create", record_type="marac_case", record_ids=[case_id])
    row = await get_case(session, case_id=case_id)
    await session.commit()
    assert row is not None
    return case_out(row)


@router.get(
    "/{case_id}",
    summary="Read one case",
    description=(
        "Coordinators of the case's area, agencies expected at the meeting it is listed "
        "for (`marac:research`), and the agency that referred it (`marac:refer`)."
    ),
    responses=NOT_FOUND,
)
async def read_case(
    case_id: uuid.UUID,
    session: DbSession,
    caller: CaseReader,
    audit: AuditTrail,
    settings: Settings,
) -> CaseOut:
    row = await visible_case(session, caller=caller, case_id=case_id, settings=settings)
    await audit.record(action="read", record_type="marac_case", record_ids=[row.id])
    await session.commit()
    return case_out(row)


@router.post(
    "/{case_id}/transfer",
    summary="Transfer a case to another area's MARAC",
    description=(
        "Scope `marac:coordinate` for the case's current area. The victim moved: the case "
        "is listed at the next meeting of the new area with room."
    ),
    responses={**NOT_FOUND, 409: {"description": "The case is closed or already there"}},
)
async def transfer(
    case_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    body: Annotated[TransferIn, Body()],
) -> CaseOut:
    row = await visible_case(session, caller=caller, case_id=case_id, settings=settings)
    if not coordinates(caller, row.marac_area):
        raise not_found("case")
    to_area = hub_marac_area(body.to_area) or check_marac_area(body.to_area, field="to_area")
    if row.status == "closed":
        raise Problem(409, "Conflict", "A closed case cannot be transferred.", type="invalid-state")
    if to_area == row.marac_area:
        raise Problem(409, "Conflict", f"The case is already at {to_area}.", type="invalid-state")
    policy = await get_policy(session, settings=settings)
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    events = await transfer_case(
        session,
        case=row,
        to_area=to_area,
        on=body.transferred_on or clock.today(),
        policy=policy,
        configs=configs,
    )
    await add_events(session, events)
    await audit.record(action="transfer", record_type="marac_case", record_ids=[row.id])
    updated = await get_case(session, case_id=row.id)
    await session.commit()
    assert updated is not None
    return case_out(updated)


@router.post(
    "/{case_id}/close",
    summary="Close a case",
    description="Scope `marac:coordinate`. A case closes once heard (actions complete or not).",
    responses={**NOT_FOUND, 409: {"description": "The case has not been heard, or is closed"}},
)
async def close(
    case_id: uuid.UUID,
    session: DbSession,
    caller: Coordinator,
    audit: AuditTrail,
    settings: Settings,
    body: Annotated[CloseIn, Body()] = CloseIn(),
) -> CaseOut:
    row = await visible_case(session, caller=caller, case_id=case_id, settings=settings)
    if not coordinates(caller, row.marac_area):
        raise not_found("case")
    if row.status not in ("heard", "actions_complete"):
        raise Problem(
            409,
            "Conflict",
            f"A {row.status} case cannot be closed; it must be heard first.",
            type="invalid-state",
        )
    closed_on = body.closed_on or clock.today()
    if row.heard_on and closed_on < row.heard_on:
        raise Problem(
            422, "Invalid date", "closed_on is before the case was heard.", type="validation"
        )
    await add_events(session, [await close_case(session, case=row, on=closed_on)])
    await audit.record(action="close", record_type="marac_case", record_ids=[row.id])
    updated = await get_case(session, case_id=row.id)
    await session.commit()
    assert updated is not None
    return case_out(updated)
