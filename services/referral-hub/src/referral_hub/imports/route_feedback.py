"""Importing a provider's history of reports on the routes sent to it (CSV, NDJSON or
XLSX through the service kit's import engine): `POST /v1/imports/route-feedback`.

A row is one report, as `POST /v1/routes/{id}/feedback` takes it, with the route's id
and when it happened (required: it is history). Rows go through the same flow as the
API, in file order, so a file lists each route's reports in the order they happened.
A report the route already has, or went past, is skipped, so a file imported again
changes nothing; any other impossible move is refused with a row error.
"""

import uuid
from collections.abc import Sequence

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.imports import IMPORTED, SKIPPED, ImportContext, ImportKind, Outcome, ValidRow
from csp_common.imports import refused as refused_row
from csp_common.unit_of_work import Work
from referral_hub.fields import DatetimeNotInFuture
from referral_hub.imports.service import audit_import
from referral_hub.routes import flows
from referral_hub.routes import service as route_service
from referral_hub.routes.rules import ImpossibleTransition
from referral_hub.routes.schemas import ProviderFeedback

SCOPE = "provider:feedback"


class RouteFeedbackImportRow(ProviderFeedback):
    """One report of an import file: a route of yours and what happened to it."""

    route_id: uuid.UUID = Field(description="A route sent to your agency (from your inbox)")
    occurred_at: DatetimeNotInFuture = Field(  # type: ignore[assignment]
        description="When it happened, with a UTC offset (required: imports are history)"
    )


async def _reported_before(session: AsyncSession, *, route_id: uuid.UUID, status: str) -> bool:
    history = await route_service.history_of(session, route_id=route_id)
    return any(change.to_status == status for change in history)


async def _store_one(work: Work, row: RouteFeedbackImportRow, context: ImportContext) -> Outcome:
    caller = context.caller
    try:
        result = await flows.record_feedback(
            work,
            route_id=row.route_id,
            provider=caller.agency,
            reported_by=caller.subject,
            feedback=row,
            received_at=clock.now(),
        )
    except flows.RouteNotFound:
        return refused_row("#/route_id", "no route with this id was sent to your agency", "unknown")
    except ImpossibleTransition as exc:
        if await _reported_before(work.session, route_id=row.route_id, status=row.status.value):
            return SKIPPED
        return refused_row("#/status", str(exc), "conflict")
    except flows.ConflictingRepeat as exc:
        return refused_row("#/status", exc.detail, "conflict")
    except flows.FeedbackRefused as exc:
        return refused_row(exc.pointer.replace("#/body", "#", 1), exc.detail, "refused")
    except flows.RouteChanged:
        return refused_row("#/route_id", "another report changed this route meanwhile", "conflict")
    return SKIPPED if result.replayed else IMPORTED


async def store_route_feedback(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[RouteFeedbackImportRow]],
    context: ImportContext,
) -> list[Outcome]:
    """Apply the chunk's reports in order (the API's flow); one outcome a row. Never
    commits."""
    work = Work(session, caller=context.caller, purpose=context.purpose)
    outcomes = [await _store_one(work, valid.body, context) for valid in rows]
    await work.flush()
    reported = dict.fromkeys(
        valid.body.route_id
        for valid, outcome in zip(rows, outcomes, strict=True)
        if outcome.status == "imported"
    )
    await audit_import(
        session,
        context=context,
        record_type="route",
        records=[(route_id, context.caller.agency) for route_id in reported],
    )
    return outcomes


EXAMPLE = {
    "route_id": "3f2b8c1e-5d4a-4b7e-9c61-2a8d0e4f7b93",
    "status": "closed",
    "outcome_codes": ["risk_reduced", "safety_plan_in_place"],
    "occurred_at": "2024-01-15T10:30:00+00:00",
}
"""A report as a row of the import (the OpenAPI shows it as NDJSON and CSV)."""

ROUTE_FEEDBACK = ImportKind(
    name="route-feedback",
    model=RouteFeedbackImportRow,
    store=store_route_feedback,
    summary="Import your history of reports on the routes sent to you (CSV, NDJSON or XLSX)",
    description=(
        f"Scope `{SCOPE}`. Each row is a report as `POST /v1/routes/{{id}}/feedback` takes "
        "it, with `route_id` (a route sent to your agency) and `occurred_at` (required). "
        "Rows are applied in file order through the same state machine as the API, so list "
        "each route's reports in the order they happened. A report the route already has, "
        "or went past, is skipped (importing a file again changes nothing); any other "
        "impossible move, or a route not sent to you, is a row error."
    ),
    scope=SCOPE,
    analyze=("route", "route_status_change"),
    example=EXAMPLE,
)
