from collections.abc import Callable
from typing import Any

import httpx


async def test_filters_sorting_and_cursor_pages(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    made = []
    for index, (area, yes) in enumerate(
        [("scarborough", 2), ("york", 15), ("selby", 11), ("york", 3), ("york", 20)]
    ):
        body = make_referral(area=area, yes=yes, victim={"given_name": f"Person{index}"})
        made.append(
            (await hub_client.post("/v1/referrals", json=body, headers=hub_headers())).json()
        )

    york = await hub_client.get("/v1/referrals", params={"area": "york"}, headers=hub_headers())
    assert {i["id"] for i in york.json()["items"]} == {m["id"] for m in made if m["area"] == "york"}

    high = await hub_client.get("/v1/referrals", params={"level": "high"}, headers=hub_headers())
    assert sorted(i["score"] for i in high.json()["items"]) == [15, 20]

    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "score", "order": "asc", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await hub_client.get("/v1/referrals", params=params, headers=hub_headers())).json()
        seen += [i["score"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [2, 3, 11, 15, 20]
    assert all("given_name" not in str(i) for i in page["items"])


async def test_a_forged_cursor_is_400(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    response = await hub_client.get(
        "/v1/referrals", params={"cursor": "bm9wZQ=="}, headers=hub_headers()
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_forged_cursors_are_400_never_500(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
    forged_cursors: Callable[[str], list[str]],
) -> None:
    await hub_client.post("/v1/referrals", json=make_referral(), headers=hub_headers())
    for sort in ("received_at", "incident_date", "score"):
        for order in ("asc", "desc"):
            for cursor in forged_cursors(f"-{sort}" if order == "desc" else sort):
                params = {"sort": sort, "order": order, "cursor": cursor}
                answer = await hub_client.get("/v1/referrals", params=params, headers=hub_headers())
                if answer.status_code == 200:  # a well-formed position is a position
                    continue
                assert answer.status_code == 400, (params, answer.text)
                assert answer.headers["content-type"] == "application/problem+json"


async def test_bad_filters_are_422(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]]
) -> None:
    for params in (
        {"level": "extreme"},
        {"limit": 0},
        {"received_from": "yesterday"},
        {"received_from": "0"},
        {"received_to": "1700000000"},
        {"received_from": "0001-01-01"},
        {"received_to": "2024-01-01T00:00:00"},
    ):
        response = await hub_client.get("/v1/referrals", params=params, headers=hub_headers())
        assert response.status_code == 422, params
