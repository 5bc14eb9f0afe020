"""dhr-tracker's test kit: request bodies with the fields a test does not care about
filled in, and `DhrApi`, the requests tests make often (the `dhr_api` fixture)."""

from collections.abc import Callable
from typing import Any

import httpx


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
