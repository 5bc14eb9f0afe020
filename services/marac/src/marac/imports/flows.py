"""marac's imports on the service kit's engine: meetings, cases and police incidents.

`POST /v1/imports/{kind}` takes the file; the engine answers a job to poll
(`GET /v1/imports/{id}`) and pages its row errors (`GET /v1/imports/{id}/errors`).
"""

from csp_common.imports import ImportKind, Imports
from marac.access import ADMIN, IMPORT
from marac.imports.models import TABLES
from marac.imports.schemas import (
    CASE_EXAMPLE,
    INCIDENT_EXAMPLE,
    MEETING_EXAMPLE,
    CaseRow,
    IncidentRow,
    MeetingRow,
)
from marac.imports.service import store_cases, store_incidents, store_meetings

IDEMPOTENT = (
    " Each row is idempotent by its `source_reference`: importing a file again imports "
    "nothing twice (those rows are counted as skipped), and original dates are kept, "
    "the events' too."
)

MEETINGS = ImportKind(
    name="meetings",
    model=MeetingRow,
    store=store_meetings,
    summary="Import historical MARAC and MATAC meetings",
    description=(
        "Scope `marac:import`. A token that names an area imports that area's meetings "
        "only (unless it has `admin`). Import meetings before the cases heard at them, "
        "in date order: escalations are evaluated meeting by meeting." + IDEMPOTENT
    ),
    analyze=("meeting", "attendance"),
    example=MEETING_EXAMPLE,
)
CASES = ImportKind(
    name="cases",
    model=CaseRow,
    store=store_cases,
    summary="Import historical MARAC cases",
    description=(
        "Scope `marac:import`. A case's `referring_agency` is your agency's, unless your "
        "token has `admin` (the partnership's migration of its history, audited case by "
        "case). A case's `referral_id`, if any, must be a referral that agency made or was "
        "sent, about the same victim, as for `POST /v1/cases`: any other is refused as a "
        "referral that does not exist. `meeting_reference` names an imported meeting." + IDEMPOTENT
    ),
    analyze=("marac_case",),
    example=CASE_EXAMPLE,
)
INCIDENTS = ImportKind(
    name="incidents",
    model=IncidentRow,
    store=store_incidents,
    summary="Import police incidents for MATAC",
    description=(
        "Scope `marac:import`. Police data: each incident's suspect (`subject_id`), victim, "
        "date and gravity feed the MATAC RFGV ranking." + IDEMPOTENT
    ),
    analyze=("matac_incident",),
    example=INCIDENT_EXAMPLE,
)

IMPORTS = Imports(
    tables=TABLES,
    kinds=[MEETINGS, CASES, INCIDENTS],
    scope=IMPORT,
    admin_scope=ADMIN,
    max_bytes=lambda settings: settings.max_import_bytes,
    chunk_rows=lambda settings: settings.import_chunk_rows,
)
