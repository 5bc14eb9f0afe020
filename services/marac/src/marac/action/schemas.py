"""Actions as callers read and complete them."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from marac.fields import InputDate

ActionStatus = Literal["open", "done"]


ActionOutcome = Literal["completed", "circumstances_changed", "agency_did_not_act"]


CarryReason = Literal["circumstances_changed", "agency_did_not_act"]


class ActionOut(BaseModel):
    id: str
    case_id: str
    meeting_id: str
    area: str
    owner_agency: str
    description: str
    due_on: date
    status: ActionStatus
    outcome: ActionOutcome | None
    completed_on: date | None
    carry_reason: CarryReason | None = Field(description="Why it was still open when carried")
    carried_to_meeting_id: str | None
    carried_count: int


class ActionCompletionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"outcome": "completed", "completed_on": "2026-11-30"}]},
    )
    outcome: ActionOutcome = "completed"
    completed_on: InputDate | None = Field(default=None, description="Defaults to today")
