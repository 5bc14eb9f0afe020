"""Submitting a quarterly return: checked, stored as a version and published, in the
request's unit of work (never commits).

The first submission of a provider's service and quarter is version 1. Sending the
figures already standing again changes nothing (a retry after a lost answer); sending
other figures is a correction, stored as the next version and published again.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from csp_common.contracts.provider_returns import OutcomeCount, ProviderReturnSubmitted
from csp_common.db import RowsInsert
from csp_common.unit_of_work import Work
from referral_hub.fields import CIVIL_TIMEZONE
from referral_hub.returns import service
from referral_hub.returns.models import ProviderReturn, provider_return_table
from referral_hub.returns.rules import figures_refused, quarter_dates, same_figures
from referral_hub.returns.schemas import ReturnIn


class ReturnRefused(ValueError):
    """Figures that disagree with each other, or a quarter not yet over (422)."""

    def __init__(self, faults: list[tuple[str, str]]) -> None:
        super().__init__(faults[0][1])
        self.faults = faults


@dataclass(frozen=True)
class Submitted:
    versions: list[ProviderReturn]
    created: bool
    replayed: bool


def _figures(body: ReturnIn) -> dict[str, object]:
    return body.model_dump()


async def submit_return(
    work: Work,
    *,
    provider: str,
    service_code: str,
    quarter: str,
    body: ReturnIn,
    submitted_by: str,
    received_at: datetime,
) -> Submitted:
    """Raises ReturnRefused."""
    try:
        start, end = quarter_dates(quarter)
    except ValueError as error:
        raise ReturnRefused([("#/path/quarter", str(error))]) from None
    today = received_at.astimezone(ZoneInfo(CIVIL_TIMEZONE)).date()
    faults = [] if end < today else [("#/path/quarter", "a quarter is reported once it is over")]
    faults += figures_refused(
        referrals_received=body.referrals_received,
        self_referrals=body.self_referrals,
        closures=body.closures,
        outcomes=body.outcomes,
    )
    if faults:
        raise ReturnRefused(faults)
    versions = list(
        await service.versions_of(
            work.session, provider=provider, service=service_code, quarter=quarter
        )
    )
    figures = _figures(body)
    if versions and same_figures(versions[-1].model_dump(), figures):
        return Submitted(versions=versions, created=False, replayed=True)
    row = {
        "id": uuid.uuid4(),
        "provider": provider,
        "service": service_code,
        "quarter": quarter,
        "version": versions[-1].version + 1 if versions else 1,
        **figures,
        "outcomes": dict(body.outcomes),
        "submitted_at": received_at,
        "submitted_by": submitted_by,
    }
    work.add(RowsInsert(provider_return_table, [row]))
    work.emit(
        ProviderReturnSubmitted(
            return_id=row["id"],
            provider=provider,
            service=service_code,
            quarter=quarter,
            quarter_start=start,
            quarter_end=end,
            version=row["version"],
            referrals_received=body.referrals_received,
            self_referrals=body.self_referrals,
            caseload=body.caseload,
            closures=body.closures,
            outcomes=[
                OutcomeCount(measure=measure, count=count)
                for measure, count in sorted(body.outcomes.items())
            ],
            waiting_at_end=body.waiting_at_end,
            median_wait_days=(
                None if body.median_wait_days is None else float(body.median_wait_days)
            ),
            submitted_on=today,
        ),
        key=f"{provider}:{service_code}:{quarter}",
    )
    work.audit(action="submit", record_type="provider_return", record_ids=[str(row["id"])])
    return Submitted(
        versions=[*versions, ProviderReturn(**row)], created=not versions, replayed=False
    )
