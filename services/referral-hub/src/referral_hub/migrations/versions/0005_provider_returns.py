"""Commissioned services' quarterly performance returns, every version kept

Revision ID: 5e7a1c0d9b24
Revises: ec3e76370d4e
"""

import sqlalchemy as sa
from alembic import op

revision = "5e7a1c0d9b24"
down_revision = "ec3e76370d4e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provider_return",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("referrals_received", sa.Integer(), nullable=False),
        sa.Column("self_referrals", sa.Integer(), nullable=False),
        sa.Column("caseload", sa.Integer(), nullable=False),
        sa.Column("closures", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("waiting_at_end", sa.Integer(), nullable=False),
        sa.Column("median_wait_days", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "provider", "service", "quarter", "version", name="uq_provider_return_version"
        ),
    )


def downgrade() -> None:
    op.drop_table("provider_return")
