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


async def test_a_victim_cannot_be_merged_into_their_own_perpetrator(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(services_requested=["idas_refuge"])
    referral = (await hub_client.post("/v1/referrals", json=body, headers=hub_headers())).json()
    victim, perpetrator = referral["victim"]["id"], referral["perpetrator"]["id"]
    provider = hub_headers(agency="idas", scopes=REVIEWER)  # sees it, made neither
    for surviving, merged in ((perpetrator, victim), (victim, perpetrator)):
        answer = await hub_client.post(
            f"/v1/persons/{surviving}/merge", json={"merge_person_id": merged}, headers=provider
        )
        assert answer.status_code == 409, answer.text
    read = (await hub_client.get(f"/v1/referrals/{referral['id']}", headers=hub_headers())).json()
    assert (read["victim"]["id"], read["perpetrator"]["id"]) == (victim, perpetrator)


async def test_review_shows_and_merges_only_people_the_caller_may_see(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    police = hub_headers(scopes=REVIEWER)
    health = hub_headers(agency="health", scopes=REVIEWER)
    ours = (await hub_client.post("/v1/referrals", json=make_referral(), headers=police)).json()
    elsewhere = make_referral(victim={"postcode": "YO12 5RQ"})
    theirs = (await hub_client.post("/v1/referrals", json=elsewhere, headers=health)).json()
    mine, hidden = ours["victim"]["id"], theirs["victim"]["id"]
    assert mine != hidden

    for person, headers in ((mine, police), (hidden, health)):
        review = (await hub_client.get(f"/v1/persons/{person}", headers=headers)).json()
        assert review["possible_duplicates"] == []  # each other's victim is not theirs to see

    for surviving, merged in ((mine, hidden), (hidden, mine)):
        answer = await hub_client.post(
            f"/v1/persons/{surviving}/merge", json={"merge_person_id": merged}, headers=police
        )
        assert answer.status_code == 404
    split = await hub_client.post(
        f"/v1/persons/{hidden}/split",
        json={"referral_ids": [theirs["id"]], "role": "victim"},
        headers=police,
    )
    assert split.status_code == 404


async def test_a_split_answers_alike_whether_or_not_others_know_the_person(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    police = hub_headers(scopes=REVIEWER)
    answers = []
    for name, also_known_to_health in (("Alone", False), ("Shared", True)):
        body = make_referral(victim={"given_name": name})
        ours = (await hub_client.post("/v1/referrals", json=body, headers=police)).json()
        if also_known_to_health:
            health = hub_headers(agency="health", scopes=REVIEWER)
            theirs = await hub_client.post("/v1/referrals", json=body, headers=health)
            assert theirs.json()["victim"]["id"] == ours["victim"]["id"]
        split = await hub_client.post(
            f"/v1/persons/{ours['victim']['id']}/split",
            json={"referral_ids": [ours["id"]], "role": "victim"},
            headers=police,
        )
        answers.append(split.status_code)
        moved = (await hub_client.get(f"/v1/referrals/{ours['id']}", headers=police)).json()
        assert moved["victim"]["id"] == split.json()["new_person_id"]
    assert answers == [201, 201]


async def test_a_retried_split_makes_one_new_person(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    first = (await hub_client.post("/v1/referrals", json=make_referral(), headers=headers)).json()
    second = (await hub_client.post("/v1/referrals", json=make_referral(), headers=headers)).json()
    victim = first["victim"]["id"]
    assert second["victim"]["id"] == victim
    body = {"referral_ids": [second["id"]], "role": "victim"}
    keyed = headers | {"Idempotency-Key": "split-retry-1"}
    split = await hub_client.post(f"/v1/persons/{victim}/split", json=body, headers=keyed)
    again = await hub_client.post(f"/v1/persons/{victim}/split", json=body, headers=keyed)
    assert split.status_code == again.status_code == 201
    assert again.json() == split.json()
    assert again.headers["idempotent-replayed"] == "true"
