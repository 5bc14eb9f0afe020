"""imports

Revision ID: 0005imports
Revises: 0004recommendations
Create Date: 2026-12-03 10:03:39.124623
"""

import sqlalchemy as sa
from alembic import op

from dhr_tracker.imports.models import TABLES

revision = "0005imports"
down_revision = "0004recommendations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    TABLES.create(op.get_bind())
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_reference", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint("uq_review_source_reference", ["source_reference"])


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_constraint("uq_review_source_reference", type_="unique")
        batch_op.drop_column("source_reference")
    TABLES.drop(op.get_bind())
