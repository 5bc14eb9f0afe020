"""The grid figures are published on: base cells of one calendar month (and an area),
the steps protection blocks grow through, and the whole financial years a request's
figures are protected in (see `protection`)."""

from collections.abc import Callable, Hashable, Sequence
from datetime import date

from reporting.periods import Period, financial_year_of
from reporting.protection import Population

Month = int
"""A calendar month as year * 12 + month - 1."""


def month_of(day: date) -> Month:
    return day.year * 12 + day.month - 1


def quarter_of(month: Month) -> int:
    """Quarters of the financial year (April to June is the first), numbered on."""
    return (month - 3) // 3


def fy_of(month: Month) -> int:
    return (month - 3) // 12


def months(period: Period) -> range:
    return range(month_of(period.start), month_of(period.end) + 1)


def span(*periods: Period) -> tuple[date, date]:
    """The whole financial years the periods touch: a year's blocks are made from that
    year alone, so they are the same whichever of its periods a request asks for."""
    first = min(financial_year_of(p.start) for p in periods)
    last = max(financial_year_of(p.end) for p in periods)
    return date(first, 4, 1), date(last + 1, 3, 31)


def calendar_part(month: Month) -> tuple[int, int]:
    """The part of a financial year within one calendar year: April to December, or
    January to March."""
    return fy_of(month), month // 12


def area_steps(area_at: int = 1) -> Sequence[Callable[[tuple], Hashable]]:
    """For cells (month, area, ...): the area's other months of the quarter, the other
    areas of the quarter, the area's other quarters of the financial year in the same
    calendar year, the other areas' (so that a quarter with a stray record hides a
    neighbouring quarter, not the financial and calendar years), the other small
    quarters of the financial year. The third and fourth are `QUARTER_STEPS`."""
    return (
        lambda cell: (cell[area_at], quarter_of(cell[0])),
        lambda cell: quarter_of(cell[0]),
        lambda cell: (cell[area_at], calendar_part(cell[0])),
        lambda cell: calendar_part(cell[0]),
        lambda cell: fy_of(cell[0]),
    )


QUARTER_STEPS = frozenset({2, 3})
"""The steps of `area_steps` that merge whole quarters: taken only where they let the
financial year be published."""


def population(threshold: int, **options: object) -> Population:
    """Records counted in cells (month, area), blocked through `area_steps`."""
    return Population(
        threshold=threshold,
        chain=area_steps(),
        optional=QUARTER_STEPS,
        **options,  # type: ignore[arg-type]
    )


def within(period: Period, *, area: str | None = None, area_at: int = 1) -> Callable[[tuple], bool]:
    """The cells of a period (and an area)."""
    chosen = months(period)
    if area is None:
        return lambda cell: cell[0] in chosen
    return lambda cell: cell[0] in chosen and cell[area_at] == area
