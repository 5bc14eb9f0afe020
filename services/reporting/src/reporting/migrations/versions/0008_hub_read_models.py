"""Read models of the community safety hubs and the ASB case review (csp.hubs), in both
slots

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _code(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=64), nullable=False)


def _day(name: str) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=False)


def _id(name: str) -> sa.Column:
    return sa.Column(name, sa.Uuid(), nullable=False)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


# name: (columns, primary key, indexed columns, comment), as of this revision
TABLES = {
    "rm_hub_case": (
        lambda: [
            _id("case_id"),
            _code("hub"),
            _code("kind"),
            _code("reporting_agency"),
            _flag("repeat_location"),
            _flag("repeat_victim"),
            _code("source"),
            _day("reported_on"),
            _day("opened_on"),
        ],
        ["case_id"],
        ["opened_on"],
        "A hub case opened; the period is the day it was opened",
    ),
    "rm_hub_incident": (
        lambda: [
            _id("incident_id"),
            _id("case_id"),
            _code("hub"),
            _code("kind"),
            _code("reporting_agency"),
            _day("occurred_on"),
        ],
        ["incident_id"],
        ["occurred_on"],
        "An incident logged against a hub case; the period is the day it happened",
    ),
    "rm_hub_risk": (
        lambda: [
            _id("assessment_id"),
            _id("case_id"),
            _code("hub"),
            _count("sequence"),
            _code("level"),
            _flag("domestic_abuse_indicated"),
            _day("assessed_on"),
        ],
        ["assessment_id"],
        [],
        "An ASB risk assessment of a case (`sequence` 1 is the first; the highest is the "
        "case's level now)",
    ),
    "rm_hub_intervention": (
        lambda: [
            _id("intervention_id"),
            _id("case_id"),
            _code("hub"),
            _code("kind"),
            _count("step"),
            _code("target"),
            _code("issuing_agency"),
            _day("issued_on"),
        ],
        ["intervention_id"],
        ["issued_on"],
        "A step of the statutory toolkit issued against a person or a place",
    ),
    "rm_hub_breach": (
        lambda: [
            _id("breach_id"),
            _id("intervention_id"),
            _id("case_id"),
            _code("hub"),
            _code("kind"),
            _day("breached_on"),
        ],
        ["breach_id"],
        ["breached_on"],
        "A breach of an intervention; `kind` is the intervention's",
    ),
    "rm_hub_closure": (
        lambda: [
            _id("case_id"),
            _code("hub"),
            _code("kind"),
            _code("outcome"),
            _day("opened_on"),
            _day("closed_on"),
        ],
        ["case_id"],
        ["closed_on"],
        "A hub case closed with its outcome (the latest closure)",
    ),
    "rm_hub_trigger_application": (
        lambda: [_id("application_id"), _code("hub"), _code("applicant"), _day("received_on")],
        ["application_id"],
        ["received_on"],
        "An ASB case review application received",
    ),
    "rm_hub_threshold_decision": (
        lambda: [
            _id("application_id"),
            _code("hub"),
            _flag("met"),
            _count("qualifying_complaints"),
            _count("threshold"),
            _flag("on_time"),
            _day("received_on"),
            _day("decided_on"),
        ],
        ["application_id"],
        [],
        "Whether an ASB case review application met the threshold (the latest decision)",
    ),
    "rm_hub_case_review": (
        lambda: [
            _id("review_id"),
            _id("application_id"),
            _code("hub"),
            _flag("on_time"),
            _count("recommendations"),
            _day("held_on"),
        ],
        ["review_id"],
        [],
        "An ASB case review held, with the number of recommendations it made",
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
