"""The Serious Violence Duty's measures against the national ones, and the Prevention and
Early Identification Fund: bids, awards, payments and monitoring returns."""

from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, label, whole, words
from reporting.figures import Kind
from reporting.periods import financial_year_of, fy_code
from reporting.rendering import pounds
from reporting.svd_fund.service import svd_stats

COMPARATOR_PLACES = {"england_and_wales": "England and Wales", "england": "England"}


async def build(context: ReportContext) -> Section:
    svd = await svd_stats(
        session=context.session,
        slot=context.slot,
        year=fy_code(financial_year_of(context.period.start)),
        threshold=context.threshold,
        today=context.today,
    )
    context.figures["svd"] = svd
    return _section(svd, context.where)


def _section(svd: dict, where: str) -> Section:
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
                COMPARATOR_PLACES.get(c["geography"], label(c["geography"])),
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
    titles = svd["titles"]
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
            text += ", including " + "; ".join(titles["activity_type"][a] for a in activities)
        section.paragraphs.append(
            text + ". The table gives the projects by priority; their titles and recipients "
            "are published in the fund's 360Giving data."
        )
        section.figures.append(
            Figure(
                caption=f"Prevention and Early Identification Fund {svd['year']}, by priority",
                header=["Priority", "Eligible bids", "Projects funded", "Awarded", "Paid"],
                kind=Kind.AGENCIES,
                rows=[
                    [
                        titles["priority"][priority],
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
            f"{words(figures['total'])} {label(measure)}"
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
