"""The SafeLives MARAC quarterly data return (DOMAIN.md §3), with national benchmarks.

Built from the cases heard in the period (`rm_marac_hearing`). The whole table, every
MARAC area and the total, is suppressed together, so the figures of one area asked
for alone are the same as in the full return.
"""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting.marac.service import (
    EQUALITY_MEASURES,
    HearingTotals,
    hearings_by_area,
    ordered_areas,
)
from reporting.periods import Period
from reporting.read_models import Slot
from reporting.settings import ReportingSettings
from reporting.suppression import FigureTable

ALL = "all"

MEASURE_LABELS = {
    "cases_discussed": "Cases discussed",
    "repeat_cases": "Repeat cases",
    "children_in_households": "Children in the households",
    "police_referrals": "Referrals from the police",
    "partner_referrals": "Referrals from partner agencies",
    "victims_minoritised": "Victims who are Black, Asian or racially minoritised",
    "victims_lgbt": "Victims who are LGBT+",
    "victims_disabled": "Victims with a disability",
    "victims_male": "Male victims",
    "victims_16_17": "Victims aged 16-17",
    "perpetrators_under_18": "Perpetrators aged 17 or under",
}
_EQUALITY_KEYS = {
    "victim_minoritised": "victims_minoritised",
    "victim_lgbt": "victims_lgbt",
    "victim_disabled": "victims_disabled",
    "victim_male": "victims_male",
    "victim_16_17": "victims_16_17",
    "perpetrator_under_18": "perpetrators_under_18",
}
SUBSETS_OF_CASES = ("repeat_cases", *(_EQUALITY_KEYS[m] for m in EQUALITY_MEASURES))
PERCENT_MEASURES = {
    "repeat_pct": "repeat_cases",
    "partner_referral_pct": "partner_referrals",
    **{f"{key}_pct": key for key in SUBSETS_OF_CASES if key != "repeat_cases"},
}


@dataclass(frozen=True)
class Benchmarks:
    cases_per_10k_adult_women: float
    repeat_pct: float
    partner_referral_pct: float

    @classmethod
    def of(cls, settings: ReportingSettings) -> "Benchmarks":
        return cls(
            cases_per_10k_adult_women=settings.benchmark_cases_per_10k_adult_women,
            repeat_pct=settings.benchmark_repeat_pct,
            partner_referral_pct=settings.benchmark_partner_referral_pct,
        )


def _raw(totals: HearingTotals) -> dict[str, int]:
    return {
        "cases_discussed": totals.cases,
        "repeat_cases": totals.repeat,
        "children_in_households": totals.children,
        "police_referrals": totals.police,
        "partner_referrals": totals.partner,
        **{_EQUALITY_KEYS[m]: totals.equality.get(m, 0) for m in EQUALITY_MEASURES},
    }


def return_table(
    raw: dict[str, dict[str, int]], agencies: dict[str, dict[str, int]], threshold: int
) -> FigureTable:
    table = FigureTable(threshold)
    for area, measures in raw.items():
        for measure, value in measures.items():
            table.add((area, measure), value)
        cases = (area, "cases_discussed")
        for measure in SUBSETS_OF_CASES:
            table.subset(cases, (area, measure))
        table.partition(
            cases,
            [(area, "police_referrals"), (area, "partner_referrals")],
            (area, "other_referrals"),
        )
        agency_cells = [
            table.add((area, "agency", agency), count) for agency, count in agencies[area].items()
        ]
        if agency_cells:
            table.relate(cases, agency_cells)
    areas = [a for a in raw if a != ALL]
    for measure in raw[ALL]:
        table.relate((ALL, measure), [(area, measure) for area in areas])
    table.solve()
    return table


def _per_10k(cases: int | str, population: int | None, period: Period) -> float | None:
    if not isinstance(cases, int) or not population:
        return None
    annualised = cases * 365.25 / period.days
    return round(annualised / population * 10_000, 1)


async def safelives_return(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
    marac_area: str | None = None,
) -> dict:
    by_area = await hearings_by_area(session=session, slot=slot, period=period)
    areas = ordered_areas(partnership.marac_area_codes, by_area)
    total = HearingTotals()
    for area in areas:
        total.add(by_area.get(area, HearingTotals()))
    raw = {area: _raw(by_area.get(area, HearingTotals())) for area in areas}
    raw[ALL] = _raw(total)
    agencies = {area: dict(by_area.get(area, HearingTotals()).by_agency) for area in areas}
    agencies[ALL] = dict(total.by_agency)
    table = return_table(raw, agencies, settings.small_number_threshold)

    names = {m.code: m.name for m in partnership.marac_areas}
    populations = {m.code: m.adult_women_population for m in partnership.marac_areas}
    populations[ALL] = (
        sum(p or 0 for p in populations.values()) if all(populations.values()) else None
    )
    names[ALL] = "All MARACs"
    rows = []
    for area in [*areas, ALL]:
        if marac_area is not None and area != marac_area:
            continue
        measures = {m: table.show((area, m)) for m in raw[area]}
        cases = (area, "cases_discussed")
        rows.append(
            {
                "marac_area": area,
                "name": names.get(area, area),
                "adult_women_population": populations.get(area),
                **measures,
                **{
                    pct: table.share_pct((area, measure), cases)
                    for pct, measure in PERCENT_MEASURES.items()
                },
                "cases_per_10k_adult_women": _per_10k(
                    measures["cases_discussed"], populations.get(area), period
                ),
                "referrals_by_agency": {
                    agency: table.show((area, "agency", agency))
                    for agency in sorted(agencies[area])
                },
            }
        )
    return {
        "period": period.as_dict(),
        "benchmarks": Benchmarks.of(settings).__dict__,
        "benchmark_notes": {
            "cases_per_10k_adult_women": "SafeLives recommends about 40 cases a year per "
            "10,000 adult women; a quarter's cases are annualised to compare.",
            "repeat_pct": "National repeat rate about 30% (32% in the year to June 2023).",
            "partner_referral_pct": "About 36% of referrals come from partner agencies.",
        },
        "rows": rows,
        "threshold": settings.small_number_threshold,
    }


CSV_COLUMNS = (
    "marac_area",
    "name",
    "period",
    "adult_women_population",
    "cases_discussed",
    "cases_per_10k_adult_women",
    "benchmark_cases_per_10k_adult_women",
    "repeat_cases",
    "repeat_pct",
    "benchmark_repeat_pct",
    "police_referrals",
    "partner_referrals",
    "partner_referral_pct",
    "benchmark_partner_referral_pct",
    "children_in_households",
    "victims_minoritised",
    "victims_minoritised_pct",
    "victims_lgbt",
    "victims_lgbt_pct",
    "victims_disabled",
    "victims_disabled_pct",
    "victims_male",
    "victims_male_pct",
    "victims_16_17",
    "victims_16_17_pct",
    "perpetrators_under_18",
    "perpetrators_under_18_pct",
)


def csv_rows(figures: dict) -> list[dict[str, object]]:
    """One row per MARAC area and one for all, benchmarks beside each measure."""
    benchmarks = figures["benchmarks"]
    out = []
    for row in figures["rows"]:
        line = {column: row.get(column) for column in CSV_COLUMNS}
        line["period"] = figures["period"]["code"]
        for key, value in benchmarks.items():
            line[f"benchmark_{key}"] = value
        out.append({k: ("" if v is None else v) for k, v in line.items()})
    return out
