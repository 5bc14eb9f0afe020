"""Import rows of the measures' sources, and the measures answered."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from svd_fund.fields import Code, OneLine
from svd_fund.measures.rules import FINANCIAL_YEAR
from svd_fund.policy import OffenceCode, OffenceGroup

Month = Annotated[str, StringConstraints(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")]
FinancialYear = Annotated[str, StringConstraints(pattern=FINANCIAL_YEAR, max_length=7)]
ComparatorMeasure = Literal[
    "violence_with_injury_per_1000", "knife_share_percent", "crime_severity_score"
]


class CrimeRow(BaseModel):
    """Police-recorded crime, aggregated: how many offences of a code in an area in a
    month, with or without a knife or sharp instrument, flagged as domestic abuse or not.
    No person, no place finer than the area."""

    model_config = ConfigDict(extra="forbid")
    offence_code: OffenceCode
    area: Code
    month: Month = Field(description="YYYY-MM")
    knife: bool = Field(description="A knife or sharp instrument was involved")
    domestic_abuse: bool = Field(
        default=False, description="The police flagged the offences as domestic abuse related"
    )
    count: int = Field(ge=0, le=10_000_000)


class PopulationRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    area: Code
    year: int = Field(ge=1990, le=2100, description="Mid-year estimate: 2022 for 2022-23")
    population: int = Field(gt=0, le=100_000_000)


class WeightRow(BaseModel):
    """One Crime Severity Score weight of an edition (days of custody equivalent)."""

    model_config = ConfigDict(extra="forbid")
    edition: Code
    source: OneLine
    offence_code: OffenceCode
    weight: Decimal = Field(ge=0, le=100_000, max_digits=12, decimal_places=4, allow_inf_nan=False)


class ComparatorRow(BaseModel):
    """A national (or regional) figure to read the partnership's against, with its source."""

    model_config = ConfigDict(extra="forbid")
    measure: ComparatorMeasure
    year: FinancialYear
    geography: Code
    value: Decimal = Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2, allow_inf_nan=False)
    source: OneLine


class GroupCount(BaseModel):
    group: str
    offences: int
    per_1000: Decimal | None


class AreaMeasuresOut(BaseModel):
    area: str = Field(description="An area's code, or 'partnership' for all of them")
    population: int | None
    violence_with_injury: int
    violence_with_injury_per_1000: Decimal | None
    knife_involved: int
    knife_share_percent: Decimal | None = Field(description="Of violence with injury")
    crime_severity_score: Decimal | None
    domestic_abuse: int = Field(description="Offences of any code flagged as domestic abuse")
    serious_violence: list[GroupCount] = Field(description="By the local definition's groups")
    unweighted_offence_codes: list[str] = Field(
        description="Offences counted that the weights' edition has no weight for"
    )


class WeightsOut(BaseModel):
    edition: str
    source: str


class ComparatorOut(BaseModel):
    measure: ComparatorMeasure
    geography: str
    value: Decimal
    source: str


class MeasuresOut(BaseModel):
    year: str
    period_start: date
    period_end: date
    population_year: int
    weights: WeightsOut | None = Field(description="The Crime Severity Score's edition")
    partnership: AreaMeasuresOut
    areas: list[AreaMeasuresOut]
    comparators: list[ComparatorOut]


class StrategyOut(BaseModel):
    definition: list[OffenceGroup]
    violence_with_injury_group: str
    priorities: list[dict[str, str]]
    activity_types: list[dict[str, str]]
