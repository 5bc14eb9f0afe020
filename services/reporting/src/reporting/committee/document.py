"""What a committee report is made of: numbered sections of paragraphs and figures, and
what every section is built from (the period, the partnership, the store)."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting.editions.markdown import to_html
from reporting.figures import Kind
from reporting.periods import Period, last_complete_year
from reporting.read_models import Slot
from reporting.settings import ReportingSettings


@dataclass
class Figure:
    caption: str
    chart: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    words: bool = False  # its columns are words, not numbers: aligned left and wrapped
    kind: Kind = Kind.PEOPLE
    """What its counts count: the note under its table of figures says so."""

    @property
    def alt(self) -> str:
        """The chart's text alternative: what it shows, and where its numbers are."""
        where = " Its figures are in the table that follows." if self.rows else ""
        return f"Chart: {self.caption}.{where}"


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    key: str = ""
    narrative: str = field(default="", metadata={"doc": "the CSP team's Markdown"})
    parts: list["Section"] = field(default_factory=list)
    """Its subsections (domestic abuse's crimes, referrals, MARAC...), each under its own
    heading, after the section's own paragraphs and figures."""

    @property
    def narrative_html(self) -> Markup:
        return to_html(self.narrative) if self.narrative else Markup("")

    @property
    def empty(self) -> bool:
        return not (self.paragraphs or self.figures or self.narrative) and all(
            part.empty for part in self.parts
        )

    def add_part(self, part: "Section") -> None:
        """A part of the section (MARAC in domestic abuse), kept under its own heading."""
        if not part.empty:
            self.parts.append(part)


@dataclass
class ReportContext:
    """What a section reads; a section puts the figures it computed in `figures` under
    its own name, so the report's JSON carries them."""

    session: AsyncSession
    slot: Slot
    period: Period
    partnership: Partnership
    settings: ReportingSettings
    today: date
    figures: dict[str, object] = field(default_factory=dict)

    @property
    def threshold(self) -> int:
        return self.settings.small_number_threshold

    @cached_property
    def year(self) -> Period:
        """The last complete calendar year of the period (MARAC's year)."""
        return last_complete_year(self.period)

    @cached_property
    def where(self) -> str:
        """'North Yorkshire and York' from 'North Yorkshire and York Community Safety
        Partnership'."""
        return self.partnership.name.removesuffix(" Community Safety Partnership").strip()

    @cached_property
    def area_names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.partnership.areas}

    @cached_property
    def marac_names(self) -> dict[str, str]:
        return {m.code: m.name for m in self.partnership.marac_areas}

    @cached_property
    def agency_names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.partnership.agencies}
