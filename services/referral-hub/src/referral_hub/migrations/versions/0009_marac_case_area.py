"""Where marac holds each MARAC case about a referral (from marac's case events)

Revision ID: 9b1f3c2a7d40
Revises: 6c3e9d1a7b40
Create Date: 2026-12-07 15:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "9b1f3c2a7d40"
down_revision = "6c3e9d1a7b40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marac_case",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("marac_area", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.create_index("ix_marac_case_referral_id", ["referral_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.drop_index("ix_marac_case_referral_id")
    op.drop_table("marac_case")
