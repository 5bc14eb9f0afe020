"""probe tables

Revision ID: 2531d7a566f2
Revises:
Create Date: 2026-11-26 10:17:54.751930
"""

import sqlalchemy as sa
from alembic import op

from csp_common.migrations import (
    create_platform_tables,
    create_platform_triggers,
    drop_platform_tables,
    drop_platform_triggers,
)

revision = "2531d7a566f2"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()

    op.create_table(
        "probe_applied",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "probe_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("area", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    create_platform_triggers()


def downgrade() -> None:
    drop_platform_triggers()
    op.drop_table("probe_item")
    op.drop_table("probe_applied")
    drop_platform_tables()
