"""Referrals known from referral-hub's events; import files no longer in the database

`referral` and `referral_route` start with what marac already knows: the referrals of
its cases from referral-hub. Import jobs lose `content`: the bytes are cleared before
the column goes (so no row version keeps them), and jobs that were waiting on them end
failed, to be sent again.

Revision ID: 4a7a069de505
Revises: fbec1f749af4
Create Date: 2026-12-02 07:45:26.422859
"""

import sqlalchemy as sa
from alembic import op

revision = "4a7a069de505"
down_revision = "fbec1f749af4"
branch_labels = None
depends_on = None

INTERRUPTED = (
    "interrupted: the service stopped while importing; send the file again "
    "(rows already imported are counted as unchanged)"
)


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("referring_agency", sa.String(length=64), nullable=False),
        sa.Column("victim_id", sa.String(length=36), nullable=False),
        sa.Column("perpetrator_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index("ix_referral_perpetrator", ["perpetrator_id"], unique=False)
        batch_op.create_index("ix_referral_victim", ["victim_id"], unique=False)
    op.create_table(
        "referral_route",
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("referral_id", "provider"),
    )
    op.execute(
        "INSERT INTO referral (id, referring_agency, victim_id, perpetrator_id) "
        "SELECT referral_id, referring_agency, victim_id, perpetrator_id FROM marac_case "
        "WHERE referral_id IS NOT NULL AND source = 'referral-hub'"
    )

    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    jobs = sa.table(
        "import_job",
        sa.column("status", sa.String),
        sa.column("failure", sa.String),
        sa.column("finished_at", sa.DateTime(timezone=True)),
        sa.column("content", sa.LargeBinary),
    )
    op.execute(
        jobs.update()
        .where(jobs.c.status.in_(["queued", "running"]))
        .values(status="failed", failure=INTERRUPTED, finished_at=sa.func.now())
    )
    op.execute(jobs.update().where(jobs.c.content.is_not(None)).values(content=None))
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_column("content")


def downgrade() -> None:
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("failure")
    op.drop_table("referral_route")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_victim")
        batch_op.drop_index("ix_referral_perpetrator")
    op.drop_table("referral")
