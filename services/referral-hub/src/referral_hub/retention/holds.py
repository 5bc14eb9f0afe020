"""Asking dhr-tracker whether an ongoing review still needs a person, before an erasure
request is granted (`GET /v1/persons/{id}/retention-holds`, a `records:retention` token).

An answer that cannot be had (not reachable, refused, failed, not the contract's shape)
refuses the erasure: a person is never erased while a review might still need them.
Nothing of the answer is logged but its status.
"""

import logging
import uuid
from typing import Literal

import httpx
from pydantic import BaseModel, ValidationError

from referral_hub.retention.rules import ONGOING_REVIEW, REVIEW_CHECK_UNAVAILABLE, Refusal
from referral_hub.settings import ReferralHubSettings

log = logging.getLogger(__name__)


class _Holds(BaseModel):
    person_id: uuid.UUID
    holds: list[Literal["ongoing_review"]]


async def review_holds(settings: ReferralHubSettings, *, person_id: uuid.UUID) -> list[Refusal]:
    if settings.dhr_tracker_url is None:
        return []
    token = settings.retention_token.get_secret_value() if settings.retention_token else ""
    url = f"{settings.dhr_tracker_url.rstrip('/')}/v1/persons/{person_id}/retention-holds"
    try:
        async with httpx.AsyncClient(
            timeout=settings.retention_timeout_seconds, follow_redirects=False
        ) as client:
            response = await client.get(
                url,
                headers={"Authorization": f"Bearer {token}", "X-Purpose": "erasure request"},
            )
    except httpx.HTTPError as error:
        log.warning("dhr-tracker not asked", extra={"error": type(error).__name__})
        return [REVIEW_CHECK_UNAVAILABLE]
    if response.status_code != 200:
        log.warning("dhr-tracker refused", extra={"status": response.status_code})
        return [REVIEW_CHECK_UNAVAILABLE]
    try:
        answer = _Holds.model_validate_json(response.content)
    except ValidationError:
        return [REVIEW_CHECK_UNAVAILABLE]
    if answer.person_id != person_id:
        return [REVIEW_CHECK_UNAVAILABLE]
    return [ONGOING_REVIEW] if answer.holds else []
