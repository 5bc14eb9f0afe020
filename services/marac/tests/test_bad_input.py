"""Bad input gets a problem+json 4xx a partner's developer can act on, and changes nothing."""

import uuid
from datetime import date, timedelta

import pytest

from csp_devtools.kits.marac import direct_referral


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


def _cursor(sort: str, value, row_id: str | None = None) -> str:  # type: ignore[no-untyped-def]
    import base64
    import json

    raw = json.dumps({"s": sort, "v": value, "id": row_id or str(uuid.uuid4())})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "sort", "value", "row_id"),
    [
        ("/v1/matac/nominations", "-entry_score", 10**250, None),
        ("/v1/matac/nominations", "-entry_score", -(10**30), None),
        ("/v1/matac/nominations", "-entry_score", float("inf"), None),
        ("/v1/matac/nominations", "-entry_score", True, None),
        ("/v1/matac/nominations", "-entry_score", 5, "\x00"),
        ("/v1/matac/nominations", "-entry_score", 5, "\ud800"),
        ("/v1/cases", "created_at", {"d": "0001-01-01T00:00:00+14:00", "t": "dt"}, None),
        ("/v1/cases", "-updated_at", {"d": "9999-12-31T23:59:59-14:00", "t": "dt"}, None),
        ("/v1/cases", "-referred_on", {"d": "9999-12-31", "t": "d"}, None),
        ("/v1/cases", "-referred_on", {"d": "2024-01-01T00:00:00", "t": "dt"}, None),
        ("/v1/cases", "-referred_on", {"d": ["2024-01-01"], "t": "d"}, None),
        ("/v1/meetings", "held_on", [[[[]]]], None),
    ],
)
async def test_a_forged_cursor_with_out_of_range_values_is_400(
    marac_client, marac_auth, path: str, sort: str, value, row_id
) -> None:  # type: ignore[no-untyped-def]
    cursor = _cursor(sort, value, row_id)
    response = await marac_client.get(
        f"{path}?area=york&sort={sort}&cursor={cursor}", headers=marac_auth(area="york")
    )
    assert _problem(response, 400)["type"].endswith("invalid-cursor")


async def test_a_cursor_given_out_still_pages(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await marac_client.post(
            "/v1/cases", json=direct_referral(area="york"), headers=marac_auth("refer")
        )
    headers = marac_auth(area="york")
    for sort in ("created_at", "-updated_at", "referred_on"):
        first = (await marac_client.get(f"/v1/cases?limit=1&sort={sort}", headers=headers)).json()
        assert first["next_cursor"]
        second = await marac_client.get(
            f"/v1/cases?limit=1&sort={sort}&cursor={first['next_cursor']}", headers=headers
        )
        assert second.status_code == 200, second.text
        assert second.json()["items"][0]["id"] != first["items"][0]["id"]


@pytest.mark.parametrize(
    "policy",
    [
        {"serial": {"excluded_age_bands": ["\ud800"]}},
        {"serial": {"excluded_age_bands": ["under_16\x00"]}},
        {"serial": {"window_days": 10**23}},
        {"serial": {"min_victims": 10**23}},
        {"rfgv": {"frequency_cap": 10**23}},
        {"rfgv": {"gravity_weight": 1e308}},
        {"escalation": {"missed": 10**23, "of_meetings": 6}},
    ],
)
async def test_a_policy_out_of_bounds_is_refused_and_rankings_still_answer(
    marac_client, marac_auth, policy
) -> None:  # type: ignore[no-untyped-def]
    import json

    admin = marac_auth("admin")
    before = (await marac_client.get("/v1/config/policy", headers=admin)).json()
    # json.dumps writes a lone surrogate as its \\ud800 escape, as an attacker would.
    response = await marac_client.put(
        "/v1/config/policy",
        content=json.dumps(policy).encode(),
        headers={**admin, "content-type": "application/json"},
    )
    _problem(response, 422)
    assert (await marac_client.get("/v1/config/policy", headers=admin)).json() == before
    ranked = await marac_client.get("/v1/matac/rankings?area=york", headers=admin)
    assert ranked.status_code == 200, ranked.text


async def test_a_stored_policy_outside_todays_bounds_falls_back_to_the_defaults(
    marac_app, marac_client, marac_auth, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    from csp_common import clock
    from marac.config.models import PolicyRow

    # What an earlier version accepted and stored.
    document = marac_settings.policy.model_dump(mode="json")
    document["serial"]["window_days"] = 10**23
    async with marac_app.state.session_factory() as session:
        await session.execute(
            PolicyRow.__table__.insert().values(  # type: ignore[attr-defined]
                id=1, document=document, updated_at=clock.now(), updated_by="old"
            )
        )
        await session.commit()
    admin = marac_auth("admin")
    ranked = await marac_client.get("/v1/matac/rankings?area=york", headers=admin)
    assert ranked.status_code == 200, ranked.text
    policy = (await marac_client.get("/v1/config/policy", headers=admin)).json()
    assert policy["serial"]["window_days"] == marac_settings.policy.serial.window_days
