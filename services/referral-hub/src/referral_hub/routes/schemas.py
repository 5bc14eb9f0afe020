"""The routes API's bodies: a provider's report, a route, the inbox."""

import uuid
from datetime import datetime
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from csp_common.fields import (
    ShortText,
)
from referral_hub.codes import (
    ClosureOutcome,
    DeclineReason,
    FeedbackStatus,
    RouteStatus,
)
from referral_hub.fields import (
    DatetimeNotInFuture,
    InputModel,
    unique_codes,
)
from referral_hub.referral.schemas import (
    ConsentOut,
    ReferralOut,
    RouteOut,
    consent_out,
    referral_out,
)
from referral_hub.referral.service import ReferralBundle


class ProviderFeedback(InputModel):
    """What a provider reports about a route sent to it (see `feedback.TRANSITIONS`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "accepted"},
                {
                    "status": "declined",
                    "reason": "Outside our service area",
                    "reason_code": "outside_service_area",
                },
                {
                    "status": "closed",
                    "outcome_codes": ["risk_reduced", "safety_plan_in_place"],
                    "occurred_at": "2026-12-01T10:30:00Z",
                },
            ]
        }
    )

    status: FeedbackStatus
    reason: ShortText = Field(default=None, description="Required when status is declined")
    reason_code: DeclineReason | None = Field(
        default=None,
        description="With declined: the reason as a code for the performance figures "
        "(defaults to other)",
        examples=["outside_service_area"],
    )
    outcome_codes: unique_codes(ClosureOutcome, len(ClosureOutcome)) = Field(
        default_factory=list, description="Required (one or more) when status is closed, else empty"
    )
    occurred_at: DatetimeNotInFuture | None = Field(
        default=None, description="When it happened, with a UTC offset; defaults to receipt time"
    )

    @model_validator(mode="after")
    def _status_rules(self) -> Self:
        if self.status is FeedbackStatus.DECLINED and self.reason is None:
            raise ValueError("reason is required when status is declined")
        if self.status is FeedbackStatus.CLOSED and not self.outcome_codes:
            raise ValueError("outcome_codes (one or more) are required when status is closed")
        if self.status is not FeedbackStatus.DECLINED and self.reason_code is not None:
            raise ValueError("reason_code is only allowed when status is declined")
        if self.status is not FeedbackStatus.CLOSED and self.outcome_codes:
            raise ValueError("outcome_codes are only allowed when status is closed")
        return self


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
    consent: ConsentOut = Field(
        description="The referral's consent now: when `sharing_stopped`, stop relying on it"
    )
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


def route_detail(route: Any, *, history: list[Any]) -> RouteDetail:
    return RouteDetail(
        **RouteOut.model_validate(route).model_dump(),
        referral_id=route.referral_id,
        updated_at=route.updated_at,
        consent=consent_out(status=route.consent_status, basis=route.consent_basis),
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
