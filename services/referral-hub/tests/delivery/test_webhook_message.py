"""What a provider's endpoint receives: the route and the referral as it needs it."""

import json
from datetime import UTC, datetime

from referral_hub.delivery import flows


async def test_the_message_holds_the_route_and_the_full_referral_for_that_provider(
    client, provider_app, refer, route_of
) -> None:
    referral = await refer(client, services=("idas_community_support", "foundation_plus_choices"))
    route_id = route_of(referral, "idas")
    at = datetime.now(UTC)

    async with provider_app.state.session_factory() as session:
        message = await flows.routed_message(session, route_id=route_id, at=at)

    assert message.body is not None
    body = json.loads(message.body)
    assert body["type"] == "referral.routed"
    assert datetime.fromisoformat(body["timestamp"]) == at
    assert body["data"]["route"]["id"] == route_id
    sent = body["data"]["referral"]
    assert sent["id"] == referral["id"]
    assert sent["victim"]["safe_contact"] == referral["victim"]["safe_contact"]
    assert sent["perpetrator"]["given_name"] == referral["perpetrator"]["given_name"]
    assert [r["id"] for r in sent["routes"]] == [route_id]  # not Foundation's route


async def test_no_message_once_the_provider_acted_on_the_route(
    client, provider_app, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    await client.post(
        f"/v1/routes/{route_id}/feedback", json={"status": "accepted"}, headers=provider_headers()
    )

    async with provider_app.state.session_factory() as session:
        message = await flows.routed_message(session, route_id=route_id, at=datetime.now(UTC))

    assert message.body is None
    assert message.route_status == "accepted"
