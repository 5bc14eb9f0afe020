"""Every read or write of a record about a person is audited (who, agency, what, which,
why, the request), lists included; a refused read is not; rows are never changed; the
trail reads back through `GET /v1/audit`."""

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from csp_common.tables import audit_table
from csp_devtools.kits.marac import direct_referral


async def _audited(app, action: str, record_id: str) -> bool:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        found = await session.scalar(
            select(audit_table.c.record_id).where(
                audit_table.c.action == action, audit_table.c.record_id == record_id
            )
        )
    return found is not None


async def test_lists_of_nominations_interventions_and_research_are_audited(
    marac_app, marac_client, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    coordinator = marac_auth(area="york")
    subject = str(uuid.uuid4())
    nomination = (
        await marac_client.post(
            "/v1/matac/nominations",
            json={"subject_id": subject, "area": "york"},
            headers=coordinator,
        )
    ).json()
    assert (await marac_client.get("/v1/matac/nominations", headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "list", subject)
    interventions = f"/v1/matac/nominations/{nomination['id']}/interventions"
    assert (await marac_client.get(interventions, headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "interventions", subject)

    case = (
        await marac_client.post("/v1/cases", json=direct_referral(), headers=marac_auth("refer"))
    ).json()
    status = f"/v1/meetings/{case['meeting_id']}/research-status"
    assert (await marac_client.get(status, headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "research-status", case["id"])


async def _trail(app, record_id: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(
                audit_table.c.subject,
                audit_table.c.agency,
                audit_table.c.action,
                audit_table.c.purpose,
                audit_table.c.request_id,
                audit_table.c.outside,
            )
            .where(audit_table.c.record_id == record_id)
            .order_by(audit_table.c.id)
        )
    return [tuple(row) for row in rows]


async def test_writes_and_reads_are_audited_with_who_and_why_and_refusals_are_not(
    marac_app, marac_client, marac_auth, auth_header
) -> None:  # type: ignore[no-untyped-def]
    created = await marac_client.post(
        "/v1/cases",
        json=direct_referral(),
        headers=auth_header(
            agency="north-yorkshire-council", scopes=["marac:refer"], subject="council-referrer-2"
        )
        | {"X-Purpose": "referral"},
    )
    case_id = created.json()["id"]
    read = await marac_client.get(
        f"/v1/cases/{case_id}",
        headers=auth_header(
            agency="north-yorkshire-police",
            scopes=["marac:coordinate"],
            area="york",
            subject="york-coordinator-1",
        )
        | {"X-Purpose": "meeting preparation"},
    )
    assert read.status_code == 200
    for refused in (marac_auth(area="selby"), marac_auth("refer", agency="health")):
        assert (await marac_client.get(f"/v1/cases/{case_id}", headers=refused)).status_code == 404
    rows = await _trail(marac_app, case_id)
    assert [row[:4] for row in rows] == [
        ("council-referrer-2", "north-yorkshire-council", "create", "referral"),
        ("york-coordinator-1", "north-yorkshire-police", "read", "meeting preparation"),
    ]
    assert all(row[4] for row in rows)  # the request's id, to find it in the logs


async def test_audit_rows_cannot_be_changed_or_deleted(marac_app, marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    created = await marac_client.post(
        "/v1/cases", json=direct_referral(), headers=marac_auth("refer")
    )
    case_id = created.json()["id"]
    async with marac_app.state.session_factory() as session:
        for statement in (
            "UPDATE audit_log SET purpose = 'x' WHERE record_id = :id",
            "DELETE FROM audit_log WHERE record_id = :id",
        ):
            with pytest.raises(DBAPIError, match="never changed"):
                await session.execute(text(statement), {"id": case_id})
            await session.rollback()
    assert len(await _trail(marac_app, case_id)) == 1


async def test_the_trail_reads_back_through_the_api_and_is_audited_itself(
    marac_app, marac_client, marac_auth, auth_header
) -> None:  # type: ignore[no-untyped-def]
    created = await marac_client.post(
        "/v1/cases", json=direct_referral(), headers=marac_auth("refer")
    )
    case_id = created.json()["id"]
    auditor = auth_header(agency="pfcc", scopes=["audit:read"], subject="dpo-3")
    answer = await marac_client.get(
        "/v1/audit", params={"record": case_id}, headers=auditor | {"X-Purpose": "audit 12"}
    )
    assert answer.status_code == 200, answer.text
    assert [(i["agency"], i["action"]) for i in answer.json()["items"]] == [
        ("north-yorkshire-council", "create")
    ]
    assert (
        await marac_client.get("/v1/audit", params={"record": case_id}, headers=marac_auth())
    ).status_code == 403
    rows = await _trail(marac_app, case_id)
    assert [row[:4] for row in rows][-1] == ("dpo-3", "pfcc", "audit_read", "audit 12")


async def test_a_history_read_says_whether_it_was_outside_the_callers_agency(
    marac_app, marac_client, marac_auth, auth_header
) -> None:  # type: ignore[no-untyped-def]
    body = direct_referral()
    await marac_client.post("/v1/cases", json=body, headers=marac_auth("refer"))
    history = f"/v1/persons/{body['victim_id']}/history"
    purpose = {"X-Purpose": "DHR-2026-04 chronology"}
    for agency in ("north-yorkshire-council", "pfcc"):
        team = auth_header(agency=agency, scopes=["dhr:chronology"])
        assert (await marac_client.get(history, headers=team | purpose)).status_code == 200
    rows = await _trail(marac_app, body["victim_id"])
    assert [(row[1], row[2], row[5]) for row in rows] == [
        ("north-yorkshire-council", "chronology", False),
        ("pfcc", "chronology", True),
    ]
