"""The embedded default: marac starts on SQLite and serves requests."""

import httpx

from csp_devtools.kits.marac import direct_referral
from csp_devtools.testing.idempotency import KEYED_POSTS
from marac.app import create_app


async def test_marac_runs_on_sqlite(tmp_path, signing_keys, auth_header) -> None:  # type: ignore[no-untyped-def]
    from marac.settings import MaracSettings

    settings = MaracSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/marac.db",
        kafka_enabled=False,
        auth_public_key_file=signing_keys[1],
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://marac", event_hooks=KEYED_POSTS
        ) as client:
            created = await client.post(
                "/v1/cases",
                json=direct_referral(area="selby"),
                headers=auth_header(agency="health", scopes=["marac:refer"]),
            )
            assert created.status_code == 201, created.text
            listed = await client.get(
                "/v1/cases",
                headers=auth_header(agency="pfcc", scopes=["marac:coordinate"], area="selby"),
            )
            assert [c["id"] for c in listed.json()["items"]] == [created.json()["id"]]
            meetings = await client.get(
                "/v1/meetings?area=selby",
                headers=auth_header(agency="pfcc", scopes=["marac:coordinate"], area="selby"),
            )
            assert meetings.json()["items"][0]["listed"] == 1
            job = await client.post(
                "/v1/imports/meetings",
                content=b'{"source_reference": "S-1", "area": "selby", "held_on": "2020-01-08"}\n',
                headers={
                    **auth_header(agency="pfcc", scopes=["marac:import"]),
                    "content-type": "application/x-ndjson",
                },
            )
            assert job.status_code == 202
