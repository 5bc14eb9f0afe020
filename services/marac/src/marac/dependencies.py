"""`Annotated` dependency aliases of marac's views (the same names in every service)."""

from typing import Annotated

from fastapi import Depends

from csp_common.auth import CurrentCaller
from csp_common.db import DbSession
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.idempotency import idempotency_dependency
from csp_common.partnership import Partnership as PartnershipConfig
from csp_common.unit_of_work import UnitOfWork
from marac.settings import MaracSettings
from marac.tables import idempotency_records

Settings = Annotated[MaracSettings, Depends(settings_dependency(MaracSettings))]
Partnership = Annotated[PartnershipConfig, Depends(get_partnership)]
Idempotent = idempotency_dependency(idempotency_records)
"""The Idempotency-Key of a POST that creates a record about a person (required)."""

__all__ = ["CurrentCaller", "DbSession", "Idempotent", "Partnership", "Settings", "UnitOfWork"]
