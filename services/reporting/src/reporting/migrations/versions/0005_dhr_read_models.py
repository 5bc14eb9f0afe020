"""Read models of Domestic Homicide Reviews (csp.dhr), in both slots

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _code(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=64), nullable=False)


def _day(name: str) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=False)


def _id(name: str) -> sa.Column:
    return sa.Column(name, sa.Uuid(), nullable=False)


# name: (columns, primary key, indexed columns, comment), as of this revision
TABLES = {
    "rm_dhr_review": (
        lambda: [
            _id("review_id"),
            _code("area"),
            _day("notified_on"),
            _code("circumstances"),
            _code("victim_age_band"),
            _code("victim_gender"),
            _code("victim_ethnicity"),
        ],
        ["review_id"],
        ["notified_on"],
        "A death notified for a review; the period is the day it was notified",
    ),
    "rm_dhr_decision": (
        lambda: [_id("review_id"), _code("decision"), _day("decided_on")],
        ["review_id"],
        [],
        "Whether a review is held (the latest decision, an overturned one included)",
    ),
    "rm_dhr_stage_change": (
        lambda: [_id("review_id"), _day("changed_on"), _code("to_stage"), _code("from_stage")],
        ["review_id", "changed_on", "to_stage", "from_stage"],
        [],
        "A review moved from one stage to another on a day",
    ),
    "rm_dhr_missed_deadline": (
        lambda: [_id("review_id"), _code("clock"), _day("due_on")],
        ["review_id", "clock"],
        [],
        "A statutory clock of a review passed its due date",
    ),
    "rm_dhr_qa_outcome": (
        lambda: [_id("review_id"), _code("outcome"), _day("letter_on")],
        ["review_id"],
        [],
        "The Home Office quality assurance panel's latest outcome for a review",
    ),
    "rm_dhr_publication": (
        lambda: [_id("review_id"), _day("published_on")],
        ["review_id"],
        [],
        "A review's report published",
    ),
    "rm_dhr_recommendation": (
        lambda: [
            _id("recommendation_id"),
            _id("review_id"),
            _code("area"),
            _code("theme"),
            _code("level"),
            _day("made_on"),
            _code("status"),
        ],
        ["recommendation_id"],
        ["made_on"],
        "A review's recommendation, with the status it was made in",
    ),
    "rm_dhr_recommendation_status": (
        lambda: [_id("recommendation_id"), _code("status"), _day("changed_on")],
        ["recommendation_id"],
        [],
        "A recommendation's latest status",
    ),
}


def upgrade() -> None:
    for name, (columns, key, indexed, comment) in TABLES.items():
        for slot in ("a", "b"):
            table = f"{name}_{slot}"
            op.create_table(
                table,
                *columns(),
                sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
                sa.PrimaryKeyConstraint(*key),
                comment=comment,
            )
            for column in indexed:
                op.create_index(f"ix_{name}_{slot}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for name in reversed(TABLES):
        for slot in ("b", "a"):
            op.drop_table(f"{name}_{slot}")
