"""Who may call what: the scopes of referral-hub's operations, as `Annotated` callers.

A token without the scope is refused with 403 (naming it) before anything is looked up;
a record the caller may not see answers 404, as if it did not exist (the services'
`visible_to` conditions decide which).
"""

from typing import Annotated

from fastapi import Path

from csp_common.auth import Caller, require_any_scope, require_scopes
from csp_common.errors import Problem

CHRONOLOGY = "dhr:chronology"
"""The CSP team reading a person's history for a Domestic Homicide Review."""

SUBJECT_ACCESS = "persons:sar"
"""The partnership's data protection team answering a subject access request."""

ChronologyReader = Annotated[Caller, require_scopes(CHRONOLOGY)]
SubjectAccessOfficer = Annotated[Caller, require_scopes(SUBJECT_ACCESS)]
Reviewer = Annotated[Caller, require_scopes("persons:review")]
Referrer = Annotated[Caller, require_scopes("referrals:write")]
ReferralReader = Annotated[Caller, require_scopes("referrals:read")]
ProviderCaller = Annotated[Caller, require_scopes("provider:feedback")]
ReturnsCaller = Annotated[Caller, require_scopes("provider:returns")]
RouteReader = Annotated[Caller, require_any_scope("provider:feedback", "referrals:read")]
HateReporter = Annotated[Caller, require_scopes("hate-reports:write")]
HateReader = Annotated[
    Caller, require_any_scope("hate-reports:write", "hate-reports:read", "admin")
]
ImportCaller = Annotated[Caller, require_scopes("referrals:import")]
RETENTION = "records:retention"
RetentionOfficer = Annotated[Caller, require_scopes(RETENTION)]
"""The partnership's data protection team: the retention dry run and erasure requests."""
HUBS_WRITE = "hubs:write"
HUBS_READ = "hubs:read"
HUBS_COORDINATE = "hubs:coordinate"
HubWriter = Annotated[Caller, require_scopes(HUBS_WRITE)]
"""Hub staff (with an `area` claim naming their hub) and partners working a hub case."""
HubReader = Annotated[Caller, require_scopes(HUBS_READ)]
HubLister = Annotated[Caller, require_any_scope(HUBS_READ, HUBS_COORDINATE)]
HubReferrer = Annotated[Caller, require_scopes(HUBS_WRITE, "referrals:write")]
"""Hub staff referring a hub case's victim into the referral flow."""
HubCoordinator = Annotated[Caller, require_scopes(HUBS_COORDINATE)]
"""A hub's coordinator (an `area` claim naming the hub): its lists and dashboard."""
ProviderCode = Annotated[
    str,
    Path(description="Your agency code (the token's `agency`)", max_length=100, examples=["idas"]),
]


def require_own_provider(provider: str, caller: Caller) -> None:
    """A provider is an agency: its inbox and delivery log are its own, 404 for others."""
    if provider != caller.agency:
        raise Problem(
            404, "Not found", "No provider with that code is visible to you.", type="not-found"
        )
