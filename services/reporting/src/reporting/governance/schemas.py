"""What the governance endpoints take and give."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from reporting.editions.schemas import PersonalDataWarningOut

Status = Literal["on_track", "at_risk", "off_track"]


class StatusIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "status": "at_risk",
                "note": "The delivery plan is two months late: partners' leads agreed.",
                "next_steps": ["Agree the performance framework at the May board"],
            }
        },
    )

    status: Status
    note: str = Field(min_length=1, max_length=2_000)
    next_steps: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=20
    )
    set_on: date | None = Field(
        default=None, description="The date the owner decided it (today by default)"
    )


class OwnerOut(BaseModel):
    kind: Literal["board", "group", "agency"]
    name: str
    agency: str


class MeasureOut(BaseModel):
    label: str
    link: str


class StatusOut(BaseModel):
    status: Status
    status_name: str
    note: str
    next_steps: list[str]
    set_on: date
    set_by_agency: str


class PriorityOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "domestic-abuse",
                "name": "Domestic abuse",
                "owner": {
                    "kind": "board",
                    "name": "Local Domestic Abuse Partnership Board",
                    "agency": "north-yorkshire-council",
                },
                "objectives": ["Deliver the commitments of the Domestic Abuse Strategy"],
                "measures": [{"label": "MARAC cases", "link": "/v1/stats/marac?period=2023"}],
                "status": None,
                "next_steps": ["A multi-agency delivery plan"],
                "history": [],
            }
        }
    )

    code: str
    name: str
    owner: OwnerOut
    objectives: list[str]
    measures: list[MeasureOut]
    status: StatusOut | None
    next_steps: list[str]
    history: list[StatusOut]


class StatusSetOut(PriorityOut):
    warnings: list[PersonalDataWarningOut] = Field(
        default_factory=list, description="What in the note looks like personal data"
    )
