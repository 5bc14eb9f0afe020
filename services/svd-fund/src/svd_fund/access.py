"""Who sees what.

- `fund:manage` is the fund's team: rounds, every bid, assessors, decisions, grants,
  payments and returns.
- `fund:apply` is an applicant organisation: the token's `agency` claim names its
  account. It registers its organisation, and sees and writes only its own bids, grants
  and returns; any other is answered 404, as if it did not exist.
- `fund:assess` is an assessor (the token's subject): the bids assigned to them, and
  their content only once they have declared no conflict of interest.
- `reports:read` reads the needs assessment's measures.
- `fund:history`, beside an operation's own scope, records the fund's past: a write
  dated by its `X-Occurred-At` header (a round run before the platform, the demo's
  2023/24 round), and a round that has already closed. Given to the partnership's
  migration, never to an organisation's sign-in (docs/svd-fund.md, "Recording history").

A token with none of an operation's scopes is refused with 403 before anything is read.
"""

from typing import Annotated

from csp_common.auth import Caller, require_any_scope, require_scopes

MANAGE = "fund:manage"
APPLY = "fund:apply"
ASSESS = "fund:assess"
REPORTS = "reports:read"
HISTORY = "fund:history"

Manager = Annotated[Caller, require_scopes(MANAGE)]
Applicant = Annotated[Caller, require_scopes(APPLY)]
Assessor = Annotated[Caller, require_scopes(ASSESS)]
BidReader = Annotated[Caller, require_any_scope(MANAGE, APPLY)]
RoundReader = Annotated[Caller, require_any_scope(MANAGE, APPLY, ASSESS)]
MeasuresReader = Annotated[Caller, require_any_scope(REPORTS, MANAGE)]

BID = "bid"
ROUND = "round"
ORGANISATION = "organisation"


def manages(caller: Caller) -> bool:
    return caller.has(MANAGE)
