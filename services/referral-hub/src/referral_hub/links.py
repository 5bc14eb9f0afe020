"""OpenAPI links: which value of a response the next call takes."""

from csp_common.openapi import Link

_ID = {"referral_id": "$response.body#/id"}
_FIRST_ROUTE = {"route_id": "$response.body#/routes/0/id"}
_ROUTE_PROVIDER = {"provider": "$response.body#/routes/0/provider"}
_VICTIM = {"person_id": "$response.body#/victim/id"}
_JOB = {"job_id": "$response.body#/id"}

LINKS = [
    Link("POST /v1/referrals", "GET /v1/referrals/{referral_id}", _ID),
    Link(
        "POST /v1/referrals",
        "PATCH /v1/referrals/{referral_id}",
        {**_ID, "If-Match": "$response.header.ETag"},
    ),
    Link(
        "GET /v1/referrals",
        "GET /v1/referrals/{referral_id}",
        {"referral_id": "$response.body#/items/0/id"},
    ),
    Link(
        "GET /v1/referrals/{referral_id}",
        "PATCH /v1/referrals/{referral_id}",
        {"referral_id": "$request.path.referral_id", "If-Match": "$response.header.ETag"},
    ),
    Link("POST /v1/referrals", "POST /v1/referrals/{referral_id}/consent", _ID),
    Link("POST /v1/referrals", "GET /v1/referrals/{referral_id}/consent", _ID),
    Link("POST /v1/referrals", "GET /v1/routes/{route_id}", _FIRST_ROUTE),
    Link("POST /v1/referrals", "POST /v1/routes/{route_id}/feedback", _FIRST_ROUTE),
    Link("POST /v1/referrals", "GET /v1/providers/{provider}/inbox", _ROUTE_PROVIDER),
    Link("POST /v1/referrals", "GET /v1/providers/{provider}/deliveries", _ROUTE_PROVIDER),
    Link("POST /v1/referrals", "GET /v1/providers/{provider}/returns", _ROUTE_PROVIDER),
    Link(
        "POST /v1/referrals",
        "PUT /v1/providers/{provider}/returns/{service}/{quarter}",
        {**_ROUTE_PROVIDER, "service": "$response.body#/routes/0/service", "quarter": "2023-24-Q3"},
        description="A return for the service a referral was routed to",
    ),
    Link(
        "PUT /v1/providers/{provider}/returns/{service}/{quarter}",
        "GET /v1/providers/{provider}/returns/{service}/{quarter}",
        {
            "provider": "$response.body#/provider",
            "service": "$response.body#/service",
            "quarter": "$response.body#/quarter",
        },
    ),
    Link(
        "GET /v1/providers/{provider}/inbox",
        "POST /v1/routes/{route_id}/feedback",
        {"route_id": "$response.body#/items/0/route/id"},
    ),
    Link(
        "GET /v1/routes/{route_id}",
        "POST /v1/routes/{route_id}/feedback",
        {"route_id": "$request.path.route_id"},
    ),
    Link(
        "POST /v1/routes/{route_id}/feedback",
        "GET /v1/routes/{route_id}",
        {"route_id": "$request.path.route_id"},
    ),
    Link("POST /v1/referrals", "GET /v1/persons/{person_id}", _VICTIM),
    Link("POST /v1/referrals", "GET /v1/persons/{person_id}/history", _VICTIM),
    Link(
        "POST /v1/referrals",
        "POST /v1/persons/{person_id}/merge",
        _VICTIM,
        request_body={"merge_person_id": "$response.body#/perpetrator/id"},
        description="Merging a referral's victim into its perpetrator is refused",
    ),
    Link(
        "POST /v1/referrals",
        "POST /v1/persons/{person_id}/split",
        _VICTIM,
        request_body={"referral_ids": ["$response.body#/id"], "role": "victim"},
    ),
    Link(
        "POST /v1/hate-reports",
        "GET /v1/hate-reports/{report_id}",
        {"report_id": "$response.body#/id"},
    ),
    Link(
        "GET /v1/hate-reports",
        "GET /v1/hate-reports/{report_id}",
        {"report_id": "$response.body#/items/0/id"},
    ),
    Link("POST /v1/imports/referrals", "GET /v1/imports/{job_id}", _JOB),
    Link("POST /v1/imports/referrals", "GET /v1/imports/{job_id}/errors", _JOB),
    Link("POST /v1/imports/hate-reports", "GET /v1/imports/{job_id}", _JOB),
    Link("POST /v1/imports/hate-reports", "GET /v1/imports/{job_id}/errors", _JOB),
]
