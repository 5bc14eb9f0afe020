"""The demo's hate crimes and non-crime hate incidents, January 2022 to the end of the
demo's history, as rows of referral-hub's hate report import.

Deterministic (seeded), so the figures the reporting dashboard shows are known:

- exactly 283 crimes in Q3 2023/24 (October to December 2023) against 256 in Q3
  2022/23 (+10.5%, "+10%" in the seed report); non-crime incidents are kept apart and
  never counted as crimes;
- race on exactly 156 of those 283 crimes: 55.1%, published as 55%. A crime can carry
  several strands, so a strand's share is the share of crimes carrying it (the shares
  add up to more than 100%);
- exactly 14 of the 283 against police officers on duty;
- hours concentrated between 00:00 and 04:00 (UK time): 40% of crimes start then.
  No record falls on the first or last day of a quarter, so its quarter is the same
  whether a report counts in UTC or in UK time.

The last quarter is cut at the end of the history, with its crimes in proportion.
"""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from csp_devtools.demo.context import HISTORY_ENDS, HISTORY_STARTS

UK = ZoneInfo("Europe/London")
SEED = 20240301
POLICE = "north-yorkshire-police"

# Q3 of a financial year is October to December of its first calendar year.
Q3_2022_23 = (date(2022, 10, 1), date(2022, 12, 31))
Q3_2023_24 = (date(2023, 10, 1), date(2023, 12, 31))


@dataclass(frozen=True)
class QuarterPlan:
    """A quarter's crimes, how many of them carry race and are against officers on duty,
    and its non-crime incidents."""

    first: date
    last: date
    crimes: int
    race: int
    officers: int
    incidents: int


AREA_WEIGHTS = {
    "york": 22,
    "harrogate": 18,
    "scarborough": 17,
    "selby": 10,
    "hambleton": 10,
    "ryedale": 9,
    "craven": 7,
    "richmondshire": 7,
}
OTHER_STRANDS = {
    "sexual_orientation": 34,
    "disability": 24,
    "religion": 22,
    "transgender": 20,
}
EARLY_HOURS = range(0, 4)  # 00:00 to 03:59
EARLY_SHARE = 0.40
OTHER_HOUR_WEIGHTS = {h: (3 if 17 <= h <= 23 else 2 if 10 <= h <= 16 else 1) for h in range(4, 24)}


def _quarters() -> list[QuarterPlan]:
    rng = random.Random(SEED)
    plans = []
    first = HISTORY_STARTS
    while first <= HISTORY_ENDS:
        after = (
            date(first.year + 1, 1, 1)
            if first.month == 10
            else date(first.year, first.month + 3, 1)
        )
        last = after - timedelta(days=1)
        if (first, last) == Q3_2022_23:
            crimes, race, officers = 256, 140, 12
        elif (first, last) == Q3_2023_24:
            crimes, race, officers = 283, 156, 14
        else:
            crimes = rng.randint(215, 275)
            race = round(crimes * rng.uniform(0.50, 0.58))
            officers = rng.randint(8, 16)
        incidents = rng.randint(35, 70)
        if last > HISTORY_ENDS:  # the history's last quarter, in part
            part = (HISTORY_ENDS - first).days / (last - first).days
            last = HISTORY_ENDS
            crimes, race, officers, incidents = (
                round(n * part) for n in (crimes, race, officers, incidents)
            )
        plans.append(QuarterPlan(first, last, crimes, race, officers, incidents=incidents))
        first = after
    return plans


def _when(rng: random.Random, plan: QuarterPlan, *, early: bool) -> datetime:
    # Never the first or last day of the quarter (see the module's docstring).
    day = plan.first + timedelta(days=rng.randint(1, (plan.last - plan.first).days - 1))
    if early:
        hour = rng.choice(EARLY_HOURS)
    else:
        hour = rng.choices(list(OTHER_HOUR_WEIGHTS), weights=list(OTHER_HOUR_WEIGHTS.values()))[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), UK)


def _strands(rng: random.Random, *, race: bool) -> list[str]:
    others = list(OTHER_STRANDS)
    weights = list(OTHER_STRANDS.values())
    if race:
        strands = ["race"]
        if rng.random() < 0.12:  # race and religion together is common
            strands.append("religion")
        return strands
    strands = [rng.choices(others, weights=weights)[0]]
    if rng.random() < 0.08:
        second = rng.choices(others, weights=weights)[0]
        if second not in strands:
            strands.append(second)
    return strands


def _exactly(rng: random.Random, total: int, chosen: int) -> list[bool]:
    flags = [True] * chosen + [False] * (total - chosen)
    rng.shuffle(flags)
    return flags


def hate_reports(seed: int = SEED) -> list[dict[str, Any]]:
    """Every demo hate report, as import rows (crimes first within a quarter)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    areas, area_weights = list(AREA_WEIGHTS), list(AREA_WEIGHTS.values())
    for plan in _quarters():
        races = _exactly(rng, plan.crimes, plan.race)
        officers = _exactly(rng, plan.crimes, plan.officers)
        early = _exactly(rng, plan.crimes, round(plan.crimes * EARLY_SHARE))
        kinds = [("crime", i) for i in range(plan.crimes)]
        kinds += [("non_crime_incident", i) for i in range(plan.incidents)]
        for kind, i in kinds:
            crime = kind == "crime"
            area = rng.choices(areas, weights=area_weights)[0]
            third_party = rng.random() < 0.12
            occurred = _when(rng, plan, early=early[i] if crime else rng.random() < 0.25)
            rows.append(
                {
                    "source_reference": f"NYP-HATE-{plan.first:%Y%m}-{kind[0].upper()}{i:04d}",
                    "reporting_agency": (
                        ("city-of-york-council" if area == "york" else "north-yorkshire-council")
                        if third_party
                        else POLICE
                    ),
                    "kind": kind,
                    "strands": _strands(rng, race=races[i] if crime else rng.random() < 0.5),
                    "occurred_at": occurred.isoformat(),
                    "area": area,
                    "victim_police_officer_on_duty": officers[i] if crime else False,
                    "reporting_channel": (
                        "third_party_reporting_centre" if third_party else "police"
                    ),
                }
            )
    return rows


def hate_reports_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as the import's CSV: a header of the rows' fields, strands joined by ";"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(rows[0])
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ";".join(row[c]) if isinstance(row[c], list)
                else str(row[c]).lower() if isinstance(row[c], bool)
                else row[c]
                for c in columns
            ]
        )  # fmt: skip
    return out.getvalue().encode()
