"""Domestic abuse referrals by area, against the same period a year before."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, change_words, pct_cell, words
from reporting.referrals.service import referral_stats


async def build(context: ReportContext) -> Section:
    referrals = await referral_stats(
        session=context.session,
        slot=context.slot,
        period=context.period,
        group_by=["area"],
        threshold=context.threshold,
        areas=context.partnership.area_codes,
    )
    risk = await referral_stats(
        session=context.session,
        slot=context.slot,
        period=context.period,
        group_by=["risk_level"],
        threshold=context.threshold,
    )
    context.figures["referrals"] = referrals
    area_names = context.area_names
    period, previous = referrals["period"]["label"], referrals["previous_period"]["label"]
    section = Section("Domestic abuse referrals")
    section.paragraphs.append(
        f"In {period}, {words(referrals['referrals'])} domestic abuse referrals were received "
        f"across {context.where}, compared to {words(referrals['previous_year_referrals'])} for "
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
