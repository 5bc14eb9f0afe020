"""Scopes (401/403) and record-level rules (404) of every kind of caller."""

import uuid

import pytest

from csp_devtools.kits.marac import direct_referral


@pytest.fixture
async def york_case(marac_client, marac_auth) -> dict:  # type: ignore[no-untyped-def]
    response = await marac_client.post(
        "/v1/cases", json=direct_referral(area="york"), headers=marac_auth("refer")
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_no_token_is_401_and_a_bad_token_is_401(marac_client) -> None:  # type: ignore[no-untyped-def]
    assert (await marac_client.get("/v1/cases")).status_code == 401
    bad = await marac_client.get("/v1/cases", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    assert bad.headers["content-type"] == "application/problem+json"


async def test_a_token_without_the_scope_is_403(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    for path in ("/v1/cases?area=york", "/v1/meetings?area=york", "/v1/escalations"):
        response = await marac_client.get(path, headers=marac_auth("none", area="york"))
        assert response.status_code == 403, path
    refer_only = await marac_client.get("/v1/cases", headers=marac_auth("refer"))
    assert refer_only.status_code == 403


async def test_a_coordinator_lists_their_own_area_only(marac_client, marac_auth, york_case) -> None:  # type: ignore[no-untyped-def]
    own = await marac_client.get("/v1/cases", headers=marac_auth(area="york"))
    assert own.status_code == 200
    items = own.json()["items"]
    assert york_case["id"] in [c["id"] for c in items]
    assert {"id", "referral_id", "area", "status", "repeat"} <= set(items[0])
    assert all(c["area"] == "york" for c in items)
    other = await marac_client.get("/v1/cases?area=selby", headers=marac_auth(area="york"))
    assert other.status_code == 404
    selby = await marac_client.get("/v1/cases", headers=marac_auth(area="selby"))
    assert york_case["id"] not in [c["id"] for c in selby.json()["items"]]


async def test_a_coordinator_token_without_area_needs_admin(
    marac_client, marac_auth, york_case
) -> None:  # type: ignore[no-untyped-def]
    assert (await marac_client.get("/v1/cases?area=york", headers=marac_auth())).status_code == 403
    admin = await marac_client.get("/v1/cases?area=york", headers=marac_auth("admin"))
    assert admin.status_code == 200
    assert york_case["id"] in [c["id"] for c in admin.json()["items"]]


async def test_who_reads_one_case(marac_client, marac_auth, york_case) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/cases/{york_case['id']}"
    allowed = [
        marac_auth(area="york"),
        marac_auth("research", agency="health"),
        marac_auth("refer"),  # the referring agency
    ]
    refused = [
        marac_auth(area="selby"),
        marac_auth("research", agency="foundation"),  # not expected at york's MARAC
        marac_auth("refer", agency="probation"),
    ]
    for headers in allowed:
        assert (await marac_client.get(path, headers=headers)).status_code == 200
    for headers in refused:
        response = await marac_client.get(path, headers=headers)
        assert response.status_code == 404
        assert response.json()["type"].endswith("not-found")
    missing = await marac_client.get(f"/v1/cases/{uuid.uuid4()}", headers=marac_auth(area="york"))
    assert missing.status_code == 404


async def test_meetings_and_case_lists_follow_the_same_rules(
    marac_client, marac_auth, york_case
) -> None:  # type: ignore[no-untyped-def]
    meeting_id = york_case["meeting_id"]
    path = f"/v1/meetings/{meeting_id}/case-list"
    listed = await marac_client.get(path, headers=marac_auth(area="york"))
    assert listed.status_code == 200
    assert york_case["id"] in [c["id"] for c in listed.json()["cases"]]
    assert (
        await marac_client.get(path, headers=marac_auth("research", agency="idas"))
    ).status_code == 200
    assert (await marac_client.get(path, headers=marac_auth(area="selby"))).status_code == 404
    assert (await marac_client.get(path, headers=marac_auth("refer"))).status_code == 403
    meetings = await marac_client.get("/v1/meetings?area=york", headers=marac_auth(area="york"))
    assert meeting_id in [m["id"] for m in meetings.json()["items"]]
    research_meetings = await marac_client.get(
        "/v1/meetings", headers=marac_auth("research", agency="health")
    )
    assert research_meetings.status_code == 200


async def test_only_an_admin_changes_configuration(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = {"expected_agencies": ["north-yorkshire-police", "idas"], "case_cap": 10}
    refused = await marac_client.put(
        "/v1/config/areas/york", json=body, headers=marac_auth(area="york")
    )
    assert refused.status_code == 403
    changed = await marac_client.put(
        "/v1/config/areas/york", json=body, headers=marac_auth("admin")
    )
    assert changed.status_code == 200
    assert changed.json()["customised"] is True
