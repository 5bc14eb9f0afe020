"""The needs assessment's measures, pure, from aggregates:

- violence with injury per 1,000 population;
- the share of those offences involving a knife or sharp instrument;
- the Crime Severity Score (ONS method): the sum over offences of count x severity
  weight, divided by the population, with the weights' edition named;
- police-recorded domestic abuse crimes: offences of any code the police flagged as
  domestic abuse related.

Financial years run from April to March; 2022-23 is read against the mid-2022 population.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from svd_fund.policy import OffenceGroup

FINANCIAL_YEAR = r"^(19|20)[0-9]{2}-[0-9]{2}$"
TENTH = Decimal("0.1")


def financial_year(label: str) -> tuple[date, date, int]:
    """'2022-23' -> (1 April 2022, 31 March 2023, 2022); ValueError unless the second part
    is the year after the first."""
    if not re.fullmatch(FINANCIAL_YEAR, label):
        raise ValueError("a financial year is written like 2022-23")
    start = int(label[:4])
    if (start + 1) % 100 != int(label[5:]):
        raise ValueError("a financial year's second part is the year after the first")
    return date(start, 4, 1), date(start + 1, 3, 31), start


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    offence_code: str
    area: str
    knife: bool
    count: int
    domestic_abuse: bool = False


@dataclass
class AreaMeasures:
    area: str
    population: int | None
    violence_with_injury: int
    knife_involved: int
    per_1000: Decimal | None
    knife_share_percent: Decimal | None
    crime_severity_score: Decimal | None
    domestic_abuse: int = 0
    groups: dict[str, int] = field(default_factory=dict)
    group_rates: dict[str, Decimal | None] = field(default_factory=dict)
    unweighted_offence_codes: list[str] = field(default_factory=list)


def measure(
    *,
    area: str,
    cells: Sequence[Cell],
    population: int | None,
    groups: Sequence[OffenceGroup],
    violence_with_injury: str,
    weights: Mapping[str, Decimal] | None,
) -> AreaMeasures:
    group_of: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for code in group.offence_codes:
            group_of[code].append(group.code)
    by_group = {group.code: 0 for group in groups}
    vwi = knife = domestic_abuse = 0
    severity = Decimal(0)
    unweighted: set[str] = set()
    for cell in cells:
        domestic_abuse += cell.count if cell.domestic_abuse else 0
        for code in group_of.get(cell.offence_code, ()):
            by_group[code] += cell.count
        if violence_with_injury in group_of.get(cell.offence_code, ()):
            vwi += cell.count
            knife += cell.count if cell.knife else 0
        if weights is not None:
            weight = weights.get(cell.offence_code)
            if weight is None:
                unweighted.add(cell.offence_code)
            else:
                severity += weight * cell.count
    has_people = bool(population)

    def rate(count: int) -> Decimal | None:
        return _rounded(Decimal(count) * 1000 / population) if has_people and population else None

    return AreaMeasures(
        area=area,
        population=population,
        violence_with_injury=vwi,
        knife_involved=knife,
        per_1000=rate(vwi),
        knife_share_percent=_rounded(Decimal(knife) * 100 / vwi) if vwi else None,
        crime_severity_score=(
            _rounded(severity / population)
            if weights is not None and has_people and population
            else None
        ),
        domestic_abuse=domestic_abuse,
        groups=by_group,
        group_rates={code: rate(count) for code, count in by_group.items()},
        unweighted_offence_codes=sorted(unweighted),
    )


def measure_all(
    *,
    cells: Iterable[Cell],
    populations: Mapping[str, int],
    areas: Sequence[str],
    groups: Sequence[OffenceGroup],
    violence_with_injury: str,
    weights: Mapping[str, Decimal] | None,
) -> tuple[AreaMeasures, list[AreaMeasures]]:
    """The partnership's measures (every area's counts over every area's population;
    None for a rate if any area has no population) and each area's."""
    by_area: dict[str, list[Cell]] = defaultdict(list)
    every: list[Cell] = []
    for cell in cells:
        by_area[cell.area].append(cell)
        every.append(cell)
    common = {"groups": groups, "violence_with_injury": violence_with_injury, "weights": weights}
    each = [
        measure(area=area, cells=by_area[area], population=populations.get(area), **common)
        for area in areas
    ]
    whole = (
        sum(populations[area] for area in areas) if all(a in populations for a in areas) else None
    )
    return measure(area="partnership", cells=every, population=whole, **common), each
