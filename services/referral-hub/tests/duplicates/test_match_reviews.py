"""The queue of candidate person matches: found at intake, listed to reviewers who can see
both people, decided (merge, or not the same person) once, audited."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from csp_common.tables import audit_table
from referral_hub.index.service import CANDIDATES_PER_PERSON, COMMON_KEY_HOLDERS

REVIEWER = ("referrals:read", "referrals:write", "persons:review")
QUEUE = "/v1/persons/match-reviews"


def _people(make_referral: Callable[..., dict[str, Any]]) -> tuple[dict, dict]:
    """Two referrals of one victim, the second after she moved (a weak match only)."""
    family = f"Matchtest{uuid.uuid4().hex[:8]}"
    first = make_referral(victim={"family_name": family, "date_of_birth": "1988-03-14"})
    moved = make_referral(
        victim={"family_name": family, "date_of_birth": "1988-03-14", "postcode": "YO12 5RQ"}
    )
    return first, moved


async def _refer(client: httpx.AsyncClient, body: dict, headers: dict) -> dict:
    answer = await client.post("/v1/referrals", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _queue(client: httpx.AsyncClient, headers: dict, **params: str) -> list[dict]:
    answer = await client.get(QUEUE, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_a_weak_match_at_intake_is_queued_and_merged_by_a_decision(
    hub_client: httpx.AsyncClient,
    hub_app: FastAPI,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    first_body, moved_body = _people(make_referral)
    first = await _refer(hub_client, first_body, headers)
    assert await _queue(hub_client, headers) == []  # nobody like her yet
    second = await _refer(hub_client, moved_body, headers)
    old, new = first["victim"]["id"], second["victim"]["id"]

    [queued] = await _queue(hub_client, headers)
    assert (queued["person_id"], queued["candidate_id"], queued["status"]) == (new, old, "open")
    assert queued["matched_on"] == ["family_dob", "initial_family_dob"]

    decided = await hub_client.post(
        f"{QUEUE}/{queued['id']}/decision", json={"decision": "merge"}, headers=headers
    )
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["decided_by"]) == (
        "merged",
        "north-yorkshire-police",
    )
    moved = (await hub_client.get(f"/v1/referrals/{second['id']}", headers=headers)).json()
    assert moved["victim"]["id"] == old  # the referral now names the person who was there
    assert await _queue(hub_client, headers) == []
    assert [r["id"] for r in await _queue(hub_client, headers, status="merged")] == [queued["id"]]

    again = await hub_client.post(
        f"{QUEUE}/{queued['id']}/decision", json={"decision": "not_same_person"}, headers=headers
    )
    assert again.status_code == 409, again.text

    async with hub_app.state.session_factory() as session:
        actions = (
            await session.scalars(
                select(audit_table.c.action).where(audit_table.c.record_id.in_([old, new]))
            )
        ).all()
    assert {"merge", "match_review_merged", "list"} <= set(actions)


async def test_not_the_same_person_keeps_them_apart(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    first_body, moved_body = _people(make_referral)
    first = await _refer(hub_client, first_body, headers)
    second = await _refer(hub_client, moved_body, headers)
    [queued] = await _queue(hub_client, headers)

    kept = await hub_client.post(
        f"{QUEUE}/{queued['id']}/decision", json={"decision": "not_same_person"}, headers=headers
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["status"] == "not_same_person"
    assert await _queue(hub_client, headers) == []
    still = (await hub_client.get(f"/v1/referrals/{second['id']}", headers=headers)).json()
    assert still["victim"]["id"] != first["victim"]["id"]


async def test_the_queue_shows_a_pair_only_to_reviewers_who_see_both_people(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    police = hub_headers(scopes=REVIEWER)
    first_body, moved_body = _people(make_referral)
    await _refer(hub_client, first_body | {"services_requested": []}, police)
    await _refer(
        hub_client, moved_body | {"services_requested": ["idas_community_support"]}, police
    )
    [queued] = await _queue(hub_client, police)

    idas = hub_headers(agency="idas", scopes=REVIEWER)  # was sent the second referral only
    health = hub_headers(agency="health", scopes=REVIEWER)  # was sent neither
    decision = f"{QUEUE}/{queued['id']}/decision"
    for stranger in (idas, health):
        assert await _queue(hub_client, stranger) == []
        answer = await hub_client.post(decision, json={"decision": "merge"}, headers=stranger)
        assert answer.status_code == 404, answer.text
    without_scope = hub_headers(scopes=("referrals:read",))
    assert (await hub_client.get(QUEUE, headers=without_scope)).status_code == 403
    answer = await hub_client.post(decision, json={"decision": "merge"}, headers=without_scope)
    assert answer.status_code == 403
    assert [r["status"] for r in await _queue(hub_client, police)] == ["open"]  # unchanged


async def test_bad_decisions_and_cursors_are_refused_and_change_nothing(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    first_body, moved_body = _people(make_referral)
    await _refer(hub_client, first_body, headers)
    await _refer(hub_client, moved_body, headers)
    [queued] = await _queue(hub_client, headers)
    decision = f"{QUEUE}/{queued['id']}/decision"
    for body in ({"decision": "maybe"}, {}, {"decision": "merge", "extra": 1}):
        answer = await hub_client.post(decision, json=body, headers=headers)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
    unknown = await hub_client.post(
        f"{QUEUE}/{uuid.uuid4()}/decision", json={"decision": "merge"}, headers=headers
    )
    assert unknown.status_code == 404
    for params in ({"cursor": "not-a-cursor"}, {"status": "pending"}, {"limit": "0"}):
        answer = await hub_client.get(QUEUE, params=params, headers=headers)
        assert answer.status_code in (400, 422), answer.text
    assert [r["status"] for r in await _queue(hub_client, headers)] == ["open"]


async def test_a_weak_key_many_people_share_queues_nothing(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers(scopes=REVIEWER)
    family = f"Common{uuid.uuid4().hex[:8]}"
    postcodes = [f"YO{10 + n // 9} {1 + n % 9}AB" for n in range(COMMON_KEY_HOLDERS + 2)]
    made = []
    for n, postcode in enumerate(postcodes):
        victim = {"family_name": family, "given_name": f"Ann{n}", "date_of_birth": "1975-06-01"}
        made.append(
            await _refer(hub_client, make_referral(victim=victim | {"postcode": postcode}), headers)
        )
    queued: dict[str, int] = {}
    for review in await _queue(hub_client, headers, limit="200"):
        queued[review["person_id"]] = queued.get(review["person_id"], 0) + 1
    second, last = made[1]["victim"]["id"], made[-1]["victim"]["id"]
    assert queued[second] == 1  # shares family name and date of birth with the first
    assert last not in queued  # so do 21 others: that says nothing about her
    assert max(queued.values()) <= CANDIDATES_PER_PERSON
