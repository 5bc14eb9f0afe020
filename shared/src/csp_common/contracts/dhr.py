"""Events dhr-tracker publishes on `csp.dhr`: Domestic Homicide Reviews (Domestic Abuse
Related Death Reviews) notified, decided, moved from stage to stage, paused and
resumed, their statutory deadlines missed, their Home Office QA outcome and publication,
their recommendations made and moved to completion, and training delivered on their
themes.

Ids, codes, dates of what happened to the review, the area, and the victim's age band,
gender and ethnic group: never a name, a date of birth or death, an address or free text.
"""

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.events import Code, EventPayload, Topic

DHR = Topic(name="csp.dhr", owner="dhr-tracker")

Circumstances = Literal["homicide", "suspected_suicide", "other"]
Decision = Literal["review", "no_review"]
QaOutcomeCode = Literal["approved", "revisions_requested", "further_work"]


class ReviewNotified(EventPayload):
    type = "csp.dhr.review_notified.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    notifying_agency: Code
    notified_on: date
    circumstances: Circumstances
    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    suspect_age_band: AgeBand | None = None
    suspect_gender: Gender | None = None
    suspect_relationship: Code | None = None


class ReviewDecided(EventPayload):
    """A decision whether to hold a review, or the Home Office overturning a 'no'."""

    type = "csp.dhr.review_decided.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    decision: Decision
    decided_on: date
    overturned: bool = False


GUIDANCE_2016_STAGES = (
    "notified",
    "scoping",
    "decided",
    "panel_established",
    "terms_of_reference_agreed",
    "information_gathering",
    "overview_drafting",
    "submitted_to_qa",
    "qa_outcome",
    "awaiting_publication",
    "published",
    "monitoring",
    "closed",
)
"""A review's stages in order under the 2016 statutory guidance: dhr-tracker's default
workflow, and the order reporting counts them in (a partnership's workflow may differ)."""


class ReviewStageChanged(EventPayload):
    type = "csp.dhr.stage_changed.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    from_stage: Code
    to_stage: Code
    move: Code
    changed_on: date


class ReviewPaused(EventPayload):
    type = "csp.dhr.review_paused.v1"
    topic = DHR
    review_id: uuid.UUID
    pause_id: uuid.UUID
    area: Code
    reason: Code
    paused_on: date
    expected_resume_on: date | None = None


class ReviewResumed(EventPayload):
    type = "csp.dhr.review_resumed.v1"
    topic = DHR
    review_id: uuid.UUID
    pause_id: uuid.UUID
    area: Code
    resumed_on: date
    paused_days: int = Field(ge=0)


class DeadlineMissed(EventPayload):
    """A statutory clock of a review passed its due date: published once per review and
    clock."""

    type = "csp.dhr.deadline_missed.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    clock: Code
    due_on: date
    noticed_on: date


class QaOutcomeRecorded(EventPayload):
    type = "csp.dhr.qa_outcome.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    outcome: QaOutcomeCode
    letter_on: date


class ReviewPublished(EventPayload):
    type = "csp.dhr.review_published.v1"
    topic = DHR
    review_id: uuid.UUID
    area: Code
    published_on: date


RecommendationLevel = Literal["local", "national"]
RecommendationStatus = Literal["open", "in_progress", "completed", "not_accepted"]


class RecommendationMade(EventPayload):
    """A review's recommendation: its theme (a configured code), level and owner."""

    type = "csp.dhr.recommendation_made.v1"
    topic = DHR
    recommendation_id: uuid.UUID
    review_id: uuid.UUID
    area: Code
    theme: Code
    level: RecommendationLevel
    owner_agency: Code
    national_body: Code | None = None
    made_on: date
    status: RecommendationStatus = "open"


class RecommendationStatusChanged(EventPayload):
    type = "csp.dhr.recommendation_status_changed.v1"
    topic = DHR
    recommendation_id: uuid.UUID
    review_id: uuid.UUID
    area: Code
    theme: Code
    from_status: RecommendationStatus
    to_status: RecommendationStatus
    changed_on: date


class TrainingDelivered(EventPayload):
    """A session of a training plan item (a theme's learning) delivered: how many came,
    from how many agencies."""

    type = "csp.dhr.training_delivered.v1"
    topic = DHR
    training_item_id: uuid.UUID
    session_id: uuid.UUID
    theme: Code
    delivered_on: date
    attendees: int = Field(ge=0)
    agencies: int = Field(ge=0)
