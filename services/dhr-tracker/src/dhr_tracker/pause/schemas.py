import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dhr_tracker.fields import InputDate

PauseReason = Literal["criminal_proceedings", "inquest", "iopc_investigation", "other"]


class PauseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "reason": "criminal_proceedings",
                    "paused_on": "2024-03-01",
                    "expected_resume_on": "2024-09-01",
                }
            ]
        },
    )
    reason: PauseReason
    paused_on: InputDate
    expected_resume_on: InputDate | None = None


class PauseEndIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"resumed_on": "2024-06-03"}]}
    )
    resumed_on: InputDate


class PauseOut(BaseModel):
    id: uuid.UUID
    review_id: uuid.UUID
    reason: PauseReason
    paused_on: date
    expected_resume_on: date | None
    resumed_on: date | None
    days: int


class PausesOut(BaseModel):
    review_id: uuid.UUID
    pauses: list[PauseOut]
