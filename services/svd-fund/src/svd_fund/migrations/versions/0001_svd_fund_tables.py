"""svd-fund tables

Revision ID: 0001svdfund
Revises:
Create Date: 2026-12-03 10:59:00.613300
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)
from svd_fund.measures.imports import TABLES as IMPORT_TABLES

revision = "0001svdfund"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()
    IMPORT_TABLES.create(op.get_bind())

    op.create_table(
        "comparator",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("geography", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure", "year", "geography", name="uq_comparator_measure"),
    )
    op.create_table(
        "crime_count",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("offence_code", sa.String(length=8), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("knife", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("offence_code", "area", "month", "knife", name="uq_crime_count_cell"),
    )
    with op.batch_alter_table("crime_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crime_count_month"), ["month"], unique=False)

    op.create_table(
        "fund_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("budget", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("grant_cap", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("awarded_total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("priorities", sa.JSON(), nullable=False),
        sa.Column("activity_types", sa.JSON(), nullable=False),
        sa.Column("eligibility_questions", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("assessors_per_bid", sa.Integer(), nullable=False),
        sa.Column("moderation_spread", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("opening_published", sa.Boolean(), nullable=False),
        sa.Column("closing_published", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "awarded_total >= 0 AND awarded_total <= budget", name="ck_fund_round_within_budget"
        ),
        sa.CheckConstraint("grant_cap > 0 AND grant_cap <= budget", name="ck_fund_round_cap"),
        sa.CheckConstraint("opens_at < closes_at", name="ck_fund_round_dates"),
        sa.PrimaryKeyConstraint("id"),
    )

    op.create_table(
        "organisation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account"),
        sa.UniqueConstraint("org_id"),
    )
    op.create_table(
        "population",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("area", "year", name="uq_population_area_year"),
    )
    op.create_table(
        "severity_weight",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("edition", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("offence_code", sa.String(length=8), nullable=False),
        sa.Column("weight", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("edition", "offence_code", name="uq_severity_weight_edition_offence"),
    )
    with op.batch_alter_table("severity_weight", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_severity_weight_edition"), ["edition"], unique=False)

    op.create_table(
        "bid",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("priorities", sa.JSON(), nullable=False),
        sa.Column("activity_types", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=True),
        sa.Column("eligibility_reasons", sa.JSON(), nullable=False),
        sa.Column("final_score", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("score_spread", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["fund_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bid_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_bid_round_status", ["round_id", "status"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("conflict_reason", sa.Text(), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id", "assessor", name="uq_assignment_assessor"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_assessor"), ["assessor"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id", "seq", name="uq_budget_line_seq"),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "grant_award",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_grant_amount"),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["fund_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id"),
    )
    with op.batch_alter_table("grant_award", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_award_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_grant_award_round_id"), ["round_id"], unique=False)

    op.create_table(
        "moderated_score",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("criterion", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moderated_by", sa.String(length=200), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 5", name="ck_moderated_score_rubric"),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id", "criterion", name="uq_moderated_score_criterion"),
    )
    with op.batch_alter_table("moderated_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderated_score_bid_id"), ["bid_id"], unique=False)

    op.create_table(
        "monitoring_return",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grant_id", sa.Uuid(), nullable=False),
        sa.Column("bid_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_award.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["fund_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("grant_id", "seq", name="uq_monitoring_return_seq"),
    )
    with op.batch_alter_table("monitoring_return", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monitoring_return_grant_id"), ["grant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_monitoring_return_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_monitoring_return_status_due", ["status", "due_on"], unique=False)

    op.create_table(
        "score",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=False),
        sa.Column("criterion", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 5", name="ck_score_rubric"),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "criterion", name="uq_score_criterion"),
    )
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_assignment_id"), ["assignment_id"], unique=False)

    op.create_table(
        "tranche",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grant_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("amount > 0", name="ck_tranche_amount"),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_award.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("grant_id", "seq", name="uq_tranche_seq"),
    )
    with op.batch_alter_table("tranche", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tranche_grant_id"), ["grant_id"], unique=False)

    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    with op.batch_alter_table("tranche", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tranche_grant_id"))

    op.drop_table("tranche")
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_assignment_id"))

    op.drop_table("score")
    with op.batch_alter_table("monitoring_return", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_return_status_due")
        batch_op.drop_index(batch_op.f("ix_monitoring_return_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_monitoring_return_grant_id"))

    op.drop_table("monitoring_return")
    with op.batch_alter_table("moderated_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderated_score_bid_id"))

    op.drop_table("moderated_score")
    with op.batch_alter_table("grant_award", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_award_round_id"))
        batch_op.drop_index(batch_op.f("ix_grant_award_organisation_id"))

    op.drop_table("grant_award")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_bid_id"))

    op.drop_table("decision")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_bid_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_bid_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_assessor"))

    op.drop_table("assignment")
    with op.batch_alter_table("bid", schema=None) as batch_op:
        batch_op.drop_index("ix_bid_round_status")
        batch_op.drop_index(batch_op.f("ix_bid_organisation_id"))

    op.drop_table("bid")
    with op.batch_alter_table("severity_weight", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_severity_weight_edition"))

    op.drop_table("severity_weight")
    op.drop_table("population")
    op.drop_table("organisation")

    op.drop_table("fund_round")
    with op.batch_alter_table("crime_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crime_count_month"))

    op.drop_table("crime_count")
    op.drop_table("comparator")

    IMPORT_TABLES.drop(op.get_bind())
    drop_platform_tables()
