"""Domestic abuse: police-recorded crimes, referrals, MARAC and the commissioned services,
one part each, in the order of PARTS; a further part (MATAC) is a module and a line."""

from collections.abc import Awaitable, Callable

from reporting.committee.document import ReportContext, Section
from reporting.committee.sections import domestic_abuse_crimes, marac, providers, referrals

PARTS: tuple[Callable[[ReportContext], Awaitable[Section]], ...] = (
    domestic_abuse_crimes.build,
    referrals.build,
    marac.build,
    providers.build,
)


async def build(context: ReportContext) -> Section:
    section = Section("Domestic abuse")
    for part in PARTS:
        section.extend(await part(context))
    return section
