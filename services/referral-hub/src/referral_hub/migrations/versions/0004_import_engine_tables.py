"""Import jobs on the service kit's engine: its job and row-error tables

referral-hub's own `import_job` (progress in bytes) and `import_row_error` (one row a
refused row, its errors in a JSON list with a CSV column each) make way for the
engine's two tables: `import_job` (progress 0 to 1, errors kept and dropped) and
`import_row_error` (one row an error: `{row, pointer, code, detail}`, paged).

The jobs and their errors are carried over: progress becomes the share of bytes read,
each error of a row one engine row error (at most 20 a row, as the engine keeps), and a
job that was still queued or running fails as interrupted (its file went with the
process that held it). The old CSV column and the row's source reference are not kept:
the pointer says where the error is.

Revision ID: ec3e76370d4e
Revises: ad53870d23ee
Create Date: 2026-12-03 11:10:00
"""

import sqlalchemy as sa
from alembic import op

from csp_common.imports import Issue
from csp_common.imports.rows import MAX_ISSUES_PER_ROW
from referral_hub.imports.models import TABLES

revision = "ec3e76370d4e"
down_revision = "ad53870d23ee"
branch_labels = None
depends_on = None

OLD_JOBS = "import_job_0003"
OLD_ERRORS = "import_row_error_0003"
INTERRUPTED = (
    "interrupted: the service stopped while importing; re-submit the file "
    "(rows already imported are skipped)"
)
BATCH = 1000

old_jobs = sa.table(
    OLD_JOBS,
    *(
        sa.column(name)
        for name in (
            "id", "kind", "format", "status", "agency", "submitted_by", "rows_total",
            "rows_processed", "rows_imported", "rows_skipped", "rows_failed", "bytes_total",
            "bytes_processed", "created_at", "started_at", "heartbeat_at", "finished_at",
            "failure",
        )
    ),
)  # fmt: skip
old_errors = sa.table(
    OLD_ERRORS,
    sa.column("job_id", sa.Uuid),
    sa.column("row_number", sa.Integer),
    sa.column("errors", sa.JSON),
)


def upgrade() -> None:
    bind = op.get_bind()
    # Plain copies (no constraints or indexes, whose names the new tables take).
    op.execute("CREATE TABLE import_job_0003 AS SELECT * FROM import_job")
    op.execute("CREATE TABLE import_row_error_0003 AS SELECT * FROM import_row_error")
    op.drop_table("import_row_error")
    with op.batch_alter_table("import_job") as batch_op:
        batch_op.drop_index("ix_import_job_agency")
    op.drop_table("import_job")
    TABLES.create(bind)
    _copy_jobs(bind)
    _copy_errors(bind)
    op.drop_table(OLD_ERRORS)
    op.drop_table(OLD_JOBS)


def _copy_jobs(bind: sa.Connection) -> None:
    o = old_jobs.c
    active = o.status.in_(("queued", "running"))
    progress = sa.case(
        (o.status == "completed", 1.0),
        (o.bytes_total > 0, sa.cast(o.bytes_processed, sa.Float) / o.bytes_total),
        else_=0.0,
    )
    columns = {
        "id": o.id,
        "kind": o.kind,
        "format": o.format,
        "status": sa.case((active, "failed"), else_=o.status),
        "agency": o.agency,
        "submitted_by": o.submitted_by,
        "rows_total": o.rows_total,
        "rows_processed": o.rows_processed,
        "rows_imported": o.rows_imported,
        "rows_skipped": o.rows_skipped,
        "rows_failed": o.rows_failed,
        "errors_stored": sa.literal(0),
        "errors_dropped": sa.literal(0),
        "bytes_total": o.bytes_total,
        "progress": progress,
        "created_at": o.created_at,
        "started_at": o.started_at,
        "heartbeat_at": o.heartbeat_at,
        "finished_at": sa.case(
            (active, sa.func.coalesce(o.heartbeat_at, o.created_at)), else_=o.finished_at
        ),
        "failure": sa.case((active, INTERRUPTED), else_=o.failure),
    }
    bind.execute(
        sa.insert(TABLES.jobs).from_select(
            list(columns), sa.select(*(value.label(name) for name, value in columns.items()))
        )
    )


def _copy_errors(bind: sa.Connection) -> None:
    """Each error of an old row error as one engine row error, a batch at a time."""
    after: tuple[object, int] | None = None
    counts: dict[object, tuple[int, int]] = {}
    while True:
        statement = sa.select(old_errors).order_by(old_errors.c.job_id, old_errors.c.row_number)
        if after is not None:
            statement = statement.where(
                sa.tuple_(old_errors.c.job_id, old_errors.c.row_number) > sa.tuple_(*after)
            )
        rows = bind.execute(statement.limit(BATCH)).all()
        if not rows:
            break
        records = []
        for row in rows:
            items = [item for item in row.errors or () if isinstance(item, dict)]
            items = items or [{"pointer": "#", "code": "invalid", "detail": "refused"}]
            kept = items[:MAX_ISSUES_PER_ROW]
            stored, dropped = counts.get(row.job_id, (0, 0))
            counts[row.job_id] = (stored + len(kept), dropped + len(items) - len(kept))
            for seq, item in enumerate(kept):
                issue = Issue(
                    str(item.get("pointer") or "#"),
                    str(item.get("code") or "invalid"),
                    str(item.get("detail") or "refused"),
                )
                records.append(
                    {
                        "job_id": row.job_id,
                        "row_number": row.row_number,
                        "seq": seq,
                        "pointer": issue.pointer,
                        "code": issue.code,
                        "detail": issue.detail,
                    }
                )
        bind.execute(sa.insert(TABLES.row_errors), records)
        after = (rows[-1].job_id, rows[-1].row_number)
    jobs = TABLES.jobs
    for job_id, (stored, dropped) in counts.items():
        bind.execute(
            sa.update(jobs)
            .where(jobs.c.id == job_id)
            .values(errors_stored=stored, errors_dropped=dropped)
        )


def downgrade() -> None:
    # Jobs are transient: the old tables come back empty (a file is sent again to resume).
    TABLES.drop(op.get_bind())
    op.create_table(
        "import_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_processed", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("rows_failed", sa.Integer(), nullable=False),
        sa.Column("bytes_total", sa.Integer(), nullable=False),
        sa.Column("bytes_processed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_job") as batch_op:
        batch_op.create_index("ix_import_job_agency", ["agency"], unique=False)
    op.create_table(
        "import_row_error",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("source_reference", sa.String(length=100), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_job.id"]),
        sa.PrimaryKeyConstraint("job_id", "row_number"),
    )
