"""POST and GET /v1/referrals/{id}/consent: changes recorded with their history, published
as codes, audited, keyed, refused clearly; the provider inbox and routes show the consent
and stop offering what sharing may no longer reach."""

import json
import uuid
from typing import Any

import httpx
from sqlalchemy import select

from csp_common.tables import audit_table, outbox_table

WITHDRAWN = {"status": "withdrawn", "reason": "Victim phoned the officer in the case"}
OVERRIDE = {
    "status": "overridden",
    "basis": "vital_interests",
    "reason": "Threats to kill since the withdrawal",
    "authorised_by": "DI Canary Authoriser",
}


async def record(client, referral: dict[str, Any], body: dict[str, Any], headers) -> Any:
    return await client.post(f"/v1/referrals/{referral['id']}/consent", json=body, headers=headers)


async def consent_events(provider_app, referral_id: str) -> list[dict[str, Any]]:
    async with provider_app.state.session_factory() as session:
        rows = await session.execute(
            select(outbox_table.c.key, outbox_table.c.data).where(
                outbox_table.c.event_type == "csp.referral.consent_changed.v1",
                outbox_table.c.key == referral_id,
            )
        )
        return [{"key": row.key, "raw": row.data, **json.loads(row.data)} for row in rows]


async def test_a_withdrawal_is_kept_in_the_history_and_published_as_codes(
    client, provider_app, refer, hub_headers
) -> None:
    referral = await refer(client)
    before = await client.get(f"/v1/referrals/{referral['id']}", headers=hub_headers())

    answer = await record(client, referral, WITHDRAWN, hub_headers())

    assert answer.status_code == 201, answer.text
    history = answer.json()
    assert history["current"] == {
        "status": "withdrawn",
        "basis": "consent",
        "sharing_stopped": True,
    }
    [change] = history["changes"]
    assert (change["previous_status"], change["previous_basis"]) == ("given", "consent")
    assert (change["status"], change["basis"]) == ("withdrawn", "consent")
    assert change["reason"] == WITHDRAWN["reason"]
    assert change["agency"] == "north-yorkshire-police"
    read = await client.get(f"/v1/referrals/{referral['id']}/consent", headers=hub_headers())
    assert read.status_code == 200
    assert read.json() == history
    after = await client.get(f"/v1/referrals/{referral['id']}", headers=hub_headers())
    assert after.json()["consent"] == history["current"]
    assert after.headers["etag"] != before.headers["etag"]

    [event] = await consent_events(provider_app, referral["id"])
    assert event["referral_id"] == referral["id"]
    assert (event["previous_status"], event["status"]) == ("given", "withdrawn")
    assert (event["previous_lawful_basis"], event["lawful_basis"]) == ("consent", "consent")
    assert event["sharing_stopped"] is True
    assert b"phoned" not in event["raw"]

    async with provider_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(audit_table.c.action).where(
                    audit_table.c.record_type == "referral",
                    audit_table.c.record_id == referral["id"],
                )
            )
        ).scalars()
        assert {"update", "read"} <= set(audited)


async def test_an_override_needs_another_basis_a_reason_and_who_authorised_it(
    client, provider_app, refer, hub_headers
) -> None:
    referral = await refer(client)
    await record(client, referral, WITHDRAWN, hub_headers())

    for missing in ("basis", "reason", "authorised_by"):
        body = {k: v for k, v in OVERRIDE.items() if k != missing}
        refused = await record(client, referral, body, hub_headers())
        assert refused.status_code == 422, missing
        assert refused.headers["content-type"].startswith("application/problem+json")
    on_consent = await record(client, referral, OVERRIDE | {"basis": "consent"}, hub_headers())
    assert on_consent.status_code == 422

    answer = await record(client, referral, OVERRIDE, hub_headers())

    assert answer.status_code == 201, answer.text
    history = answer.json()
    assert history["current"] == {
        "status": "overridden",
        "basis": "vital_interests",
        "sharing_stopped": False,
    }
    assert [(c["status"], c["authorised_by"]) for c in history["changes"]] == [
        ("withdrawn", None),
        ("overridden", "DI Canary Authoriser"),
    ]
    events = await consent_events(provider_app, referral["id"])
    assert [(e["status"], e["lawful_basis"], e["sharing_stopped"]) for e in events] == [
        ("withdrawn", "consent", True),
        ("overridden", "vital_interests", False),
    ]
    assert all(b"Canary" not in e["raw"] and b"Threats" not in e["raw"] for e in events)


