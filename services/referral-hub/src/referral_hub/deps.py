"""Dependency aliases shared by referral-hub's views (async: sync ones would run in a thread)."""

from typing import Annotated

from fastapi import Depends, Request

from csp_common.partnership import Partnership, load_partnership
from referral_hub.settings import ReferralHubSettings


async def get_settings(request: Request) -> ReferralHubSettings:
    settings: ReferralHubSettings = request.app.state.settings
    return settings


async def get_partnership() -> Partnership:
    return load_partnership()


SettingsDep = Annotated[ReferralHubSettings, Depends(get_settings)]
PartnershipDep = Annotated[Partnership, Depends(get_partnership)]
