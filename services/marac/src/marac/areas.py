"""The partnership's areas and agencies, as marac reads them: MARAC area codes, the hub
areas each covers, agencies and their kind. Pure look-ups of the partnership file; a
code that is not the partnership's is a 422 saying what to send.
"""

from csp_common.partnership import Partnership, load_partnership
from marac.problems import unknown_agency, unknown_area


def partnership() -> Partnership:
    return load_partnership()


def marac_areas() -> list[str]:
    return partnership().marac_area_codes


def check_marac_area(code: str, *, field: str = "area") -> str:
    """The code if it is a MARAC area of the partnership, else a 422 saying what to send."""
    config = partnership()
    if code in config.marac_area_codes:
        return code
    hub = config.area(code)
    hint = (
        f"{code} is a community safety hub area; its MARAC area is {hub.marac_area}."
        if hub
        else f"Known MARAC areas: {', '.join(config.marac_area_codes)}."
    )
    raise unknown_area(f"{field}: {code!r} is not a MARAC area of this partnership. {hint}")


def check_agency(code: str, *, field: str = "agency") -> str:
    if partnership().agency(code) is None:
        known = ", ".join(a.code for a in partnership().agencies)
        raise unknown_agency(
            f"{field}: {code!r} is not an agency of this partnership. Known: {known}."
        )
    return code


def referrer_kind(agency: str) -> str:
    known = partnership().agency(agency)
    return "police" if known is not None and known.kind == "police" else "partner"


def hub_marac_area(hub_area: str) -> str | None:
    area = partnership().area(hub_area)
    return area.marac_area if area else None
