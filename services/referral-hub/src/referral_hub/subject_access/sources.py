"""Asking marac and dhr-tracker what they hold about a person, and their audit trails,
over HTTP with referral-hub's own token (`persons:sar audit:read`) and the request's
`X-Purpose`: each side audits the call. A source that fails is a part marked
`unavailable` with its reason, never a part left out."""

import asyncio
import uuid
from collections.abc import Collection

import httpx
from pydantic import ValidationError

from csp_common.asking import Unavailability, Unavailable, get_body, purpose_header
from csp_common.audit_trail import MAX_RECORDS, AuditRowOut
from referral_hub.settings import ReferralHubSettings
from referral_hub.subject_access.schemas import (
    REMOTE,
    Entry,
    HistoryAnswer,
    SourceName,
    SourcePart,
    TrailPage,
)

MAX_TRAIL = 10_000
"""Audit rows a bundle carries from one source; past it the part says `audit_truncated`."""
PAGE = 500


def base_url(settings: ReferralHubSettings, source: SourceName) -> str | None:
    url = settings.marac_url if source == "marac" else settings.dhr_tracker_url
    return url.rstrip("/") if url else None


async def ask_remote(
    settings: ReferralHubSettings, *, person_ids: Collection[uuid.UUID], purpose: str
) -> list[SourcePart]:
    """marac's and dhr-tracker's parts, asked at once."""
    token = settings.subject_access_token
    if token is None:
        return [_unavailable(source, "not_configured") for source in REMOTE]
    headers: dict[str, str | bytes] = {"Authorization": f"Bearer {token.get_secret_value()}"}
    headers |= purpose_header(purpose)
    async with httpx.AsyncClient(
        headers=headers, timeout=settings.subject_access_timeout_seconds, follow_redirects=False
    ) as client:
        return list(
            await asyncio.gather(
                *(
                    _part(client, source, base_url(settings, source), person_ids)
                    for source in REMOTE
                )
            )
        )


async def _part(
    client: httpx.AsyncClient,
    source: SourceName,
    base: str | None,
    person_ids: Collection[uuid.UUID],
) -> SourcePart:
    if base is None:
        return _unavailable(source, "not_configured")
    try:
        entries = [
            entry
            for person_id in sorted(person_ids)
            for entry in await _history(client, source, base, person_id)
        ]
    except Unavailable as unavailable:
        return _unavailable(source, unavailable.reason)
    records = {str(person_id) for person_id in person_ids} | {str(e.record_id) for e in entries}
    try:
        trail, truncated = await _trail(client, base, records)
    except Unavailable as unavailable:
        return SourcePart(
            source=source,
            status="answered",
            entries=entries,
            audit_status="unavailable",
            audit_reason=unavailable.reason,
            audit=[],
        )
    return SourcePart(
        source=source,
        status="answered",
        entries=entries,
        audit_status="answered",
        audit_truncated=truncated,
        audit=trail,
    )


async def _history(
    client: httpx.AsyncClient, source: SourceName, base: str, person_id: uuid.UUID
) -> list[Entry]:
    body = await get_body(client, f"{base}/v1/persons/{person_id}/history")
    try:
        answer = HistoryAnswer.model_validate_json(body or b"")
    except ValidationError:
        raise Unavailable("invalid") from None
    if (
        answer.person_id != person_id
        or answer.source != source
        or any(entry.source != source for entry in answer.entries)
    ):
        raise Unavailable("invalid")
    return answer.entries


async def _trail(
    client: httpx.AsyncClient, base: str, records: Collection[str]
) -> tuple[list[AuditRowOut], bool]:
    """Every audit row of the records, a chunk of records and a page at a time, oldest
    first; and whether there were more than a bundle carries."""
    ordered = sorted(records)
    rows: dict[int, AuditRowOut] = {}
    for start in range(0, len(ordered), MAX_RECORDS):
        params: dict[str, str | list[str]] = {
            "record": ordered[start : start + MAX_RECORDS],
            "sort": "at",
            "limit": str(PAGE),
        }
        while True:
            body = await get_body(client, f"{base}/v1/audit", params=params)
            try:
                page = TrailPage.model_validate_json(body or b"")
            except ValidationError:
                raise Unavailable("invalid") from None
            rows |= {row.id: row for row in page.items}
            if len(rows) > MAX_TRAIL:
                return _oldest(rows)[:MAX_TRAIL], True
            if page.next_cursor is None:
                break
            params = {**params, "cursor": page.next_cursor}
    return _oldest(rows), False


def _oldest(rows: dict[int, AuditRowOut]) -> list[AuditRowOut]:
    return sorted(rows.values(), key=lambda row: (row.at, row.id))


def _unavailable(source: SourceName, reason: Unavailability) -> SourcePart:
    return SourcePart(
        source=source,
        status="unavailable",
        reason=reason,
        entries=[],
        audit_status="unavailable",
        audit_reason=reason,
        audit=[],
    )
