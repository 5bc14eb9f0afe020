"""training item area

Revision ID: 0006trainingarea
Revises: 0005imports
Create Date: 2026-12-03 10:22:42.090381
"""

import sqlalchemy as sa
from alembic import op

revision = "0006trainingarea"
down_revision = "0005imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_training_item_area"), ["area"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_item_area"))
        batch_op.drop_column("area")
