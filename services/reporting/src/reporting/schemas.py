"""Response parts every figure shares: the period, counts that may be suppressed."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from reporting.periods import Period

Count = Annotated[
    int | str,
    Field(
        description=(
            'A count, or "suppressed": a count from 1 to 4 (the threshold is configurable), '
            "or one from which, with any other published figure, such a count could be "
            "worked out. Small and protecting counts read the same, so that neither gives "
            "the other away"
        ),
        examples=[283, "suppressed"],
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
    kind: str = Field(description="month, quarter, financial_year or year")
    start: str
    end: str = Field(description="Last day, included")

    @classmethod
    def of(cls, period: Period) -> "PeriodOut":
        return cls(**period.as_dict())


class CountShare(BaseModel):
    count: Count
    share_pct: Percent = None
