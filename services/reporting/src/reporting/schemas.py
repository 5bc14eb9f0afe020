"""Response parts every figure shares: the period, counts that may be suppressed."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from reporting.figures import Count, Figures
from reporting.periods import Period

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
    kind: str = Field(description="month, quarter, financial_year or year")
    start: str
    end: str = Field(description="Last day, included")

    @classmethod
    def of(cls, period: Period) -> "PeriodOut":
        return cls(**period.as_dict())


class CountShare(Figures):
    count: Count
    share_pct: Percent = None
