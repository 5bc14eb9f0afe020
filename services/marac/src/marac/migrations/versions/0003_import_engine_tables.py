"""Import jobs on the service kit's engine: its job and row-error tables

marac's own `import_job` (counts and the first 1,000 row errors in a JSON column) makes
way for the engine's two tables: `import_job` (uuid ids, progress, heartbeat) and
`import_row_error` (`{row, pointer, code, detail}`, paged). Jobs are transient: the
old ones, finished or failed, are not carried over (a file is sent again to resume).

Revision ID: 5c1e0a7d3b92
Revises: 4a7a069de505
Create Date: 2026-12-03 10:05:00
"""

import sqlalchemy as sa
from alembic import op

from marac.imports.models import TABLES

revision = "5c1e0a7d3b92"
down_revision = "4a7a069de505"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("import_job")
    TABLES.create(op.get_bind())


def downgrade() -> None:
    TABLES.drop(op.get_bind())
    op.create_table(
        "import_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("area_limit", sa.String(length=64), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("created_rows", sa.Integer(), nullable=False),
        sa.Column("unchanged_rows", sa.Integer(), nullable=False),
        sa.Column("failed_rows", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("failure", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
