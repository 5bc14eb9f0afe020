"""A refused or forced rebuild's shortfall in rows per source, not a JSON document (no
column of reporting's could hold free text)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    shortfall = op.create_table(
        "rebuild_shortfall",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("read", sa.BigInteger(), nullable=False),
        sa.Column("applied", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["rebuild_job.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", "source"),
    )
    jobs = sa.table("rebuild_job", sa.column("id", sa.String), sa.column("shortfall", sa.JSON))
    bind = op.get_bind()
    rows = [
        {"job_id": job_id, "source": source, "read": int(c["read"]), "applied": int(c["applied"])}
        for job_id, document in bind.execute(
            sa.select(jobs.c.id, jobs.c.shortfall).where(jobs.c.shortfall.is_not(None))
        )
        for source, c in (document or {}).items()
    ]
    if rows:
        op.bulk_insert(shortfall, rows)
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.drop_column("shortfall")


def downgrade() -> None:
    with op.batch_alter_table("rebuild_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shortfall", sa.JSON(), nullable=True))
    op.drop_table("rebuild_shortfall")
