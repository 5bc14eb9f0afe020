"""Response bodies of the provider API and the webhook payload."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from referral_hub.domain.codes import RouteStatus
from referral_hub.provider.models import DeliveryStatus
from referral_hub.referral.schemas import ReferralOut, RouteOut

ROUTED_EVENT: Literal["referral.routed"] = "referral.routed"


class StatusChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: RouteStatus
    to_status: RouteStatus
    occurred_at: datetime = Field(description="When it happened, as the provider reported it")
    recorded_at: datetime = Field(description="When referral-hub received the report")
    reported_by: str = Field(description="The reporting system (the token's subject)")


class RouteDetail(RouteOut):
    """A route with its referral id and the history of reported statuses."""

    referral_id: uuid.UUID
    updated_at: datetime
    history: list[StatusChangeOut] = Field(description="Reported status changes, oldest first")


class InboxItem(BaseModel):
    """A route sent to the provider and the referral as the provider needs it."""

    route: RouteOut
    referral: ReferralOut = Field(
        description="Full details, including the victim's safe contact; `routes` lists only "
        "the routes to you"
    )


class InboxPage(BaseModel):
    items: list[InboxItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


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