async def test_changes_that_cannot_follow_are_refused_and_change_nothing(
    client, provider_app, refer, hub_headers
) -> None:
    referral = await refer(client)
    url = f"/v1/referrals/{referral['id']}/consent"

    cases = [
        ({"status": "given"}, 409, "consent-unchanged"),
        (OVERRIDE, 409, "consent-given"),
        ({"status": "refused"}, 422, "validation"),
        ({"status": "withdrawn", "basis": "public_task"}, 422, "validation"),
        ({"status": "given", "authorised_by": "someone"}, 422, "validation"),
        ({"status": "maybe"}, 422, "validation"),
    ]
    for body, status, problem in cases:
        answer = await client.post(url, json=body, headers=hub_headers())
        assert answer.status_code == status, (body, answer.text)
        assert answer.json()["type"].endswith(problem), body
    needs_basis = await client.post(url, json={"status": "refused"}, headers=hub_headers())
    assert needs_basis.json()["errors"][0]["pointer"] == "#/basis"

    read = (await client.get(url, headers=hub_headers())).json()
    assert read["changes"] == []
    assert read["current"]["status"] == "given"
    assert await consent_events(provider_app, referral["id"]) == []


async def test_withdrawing_twice_is_refused_once_withdrawn(client, refer, hub_headers) -> None:
    referral = await refer(client)
    await record(client, referral, WITHDRAWN, hub_headers())

    again = await record(client, referral, WITHDRAWN, hub_headers())

    assert again.status_code == 409
    assert again.json()["type"].endswith("consent-not-given")


async def test_a_retry_with_the_same_key_records_one_change(client, refer, hub_headers) -> None:
    referral = await refer(client)
    keyed = hub_headers() | {"Idempotency-Key": str(uuid.uuid4())}

    first = await record(client, referral, WITHDRAWN, keyed)
    retry = await record(client, referral, WITHDRAWN, keyed)
    reused = await record(client, referral, {"status": "given"}, keyed)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json()
    assert reused.status_code == 409
    assert reused.json()["type"].endswith("idempotency-key-reused")
    read = await client.get(f"/v1/referrals/{referral['id']}/consent", headers=hub_headers())
    assert len(read.json()["changes"]) == 1


async def test_a_change_without_a_key_is_refused(client, provider_app, refer, hub_headers) -> None:
    referral = await refer(client)
    transport = httpx.ASGITransport(app=provider_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as bare:
        answer = await record(bare, referral, WITHDRAWN, hub_headers())

    assert answer.status_code == 400
    assert answer.json()["type"].endswith("idempotency-key-required")
    assert await consent_events(provider_app, referral["id"]) == []


async def test_only_the_referring_agency_records_and_others_see_nothing(
    client, refer, hub_headers
) -> None:
    referral = await refer(client)
    provider = hub_headers(agency="idas", scopes=["referrals:write", "referrals:read"])
    stranger = hub_headers(agency="health")

    assert (await record(client, referral, WITHDRAWN, provider)).status_code == 403
    assert (await record(client, referral, WITHDRAWN, stranger)).status_code == 404
    unknown = {"id": str(uuid.uuid4())}
    assert (await record(client, unknown, WITHDRAWN, hub_headers())).status_code == 404
    url = f"/v1/referrals/{referral['id']}/consent"
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.get(url, headers=provider)).status_code == 200


