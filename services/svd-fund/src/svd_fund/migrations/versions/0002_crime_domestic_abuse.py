"""Police-recorded crime aggregates carry a domestic abuse flag (part of a cell's key)

Revision ID: 0002svdfund
Revises: 0001svdfund
"""

import sqlalchemy as sa
from alembic import op

revision = "0002svdfund"
down_revision = "0001svdfund"
branch_labels = None
depends_on = None

OLD_KEY = ["offence_code", "area", "month", "knife"]


def upgrade() -> None:
    with op.batch_alter_table("crime_count", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("domestic_abuse", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_constraint("uq_crime_count_cell", type_="unique")
        batch_op.create_unique_constraint("uq_crime_count_cell", [*OLD_KEY, "domestic_abuse"])


def downgrade() -> None:
    with op.batch_alter_table("crime_count", schema=None) as batch_op:
        batch_op.drop_constraint("uq_crime_count_cell", type_="unique")
        batch_op.create_unique_constraint("uq_crime_count_cell", OLD_KEY)
        batch_op.drop_column("domestic_abuse")
