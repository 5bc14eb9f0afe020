"""Read models in two slots (a, b), the slot state and rebuild jobs

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()

    op.create_table(
        "dashboard_link_used",
        sa.Column("link_id", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("link_id"),
    )
    with op.batch_alter_table("dashboard_link_used", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dashboard_link_used_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "read_model_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("live_slot", sa.String(length=1), nullable=False),
        sa.Column("building_slot", sa.String(length=1), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("swapped_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "building_slot IS NULL OR (building_slot IN ('a', 'b') AND building_slot <> live_slot)",
            name="ck_read_model_state_building",
        ),
        sa.CheckConstraint("live_slot IN ('a', 'b')", name="ck_read_model_state_live"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rebuild_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("slot", sa.String(length=1), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("events_total", sa.BigInteger(), nullable=False),
        sa.Column("events_read", sa.BigInteger(), nullable=False),
        sa.Column("events_skipped", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("facts_written", sa.BigInteger(), nullable=False),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.create_index(
            "ux_rebuild_job_running",
            ["status"],
            unique=True,
            postgresql_where=sa.text("status = 'running'"),
            sqlite_where=sa.text("status = 'running'"),
        )

    op.create_table(
        "rm_attendance_a",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("meeting_kind", sa.String(length=64), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "agency"),
        comment="An agency's attendance at a meeting (the latest record wins)",
    )
    with op.batch_alter_table("rm_attendance_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_attendance_a_meeting_date", ["meeting_date"], unique=False)

    op.create_table(
        "rm_attendance_b",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("meeting_kind", sa.String(length=64), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "agency"),
        comment="An agency's attendance at a meeting (the latest record wins)",
    )
    with op.batch_alter_table("rm_attendance_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_attendance_b_meeting_date", ["meeting_date"], unique=False)

    op.create_table(
        "rm_escalation_a",
        sa.Column("escalation_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("of_meetings", sa.Integer(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("escalation_id"),
        comment="An escalation of an agency that keeps missing meetings",
    )
    with op.batch_alter_table("rm_escalation_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_escalation_a_raised_on", ["raised_on"], unique=False)

    op.create_table(
        "rm_escalation_b",
        sa.Column("escalation_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("of_meetings", sa.Integer(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("escalation_id"),
        comment="An escalation of an agency that keeps missing meetings",
    )
    with op.batch_alter_table("rm_escalation_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_escalation_b_raised_on", ["raised_on"], unique=False)

    op.create_table(
        "rm_hate_report_a",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_hour", sa.SmallInteger(), nullable=False),
        sa.Column("against_officer", sa.Boolean(), nullable=False),
        sa.Column("reporting_channel", sa.String(length=64), nullable=False),
        sa.Column("strand_race", sa.Boolean(), nullable=False),
        sa.Column("strand_religion", sa.Boolean(), nullable=False),
        sa.Column("strand_sexual_orientation", sa.Boolean(), nullable=False),
        sa.Column("strand_disability", sa.Boolean(), nullable=False),
        sa.Column("strand_transgender", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("report_id"),
        comment="A hate crime or non-crime hate incident; the period is its local day",
    )
    with op.batch_alter_table("rm_hate_report_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_hate_report_a_occurred_on", ["occurred_on"], unique=False)

    op.create_table(
        "rm_hate_report_b",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_hour", sa.SmallInteger(), nullable=False),
        sa.Column("against_officer", sa.Boolean(), nullable=False),
        sa.Column("reporting_channel", sa.String(length=64), nullable=False),
        sa.Column("strand_race", sa.Boolean(), nullable=False),
        sa.Column("strand_religion", sa.Boolean(), nullable=False),
        sa.Column("strand_sexual_orientation", sa.Boolean(), nullable=False),
        sa.Column("strand_disability", sa.Boolean(), nullable=False),
        sa.Column("strand_transgender", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("report_id"),
        comment="A hate crime or non-crime hate incident; the period is its local day",
    )
    with op.batch_alter_table("rm_hate_report_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_hate_report_b_occurred_on", ["occurred_on"], unique=False)

    op.create_table(
        "rm_marac_action_a",
        sa.Column("action_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
        comment="An action agreed at a meeting, owned by an agency",
    )
    with op.batch_alter_table("rm_marac_action_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_action_a_due_on", ["due_on"], unique=False)

    op.create_table(
        "rm_marac_action_b",
        sa.Column("action_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
        comment="An action agreed at a meeting, owned by an agency",
    )
    with op.batch_alter_table("rm_marac_action_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_action_b_due_on", ["due_on"], unique=False)

    op.create_table(
        "rm_marac_action_done_a",
        sa.Column("action_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
        comment="An action completed (or closed as circumstances changed / not acted on)",
    )
    op.create_table(
        "rm_marac_action_done_b",
        sa.Column("action_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
        comment="An action completed (or closed as circumstances changed / not acted on)",
    )
    op.create_table(
        "rm_marac_case_a",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        comment="A case referred to MARAC (csp.marac.case_referred.v1)",
    )
    with op.batch_alter_table("rm_marac_case_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_case_a_referred_on", ["referred_on"], unique=False)

    op.create_table(
        "rm_marac_case_b",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        comment="A case referred to MARAC (csp.marac.case_referred.v1)",
    )
    with op.batch_alter_table("rm_marac_case_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_case_b_referred_on", ["referred_on"], unique=False)

    op.create_table(
        "rm_marac_closure_a",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        comment="A MARAC case closed",
    )
    with op.batch_alter_table("rm_marac_closure_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_closure_a_closed_on", ["closed_on"], unique=False)

    op.create_table(
        "rm_marac_closure_b",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        comment="A MARAC case closed",
    )
    with op.batch_alter_table("rm_marac_closure_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_closure_b_closed_on", ["closed_on"], unique=False)

    op.create_table(
        "rm_marac_hearing_a",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("heard_on", sa.Date(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("victim_minoritised", sa.Boolean(), nullable=False),
        sa.Column("victim_lgbt", sa.Boolean(), nullable=False),
        sa.Column("victim_disabled", sa.Boolean(), nullable=False),
        sa.Column("victim_male", sa.Boolean(), nullable=False),
        sa.Column("victim_16_17", sa.Boolean(), nullable=False),
        sa.Column("perpetrator_under_18", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "meeting_id"),
        comment="A case discussed at a MARAC meeting: what the SafeLives return counts",
    )
    with op.batch_alter_table("rm_marac_hearing_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_hearing_a_heard_on", ["heard_on"], unique=False)

    op.create_table(
        "rm_marac_hearing_b",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("heard_on", sa.Date(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("victim_minoritised", sa.Boolean(), nullable=False),
        sa.Column("victim_lgbt", sa.Boolean(), nullable=False),
        sa.Column("victim_disabled", sa.Boolean(), nullable=False),
        sa.Column("victim_male", sa.Boolean(), nullable=False),
        sa.Column("victim_16_17", sa.Boolean(), nullable=False),
        sa.Column("perpetrator_under_18", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "meeting_id"),
        comment="A case discussed at a MARAC meeting: what the SafeLives return counts",
    )
    with op.batch_alter_table("rm_marac_hearing_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_hearing_b_heard_on", ["heard_on"], unique=False)

    op.create_table(
        "rm_marac_referral_a",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("visible_high_risk", sa.Boolean(), nullable=False),
        sa.Column("professional_judgement", sa.Boolean(), nullable=False),
        sa.Column("potential_escalation", sa.Boolean(), nullable=False),
        sa.Column("repeat_criterion", sa.Boolean(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="A referral to MARAC made by referral-hub, with its criteria",
    )
    with op.batch_alter_table("rm_marac_referral_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_referral_a_referred_on", ["referred_on"], unique=False)

    op.create_table(
        "rm_marac_referral_b",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("visible_high_risk", sa.Boolean(), nullable=False),
        sa.Column("professional_judgement", sa.Boolean(), nullable=False),
        sa.Column("potential_escalation", sa.Boolean(), nullable=False),
        sa.Column("repeat_criterion", sa.Boolean(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="A referral to MARAC made by referral-hub, with its criteria",
    )
    with op.batch_alter_table("rm_marac_referral_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_marac_referral_b_referred_on", ["referred_on"], unique=False)

    op.create_table(
        "rm_marac_transfer_a",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("from_marac_area", sa.String(length=64), nullable=False),
        sa.Column("to_marac_area", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "transferred_on"),
        comment="A case transferred from one MARAC to another",
    )
    with op.batch_alter_table("rm_marac_transfer_a", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rm_marac_transfer_a_transferred_on", ["transferred_on"], unique=False
        )

    op.create_table(
        "rm_marac_transfer_b",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("from_marac_area", sa.String(length=64), nullable=False),
        sa.Column("to_marac_area", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "transferred_on"),
        comment="A case transferred from one MARAC to another",
    )
    with op.batch_alter_table("rm_marac_transfer_b", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rm_marac_transfer_b_transferred_on", ["transferred_on"], unique=False
        )

    op.create_table(
        "rm_matac_intervention_a",
        sa.Column("intervention_id", sa.Uuid(), nullable=False),
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("intervention_id"),
        comment="An intervention with a nominated perpetrator",
    )
    with op.batch_alter_table("rm_matac_intervention_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_matac_intervention_a_started_on", ["started_on"], unique=False)

    op.create_table(
        "rm_matac_intervention_b",
        sa.Column("intervention_id", sa.Uuid(), nullable=False),
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("intervention_id"),
        comment="An intervention with a nominated perpetrator",
    )
    with op.batch_alter_table("rm_matac_intervention_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_matac_intervention_b_started_on", ["started_on"], unique=False)

    op.create_table(
        "rm_matac_nomination_a",
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("serial_perpetrator", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nomination_id"),
        comment="A perpetrator nominated to MATAC",
    )
    with op.batch_alter_table("rm_matac_nomination_a", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rm_matac_nomination_a_nominated_on", ["nominated_on"], unique=False
        )

    op.create_table(
        "rm_matac_nomination_b",
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("serial_perpetrator", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nomination_id"),
        comment="A perpetrator nominated to MATAC",
    )
    with op.batch_alter_table("rm_matac_nomination_b", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rm_matac_nomination_b_nominated_on", ["nominated_on"], unique=False
        )

    op.create_table(
        "rm_matac_score_a",
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nomination_id", "stage", "scored_on"),
        comment="An RFGV score of a nomination at entry, review or exit",
    )
    with op.batch_alter_table("rm_matac_score_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_matac_score_a_scored_on", ["scored_on"], unique=False)

    op.create_table(
        "rm_matac_score_b",
        sa.Column("nomination_id", sa.Uuid(), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nomination_id", "stage", "scored_on"),
        comment="An RFGV score of a nomination at entry, review or exit",
    )
    with op.batch_alter_table("rm_matac_score_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_matac_score_b_scored_on", ["scored_on"], unique=False)

    op.create_table(
        "rm_referral_a",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("relationship", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="A referral received (csp.referral.received.v1); the period is received_on",
    )
    with op.batch_alter_table("rm_referral_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_referral_a_received_on", ["received_on"], unique=False)

    op.create_table(
        "rm_referral_b",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("referrer_kind", sa.String(length=64), nullable=False),
        sa.Column("relationship", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="A referral received (csp.referral.received.v1); the period is received_on",
    )
    with op.batch_alter_table("rm_referral_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_referral_b_received_on", ["received_on"], unique=False)

    op.create_table(
        "rm_referral_status_a",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="The latest status of a referral",
    )
    op.create_table(
        "rm_referral_status_b",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="The latest status of a referral",
    )
    op.create_table(
        "rm_risk_assessment_a",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("marac_referral", sa.Boolean(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="The latest DASH risk assessment of a referral",
    )
    op.create_table(
        "rm_risk_assessment_b",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("marac_referral", sa.Boolean(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
        comment="The latest DASH risk assessment of a referral",
    )
    op.create_table(
        "rm_route_a",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id"),
        comment="A referral routed to a commissioned service; the cohort is routed_on",
    )
    with op.batch_alter_table("rm_route_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_a_routed_on", ["routed_on"], unique=False)

    op.create_table(
        "rm_route_b",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id"),
        comment="A referral routed to a commissioned service; the cohort is routed_on",
    )
    with op.batch_alter_table("rm_route_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_b_routed_on", ["routed_on"], unique=False)

    op.create_table(
        "rm_route_outcome_a",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id", "outcome"),
        comment="An outcome recorded when a route closed",
    )
    with op.batch_alter_table("rm_route_outcome_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_outcome_a_routed_on", ["routed_on"], unique=False)

    op.create_table(
        "rm_route_outcome_b",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id", "outcome"),
        comment="An outcome recorded when a route closed",
    )
    with op.batch_alter_table("rm_route_outcome_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_outcome_b_routed_on", ["routed_on"], unique=False)

    op.create_table(
        "rm_route_status_a",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decline_reason", sa.String(length=64), nullable=True),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id", "status"),
        comment="A status a route reached (accepted, declined, contacted, engaged, closed)",
    )
    with op.batch_alter_table("rm_route_status_a", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_status_a_routed_on", ["routed_on"], unique=False)

    op.create_table(
        "rm_route_status_b",
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("routed_on", sa.Date(), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decline_reason", sa.String(length=64), nullable=True),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("route_id", "status"),
        comment="A status a route reached (accepted, declined, contacted, engaged, closed)",
    )
    with op.batch_alter_table("rm_route_status_b", schema=None) as batch_op:
        batch_op.create_index("ix_rm_route_status_b_routed_on", ["routed_on"], unique=False)

    op.bulk_insert(
        sa.table(
            "read_model_state",
            sa.column("id", sa.Integer),
            sa.column("live_slot", sa.String),
            sa.column("building_slot", sa.String),
            sa.column("generation", sa.Integer),
        ),
        [{"id": 1, "live_slot": "a", "building_slot": None, "generation": 1}],
    )
    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    with op.batch_alter_table("rm_route_status_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_status_b_routed_on")

    op.drop_table("rm_route_status_b")
    with op.batch_alter_table("rm_route_status_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_status_a_routed_on")

    op.drop_table("rm_route_status_a")
    with op.batch_alter_table("rm_route_outcome_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_outcome_b_routed_on")

    op.drop_table("rm_route_outcome_b")
    with op.batch_alter_table("rm_route_outcome_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_outcome_a_routed_on")

    op.drop_table("rm_route_outcome_a")
    with op.batch_alter_table("rm_route_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_b_routed_on")

    op.drop_table("rm_route_b")
    with op.batch_alter_table("rm_route_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_route_a_routed_on")

    op.drop_table("rm_route_a")
    op.drop_table("rm_risk_assessment_b")
    op.drop_table("rm_risk_assessment_a")
    op.drop_table("rm_referral_status_b")
    op.drop_table("rm_referral_status_a")
    with op.batch_alter_table("rm_referral_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_referral_b_received_on")

    op.drop_table("rm_referral_b")
    with op.batch_alter_table("rm_referral_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_referral_a_received_on")

    op.drop_table("rm_referral_a")
    with op.batch_alter_table("rm_matac_score_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_score_b_scored_on")

    op.drop_table("rm_matac_score_b")
    with op.batch_alter_table("rm_matac_score_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_score_a_scored_on")

    op.drop_table("rm_matac_score_a")
    with op.batch_alter_table("rm_matac_nomination_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_nomination_b_nominated_on")

    op.drop_table("rm_matac_nomination_b")
    with op.batch_alter_table("rm_matac_nomination_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_nomination_a_nominated_on")

    op.drop_table("rm_matac_nomination_a")
    with op.batch_alter_table("rm_matac_intervention_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_intervention_b_started_on")

    op.drop_table("rm_matac_intervention_b")
    with op.batch_alter_table("rm_matac_intervention_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_matac_intervention_a_started_on")

    op.drop_table("rm_matac_intervention_a")
    with op.batch_alter_table("rm_marac_transfer_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_transfer_b_transferred_on")

    op.drop_table("rm_marac_transfer_b")
    with op.batch_alter_table("rm_marac_transfer_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_transfer_a_transferred_on")

    op.drop_table("rm_marac_transfer_a")
    with op.batch_alter_table("rm_marac_referral_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_referral_b_referred_on")

    op.drop_table("rm_marac_referral_b")
    with op.batch_alter_table("rm_marac_referral_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_referral_a_referred_on")

    op.drop_table("rm_marac_referral_a")
    with op.batch_alter_table("rm_marac_hearing_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_hearing_b_heard_on")

    op.drop_table("rm_marac_hearing_b")
    with op.batch_alter_table("rm_marac_hearing_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_hearing_a_heard_on")

    op.drop_table("rm_marac_hearing_a")
    with op.batch_alter_table("rm_marac_closure_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_closure_b_closed_on")

    op.drop_table("rm_marac_closure_b")
    with op.batch_alter_table("rm_marac_closure_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_closure_a_closed_on")

    op.drop_table("rm_marac_closure_a")
    with op.batch_alter_table("rm_marac_case_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_case_b_referred_on")

    op.drop_table("rm_marac_case_b")
    with op.batch_alter_table("rm_marac_case_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_case_a_referred_on")

    op.drop_table("rm_marac_case_a")
    op.drop_table("rm_marac_action_done_b")
    op.drop_table("rm_marac_action_done_a")
    with op.batch_alter_table("rm_marac_action_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_action_b_due_on")

    op.drop_table("rm_marac_action_b")
    with op.batch_alter_table("rm_marac_action_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_marac_action_a_due_on")

    op.drop_table("rm_marac_action_a")
    with op.batch_alter_table("rm_hate_report_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_hate_report_b_occurred_on")

    op.drop_table("rm_hate_report_b")
    with op.batch_alter_table("rm_hate_report_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_hate_report_a_occurred_on")

    op.drop_table("rm_hate_report_a")
    with op.batch_alter_table("rm_escalation_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_escalation_b_raised_on")

    op.drop_table("rm_escalation_b")
    with op.batch_alter_table("rm_escalation_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_escalation_a_raised_on")

    op.drop_table("rm_escalation_a")
    with op.batch_alter_table("rm_attendance_b", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_attendance_b_meeting_date")

    op.drop_table("rm_attendance_b")
    with op.batch_alter_table("rm_attendance_a", schema=None) as batch_op:
        batch_op.drop_index("ix_rm_attendance_a_meeting_date")

    op.drop_table("rm_attendance_a")
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_rebuild_job_running",
            postgresql_where=sa.text("status = 'running'"),
            sqlite_where=sa.text("status = 'running'"),
        )

    op.drop_table("rebuild_job")
    op.drop_table("read_model_state")

    with op.batch_alter_table("dashboard_link_used", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_link_used_expires_at"))

    op.drop_table("dashboard_link_used")
    drop_platform_tables()
