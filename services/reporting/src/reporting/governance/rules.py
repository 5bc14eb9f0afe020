"""Who may set a priority's status."""

from csp_common.committee_configuration import Priority

STATUSES = ("on_track", "at_risk", "off_track")
STATUS_NAMES = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}


def may_set_status(priority: Priority, *, agency: str) -> bool:
    """The owner sets it: the owning agency, or the agency that leads the owning board or
    group."""
    return priority.owner.agency == agency
