"""Hate crime against the same period a year before: strands, hours, days of the week and
crimes against officers."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, change_words, pct_cell, whole, words
from reporting.hate_crime.service import WEEKDAYS, hate_crime_stats
from reporting.periods import Period

STRAND_NAMES = {
    "race": "Race",
    "religion": "Religion",
    "sexual_orientation": "Sexual orientation",
    "disability": "Disability",
    "transgender": "Transgender identity",
}


async def build(context: ReportContext) -> Section:
    hate = await hate_crime_stats(
        session=context.session,
        slot=context.slot,
        period=context.period,
        areas=context.partnership.area_codes,
        threshold=context.threshold,
    )
    context.figures["hate_crime"] = hate
    return _section(hate, context.period, context.where)


def _section(hate: dict, period: Period, where: str) -> Section:
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
    week = _week_sentence(hate["weekdays_vs_weekend"])
    if week:
        section.paragraphs.append(week)
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
    section.figures.append(
        Figure(
            caption=f"Hate crimes by day of the week (local time), {period.label}",
            chart=charts.bar(
                f"Hate crimes by day of the week, {period.label}",
                [day.capitalize() for day in WEEKDAYS],
                {period.label: [hate["by_weekday"][day] for day in WEEKDAYS]},
            ),
            header=[*[day.capitalize() for day in WEEKDAYS], "Weekdays", "Weekend"],
            rows=[
                [
                    *[cell(hate["by_weekday"][day]) for day in WEEKDAYS],
                    cell(hate["weekdays_vs_weekend"]["weekdays"]),
                    cell(hate["weekdays_vs_weekend"]["weekend"]),
                ]
            ],
        )
    )
    return section


def _week_sentence(split: dict) -> str:
    """Whether hate crimes happen during the week, by crimes a day (five weekdays, two
    days of the weekend); nothing when either count is not published."""
    weekdays, weekend = split["weekdays"], split["weekend"]
    if not isinstance(weekdays, int) or not isinstance(weekend, int) or weekdays + weekend == 0:
        return ""
    share = whole(100 * weekdays / (weekdays + weekend))
    if weekdays / 5 >= weekend / 2:
        return (
            "Hate crimes data indicates that offences occur during the week: "
            f"{share}% happened from Monday to Friday."
        )
    return (
        "Hate crimes data indicates that offences occur at the weekend: "
        f"{100 - share}% happened on Saturdays and Sundays."
    )
