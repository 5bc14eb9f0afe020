"""The sections of the committee report, in the report's order. A section is a module with
`async def build(context: ReportContext) -> Section`; adding one is a module and a line
here. Sections are numbered in this order (1.0, 2.0, ...) and so are their paragraphs."""

from collections.abc import Awaitable, Callable

from reporting.committee.document import ReportContext, Section
from reporting.committee.sections import (
    about,
    hate_crime,
    hubs,
    marac,
    providers,
    purpose,
    referrals,
    reviews,
    serious_violence,
)

SectionBuilder = Callable[[ReportContext], Awaitable[Section]]

SECTIONS: tuple[SectionBuilder, ...] = (
    purpose.build,
    hubs.build,
    referrals.build,
    marac.build,
    providers.build,
    reviews.build,
    serious_violence.build,
    hate_crime.build,
    about.build,
)
