"""Response model of the Prevention and Early Identification Fund figures."""

from datetime import date

from pydantic import BaseModel, Field

from reporting.schemas import Count, Percent


class Spend(BaseModel):
    budget_pence: int = Field(description="The rounds' budgets, in whole pence")
    awarded_pence: int
    paid_pence: int = Field(description="Tranches paid")
    unawarded_pence: int
    awarded_percent: Percent


class Bids(BaseModel):
    submitted: int = Field(description="Bids submitted, eligible or not")
    eligible: int
    ineligible: int
    requested_pence: int = Field(description="What the eligible bids asked for")


class Awards(BaseModel):
    grants: int
    awarded_pence: int


class Breakdown(BaseModel):
    bids: int = Field(description="Eligible bids naming it")
    requested_pence: int
    awards: int
    awarded_pence: int
    paid_pence: int


class Returns(BaseModel):
    submitted: int
    on_time: int
    late: int = Field(description="Submitted after their due date (which never moves)")
    approved: int
    awaiting_approval: int
    by_kind: dict[str, int]
    scheduled: int = Field(description="Returns in the schedules of the rounds' grants")
    due_in_year: int = Field(description="Scheduled returns due within the financial year")
    overdue: int = Field(
        description="Scheduled returns due before today (the partnership's date) and not submitted"
    )


class Output(BaseModel):
    total: Count
    age_band: dict[str, Count] | None = Field(
        default=None, description="For outputs that count people: protected by age band"
    )


class Area(BaseModel):
    population: int | None
    violence_with_injury: int
    violence_with_injury_per_1000: float | None
    knife_involved: int
    knife_share_percent: float | None
    crime_severity_score: float | None


class ComparatorOut(BaseModel):
    measure: str
    geography: str
    value: float


class MeasuresOut(BaseModel):
    year: str = Field(description="The financial year the measures are of")
    published_on: date
    weights_edition: str | None = Field(description="The Crime Severity Score weights used")
    partnership: Area | None
    areas: dict[str, Area]
    comparators: list[ComparatorOut]


class SvdStats(BaseModel):
    """The fund's rounds opened in a financial year, and the serious violence measures.
    Grouped by priority, area or activity type, a grant is counted under each it names.
    Titles and recipients are in the rounds' public 360Giving exports, not here."""

    year: str
    rounds: int
    spend: Spend
    bids: Bids
    awards: Awards
    by_priority: dict[str, Breakdown]
    by_area: dict[str, Breakdown]
    by_activity_type: dict[str, Breakdown]
    returns: Returns
    outputs: dict[str, Output] = Field(
        description="Outputs the returns report; those counting people are protected"
    )
    outputs_by_priority: dict[str, dict[str, Output]]
    outcomes_by_priority: dict[str, int] = Field(
        description="Returns reporting outcomes on each priority"
    )
    measures: MeasuresOut | None = Field(
        description="The latest measures published for a year not after `year` (the needs "
        "assessment a round answers is of an earlier year)"
    )
    threshold: int
