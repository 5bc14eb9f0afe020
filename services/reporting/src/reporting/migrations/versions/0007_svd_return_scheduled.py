"""Monitoring returns scheduled (csp.svd-fund.return_scheduled), in both slots

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NAME = "rm_svd_return_scheduled"


def upgrade() -> None:
    for slot in ("a", "b"):
        op.create_table(
            f"{NAME}_{slot}",
            sa.Column("return_id", sa.Uuid(), nullable=False),
            sa.Column("grant_id", sa.Uuid(), nullable=False),
            sa.Column("round_id", sa.Uuid(), nullable=False),
            sa.Column("kind", sa.String(length=64), nullable=False),
            sa.Column("due_on", sa.Date(), nullable=False),
            sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("return_id"),
            comment="A monitoring return in a grant's schedule, with the date it is due",
        )


def downgrade() -> None:
    for slot in ("b", "a"):
        op.drop_table(f"{NAME}_{slot}")
