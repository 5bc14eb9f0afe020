"""Domestic abuse, in parts under their own headings, in the order of PARTS: the
police-recorded crimes, the referrals, the commissioned services, MARAC and MATAC. A
further part is a module and a line."""

from collections.abc import Awaitable, Callable

from reporting.committee.document import ReportContext, Section
from reporting.committee.sections import (
    domestic_abuse_crimes,
    marac,
    matac,
    providers,
    referrals,
)

PARTS: tuple[tuple[Callable[[ReportContext], Awaitable[Section]], str], ...] = (
    (domestic_abuse_crimes.build, "the police-recorded crimes"),
    (referrals.build, "the referrals received"),
    (providers.build, "the commissioned services' performance"),
    (marac.build, "MARAC"),
    (matac.build, "MATAC"),
)
"""Each part and how the section's opening sentence names it."""


async def build(context: ReportContext) -> Section:
    section = Section("Domestic abuse")
    named = []
    for build_part, name in PARTS:
        part = await build_part(context)
        if not part.empty:
            section.add_part(part)
            named.append(name)
    if named:
        listing = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        section.paragraphs.append(f"This section covers {listing} in {context.where}.")
    return section
