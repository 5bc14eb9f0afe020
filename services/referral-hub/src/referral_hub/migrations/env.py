from csp_common.migrations import run_env
from referral_hub import models  # noqa: F401  (registers every table)
from sqlmodel import SQLModel

run_env(SQLModel.metadata)
