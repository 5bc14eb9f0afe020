"""Domestic Homicide Review events to facts."""

from collections.abc import Iterator

from csp_common.contracts.access import DhrAccessAlert
from csp_common.contracts.dhr import (
    DeadlineMissed,
    QaOutcomeRecorded,
    RecommendationMade,
    RecommendationStatusChanged,
    ReviewDecided,
    ReviewNotified,
    ReviewPaused,
    ReviewPublished,
    ReviewResumed,
    ReviewStageChanged,
    TrainingDelivered,
)
from reporting.dhr.models import (
    MissedDeadline,
    Publication,
    QaOutcome,
    Recommendation,
    RecommendationStatus,
    Review,
    ReviewDecision,
    StageChange,
)
from reporting.projection import Projecting, ignore, projects
from reporting.read_models import Fact

# Pauses are in the days of the stages they fall in; training is not a figure of reviews.
ignore(ReviewPaused, ReviewResumed, TrainingDelivered, DhrAccessAlert)


@projects(ReviewNotified)
def review_notified(p: ReviewNotified, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Review,
        {
            "review_id": p.review_id,
            "area": p.area,
            "notified_on": p.notified_on,
            "circumstances": p.circumstances,
            "victim_age_band": p.victim_age_band,
            "victim_gender": p.victim_gender,
            "victim_ethnicity": p.victim_ethnicity,
            "event_time": ctx.event_time,
        },
    )


@projects(ReviewDecided)
def review_decided(p: ReviewDecided, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ReviewDecision,
        {
            "review_id": p.review_id,
            "decision": p.decision,
            "decided_on": p.decided_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReviewStageChanged)
def stage_changed(p: ReviewStageChanged, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        StageChange,
        {
            "review_id": p.review_id,
            "changed_on": p.changed_on,
            "to_stage": p.to_stage,
            "from_stage": p.from_stage,
            "event_time": ctx.event_time,
        },
    )


@projects(DeadlineMissed)
def deadline_missed(p: DeadlineMissed, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        MissedDeadline,
        {
            "review_id": p.review_id,
            "clock": p.clock,
            "due_on": p.due_on,
            "event_time": ctx.event_time,
        },
    )


@projects(QaOutcomeRecorded)
def qa_outcome(p: QaOutcomeRecorded, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        QaOutcome,
        {
            "review_id": p.review_id,
            "outcome": p.outcome,
            "letter_on": p.letter_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReviewPublished)
def review_published(p: ReviewPublished, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Publication,
        {"review_id": p.review_id, "published_on": p.published_on, "event_time": ctx.event_time},
    )


@projects(RecommendationMade)
def recommendation_made(p: RecommendationMade, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Recommendation,
        {
            "recommendation_id": p.recommendation_id,
            "review_id": p.review_id,
            "area": p.area,
            "theme": p.theme,
            "level": p.level,
            "made_on": p.made_on,
            "status": p.status,
            "event_time": ctx.event_time,
        },
    )


@projects(RecommendationStatusChanged)
def recommendation_status(p: RecommendationStatusChanged, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        RecommendationStatus,
        {
            "recommendation_id": p.recommendation_id,
            "status": p.to_status,
            "changed_on": p.changed_on,
            "event_time": ctx.event_time,
        },
    )
