"""svd-fund's revisions, run with the shared env.py and template."""

from pathlib import Path

from csp_common.migrations import ServiceMigrations

MIGRATIONS = ServiceMigrations(
    service="svd-fund", models="svd_fund.models", versions=Path(__file__).parent / "versions"
)
