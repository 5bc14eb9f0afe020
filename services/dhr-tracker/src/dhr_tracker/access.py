"""Who sees which review.

- `dhr:manage` is the partnership's CSP team: every review of its area (the token's
  `area`), or of every area for a token without one. It alone reads the sealed identity
  (with an `X-Purpose`) and checks drafts.
- `dhr:read` is a panel member: the reviews whose panel includes their agency, nothing else.
- `dhr:contribute` is an agency asked for information: its own requests, and the
  recommendations made to it (so an agency knows what it owes), nothing else.

A review or request the caller may not see answers 404, as if it did not exist; a
token with none of the scopes is refused with 403 before anything is looked up.
"""

from typing import Annotated, Any

from csp_common.auth import Caller, require_any_scope, require_scopes
from csp_common.errors import not_found

MANAGE = "dhr:manage"
READ = "dhr:read"
CONTRIBUTE = "dhr:contribute"
SUBJECT_ACCESS = "persons:sar"
"""referral-hub answering a subject access request: what dhr-tracker holds about a person."""

Manager = Annotated[Caller, require_scopes(MANAGE)]
ReviewReader = Annotated[Caller, require_any_scope(MANAGE, READ)]
ContributionCaller = Annotated[Caller, require_any_scope(MANAGE, CONTRIBUTE)]
SubjectAccessReader = Annotated[Caller, require_scopes(SUBJECT_ACCESS)]
AnyDhrCaller = Annotated[Caller, require_any_scope(MANAGE, READ, CONTRIBUTE)]
"""Recommendations: the reviews' managers and panels, and the agency that owns one."""
RETENTION = "records:retention"
RetentionOfficer = Annotated[Caller, require_scopes(RETENTION)]
"""The partnership's data protection team, asking whether a review still needs a person."""

REVIEW_NOT_FOUND = "review"


def manages(caller: Caller, area: str) -> bool:
    return caller.has(MANAGE) and caller.area in (None, area)


def require_managed(caller: Caller, review: Any) -> None:
    """404 unless `caller` manages `review` (a panel member who may read it gets 404 too:
    writing is not theirs, and the 404 tells nothing a 403 would not)."""
    if not manages(caller, review.area):
        raise not_found(REVIEW_NOT_FOUND)
