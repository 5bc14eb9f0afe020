"""Read models of commissioned services' performance: routes and their statuses."""

from reporting.columns import code, day, id_column, moment
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
