"""The operations of every installed service and the parties of the auth matrix."""

import json

from csp_common.partnership import load_partnership
from csp_devtools.kits.auth.operations import operations
from csp_devtools.kits.auth.records import Principal
from csp_devtools.testing.platform import installed_services

DOCUMENTS = {service.name: service.openapi() for service in installed_services()}
OPERATIONS = [op for name, document in DOCUMENTS.items() for op in operations(name, document)]
ALL_SCOPES = tuple(sorted(set().union(*(op.scopes for op in OPERATIONS))))

OWNER = Principal("north-yorkshire-police", ALL_SCOPES)
"""Makes the records: every scope, `admin` included, and no area (so every area)."""

OUTSIDER = Principal("pfcc", (), area="hambleton")
"""An agency of the partnership that none of the records concern, in an area none of
them is in; given exactly the scopes an operation needs."""

LEGITIMATE = [
    OWNER,
    *(
        Principal(agency.code, ALL_SCOPES)
        for agency in load_partnership().agencies
        if agency.kind == "provider"
    ),
]
"""Parties that may see a record: the owner, or the provider it was routed to."""

PUBLIC = {"GET /healthz", "GET /readyz"}
"""Operations that need no token: health checks for the orchestrator."""

BODIES: dict[str, object] = {
    "referral-hub POST /v1/imports/referrals": json.dumps({"source_reference": "SEC-1"}) + "\n",
    "referral-hub POST /v1/imports/hate-reports": json.dumps({"source_reference": "SEC-1"}) + "\n",
    **{
        f"marac POST /v1/imports/{kind}": json.dumps({"source_reference": "SEC-1"}) + "\n"
        for kind in ("meetings", "cases", "incidents")
    },
    **{
        f"dhr-tracker POST /v1/imports/{kind}": json.dumps({"source_reference": "SEC-1"}) + "\n"
        for kind in ("reviews", "recommendations")
    },
}
"""Bodies of operations whose document has no example (an import file is any text)."""
