"""Asking referral-hub and marac for a person's history over HTTP (the person history
contract: `GET /v1/persons/{id}/history?before=`, a `dhr:chronology` token, `X-Purpose`).

A source that cannot be reached, times out, refuses the token, fails or answers
something that is not the contract's shape is reported for that person as
`unavailable` with a reason code: a chronology never leaves a source out silently.
Nothing of what a source answers is logged.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import date

import httpx
from pydantic import ValidationError

from csp_common.asking import Unavailable, get_body, purpose_header
from dhr_tracker.chronology.schemas import (
    SOURCES,
    HistoryAnswer,
    PersonOutcome,
    SourceName,
    Unavailability,
)
from dhr_tracker.settings import DhrSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asked:
    source: SourceName
    outcome: PersonOutcome
    answer: HistoryAnswer | None


def base_url(settings: DhrSettings, source: SourceName) -> str:
    return (settings.referral_hub_url if source == "referral-hub" else settings.marac_url).rstrip(
        "/"
    )


async def ask_all(
    settings: DhrSettings,
    *,
    person_ids: list[uuid.UUID],
    before: date,
    purpose: str,
) -> list[Asked]:
    """Every source about every person, at once; one `Asked` per pair."""
    token = settings.chronology_token.get_secret_value() if settings.chronology_token else None
    if token is None:
        return [
            Asked(source, _unavailable(person, "not_configured"), None)
            for source in SOURCES
            for person in person_ids
        ]
    headers: dict[str, str | bytes] = {"Authorization": f"Bearer {token}"}
    headers |= purpose_header(purpose)
    async with httpx.AsyncClient(
        headers=headers, timeout=settings.chronology_timeout_seconds, follow_redirects=False
    ) as client:
        return list(
            await asyncio.gather(
                *(
                    _ask(client, source, base_url(settings, source), person, before)
                    for source in SOURCES
                    for person in person_ids
                )
            )
        )


async def _ask(
    client: httpx.AsyncClient, source: SourceName, base: str, person: uuid.UUID, before: date
) -> Asked:
    try:
        answer = await _history(client, source, f"{base}/v1/persons/{person}/history", before)
    except Unavailable as unavailable:
        log.warning(
            "chronology source unavailable", extra={"source": source, "reason": str(unavailable)}
        )
        return Asked(source, _unavailable(person, unavailable.reason), None)
    if answer is None:
        return Asked(source, PersonOutcome(person_id=person, status="not_found"), None)
    if answer.person_id != person or answer.source != source:
        return Asked(source, _unavailable(person, "invalid"), None)
    if any(entry.source != source for entry in answer.entries):
        return Asked(source, _unavailable(person, "invalid"), None)
    outcome = PersonOutcome(person_id=person, status="answered", entries=len(answer.entries))
    return Asked(source, outcome, answer)


async def _history(
    client: httpx.AsyncClient, source: SourceName, url: str, before: date
) -> HistoryAnswer | None:
    # referral-hub's 404: not in its person index (or merged away), which is an answer.
    body = await get_body(
        client,
        url,
        params={"before": before.isoformat()},
        missing_is_answer=source == "referral-hub",
    )
    if body is None:
        return None
    try:
        return HistoryAnswer.model_validate_json(body)
    except ValidationError:
        raise Unavailable("invalid") from None


def _unavailable(person: uuid.UUID, reason: Unavailability) -> PersonOutcome:
    return PersonOutcome(person_id=person, status="unavailable", reason=reason)
