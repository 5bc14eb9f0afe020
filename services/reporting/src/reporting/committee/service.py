"""The update to the Overview and Scrutiny Committee, in the shape of the seed report's
figures: domestic abuse referrals; MARAC cases by area, year on year; commissioned
services; Domestic Homicide Reviews; the Serious Violence Duty's measures and the
Prevention and Early Identification Fund; hate crime against the same quarter a year
before, strands, hours and crimes against officers. Every figure comes from the same
functions as the API, so the suppression rule applies; the prose says "fewer than 5"
where a table says "<5".
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.partnership import Partnership
from reporting import charts
from reporting.attendance.service import attendance_by_agency
from reporting.dhr.service import dhr_stats
from reporting.hate_crime.service import hate_crime_stats
from reporting.marac.service import marac_stats
from reporting.periods import Period, financial_year_of, fy_code, last_complete_year
from reporting.protection import SUPPRESSED, Shown
from reporting.providers.service import STAGES, provider_performance
from reporting.read_models import Slot
from reporting.referrals.service import referral_stats
from reporting.rendering import pounds
from reporting.settings import ReportingSettings
from reporting.svd_fund.service import svd_stats

STRAND_NAMES = {
    "race": "Race",
    "religion": "Religion",
    "sexual_orientation": "Sexual orientation",
    "disability": "Disability",
    "transgender": "Transgender identity",
}
LOW_ATTENDANCE_PCT = 75.0


@dataclass
class Figure:
    caption: str
    chart: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def words(value: Shown) -> str:
    """A count in a sentence."""
    if isinstance(value, int):
        return f"{value:,}"
    return "a number not published (it is small, or would let a small number be worked out)"


def cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def pct_cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def whole(pct: float) -> int:
    """A published one-decimal percentage as a whole number for prose (10.5 -> 10, as the
    committee papers write 283 against 256; half to even)."""
    return round(pct)


def change_words(change: float | None, previous_label: str) -> str:
    """', which is a 10% increase'."""
    if change is None:
        return ""
    if whole(change) == 0:
        return f", about the same as {previous_label}"
    direction = "increase" if change > 0 else "decrease"
    return f", which is a {whole(abs(change))}% {direction}"


def place(partnership: Partnership) -> str:
    """'North Yorkshire and York' from 'North Yorkshire and York Community Safety Partnership'."""
    return partnership.name.removesuffix(" Community Safety Partnership").strip()


async def scrutiny_report(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
    today: date | None = None,
) -> dict:
    threshold = settings.small_number_threshold
    where = place(partnership)
    marac_names = {m.code: m.name for m in partnership.marac_areas}
    area_names = {a.code: a.name for a in partnership.areas}
    agency_names = {a.code: a.name for a in partnership.agencies}
    year = last_complete_year(period)

    referrals = await referral_stats(
        session=session,
        slot=slot,
        period=period,
        group_by=["area"],
        threshold=threshold,
        areas=partnership.area_codes,
    )
    risk = await referral_stats(
        session=session, slot=slot, period=period, group_by=["risk_level"], threshold=threshold
    )
    marac = await marac_stats(
        session=session,
        slot=slot,
        period=year,
        marac_areas=partnership.marac_area_codes,
        threshold=threshold,
    )
    attendance = await attendance_by_agency(
        session=session, slot=slot, period=year, meeting_kind="marac"
    )
    providers = await provider_performance(
        session=session, slot=slot, period=period, threshold=threshold
    )
    dhr = await dhr_stats(
        session=session,
        slot=slot,
        since=settings.dhr_since,
        stages=settings.dhr_stages,
        threshold=threshold,
    )
    svd = await svd_stats(
        session=session,
        slot=slot,
        year=fy_code(financial_year_of(period.start)),
        threshold=threshold,
        today=today or clock.today(settings.zone),
    )
    hate = await hate_crime_stats(
        session=session,
        slot=slot,
        period=period,
        areas=partnership.area_codes,
        threshold=threshold,
    )

    sections = [
        _purpose(period, year),
        _referrals_section(referrals, risk, where, area_names),
        _marac_section(marac, attendance, year, where, marac_names, agency_names, settings),
        _providers_section(providers, period, agency_names),
        _dhr_section(dhr, where),
        _svd_section(svd, where),
        _hate_section(hate, period, where),
        _about_section(threshold),
    ]
    for number, section in enumerate(sections, start=1):
        section.heading = f"{number}.0 {section.heading}"
        section.paragraphs = [
            f"{number}.{index}|{text}" for index, text in enumerate(section.paragraphs, start=1)
        ]
    return {
        "title": partnership.name,
        "subtitle": "Update to the Overview and Scrutiny Committee",
        "report_date": (today or clock.today()).isoformat(),
        "period": period.as_dict(),
        "marac_year": year.as_dict(),
        "sections": sections,
        "threshold": threshold,
        "generated_at": clock.now().strftime("%Y-%m-%d %H:%M UTC"),
        "figures": {
            "referrals": referrals,
            "marac": marac,
            "hate_crime": hate,
            "providers": providers,
            "dhr": dhr,
            "svd": svd,
        },
    }


def _purpose(period: Period, year: Period) -> Section:
    return Section(
        "Purpose of this report",
        [
            "To update the Committee on the partnership's figures for domestic abuse, MARAC, "
            "commissioned services, Domestic Homicide Reviews, serious violence and hate crime: "
            f"{period.label} against the same period a year before, and MARAC cases for "
            f"{year.label}.",
            "The figures are built by the partnership's platform from the records agencies "
            "make as they work; nobody compiled them by hand.",
        ],
    )


def _referrals_section(referrals: dict, risk: dict, where: str, area_names: dict) -> Section:
    period, previous = referrals["period"]["label"], referrals["previous_period"]["label"]
    section = Section("Domestic abuse referrals")
    section.paragraphs.append(
        f"In {period}, {words(referrals['referrals'])} domestic abuse referrals were received "
        f"across {where}, compared to {words(referrals['previous_year_referrals'])} for "
        f"{previous}{change_words(referrals['change_pct'], previous)}."
    )
    levels = risk["groups"]
    if "high" in levels:
        section.paragraphs.append(
            f"{words(levels['high']['count']).capitalize()} were assessed as high risk on the "
            "DASH risk checklist."
        )
    groups = referrals["groups"]
    section.figures.append(
        Figure(
            caption=f"Referrals by area, {period}",
            chart=charts.bar(
                f"Referrals by area, {period}",
                [area_names.get(code, code) for code in groups],
                {
                    period: [g["count"] for g in groups.values()],
                    previous: [g["previous_year_count"] for g in groups.values()],
                },
                rotate=30,
            ),
            header=["Area", "Referrals", "Share", previous],
            rows=[
                [
                    area_names.get(code, code),
                    cell(g["count"]),
                    pct_cell(g["share_pct"]),
                    cell(g["previous_year_count"]),
                ]
                for code, g in groups.items()
            ],
        )
    )
    return section


def _marac_section(
    marac: dict,
    attendance: dict,
    year: Period,
    where: str,
    names: dict,
    agency_names: dict,
    settings: ReportingSettings,
) -> Section:
    section = Section("Multi-Agency Risk Assessment Conferences (MARAC)")
    previous = marac["previous_period"]["label"]
    text = (
        f"During {year.label}, {words(marac['cases'])} cases were discussed within MARAC "
        f"across {where}"
    )
    if marac["change_pct"] is not None:
        direction = "increase" if marac["change_pct"] >= 0 else "decrease"
        text += f". This is a {whole(abs(marac['change_pct']))}% {direction} on {previous} figures"
    shares = sorted(
        ((code, a) for code, a in marac["by_area"].items() if a["share_pct"] is not None),
        key=lambda item: -item[1]["share_pct"],
    )[:3]
    if shares:
        phrases = [
            f"{names.get(code, code)} MARAC {'heard ' if i == 0 else ''}"
            f"{whole(a['share_pct'])}%{' of the total cases' if i == 0 else ''}"
            for i, (code, a) in enumerate(shares)
        ]
        listing = (
            phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        )
        text += f". {listing}"
    section.paragraphs.append(text + ".")
    if marac["repeat_pct"] is not None:
        section.paragraphs.append(
            f"{marac['repeat_pct']:.0f}% of cases were repeat cases, against a national repeat "
            f"rate of about {settings.benchmark_repeat_pct:.0f}%."
        )
    low = [
        (code, a)
        for code, a in attendance["by_agency"].items()
        if a["attendance_pct"] is not None and a["attendance_pct"] < LOW_ATTENDANCE_PCT
    ]
    escalations = sum(a["escalations"] for a in attendance["by_agency"].values())
    if low or escalations:
        named = ", ".join(
            f"{agency_names.get(code, code)} ({a['attendance_pct']:.0f}%)" for code, a in low
        )
        sentence = (
            f"Agencies attending fewer than {LOW_ATTENDANCE_PCT:.0f}% of MARAC meetings in "
            f"{year.label}: {named}."
            if low
            else ""
        )
        if escalations:
            sentence += (
                f" {escalations} escalation{'s' if escalations != 1 else ''} of irregular "
                f"agency attendance {'were' if escalations != 1 else 'was'} raised."
            )
        section.paragraphs.append(sentence.strip())
    by_area = marac["by_area"]
    section.figures.append(
        Figure(
            caption=f"MARAC cases heard by area, {year.label} and {previous}",
            chart=charts.bar(
                f"MARAC cases by area, {year.label}",
                [names.get(code, code) for code in by_area],
                {
                    year.label: [a["cases"] for a in by_area.values()],
                    previous: [a["previous_year_cases"] for a in by_area.values()],
                },
                rotate=30,
            ),
            header=["MARAC", "Cases", "Share", previous, "Change", "Repeat rate"],
            rows=[
                [
                    names.get(code, code),
                    cell(a["cases"]),
                    pct_cell(a["share_pct"]),
                    cell(a["previous_year_cases"]),
                    pct_cell(a["change_pct"]),
                    pct_cell(a["repeat_pct"]),
                ]
                for code, a in by_area.items()
            ]
            + [
                [
                    "All",
                    cell(marac["cases"]),
                    "",
                    cell(marac["previous_year_cases"]),
                    pct_cell(marac["change_pct"]),
                    pct_cell(marac["repeat_pct"]),
                ]
            ],
        )
    )
    return section


def _providers_section(providers: dict, period: Period, agency_names: dict) -> Section:
    section = Section("Commissioned services")
    rows = []
    series: dict[str, list[Shown]] = {}
    for code, provider in providers["providers"].items():
        name = agency_names.get(code, code)
        series[name] = [provider[s] for s in STAGES]
        for service_code, service in provider["services"].items():
            rows.append(
                [
                    name,
                    service_code.removeprefix(f"{code}_").replace("_", " "),
                    *[cell(service[s]) for s in STAGES],
                    cell(service["median_days_to_first_contact"]),
                ]
            )
    if not rows:
        section.paragraphs.append(
            f"No referrals were routed to commissioned services in {period.label}."
        )
        return section
    section.paragraphs.append(
        f"What happened to the referrals routed to each commissioned service in {period.label}: "
        "received, accepted or declined, contacted, engaged and closed, and the median days "
        "from referral to first contact."
    )
    section.figures.append(
        Figure(
            caption=f"Referrals to commissioned services, {period.label}",
            chart=charts.funnel(
                f"Commissioned services, {period.label}", [s.capitalize() for s in STAGES], series
            ),
            header=["Provider", "Service", *[s.capitalize() for s in STAGES], "Days to contact"],
            rows=rows,
        )
    )
    return section


def _reviews(n: int) -> str:
    return f"{n} review" if n == 1 else f"{n} reviews"


def _dhr_section(dhr: dict, where: str) -> Section:
    section = Section(f"{where} - Domestic Homicide Reviews")
    reviews, since = dhr["reviews"], dhr["since"]
    section.paragraphs.append(
        "The Community Safety Partnership has the statutory responsibility for commissioning "
        "Domestic Homicide Reviews (DHRs): a review of the circumstances in which the death "
        "of a person aged 16 or over has, or appears to have, resulted from violence, abuse "
        "or neglect by a person they were related to, in an intimate relationship with, or "
        "living with; and, where a victim took their own life and the circumstances give "
        "rise to concern, even without a charge."
    )
    if not reviews["commissioned"]:
        section.paragraphs.append(f"No statutory review has been commissioned since {since}.")
        return section
    commissioned = reviews["commissioned"]
    deaths = "1 death has" if commissioned == 1 else f"{commissioned} deaths have"
    parts = [f"Since {since}, {deaths} led to the commissioning of statutory reviews"]
    if reviews["published"]:
        done = "is" if reviews["published"] == 1 else "are"
        parts.append(f"{_reviews(reviews['published'])} {done} completed and published")
    awaiting = reviews["awaiting_publication"]
    if awaiting:
        parts.append(
            f"{_reviews(awaiting)} {'is' if awaiting == 1 else 'are'} completed, signed off by "
            "the Home Office and due to be published"
        )
    under_way = reviews["in_progress"] - awaiting
    if under_way:
        parts.append(f"{_reviews(under_way)} {'is' if under_way == 1 else 'are'} under way")
    section.paragraphs.append(", ".join(parts) + ".")
    circumstances = dhr["by_circumstances"]
    if circumstances.get("suspected_suicide"):
        section.paragraphs.append(
            f"Of the deaths notified since {since}, {circumstances['homicide']} followed a "
            f"homicide and {circumstances['suspected_suicide']} a suspected suicide."
        )
    if reviews["overdue"]:
        section.paragraphs.append(
            f"{_reviews(reviews['overdue'])} {'is' if reviews['overdue'] == 1 else 'are'} past "
            "a statutory deadline."
        )
    themes = dhr["recommendations"]["by_theme"]
    if themes:
        section.paragraphs.append(
            "Although each circumstance is different, there are common themes within the "
            "recommendations, delivered through multi-agency action plans: "
            + ", ".join(theme.replace("_", " ") for theme in themes)
            + "."
        )
        section.figures.append(
            Figure(
                caption=f"Recommendations of the reviews notified since {since}, by theme",
                header=["Theme", "Recommendations", "Completed", "In progress", "Open"],
                rows=[
                    [
                        theme.replace("_", " ").capitalize(),
                        cell(c["total"]),
                        cell(c["completed"]),
                        cell(c["in_progress"]),
                        cell(c["open"]),
                    ]
                    for theme, c in themes.items()
                ],
            )
        )
    section.paragraphs.append(
        "The victims' age, gender and ethnic group are not given: with so few reviews they "
        "would identify the people who died."
        if all(
            v == SUPPRESSED for values in dhr["victims"].values() for v in values.values() if v != 0
        )
        else "The victims' age, gender and ethnic group are given where they cannot identify "
        "anyone (on the dashboard)."
    )
    return section


COMPARATOR_PLACES = {"england_and_wales": "England and Wales", "england": "England"}


def _label(code: str) -> str:
    return code.replace("_", " ")


def _plural(code: str) -> str:
    words = _label(code)
    if words.endswith("s"):
        return words
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _svd_section(svd: dict, where: str) -> Section:
    section = Section("Early Intervention and Prevention - Serious Violence Duty")
    section.paragraphs.append(
        "The Serious Violence Duty, introduced in January 2023, requires the Police, Fire and "
        "Crime Commissioner to convene partners to work together to prevent and reduce "
        "serious violence that occurs in the area, develop a Strategic Needs Assessment "
        "(SNA) and implement a response strategy to address it."
    )
    measures = svd["measures"]
    if measures is None or measures["partnership"] is None:
        section.paragraphs.append(
            f"No serious violence measures have been published for {svd['year']} or before."
        )
    else:
        own = measures["partnership"]
        national = {
            c["measure"]: (
                COMPARATOR_PLACES.get(c["geography"], _label(c["geography"])),
                c["value"],
            )
            # The national figure where regional ones are published beside it.
            for c in sorted(
                measures["comparators"], key=lambda c: c["geography"] == "england_and_wales"
            )
        }
        rate = own["violence_with_injury_per_1000"]
        if rate is not None:
            text = (
                f"Violence with injury had an offence rate of {rate:.1f} per 1,000 of the "
                f"population in {where}"
            )
            if "violence_with_injury_per_1000" in national:
                _, value = national["violence_with_injury_per_1000"]
                relation = (
                    "lower than"
                    if rate < value
                    else "higher than"
                    if rate > value
                    else "the same as"
                )
                text += f", this is {relation} the national average rate of {value:.1f}"
            text += "."
            if own["knife_share_percent"] is not None:
                text += (
                    " Of the violence with injury offences, "
                    f"{whole(own['knife_share_percent'])}% of the offences included the use of "
                    "a knife."
                )
            section.paragraphs.append(text)
        if own["crime_severity_score"] is not None:
            start = int(measures["year"][:4])
            text = (
                f"For April {start} to March {start + 1} the Crime Severity Score (CSS) for "
                f"{where} was {own['crime_severity_score']:.1f}"
            )
            if "crime_severity_score" in national:
                place_name, value = national["crime_severity_score"]
                text += f", the average CSS for {place_name} was {value:.1f}"
            section.paragraphs.append(text + ".")
    if not svd["rounds"]:
        section.paragraphs.append(
            f"No round of the Prevention and Early Identification Fund opened in {svd['year']}."
        )
        return section
    spend, bids, awards = svd["spend"], svd["bids"], svd["awards"]
    funded = [p for p, c in svd["by_priority"].items() if c["awards"]]
    activities = [a for a, c in svd["by_activity_type"].items() if c["awards"]]
    text = (
        "As part of the response strategy a Prevention and Early Identification Fund "
        "Programme was established, which gave partners and organisations the opportunity "
        f"to bid for funding. In {svd['year']}, {bids['eligible']} eligible bids asked for "
        f"{pounds(bids['requested_pence'])}; {awards['grants']} projects were awarded "
        f"{pounds(awards['awarded_pence'])} of the {pounds(spend['budget_pence'])} budget"
    )
    if spend["awarded_percent"] is not None:
        text += f" ({whole(spend['awarded_percent'])}%)"
    text += f", and {pounds(spend['paid_pence'])} has been paid."
    section.paragraphs.append(text)
    if funded:
        text = (
            f"The projects deliver interventions which tackle {len(funded)} of the "
            f"{len(svd['by_priority'])} priority areas"
        )
        if activities:
            text += ", including " + ", ".join(_plural(a) for a in activities)
        section.paragraphs.append(
            text + ". The table gives the projects by priority; their titles and recipients "
            "are published in the fund's 360Giving data."
        )
        section.figures.append(
            Figure(
                caption=f"Prevention and Early Identification Fund {svd['year']}, by priority",
                header=["Priority", "Eligible bids", "Projects funded", "Awarded", "Paid"],
                rows=[
                    [
                        _label(priority).capitalize(),
                        cell(c["bids"]),
                        cell(c["awards"]),
                        pounds(c["awarded_pence"]),
                        pounds(c["paid_pence"]),
                    ]
                    for priority, c in svd["by_priority"].items()
                ],
            )
        )
    returns = svd["returns"]
    if returns["submitted"] or returns["scheduled"]:
        outputs = [
            f"{words(figures['total'])} {_label(measure)}"
            for measure, figures in svd["outputs"].items()
            if figures["total"] != 0
        ]
        text = (
            f"{returns['submitted']} monitoring returns have been submitted, {returns['late']} "
            f"after their due date; {returns['approved']} are approved."
        )
        if returns["scheduled"]:
            overdue = returns["overdue"]
            text = (
                f"Of the {returns['scheduled']} monitoring returns scheduled for "
                f"the projects, {returns['due_in_year']} fall due in {svd['year']}. {text} "
                f"{overdue} {'is' if overdue == 1 else 'are'} overdue: past the due date "
                "and not submitted."
            )
        if outputs:
            text += " They report " + "; ".join(outputs) + "."
        section.paragraphs.append(text)
    return section


def _hate_section(hate: dict, period: Period, where: str) -> Section:
    section = Section("Hate crime and community cohesion")
    previous = hate["previous_period"]["label"]
    text = (
        f"For {period.label} there have been {words(hate['crimes'])} hate crimes reported "
        f"across {where}, compared to {words(hate['previous_year_crimes'])} for the "
        f"equivalent period {previous.split()[-1] if period.kind == 'quarter' else previous}"
        f"{change_words(hate['change_pct'], previous)}."
    )
    section.paragraphs.append(text)
    section.paragraphs.append(
        f"{words(hate['against_officers']).capitalize()} hate crimes were committed against "
        "police officers whilst they were executing their duties."
    )
    bands = {k: v for k, v in hate["by_hour_band"].items() if isinstance(v, int)}
    if bands and max(bands.values()) > 0:
        peak = max(bands, key=lambda k: bands[k])
        section.paragraphs.append(f"The key times for hate crime happening are {peak} hrs.")
    strands = {k: v for k, v in hate["by_strand"].items() if v["share_pct"] is not None}
    if strands:
        top = max(strands, key=lambda k: strands[k]["share_pct"])
        section.paragraphs.append(
            f"{STRAND_NAMES[top]} is the dominant strand, accounting for "
            f"{whole(strands[top]['share_pct'])}% of all hate crime reports."
        )
    section.paragraphs.append(
        f"Non-crime hate incidents are recorded apart: {words(hate['non_crime_incidents'])} "
        f"in {period.label}."
    )
    section.figures.append(
        Figure(
            caption=f"Hate crimes by strand, {period.label} (a crime can carry several)",
            chart=charts.bar(
                f"Hate crimes by strand, {period.label}",
                [STRAND_NAMES[s] for s in hate["by_strand"]],
                {period.label: [v["count"] for v in hate["by_strand"].values()]},
                rotate=20,
            ),
            header=["Strand", "Crimes", "Share"],
            rows=[
                [STRAND_NAMES[s], cell(v["count"]), pct_cell(v["share_pct"])]
                for s, v in hate["by_strand"].items()
            ],
        )
    )
    section.figures.append(
        Figure(
            caption=f"Hate crimes by hour of the day (local time), {period.label}",
            chart=charts.bar(
                f"Hate crimes by hour of the day, {period.label}",
                [f"{h:02d}" for h in range(24)],
                {period.label: list(hate["by_hour"].values())},
            ),
            header=list(hate["by_hour_band"]),
            rows=[[cell(v) for v in hate["by_hour_band"].values()]],
        )
    )
    return section


def _about_section(threshold: int) -> Section:
    return Section(
        "About these figures",
        [
            f"Counts from 1 to {threshold - 1} are not published, so that no victim can be "
            "identified, and neither is any figure from which such a count could be worked "
            "out with other published figures (a total minus its other parts, a quarter "
            'minus two of its months): they read "suppressed" and are left out of the '
            "charts. Figures are published for whole months, quarters and years.",
            "Periods follow the dates things happened (a referral received, a case heard, a "
            "crime committed), not when they were recorded. Quarters are of the financial year "
            "(Q1 is April to June).",
        ],
    )
