"""Quarterly performance returns of commissioned services over HTTP.

A provider is an agency: the token's `agency` is the provider code, and a provider's
returns are its own: another provider's, or a service it does not run, answer 404.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse

from csp_common import clock
from csp_common.errors import PROBLEM_JSON, Problem
from csp_common.partnership import Partnership as PartnershipConfig
from referral_hub.access import ProviderCode, ReturnsCaller, require_own_provider
from referral_hub.codes import ServiceCode
from referral_hub.dependencies import DbSession, Partnership, UnitOfWork
from referral_hub.returns import flows
from referral_hub.returns import service as returns_service
from referral_hub.returns.models import ProviderReturn
from referral_hub.returns.rules import QUARTER, quarter_dates, runs_service
from referral_hub.returns.schemas import (
    ReturnIn,
    ReturnList,
    ReturnOut,
    ReturnSummary,
    ReturnVersion,
)

router = APIRouter(tags=["providers"])

ServicePath = Annotated[ServiceCode, Path(description="One of your services")]
QuarterPath = Annotated[
    str,
    Path(
        pattern=QUARTER, max_length=10, description="A financial quarter", examples=["2023-24-Q3"]
    ),
]

_errors: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    404: {"description": "No such provider, service or return visible to you"},
    422: {
        "description": "A parameter or the body is not valid (problem+json with pointers)",
        "content": {
            PROBLEM_JSON: {
                "example": {
                    "type": "https://csp-platform.org/problems/validation",
                    "title": "Invalid request",
                    "status": 422,
                    "detail": "self-referrals are among the referrals received",
                    "errors": [
                        {
                            "pointer": "#/body/self_referrals",
                            "detail": "self-referrals are among the referrals received",
                            "code": "inconsistent",
                        }
                    ],
                }
            }
        },
    },
}


def _not_found() -> Problem:
    return Problem(404, "Not found", "No such return is visible to you.", type="not-found")


def _own_service(
    provider: str, service_code: str, caller: Any, partnership: PartnershipConfig
) -> None:
    require_own_provider(provider, caller)
    if not runs_service(partnership, provider=provider, service=service_code):
        raise _not_found()


def _version(row: ProviderReturn) -> ReturnVersion:
    return ReturnVersion.model_validate(row, from_attributes=True)


def _summary(row: ProviderReturn) -> ReturnSummary:
    start, end = quarter_dates(row.quarter)
    return ReturnSummary(
        **_version(row).model_dump(),
        provider=row.provider,
        service=row.service,
        quarter=row.quarter,
        quarter_start=start,
        quarter_end=end,
    )


def _out(versions: list[ProviderReturn]) -> ReturnOut:
    return ReturnOut(
        **_summary(versions[-1]).model_dump(), versions=[_version(v) for v in versions]
    )


@router.put(
    "/v1/providers/{provider}/returns/{service}/{quarter}",
    response_model=ReturnOut,
    status_code=201,
    summary="Submit or correct your service's quarterly performance return",
    description=(
        "Counts for one of your services in a financial quarter that is over: referrals "
        "received from all sources (self-referrals among them), the caseload on the "
        "quarter's last day, cases closed and their outcome measures, referrals waiting "
        "for first contact and the median wait. Counts only: never a person.\n\n"
        "The first submission answers 201 (version 1). Sending the figures that stand "
        "again changes nothing and answers 200 with `Idempotent-Replayed: true`, so a "
        "retry is safe; other figures are a correction: the next version, answered 200. "
        "Each version is published to reporting (`csp.provider_return.submitted.v1`)."
    ),
    responses=_errors
    | {
        200: {
            "description": "A correction (the next version), or the figures that stood",
            "headers": {
                "Idempotent-Replayed": {
                    "description": "`true` when the figures were those standing already",
                    "schema": {"type": "string"},
                }
            },
        },
    },
)
async def submit_return(
    provider: ProviderCode,
    service: ServicePath,
    quarter: QuarterPath,
    work: UnitOfWork,
    caller: ReturnsCaller,
    body: Annotated[ReturnIn, Body()],
    partnership: Partnership,
) -> JSONResponse:
    _own_service(provider, service, caller, partnership)
    try:
        result = await flows.submit_return(
            work,
            provider=provider,
            service_code=service,
            quarter=quarter,
            body=body,
            submitted_by=caller.subject,
            received_at=clock.now(),
        )
    except flows.ReturnRefused as refused:
        raise Problem(
            422,
            "Invalid request",
            refused.faults[0][1],
            type="validation",
            errors=[
                {"pointer": pointer, "detail": detail, "code": "inconsistent"}
                for pointer, detail in refused.faults
            ],
        ) from refused
    headers = {"Idempotent-Replayed": "true"} if result.replayed else None
    return JSONResponse(
        _out(result.versions).model_dump(mode="json"),
        status_code=201 if result.created else 200,
        headers=headers,
    )


@router.get(
    "/v1/providers/{provider}/returns/{service}/{quarter}",
    response_model=ReturnOut,
    summary="Read one of your returns with every version",
    responses=_errors,
)
async def read_return(
    provider: ProviderCode,
    service: ServicePath,
    quarter: QuarterPath,
    session: DbSession,
    caller: ReturnsCaller,
    partnership: Partnership,
) -> ReturnOut:
    _own_service(provider, service, caller, partnership)
    versions = list(
        await returns_service.versions_of(
            session, provider=provider, service=service, quarter=quarter
        )
    )
    if not versions:
        raise _not_found()
    return _out(versions)


@router.get(
    "/v1/providers/{provider}/returns",
    response_model=ReturnList,
    summary="List your returns as they stand",
    responses=_errors,
)
async def list_returns(
    provider: ProviderCode,
    session: DbSession,
    caller: ReturnsCaller,
    service_code: Annotated[
        ServiceCode | None, Query(alias="service", description="Only this service")
    ] = None,
    quarter: Annotated[
        str | None, Query(pattern=QUARTER, max_length=10, description="Only this quarter")
    ] = None,
) -> ReturnList:
    require_own_provider(provider, caller)
    rows = await returns_service.standing_returns(
        session,
        provider=provider,
        service=service_code,
        quarter=quarter,
    )
    return ReturnList(items=[_summary(row) for row in rows])
