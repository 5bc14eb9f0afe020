"""The delivery log: /v1/providers/{provider}/deliveries (ids and codes, no personal data)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from referral_hub.access import ProviderCaller, ProviderCode, require_own_provider
from referral_hub.delivery import service
from referral_hub.delivery.models import DeliveryStatus
from referral_hub.delivery.schemas import DeliveryPage, delivery_out
from referral_hub.dependencies import DbSession

router = APIRouter(tags=["providers"])

_errors: dict[int | str, dict[str, Any]] = {
    400: {"description": "The cursor is not one this API issued"},
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    404: {"description": "No such provider visible to you"},
    422: {"description": "A parameter is not valid (problem+json with pointers)"},
}


@router.get(
    "/v1/providers/{provider}/deliveries",
    response_model=DeliveryPage,
    summary="Read your webhook delivery log",
    description=(
        "Every webhook delivery to your endpoint, newest first: its status, each attempt "
        "with your endpoint's status code, error and duration, and when the next attempt "
        "is due. Holds ids and codes only, no personal data. Filter by `status`; page "
        "with `next_cursor`."
    ),
    responses=_errors,
)
async def read_deliveries(
    provider: ProviderCode,
    session: DbSession,
    caller: ProviderCaller,
    status: Annotated[DeliveryStatus | None, Query(description="Only this status")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="`next_cursor` of the previous page")
    ] = None,
) -> DeliveryPage:
    require_own_provider(provider, caller)
    rows, next_cursor = await service.deliveries_page(
        session, provider=provider, status=status, limit=limit, cursor=cursor
    )
    attempts = await service.attempts_of(session, delivery_ids=[row.id for row in rows])
    return DeliveryPage(
        items=[delivery_out(row, attempts=attempts.get(row.id, [])) for row in rows],
        next_cursor=next_cursor,
    )
