"""Read models of commissioned services' performance: routes and their statuses, and the
quarterly returns the providers submit."""

from sqlalchemy import Column, Float, Integer

from reporting.columns import code, count, day, id_column, moment
from reporting.read_models import ReadModel

Route = ReadModel(
    "rm_route",
    lambda: [
        id_column("route_id", primary_key=True),
        id_column("referral_id"),
        code("area"),
        code("provider"),
        code("service"),
        moment("routed_at"),
        day("routed_on"),
    ],
    indexes=[("routed_on",)],
    description="A referral routed to a commissioned service; the cohort is routed_on",
)

RouteStatus = ReadModel(
    "rm_route_status",
    lambda: [
        id_column("route_id", primary_key=True),
        code("status", primary_key=True),
        code("area"),
        code("provider"),
        code("service"),
        day("routed_on"),
        moment("routed_at"),
        moment("occurred_at"),
        code("decline_reason", nullable=True),
    ],
    indexes=[("routed_on",)],
    description="A status a route reached (accepted, declined, contacted, engaged, closed)",
)

RouteOutcome = ReadModel(
    "rm_route_outcome",
    lambda: [
        id_column("route_id", primary_key=True),
        code("outcome", primary_key=True),
        code("area"),
        code("provider"),
        code("service"),
        day("routed_on"),
    ],
    indexes=[("routed_on",)],
    description="An outcome recorded when a route closed",
)

RETURN_OUTCOMES = ("risk_reduced", "feels_safer", "behaviour_change")
"""The outcome measures of the providers' returns (csp_common.contracts.provider_returns)."""


def _reported(name: str) -> Column:
    """An outcome measure of a return: null when the provider did not report it."""
    return Column(name, Integer(), nullable=True)


ProviderReturn = ReadModel(
    "rm_provider_return",
    lambda: [
        code("provider", primary_key=True),
        code("service", primary_key=True),
        code("quarter", primary_key=True),
        Column("version", Integer(), primary_key=True, nullable=False),
        day("quarter_start"),
        count("referrals_received"),
        count("self_referrals"),
        count("caseload"),
        count("closures"),
        count("waiting_at_end"),
        Column("median_wait_days", Float(), nullable=True),
        *[_reported(f"outcome_{measure}") for measure in RETURN_OUTCOMES],
    ],
    indexes=[("quarter_start",)],
    description="A version of a commissioned service's quarterly return (the highest stands)",
)
