"""Who may call what: the scopes of reporting's operations, as `Annotated` callers.

A token without the scope is refused with 403 (naming it). The figures hold no personal
data, so every holder of `reports:read` sees every figure; the dashboard's browser
sessions are in `dashboard/sessions.py`.
"""

from typing import Annotated

from csp_common.auth import Caller, require_scopes

ReportReader = Annotated[Caller, require_scopes("reports:read")]
Admin = Annotated[Caller, require_scopes("admin")]
ReportWriter = Annotated[Caller, require_scopes("reports:write")]
"""Writes the committee report's narrative, and sets the status of a priority its agency
owns."""
ReportApprover = Annotated[Caller, require_scopes("reports:approve")]
"""Approves the committee report: freezes it as a dated edition."""
