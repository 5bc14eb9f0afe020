"""Webhook deliveries of routes to providers, and their attempt log."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class WebhookDelivery(HubTable, table=True):
    """One route to deliver to a provider's endpoint; retried with backoff until delivered.

    Due deliveries are claimed from the database, so retries survive a restart.
    `status`: pending (to deliver at `next_attempt_at`), delivered, failed (every attempt
    used), cancelled (the provider acted on the route before a delivery got through).
    While an attempt is in flight, `next_attempt_at` is the end of its lease.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_provider_created", "provider", "created_at"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    route_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("route.id"), nullable=False, unique=True)
    )
    provider: str = Field(sa_column=Column(String(30), nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    attempts: int = Field(sa_column=Column(Integer, nullable=False))
    next_attempt_at: datetime = Field(sa_column=utc_timestamp())
    created_at: datetime = Field(sa_column=utc_timestamp())
    delivered_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(String(300)))


class WebhookAttempt(HubTable, table=True):
    """The delivery log: every attempt, its answer and how long it took."""

    __tablename__ = "webhook_attempt"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    delivery_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("webhook_delivery.id"), nullable=False, index=True)
    )
    attempted_at: datetime = Field(sa_column=utc_timestamp())
    status_code: int | None = Field(default=None, sa_column=Column(Integer))
    error: str | None = Field(default=None, sa_column=Column(String(300)))
    duration_ms: int = Field(sa_column=Column(Integer, nullable=False))


class DeliveryStatus(StrEnum):
    """Where a webhook delivery has got to."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"
