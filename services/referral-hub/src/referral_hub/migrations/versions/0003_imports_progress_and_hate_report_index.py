"""imports: progress timestamps and error line; hate reports: index by agency and date

- `import_job.started_at` and `heartbeat_at` (a running job whose heartbeat is old was
  interrupted by a restart and is reported as failed);
- `import_row_error.line`, the line of the file where the bad row starts;
- `ix_hate_report_agency_occurred` for GET /v1/hate-reports (an agency's own reports).

Revision ID: ad53870d23ee
Revises: 8d9309db47bf
Create Date: 2026-11-26 10:34:44.610934
"""

import sqlalchemy as sa
from alembic import op

revision = "ad53870d23ee"
down_revision = "8d9309db47bf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hate_report", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hate_report_agency_occurred", ["reporting_agency", "occurred_at"], unique=False
        )

    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("import_row_error", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_row_error", schema=None) as batch_op:
        batch_op.drop_column("line")

    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("started_at")

    with op.batch_alter_table("hate_report", schema=None) as batch_op:
        batch_op.drop_index("ix_hate_report_agency_occurred")
