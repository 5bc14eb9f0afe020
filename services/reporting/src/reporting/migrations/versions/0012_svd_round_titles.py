"""Titles of the fund's priorities and activity types as rounds opened
(csp.svd-fund.round_opened's `titles`), in both slots

Events published before titles travelled have none: those codes are shown readable.
A rebuild fills the new tables from the events that carry titles.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NAME = "rm_svd_round_title"


def upgrade() -> None:
    for slot in ("a", "b"):
        op.create_table(
            f"{NAME}_{slot}",
            sa.Column("round_id", sa.Uuid(), nullable=False),
            sa.Column("kind", sa.String(length=64), nullable=False),
            sa.Column("code", sa.String(length=64), nullable=False),
            sa.Column("title", sa.String(length=64), nullable=False),
            sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("round_id", "kind", "code"),
            comment="The title of a priority or activity type (`kind`) when a round opened",
        )


def downgrade() -> None:
    for slot in ("b", "a"):
        op.drop_table(f"{NAME}_{slot}")
