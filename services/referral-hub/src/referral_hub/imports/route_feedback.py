"""Importing a provider's history of reports on the routes sent to it (CSV, NDJSON or
XLSX through the service kit's import engine): `POST /v1/imports/route-feedback`.

A row is one report, as `POST /v1/routes/{id}/feedback` takes it, with the route's id
and when it happened (required: it is history). Rows go through the same rules as the
API (`routes.flows.plan_change`), in file order, so a file lists each route's reports in
the order they happened; only the I/O is batched, a chunk at a time.
A report the route already has, or went past, is skipped, so a file imported again
changes nothing; any other impossible move is refused with a row error.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from pydantic import Field
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.clock import as_utc
from csp_common.imports import IMPORTED, SKIPPED, ImportContext, ImportKind, Outcome, ValidRow
from csp_common.imports import refused as refused_row
from csp_common.unit_of_work import Work
from referral_hub.fields import DatetimeNotInFuture
from referral_hub.imports.bulk import bulk
from referral_hub.imports.service import audit_import
from referral_hub.referral.service import referral_table, route_table
from referral_hub.routes import flows
from referral_hub.routes.rules import ImpossibleTransition
from referral_hub.routes.schemas import ProviderFeedback
from referral_hub.routes.service import change_table

SCOPE = "provider:feedback"


class RouteFeedbackImportRow(ProviderFeedback):
    """One report of an import file: a route of yours and what happened to it."""

    route_id: uuid.UUID = Field(description="A route sent to your agency (from your inbox)")
    occurred_at: DatetimeNotInFuture = Field(  # type: ignore[assignment]
        description="When it happened, with a UTC offset (required: imports are history)"
    )


@dataclass
class _Routes:
    """The chunk's routes as they stand, and what was reported on each, read at once."""

    routes: dict[uuid.UUID, SimpleNamespace]
    reached: dict[uuid.UUID, set[str]]
    last_change: dict[uuid.UUID, datetime]
    areas: dict[uuid.UUID, str]

    @classmethod
    async def load(cls, session: AsyncSession, *, ids: set[uuid.UUID], provider: str) -> "_Routes":
        statement = select(route_table).where(
            route_table.c.id.in_(ids), route_table.c.provider == provider
        )
        if session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update()  # as `lock_route` does, for the chunk
        routes = {
            row.id: SimpleNamespace(**row._mapping)
            for row in (await session.execute(statement)).all()
        }
        reached: dict[uuid.UUID, set[str]] = defaultdict(set)
        last_change: dict[uuid.UUID, datetime] = {}
        history = select(
            change_table.c.route_id, change_table.c.to_status, change_table.c.occurred_at
        ).where(change_table.c.route_id.in_(set(routes)))
        for route_id, status, occurred_at in (await session.execute(history)).all():
            reached[route_id].add(status)
            at = as_utc(occurred_at)
            last_change[route_id] = max(last_change.get(route_id, at), at)
        referral_ids = {route.referral_id for route in routes.values()}
        areas = select(referral_table.c.id, referral_table.c.area).where(
            referral_table.c.id.in_(referral_ids)
        )
        return cls(routes, reached, last_change, dict((await session.execute(areas)).all()))


def _outcome(
    state: _Routes, row: RouteFeedbackImportRow, *, received_at: datetime
) -> tuple[Outcome, flows.Change | None]:
    route = state.routes.get(row.route_id)
    if route is None:
        detail = "no route with this id was sent to your agency"
        return refused_row("#/route_id", detail, "unknown"), None
    try:
        change = flows.plan_change(
            route, row, last_change_at=state.last_change.get(route.id), received_at=received_at
        )
    except ImpossibleTransition as exc:
        if row.status.value in state.reached[route.id]:
            return SKIPPED, None  # reported before: the route went past it
        return refused_row("#/status", str(exc), "conflict"), None
    except flows.ConflictingRepeat as exc:
        return refused_row("#/status", exc.detail, "conflict"), None
    except flows.FeedbackRefused as exc:
        return refused_row(exc.pointer.replace("#/body", "#", 1), exc.detail, "refused"), None
    return (SKIPPED, None) if change is None else (IMPORTED, change)


async def store_route_feedback(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[RouteFeedbackImportRow]],
    context: ImportContext,
) -> list[Outcome]:
    """Apply the chunk's reports in order, through the feedback flow's own rules
    (`plan_change`), with the I/O batched: one read of the chunk's routes and their
    history, one update a route changed, one insert of the changes. One outcome a row.
    Never commits."""
    caller = context.caller
    received_at = clock.now()
    state = await _Routes.load(
        session, ids={valid.body.route_id for valid in rows}, provider=caller.agency
    )
    first_status = {route_id: route.status for route_id, route in state.routes.items()}
    work = Work(session, caller=caller, purpose=context.purpose)
    outcomes: list[Outcome] = []
    changes: list[dict[str, Any]] = []
    for valid in rows:
        row = valid.body
        outcome, change = _outcome(state, row, received_at=received_at)
        outcomes.append(outcome)
        if change is None:
            continue
        route = state.routes[row.route_id]
        work.emit(
            flows.status_changed(route, change, row, area=state.areas[route.referral_id]),
            key=str(route.referral_id),
            time=received_at,
        )
        changes.append(
            {
                "id": uuid.uuid4(),
                "route_id": route.id,
                "from_status": route.status,
                "to_status": change.target.value,
                "occurred_at": change.occurred_at,
                "recorded_at": received_at,
                "reported_by": caller.subject[:200],
            }
        )
        route.status = change.target.value
        if change.decline_reason is not None:
            route.decline_reason = change.decline_reason
        if change.outcome_codes:
            route.outcome_codes = change.outcome_codes
        state.reached[route.id].add(route.status)
        state.last_change[route.id] = change.occurred_at
    changed = [state.routes[i] for i in dict.fromkeys(change["route_id"] for change in changes)]
    if changed:
        # one statement for the chunk; a route another report moved meanwhile is left alone
        await session.execute(
            update(route_table)
            .where(
                route_table.c.id == bindparam("b_id"),
                route_table.c.status == bindparam("b_from"),
            )
            .values(
                status=bindparam("b_status"),
                decline_reason=bindparam("b_reason"),
                outcome_codes=bindparam("b_codes"),
                updated_at=received_at,
            ),
            [
                {
                    "b_id": route.id,
                    "b_from": first_status[route.id],
                    "b_status": route.status,
                    "b_reason": route.decline_reason,
                    "b_codes": route.outcome_codes,
                }
                for route in changed
            ],
        )
        await bulk(session).execute(insert(change_table), changes)
    await work.flush()
    await audit_import(
        session,
        context=context,
        record_type="route",
        records=[(route.id, caller.agency) for route in changed],
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
