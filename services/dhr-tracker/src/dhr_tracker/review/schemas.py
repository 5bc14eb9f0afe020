"""What callers send and get for reviews, their moves and their clocks."""

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from csp_common.contracts.dhr import Circumstances, Decision, QaOutcomeCode
from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.pagination import Page
from dhr_tracker.fields import Code, InputDate, OneLine, OptionalProse, StageName

Relationship = Literal["partner", "ex_partner", "relative", "household_member", "other", "unknown"]


class VictimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    age_band: AgeBand
    gender: Gender
    ethnicity: Ethnicity


class SuspectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    age_band: AgeBand
    gender: Gender
    relationship: Relationship


class ReviewIn(BaseModel):
    """A notification of a death (no names: the sealed identity holds those)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "area": "scarborough",
                    "notified_on": "2024-01-31",
                    "notifying_agency": "north-yorkshire-police",
                    "date_of_death": "2024-01-20",
                    "circumstances": "homicide",
                    "victim": {"age_band": "35_44", "gender": "female", "ethnicity": "white"},
                    "suspect": {"age_band": "35_44", "gender": "male", "relationship": "partner"},
                    "person_ids": [],
                }
            ]
        },
    )

    area: Code
    notified_on: InputDate
    notifying_agency: Code
    date_of_death: InputDate
    circumstances: Circumstances
    victim: VictimIn
    suspect: SuspectIn | None = None
    person_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Ids in referral-hub's person index"
    )

    @field_validator("person_ids")
    @classmethod
    def _distinct(cls, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(ids)) != len(ids):
            raise ValueError("person_ids must not repeat an id")
        return ids


class ClockOut(BaseModel):
    name: str
    started_on: date | None
    due_on: date | None
    met_on: date | None
    paused_days: int
    running: bool
    overdue: bool
    missed: bool


class ClocksOut(BaseModel):
    decision_due: date | None
    completion_due: date | None
    paused_days: int
    overdue: list[str]
    next_due: date | None = Field(description="Earliest due date of a running clock")
    items: list[ClockOut] = Field(description="Every configured clock")


class ReviewOut(BaseModel):
    id: uuid.UUID
    reference: str
    area: str
    notified_on: date
    notifying_agency: str
    date_of_death: date
    circumstances: Circumstances
    victim: VictimIn
    suspect: SuspectIn | None
    person_ids: list[uuid.UUID]
    stage: str
    stage_since: date
    decision: Decision | None
    paused: bool
    next_stages: list[str]
    clocks: ClocksOut
    created_at: datetime


class ReviewPage(Page[ReviewOut]):
    pass


class TransitionIn(BaseModel):
    """A move to another stage on a date, with what that move needs (see next_stages and
    the workflow: a decision needs `decision` and `reasons`, a panel `chair` and
    `independence_declared: true`, a QA outcome `qa_outcome` and `letter_on`,
    publication its `address`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"to": "scoping", "on": "2024-02-02"},
                {
                    "to": "decided",
                    "on": "2024-02-20",
                    "decision": "review",
                    "reasons": "The death meets the statutory criteria.",
                },
            ]
        },
    )

    to: StageName
    on: InputDate
    decision: Decision | None = None
    reasons: OptionalProse = None
    home_office_told_on: InputDate | None = None
    chair: OneLine = None
    independence_declared: StrictBool | None = None
    qa_outcome: QaOutcomeCode | None = None
    letter_on: InputDate | None = None
    requested_changes: OptionalProse = None
    address: OneLine = Field(default=None, description="Where the report is published")
    note: OptionalProse = None

    def details(self) -> dict[str, Any]:
        return self.model_dump(exclude={"to", "on"}, exclude_none=True)

    def dated_details(self) -> dict[str, date]:
        return {
            key: value
            for key in ("home_office_told_on", "letter_on")
            if (value := getattr(self, key)) is not None
        }


class MoveOut(BaseModel):
    seq: int
    move: str
    from_stage: str
    to_stage: str
    on: date
    details: dict[str, Any]
    recorded_at: datetime


class HistoryOut(BaseModel):
    review_id: uuid.UUID
    moves: list[MoveOut]
