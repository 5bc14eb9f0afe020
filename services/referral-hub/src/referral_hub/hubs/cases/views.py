"""The hub cases API: /v1/hub-cases."""

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse

from csp_common.errors import Problem
from csp_common.idempotency import RESPONSES as KEYED
from csp_common.idempotency import Created, earlier_answer
from csp_common.unit_of_work import Work
from referral_hub.access import HubLister, HubReader, HubWriter
from referral_hub.dependencies import Idempotent, Partnership, Settings, UnitOfWork
from referral_hub.hubs.cases import flows, service
from referral_hub.hubs.cases.reading import audit_read, caller_visibility, case_out, visible_case
from referral_hub.hubs.cases.schemas import (
    ClosureIn,
    HubCaseCreated,
    HubCaseIn,
    HubCaseOut,
    HubCasePage,
    HubCaseSummary,
    IncidentIn,
    IncidentOut,
    LinkIn,
    PersonOut,
)
from referral_hub.hubs.fields import CONFLICT, ERRORS, NOT_FOUND, CaseId, today

router = APIRouter(prefix="/v1/hub-cases", tags=["hubs"])


@router.post(
    "",
    status_code=201,
    response_model=HubCaseCreated,
    summary="Open a hub case",
    description="A problem reported to a community safety hub: its kind, hub, place and "
    "people by role (matched to the person index). The reporting agency is the token's "
    "`agency`. Send an `Idempotency-Key`: a retry with the same key and body returns the "
    "first answer. Says whether the hub already had a case about the place or the victim.",
    responses=ERRORS | CONFLICT | KEYED,
)
async def open_case(
    work: UnitOfWork,
    caller: HubWriter,
    settings: Settings,
    partnership: Partnership,
    body: Annotated[HubCaseIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    refused = flows.refusal(body, agency=caller.agency, partnership=partnership)
    if refused is not None:
        raise refused
    if keyed.key is not None:
        # a retry is answered as the first time, before its source_reference is refused
        replay = await earlier_answer(
            work.session,
            keyed.table,
            agency=caller.agency,
            key=keyed.key,
            digest=keyed.digest(body),
        )
        if replay is not None:
            return replay
    if body.source_reference:
        known = await service.find_by_source_reference(
            work.session, agency=caller.agency, source_references=[body.source_reference]
        )
        if known:
            raise Problem(
                409,
                "Duplicate case",
                "Your agency already opened a case with this source_reference.",
                type="duplicate-source-reference",
                existing_id=str(known[body.source_reference]),
            )
    secret = settings.person_key_secret.encode() if settings.person_key_secret else None

    async def create(work: Work) -> Created:
        opened = await flows.open_case(
            work,
            body=body,
            agency=caller.agency,
            opened_on=body.opened_on or today(),
            channel="api",
            secret=secret,
        )
        case_id = opened.case["id"]
        work.audit(action="create", record_type="hub_case", record_ids=[str(case_id)])
        answer = HubCaseCreated(
            id=case_id,
            hub=body.hub,
            kind=body.kind,
            status="open",
            location_id=opened.case["location_id"],
            people=[
                PersonOut(
                    id=pid,
                    role=role,
                    given_name=d.given_name,
                    family_name=d.family_name,
                    date_of_birth=d.date_of_birth,
                    gender=d.gender,
                    postcode=d.postcode,
                )
                for role, pid, d in opened.people
            ],
            repeat_location=opened.repeat_location,
            repeat_victim=opened.repeat_victim,
        )
        return Created(answer, headers={"Location": f"/v1/hub-cases/{case_id}"})

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.get(
    "",
    response_model=HubCasePage,
    summary="List hub cases visible to you",
    description="Hub staff (`area` claim) and coordinators (`hubs:coordinate`) list their "
    "hub's cases; partners the cases they are involved in. Ids, codes and dates only.",
    responses=ERRORS,
)
async def list_cases(
    work: UnitOfWork,
    caller: HubLister,
    partnership: Partnership,
    hub: Annotated[str | None, Query(max_length=49, examples=["scarborough"])] = None,
    kind: Annotated[str | None, Query(max_length=49, examples=["asb_personal"])] = None,
    status: Annotated[Literal["open", "closed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> HubCasePage:
    rows, total = await service.list_cases(
        work.session,
        condition=service.visible(caller_visibility(caller, partnership)),
        hub=hub,
        kind=kind,
        status=status,
        limit=limit,
        offset=offset,
    )
    work.audit(action="list", record_type="hub_case", record_ids=[str(r.id) for r in rows])
    return HubCasePage(
        items=[
            HubCaseSummary(
                id=r.id,
                hub=r.hub,
                kind=r.kind,
                status=r.status,
                reporting_agency=r.reporting_agency,
                reported_on=r.reported_on,
                opened_on=r.opened_on,
                closed_on=r.closed_on,
                outcome=r.outcome,
                risk_level=r.risk_level,
            )
            for r in rows
        ],
        total=total,
    )


@router.get(
    "/{case_id}",
    response_model=HubCaseOut,
    summary="Read a hub case",
    description="Visible to the staff of its hub (`area` claim) and to the agencies "
    "involved in it; anyone else gets 404. Every read is audited (send `X-Purpose`).",
    responses=ERRORS | NOT_FOUND,
)
async def read_case(
    case_id: CaseId, work: UnitOfWork, caller: HubReader, partnership: Partnership
) -> HubCaseOut:
    case = await visible_case(work, case_id=case_id, caller=caller, partnership=partnership)
    out = await case_out(work, case=case)
    audit_read(work, case=out)
    return out


@router.post(
    "/{case_id}/incidents",
    status_code=201,
    response_model=IncidentOut,
    summary="Log an incident against a case",
    description="When the behaviour happened and when it was complained of: the ASB case "
    "review counts these complaints. The reporting agency is the token's `agency`.",
    responses=ERRORS | NOT_FOUND | CONFLICT | KEYED,
)
async def log_incident(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[IncidentIn, Body()],
    keyed: Idempotent,
) -> JSONResponse:
    async def create(work: Work) -> Created:
        case = await visible_case(work, case_id=case_id, caller=caller, partnership=partnership)
        row = flows.log_incident(
            work,
            case=case,
            body=body,
            agency=caller.agency,
            config=partnership.hubs,
            today=today(),
        )
        out = IncidentOut(**{k: row[k] for k in IncidentOut.model_fields})
        return Created(out)

    return await keyed.create_once(work, agency=caller.agency, body=body, step=create)


@router.post(
    "/{case_id}/links",
    status_code=204,
    summary="Link a case to another about the same place or person",
    description="Both cases must be visible to you. Linked cases' incidents count "
    "together in an ASB case review. Linking twice changes nothing.",
    responses=ERRORS | NOT_FOUND,
)
async def link_cases(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[LinkIn, Body()],
) -> None:
    case = await visible_case(work, case_id=case_id, caller=caller, partnership=partnership)
    other = await visible_case(work, case_id=body.case_id, caller=caller, partnership=partnership)
    flows.link(work, case=case, other=other, reason=body.reason)


@router.post(
    "/{case_id}/closure",
    status_code=204,
    summary="Close a case with its outcome",
    description="An outcome the partnership configures. A closed case cannot be closed "
    "again (409).",
    responses=ERRORS | NOT_FOUND | CONFLICT,
)
async def close_case(
    case_id: CaseId,
    work: UnitOfWork,
    caller: HubWriter,
    partnership: Partnership,
    body: Annotated[ClosureIn, Body()],
) -> None:
    case = await visible_case(
        work, case_id=case_id, caller=caller, partnership=partnership, lock=True
    )
    await flows.close_case(work, case=case, body=body, config=partnership.hubs)
