"""family log

Revision ID: 0002familylog
Revises: 0001dhrtracker
Create Date: 2026-12-03 09:52:45.885179
"""

import sqlalchemy as sa
from alembic import op

revision = "0002familylog"
down_revision = "0001dhrtracker"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "family_log_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("family_member", sa.String(length=64), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("advocacy_provider", sa.String(length=64), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("pseudonym", sa.String(length=100), nullable=True),
        sa.Column("chosen_by", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "seq", name="uq_family_log_seq"),
    )
    with op.batch_alter_table("family_log_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_log_entry_review_id"), ["review_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("family_log_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_log_entry_review_id"))

    op.drop_table("family_log_entry")
