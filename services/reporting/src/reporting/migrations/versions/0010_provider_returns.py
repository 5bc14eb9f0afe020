"""Commissioned services' quarterly returns (csp.provider_return.submitted), every
version, in both slots; and the domestic abuse crimes of the published measures

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NAME = "rm_provider_return"
OUTCOMES = ("risk_reduced", "feels_safer", "behaviour_change")


def upgrade() -> None:
    for slot in ("a", "b"):
        op.create_table(
            f"{NAME}_{slot}",
            sa.Column("provider", sa.String(length=64), nullable=False),
            sa.Column("service", sa.String(length=64), nullable=False),
            sa.Column("quarter", sa.String(length=64), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("quarter_start", sa.Date(), nullable=False),
            sa.Column("referrals_received", sa.Integer(), nullable=False),
            sa.Column("self_referrals", sa.Integer(), nullable=False),
            sa.Column("caseload", sa.Integer(), nullable=False),
            sa.Column("closures", sa.Integer(), nullable=False),
            sa.Column("waiting_at_end", sa.Integer(), nullable=False),
            sa.Column("median_wait_days", sa.Float(), nullable=True),
            *[sa.Column(f"outcome_{m}", sa.Integer(), nullable=True) for m in OUTCOMES],
            sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("provider", "service", "quarter", "version"),
            comment="A version of a commissioned service's quarterly return (the highest stands)",
        )
        op.create_index(
            f"ix_{NAME}_{slot}_quarter_start", f"{NAME}_{slot}", ["quarter_start"], unique=False
        )
        with op.batch_alter_table(f"rm_svd_area_measures_{slot}") as batch_op:
            batch_op.add_column(sa.Column("domestic_abuse_crimes", sa.Integer(), nullable=True))


def downgrade() -> None:
    for slot in ("b", "a"):
        with op.batch_alter_table(f"rm_svd_area_measures_{slot}") as batch_op:
            batch_op.drop_column("domestic_abuse_crimes")
        op.drop_index(f"ix_{NAME}_{slot}_quarter_start", table_name=f"{NAME}_{slot}")
        op.drop_table(f"{NAME}_{slot}")
