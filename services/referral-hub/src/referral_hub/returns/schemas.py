"""A quarterly return as a provider sends it, and as it stands with its versions."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from csp_common.contracts.provider_returns import OutcomeMeasure

Figure = Annotated[int, Field(ge=0, le=1_000_000)]
WaitDays = Annotated[
    Decimal,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 365},
                {"type": "string", "pattern": r"^\d{1,3}(\.\d)?$", "maxLength": 5},
            ]
        }
    ),
]

EXAMPLE = {
    "referrals_received": 812,
    "self_referrals": 96,
    "caseload": 640,
    "closures": 310,
    "outcomes": {"risk_reduced": 251, "feels_safer": 268},
    "waiting_at_end": 14,
    "median_wait_days": 2.5,
}


class ReturnIn(BaseModel):
    """What one of your services did in a financial quarter, as counts: never a person."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    referrals_received: Figure = Field(
        description="Referrals received in the quarter from all sources, self-referrals too"
    )
    self_referrals: Figure = Field(description="Of those, people who referred themselves")
    caseload: Figure = Field(description="Open cases on the quarter's last day")
    closures: Figure = Field(description="Cases closed in the quarter")
    outcomes: dict[OutcomeMeasure, Figure] = Field(
        default_factory=dict,
        max_length=len(get_args(OutcomeMeasure)),
        description="Outcome measure -> cases closed in the quarter with it (each at most "
        "`closures`; a case can have several)",
    )
    waiting_at_end: Figure = Field(
        description="Referrals waiting for first contact on the quarter's last day"
    )
    median_wait_days: WaitDays | None = Field(
        default=None,
        ge=0,
        le=365,
        max_digits=4,
        decimal_places=1,
        allow_inf_nan=False,
        description="Median days from referral to first contact of those contacted in the quarter",
    )


class ReturnVersion(ReturnIn):
    version: int = Field(description="1, then one more for each correction")
    submitted_at: datetime
    submitted_by: str = Field(description="The client that submitted it (the token's subject)")


class ReturnOut(ReturnVersion):
    provider: str
    service: str
    quarter: str = Field(examples=["2023-24-Q3"])
    quarter_start: date
    quarter_end: date
    versions: list[ReturnVersion] = Field(description="Every version, the first first")


class ReturnSummary(ReturnVersion):
    provider: str
    service: str
    quarter: str
    quarter_start: date
    quarter_end: date


class ReturnList(BaseModel):
    items: list[ReturnSummary] = Field(description="Each return as it stands, newest quarter first")
