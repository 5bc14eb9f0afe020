"""`Annotated` dependency aliases of dhr-tracker's views (the same names in every service)."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Header

from csp_common import clock
from csp_common.audit import PURPOSE_HEADER
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.partnership import Partnership as PartnershipConfig
from dhr_tracker.settings import DhrSettings

Settings = Annotated[DhrSettings, Depends(settings_dependency(DhrSettings))]
Partnership = Annotated[PartnershipConfig, Depends(get_partnership)]


async def get_today(settings: Settings) -> date:
    """Today in the partnership's civil time zone: the day every clock is read on."""
    return clock.today(settings.zone)


Today = Annotated[date, Depends(get_today)]

RequiredPurpose = Annotated[
    str,
    Header(
        alias=PURPOSE_HEADER,
        min_length=3,
        max_length=200,
        description="Why the sealed identity is read: required, and kept in the audit trail",
        examples=["anonymisation-check"],
    ),
]
