"""The queue of candidate person matches found at intake, for persons:review

Revision ID: 3c8e5a1f6b72
Revises: 9b1f3c2a7d40
Create Date: 2026-12-07 15:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "3c8e5a1f6b72"
down_revision = "9b1f3c2a7d40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_match_review",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("matched_on", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["candidate_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "candidate_id", name="uq_person_match_review_pair"),
    )
    with op.batch_alter_table("person_match_review", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_match_review_status_found", ["status", "found_at"], unique=False
        )
        batch_op.create_index("ix_person_match_review_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_person_match_review_candidate_id", ["candidate_id"], unique=False)


def downgrade() -> None:
    op.drop_table("person_match_review")
