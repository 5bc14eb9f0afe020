"""Retention and erasure: when a person or a referral was erased, the erasures and
refused requests, and the audit trail's one exception (rows past the audit period)

Revision ID: 7c2e5a91d3f0
Revises: 3c8e5a1f6b72
Create Date: 2026-12-07 15:30:00
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import allow_audit_retention, forbid_audit_retention

revision = "7c2e5a91d3f0"
down_revision = "3c8e5a1f6b72"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "erasure",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("refusals", sa.JSON(), nullable=False),
        sa.Column("referral_ids", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("request_reference", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("erasure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erasure_person_id"), ["person_id"], unique=False)
    allow_audit_retention()


def downgrade() -> None:
    forbid_audit_retention()
    with op.batch_alter_table("erasure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_person_id"))
    op.drop_table("erasure")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
