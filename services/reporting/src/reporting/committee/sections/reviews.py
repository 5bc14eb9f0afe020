"""Domestic Homicide Reviews: commissioned, published, awaiting publication, under way;
their recommendations by theme."""

from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell
from reporting.dhr.service import dhr_stats
from reporting.figures import Kind
from reporting.protection import SUPPRESSED


async def build(context: ReportContext) -> Section:
    settings = context.settings
    dhr = await dhr_stats(
        session=context.session,
        slot=context.slot,
        since=settings.dhr_since,
        stages=settings.dhr_stages,
        threshold=context.threshold,
    )
    context.figures["dhr"] = dhr
    return _section(dhr, context.where)


def _reviews(n: int) -> str:
    return f"{n} review" if n == 1 else f"{n} reviews"


def _section(dhr: dict, where: str) -> Section:
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
                kind=Kind.AGENCIES,
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
