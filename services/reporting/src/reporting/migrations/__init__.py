"""reporting's revisions, run with the shared env.py and template."""

from pathlib import Path

from csp_common.migrations import ServiceMigrations

MIGRATIONS = ServiceMigrations(
    service="reporting",
    models="reporting.models",
    versions=Path(__file__).parent / "versions",
)