async def test_the_inbox_stops_offering_a_route_once_sharing_stopped(
    client, refer, route_of, provider_headers, hub_headers
) -> None:
    stopped = await refer(client)
    on_public_task = await refer(client, consent={"status": "given", "basis": "public_task"})
    inbox_url = "/v1/providers/idas/inbox"
    waiting = (await client.get(inbox_url, headers=provider_headers())).json()["items"]
    assert {i["referral"]["id"] for i in waiting} == {stopped["id"], on_public_task["id"]}
    assert waiting[0]["referral"]["consent"]["sharing_stopped"] is False

    for referral in (stopped, on_public_task):
        assert (await record(client, referral, WITHDRAWN, hub_headers())).status_code == 201

    waiting = (await client.get(inbox_url, headers=provider_headers())).json()["items"]
    assert [i["referral"]["id"] for i in waiting] == [on_public_task["id"]]
    assert waiting[0]["referral"]["consent"] == {
        "status": "withdrawn",
        "basis": "public_task",
        "sharing_stopped": False,
    }
    route = await client.get(f"/v1/routes/{route_of(stopped, 'idas')}", headers=provider_headers())
    assert route.status_code == 200
    assert route.json()["consent"] == {
        "status": "withdrawn",
        "basis": "consent",
        "sharing_stopped": True,
    }


async def test_a_route_already_acted_on_stays_listed_with_the_withdrawal(
    client, refer, route_of, provider_headers, hub_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    accepted = await client.post(
        f"/v1/routes/{route_id}/feedback", json={"status": "accepted"}, headers=provider_headers()
    )
    assert accepted.status_code == 200
    await record(client, referral, WITHDRAWN, hub_headers())

    listed = await client.get(
        "/v1/providers/idas/inbox", params={"status": "accepted"}, headers=provider_headers()
    )

    [item] = listed.json()["items"]
    assert item["route"]["id"] == route_id
    assert item["referral"]["consent"]["sharing_stopped"] is True


def test_a_referral_cannot_arrive_withdrawn_or_overridden(referral_data, context) -> None:
    from referral_hub.referral.schemas import ReferralIn

    for status in ("withdrawn", "overridden"):
        referral_data["consent"] = {"status": status, "basis": "public_task"}
        try:
            ReferralIn.model_validate(referral_data, context=context)
        except ValueError as error:
            assert "POST /v1/referrals/{id}/consent" in str(error)
        else:
            raise AssertionError(f"a referral arrived with consent {status}")


async def test_a_provider_that_had_not_acted_no_longer_reads_the_referral(
    client, refer, route_of, provider_headers, hub_headers
) -> None:
    reads = ("provider:feedback", "referrals:read")
    waiting = await refer(client)
    acted_on = await refer(client)
    accepted = await client.post(
        f"/v1/routes/{route_of(acted_on, 'idas')}/feedback",
        json={"status": "accepted"},
        headers=provider_headers(),
    )
    assert accepted.status_code == 200
    for referral in (waiting, acted_on):
        url = f"/v1/referrals/{referral['id']}"
        assert (await client.get(url, headers=provider_headers(scopes=reads))).status_code == 200
        assert (await record(client, referral, WITHDRAWN, hub_headers())).status_code == 201

    gone = await client.get(
        f"/v1/referrals/{waiting['id']}", headers=provider_headers(scopes=reads)
    )
    kept = await client.get(
        f"/v1/referrals/{acted_on['id']}", headers=provider_headers(scopes=reads)
    )

    assert gone.status_code == 404
    assert kept.status_code == 200
    assert kept.json()["consent"]["sharing_stopped"] is True
    listed = await client.get("/v1/referrals", headers=provider_headers(scopes=reads))
    assert [r["id"] for r in listed.json()["items"]] == [acted_on["id"]]
    referrer = await client.get(f"/v1/referrals/{waiting['id']}", headers=hub_headers())
    assert referrer.status_code == 200
