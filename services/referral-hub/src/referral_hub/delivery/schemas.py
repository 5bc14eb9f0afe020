"""The delivery log's answers, the webhook payload, and how deliveries become answers."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.clock import as_utc
from referral_hub.delivery.models import DeliveryStatus
from referral_hub.referral.schemas import ReferralOut, RouteOut

ROUTED_EVENT: Literal["referral.routed"] = "referral.routed"


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: datetime
    status_code: int | None = Field(description="Your endpoint's HTTP status; null if none")
    error: str | None = Field(
        description="Why the attempt failed (status, timeout, connection error); null on 2xx",
        examples=["HTTP 503 Service Unavailable"],
    )
    duration_ms: int


class DeliveryOut(BaseModel):
    """One webhook delivery of a route, and every attempt at it. No personal data."""

    id: uuid.UUID = Field(description="Also the `webhook-id` header of every attempt")
    route_id: uuid.UUID
    referral_id: uuid.UUID
    status: DeliveryStatus
    attempt_count: int
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None = Field(
        description="When the next attempt is due; null unless the delivery is pending"
    )
    last_error: str | None
    attempts: list[AttemptOut] = Field(description="Oldest first")


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


class RoutedData(BaseModel):
    route: RouteOut
    referral: ReferralOut


class RoutedWebhook(BaseModel):
    """Body of the `referral.routed` webhook (Standard Webhooks payload structure)."""

    type: Literal["referral.routed"] = ROUTED_EVENT
    timestamp: datetime = Field(description="When this attempt was made")
    data: RoutedData


def delivery_out(row: Any, *, attempts: list[Any]) -> DeliveryOut:
    status = DeliveryStatus(row.status)
    return DeliveryOut(
        id=row.id,
        route_id=row.route_id,
        referral_id=row.referral_id,
        status=status,
        attempt_count=row.attempts,
        created_at=as_utc(row.created_at),
        delivered_at=as_utc(row.delivered_at) if row.delivered_at else None,
        next_attempt_at=as_utc(row.next_attempt_at) if status is DeliveryStatus.PENDING else None,
        last_error=row.last_error,
        attempts=[AttemptOut.model_validate(attempt) for attempt in attempts],
    )
