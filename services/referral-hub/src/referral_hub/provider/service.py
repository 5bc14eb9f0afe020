"""Provider-facing work: webhook delivery queue, inbox, feedback."""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.provider.models import WebhookDelivery

delivery_table = WebhookDelivery.__table__  # type: ignore[attr-defined]


async def enqueue_deliveries(
    session: AsyncSession, *, routes: Iterable[tuple[uuid.UUID, str]], webhook_providers: set[str]
) -> None:
    """Queue a webhook delivery for each (route id, provider) whose provider has an endpoint."""
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "route_id": route_id,
            "provider": provider,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for route_id, provider in routes
        if provider in webhook_providers
    ]
    if rows:
        await session.execute(insert(delivery_table), rows)
