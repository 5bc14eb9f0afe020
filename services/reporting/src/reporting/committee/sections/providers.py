"""What happened to the referrals routed to each commissioned service, and beside it what
each service reported in its own quarterly returns."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, change_words, pct_cell, words
from reporting.protection import Shown
from reporting.providers.service import STAGES, commissioned, provider_performance


async def build(context: ReportContext) -> Section:
    period = context.period
    providers = await provider_performance(
        session=context.session, slot=context.slot, period=period, threshold=context.threshold
    )
    context.figures["providers"] = providers
    section = Section("Commissioned services")
    rows = []
    series: dict[str, list[Shown]] = {}
    for code, provider in commissioned(providers["providers"], context.partnership).items():
        name = context.agency_names.get(code, code)
        series[name] = [provider[s] for s in STAGES]
        for service_code, service in provider["services"].items():
            rows.append(
                [
                    name,
                    _service(context, service_code),
                    *[cell(service[s]) for s in STAGES],
                    cell(service["median_days_to_first_contact"]),
                ]
            )
    if not rows:
        section.paragraphs.append(
            f"No referrals were routed to commissioned services in {period.label}."
        )
        _returns_part(section, providers["returns"], context)
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
    _returns_part(section, providers["returns"], context)
    return section


OUTCOME_NAMES = {
    "risk_reduced": "Risk reduced",
    "feels_safer": "Feels safer",
    "behaviour_change": "Behaviour change",
}


def _service_name(context: ReportContext, provider: str, service: str) -> str:
    """'IDAS - Target hardening': the names the partnership's file gives them."""
    return f"{context.agency_names.get(provider, provider)} - {_service(context, service)}"


def _service(context: ReportContext, service: str) -> str:
    configured = context.partnership.service(service)
    return configured.name if configured else service.replace("_", " ")


def _returns_part(section: Section, returns: dict, context: ReportContext) -> None:
    """The services' own quarterly returns: a sentence each and one table."""
    period = context.period
    previous = period.previous_year().label
    if not returns:
        section.paragraphs.append(
            f"No commissioned service has submitted a quarterly return for {period.label}."
        )
        return
    section.paragraphs.append(
        f"The commissioned services' own quarterly returns for {period.label} include:"
    )
    rows = []
    for provider, services in returns.items():
        for service, figures in services.items():
            name = _service_name(context, provider, service)
            if figures["quarters_reported"]:
                section.paragraphs.append(
                    f"{name}: {words(figures['referrals_received'])} referrals received from "
                    f"all sources, compared to {words(figures['previous_year_referrals_received'])}"
                    f" in {previous}{change_words(figures['change_pct'], previous)}; "
                    f"{words(figures['closures'])} cases closed."
                )
            outcomes = figures["outcomes"]
            rows.append(
                [
                    name,
                    ", ".join(figures["quarters_reported"]) or "-",
                    cell(figures["referrals_received"]),
                    cell(figures["previous_year_referrals_received"]),
                    cell(figures["self_referrals"]),
                    cell(figures["closures"]),
                    "; ".join(
                        f"{OUTCOME_NAMES.get(m, m)} {cell(o['count'])} ({pct_cell(o['share_pct'])})"
                        for m, o in outcomes.items()
                    )
                    or "-",
                    cell(figures["caseload_at_end"]),
                    cell(figures["waiting_at_end"]),
                    cell(figures["median_wait_days"]),
                ]
            )
    corrected = sorted(
        {
            q
            for services in returns.values()
            for f in services.values()
            for q in f["corrected_quarters"]
        }
    )
    if corrected:
        section.paragraphs.append(
            "Returns corrected by their provider since first submitted: "
            f"{', '.join(corrected)} (the figures are the corrections)."
        )
    section.figures.append(
        Figure(
            caption=f"Commissioned services' quarterly returns, {period.label}",
            header=[
                "Service",
                "Quarters",
                "Referrals",
                f"Referrals {previous}",
                "Self-referrals",
                "Closed",
                "Outcomes of those closed",
                "Caseload at end",
                "Waiting at end",
                "Median days waiting",
            ],
            rows=rows,
        )
    )
