"""dhr-tracker tables

Revision ID: 0001dhrtracker
Revises:
Create Date: 2026-12-02 10:07:15
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)

revision = "0001dhrtracker"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "reference_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "review",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("notifying_agency", sa.String(length=64), nullable=False),
        sa.Column("date_of_death", sa.Date(), nullable=False),
        sa.Column("circumstances", sa.String(length=32), nullable=False),
        sa.Column("victim", sa.JSON(), nullable=False),
        sa.Column("suspect", sa.JSON(), nullable=True),
        sa.Column("person_ids", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("overdue_from", sa.Date(), nullable=True),
        sa.Column("check_from", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("year", "sequence", name="uq_review_year_sequence"),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_area_notified", ["area", "notified_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_check_from"), ["check_from"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_overdue_from"), ["overdue_from"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_stage"), ["stage"], unique=False)

    op.create_table(
        "anonymisation_check",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("document_kind", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("anonymisation_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anonymisation_check_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "contribution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "agency", "kind", name="uq_contribution_agency_kind"),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_agency"), ["agency"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_status"), ["status"], unique=False)

    op.create_table(
        "deadline_notice",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("clock", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("review_id", "clock"),
    )
    op.create_table(
        "panel_member",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "agency", name="uq_panel_member_agency"),
    )
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_member_agency"), ["agency"], unique=False)
        batch_op.create_index(batch_op.f("ix_panel_member_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_move",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("move", sa.String(length=64), nullable=False),
        sa.Column("from_stage", sa.String(length=40), nullable=False),
        sa.Column("to_stage", sa.String(length=40), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "seq", name="uq_review_move_seq"),
    )
    with op.batch_alter_table("review_move", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_move_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_pause",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("paused_on", sa.Date(), nullable=False),
        sa.Column("expected_resume_on", sa.Date(), nullable=True),
        sa.Column("resumed_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_pause", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_pause_review_id"), ["review_id"], unique=False)

    op.create_table(
        "sealed_identity",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("review_id"),
    )
    with op.batch_alter_table("sealed_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealed_identity_key_id"), ["key_id"], unique=False)
    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    with op.batch_alter_table("sealed_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealed_identity_key_id"))

    op.drop_table("sealed_identity")
    with op.batch_alter_table("review_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_pause_review_id"))

    op.drop_table("review_pause")
    with op.batch_alter_table("review_move", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_move_review_id"))

    op.drop_table("review_move")
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_member_review_id"))
        batch_op.drop_index(batch_op.f("ix_panel_member_agency"))

    op.drop_table("panel_member")
    op.drop_table("deadline_notice")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_status"))
        batch_op.drop_index(batch_op.f("ix_contribution_review_id"))
        batch_op.drop_index(batch_op.f("ix_contribution_due_on"))
        batch_op.drop_index(batch_op.f("ix_contribution_agency"))

    op.drop_table("contribution")
    with op.batch_alter_table("anonymisation_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anonymisation_check_review_id"))

    op.drop_table("anonymisation_check")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_stage"))
        batch_op.drop_index(batch_op.f("ix_review_overdue_from"))
        batch_op.drop_index(batch_op.f("ix_review_check_from"))
        batch_op.drop_index("ix_review_area_notified")

    op.drop_table("review")
    op.drop_table("reference_counter")
    drop_platform_tables()
