"""Who sees what: scopes say what a caller may do, these rules say on which records.

- a coordinator (`marac:coordinate`) sees the cases and meetings of their MARAC area: the
  token's `area`, or, for a token without one that has `admin`, the area they ask for
  (or every area);
- an agency with `marac:research` sees the cases listed at meetings it is expected at;
- a referring agency (`marac:refer`) sees the cases it referred;
- an importer (`marac:import`) records history: of its token's area, if it names one
  (unless it has `admin`), and in its own agency's name (another's needs `admin`).

A record the caller may not see answers 404, as if it did not exist.
"""

from typing import Annotated

from csp_common.auth import Caller, require_any_scope, require_scopes
from csp_common.errors import Problem
from marac.areas import hub_marac_area
from marac.problems import area_not_visible

COORDINATE = "marac:coordinate"
RESEARCH = "marac:research"
REFER = "marac:refer"
IMPORT = "marac:import"
ADMIN = "admin"
CHRONOLOGY = "dhr:chronology"
"""The CSP team reading a person's history for a Domestic Homicide Review."""
SUBJECT_ACCESS = "persons:sar"
"""referral-hub answering a subject access request: what marac holds about a person."""

Coordinator = Annotated[Caller, require_scopes(COORDINATE)]
Referrer = Annotated[Caller, require_scopes(REFER)]
Researcher = Annotated[Caller, require_scopes(RESEARCH)]
Admin = Annotated[Caller, require_scopes(ADMIN)]
Importer = Annotated[Caller, require_scopes(IMPORT)]
"""Who records the partnership's history (the imports, MATAC's past nominations)."""
ChronologyReader = Annotated[Caller, require_any_scope(CHRONOLOGY, SUBJECT_ACCESS)]
CaseReader = Annotated[Caller, require_any_scope(COORDINATE, RESEARCH, REFER)]
MeetingReader = Annotated[Caller, require_any_scope(COORDINATE, RESEARCH)]


def caller_area(caller: Caller) -> str | None:
    """The MARAC area of the token (a hub area in the claim is read as its MARAC area)."""
    if caller.area is None:
        return None
    return hub_marac_area(caller.area) or caller.area


def coordinator_scope(caller: Caller, requested: str | None) -> str | None:
    """The one area a coordinator's list covers; None means every area (admin, no area)."""
    own = caller_area(caller)
    if own is not None:
        if requested is not None and requested != own:
            raise area_not_visible(requested)
        return own
    if caller.has(ADMIN):
        return requested
    raise Problem(
        403,
        "Forbidden",
        "This token has no area claim: a coordinator's token names its MARAC area, "
        "or has the admin scope to choose one with ?area=.",
        type="no-area",
    )


def coordinates(caller: Caller, area: str) -> bool:
    if not caller.has(COORDINATE):
        return False
    own = caller_area(caller)
    return own == area if own is not None else caller.has(ADMIN)


def may_see_case(
    caller: Caller,
    *,
    marac_area: str,
    listed: bool,
    referring_agency: str,
    expected_agencies: list[str],
) -> bool:
    if coordinates(caller, marac_area):
        return True
    if caller.has(RESEARCH) and listed and caller.agency in expected_agencies:
        return True
    return caller.has(REFER) and caller.agency == referring_agency


def may_see_meeting(caller: Caller, *, marac_area: str, expected_agencies: list[str]) -> bool:
    if coordinates(caller, marac_area):
        return True
    return caller.has(RESEARCH) and caller.agency in expected_agencies


def history_area(caller: Caller, area: str) -> str:
    """The area an importer records history of: 422 if the token is for another area
    (and has no admin scope), as a row of an import is refused."""
    own = None if caller.has(ADMIN) else caller_area(caller)
    if own is not None and area != own:
        raise Problem(422, "Other area", f"Your token is for {own}, not {area}.", type="other-area")
    return area


def history_agency(caller: Caller, agency: str | None) -> str:
    """The agency a record of history is in the name of: the caller's, or another's with
    the admin scope (the partnership's migration of its history)."""
    if agency is None or agency == caller.agency:
        return caller.agency
    if not caller.has(ADMIN):
        raise Problem(
            422,
            "Other agency",
            f"Your token records {caller.agency}'s history only; recording another "
            "agency's needs the admin scope.",
            type="other-agency",
        )
    return agency
