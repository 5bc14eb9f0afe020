import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.pagination import Page

ReviewStatus = Literal["open", "merged", "not_same_person"]
Decision = Literal["merge", "not_same_person"]


class MatchReviewOut(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID = Field(description="The person new to the index at intake")
    candidate_id: uuid.UUID = Field(description="The person already there it may be")
    matched_on: list[str] = Field(
        description="The weak keys they share: family_dob, initial_family_dob, "
        "given_family_postcode, given_dob_postcode"
    )
    status: ReviewStatus
    found_at: datetime
    decided_at: datetime | None
    decided_by: str | None = Field(description="The agency that decided")


class MatchReviewPage(Page[MatchReviewOut]):
    pass


class DecisionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"decision": "merge"}]}
    )

    decision: Decision = Field(
        description="`merge`: the new person folds into the candidate (as "
        "`POST /v1/persons/{candidate_id}/merge` does); `not_same_person`: they stay apart"
    )
