"""Cases handed over between partnerships: packages sent (with their receipts) and received

Revision ID: 2e9d7c4b1a58
Revises: 9a4c2e7f1b53
Create Date: 2026-12-07 15:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "2e9d7c4b1a58"
down_revision = "9a4c2e7f1b53"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_export",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("marac_area", sa.String(length=64), nullable=False),
        sa.Column("to_partnership", sa.String(length=64), nullable=False),
        sa.Column("exported_on", sa.Date(), nullable=False),
        sa.Column("exported_by", sa.String(length=64), nullable=False),
        sa.Column("package", sa.JSON(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("receiving_reference", sa.String(length=100), nullable=True),
        sa.Column("receipt_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_export", schema=None) as batch_op:
        batch_op.create_index("ix_case_export_case_id", ["case_id"], unique=False)
    op.create_table(
        "case_import",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("from_partnership", sa.String(length=64), nullable=False),
        sa.Column("package", sa.JSON(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("package_id"),
        sa.UniqueConstraint("case_id"),
    )


def downgrade() -> None:
    op.drop_table("case_import")
    with op.batch_alter_table("case_export", schema=None) as batch_op:
        batch_op.drop_index("ix_case_export_case_id")
    op.drop_table("case_export")
