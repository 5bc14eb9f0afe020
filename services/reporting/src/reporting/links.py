"""OpenAPI links: which value of a response the next call takes."""

from csp_common.openapi import Link

LINKS = [
    Link(
        "POST /v1/admin/rebuilds",
        "GET /v1/admin/rebuilds/{job_id}",
        {"job_id": "$response.body#/id"},
    ),
    Link(
        "GET /v1/admin/rebuilds",
        "GET /v1/admin/rebuilds/{job_id}",
        {"job_id": "$response.body#/0/id"},
    ),
]
