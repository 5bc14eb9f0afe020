"""Idempotency records: the first answers to marac's keyed POSTs

Direct cases, MATAC nominations and interventions take a required Idempotency-Key
(csp_common.idempotency); the first answer is kept per agency and key, and replayed
to a retry.

Revision ID: 7d2f4b9e6a31
Revises: 5c1e0a7d3b92
Create Date: 2026-12-03 15:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7d2f4b9e6a31"
down_revision = "5c1e0a7d3b92"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_record",
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("agency", "key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_record")
