"""What happened to the referrals routed to each commissioned service."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell
from reporting.protection import Shown
from reporting.providers.service import STAGES, provider_performance


async def build(context: ReportContext) -> Section:
    period = context.period
    providers = await provider_performance(
        session=context.session, slot=context.slot, period=period, threshold=context.threshold
    )
    context.figures["providers"] = providers
    section = Section("Commissioned services")
    rows = []
    series: dict[str, list[Shown]] = {}
    for code, provider in providers["providers"].items():
        name = context.agency_names.get(code, code)
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
