"""Rebuild jobs: forced, and the shortfall per source that refused one (its reason is worded from it)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("forced", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("shortfall", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.drop_column("shortfall")
        batch_op.drop_column("forced")
