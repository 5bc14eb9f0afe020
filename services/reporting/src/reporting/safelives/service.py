"""The SafeLives MARAC quarterly data return (DOMAIN.md §3), with national benchmarks.

Built from the cases heard in the period (`rm_marac_hearing`), protected with every
other figure of those cases (`protection`): one area asked for alone shows what the
full return, the MARAC figures and the committee report show.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting import grid
from reporting.marac.models import CaseHearing
from reporting.marac.service import (
    AGENCY,
    EQUALITY_MEASURES,
    flagged,
    hearing_population,
    ordered_areas,
    seen_marac_areas,
)
from reporting.periods import Period
from reporting.protection import Protection, Shown, share_pct
from reporting.read_models import Slot
from reporting.settings import ReportingSettings

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


def _per_10k(cases: Shown, population: int | None, period: Period) -> float | None:
    if not isinstance(cases, int) or not population:
        return None
    annualised = cases * 365.25 / period.days
    return round(annualised / population * 10_000, 1)


def _row(
    protection: Protection, where: Callable[[tuple], bool], agencies: list[str]
) -> dict[str, Shown | dict[str, Shown]]:
    """The measures of one row (a MARAC area, or all), before percentages."""

    def of_kind(kind: str) -> Shown:
        return protection.count(where, AGENCY, lambda value: value[1] == kind)

    return {
        "cases_discussed": protection.count(where),
        "repeat_cases": flagged(protection, where, "repeat"),
        "children_in_households": protection.total("children", where),
        "police_referrals": of_kind("police"),
        "partner_referrals": of_kind("partner"),
        **{_EQUALITY_KEYS[m]: flagged(protection, where, m) for m in EQUALITY_MEASURES},
        "referrals_by_agency": {
            agency: protection.count(where, AGENCY, lambda value, a=agency: value[0] == a)
            for agency in agencies
        },
    }


async def safelives_return(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
    marac_area: str | None = None,
) -> dict:
    start, end = grid.span(period)
    protection = await hearing_population(
        session=session,
        slot=slot,
        start=start,
        end=end,
        threshold=settings.small_number_threshold,
    )
    areas = ordered_areas(
        partnership.marac_area_codes, await seen_marac_areas(session=session, slot=slot)
    )
    agencies = await referring_agencies(session=session, slot=slot, partnership=partnership)
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
        where = grid.within(period, area=None if area == ALL else area)
        measures = _row(protection, where, agencies)
        cases = measures["cases_discussed"]
        assert not isinstance(cases, dict)
        rows.append(
            {
                "marac_area": area,
                "name": names.get(area, area),
                "adult_women_population": populations.get(area),
                **measures,
                **{
                    pct: share_pct(measures[measure], cases)  # type: ignore[arg-type]
                    for pct, measure in PERCENT_MEASURES.items()
                },
                "cases_per_10k_adult_women": _per_10k(cases, populations.get(area), period),
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


async def referring_agencies(
    *, session: AsyncSession, slot: Slot, partnership: Partnership
) -> list[str]:
    """Every agency a row lists: the configured ones and any the events named, whether
    or not they referred in the period (a missing agency would say "none")."""
    t = CaseHearing.table(slot)
    seen = set((await session.execute(select(t.c.referring_agency).distinct())).scalars())
    configured = [a.code for a in partnership.agencies]
    return sorted(set(configured) | seen)


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
