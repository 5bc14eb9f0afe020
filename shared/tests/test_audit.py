import uuid
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from csp_common.tables import AuditEntry


async def test_reading_a_record_writes_an_audit_row_that_cannot_be_changed(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    created = await probe_client.post(
        "/v1/items",
        json={"area": "york"},
        headers=auth_header(agency="idas", scopes=["probe:write"]),
    )
    item_id = created.json()["id"]
    response = await probe_client.get(
        f"/v1/items/{item_id}",
        headers=auth_header(agency="idas", scopes=["probe:read"], subject="idas-caseworker-7")
        | {"X-Purpose": "safety-planning"},
    )
    assert response.status_code == 200
    app = probe_client._transport.app  # type: ignore[attr-defined]
    async with app.state.session_factory() as session:
        rows = (
            (await session.execute(select(AuditEntry).where(AuditEntry.record_id == item_id)))
            .scalars()
            .all()
        )
        assert [(r.subject, r.agency, r.action, r.record_type, r.purpose) for r in rows] == [
            ("idas-caseworker-7", "idas", "read", "probe_item", "safety-planning")
        ]
        assert rows[0].request_id
        with pytest.raises(DBAPIError, match="never changed"):
            await session.execute(
                text("UPDATE audit_log SET purpose = 'x' WHERE record_id = :id"), {"id": item_id}
            )
        await session.rollback()
        with pytest.raises(DBAPIError, match="never changed"):
            await session.execute(
                text("DELETE FROM audit_log WHERE record_id = :id"), {"id": item_id}
            )


async def test_a_refused_read_is_not_audited_as_served(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    missing = str(uuid.uuid4())
    response = await probe_client.get(
        f"/v1/items/{missing}", headers=auth_header(agency="idas", scopes=["probe:read"])
    )
    assert response.status_code == 404
    app = probe_client._transport.app  # type: ignore[attr-defined]
    async with app.state.session_factory() as session:
        count = len(
            (await session.execute(select(AuditEntry).where(AuditEntry.record_id == missing))).all()
        )
    assert count == 0


async def test_rolled_back_isolates_a_test(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    from csp_devtools.kits.probe.probe import ProbeItem
    from csp_devtools.testing.infra import rolled_back

    app = probe_client._transport.app  # type: ignore[attr-defined]
    headers = auth_header(agency="idas", scopes=["probe:write"])
    async with rolled_back(app):
        created = await probe_client.post("/v1/items", json={"area": "ryedale"}, headers=headers)
        item_id = created.json()["id"]
        async with app.state.session_factory() as session:
            assert await session.get(ProbeItem, item_id) is not None
    async with app.state.session_factory() as session:
        assert await session.get(ProbeItem, item_id) is None
