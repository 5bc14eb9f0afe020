"""Demonstration sources of the measures for 2022-23: aggregates shaped so that the
measures computed from them read as North Yorkshire and York's needs assessment did
(violence with injury 8.5 per 1,000, 3% of it with a knife, a Crime Severity Score of
3.2), beside England and Wales's 9.6 and 5.1. The weights are a demonstration edition,
not ONS's published weights; the counts are spread over the areas by population and over
the months evenly."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FINANCIAL_YEAR = "2022-23"
MONTHS = [f"2022-{m:02d}" for m in range(4, 13)] + [f"2023-{m:02d}" for m in range(1, 4)]

POPULATION_2022 = {
    "craven": 57_000,
    "hambleton": 92_000,
    "harrogate": 163_000,
    "richmondshire": 50_000,
    "ryedale": 55_000,
    "scarborough": 108_000,
    "selby": 92_000,
    "york": 206_529,
}

OFFENCES: dict[str, tuple[int, int]] = {
    # offence code: (offences in the year, of which with a knife or sharp instrument)
    "8N": (6_400, 150),
    "5D": (380, 40),
    "5E": (200, 15),
    "2": (20, 5),
    "1": (8, 0),
    "8L": (5_000, 0),
    "8Q": (1_500, 0),
    "19C": (700, 0),
    "20A": (900, 0),
    "10D": (600, 0),
    "56A": (40, 0),
    "8U": (1_200, 0),
}

WEIGHTS_EDITION = "demo-2023"
WEIGHTS_SOURCE = "Demonstration weights in days of custody equivalent (not ONS's published)"
WEIGHTS: dict[str, Decimal] = {
    "8N": Decimal("100"),
    "5D": Decimal("1100"),
    "5E": Decimal("700"),
    "2": Decimal("3000"),
    "1": Decimal("7000"),
    "8L": Decimal("30"),
    "8Q": Decimal("120"),
    "19C": Decimal("800"),
    "20A": Decimal("250"),
    "10D": Decimal("40"),
    "56A": Decimal("700"),
    "8U": Decimal("150"),
}

COMPARATOR_SOURCE = "ONS, police recorded crime, year ending March 2023"
COMPARATORS = [
    ("violence_with_injury_per_1000", "england-and-wales", Decimal("9.6")),
    ("crime_severity_score", "england-and-wales", Decimal("5.1")),
]


def _shares(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` split by `weights`, whole numbers that add up to it (largest remainders)."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    for key in sorted(exact, key=lambda k: exact[k] - shares[k], reverse=True)[:left]:
        shares[key] += 1
    return shares


def crime_rows() -> list[dict[str, Any]]:
    rows = []
    months = {month: 1 for month in MONTHS}
    for code, (total, knife) in OFFENCES.items():
        for with_knife, count in ((True, knife), (False, total - knife)):
            if not count:
                continue
            for area, in_area in _shares(count, POPULATION_2022).items():
                for month, in_month in _shares(in_area, months).items():
                    if in_month:
                        rows.append(
                            {
                                "offence_code": code,
                                "area": area,
                                "month": month,
                                "knife": with_knife,
                                "count": in_month,
                            }
                        )
    return rows


def population_rows() -> list[dict[str, Any]]:
    return [
        {"area": area, "year": 2022, "population": people}
        for area, people in POPULATION_2022.items()
    ]


def weight_rows() -> list[dict[str, Any]]:
    return [
        {"edition": WEIGHTS_EDITION, "source": WEIGHTS_SOURCE, "offence_code": code, "weight": w}
        for code, w in WEIGHTS.items()
    ]


def comparator_rows() -> list[dict[str, Any]]:
    return [
        {
            "measure": measure,
            "year": FINANCIAL_YEAR,
            "geography": geography,
            "value": value,
            "source": COMPARATOR_SOURCE,
        }
        for measure, geography, value in COMPARATORS
    ]


def as_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    rows = list(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()})
    return out.getvalue().encode()


SOURCES = {
    "population": population_rows,
    "severity-weights": weight_rows,
    "comparators": comparator_rows,
    "crime": crime_rows,
}
"""Each import kind's demonstration rows, in the order to load them."""
