"""`/v1/config`: what an administrator changes instead of code."""

from typing import Annotated

from fastapi import APIRouter, Body, Path

from csp_common.db import DbSession
from marac.access import Admin, MeetingReader
from marac.common import AreaCode
from marac.config.models import AreaConfig, AreaConfigOut, MaracPolicy
from marac.config.service import (
    check_marac_area,
    get_area_configs,
    get_policy,
    set_area_config,
    set_policy,
)
from marac.dependencies import Settings

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
    session: DbSession,
    caller: Admin,
    config: Annotated[AreaConfig, Body()],
) -> AreaConfigOut:
    check_marac_area(area)
    await set_area_config(session, area=area, config=config, by=caller.subject)
    await session.commit()
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
    session: DbSession, caller: Admin, policy: Annotated[MaracPolicy, Body()]
) -> MaracPolicy:
    await set_policy(session, policy=policy, by=caller.subject)
    await session.commit()
    return policy
