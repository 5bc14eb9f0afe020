import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from csp_devtools.testing.infra import UvicornServer
from referral_hub.referral.models import Referral


async def test_a_retry_with_the_same_key_returns_the_first_answer(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers() | {"Idempotency-Key": "nyp-retry-1"}
    first = await hub_client.post("/v1/referrals", json=make_referral(yes=5), headers=headers)
    again = await hub_client.post("/v1/referrals", json=make_referral(yes=5), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    listing = await hub_client.get("/v1/referrals", headers=hub_headers())
    assert len(listing.json()["items"]) == 1


async def test_the_same_key_with_another_body_is_409(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    headers = hub_headers() | {"Idempotency-Key": "nyp-retry-2"}
    await hub_client.post("/v1/referrals", json=make_referral(yes=5), headers=headers)
    other = await hub_client.post("/v1/referrals", json=make_referral(yes=6), headers=headers)
    assert other.status_code == 409
    assert other.json()["type"].endswith("idempotency-key-reused")


async def test_keys_belong_to_an_agency(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    police = await hub_client.post(
        "/v1/referrals", json=make_referral(), headers=hub_headers() | {"Idempotency-Key": "k"}
    )
    council = await hub_client.post(
        "/v1/referrals",
        json=make_referral(),
        headers=hub_headers(agency="north-yorkshire-council") | {"Idempotency-Key": "k"},
    )
    assert police.json()["id"] != council.json()["id"]


async def test_concurrent_retries_make_one_referral(
    hub_settings_factory: Callable[..., Any],
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    from referral_hub.app import create_app

    app: FastAPI = create_app(hub_settings_factory(kafka_enabled=False))
    # This test commits for real: it uses an agency no rolled-back test lists as.
    body = make_referral(yes=4, source_reference="FRS-CONCURRENT-1")
    headers = hub_headers(agency="fire-rescue") | {"Idempotency-Key": "frs-concurrent-1"}
    async with UvicornServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        answers = await asyncio.gather(
            *(client.post("/v1/referrals", json=body, headers=headers) for _ in range(8))
        )
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        async with app.state.session_factory() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(Referral)
                .where(Referral.source_reference == "FRS-CONCURRENT-1")
            )
    assert count == 1


async def test_a_duplicate_source_reference_is_409(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    body = make_referral(source_reference="NYP-2026-000123")
    first = await hub_client.post("/v1/referrals", json=body, headers=hub_headers())
    second = await hub_client.post("/v1/referrals", json=body, headers=hub_headers())
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["existing_id"] == first.json()["id"]


async def test_retries_without_a_source_reference_make_one_referral(
    hub_settings_factory: Callable[..., Any],
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    """Only the Idempotency-Key tells these apart from new referrals: a retry after a lost
    answer, and twins racing, leave one referral (each used to leave a second one behind:
    the write ran in autocommit, so the rollback after the lost key claim undid nothing)."""
    from referral_hub.app import create_app

    app: FastAPI = create_app(hub_settings_factory(kafka_enabled=False))
    headers = hub_headers(agency="fire-rescue")

    def body(name: str) -> dict[str, Any]:
        return make_referral(yes=4, victim={"given_name": name, "family_name": "Unreferenced"})

    async with UvicornServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        retried = [
            await client.post(
                "/v1/referrals", json=body("Retried"), headers=headers | {"Idempotency-Key": "r"}
            )
            for _ in range(3)
        ]
        raced = await asyncio.gather(
            *(
                client.post(
                    "/v1/referrals", json=body("Raced"), headers=headers | {"Idempotency-Key": "t"}
                )
                for _ in range(8)
            )
        )
        counts = []
        async with app.state.session_factory() as session:
            for answers in (retried, raced):
                assert {a.status_code for a in answers} == {201}
                assert len({a.json()["id"] for a in answers}) == 1
                victim = answers[0].json()["victim"]["id"]
                counts.append(
                    await session.scalar(
                        select(func.count())
                        .select_from(Referral)
                        .where(Referral.victim_id == uuid.UUID(victim))
                    )
                )
    assert counts == [1, 1]


async def test_a_referral_without_a_key_is_400_and_makes_nothing(
    hub_app: FastAPI,
    hub_headers: Callable[..., dict[str, str]],
    make_referral: Callable[..., dict[str, Any]],
) -> None:
    # hub_client sends a key on every POST: this request goes around it
    transport = httpx.ASGITransport(app=hub_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as bare:
        refused = await bare.post(
            "/v1/referrals", json=make_referral(source_reference="NO-KEY-1"), headers=hub_headers()
        )
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/idempotency-key-required")
    assert "Idempotency-Key" in refused.json()["detail"]
    async with hub_app.state.session_factory() as session:
        stored = await session.scalar(
            select(func.count())
            .select_from(Referral)
            .where(Referral.source_reference == "NO-KEY-1")
        )
    assert stored == 0
