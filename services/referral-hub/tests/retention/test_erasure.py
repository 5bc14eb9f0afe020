"""Retention and erasure in referral-hub, on PostgreSQL (each test rolled back): the dry
run changes nothing, the job erases once, a request is granted or refused with reasons,
and the audit trail lets only rows past the audit period go."""

import json
import random
import socket
import string
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import DBAPIError

from csp_common import clock
from csp_common.audit_retention import delete_expired_audit
from csp_common.partnership import load_partnership
from csp_common.tables import audit_table, outbox_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import rolled_back
from referral_hub.app import create_app
from referral_hub.retention.models import erasure_table
from referral_hub.retention.scheduler import erase_due, job_caller

OFFICER = ("records:retention",)
COUNCIL = "north-yorkshire-council"
LONG_AGO = datetime(2017, 3, 6, 10, 0, tzinfo=UTC)
ERASED = "csp.referral.records_erased.v1"


@pytest.fixture
def referred(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> Callable[..., Any]:
    """await referred(at=..., agency=..., closed=True, **body) -> the referral, made (and
    closed) at `at` by `agency`."""

    async def make(
        *, at: datetime = LONG_AGO, agency: str = COUNCIL, closed: bool = True, **body: Any
    ) -> dict[str, Any]:
        headers = hub_headers(agency=agency)
        with clock.frozen(at):
            answer = await hub_client.post(
                "/v1/referrals",
                json=make_referral(incident_date=at.date().isoformat(), **body),
                headers=headers,
            )
            assert answer.status_code == 201, answer.text
            referral = answer.json()
            if closed:
                read = await hub_client.get(f"/v1/referrals/{referral['id']}", headers=headers)
                patch = await hub_client.patch(
                    f"/v1/referrals/{referral['id']}",
                    json={"status": "closed"},
                    headers={**headers, "If-Match": read.headers["ETag"]},
                )
                assert patch.status_code == 200, patch.text
        return referral

    return make


async def _erased_events(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    session_factory = client._transport.app.state.session_factory  # type: ignore[attr-defined]
    async with session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.data).where(outbox_table.c.event_type == ERASED)
        )
        return [json.loads(row.data) for row in rows]


async def test_the_dry_run_lists_who_is_past_their_period_and_changes_nothing(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    referred: Callable[..., Any],
) -> None:
    old = await referred(victim={"given_name": "Longago"})
    recent = await referred(
        at=datetime(2025, 6, 2, 9, 0, tzinfo=UTC), victim={"given_name": "Lately"}
    )
    still_open = await referred(closed=False, victim={"given_name": "Stillopen"})
    officer = hub_headers(agency="pfcc", scopes=OFFICER)

    due = await hub_client.get("/v1/retention/due", headers=officer)

    assert due.status_code == 200, due.text
    listed = {p["person_id"]: p["referral_ids"] for p in due.json()["persons"]}
    assert listed[old["victim"]["id"]] == [old["id"]]
    assert recent["victim"]["id"] not in listed
    assert still_open["victim"]["id"] not in listed
    read = await hub_client.get(f"/v1/referrals/{old['id']}", headers=hub_headers(agency=COUNCIL))
    assert read.json()["victim"]["given_name"] == "Longago"  # nothing changed
    assert await _erased_events(hub_client) == []
    session_factory = hub_client._transport.app.state.session_factory  # type: ignore[attr-defined]
    async with session_factory() as session:
        audited = set(
            (
                await session.execute(
                    select(audit_table.c.record_id).where(
                        audit_table.c.action == "retention-review", audit_table.c.agency == "pfcc"
                    )
                )
            ).scalars()
        )
    assert old["victim"]["id"] in audited
    assert (await hub_client.get("/v1/retention/due", headers=hub_headers())).status_code == 403


