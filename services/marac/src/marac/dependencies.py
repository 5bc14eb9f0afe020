"""`Annotated` dependency aliases of marac's views (the same names in every service)."""

from typing import Annotated

from fastapi import Depends

from csp_common.auth import CurrentCaller
from csp_common.db import DbSession
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.partnership import Partnership as PartnershipConfig
from csp_common.unit_of_work import UnitOfWork
from marac.settings import MaracSettings

Settings = Annotated[MaracSettings, Depends(settings_dependency(MaracSettings))]
Partnership = Annotated[PartnershipConfig, Depends(get_partnership)]

__all__ = ["CurrentCaller", "DbSession", "Partnership", "Settings", "UnitOfWork"]
