"""OpenAPI links: which value of a response the next call takes."""

from csp_common.openapi import Link

_CASE = {"case_id": "$response.body#/id"}
_EXPORT = {"export_id": "$response.body#/id"}
_CASE_MEETING = {"meeting_id": "$response.body#/meeting_id"}
_MEETING = {"meeting_id": "$response.body#/id"}
_NOMINATION = {"nomination_id": "$response.body#/id"}
_MEETING_OPERATIONS = [
    "GET /v1/meetings/{meeting_id}",
    "GET /v1/meetings/{meeting_id}/case-list",
    "GET /v1/meetings/{meeting_id}/pack",
    "GET /v1/meetings/{meeting_id}/attendance",
    "GET /v1/meetings/{meeting_id}/research-status",
    "PUT /v1/meetings/{meeting_id}/record",
    "POST /v1/meetings/{meeting_id}/cancellation",
]
_NOMINATION_OPERATIONS = [
    "GET /v1/matac/nominations/{nomination_id}",
    "POST /v1/matac/nominations/{nomination_id}/interventions",
    "GET /v1/matac/nominations/{nomination_id}/interventions",
    "POST /v1/matac/nominations/{nomination_id}/exit",
]

LINKS = [
    Link("POST /v1/cases", "GET /v1/cases/{case_id}", _CASE),
    Link("POST /v1/cases", "POST /v1/cases/{case_id}/transfer", _CASE),
    Link("POST /v1/cases", "POST /v1/cases/{case_id}/close", _CASE),
    Link("POST /v1/cases", "POST /v1/cases/{case_id}/exports", _CASE),
    Link("POST /v1/cases/{case_id}/exports", "GET /v1/case-exports/{export_id}", _EXPORT),
    Link(
        "POST /v1/cases/{case_id}/exports",
        "POST /v1/case-exports/{export_id}/receipt",
        _EXPORT,
        request_body={
            "package_id": "$response.body#/id",
            "received_by_partnership": "$response.body#/to_partnership",
            "received_on": "2026-12-07",
            "case_reference": "received-case",
        },
        description="The receiving partnership's receipt of the package",
    ),
    Link("GET /v1/cases", "GET /v1/cases/{case_id}", {"case_id": "$response.body#/items/0/id"}),
    Link(
        "POST /v1/cases",
        "PUT /v1/meetings/{meeting_id}/cases/{case_id}/research",
        {**_CASE_MEETING, **_CASE},
        description="Research on the case for the meeting it is listed at",
    ),
    Link(
        "POST /v1/cases",
        "PUT /v1/meetings/{meeting_id}/record",
        _CASE_MEETING,
        request_body={"cases": [{"case_id": "$response.body#/id"}]},
        description="The record of the meeting the case is listed at, hearing the case",
    ),
    Link("POST /v1/cases", "GET /v1/meetings/{meeting_id}/case-list", _CASE_MEETING),
    Link("POST /v1/cases", "GET /v1/meetings/{meeting_id}/pack", _CASE_MEETING),
    *(Link("POST /v1/meetings", target, _MEETING) for target in _MEETING_OPERATIONS),
    Link(
        "GET /v1/meetings",
        "GET /v1/meetings/{meeting_id}",
        {"meeting_id": "$response.body#/items/0/id"},
    ),
    Link(
        "PUT /v1/meetings/{meeting_id}/record",
        "GET /v1/actions",
        {"case_id": "$request.body#/cases/0/case_id"},
        description="The actions agreed for the case heard",
    ),
    Link(
        "GET /v1/actions",
        "GET /v1/actions/{action_id}",
        {"action_id": "$response.body#/items/0/id"},
    ),
    Link(
        "GET /v1/actions",
        "POST /v1/actions/{action_id}/completion",
        {"action_id": "$response.body#/items/0/id"},
    ),
    Link(
        "PUT /v1/meetings/{meeting_id}/record",
        "GET /v1/escalations",
        {"area": "$response.body#/meeting/area"},
        description="Escalations the meeting raised in its area",
    ),
    Link(
        "GET /v1/escalations",
        "POST /v1/escalations/{escalation_id}/resolution",
        {"escalation_id": "$response.body#/items/0/id"},
    ),
    *(Link("POST /v1/matac/nominations", target, _NOMINATION) for target in _NOMINATION_OPERATIONS),
    *(
        Link(
            "POST /v1/matac/nominations/from-ranking",
            target,
            {"nomination_id": "$response.body#/0/id"},
        )
        for target in _NOMINATION_OPERATIONS
    ),
    Link(
        "GET /v1/matac/nominations",
        "GET /v1/matac/nominations/{nomination_id}",
        {"nomination_id": "$response.body#/items/0/id"},
    ),
    *(
        Link(f"POST /v1/imports/{kind}", target, {"job_id": "$response.body#/id"})
        for kind in ("meetings", "cases", "incidents")
        for target in ("GET /v1/imports/{job_id}", "GET /v1/imports/{job_id}/errors")
    ),
    Link(
        "GET /v1/config/areas",
        "PUT /v1/config/areas/{area}",
        {"area": "$response.body#/0/marac_area"},
    ),
]
