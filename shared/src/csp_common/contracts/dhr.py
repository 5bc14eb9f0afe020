"""Events dhr-tracker publishes on `csp.dhr`: Domestic Homicide Reviews (Domestic Abuse
Related Death Reviews) notified, decided, moved from stage to stage, paused and
resumed, their statutory deadlines missed, their Home Office QA outcome and publication.

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
