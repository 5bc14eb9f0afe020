from collections.abc import Callable
from typing import Any

import httpx

REVIEWER = ("referrals:read", "referrals:write", "persons:review")


async def test_review_merge_and_split(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    first = (await hub_client.post("/v1/referrals", json=make_referral(), headers=headers)).json()
    moved_house = make_referral(victim={"postcode": "YO12 5RQ"})
    second = (await hub_client.post("/v1/referrals", json=moved_house, headers=headers)).json()
    victim, other = first["victim"]["id"], second["victim"]["id"]
    assert victim != other  # a new postcode is not an exact match...

    review = (await hub_client.get(f"/v1/persons/{victim}", headers=headers)).json()
    assert {"person_id": other, "matched_on": ["family_dob", "initial_family_dob"]} in review[
        "possible_duplicates"
    ]  # ...but it is offered to a reviewer

    merged = await hub_client.post(
        f"/v1/persons/{victim}/merge", json={"merge_person_id": other}, headers=headers
    )
    assert merged.status_code == 200
    assert {r["referral_id"] for r in merged.json()["referrals"]} == {first["id"], second["id"]}
    again = await hub_client.post(
        f"/v1/persons/{victim}/merge", json={"merge_person_id": other}, headers=headers
    )
    assert again.status_code == 404  # the merged record has no referrals of its own now

    third = (await hub_client.post("/v1/referrals", json=moved_house, headers=headers)).json()
    assert third["victim"]["id"] == victim  # the merged key now finds the survivor

    split = await hub_client.post(
        f"/v1/persons/{victim}/split",
        json={"referral_ids": [second["id"]], "role": "victim"},
        headers=headers,
    )
    assert split.status_code == 201
    moved = (await hub_client.get(f"/v1/referrals/{second['id']}", headers=headers)).json()
    assert moved["victim"]["id"] == split.json()["new_person_id"]


async def test_person_review_needs_the_scope_and_visibility(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(victim={"given_name": "Solitary"})
    referral = (await hub_client.post("/v1/referrals", json=body, headers=hub_headers())).json()
    url = f"/v1/persons/{referral['victim']['id']}"
    assert (await hub_client.get(url, headers=hub_headers())).status_code == 403
    stranger = hub_headers(agency="health", scopes=REVIEWER)
    assert (await hub_client.get(url, headers=stranger)).status_code == 404
    split_all = await hub_client.post(
        f"{url}/split",
        json={"referral_ids": [referral["id"]], "role": "victim"},
        headers=hub_headers(scopes=REVIEWER),
    )
    assert split_all.status_code == 409
