"""What dhr-tracker answers referral-hub about a right-to-erasure request: codes only."""

import uuid
from typing import Literal

from pydantic import BaseModel, Field

HoldCode = Literal["ongoing_review"]


class RetentionHolds(BaseModel):
    person_id: uuid.UUID
    holds: list[HoldCode] = Field(
        description="Why dhr-tracker still needs the person: `ongoing_review` while a review "
        "not yet finished names them; empty when none does"
    )
