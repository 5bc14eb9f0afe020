"""OpenAPI links of the hubs' operations: which value of a response the next call takes."""

from csp_common.openapi import Link

_CASE = {"case_id": "$response.body#/id"}
_SAME_CASE = {"case_id": "$request.path.case_id"}
_REVIEW = {"review_id": "$response.body#/id"}
OPEN = "POST /v1/hub-cases"
APPLY = "POST /v1/case-reviews"

HUB_LINKS = [
    Link(OPEN, "GET /v1/hub-cases/{case_id}", _CASE),
    Link(
        "GET /v1/hub-cases",
        "GET /v1/hub-cases/{case_id}",
        {"case_id": "$response.body#/items/0/id"},
    ),
    *(
        Link(OPEN, f"{method} /v1/hub-cases/{{case_id}}/{tail}", _CASE)
        for method, tail in (
            ("POST", "incidents"),
            ("POST", "closure"),
            ("POST", "risk-assessments"),
            ("POST", "referral"),
            ("PUT", "plan"),
            ("POST", "plan/actions"),
            ("POST", "interventions"),
        )
    ),
    Link(
        OPEN,
        "POST /v1/hub-cases/{case_id}/links",
        _CASE,
        request_body={"case_id": "$response.body#/id"},
        description="Linking a case to itself is refused",
    ),
    Link(
        "POST /v1/hub-cases/{case_id}/plan/actions",
        "POST /v1/hub-cases/{case_id}/plan/actions/{action_id}/completion",
        {**_SAME_CASE, "action_id": "$response.body#/id"},
    ),
    Link(
        "POST /v1/hub-cases/{case_id}/interventions",
        "POST /v1/hub-cases/{case_id}/interventions/{intervention_id}/breaches",
        {**_SAME_CASE, "intervention_id": "$response.body#/id"},
    ),
    Link(OPEN, APPLY, {}, request_body={"case_id": "$response.body#/id"}),
    *(
        Link(APPLY, f"{method} /v1/case-reviews/{{review_id}}{tail}", _REVIEW)
        for method, tail in (
            ("GET", ""),
            ("POST", "/acknowledgement"),
            ("POST", "/threshold-decision"),
            ("POST", "/review"),
            ("POST", "/appeal"),
        )
    ),
]
