"""Turning routes and deliveries into API answers."""

from typing import Any

from csp_common.clock import as_utc
from referral_hub.provider.models import DeliveryStatus
from referral_hub.provider.route_service import ReferralBundle
from referral_hub.provider.schemas import (
    AttemptOut,
    DeliveryOut,
    InboxItem,
    RouteDetail,
    StatusChangeOut,
)
from referral_hub.referral.presenters import referral_out
from referral_hub.referral.schemas import RouteOut


def route_detail(route: Any, *, history: list[Any]) -> RouteDetail:
    return RouteDetail(
        **RouteOut.model_validate(route).model_dump(),
        referral_id=route.referral_id,
        updated_at=route.updated_at,
        history=[StatusChangeOut.model_validate(change) for change in history],
    )


def inbox_item(route: Any, bundle: ReferralBundle) -> InboxItem:
    return InboxItem(
        route=RouteOut.model_validate(route),
        referral=referral_out(
            bundle.referral,
            victim=bundle.victim,
            perpetrator=bundle.perpetrator,
            routes=bundle.routes,
        ),
    )


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
