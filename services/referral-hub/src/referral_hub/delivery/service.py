"""The webhook delivery queue and its log. Functions take a session and never commit.

The schedule lives in `webhook_delivery` (status, attempts, next_attempt_at), so
retries survive a restart. A dispatcher claims due rows (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so several replicas never claim the same row; a plain select on SQLite,
which has one writer) and moves `next_attempt_at` past the attempt's timeout: that is
its lease. If the process dies mid-attempt, the row is due again when the lease ends.
"""

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.clock import as_utc
from csp_common.db import RowsInsert
from csp_common.pagination import Keyset, PageRequest
from referral_hub.delivery.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from referral_hub.delivery.webhooks import AttemptOutcome
from referral_hub.referral.models import Route

delivery_table = WebhookDelivery.__table__  # type: ignore[attr-defined]
attempt_table = WebhookAttempt.__table__  # type: ignore[attr-defined]
route_table = Route.__table__  # type: ignore[attr-defined]
DELIVERIES = Keyset(
    sorts={"created_at": delivery_table.c.created_at}, id_column=delivery_table.c.id
)


@dataclass(frozen=True)
class ClaimedDelivery:
    id: uuid.UUID
    route_id: uuid.UUID
    provider: str
    attempts: int


def deliveries_statement(
    *, routes: Iterable[tuple[uuid.UUID, str]], webhook_providers: set[str]
) -> RowsInsert:
    """Webhook deliveries to queue for each (route id, provider) whose provider has an
    endpoint, to write with the rest of the intake (`execute_together`)."""
    return RowsInsert(
        delivery_table, _delivery_rows(routes=routes, webhook_providers=webhook_providers)
    )


def _delivery_rows(
    *, routes: Iterable[tuple[uuid.UUID, str]], webhook_providers: set[str]
) -> list[dict[str, Any]]:
    at = clock.now()
    return [
        {
            "id": uuid.uuid4(),
            "route_id": route_id,
            "provider": provider,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": at,
            "created_at": at,
        }
        for route_id, provider in routes
        if provider in webhook_providers
    ]


async def enqueue_deliveries(
    session: AsyncSession, *, routes: Iterable[tuple[uuid.UUID, str]], webhook_providers: set[str]
) -> None:
    """Queue a webhook delivery for each (route id, provider) whose provider has an endpoint."""
    rows = _delivery_rows(routes=routes, webhook_providers=webhook_providers)
    if rows:
        await session.execute(insert(delivery_table), rows)


def _due(providers: Collection[str], now: datetime) -> Any:
    return and_(
        delivery_table.c.status == DeliveryStatus.PENDING.value,
        delivery_table.c.provider.in_(list(providers)),
        delivery_table.c.next_attempt_at <= now,
    )


async def claim_due_deliveries(
    session: AsyncSession,
    *,
    providers: Collection[str],
    now: datetime,
    lease_until: datetime,
    limit: int,
) -> list[ClaimedDelivery]:
    """Claim up to `limit` due deliveries of `providers`, oldest due first, leasing them
    until `lease_until`. Commit to make the lease visible to other dispatchers."""
    if not providers:
        return []
    statement = (
        select(
            delivery_table.c.id,
            delivery_table.c.route_id,
            delivery_table.c.provider,
            delivery_table.c.attempts,
        )
        .where(_due(providers, now))
        .order_by(delivery_table.c.next_attempt_at, delivery_table.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    rows = (await session.execute(statement)).all()
    if rows:
        await session.execute(
            update(delivery_table)
            .where(delivery_table.c.id.in_([row.id for row in rows]))
            .values(next_attempt_at=lease_until)
        )
    return [
        ClaimedDelivery(id=r.id, route_id=r.route_id, provider=r.provider, attempts=r.attempts)
        for r in rows
    ]


async def next_due_at(session: AsyncSession, *, providers: Collection[str]) -> datetime | None:
    """When the earliest pending delivery of `providers` is due (None if there is none)."""
    if not providers:
        return None
    value = await session.scalar(
        select(func.min(delivery_table.c.next_attempt_at)).where(
            delivery_table.c.status == DeliveryStatus.PENDING.value,
            delivery_table.c.provider.in_(list(providers)),
        )
    )
    return as_utc(value) if value is not None else None


async def record_attempt(
    session: AsyncSession,
    *,
    delivery_id: uuid.UUID,
    attempt_number: int,
    attempted_at: datetime,
    outcome: AttemptOutcome,
    status: DeliveryStatus,
    next_attempt_at: datetime,
) -> None:
    """Log one attempt and move the delivery to `status` (pending: due at `next_attempt_at`)."""
    await session.execute(
        insert(attempt_table),
        {
            "id": uuid.uuid4(),
            "delivery_id": delivery_id,
            "attempted_at": attempted_at,
            "status_code": outcome.status_code,
            "error": outcome.error,
            "duration_ms": outcome.duration_ms,
        },
    )
    await session.execute(
        update(delivery_table)
        .where(delivery_table.c.id == delivery_id)
        .values(
            attempts=attempt_number,
            status=status.value,
            next_attempt_at=next_attempt_at,
            delivered_at=attempted_at if status is DeliveryStatus.DELIVERED else None,
            last_error=outcome.error,
        )
    )


async def cancel_delivery(session: AsyncSession, *, delivery_id: uuid.UUID, reason: str) -> None:
    """Stop delivering: the provider already acted on the route (through its inbox)."""
    await session.execute(
        update(delivery_table)
        .where(
            delivery_table.c.id == delivery_id,
            delivery_table.c.status == DeliveryStatus.PENDING.value,
        )
        .values(status=DeliveryStatus.CANCELLED.value, last_error=reason[:300])
    )


async def cancel_pending_of_referral(
    session: AsyncSession, *, referral_id: uuid.UUID, reason: str
) -> list[uuid.UUID]:
    """Stop every delivery of a referral's routes not yet delivered (sharing it stopped).
    The ids of the deliveries cancelled; one in flight may still land."""
    result = await session.execute(
        update(delivery_table)
        .where(
            delivery_table.c.status == DeliveryStatus.PENDING.value,
            delivery_table.c.route_id.in_(
                select(route_table.c.id).where(route_table.c.referral_id == referral_id)
            ),
        )
        .values(status=DeliveryStatus.CANCELLED.value, last_error=reason[:300])
        .returning(delivery_table.c.id)
    )
    return list(result.scalars())


async def deliveries_page(
    session: AsyncSession,
    *,
    provider: str,
    status: DeliveryStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """A provider's deliveries, newest first, with the referral id of each route.

    Raises InvalidCursor (a 400) for a cursor this list did not give out.
    """
    statement = (
        select(delivery_table, route_table.c.referral_id)
        .join(route_table, route_table.c.id == delivery_table.c.route_id)
        .where(delivery_table.c.provider == provider)
    )
    if status is not None:
        statement = statement.where(delivery_table.c.status == status.value)
    request = PageRequest("created_at", True, limit, cursor)
    rows = (await session.execute(DELIVERIES.select(statement, request))).all()
    page = DELIVERIES.page(rows, request, lambda row: row)
    return page.items, page.next_cursor


async def attempts_of(
    session: AsyncSession, *, delivery_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """The attempt log of each delivery, oldest attempt first."""
    found: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if not delivery_ids:
        return found
    rows = await session.execute(
        select(attempt_table)
        .where(attempt_table.c.delivery_id.in_(list(delivery_ids)))
        .order_by(attempt_table.c.attempted_at, attempt_table.c.id)
    )
    for row in rows:
        found[row.delivery_id].append(row)
    return found
