"""Response model of the Prevention and Early Identification Fund figures."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from reporting.figures import Figures, Kind, Pence, Setting, Tally
from reporting.schemas import Count, Percent


class Spend(Figures):
    budget_pence: Pence = Field(description="The rounds' budgets, in whole pence")
    awarded_pence: Pence
    paid_pence: Pence = Field(description="Tranches paid")
    unawarded_pence: Pence
    awarded_percent: Percent


class Bids(Figures):
    submitted: Tally = Field(description="Bids submitted, eligible or not")
    eligible: Tally
    ineligible: Tally
    requested_pence: Pence = Field(description="What the eligible bids asked for")


class Awards(Figures):
    grants: Tally
    awarded_pence: Pence


class Breakdown(Figures):
    bids: Tally = Field(description="Eligible bids naming it")
    requested_pence: Pence
    awards: Tally
    awarded_pence: Pence
    paid_pence: Pence


class Returns(Figures):
    submitted: Tally
    on_time: Tally
    late: Tally = Field(description="Submitted after their due date (which never moves)")
    approved: Tally
    awaiting_approval: Tally
    by_kind: dict[str, Tally]
    scheduled: Tally = Field(description="Returns in the schedules of the rounds' grants")
    due_in_year: Tally = Field(description="Scheduled returns due within the financial year")
    overdue: Tally = Field(
        description="Scheduled returns due before today (the partnership's date) and not submitted"
    )


class PeopleOutput(Figures):
    """An output that counts people (participants, people trained, referrals made)."""

    kind: Literal[Kind.PEOPLE]
    total: Count
    age_band: dict[str, Count] = Field(description="Protected by age band")


class ThingsOutput(Figures):
    """An output that counts things an organisation did (sessions, weapons surrendered)."""

    kind: Literal[Kind.AGENCIES]
    total: Tally


Output = Annotated[PeopleOutput | ThingsOutput, Field(discriminator="kind")]


class Area(Figures):
    population: Setting | None
    violence_with_injury: Count = Field(
        description="Offences recorded by the police: counts of cases, protected"
    )
    violence_with_injury_per_1000: float | None = Field(
        description="Null where the count behind it is not shown"
    )
    knife_involved: Count
    knife_share_percent: float | None = Field(
        description="Null where a count behind it is not shown"
    )
    crime_severity_score: float | None


class ComparatorOut(Figures):
    measure: str
    geography: str
    value: float


class MeasuresOut(Figures):
    year: str = Field(description="The financial year the measures are of")
    published_on: date
    weights_edition: str | None = Field(description="The Crime Severity Score weights used")
    partnership: Area | None
    areas: dict[str, Area]
    comparators: list[ComparatorOut]


class SvdStats(Figures):
    """The fund's rounds opened in a financial year, and the serious violence measures.
    Grouped by priority, area or activity type, a grant is counted under each it names.
    Projects' titles and recipients are in the rounds' public 360Giving exports, not
    here; `titles` are those of the priorities and activity types."""

    year: str
    rounds: Tally
    spend: Spend
    bids: Bids
    awards: Awards
    by_priority: dict[str, Breakdown]
    by_area: dict[str, Breakdown]
    by_activity_type: dict[str, Breakdown]
    titles: dict[str, dict[str, str]] = Field(
        description="`priority` and `activity_type`: the title of each code named here, as "
        "svd-fund's settings gave it when a round opened, or the code made readable where "
        "no opening carried one",
        examples=[{"priority": {"vawg": "Violence against women and girls"}}],
    )
    returns: Returns
    outputs: dict[str, Output] = Field(
        description="Outputs the returns report; those counting people are protected"
    )
    outputs_by_priority: dict[str, dict[str, Output]]
    outcomes_by_priority: dict[str, Tally] = Field(
        description="Returns reporting outcomes on each priority"
    )
    measures: MeasuresOut | None = Field(
        description="The latest measures published for a year not after `year` (the needs "
        "assessment a round answers is of an earlier year)"
    )
    threshold: Setting
