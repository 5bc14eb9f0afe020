"""A withdrawal of consent, the basis of sharing, stops webhooks not yet delivered: against
a real provider endpoint (the IDAS simulator) and referral-hub's dispatcher on a real port."""

from datetime import datetime
from typing import Any

import httpx

from csp_common import clock
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import eventually
from referral_hub.referral.sharing import STOPPED

WITHDRAWN = {"status": "withdrawn", "reason": "Victim asked for nothing more to be shared"}


async def post_referral(hub_url: str, headers: dict[str, str], body: dict[str, Any]) -> dict:
    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        response = await http.post("/v1/referrals", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def received_by(simulator_url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=simulator_url) as http:
        return (await http.get("/deliveries")).json()


async def withdraw(hub_url: str, headers: dict[str, str], referral: dict[str, Any]) -> dict:
    async with httpx.AsyncClient(base_url=hub_url, event_hooks=KEYED_POSTS) as http:
        answer = await http.post(
            f"/v1/referrals/{referral['id']}/consent", json=WITHDRAWN, headers=headers
        )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def deliveries_by_route(hub_url: str, headers: dict[str, str]) -> dict[str, dict]:
    async with httpx.AsyncClient(base_url=hub_url) as http:
        answer = await http.get("/v1/providers/idas/deliveries", headers=headers)
    assert answer.status_code == 200, answer.text
    return {d["route_id"]: d for d in answer.json()["items"]}


def idas_route(referral: dict[str, Any]) -> str:
    return next(r["id"] for r in referral["routes"] if r["provider"] == "idas")


def delivery_of(hub_url: str, headers: dict[str, str], route_id: str, **wanted: Any) -> Any:
    """A check for `eventually`: the route's delivery once its fields have `wanted` values."""

    async def check() -> dict[str, Any] | None:
        delivery = (await deliveries_by_route(hub_url, headers)).get(route_id)
        if delivery is None or any(delivery[k] != v for k, v in wanted.items()):
            return None
        return delivery

    return check


async def test_a_pending_webhook_is_not_sent_after_consent_is_withdrawn(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=1)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url}, webhook_initial_backoff_seconds=1.0
        )
    )
    body = make_referral(services_requested=["idas_community_support"])
    withdrawn = await post_referral(hub.url, hub_headers(), body)
    pending = await eventually(
        delivery_of(
            hub.url, provider_headers(), idas_route(withdrawn), status="pending", attempt_count=1
        )
    )
    retry_due = datetime.fromisoformat(pending["next_attempt_at"])

    consent = await withdraw(hub.url, hub_headers(), withdrawn)

    assert consent["current"]["sharing_stopped"] is True
    cancelled = (await deliveries_by_route(hub.url, provider_headers()))[idas_route(withdrawn)]
    assert (cancelled["status"], cancelled["last_error"]) == ("cancelled", STOPPED)
    # A referral queued after the withdrawn one's retry fell due is delivered: the
    # dispatcher takes the oldest due first, so it has passed the withdrawn one by.
    await eventually(lambda: _after(retry_due))
    later = await post_referral(
        hub.url, hub_headers(), make_referral(services_requested=["idas_community_support"])
    )
    received = await eventually(lambda: received_by(simulator.url))
    assert [d["route_id"] for d in received] == [idas_route(later)]
    cancelled = (await deliveries_by_route(hub.url, provider_headers()))[idas_route(withdrawn)]
    assert (cancelled["status"], cancelled["attempt_count"]) == ("cancelled", 1)


async def test_a_withdrawal_leaves_sharing_on_another_basis_to_go_on(
    start_simulator, start_hub, webhook_hub_settings, hub_headers, provider_headers,
    make_referral,
) -> None:  # fmt: skip
    simulator, _ = await start_simulator("idas", fail_first=1)
    hub = await start_hub(
        webhook_hub_settings(
            simulator_urls={"idas": simulator.url}, webhook_initial_backoff_seconds=1.0
        )
    )
    body = make_referral(
        services_requested=["idas_community_support"],
        consent={"status": "given", "basis": "public_task"},
    )
    referral = await post_referral(hub.url, hub_headers(), body)
    route_id = idas_route(referral)
    await eventually(
        delivery_of(hub.url, provider_headers(), route_id, status="pending", attempt_count=1)
    )

    consent = await withdraw(hub.url, hub_headers(), referral)

    assert consent["current"] == {
        "status": "withdrawn",
        "basis": "public_task",
        "sharing_stopped": False,
    }
    received = await eventually(lambda: received_by(simulator.url))
    assert [d["route_id"] for d in received] == [route_id]
    delivered = await eventually(
        delivery_of(hub.url, provider_headers(), route_id, status="delivered")
    )
    assert delivered["attempt_count"] == 2


async def _after(moment: datetime) -> bool:
    return clock.now() > moment
