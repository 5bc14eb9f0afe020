"""GET /v1/providers/{provider}/inbox: what a provider pulls, page by page, audited."""

from sqlalchemy import select

from csp_common.tables import audit_table


async def read_inbox(client, headers, provider: str = "idas", **params):
    response = await client.get(f"/v1/providers/{provider}/inbox", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_inbox_holds_routes_not_yet_acted_on_with_full_details(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client, services=("idas_community_support", "foundation_plus_choices"))

    inbox = await read_inbox(client, provider_headers())

    items = [i for i in inbox["items"] if i["referral"]["id"] == referral["id"]]
    assert [i["route"]["id"] for i in items] == [route_of(referral, "idas")]
    details = items[0]["referral"]
    assert details["victim"]["given_name"] == referral["victim"]["given_name"]
    assert details["victim"]["safe_contact"] == referral["victim"]["safe_contact"]
    assert details["perpetrator"]["family_name"] == referral["perpetrator"]["family_name"]
    assert details["dash_answers"] == referral["dash_answers"]
    assert {r["provider"] for r in details["routes"]} == {"idas"}  # only its own routes


async def test_foundation_sees_its_own_routes_only(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client, services=("idas_community_support", "foundation_plus_choices"))

    inbox = await read_inbox(client, provider_headers("foundation"), provider="foundation")

    routes = [i["route"] for i in inbox["items"] if i["referral"]["id"] == referral["id"]]
    assert [r["id"] for r in routes] == [route_of(referral, "foundation")]
    assert routes[0]["service"] == "foundation_plus_choices"


async def test_an_accepted_route_leaves_the_inbox_and_shows_under_its_status(
    client, refer, route_of, provider_headers
) -> None:
    referral = await refer(client)
    route_id = route_of(referral, "idas")
    headers = provider_headers()

    await client.post(
        f"/v1/routes/{route_id}/feedback", json={"status": "accepted"}, headers=headers
    )

    waiting = await read_inbox(client, headers)
    accepted = await read_inbox(client, headers, status="accepted")
    assert route_id not in {i["route"]["id"] for i in waiting["items"]}
    assert route_id in {i["route"]["id"] for i in accepted["items"]}


async def test_pages_follow_the_cursor_without_gaps_or_repeats(
    client, refer, route_of, provider_headers
) -> None:
    referrals = [await refer(client) for _ in range(5)]
    headers = provider_headers()
    all_routes = [i["route"]["id"] for i in (await read_inbox(client, headers, limit=200))["items"]]

    seen: list[str] = []
    cursor = None
    while True:
        page = await read_inbox(client, headers, limit=2, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= 2
        seen += [i["route"]["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == all_routes
    assert len(set(seen)) == len(seen)
    assert {route_of(r, "idas") for r in referrals} <= set(seen)


async def test_reading_the_inbox_is_audited(client, provider_app, refer, provider_headers) -> None:
    referral = await refer(client)

    await read_inbox(client, provider_headers() | {"X-Purpose": "triage"})

    async with provider_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(audit_table).where(
                    audit_table.c.record_id == referral["id"], audit_table.c.agency == "idas"
                )
            )
        ).all()
    assert [(r.action, r.record_type, r.purpose) for r in rows] == [("read", "referral", "triage")]


async def test_an_empty_inbox_is_an_empty_page(client, provider_headers) -> None:
    inbox = await read_inbox(
        client, provider_headers("north-yorkshire-police"), provider="north-yorkshire-police"
    )

    assert inbox == {"items": [], "next_cursor": None}


async def test_forged_cursors_are_400_never_500(client, provider_headers, refer, forged_cursors):
    await refer(client)
    for path, sort in (
        ("/v1/providers/idas/inbox", "routed_at"),
        ("/v1/providers/idas/deliveries", "-created_at"),
    ):
        for cursor in forged_cursors(sort):
            answer = await client.get(path, params={"cursor": cursor}, headers=provider_headers())
            if answer.status_code == 200:
                continue
            assert answer.status_code == 400, (path, cursor, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