async def test_the_job_erases_what_is_due_once_and_says_so_with_ids_only(
    hub_app: FastAPI,
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    referred: Callable[..., Any],
) -> None:
    old = await referred(victim={"given_name": "Longago"}, perpetrator={"given_name": "Olderone"})
    kept = await referred(closed=False, victim={"given_name": "Stillopen"})
    partnership = load_partnership()
    run = {
        "retention": partnership.retention,
        "caller": job_caller(partnership.code),
        "today": clock.today(),
        "batch": 100,
    }

    first = await erase_due(hub_app.state.session_factory, **run)
    again = await erase_due(hub_app.state.session_factory, **run)

    # the victim and the perpetrator (and whatever other suites left that is as old), once
    assert first >= 2 and again == 0
    council = hub_headers(agency=COUNCIL)
    assert (await hub_client.get(f"/v1/referrals/{old['id']}", headers=council)).status_code == 404
    assert (await hub_client.get(f"/v1/referrals/{kept['id']}", headers=council)).status_code == 200
    ours = {old["victim"]["id"], old["perpetrator"]["id"]}
    events = [e for e in await _erased_events(hub_client) if set(e["person_ids"]) & ours]
    assert sorted(e["person_ids"][0] for e in events) == sorted(ours)
    assert [r for e in events for r in e["referral_ids"]] == [old["id"]]  # erased once
    assert all(e["reason"] == "retention_period" for e in events)
    assert "Longago" not in json.dumps(events) and "Olderone" not in json.dumps(events)
    async with hub_app.state.session_factory() as session:
        person = (
            await session.execute(
                text(
                    "SELECT given_name, family_name, date_of_birth, postcode"
                    " FROM person WHERE id = :id"
                ),
                {"id": old["victim"]["id"]},
            )
        ).one()
        keys = await session.scalar(
            text("SELECT count(*) FROM person_key WHERE person_id = :id"),
            {"id": old["victim"]["id"]},
        )
        referral = (
            await session.execute(
                text(
                    "SELECT dash_answers, victim_safe_contact, level FROM referral WHERE id = :id"
                ),
                {"id": old["id"]},
            )
        ).one()
    assert tuple(person) == ("", "", None, None) and keys == 0
    assert referral.dash_answers == {} and referral.victim_safe_contact is None
    assert referral.level == old["risk"]["level"]  # the codes the figures count stay


async def test_an_erasure_request_is_granted_where_the_law_allows(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    referred: Callable[..., Any],
) -> None:
    referral = await referred(
        at=datetime(2025, 1, 6, 9, 0, tzinfo=UTC), victim={"given_name": "Askedtogo"}
    )
    victim = referral["victim"]["id"]
    officer = hub_headers(agency="pfcc", scopes=OFFICER)

    granted = await hub_client.post(
        f"/v1/persons/{victim}/erasure", json={"request_reference": "DP-2026-17"}, headers=officer
    )

    assert granted.status_code == 200, granted.text
    assert granted.json()["referral_ids"] == [referral["id"]]
    council = hub_headers(agency=COUNCIL)
    assert (
        await hub_client.get(f"/v1/referrals/{referral['id']}", headers=council)
    ).status_code == 404
    repeat = await hub_client.post(f"/v1/persons/{victim}/erasure", json={}, headers=officer)
    assert repeat.status_code == 404  # erased: no longer in the index
    [event] = await _erased_events(hub_client)
    assert event["reason"] == "erasure_request"
    assert event["person_ids"] == [victim] and event["referral_ids"] == [referral["id"]]


@pytest.mark.parametrize(
    ("agency", "body", "closed", "codes"),
    [
        (COUNCIL, {}, False, {"open_referral"}),
        ("north-yorkshire-police", {}, True, {"law_enforcement"}),
        (
            COUNCIL,
            {"consent": {"status": "not_sought", "basis": "public_task"}},
            True,
            {"lawful_basis"},
        ),
        (COUNCIL, {"yes": 14}, True, {"marac_case"}),
    ],
)
async def test_an_erasure_request_is_refused_with_the_reason_and_changes_nothing(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    referred: Callable[..., Any],
    agency: str,
    body: dict[str, Any],
    closed: bool,
    codes: set[str],
) -> None:
    yes = body.pop("yes", 0)
    if yes:
        body["dash"] = {"answers": make_referral(yes=yes)["dash"]["answers"]}
    # a victim of this test's own: other suites' committed referrals match no one here
    alone = "".join(random.choices(string.ascii_lowercase, k=12)).title()
    referral = await referred(
        at=datetime(2025, 1, 6, 9, 0, tzinfo=UTC),
        agency=agency,
        closed=closed,
        victim={"given_name": alone},
        **body,
    )
    victim = referral["victim"]["id"]
    officer = hub_headers(agency="pfcc", scopes=OFFICER)

    refused = await hub_client.post(f"/v1/persons/{victim}/erasure", json={}, headers=officer)

    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("erasure-refused")
    assert {r["code"] for r in refused.json()["refusals"]} == codes
    read = await hub_client.get(
        f"/v1/referrals/{referral['id']}", headers=hub_headers(agency=agency)
    )
    assert read.status_code == 200 and read.json()["victim"]["id"] == victim
    assert await _erased_events(hub_client) == []
    session_factory = hub_client._transport.app.state.session_factory  # type: ignore[attr-defined]
    async with session_factory() as session:
        recorded = (await session.execute(select(erasure_table))).one()
    assert recorded.outcome == "refused" and set(recorded.refusals) == codes


