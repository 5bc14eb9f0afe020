"""marac tables

Revision ID: fbec1f749af4
Revises:
Create Date: 2026-11-26 10:51:05.472237
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)

revision = "fbec1f749af4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()

    op.create_table(
        "action",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("carry_reason", sa.String(length=32), nullable=True),
        sa.Column("carried_to_meeting_id", sa.String(length=36), nullable=True),
        sa.Column("carried_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_area_status", ["marac_area", "status", "due_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_case_id"), ["case_id"], unique=False)

    op.create_table(
        "area_config",
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("marac_area"),
    )
    op.create_table(
        "attendance",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "agency"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_area_agency", ["marac_area", "agency", "held_on"], unique=False
        )

    op.create_table(
        "escalation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("of_meetings", sa.Integer(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.create_index("ix_escalation_area_status", ["marac_area", "status"], unique=False)

    op.create_table(
        "import_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("area_limit", sa.String(length=64), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("created_rows", sa.Integer(), nullable=False),
        sa.Column("unchanged_rows", sa.Integer(), nullable=False),
        sa.Column("failed_rows", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "information_shared",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("information_shared", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_information_shared_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "marac_case",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=True),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("victim_id", sa.String(length=36), nullable=False),
        sa.Column("perpetrator_id", sa.String(length=36), nullable=True),
        sa.Column("area", sa.String(length=64), nullable=True),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=16), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("victim_age_band", sa.String(length=16), nullable=False),
        sa.Column("victim_gender", sa.String(length=16), nullable=False),
        sa.Column("victim_ethnicity", sa.String(length=16), nullable=False),
        sa.Column("victim_disability", sa.Boolean(), nullable=True),
        sa.Column("victim_lgbt", sa.Boolean(), nullable=True),
        sa.Column("perpetrator_age_band", sa.String(length=16), nullable=True),
        sa.Column("perpetrator_gender", sa.String(length=16), nullable=True),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("heard_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id"),
        sa.UniqueConstraint("source_reference"),
    )
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.create_index("ix_case_area_status", ["marac_area", "status"], unique=False)
        batch_op.create_index("ix_case_meeting", ["meeting_id"], unique=False)
        batch_op.create_index(
            "ix_case_pair", ["victim_id", "perpetrator_id", "referred_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marac_case_perpetrator_id"), ["perpetrator_id"], unique=False
        )

    op.create_table(
        "matac_incident",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_reference", sa.String(length=100), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("victim_id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("gravity", sa.Integer(), nullable=False),
        sa.Column("subject_age_band", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_reference"),
    )
    with op.batch_alter_table("matac_incident", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_area_subject", ["marac_area", "subject_id", "occurred_on"], unique=False
        )

    op.create_table(
        "matac_intervention",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("nomination_id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("programme", sa.String(length=64), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("matac_intervention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matac_intervention_nomination_id"), ["nomination_id"], unique=False
        )

    op.create_table(
        "matac_nomination",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("nominating_agency", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("serial_perpetrator", sa.Boolean(), nullable=False),
        sa.Column("subject_age_band", sa.String(length=16), nullable=False),
        sa.Column("entry_score", sa.Float(), nullable=False),
        sa.Column("exit_score", sa.Float(), nullable=True),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("matac_nomination", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matac_nomination_subject_id"), ["subject_id"], unique=False
        )
        batch_op.create_index("ix_nomination_area_status", ["marac_area", "status"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("chair_agency", sa.String(length=64), nullable=True),
        sa.Column("confidentiality_statement_read", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "marac_area", "held_on", name="uq_meeting_area_date"),
        sa.UniqueConstraint("source_reference"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_area_date", ["marac_area", "held_on"], unique=False)

    op.create_table(
        "policy",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "research",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("has_information", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "meeting_id", "agency"),
    )
    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    op.drop_table("research")
    op.drop_table("policy")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_area_date")

    op.drop_table("meeting")
    with op.batch_alter_table("matac_nomination", schema=None) as batch_op:
        batch_op.drop_index("ix_nomination_area_status")
        batch_op.drop_index(batch_op.f("ix_matac_nomination_subject_id"))

    op.drop_table("matac_nomination")
    with op.batch_alter_table("matac_intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matac_intervention_nomination_id"))

    op.drop_table("matac_intervention")
    with op.batch_alter_table("matac_incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_area_subject")

    op.drop_table("matac_incident")
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marac_case_perpetrator_id"))
        batch_op.drop_index("ix_case_pair")
        batch_op.drop_index("ix_case_meeting")
        batch_op.drop_index("ix_case_area_status")

    op.drop_table("marac_case")
    with op.batch_alter_table("information_shared", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_information_shared_case_id"))

    op.drop_table("information_shared")
    op.drop_table("import_job")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_index("ix_escalation_area_status")

    op.drop_table("escalation")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_area_agency")

    op.drop_table("attendance")
    op.drop_table("area_config")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_case_id"))
        batch_op.drop_index("ix_action_area_status")

    op.drop_table("action")
    drop_platform_tables()
