"""The problem+json answers every figure endpoint can give, for the OpenAPI document."""

from typing import Any

PROBLEM_EXAMPLE = {
    "type": "https://csp-platform.org/problems/invalid-period",
    "title": "Invalid period",
    "status": 422,
    "detail": "quarter needs fy: quarters are of the financial year (Q1 is April)",
    "instance": "/v1/stats/hate-crime",
}

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "Dates that are not a whole month, quarter or year",
        "content": {
            "application/problem+json": {
                "example": {
                    "type": "https://csp-platform.org/problems/unpublished-period",
                    "title": "Period not published",
                    "status": 400,
                    "detail": "figures are published for whole months, quarters and years "
                    "only, not for 2024-01-01 to 2024-02-29: ask for 2024-02 (a month), "
                    "2023-24-Q3 (a quarter), 2023-24 (a financial year) or 2023",
                    "instance": "/v1/stats/referrals",
                }
            }
        },
    },
    401: {
        "description": "No access token, or not a valid one",
        "content": {
            "application/problem+json": {
                "example": {
                    "type": "https://csp-platform.org/problems/unauthorized",
                    "title": "Unauthorized",
                    "status": 401,
                    "detail": "Send an access token in the Authorization header.",
                }
            }
        },
    },
    403: {
        "description": "The token lacks the scope reports:read",
        "content": {
            "application/problem+json": {
                "example": {
                    "type": "https://csp-platform.org/problems/missing-scope",
                    "title": "Forbidden",
                    "status": 403,
                    "detail": "This needs the scope reports:read.",
                }
            }
        },
    },
    422: {
        "description": "A filter is not valid (an unknown period, a quarter without fy...)",
        "content": {"application/problem+json": {"example": PROBLEM_EXAMPLE}},
    },
}
