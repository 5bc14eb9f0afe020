"""The Alembic environment of every service's migrations (see csp_common.migrations)."""

from csp_common.migrations import run_shared_env

run_shared_env()
