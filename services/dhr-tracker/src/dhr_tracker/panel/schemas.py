import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dhr_tracker.fields import Code, InputDate

PanelRole = Literal["member", "advisor", "specialist_advocate"]


class PanelMemberIn(BaseModel):
    """An agency on the panel. Its `dhr:read` tokens may then read this review."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"agency": "idas", "role": "member", "joined_on": "2024-03-01"}]
        },
    )
    agency: Code
    role: PanelRole = "member"
    joined_on: InputDate


class PanelMemberOut(BaseModel):
    id: uuid.UUID
    review_id: uuid.UUID
    agency: str
    role: PanelRole
    joined_on: date


class ChairOut(BaseModel):
    """The independent chair, as the move to the panel stage recorded them."""

    name: str
    appointed_on: date
    independence_declared: bool


class PanelOut(BaseModel):
    review_id: uuid.UUID
    chair: ChairOut | None
    members: list[PanelMemberOut]
