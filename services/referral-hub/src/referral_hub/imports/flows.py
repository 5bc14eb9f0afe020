"""referral-hub's imports on the service kit's engine: referrals, hate reports, hub cases
and providers' reports on their routes.

`POST /v1/imports/referrals` and `POST /v1/imports/hate-reports` take the file; the
engine answers a job to poll (`GET /v1/imports/{id}`) and pages its row errors
(`GET /v1/imports/{id}/errors`).
"""

from csp_common.imports import ImportKind, Imports
from referral_hub.imports.hub_cases import HUB_CASES
from referral_hub.imports.models import TABLES
from referral_hub.imports.route_feedback import ROUTE_FEEDBACK
from referral_hub.imports.schemas import (
    HATE_REPORT_COLUMNS,
    HATE_REPORT_EXAMPLE,
    REFERRAL_COLUMNS,
    REFERRAL_EXAMPLE,
    HateReportImportRow,
    ReferralImportRow,
)
from referral_hub.imports.service import (
    MIGRATION_SCOPE,
    ON_BEHALF,
    store_hate_reports,
    store_referrals,
)

IMPORT_SCOPE = "referrals:import"
ADMIN_SCOPE = "admin"

DELEGATION = (
    "\n\nThe importing agency is the token's `agency`: `{column}` may be left empty or be "
    "that agency. Importing {records} in another partnership agency's name is a "
    f"delegation: it needs the scope `{MIGRATION_SCOPE}` as well (granted to the CSP team "
    "for migrations), and each such record is audited twice, as `import` and as "
    f"`{ON_BEHALF}` with the agency it was imported for. Without the scope such a row "
    "is refused with a row error (code `forbidden`); the rest of the file is imported."
)

REFERRALS = ImportKind(
    name="referrals",
    model=ReferralImportRow,
    store=store_referrals,
    columns=REFERRAL_COLUMNS,
    summary="Import referrals from a CSV, NDJSON or XLSX file",
    description=(
        "Scope `referrals:import`. Each row is a `ReferralIn` plus `source_reference` "
        "(required: a row already imported by the same referring agency is skipped), "
        "`referring_agency` and `received_at` (the original date and time, kept; without "
        "an offset, UK time; default: the incident date at 09:00 UK time). Rows go through "
        "the same risk, repeat and routing rules as `POST /v1/referrals`; imported "
        "referrals are not sent to providers' webhooks unless the service's "
        "`import_sends_webhooks` setting is on."
        + DELEGATION.format(column="referring_agency", records="referrals")
    ),
    analyze=("referral", "person_key"),
    example=REFERRAL_EXAMPLE,
)
HATE_REPORTS = ImportKind(
    name="hate-reports",
    model=HateReportImportRow,
    store=store_hate_reports,
    columns=HATE_REPORT_COLUMNS,
    summary="Import hate reports from a CSV, NDJSON or XLSX file",
    description=(
        "Scope `referrals:import`. Each row is a `HateReportIn` plus `source_reference` "
        "(required: a row already imported, or recorded through the API, by the same "
        "agency is skipped) and `reporting_agency`. `occurred_at` without an offset is UK "
        "time." + DELEGATION.format(column="reporting_agency", records="reports")
    ),
    analyze=("hate_report",),
    example=HATE_REPORT_EXAMPLE,
)

IMPORTS = Imports(
    tables=TABLES,
    kinds=[REFERRALS, HATE_REPORTS, HUB_CASES, ROUTE_FEEDBACK],
    scope=IMPORT_SCOPE,
    admin_scope=ADMIN_SCOPE,
    max_bytes=lambda settings: settings.import_max_bytes,
)
