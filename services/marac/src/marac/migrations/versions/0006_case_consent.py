"""A MARAC case shows the referral's consent and lawful basis, as referral-hub's events
keep them current (null for direct and imported cases)

Revision ID: 9a4c2e7f1b53
Revises: 0005auditoutside
Create Date: 2026-12-07 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "9a4c2e7f1b53"
down_revision = "0005auditoutside"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("lawful_basis", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("marac_case", schema=None) as batch_op:
        batch_op.drop_column("lawful_basis")
        batch_op.drop_column("consent_status")
