"""The sections of the committee report, in the report's order. A section is a module with
`async def build(context: ReportContext) -> Section`; adding one is a module and a line
here (a part of domestic abuse goes in `domestic_abuse.PARTS`). A section's narrative,
the CSP team's words, is kept under the module's name (`purpose`, `domestic_abuse`).
Sections are numbered in this order (1.0, 2.0, ...) and so are their paragraphs."""

from collections.abc import Awaitable, Callable

from reporting.committee.document import ReportContext, Section
from reporting.committee.sections import (
    about,
    domestic_abuse,
    hate_crime,
    hubs,
    partnership,
    purpose,
    recommendations,
    reviews,
    serious_violence,
)

SectionBuilder = Callable[[ReportContext], Awaitable[Section]]

SECTIONS: tuple[SectionBuilder, ...] = (
    purpose.build,
    partnership.build,
    hubs.build,
    domestic_abuse.build,
    reviews.build,
    serious_violence.build,
    hate_crime.build,
    recommendations.build,
    about.build,
)


def section_key(builder: SectionBuilder) -> str:
    """The name a section's narrative is kept under: its module's."""
    return builder.__module__.rsplit(".", 1)[-1]


SECTION_KEYS = tuple(section_key(build) for build in SECTIONS)
