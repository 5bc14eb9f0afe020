"""recommendations and learning

Revision ID: 0004recommendations
Revises: 0003homeoffice
Create Date: 2026-12-03 10:00:13.053980
"""

import sqlalchemy as sa
from alembic import op

revision = "0004recommendations"
down_revision = "0003homeoffice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("national_body", sa.String(length=64), nullable=True),
        sa.Column("national_answer", sa.String(length=32), nullable=True),
        sa.Column("national_answer_on", sa.Date(), nullable=True),
        sa.Column("national_response", sa.Text(), nullable=True),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "number", name="uq_recommendation_number"),
        sa.UniqueConstraint("source_reference"),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_owner_agency"), ["owner_agency"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recommendation_review_id"), ["review_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_recommendation_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_theme"), ["theme"], unique=False)

    op.create_table(
        "recommendation_action",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recommendation_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recommendation_id", "number", name="uq_recommendation_action_number"),
    )
    with op.batch_alter_table("recommendation_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_action_due_on"), ["due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recommendation_action_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )

    op.create_table(
        "training_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_agency", sa.String(length=64), nullable=False),
        sa.Column("planned_for", sa.Date(), nullable=True),
        sa.Column("recommendation_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("training_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_item_theme"), ["theme"], unique=False)

    op.create_table(
        "training_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["training_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_session_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_item_id"))

    op.drop_table("training_session")
    with op.batch_alter_table("training_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_item_theme"))

    op.drop_table("training_item")
    with op.batch_alter_table("recommendation_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_action_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_action_due_on"))

    op.drop_table("recommendation_action")
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_theme"))
        batch_op.drop_index(batch_op.f("ix_recommendation_status"))
        batch_op.drop_index(batch_op.f("ix_recommendation_review_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_owner_agency"))

    op.drop_table("recommendation")
