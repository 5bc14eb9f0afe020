"""What the dashboard pages show: the same figures as the API, and their charts."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting import charts
from reporting.attendance.models import Attendance
from reporting.attendance.service import attendance_by_agency
from reporting.committee.service import STRAND_NAMES
from reporting.hate_crime.models import HateReport
from reporting.hate_crime.service import WEEKDAYS, hate_crime_stats
from reporting.marac.models import CaseHearing
from reporting.marac.service import marac_stats
from reporting.periods import (
    Period,
    calendar_month,
    calendar_year,
    financial_year,
    financial_year_of,
    fy_quarter,
    parse_period,
)
from reporting.providers.models import Route
from reporting.providers.service import STAGES, commissioned, provider_performance
from reporting.read_models import Slot
from reporting.referrals.models import Referral
from reporting.referrals.service import referral_stats
from reporting.safelives.service import safelives_return
from reporting.settings import ReportingSettings

PAGES = (
    ("/dashboard", "Overview"),
    ("/dashboard/attendance", "Attendance"),
    ("/dashboard/safelives", "SafeLives return"),
    ("/dashboard/hubs", "Community safety hubs"),
    ("/dashboard/dhr", "Homicide reviews"),
    ("/dashboard/svd", "Serious violence"),
    ("/dashboard/report", "Committee report"),
)

SAFELIVES_MEASURES = (
    ("cases_discussed", "Cases discussed", "count", None),
    (
        "cases_per_10k_adult_women",
        "Cases per 10,000 adult women (a year)",
        "count",
        "cases_per_10k_adult_women",
    ),
    ("repeat_cases", "Repeat cases", "count", None),
    ("repeat_pct", "Repeat rate", "pct", "repeat_pct"),
    ("police_referrals", "Referrals from the police", "count", None),
    ("partner_referrals", "Referrals from partner agencies", "count", None),
    ("partner_referral_pct", "Share from partner agencies", "pct", "partner_referral_pct"),
    ("children_in_households", "Children in the households", "count", None),
    ("victims_minoritised", "Black, Asian or racially minoritised victims", "count", None),
    ("victims_lgbt", "LGBT+ victims", "count", None),
    ("victims_disabled", "Disabled victims", "count", None),
    ("victims_male", "Male victims", "count", None),
    ("victims_16_17", "Victims aged 16-17", "count", None),
    ("perpetrators_under_18", "Perpetrators aged 17 or under", "count", None),
)


# What the dashboard's periods count, each by its own date (see each read model).
_DATED = (
    (Referral, "received_on"),
    (CaseHearing, "heard_on"),
    (HateReport, "occurred_on"),
    (Attendance, "meeting_date"),
    (Route, "routed_on"),
)


async def first_day_with_data(*, session: AsyncSession, slot: Slot) -> date | None:
    """The earliest day any figure the dashboard shows counts (each date is indexed)."""
    earliest = [
        select(func.min(model.table(slot).c[column])).scalar_subquery() for model, column in _DATED
    ]
    days = (await session.execute(select(*earliest))).one()
    return min((d for d in days if d is not None), default=None)


def period_options(
    today: date, current: Period, since: date | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods the picker offers, newest first: every month, quarter, financial year
    and calendar year from the one holding `since` (the first day with data) to the one
    holding today, and the one shown if it is none of those. Without data, today's."""
    first = min(since or today, today)
    this_month = today.year * 12 + today.month - 1
    first_month = first.year * 12 + first.month - 1
    months = [calendar_month(m // 12, m % 12 + 1) for m in range(this_month, first_month - 1, -1)]
    this_fy, first_fy = financial_year_of(today), financial_year_of(first)
    quarters = [fy_quarter(fy, q) for fy in range(this_fy, first_fy - 1, -1) for q in (4, 3, 2, 1)]
    quarters = [q for q in quarters if q.start <= today and q.end >= first]
    years = [financial_year(fy) for fy in range(this_fy, first_fy - 1, -1)]
    calendar = [calendar_year(y) for y in range(today.year, first.year - 1, -1)]
    groups = {
        "month": ("Months", months),
        "quarter": ("Quarters of the financial year", quarters),
        "financial_year": ("Financial years", years),
        "year": ("Calendar years", calendar),
    }
    if current.kind in groups and current not in groups[current.kind][1]:
        groups[current.kind][1].insert(0, current)
    return [(label, [(p.code, p.label) for p in options]) for label, options in groups.values()]


def names(partnership: Partnership) -> dict[str, dict[str, str]]:
    return {
        "area_names": {a.code: a.name for a in partnership.areas}
        | {m.code: m.name for m in partnership.marac_areas},
        "agency_names": {a.code: a.name for a in partnership.agencies},
        "service_names": {s.code: s.name for p in partnership.providers for s in p.services},
        "strand_names": STRAND_NAMES,
    }


async def overview(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
) -> dict:
    threshold = settings.small_number_threshold
    by_month = await referral_stats(
        session=session, slot=slot, period=period, group_by=["month"], threshold=threshold
    )
    by_area = await referral_stats(
        session=session,
        slot=slot,
        period=period,
        group_by=["area"],
        threshold=threshold,
        areas=partnership.area_codes,
    )
    marac = await marac_stats(
        session=session,
        slot=slot,
        period=period,
        marac_areas=partnership.marac_area_codes,
        threshold=threshold,
    )
    hate = await hate_crime_stats(
        session=session, slot=slot, period=period, areas=partnership.area_codes, threshold=threshold
    )
    providers = await provider_performance(
        session=session, slot=slot, period=period, threshold=threshold
    )
    providers["providers"] = commissioned(providers["providers"], partnership)
    labels = names(partnership)
    area_names, agency_names = labels["area_names"], labels["agency_names"]
    previous = by_month["previous_period"]["label"]
    this = period.label
    months = by_month["groups"]
    tiles = [
        {
            "label": "Domestic abuse referrals",
            "value": by_month["referrals"],
            "previous": by_month["previous_year_referrals"],
            "change": by_month["change_pct"],
        },
        {
            "label": "MARAC cases heard",
            "value": marac["cases"],
            "previous": marac["previous_year_cases"],
            "change": marac["change_pct"],
        },
        {
            "label": "Hate crimes",
            "value": hate["crimes"],
            "previous": hate["previous_year_crimes"],
            "change": hate["change_pct"],
        },
        {
            "label": "Hate crimes against officers",
            "value": hate["against_officers"],
            "previous": hate["previous_year_against_officers"],
            "change": None,
        },
    ]
    month_labels = {code: parse_period(code).label for code in months}
    chart_set = {
        "referrals_trend": charts.line(
            None,
            list(month_labels.values()),
            {
                this: [g["count"] for g in months.values()],
                previous: [g["previous_year_count"] for g in months.values()],
            },
        ),
        "referral_areas": charts.bar(
            None,
            [area_names.get(c, c) for c in by_area["groups"]],
            {
                this: [g["count"] for g in by_area["groups"].values()],
                previous: [g["previous_year_count"] for g in by_area["groups"].values()],
            },
        ),
        "marac_areas": charts.bar(
            None,
            [area_names.get(c, c) for c in marac["by_area"]],
            {
                this: [a["cases"] for a in marac["by_area"].values()],
                previous: [a["previous_year_cases"] for a in marac["by_area"].values()],
            },
        ),
        "hate_strands": charts.bar(
            None,
            [STRAND_NAMES[s] for s in hate["by_strand"]],
            {this: [v["count"] for v in hate["by_strand"].values()]},
            horizontal=True,
        ),
        "hate_hours": charts.bar(
            None,
            [f"{h:02d}" for h in range(24)],
            {this: list(hate["by_hour"].values())},
        ),
        "hate_weekdays": charts.bar(
            None,
            [day.capitalize() for day in WEEKDAYS],
            {this: [hate["by_weekday"][day] for day in WEEKDAYS]},
        ),
        "provider_funnel": charts.funnel(
            None,
            [s.capitalize() for s in STAGES],
            {
                agency_names.get(code, code): [p[s] for s in STAGES]
                for code, p in providers["providers"].items()
            },
        ),
    }
    return {
        "tiles": tiles,
        "referrals_by_month": months,
        "month_labels": month_labels,
        "referrals_by_area": by_area,
        "marac": marac,
        "hate": hate,
        "providers": providers,
        "stages": STAGES,
        "charts": chart_set,
        **labels,
    }


async def attendance_page(
    *, session: AsyncSession, slot: Slot, period: Period, partnership: Partnership
) -> dict:
    figures = await attendance_by_agency(
        session=session, slot=slot, period=period, meeting_kind="marac"
    )
    labels = names(partnership)
    agencies = figures["by_agency"]
    chart = charts.bar(
        None,
        [labels["agency_names"].get(c, c) for c in agencies],
        {"Attended": [a["attendance_pct"] for a in agencies.values()]},
        horizontal=True,
        percent=True,
    )
    return {"attendance": figures, "charts": {"attendance": chart}, **labels}


async def safelives_page(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
) -> dict:
    figures = await safelives_return(
        session=session, slot=slot, period=period, partnership=partnership, settings=settings
    )
    benchmarks = figures["benchmarks"]
    rows = figures["rows"]
    chart = charts.bar(
        None,
        [r["name"] for r in rows],
        {
            "This MARAC": [r["cases_per_10k_adult_women"] for r in rows],
            "SafeLives benchmark": [benchmarks["cases_per_10k_adult_women"]] * len(rows),
        },
    )
    measures = [
        (key, label, kind, benchmarks.get(bench) if bench else None)
        for key, label, kind, bench in SAFELIVES_MEASURES
    ]
    return {
        "safelives": figures,
        "measures": measures,
        "charts": {"per_10k": chart},
        **names(partnership),
    }
