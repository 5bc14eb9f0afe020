"""initial tables

Revision ID: 7586fd817e10
Revises:
Create Date: 2026-11-26 10:26:21.417694
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)

revision = "7586fd817e10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()

    op.create_table(
        "hate_report",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("strands", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("area", sa.String(length=50), nullable=False),
        sa.Column("victim_police_officer_on_duty", sa.Boolean(), nullable=False),
        sa.Column("reporting_channel", sa.String(length=40), nullable=False),
        sa.Column("reporting_agency", sa.String(length=100), nullable=False),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reporting_agency", "source_reference", name="uq_hate_report_source"),
    )
    with op.batch_alter_table("hate_report", schema=None) as batch_op:
        batch_op.create_index("ix_hate_report_area_occurred", ["area", "occurred_at"], unique=False)

    op.create_table(
        "idempotency_record",
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("agency", "key"),
    )
    op.create_table(
        "import_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_processed", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("rows_failed", sa.Integer(), nullable=False),
        sa.Column("bytes_total", sa.Integer(), nullable=False),
        sa.Column("bytes_processed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_job_agency"), ["agency"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("merged_into", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "import_row_error",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_job.id"],
        ),
        sa.PrimaryKeyConstraint("job_id", "row_number"),
    )
    op.create_table(
        "person_candidate_key",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("person_id", "kind"),
    )
    with op.batch_alter_table("person_candidate_key", schema=None) as batch_op:
        batch_op.create_index("ix_person_candidate_key_key", ["kind", "key"], unique=False)

    op.create_table(
        "person_key",
        sa.Column("match_key", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("match_key"),
    )
    with op.batch_alter_table("person_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_key_person_id"), ["person_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("area", sa.String(length=50), nullable=False),
        sa.Column("marac_area", sa.String(length=50), nullable=False),
        sa.Column("referring_agency", sa.String(length=100), nullable=False),
        sa.Column("referrer_kind", sa.String(length=20), nullable=False),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("victim_id", sa.Uuid(), nullable=False),
        sa.Column("perpetrator_id", sa.Uuid(), nullable=True),
        sa.Column("relationship", sa.String(length=30), nullable=False),
        sa.Column("children_in_household", sa.Integer(), nullable=False),
        sa.Column("victim_gender", sa.String(length=20), nullable=False),
        sa.Column("victim_ethnicity", sa.String(length=20), nullable=False),
        sa.Column("victim_disability", sa.Boolean(), nullable=True),
        sa.Column("victim_lgbt", sa.Boolean(), nullable=True),
        sa.Column("victim_age_band", sa.String(length=10), nullable=False),
        sa.Column("victim_safe_contact", sa.String(length=200), nullable=True),
        sa.Column("perpetrator_gender", sa.String(length=20), nullable=True),
        sa.Column("perpetrator_age_band", sa.String(length=10), nullable=True),
        sa.Column("dash_answers", sa.JSON(), nullable=False),
        sa.Column("stalking_answers", sa.JSON(), nullable=True),
        sa.Column("judgement_high_risk", sa.Boolean(), nullable=False),
        sa.Column("judgement_reasons", sa.Text(), nullable=True),
        sa.Column("incidents_last_12_months", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("actuarial_level", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("marac_referral", sa.Boolean(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("consent_status", sa.String(length=20), nullable=False),
        sa.Column("consent_basis", sa.String(length=30), nullable=False),
        sa.Column("services_requested", sa.JSON(), nullable=False),
        sa.Column("status_reason", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["perpetrator_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["victim_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referring_agency", "source_reference", name="uq_referral_source"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index("ix_referral_area_received", ["area", "received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_marac_area"), ["marac_area"], unique=False)
        batch_op.create_index(
            "ix_referral_pair", ["victim_id", "perpetrator_id", "received_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referral_referring_agency"), ["referring_agency"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_status"), ["status"], unique=False)

    op.create_table(
        "route",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("service", sa.String(length=50), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decline_reason", sa.String(length=200), nullable=True),
        sa.Column("outcome_codes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("route", schema=None) as batch_op:
        batch_op.create_index(
            "ix_route_provider_status", ["provider", "status", "routed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_route_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "route_status_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["route.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("route_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_route_status_change_route_id"), ["route_id"], unique=False
        )

    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("route_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["route.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("route_id"),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_delivery_due", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["webhook_delivery.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("webhook_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_attempt_delivery_id"), ["delivery_id"], unique=False
        )

    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    with op.batch_alter_table("webhook_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_attempt_delivery_id"))

    op.drop_table("webhook_attempt")
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_delivery_due")

    op.drop_table("webhook_delivery")
    with op.batch_alter_table("route_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_status_change_route_id"))

    op.drop_table("route_status_change")
    with op.batch_alter_table("route", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_referral_id"))
        batch_op.drop_index("ix_route_provider_status")

    op.drop_table("route")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_status"))
        batch_op.drop_index(batch_op.f("ix_referral_referring_agency"))
        batch_op.drop_index("ix_referral_pair")
        batch_op.drop_index(batch_op.f("ix_referral_marac_area"))
        batch_op.drop_index(batch_op.f("ix_referral_level"))
        batch_op.drop_index("ix_referral_area_received")

    op.drop_table("referral")
    with op.batch_alter_table("person_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_key_person_id"))

    op.drop_table("person_key")
    with op.batch_alter_table("person_candidate_key", schema=None) as batch_op:
        batch_op.drop_index("ix_person_candidate_key_key")

    op.drop_table("person_candidate_key")
    op.drop_table("import_row_error")
    op.drop_table("person")

    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_job_agency"))

    op.drop_table("import_job")
    op.drop_table("idempotency_record")
    with op.batch_alter_table("hate_report", schema=None) as batch_op:
        batch_op.drop_index("ix_hate_report_area_occurred")

    op.drop_table("hate_report")
    drop_platform_tables()
