"""MARAC cases by area for the last complete calendar year, year on year, and agencies'
attendance."""

from reporting import charts
from reporting.attendance.service import attendance_by_agency
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, pct_cell, whole, words
from reporting.marac.service import marac_stats

LOW_ATTENDANCE_PCT = 75.0


async def build(context: ReportContext) -> Section:
    year = context.year
    marac = await marac_stats(
        session=context.session,
        slot=context.slot,
        period=year,
        marac_areas=context.partnership.marac_area_codes,
        threshold=context.threshold,
    )
    attendance = await attendance_by_agency(
        session=context.session, slot=context.slot, period=year, meeting_kind="marac"
    )
    context.figures["marac"] = marac
    names, agency_names = context.marac_names, context.agency_names
    section = Section("Multi-Agency Risk Assessment Conferences (MARAC)")
    previous = marac["previous_period"]["label"]
    text = (
        f"During {year.label}, {words(marac['cases'])} cases were discussed within MARAC "
        f"across {context.where}"
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
            f"rate of about {context.settings.benchmark_repeat_pct:.0f}%."
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