async def test_an_erasure_request_needs_the_scope_and_a_person(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    unknown = "/v1/persons/00000000-0000-4000-8000-000000000000/erasure"
    assert (await hub_client.post(unknown, json={}, headers=hub_headers())).status_code == 403
    officer = hub_headers(agency="pfcc", scopes=OFFICER)
    assert (await hub_client.post(unknown, json={}, headers=officer)).status_code == 404
    bad = await hub_client.post(unknown, json={"request_reference": 7}, headers=officer)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


async def test_audit_rows_are_deleted_only_past_the_audit_period(hub_app: FastAPI) -> None:
    rows = [
        {
            "at": at,
            "subject": "s",
            "agency": "a",
            "action": "read",
            "record_type": "person",
            "record_id": record_id,
            "purpose": "p",
        }
        for record_id, at in (
            ("very-old", datetime(2012, 1, 2, tzinfo=UTC)),
            ("old", datetime(2019, 1, 2, tzinfo=UTC)),
            ("recent", clock.now()),
        )
    ]
    async with hub_app.state.engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await connection.execute(insert(audit_table), rows)
            with pytest.raises(DBAPIError, match="never changed"):
                async with connection.begin_nested():
                    await connection.execute(
                        delete(audit_table).where(audit_table.c.record_id == "very-old")
                    )
            with pytest.raises(DBAPIError, match="never changed"):
                async with connection.begin_nested():
                    # a cutoff in the future still cannot take rows younger than the floor
                    await connection.execute(
                        text("SELECT set_config('csp.audit_retention_before', '2100-01-01', true)")
                    )
                    await connection.execute(
                        delete(audit_table).where(audit_table.c.record_id == "recent")
                    )
            from sqlalchemy.ext.asyncio import AsyncSession

            session = AsyncSession(bind=connection, join_transaction_mode="create_savepoint")
            deleted = await delete_expired_audit(session, before=date(2015, 1, 1))
            left = set(
                (
                    await connection.execute(
                        select(audit_table.c.record_id).where(
                            audit_table.c.record_id.in_(["very-old", "old", "recent"])
                        )
                    )
                ).scalars()
            )
        finally:
            await transaction.rollback()
    assert deleted == 1 and left == {"old", "recent"}


async def test_an_erasure_request_is_refused_when_dhr_tracker_cannot_be_asked(
    hub_settings_factory: Callable[..., Any],
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = hub_settings_factory(
        kafka_enabled=False, dhr_tracker_url=f"http://127.0.0.1:{port}", retention_token="t"
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app), rolled_back(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client:
            council = hub_headers(agency=COUNCIL)
            with clock.frozen(datetime(2025, 1, 6, 9, 0, tzinfo=UTC)):
                made = await client.post(
                    "/v1/referrals",
                    json=make_referral(
                        incident_date="2025-01-06", victim={"given_name": "Unaskable"}
                    ),
                    headers=council,
                )
                referral = made.json()
                read = await client.get(f"/v1/referrals/{referral['id']}", headers=council)
                await client.patch(
                    f"/v1/referrals/{referral['id']}",
                    json={"status": "closed"},
                    headers={**council, "If-Match": read.headers["ETag"]},
                )
            refused = await client.post(
                f"/v1/persons/{referral['victim']['id']}/erasure",
                json={},
                headers=hub_headers(agency="pfcc", scopes=OFFICER),
            )
            assert refused.status_code == 409, refused.text
            assert [r["code"] for r in refused.json()["refusals"]] == ["review_check_unavailable"]
            again = await client.get(f"/v1/referrals/{referral['id']}", headers=council)
            assert again.status_code == 200


async def test_an_erasure_takes_the_reasons_given_for_consent_changes(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    referred: Callable[..., Any],
) -> None:
    referral = await referred(
        at=datetime(2025, 2, 3, 9, 0, tzinfo=UTC), victim={"given_name": "Changedmind"}
    )
    council = hub_headers(agency=COUNCIL)
    withdrawn = await hub_client.post(
        f"/v1/referrals/{referral['id']}/consent",
        json={"status": "withdrawn", "reason": "Phoned the officer on Tuesday"},
        headers=council,
    )
    assert withdrawn.status_code in (200, 201), withdrawn.text
    victim = referral["victim"]["id"]
    officer = hub_headers(agency="pfcc", scopes=OFFICER)

    granted = await hub_client.post(
        f"/v1/persons/{victim}/erasure", json={"request_reference": "DP-2026-18"}, headers=officer
    )

    assert granted.status_code == 200, granted.text
    session_factory = hub_client._transport.app.state.session_factory  # type: ignore[attr-defined]
    async with session_factory() as session:
        changes = (
            await session.execute(
                text(
                    "SELECT status, reason, authorised_by FROM consent_change "
                    "WHERE referral_id = :id"
                ),
                {"id": referral["id"]},
            )
        ).all()
    assert [(c.status, c.reason, c.authorised_by) for c in changes] == [("withdrawn", None, None)]
