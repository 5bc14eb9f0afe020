"""`Annotated` dependency aliases of referral-hub's views (the same names in every service)."""

from typing import Annotated

from fastapi import Depends

from csp_common import partnership
from csp_common.auth import CurrentCaller
from csp_common.db import DbSession
from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.idempotency import idempotency_dependency
from csp_common.unit_of_work import UnitOfWork
from referral_hub.settings import ReferralHubSettings
from referral_hub.tables import idempotency_records

Settings = Annotated[ReferralHubSettings, Depends(settings_dependency(ReferralHubSettings))]
Partnership = Annotated[partnership.Partnership, Depends(get_partnership)]
Idempotent = idempotency_dependency(idempotency_records)
"""The Idempotency-Key of a POST that creates a record about a person (required)."""

__all__ = ["CurrentCaller", "DbSession", "Idempotent", "Partnership", "Settings", "UnitOfWork"]
