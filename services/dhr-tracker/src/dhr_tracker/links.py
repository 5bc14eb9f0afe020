"""OpenAPI links: which value of a response the next call takes (partners' tools, the
auth matrix and stateful fuzzing follow them to records that exist)."""

from csp_common.openapi import Link

_REVIEW = {"review_id": "$response.body#/id"}
_SAME_REVIEW = {"review_id": "$request.path.review_id"}
_CONTRIBUTION = {"contribution_id": "$response.body#/id"}
_SAME_CONTRIBUTION = {"contribution_id": "$request.path.contribution_id"}

REVIEW_OPERATIONS = [
    "GET /v1/reviews/{review_id}",
    "POST /v1/reviews/{review_id}/transitions",
    "GET /v1/reviews/{review_id}/transitions",
    "POST /v1/reviews/{review_id}/pauses",
    "GET /v1/reviews/{review_id}/pauses",
    "POST /v1/reviews/{review_id}/panel",
    "GET /v1/reviews/{review_id}/panel",
    "POST /v1/reviews/{review_id}/contributions",
    "PUT /v1/reviews/{review_id}/sealed-identity",
    "GET /v1/reviews/{review_id}/chronology",
    "POST /v1/reviews/{review_id}/family-log",
    "GET /v1/reviews/{review_id}/family-log",
    "GET /v1/reviews/{review_id}/home-office",
    "POST /v1/reviews/{review_id}/home-office/decision-answer",
    "POST /v1/reviews/{review_id}/recipients",
    "POST /v1/reviews/{review_id}/recommendations",
]
"""Operations on a review that its notification leads to (more are added by each domain)."""


def review_links(operations: list[str]) -> list[Link]:
    return [Link("POST /v1/reviews", target, _REVIEW) for target in operations]


_RECOMMENDATION = {"recommendation_id": "$response.body#/id"}
_RECOMMENDATION_OPERATIONS = [
    "GET /v1/recommendations/{recommendation_id}",
    "POST /v1/recommendations/{recommendation_id}/status",
    "POST /v1/recommendations/{recommendation_id}/actions",
    "POST /v1/recommendations/{recommendation_id}/national-answer",
]
_ITEM = {"item_id": "$response.body#/id"}

LINKS = [
    *review_links(REVIEW_OPERATIONS),
    Link(
        "GET /v1/reviews",
        "GET /v1/reviews/{review_id}",
        {"review_id": "$response.body#/items/0/id"},
    ),
    Link(
        "POST /v1/reviews/{review_id}/pauses",
        "POST /v1/reviews/{review_id}/pauses/{pause_id}/end",
        {**_SAME_REVIEW, "pause_id": "$response.body#/id"},
    ),
    Link(
        "PUT /v1/reviews/{review_id}/sealed-identity",
        "GET /v1/reviews/{review_id}/sealed-identity",
        _SAME_REVIEW,
    ),
    Link(
        "POST /v1/reviews/{review_id}/contributions",
        "GET /v1/contributions/{contribution_id}",
        _CONTRIBUTION,
    ),
    Link(
        "POST /v1/reviews/{review_id}/contributions",
        "POST /v1/contributions/{contribution_id}/receipt",
        _CONTRIBUTION,
    ),
    Link(
        "POST /v1/contributions/{contribution_id}/receipt",
        "POST /v1/contributions/{contribution_id}/decision",
        _SAME_CONTRIBUTION,
    ),
    *(
        Link("POST /v1/reviews/{review_id}/recommendations", target, _RECOMMENDATION)
        for target in _RECOMMENDATION_OPERATIONS
    ),
    Link(
        "POST /v1/reviews/{review_id}/recommendations",
        "POST /v1/recommendations/{recommendation_id}/actions/{action_id}/completion",
        {**_RECOMMENDATION, "action_id": "$response.body#/actions/0/id"},
    ),
    Link(
        "GET /v1/recommendations",
        "GET /v1/recommendations/{recommendation_id}",
        {"recommendation_id": "$response.body#/items/0/id"},
    ),
    Link("POST /v1/learning/training-items", "GET /v1/learning/training-items/{item_id}", _ITEM),
    *(
        Link(f"POST /v1/imports/{kind}", target, {"job_id": "$response.body#/id"})
        for kind in ("reviews", "recommendations")
        for target in ("GET /v1/imports/{job_id}", "GET /v1/imports/{job_id}/errors")
    ),
    Link(
        "POST /v1/learning/training-items",
        "POST /v1/learning/training-items/{item_id}/sessions",
        _ITEM,
    ),
    Link(
        "GET /v1/contributions",
        "GET /v1/contributions/{contribution_id}",
        {"contribution_id": "$response.body#/items/0/id"},
    ),
]
