"""A hub's dashboard for its coordinator, and the hubs' configuration: /v1/hubs."""

from fastapi import APIRouter

from csp_common.errors import Problem
from referral_hub.access import HubCoordinator, HubLister
from referral_hub.dependencies import Partnership, UnitOfWork
from referral_hub.hubs.dashboard import service
from referral_hub.hubs.dashboard.schemas import HubDashboard, HubsConfigurationOut
from referral_hub.hubs.fields import ERRORS, today

router = APIRouter(prefix="/v1/hubs", tags=["hubs"])


@router.get(
    "/configuration",
    response_model=HubsConfigurationOut,
    summary="The hubs' configuration: hubs, kinds, risk questions, ladder, case review rules",
    responses=ERRORS,
)
async def configuration(caller: HubLister, partnership: Partnership) -> HubsConfigurationOut:
    config = partnership.hubs
    return HubsConfigurationOut(
        hubs={a.code: a.name for a in config.areas},
        case_kinds=config.case_kinds,
        closing_outcomes=config.closing_outcomes,
        risk_questions=config.risk_questions,
        risk_bands={"medium": config.risk_bands.medium, "high": config.risk_bands.high},
        interventions=config.interventions,
        ladder_skipping_allowed=config.ladder_skipping_allowed,
        case_review=config.case_review,
    )


@router.get(
    "/dashboard",
    response_model=HubDashboard,
    summary="Your hub's dashboard",
    description="For a hub's coordinator: `hubs:coordinate` with an `area` claim naming "
    "the hub, whose dashboard it is (no other hub's). Counts only, no people.",
    responses=ERRORS,
)
async def hub_dashboard(
    work: UnitOfWork, caller: HubCoordinator, partnership: Partnership
) -> HubDashboard:
    hub = caller.area
    if hub is None or partnership.hubs.area(hub) is None:
        raise Problem(
            403,
            "Forbidden",
            "Your token names no hub (its `area` claim): the dashboard is a hub's.",
            type="no-hub",
        )
    figures = await service.dashboard(work.session, hub=hub, on=today())
    return HubDashboard(**figures)
