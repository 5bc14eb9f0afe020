"""The tables of a service's import jobs: the job (counts, progress) and its row errors.

Each service makes them in its own metadata, so they sit beside its domain tables and
its migrations create them (`tables.create(op.get_bind())` in a migration). Never the
file: it is spooled outside the database while the job runs.
"""

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
)
from sqlalchemy.engine import Connection

from csp_common.imports.rows import MAX_CODE, MAX_DETAIL, MAX_POINTER
from csp_common.tables import UtcDateTime

MAX_FAILURE = 300


@dataclass(frozen=True)
class ImportTables:
    jobs: Table
    row_errors: Table

    def create(self, bind: Connection) -> None:
        """Create both tables (from a migration: `tables.create(op.get_bind())`)."""
        self.jobs.create(bind)
        self.row_errors.create(bind)

    def drop(self, bind: Connection) -> None:
        self.row_errors.drop(bind)
        self.jobs.drop(bind)


def import_tables(
    metadata: MetaData, *, jobs: str = "import_job", row_errors: str = "import_row_error"
) -> ImportTables:
    """The import tables of one service, in its `metadata`."""
    job_table = Table(
        jobs,
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("kind", String(40), nullable=False),
        Column("format", String(10), nullable=False),
        Column("status", String(16), nullable=False),
        Column("agency", String(100), nullable=False, index=True),
        Column("submitted_by", String(200), nullable=False),
        Column("rows_total", Integer),
        Column("rows_processed", Integer, nullable=False),
        Column("rows_imported", Integer, nullable=False),
        Column("rows_skipped", Integer, nullable=False),
        Column("rows_failed", Integer, nullable=False),
        Column("errors_stored", Integer, nullable=False),
        Column("errors_dropped", Integer, nullable=False),
        Column("bytes_total", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
        Column("progress", Float, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("started_at", UtcDateTime()),
        Column("heartbeat_at", UtcDateTime()),
        Column("finished_at", UtcDateTime()),
        Column("failure", String(MAX_FAILURE)),
    )
    error_table = Table(
        row_errors,
        metadata,
        Column(
            "job_id",
            Uuid,
            ForeignKey(job_table.c.id, ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("row_number", Integer, primary_key=True),
        Column("seq", Integer, primary_key=True),
        Column("pointer", String(MAX_POINTER), nullable=False),
        Column("code", String(MAX_CODE), nullable=False),
        Column("detail", String(MAX_DETAIL), nullable=False),
    )
    return ImportTables(jobs=job_table, row_errors=error_table)
