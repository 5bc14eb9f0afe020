"""Response parts every figure shares: the period, counts that may be suppressed."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from reporting.periods import Period

Count = Annotated[
    int | str,
    Field(
        description=(
            'A count, or "<5" when it is from 1 to 4 (the threshold is configurable), or '
            '"suppressed" when it is hidden so that a small count cannot be worked out from it'
        ),
        examples=[283, "<5"],
    ),
]
Percent = Annotated[
    float | None,
    Field(
        description="A percentage to one decimal place; null when a count behind it is not shown"
    ),
]


class PeriodOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "2023-24-Q3",
                "label": "Q3 2023/24",
                "kind": "quarter",
                "start": "2023-10-01",
                "end": "2023-12-31",
            }
        }
    )

    code: str = Field(description="The period in the `period=` grammar")
    label: str
    kind: str = Field(description="year, financial_year, quarter or range")
    start: str
    end: str = Field(description="Last day, included")

    @classmethod
    def of(cls, period: Period) -> "PeriodOut":
        return cls(**period.as_dict())


class Suppression(BaseModel):
    threshold: int = Field(
        description="Counts from 1 to threshold - 1 are published as '<threshold'"
    )
    rule: str = Field(
        default=(
            "Counts from 1 to threshold-1 show as '<threshold'. A figure from which such a "
            "count could be worked out (a total minus the other parts) is shown as "
            "'suppressed', and a percentage of a count not shown is null."
        )
    )


class CountShare(BaseModel):
    count: Count
    share_pct: Percent = None


class CasesShare(BaseModel):
    cases: Count
    share_pct: Percent = None
