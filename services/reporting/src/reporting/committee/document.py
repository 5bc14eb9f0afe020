"""What a committee report is made of: numbered sections of paragraphs and figures, and
what every section is built from (the period, the partnership, the store)."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from reporting.periods import Period, last_complete_year
from reporting.read_models import Slot
from reporting.settings import ReportingSettings


@dataclass
class Figure:
    caption: str
    chart: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


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
