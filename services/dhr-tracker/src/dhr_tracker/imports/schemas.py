"""The rows of dhr-tracker's imports: reviews (a notification and the moves it went
through) and recommendations (with their actions)."""

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csp_common.contracts.dhr import (
    Circumstances,
    RecommendationLevel,
    RecommendationStatus,
)
from csp_common.fields import Reference, text
from dhr_tracker.fields import Code, InputDate, OptionalProse
from dhr_tracker.review.schemas import SuspectIn, TransitionIn, VictimIn


class ReviewRow(BaseModel):
    """A review from the partnership's records. `moves` (NDJSON) replays its history
    through the workflow, each move checked as if made that day; a CSV or XLSX file
    imports notifications (and panels) only."""

    model_config = ConfigDict(extra="forbid")
    source_reference: Reference
    area: Code
    notified_on: InputDate
    notifying_agency: Code
    date_of_death: InputDate
    circumstances: Circumstances
    victim: VictimIn
    suspect: SuspectIn | None = None
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    panel_agencies: list[Code] = Field(default_factory=list, max_length=40)
    moves: list[TransitionIn] = Field(default_factory=list, max_length=100)

    @field_validator("person_ids", "panel_agencies")
    @classmethod
    def _distinct(cls, values: list) -> list:  # type: ignore[type-arg]
        if len(set(values)) != len(values):
            raise ValueError("must not repeat a value")
        return values


class ActionRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: text(1000, multiline=True)  # type: ignore[valid-type]
    owner_agency: Code
    due_on: InputDate
    completed_on: InputDate | None = None
    evidence: OptionalProse = None


class RecommendationRow(BaseModel):
    """A recommendation of an imported (or recorded) review, named by `review`: the
    review's `source_reference` or its `reference` (DHR-2024-01). `actions` in NDJSON."""

    model_config = ConfigDict(extra="forbid")
    source_reference: Reference
    review: Reference
    theme: Code
    level: RecommendationLevel = "local"
    national_body: Code | None = None
    owner_agency: Code
    text: text(2000, multiline=True)  # type: ignore[valid-type]
    made_on: InputDate
    due_on: InputDate | None = None
    status: RecommendationStatus = "open"
    status_on: InputDate | None = None
    evidence: OptionalProse = None
    actions: list[ActionRow] = Field(default_factory=list, max_length=50)
