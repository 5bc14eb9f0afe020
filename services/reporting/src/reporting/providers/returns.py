"""The commissioned services' own quarterly returns, beside the route funnel: what each
service reported for the quarters of a period, the highest version of each return.

Referrals received, closures, caseload and waiting are counts of people, each protected
as a population of its own in cells (quarter, service): small cells merge with the
provider's other services in the quarter, then every service's, then the financial
year's other quarters. Self-referrals are a characteristic of the referrals, and each
outcome measure one of the closures (a case can have several, so each is apart).
Caseload and waiting are of a quarter's last day: a period shows its last reported
quarter's, never a sum.
"""

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting import grid
from reporting.periods import Period
from reporting.protection import Population, change_pct, share_pct
from reporting.providers.models import RETURN_OUTCOMES, ProviderReturn
from reporting.read_models import Slot

Standing = dict[str, object]


async def standing_returns(
    *, session: AsyncSession, slot: Slot, start: date, end: date
) -> list[Standing]:
    """The highest version of each return of a quarter starting from `start` to `end`."""
    t = ProviderReturn.table(slot)
    latest: dict[tuple, Standing] = {}
    for row in (
        await session.execute(select(t).where(t.c.quarter_start.between(start, end)))
    ).mappings():
        key = (row["provider"], row["service"], row["quarter"])
        if key not in latest or int(latest[key]["version"]) < row["version"]:  # type: ignore[call-overload]
            latest[key] = dict(row)
    return sorted(latest.values(), key=lambda r: (r["provider"], r["service"], r["quarter"]))  # type: ignore[return-value]


def _splits(total: int, parts: dict[str, int]) -> list[tuple[int, dict[str, bool]]]:
    """`total` records as runs sharing the same characteristics, where `parts[name]` of
    them have `name`: characteristics are protected one at a time, so any records may
    carry them."""
    cuts = sorted({0, total, *(min(n, total) for n in parts.values())})
    return [
        (upper - lower, {name: lower < n for name, n in parts.items()})
        for lower, upper in pairwise(cuts)
        if upper > lower
    ]


class ReturnPopulations:
    """The four protected populations of the returns of whole financial years."""

    def __init__(self, returns: list[Standing], threshold: int) -> None:
        provider_of = {str(r["service"]): str(r["provider"]) for r in returns}
        chain = (
            lambda cell: (provider_of[cell[1]], grid.quarter_of(cell[0])),
            lambda cell: grid.quarter_of(cell[0]),
            lambda cell: grid.fy_of(cell[0]),
        )

        def population() -> Population:
            # a characteristic small in each quarter may be shown for the year
            return Population(threshold=threshold, chain=chain, family_steps=len(chain))

        referrals, closures, caseload, waiting = (population() for _ in range(4))
        for r in returns:
            cell = (grid.month_of(r["quarter_start"]), r["service"])  # type: ignore[arg-type]
            received = int(r["referrals_received"])  # type: ignore[call-overload]
            for n, has in _splits(received, {"self": int(r["self_referrals"])}):  # type: ignore[call-overload]
                referrals.add(cell, characteristics=has, n=n)
            outcomes = {
                m: int(r[f"outcome_{m}"])  # type: ignore[call-overload]
                for m in RETURN_OUTCOMES
                if r[f"outcome_{m}"] is not None
            }
            for n, has in _splits(int(r["closures"]), outcomes):  # type: ignore[call-overload]
                closures.add(cell, characteristics=has, n=n)
            caseload.add(cell, n=int(r["caseload"]))  # type: ignore[call-overload]
            waiting.add(cell, n=int(r["waiting_at_end"]))  # type: ignore[call-overload]
        self.referrals = referrals.protect()
        self.closures = closures.protect()
        self.caseload = caseload.protect()
        self.waiting = waiting.protect()


async def provider_returns(
    *, session: AsyncSession, slot: Slot, period: Period, threshold: int
) -> dict[str, dict[str, dict]]:
    """Provider -> service -> the figures its returns give for `period`, and the
    referrals received in the same period a year before."""
    previous = period.previous_year()
    start, end = grid.span(period, previous)
    returns = await standing_returns(session=session, slot=slot, start=start, end=end)
    protected = ReturnPopulations(returns, threshold)
    now, before = grid.months(period), grid.months(previous)

    def of(service: str, months: range) -> Callable[[tuple], bool]:
        return lambda cell: cell[1] == service and cell[0] in months

    figures: dict[str, dict[str, dict]] = {}
    for service in sorted({str(r["service"]) for r in returns}):
        mine = [r for r in returns if r["service"] == service]
        reported = [r for r in mine if grid.month_of(r["quarter_start"]) in now]  # type: ignore[arg-type]
        if not reported and not [
            r
            for r in mine
            if grid.month_of(r["quarter_start"]) in before  # type: ignore[arg-type]
        ]:
            continue
        provider = str(mine[0]["provider"])
        received = protected.referrals.count(of(service, now))
        previous_received = protected.referrals.count(of(service, before))
        self_referred = protected.referrals.count(of(service, now), "self", lambda v: v is True)
        closed = protected.closures.count(of(service, now))
        last = max(reported, key=lambda r: str(r["quarter"])) if reported else None
        last_month = grid.month_of(last["quarter_start"]) if last else None  # type: ignore[arg-type]

        def at_last(cell: tuple, service: str = service, month: int | None = last_month) -> bool:
            return cell[1] == service and cell[0] == month

        last_received = protected.referrals.count(at_last) if last else 0
        median = last["median_wait_days"] if last else None
        # a median of fewer people than the threshold could describe one of them
        shown_median = (
            median if isinstance(last_received, int) and last_received >= threshold else None
        )
        reported_outcomes = sorted(
            {m for r in reported for m in RETURN_OUTCOMES if r[f"outcome_{m}"] is not None}
        )
        outcomes = {}
        for measure in reported_outcomes:
            n = protected.closures.count(of(service, now), measure, lambda v: v is True)
            outcomes[measure] = {"count": n, "share_pct": share_pct(n, closed)}
        figures.setdefault(provider, {})[service] = {
            "quarters_reported": [str(r["quarter"]) for r in reported],
            "corrected_quarters": [str(r["quarter"]) for r in reported if int(r["version"]) > 1],  # type: ignore[call-overload]
            "referrals_received": received,
            "previous_year_referrals_received": previous_received,
            "change_pct": change_pct(received, previous_received),
            "self_referrals": self_referred,
            "self_referral_pct": share_pct(self_referred, received),
            "closures": closed,
            "outcomes": outcomes,
            "caseload_at_end": protected.caseload.count(at_last) if last else None,
            "waiting_at_end": protected.waiting.count(at_last) if last else None,
            "median_wait_days": None if shown_median is None else round(float(shown_median), 1),  # type: ignore[arg-type]
            "as_of_quarter": str(last["quarter"]) if last else None,
        }
    return figures
