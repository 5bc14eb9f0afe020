"""dhr-tracker's test fixtures: one PostgreSQL database and one app per session, each
test rolled back; the deadline scheduler runs only where a test starts it. Request
bodies come from `dhr_api` (a fixture, so no test module imports another)."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from csp_devtools.testing.service import role_headers, service_fixtures
from dhr_tracker.app import create_app
from dhr_tracker.sealed.cipher import new_key
from dhr_tracker.settings import DhrSettings

SEALED_KEY = new_key()

globals().update(
    service_fixtures(
        "dhr",
        create_app=create_app,
        settings=DhrSettings,
        defaults={
            "deadline_scheduler_enabled": False,
            "sealed_keys": {"k1": SEALED_KEY},
            "sealed_active_key": "k1",
        },
    )
)

ROLES = {
    "manage": ["dhr:manage"],
    "read": ["dhr:read"],
    "contribute": ["dhr:contribute"],
    "none": ["reports:read"],
}

dhr_auth = role_headers(
    "dhr_auth", roles=ROLES, default_role="manage", agency="north-yorkshire-council"
)
"""Headers for a caller: dhr_auth("manage"), dhr_auth("read", agency="health")."""


# --- request bodies --------------------------------------------------------------------


def notification(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "area": "scarborough",
        "notified_on": "2024-01-31",
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": "2024-01-20",
        "circumstances": "homicide",
        "victim": {"age_band": "35_44", "gender": "female", "ethnicity": "white"},
        "suspect": {"age_band": "35_44", "gender": "male", "relationship": "partner"},
        "person_ids": [],
    }
    body.update(changes)
    return body


DETAILS: dict[str, dict[str, Any]] = {
    "decided": {"decision": "review", "reasons": "The death meets the statutory criteria."},
    "panel_established": {"chair": "An independent chair", "independence_declared": True},
    "qa_outcome": {"qa_outcome": "approved", "letter_on": "2024-09-02"},
    "published": {"address": "https://example.org/dhr/2024-01"},
}

PATH_TO_PUBLICATION = [
    "scoping",
    "decided",
    "panel_established",
    "terms_of_reference_agreed",
    "information_gathering",
    "overview_drafting",
    "submitted_to_qa",
    "qa_outcome",
    "awaiting_publication",
]


def transition(to: str, on: str, **changes: Any) -> dict[str, Any]:
    return {"to": to, "on": on, **DETAILS.get(to, {}), **changes}


class DhrApi:
    """Requests a test makes often, with the fields it does not care about filled in."""

    DETAILS = DETAILS
    PATH_TO_PUBLICATION = PATH_TO_PUBLICATION
    notification = staticmethod(notification)
    transition = staticmethod(transition)

    def __init__(self, client: httpx.AsyncClient, auth: Callable[..., dict[str, str]]) -> None:
        self.client = client
        self.auth = auth

    async def notify(
        self, *, headers: dict[str, str] | None = None, **changes: Any
    ) -> dict[str, Any]:
        answer = await self.client.post(
            "/v1/reviews", json=notification(**changes), headers=headers or self.auth()
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def move(
        self,
        review_id: str,
        to: str,
        on: str,
        *,
        headers: dict[str, str] | None = None,
        **changes: Any,
    ) -> httpx.Response:
        return await self.client.post(
            f"/v1/reviews/{review_id}/transitions",
            json=transition(to, on, **changes),
            headers=headers or self.auth(),
        )

    async def walk(
        self, review_id: str, stages: list[str], *, first_day: int = 1
    ) -> httpx.Response:
        """Moves through `stages`, one a day from 2024-02-`first_day`."""
        answer = None
        for number, stage in enumerate(stages, start=first_day):
            answer = await self.move(review_id, stage, f"2024-02-{number:02d}")
            assert answer.status_code == 200, (stage, answer.text)
        assert answer is not None
        return answer


@pytest.fixture
def dhr_api(dhr_client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]]) -> DhrApi:
    return DhrApi(dhr_client, dhr_auth)
