"""`GET /v1/audit` on a service built with `create_app` (the probe): by record and by
agency, a page at a time, refused without a filter or the scope, and audited itself."""

import uuid
from collections.abc import Callable

import httpx
from sqlalchemy import select

from csp_common.tables import audit_table

AUDITOR = {"agency": "pfcc", "scopes": ["audit:read"], "subject": "dpo-1"}


async def _item(client: httpx.AsyncClient, header: Callable[..., dict[str, str]]) -> str:
    made = await client.post(
        "/v1/items", json={"area": "york"}, headers=header(agency="idas", scopes=["probe:write"])
    )
    return str(made.json()["id"])


async def _read(
    client: httpx.AsyncClient,
    header: Callable[..., dict[str, str]],
    item_id: str,
    *,
    agency: str,
    subject: str,
) -> None:
    response = await client.get(
        f"/v1/items/{item_id}",
        headers=header(agency=agency, scopes=["probe:read"], subject=subject)
        | {"X-Purpose": f"check {subject}"},
    )
    assert response.status_code == 200


async def test_the_trail_of_a_record_page_by_page_newest_first(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    item_id = await _item(probe_client, auth_header)
    for n in range(3):
        await _read(probe_client, auth_header, item_id, agency="idas", subject=f"worker-{n}")
    await _read(
        probe_client,
        auth_header,
        await _item(probe_client, auth_header),
        agency="idas",
        subject="elsewhere",
    )

    first = await probe_client.get(
        "/v1/audit", params={"record": item_id, "limit": 2}, headers=auth_header(**AUDITOR)
    )
    assert first.status_code == 200, first.text
    second = await probe_client.get(
        "/v1/audit",
        params={"record": item_id, "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=auth_header(**AUDITOR),
    )
    items = first.json()["items"] + second.json()["items"]
    assert second.json()["next_cursor"] is None
    assert [(i["subject"], i["agency"], i["action"], i["purpose"]) for i in items] == [
        (f"worker-{n}", "idas", "read", f"check worker-{n}") for n in (2, 1, 0)
    ]
    assert all(i["record_id"] == item_id and i["outside"] is False for i in items)


async def test_what_one_agencys_callers_did(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    item_id = await _item(probe_client, auth_header)
    agency = "north-yorkshire-council"
    await _read(probe_client, auth_header, item_id, agency=agency, subject="council-1")
    await _read(probe_client, auth_header, item_id, agency="health", subject="health-1")
    answer = await probe_client.get(
        "/v1/audit",
        params={"agency": agency, "record": item_id},
        headers=auth_header(**AUDITOR),
    )
    assert [(i["subject"], i["agency"]) for i in answer.json()["items"]] == [("council-1", agency)]
    everything = await probe_client.get(
        "/v1/audit", params={"agency": agency, "limit": 500}, headers=auth_header(**AUDITOR)
    )
    assert everything.status_code == 200
    assert {i["agency"] for i in everything.json()["items"]} == {agency}
    assert item_id in {i["record_id"] for i in everything.json()["items"]}


async def test_reading_the_trail_is_audited(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    item_id = await _item(probe_client, auth_header)
    asked = await probe_client.get(
        "/v1/audit",
        params={"record": item_id},
        headers=auth_header(**AUDITOR) | {"X-Purpose": "subject access request 7"},
    )
    assert asked.json()["items"] == []
    again = await probe_client.get(
        "/v1/audit", params={"record": item_id}, headers=auth_header(**AUDITOR)
    )
    assert [
        (i["subject"], i["agency"], i["action"], i["record_type"], i["purpose"])
        for i in again.json()["items"]
    ] == [("dpo-1", "pfcc", "audit_read", "audit_trail", "subject access request 7")]
    await probe_client.get("/v1/audit", params={"agency": "idas"}, headers=auth_header(**AUDITOR))
    app = probe_client._transport.app  # type: ignore[attr-defined]
    async with app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(audit_table.c.record_type, audit_table.c.record_id).where(
                    audit_table.c.action == "audit_read", audit_table.c.record_id == "idas"
                )
            )
        ).all()
    assert [tuple(row) for row in rows][-1] == ("agency_audit_trail", "idas")


async def test_refusals_change_nothing(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    no_filter = await probe_client.get("/v1/audit", headers=auth_header(**AUDITOR))
    assert no_filter.status_code == 400
    assert no_filter.json()["type"].endswith("audit-filter-required")
    record = str(uuid.uuid4())
    no_scope = await probe_client.get(
        "/v1/audit",
        params={"record": record},
        headers=auth_header(agency="pfcc", scopes=["probe:read"]),
    )
    assert no_scope.status_code == 403
    for params in (
        {"record": "a b"},
        {"record": "x" * 65},
        {"agency": "<script>"},
        {"agency": "a" * 65},
        {"record": record, "cursor": "not-a-cursor"},
        {"record": record, "limit": 0},
        {"record": [f"r{n}" for n in range(101)]},
    ):
        bad = await probe_client.get("/v1/audit", params=params, headers=auth_header(**AUDITOR))
        assert 400 <= bad.status_code < 500, (params, bad.status_code)
        assert bad.headers["content-type"].startswith("application/problem+json")
    app = probe_client._transport.app  # type: ignore[attr-defined]
    async with app.state.session_factory() as session:
        audited = await session.scalar(
            select(audit_table.c.id).where(audit_table.c.record_id == record)
        )
    assert audited is None
