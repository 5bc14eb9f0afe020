from sqlmodel import SQLModel

from csp_common.migrations import run_env
from csp_devtools.kits.probe import probe  # noqa: F401  (registers the tables)

run_env(SQLModel.metadata)
