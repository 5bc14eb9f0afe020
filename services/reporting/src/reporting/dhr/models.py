"""Read models of Domestic Homicide Reviews (`csp.dhr`): what happened to each review,
with its dates, and its recommendations. The victim is kept as the age band, gender and
ethnic group codes the events carry, for figures protected as small numbers."""

from reporting.columns import code, day, id_column
from reporting.read_models import ReadModel

Review = ReadModel(
    "rm_dhr_review",
    lambda: [
        id_column("review_id", primary_key=True),
        code("area"),
        day("notified_on"),
        code("circumstances"),
        code("victim_age_band"),
        code("victim_gender"),
        code("victim_ethnicity"),
    ],
    indexes=[("notified_on",)],
    description="A death notified for a review; the period is the day it was notified",
)

ReviewDecision = ReadModel(
    "rm_dhr_decision",
    lambda: [id_column("review_id", primary_key=True), code("decision"), day("decided_on")],
    description="Whether a review is held (the latest decision, an overturned one included)",
)

StageChange = ReadModel(
    "rm_dhr_stage_change",
    lambda: [
        id_column("review_id", primary_key=True),
        day("changed_on", primary_key=True),
        code("to_stage", primary_key=True),
        code("from_stage", primary_key=True),
    ],
    description="A review moved from one stage to another on a day",
)

MissedDeadline = ReadModel(
    "rm_dhr_missed_deadline",
    lambda: [
        id_column("review_id", primary_key=True),
        code("clock", primary_key=True),
        day("due_on"),
    ],
    description="A statutory clock of a review passed its due date",
)

QaOutcome = ReadModel(
    "rm_dhr_qa_outcome",
    lambda: [id_column("review_id", primary_key=True), code("outcome"), day("letter_on")],
    description="The Home Office quality assurance panel's latest outcome for a review",
)

Publication = ReadModel(
    "rm_dhr_publication",
    lambda: [id_column("review_id", primary_key=True), day("published_on")],
    description="A review's report published",
)

Recommendation = ReadModel(
    "rm_dhr_recommendation",
    lambda: [
        id_column("recommendation_id", primary_key=True),
        id_column("review_id"),
        code("area"),
        code("theme"),
        code("level"),
        day("made_on"),
        code("status"),
    ],
    indexes=[("made_on",)],
    description="A review's recommendation, with the status it was made in",
)

RecommendationStatus = ReadModel(
    "rm_dhr_recommendation_status",
    lambda: [
        id_column("recommendation_id", primary_key=True),
        code("status"),
        day("changed_on"),
    ],
    description="A recommendation's latest status",
)
