"""providers: index the delivery log by provider and creation time

GET /v1/providers/{provider}/deliveries lists a provider's deliveries newest first.

Revision ID: 8d9309db47bf
Revises: 7586fd817e10
Create Date: 2026-11-26 10:33:13.002486
"""

from alembic import op

revision = "8d9309db47bf"
down_revision = "7586fd817e10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_delivery_provider_created", ["provider", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_delivery_provider_created")
