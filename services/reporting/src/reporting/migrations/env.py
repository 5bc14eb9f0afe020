from sqlmodel import SQLModel

from csp_common.migrations import run_env
from reporting import models  # noqa: F401  (registers every table)

run_env(SQLModel.metadata)
