"""Bad input gets a problem+json 4xx a partner's developer can act on, and changes nothing."""

import uuid
from datetime import date, timedelta

import pytest
from marac_factories import direct_referral


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"]
    return body


async def _count(client, headers) -> int:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/cases?area=york&limit=500", headers=headers)
    return len(response.json()["items"])


@pytest.mark.parametrize(
    "body",
    [
        direct_referral(area="atlantis"),
        direct_referral(victim_id="not-a-uuid"),
        direct_referral(criteria=[]),
        direct_referral(criteria=["vibes"]),
        direct_referral(children_in_household=-1),
        direct_referral(victim_gender="x" * 200),
        direct_referral(referred_on=(date.today() + timedelta(days=3)).isoformat()),
        {**direct_referral(), "victim_name": "Ann Smith"},
        {},
        [],
    ],
)
async def test_a_bad_referral_is_refused_and_stores_nothing(marac_client, marac_auth, body) -> None:  # type: ignore[no-untyped-def]
    coordinator = marac_auth(area="york")
    before = await _count(marac_client, coordinator)
    response = await marac_client.post("/v1/cases", json=body, headers=marac_auth("refer"))
    _problem(response, 422)
    assert await _count(marac_client, coordinator) == before


async def test_malformed_json_is_422(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    response = await marac_client.post(
        "/v1/cases",
        content=b"{not json",
        headers={**marac_auth("refer"), "content-type": "application/json"},
    )
    _problem(response, 422)


async def test_bad_query_parameters(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    _problem(await marac_client.get("/v1/cases?cursor=garbage", headers=headers), 400)
    _problem(await marac_client.get("/v1/cases?limit=0", headers=headers), 422)
    _problem(await marac_client.get("/v1/cases?sort=victim_id", headers=headers), 422)
    _problem(await marac_client.get("/v1/cases?status=lost", headers=headers), 422)
    unknown = _problem(
        await marac_client.get("/v1/cases?area=scarborough", headers=marac_auth("admin")), 422
    )
    assert "scarborough-ryedale" in unknown["detail"]
    _problem(await marac_client.get("/v1/cases/not-a-uuid", headers=headers), 422)
    _problem(await marac_client.get("/v1/meetings?from=yesterday", headers=headers), 422)


async def test_cursor_pagination_walks_every_case_once(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        await marac_client.post(
            "/v1/cases", json=direct_referral(area="selby"), headers=marac_auth("refer")
        )
    headers = marac_auth(area="selby")
    seen: list[str] = []
    cursor = None
    while True:
        url = "/v1/cases?limit=2&sort=referred_on" + (f"&cursor={cursor}" if cursor else "")
        page = (await marac_client.get(url, headers=headers)).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= 5
    _problem(
        await marac_client.get(
            f"/v1/cases?sort=-referred_on&cursor={cursor or 'x'}", headers=headers
        ),
        400,
    )


async def test_bad_configuration_is_refused(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    admin = marac_auth("admin")
    _problem(
        await marac_client.put(
            "/v1/config/areas/york", json={"expected_agencies": ["nobody"]}, headers=admin
        ),
        422,
    )
    _problem(await marac_client.put("/v1/config/areas/mars", json={}, headers=admin), 422)
    _problem(
        await marac_client.put(
            "/v1/config/policy", json={"escalation": {"missed": 5, "of_meetings": 3}}, headers=admin
        ),
        422,
    )
    _problem(
        await marac_client.put(
            "/v1/config/policy",
            json={
                "rfgv": {
                    "recency_weight": 0,
                    "frequency_weight": 0,
                    "gravity_weight": 0,
                    "victims_weight": 0,
                }
            },
            headers=admin,
        ),
        422,
    )


async def test_transfer_and_close_check_their_input(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    case = (
        await marac_client.post("/v1/cases", json=direct_referral(), headers=marac_auth("refer"))
    ).json()
    headers = marac_auth(area="york")
    _problem(
        await marac_client.post(
            f"/v1/cases/{case['id']}/transfer", json={"to_area": "narnia"}, headers=headers
        ),
        422,
    )
    _problem(
        await marac_client.post(
            f"/v1/cases/{case['id']}/transfer", json={"to_area": "york"}, headers=headers
        ),
        409,
    )
    _problem(
        await marac_client.post(f"/v1/cases/{case['id']}/close", json={}, headers=headers), 409
    )
    _problem(
        await marac_client.post(f"/v1/cases/{uuid.uuid4()}/close", json={}, headers=headers), 404
    )


async def test_forged_cursors_and_out_of_range_dates_are_refused(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    import base64
    import json

    headers = marac_auth(area="york")
    forged = base64.urlsafe_b64encode(json.dumps({"s": "-referred_on", "v": 5, "id": "x"}).encode())
    _problem(await marac_client.get(f"/v1/cases?cursor={forged.decode()}", headers=headers), 400)
    _problem(await marac_client.get("/v1/matac/rankings?as_of=0001-01-01", headers=headers), 422)
    _problem(await marac_client.get("/v1/cases?referred_from=9999-12-31", headers=headers), 422)
    far = {"area": "york", "held_on": "9999-12-31"}
    _problem(await marac_client.post("/v1/meetings", json=far, headers=headers), 422)
