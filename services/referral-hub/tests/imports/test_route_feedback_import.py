"""POST /v1/imports/route-feedback: a provider's history of reports, applied in order
through the feedback flow; impossible moves and others' routes refused; a second import
of the same file changes nothing."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import outbox_table
from referral_hub.referral.models import Referral, Route
from referral_hub.routes.models import RouteStatusChange

referral_table = Referral.__table__
route_table = Route.__table__  # type: ignore[attr-defined]
change_table = RouteStatusChange.__table__  # type: ignore[attr-defined]


async def _idas_routes(app: FastAPI, reference: str) -> list[Any]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(route_table)
            .join(referral_table, referral_table.c.id == route_table.c.referral_id)
            .where(referral_table.c.source_reference == reference, route_table.c.provider == "idas")
            .order_by(route_table.c.service)
        )
        return list(rows.all())


async def test_a_providers_reports_are_applied_in_order_and_a_second_import_skips_them(
    import_client: httpx.AsyncClient,
    import_app: FastAPI,
    importer: dict[str, str],
    auth_header: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    kit: Any,
) -> None:
    reference = f"FB-{uuid.uuid4().hex[:8]}"
    body = make_referral(yes=15, incident_date="2023-05-01", children_in_household=2)
    body |= {"source_reference": reference, "received_at": "2023-05-02T10:00:00+01:00"}
    job, _ = await kit.run_import(
        import_client, "referrals", kit.ndjson([body]), importer, kit.NDJSON
    )
    assert job["rows_imported"] == 1, job
    routes = await _idas_routes(import_app, reference)
    assert len(routes) >= 2, routes
    supported, untouched = routes[0], routes[1]
    at = "2023-05-{:02d}T10:00:00+00:00".format
    rows = [
        {"route_id": str(supported.id), "status": "accepted", "occurred_at": at(3)},
        {"route_id": str(supported.id), "status": "contacted", "occurred_at": at(4)},
        {"route_id": str(uuid.uuid4()), "status": "accepted", "occurred_at": at(4)},
        {"route_id": str(untouched.id), "status": "engaged", "occurred_at": at(5)},
        {"route_id": str(supported.id), "status": "engaged", "occurred_at": at(6)},
        {"route_id": str(supported.id), "status": "closed", "occurred_at": at(9),
         "outcome_codes": ["risk_reduced"]},
        {"route_id": str(untouched.id), "status": "accepted", "occurred_at": at(1)},
    ]  # fmt: skip
    idas = auth_header(agency="idas", scopes=["provider:feedback"])
    job, errors = await kit.run_import(
        import_client, "route-feedback", kit.ndjson(rows), idas, kit.NDJSON
    )
    assert job["status"] == "completed", job
    assert (job["rows_imported"], job["rows_skipped"], job["rows_failed"]) == (4, 0, 3), job
    failed = {
        row: [(e["pointer"], e["code"]) for e in found] for row, found in kit.by_row(errors).items()
    }
    assert failed == {
        3: [("#/route_id", "unknown")],  # no such route
        4: [("#/status", "conflict")],  # sent cannot go to engaged
        7: [("#/occurred_at", "refused")],  # before the route was sent
    }, failed

    async with import_app.state.session_factory() as session:
        route = (
            await session.execute(select(route_table).where(route_table.c.id == supported.id))
        ).one()
        changes = (
            await session.execute(
                select(change_table)
                .where(change_table.c.route_id == supported.id)
                .order_by(change_table.c.occurred_at)
            )
        ).all()
        events = (
            (
                await session.execute(
                    select(outbox_table.c.event_type).where(
                        outbox_table.c.key == str(supported.referral_id)
                    )
                )
            )
            .scalars()
            .all()
        )
    assert (route.status, route.outcome_codes) == ("closed", ["risk_reduced"])
    assert [(c.from_status, c.to_status, c.occurred_at.day) for c in changes] == [
        ("sent", "accepted", 3), ("accepted", "contacted", 4), ("contacted", "engaged", 6),
        ("engaged", "closed", 9),
    ]  # fmt: skip
    assert sum("provider_status_changed" in t for t in events) == 4, events

    # the same file again: what was reported is skipped, the faults are still faults
    again, _ = await kit.run_import(
        import_client, "route-feedback", kit.ndjson(rows), idas, kit.NDJSON
    )
    assert (again["rows_imported"], again["rows_skipped"], again["rows_failed"]) == (0, 4, 3), again

    # another provider cannot report on IDAS's routes, nor can a token without the scope import
    foundation = auth_header(agency="foundation", scopes=["provider:feedback"])
    late = [{"route_id": str(untouched.id), "status": "accepted", "occurred_at": at(20)}]
    job, errors = await kit.run_import(
        import_client, "route-feedback", kit.ndjson(late), foundation, kit.NDJSON
    )
    assert job["rows_failed"] == 1 and errors[0]["code"] == "unknown", (job, errors)
    refused = await import_client.post(
        "/v1/imports/route-feedback", content=kit.ndjson(late), headers=importer | kit.NDJSON
    )
    assert refused.status_code == 403, refused.text
