"""OpenAPI links: which value of a response the next call takes (partners' tools and
stateful fuzzing follow them from a round to its bids, assessments, grants and returns)."""

from csp_common.openapi import Link

_ROUND = {"round_id": "$response.body#/id"}
_BID = {"bid_id": "$response.body#/id"}
_SAME_BID = {"bid_id": "$request.path.bid_id"}
_ASSIGNMENT = {"assignment_id": "$response.body#/id"}
_GRANT = {"grant_id": "$response.body#/grant/id"}
_FIRST_RETURN = {"return_id": "$response.body#/items/0/id"}


def _from(source: str, targets: list[str], parameters: dict[str, str]) -> list[Link]:
    return [Link(source, target, parameters) for target in targets]


LINKS = [
    *_from(
        "POST /v1/rounds",
        [
            "GET /v1/rounds/{round_id}",
            "POST /v1/rounds/{round_id}/bids",
            "GET /v1/rounds/{round_id}/360giving.json",
            "GET /v1/rounds/{round_id}/360giving.csv",
        ],
        _ROUND,
    ),
    Link("GET /v1/rounds", "GET /v1/rounds/{round_id}", {"round_id": "$response.body#/items/0/id"}),
    Link(
        "POST /v1/organisations",
        "GET /v1/organisations/{organisation_id}",
        {"organisation_id": "$response.body#/id"},
    ),
    *_from(
        "POST /v1/rounds/{round_id}/bids",
        ["GET /v1/bids/{bid_id}", "PUT /v1/bids/{bid_id}", "POST /v1/bids/{bid_id}/submission"],
        _BID,
    ),
    Link("GET /v1/bids", "GET /v1/bids/{bid_id}", {"bid_id": "$response.body#/items/0/id"}),
    *_from(
        "POST /v1/bids/{bid_id}/submission",
        [
            "POST /v1/bids/{bid_id}/assignments",
            "GET /v1/bids/{bid_id}/assessment",
            "POST /v1/bids/{bid_id}/moderation",
            "POST /v1/bids/{bid_id}/decision",
        ],
        _SAME_BID,
    ),
    *_from(
        "POST /v1/bids/{bid_id}/assignments",
        [
            "GET /v1/assignments/{assignment_id}",
            "POST /v1/assignments/{assignment_id}/declaration",
            "GET /v1/assignments/{assignment_id}/bid",
            "POST /v1/assignments/{assignment_id}/scores",
            "GET /v1/assignments/{assignment_id}/assessment",
        ],
        _ASSIGNMENT,
    ),
    *_from(
        "POST /v1/bids/{bid_id}/decision",
        [
            "GET /v1/grants/{grant_id}",
            "POST /v1/grants/{grant_id}/acceptance",
            "POST /v1/grants/{grant_id}/payments",
        ],
        _GRANT,
    ),
    *_from(
        "GET /v1/returns",
        [
            "GET /v1/returns/{return_id}",
            "POST /v1/returns/{return_id}/submission",
            "POST /v1/returns/{return_id}/decision",
        ],
        _FIRST_RETURN,
    ),
]
