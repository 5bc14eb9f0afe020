"""The rules of a quarterly return, pure: which services a provider reports on, what a
financial quarter is, and what its figures must agree with."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from csp_common.partnership import Partnership

QUARTER = r"^(19|20)[0-9]{2}-[0-9]{2}-Q[1-4]$"


def runs_service(partnership: Partnership, *, provider: str, service: str) -> bool:
    """Whether `provider` runs `service` (the services referrals are routed to), as the
    partnership's file says."""
    return partnership.provider_of(service) == provider


def quarter_dates(code: str) -> tuple[date, date]:
    """'2023-24-Q3' -> (1 October 2023, 31 December 2023); ValueError unless the second
    year is the one after the first."""
    if not re.fullmatch(QUARTER, code):
        raise ValueError("a financial quarter is written like 2023-24-Q3")
    first = int(code[:4])
    if (first + 1) % 100 != int(code[5:7]):
        raise ValueError("a financial year's second part is the year after the first")
    start = date(first, 4, 1) + relativedelta(months=3 * (int(code[-1]) - 1))
    return start, start + relativedelta(months=3, days=-1)


def figures_refused(
    *,
    referrals_received: int,
    self_referrals: int,
    closures: int,
    outcomes: Mapping[str, int],
) -> list[tuple[str, str]]:
    """(pointer, reason) for each figure that disagrees with another."""
    faults = []
    if self_referrals > referrals_received:
        faults.append(("#/body/self_referrals", "self-referrals are among the referrals received"))
    for measure, count in sorted(outcomes.items()):
        if count > closures:
            faults.append(
                (f"#/body/outcomes/{measure}", "an outcome is counted among the cases closed")
            )
    return faults


def same_figures(stored: Mapping[str, object], sent: Mapping[str, object]) -> bool:
    """A resubmission with the figures already standing (a retry): not a correction."""

    def normal(value: object) -> object:
        return Decimal(str(value)) if isinstance(value, float | Decimal) else value

    return all(normal(stored[key]) == normal(value) for key, value in sent.items())
