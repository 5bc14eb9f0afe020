from sqlmodel import SQLModel

from csp_common import tables  # noqa: F401  (outbox, processed_event, audit_log)
from csp_common.migrations import run_env
from marac import models  # noqa: F401  (registers every marac table)
from marac.tables import MaracTable

run_env([SQLModel.metadata, MaracTable.metadata])  # type: ignore[arg-type]
