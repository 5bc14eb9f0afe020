"""The import engine: a service's bulk imports of CSV, NDJSON or XLSX files as jobs.

A service supplies, per kind of import, a row model (a pydantic model that forbids
extra fields) and a store function; the engine does the rest: the upload spooled
outside the database, the header checked before a job is made, the rows read a line or
a sheet row at a time, validated, stored a chunk a transaction with the job's progress,
and refused rows reported as `{"row", "pointer", "code", "detail"}`. See
docs/service-kit.md, "Imports".
"""

from csp_common.imports.columns import Columns, FileRefused
from csp_common.imports.engine import Imports
from csp_common.imports.flows import (
    ROW_FAULTS,
    ImportContext,
    ImportKind,
    ImportRunner,
    Job,
    StoreRows,
)
from csp_common.imports.models import ImportTables, import_tables
from csp_common.imports.readers import FORMATS, FileFormat, read_file
from csp_common.imports.rows import (
    IMPORTED,
    SKIPPED,
    Issue,
    Outcome,
    ValidRow,
    refused,
    unstorable,
)
from csp_common.imports.schemas import ImportJobOut, RowErrorOut, RowErrorPage

__all__ = [
    "FORMATS",
    "IMPORTED",
    "ROW_FAULTS",
    "SKIPPED",
    "Columns",
    "FileFormat",
    "FileRefused",
    "ImportContext",
    "ImportJobOut",
    "ImportKind",
    "ImportRunner",
    "ImportTables",
    "Imports",
    "Issue",
    "Job",
    "Outcome",
    "RowErrorOut",
    "RowErrorPage",
    "StoreRows",
    "ValidRow",
    "import_tables",
    "read_file",
    "refused",
    "unstorable",
]
