"""The update to the Overview and Scrutiny Committee, in the shape of the seed report's
figures: one section per module of `reporting.committee.sections`, in its order. Every
figure comes from the same functions as the API, so the suppression rule applies; the
prose says "a number not published" where a table says "suppressed".
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.partnership import Partnership
from reporting.committee.document import ReportContext, Section
from reporting.committee.sections import SECTIONS, SectionBuilder, section_key
from reporting.committee.sections.hate_crime import STRAND_NAMES
from reporting.editions.service import latest_versions
from reporting.periods import Period
from reporting.read_models import Slot
from reporting.settings import ReportingSettings

__all__ = ["STRAND_NAMES", "number_sections", "scrutiny_report"]


async def scrutiny_report(
    *,
    session: AsyncSession,
    slot: Slot,
    period: Period,
    partnership: Partnership,
    settings: ReportingSettings,
    today: date | None = None,
    sections: tuple[SectionBuilder, ...] = SECTIONS,
    narrative: dict[str, dict] | None = None,
    edition: dict | None = None,
) -> dict:
    """The report; `narrative` is the version of each section's narrative to show (the
    newest of each by default: a draft), `edition` the approval it is frozen as."""
    context = ReportContext(
        session=session,
        slot=slot,
        period=period,
        partnership=partnership,
        settings=settings,
        today=today or clock.today(settings.zone),
    )
    if narrative is None:
        narrative = await latest_versions(session=session, period_code=period.code)
    built = []
    for build in sections:
        section = await build(context)
        section.key = section_key(build)
        if version := narrative.get(section.key):
            section.narrative = version["text"]
        built.append(section)
    number_sections(built)
    return {
        "title": partnership.name,
        "subtitle": "Update to the Overview and Scrutiny Committee",
        "report_date": context.today.isoformat(),
        "period": period.as_dict(),
        "marac_year": context.year.as_dict(),
        "sections": built,
        "threshold": context.threshold,
        "generated_at": clock.now().strftime("%Y-%m-%d %H:%M UTC"),
        "figures": context.figures,
        "narrative": {
            key: {k: version[k] for k in ("version", "author_agency", "written_at")}
            for key, version in narrative.items()
        },
        "edition": edition,
    }


def number_sections(sections: list[Section]) -> None:
    """'3.0 Heading' and '3.2|text' for the template's numbered paragraphs; a section's
    parts carry on its numbering under their own headings."""
    for number, section in enumerate(sections, start=1):
        section.heading = f"{number}.0 {section.heading}"
        index = 0
        for holder in (section, *section.parts):
            numbered = []
            for text in holder.paragraphs:
                index += 1
                numbered.append(f"{number}.{index}|{text}")
            holder.paragraphs = numbered
