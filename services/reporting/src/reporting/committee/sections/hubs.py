"""Community safety hubs: cases opened and closed by hub against the same period a year
before, repeat locations and victims, high-risk cases, interventions and their
breaches, and the ASB case review ("community trigger") figures the law requires to be
published."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, change_words, pct_cell, words
from reporting.hubs.service import HubCodes, hub_stats


async def build(context: ReportContext) -> Section:
    codes = HubCodes.of(context.partnership)
    hubs = await hub_stats(
        session=context.session,
        slot=context.slot,
        period=context.period,
        codes=codes,
        threshold=context.threshold,
    )
    context.figures["hubs"] = hubs
    return _section(hubs, codes)


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _section(hubs: dict, codes: HubCodes) -> Section:
    section = Section("Community Safety Hubs")
    period, previous = hubs["period"]["label"], hubs["previous_period"]["label"]
    names = [codes.hub_name(code) for code in hubs["by_hub"]]
    section.paragraphs.append(
        f"The community safety hubs ({_listing(names)}) work together to protect their "
        "communities from crime and disorder and deal with anti-social behaviour, drug or "
        "alcohol misuse, reoffending and crime prevention. Every hub manages its cases on "
        "the same system, so their figures can be read side by side."
    )
    opened, closed = hubs["cases"]["opened"], hubs["cases"]["closed"]
    section.paragraphs.append(
        f"In {period} the hubs opened {words(opened['count'])} cases, compared to "
        f"{words(opened['previous_year_count'])} for {previous}"
        f"{change_words(opened['change_pct'], previous)}, and closed {words(closed['count'])}."
    )
    if opened["count"] != 0:
        high = hubs["risk_levels"]["high"]["count"]
        section.paragraphs.append(
            f"Of the cases opened, {words(hubs['repeat_locations']['count'])} were about a place "
            f"the hub already had a case about, {words(hubs['repeat_victims']['count'])} had a "
            f"victim already known to the hub, and {words(high)} were assessed as high risk."
        )
    interventions = hubs["interventions"]
    if interventions["issued"]["count"] != 0 or interventions["breached"]["count"] != 0:
        kinds = [
            f"{words(figures['issued']['count'])} {codes.intervention_name(kind).lower()}"
            for kind, figures in interventions["by_kind"].items()
            if figures["issued"]["count"] != 0
        ]
        text = f"{words(interventions['issued']['count']).capitalize()} interventions were issued"
        if kinds:
            text += f" ({'; '.join(kinds)})"
        section.paragraphs.append(
            f"{text}, and {words(interventions['breached']['count'])} breaches were recorded."
        )
    trigger = hubs["community_trigger"]
    applications = trigger["applications"]["count"]
    text = (
        "A victim of anti-social behaviour, or someone on their behalf, may ask for an ASB "
        'case review (the "community trigger") under section 104 of the Anti-social '
        "Behaviour, Crime and Policing Act 2014. "
    )
    if applications == 0:
        text += f"No application was received in {period}."
    else:
        text += (
            f"In {period}, {words(applications)} applications were received; "
            f"{words(trigger['threshold_not_met']['count'])} did not meet the threshold, "
            f"{words(trigger['reviews_held']['count'])} reviews were held and "
            f"{words(trigger['reviews_with_recommendations']['count'])} of them made "
            "recommendations."
        )
    section.paragraphs.append(text)
    by_hub = hubs["by_hub"]
    section.figures.append(
        Figure(
            caption=f"Hub cases by hub, {period} and {previous}",
            chart=charts.bar(
                f"Hub cases opened, {period}",
                [codes.hub_name(code) for code in by_hub],
                {
                    period: [h["opened"]["count"] for h in by_hub.values()],
                    previous: [h["opened"]["previous_year_count"] for h in by_hub.values()],
                },
                rotate=30,
            ),
            header=["Hub", "Opened", previous, "Change", "Closed"],
            rows=[
                [
                    codes.hub_name(code),
                    cell(h["opened"]["count"]),
                    cell(h["opened"]["previous_year_count"]),
                    pct_cell(h["opened"]["change_pct"]),
                    cell(h["closed"]["count"]),
                ]
                for code, h in by_hub.items()
            ]
            + [
                [
                    "All",
                    cell(opened["count"]),
                    cell(opened["previous_year_count"]),
                    pct_cell(opened["change_pct"]),
                    cell(closed["count"]),
                ]
            ],
        )
    )
    if hubs["by_kind"]:
        section.figures.append(
            Figure(
                caption=f"Hub cases by kind, {period}",
                header=["Kind", "Opened", previous, "Closed"],
                rows=[
                    [
                        codes.kind_name(kind),
                        cell(k["opened"]["count"]),
                        cell(k["opened"]["previous_year_count"]),
                        cell(k["closed"]["count"]),
                    ]
                    for kind, k in hubs["by_kind"].items()
                ],
            )
        )
    section.figures.append(
        Figure(
            caption=f"ASB case reviews (community trigger), {period}",
            header=["", period, previous],
            rows=[
                [label, cell(trigger[key]["count"]), cell(trigger[key]["previous_year_count"])]
                for key, label in (
                    ("applications", "Applications received"),
                    ("threshold_not_met", "Not meeting the threshold"),
                    ("reviews_held", "Reviews held"),
                    ("reviews_with_recommendations", "Reviews making recommendations"),
                )
            ],
        )
    )
    return section
