"""`/v1/config`: what an administrator changes instead of code."""

from typing import Annotated

from fastapi import APIRouter, Body, Path

from marac.access import Admin, MeetingReader
from marac.areas import check_marac_area
from marac.config.schemas import AreaConfigOut
from marac.config.service import get_area_configs, get_policy, set_area_config, set_policy
from marac.dependencies import DbSession, Settings, UnitOfWork
from marac.fields import AreaCode
from marac.policy import AreaConfig, MaracPolicy

router = APIRouter(prefix="/v1/config", tags=["configuration"])

AreaPath = Annotated[AreaCode, Path(description="MARAC area code", examples=["york"])]


@router.get(
    "/areas",
    summary="Every MARAC area's configuration",
    description="Expected agencies, cadence and case cap per area (defaults until changed).",
)
async def list_area_configs(
    session: DbSession, caller: MeetingReader, settings: Settings
) -> list[AreaConfigOut]:
    configs = await get_area_configs(session, settings=settings)
    return [
        AreaConfigOut(marac_area=area, customised=changed, **config.model_dump())
        for area, (config, changed) in configs.items()
    ]


@router.put(
    "/areas/{area}",
    summary="Change an area's configuration",
    description="Scope `admin`. Applies to meetings scheduled from now on.",
)
async def put_area_config(
    area: AreaPath,
    work: UnitOfWork,
    caller: Admin,
    config: Annotated[AreaConfig, Body()],
) -> AreaConfigOut:
    check_marac_area(area)
    await set_area_config(work.session, area=area, config=config, by=caller.subject)
    return AreaConfigOut(marac_area=area, customised=True, **config.model_dump())


@router.get(
    "/policy",
    summary="Service-wide rules",
    description="Repeat window, listing, escalation, RFGV, serial test.",
)
async def read_policy(session: DbSession, caller: MeetingReader, settings: Settings) -> MaracPolicy:
    return await get_policy(session, settings=settings)


@router.put(
    "/policy",
    summary="Change the service-wide rules",
    description="Scope `admin`. The whole document is replaced; omitted fields take defaults.",
)
async def put_policy(
    work: UnitOfWork, caller: Admin, policy: Annotated[MaracPolicy, Body()]
) -> MaracPolicy:
    await set_policy(work.session, policy=policy, by=caller.subject)
    return policy
