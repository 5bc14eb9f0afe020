"""The routes API: a provider's inbox, its feedback on routes, a route's history.

A provider is an agency: the token's `agency` claim is the provider code (`idas`,
`foundation`). A route, inbox or delivery log of another agency answers 404.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse

from csp_common import clock
from csp_common.errors import PROBLEM_JSON, Problem, not_found
from referral_hub.access import ProviderCaller, ProviderCode, RouteReader, require_own_provider
from referral_hub.codes import RouteStatus
from referral_hub.dependencies import UnitOfWork
from referral_hub.problems import invalid_input
from referral_hub.referral.service import get_route, referral_bundles
from referral_hub.routes import flows, service
from referral_hub.routes.rules import ImpossibleTransition, allowed_next
from referral_hub.routes.schemas import (
    InboxPage,
    ProviderFeedback,
    RouteDetail,
    inbox_item,
    route_detail,
)

router = APIRouter(tags=["providers"])

RouteId = Annotated[uuid.UUID, Path(description="The route's id")]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="`next_cursor` of the previous page")
]


def _problem_example(status: int, type_: str, title: str, detail: str, **extra: Any) -> dict:
    return {
        "description": title,
        "content": {
            PROBLEM_JSON: {
                "example": {
                    "type": f"https://csp-platform.org/problems/{type_}",
                    "title": title,
                    "status": status,
                    "detail": detail,
                    **extra,
                }
            }
        },
    }


_errors: dict[int | str, dict[str, Any]] = {
    400: {"description": "The cursor is not one this API issued"},
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    422: {"description": "A parameter or the body is not valid (problem+json with pointers)"},
}
_not_yours: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such provider, route or delivery visible to you"}
}


@router.get(
    "/v1/providers/{provider}/inbox",
    response_model=InboxPage,
    summary="List referrals routed to you",
    description=(
        "Routes sent to your agency that you have not accepted or declined yet, oldest "
        "first, each with the full referral (including the victim's safe contact). Pass "
        "`status` to list routes in another status. Page with `next_cursor`. Every page "
        "read is audited: send `X-Purpose`. The same referrals reach you as `referral.routed` "
        "webhooks if your agency has an endpoint; the inbox is for pulling instead, or as well."
    ),
    responses=_errors | _not_yours,
)
async def read_inbox(
    provider: ProviderCode,
    work: UnitOfWork,
    caller: ProviderCaller,
    status: Annotated[
        RouteStatus, Query(description="Routes in this status (default: not yet acted on)")
    ] = RouteStatus.SENT,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InboxPage:
    require_own_provider(provider, caller)
    routes, next_cursor = await service.inbox_page(
        work.session, provider=provider, status=status.value, limit=limit, cursor=cursor
    )
    referral_ids = list(dict.fromkeys(route.referral_id for route in routes))
    bundles = await referral_bundles(work.session, referral_ids=referral_ids, provider=provider)
    work.audit(action="read", record_type="referral", record_ids=[str(i) for i in referral_ids])
    return InboxPage(
        items=[inbox_item(route, bundles[route.referral_id]) for route in routes],
        next_cursor=next_cursor,
    )


@router.post(
    "/v1/routes/{route_id}/feedback",
    response_model=RouteDetail,
    summary="Report what happened to a referral routed to you",
    description=(
        "Moves the route through `sent → accepted | declined`, `accepted → contacted | "
        "closed`, `contacted → engaged | closed`, `engaged → closed`; declined and closed "
        "are final. `declined` needs a `reason` (at most 200 characters; it is kept here "
        "and never published), `closed` needs `outcome_codes`. `occurred_at` (default: now) "
        "must not be before the route was sent or before the last reported change.\n\n"
        "Any other move answers 409 naming the current and requested status. Reporting "
        "the status the route already has, with the same details, changes nothing and "
        "answers 200 with `Idempotent-Replayed: true`, so a retry after a lost answer is "
        "safe; the same status with another reason or other outcome codes answers 409."
    ),
    responses=_errors
    | _not_yours
    | {
        200: {
            "description": "The route after the report",
            "headers": {
                "Idempotent-Replayed": {
                    "description": "`true` when the route already had this status",
                    "schema": {"type": "string"},
                }
            },
        },
        409: _problem_example(
            409,
            "impossible-transition",
            "Impossible status change",
            "a route cannot go from sent to engaged (allowed next: accepted, declined)",
            current_status="sent",
            requested_status="engaged",
            allowed_next=["accepted", "declined"],
        ),
    },
)
async def report_feedback(
    route_id: RouteId,
    work: UnitOfWork,
    caller: ProviderCaller,
    body: Annotated[ProviderFeedback, Body()],
) -> JSONResponse:
    try:
        result = await flows.record_feedback(
            work,
            route_id=route_id,
            provider=caller.agency,
            reported_by=caller.subject,
            feedback=body,
            received_at=clock.now(),
        )
    except flows.RouteNotFound as exc:
        raise not_found("route") from exc
    except ImpossibleTransition as exc:
        raise Problem(
            409,
            "Impossible status change",
            str(exc),
            type="impossible-transition",
            current_status=exc.current.value,
            requested_status=exc.requested.value,
            allowed_next=sorted(allowed_next(exc.current)),
        ) from exc
    except flows.ConflictingRepeat as exc:
        raise Problem(
            409,
            "Conflicting report",
            exc.detail,
            type="conflicting-repeat",
            current_status=exc.status.value,
            requested_status=body.status.value,
        ) from exc
    except flows.RouteChanged as exc:
        raise Problem(
            409,
            "Route changed",
            "Another report changed this route at the same time; read it and report again.",
            type="conflict",
        ) from exc
    except flows.FeedbackRefused as exc:
        raise invalid_input(exc.pointer, exc.detail, code="refused") from exc
    route = await get_route(work.session, route_id=route_id)
    history = await service.history_of(work.session, route_id=route_id)
    work.audit(action="feedback", record_type="route", record_ids=[str(route_id)])
    answer = route_detail(route, history=history).model_dump(mode="json")
    headers = {"Idempotent-Replayed": "true"} if result.replayed else None
    return JSONResponse(answer, headers=headers)


@router.get(
    "/v1/routes/{route_id}",
    response_model=RouteDetail,
    summary="Read a route and its status history",
    description=(
        "For the provider it was sent to (scope `provider:feedback` or `referrals:read`) "
        "and the referring agency (`referrals:read`); anyone else gets 404. Audited."
    ),
    responses=_errors | _not_yours,
)
async def read_route(route_id: RouteId, work: UnitOfWork, caller: RouteReader) -> RouteDetail:
    route = await get_route(work.session, route_id=route_id)
    if route is None or caller.agency not in (route.provider, route.referring_agency):
        raise not_found("route")
    history = await service.history_of(work.session, route_id=route_id)
    work.audit(action="read", record_type="route", record_ids=[str(route_id)])
    return route_detail(route, history=history)
