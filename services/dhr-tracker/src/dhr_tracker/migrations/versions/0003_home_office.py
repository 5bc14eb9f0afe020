"""home office

Revision ID: 0003homeoffice
Revises: 0002familylog
Create Date: 2026-12-03 09:54:31.877014
"""

import sqlalchemy as sa
from alembic import op

revision = "0003homeoffice"
down_revision = "0002familylog"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_answer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decision_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_answer_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "report_sent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("document", sa.String(length=32), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "recipient", "document", name="uq_report_sent"),
    )
    with op.batch_alter_table("report_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_sent_review_id"), ["review_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_sent_review_id"))

    op.drop_table("report_sent")
    with op.batch_alter_table("decision_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_answer_review_id"))

    op.drop_table("decision_answer")
