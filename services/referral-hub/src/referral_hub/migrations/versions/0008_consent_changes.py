"""Consent that follows the record: the history of a referral's consent and lawful basis
(given, refused, not sought, withdrawn, overridden with a reason and an authoriser); the
referral keeps the current one

Revision ID: 6c3e9d1a7b40
Revises: 0007auditoutside
Create Date: 2026-12-07 15:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "6c3e9d1a7b40"
down_revision = "0007auditoutside"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("previous_status", sa.String(length=20), nullable=False),
        sa.Column("previous_basis", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("authorised_by", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_change_referral", ["referral_id", "recorded_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consent_change", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_change_referral")
    op.drop_table("consent_change")
