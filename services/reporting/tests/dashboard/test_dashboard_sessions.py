"""Dashboard sessions live on the server, and links carry the configured public address."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from csp_devtools.testing.infra import UvicornServer
from reporting.app import create_app
from reporting.dashboard import signin
from reporting.dashboard.signin import Viewer


async def _signed_in(client: httpx.AsyncClient, reader: dict[str, str]) -> str:
    """Opens a one-time link like a browser; returns the session cookie it set."""
    link = await client.post("/v1/dashboard/links", json={"next": "/dashboard"}, headers=reader)
    assert link.status_code == 201, link.text
    url = httpx.URL(link.json()["url"])
    opened = await client.get(url.path, params=dict(url.params))
    assert opened.status_code == 303
    cookie = opened.cookies.get(signin.COOKIE)
    assert cookie
    return cookie


async def _page(client: httpx.AsyncClient, cookie: str) -> int:
    client.cookies.clear()
    response = await client.get(
        "/dashboard", params={"period": "2019"}, headers={"Cookie": f"{signin.COOKIE}={cookie}"}
    )
    return response.status_code


async def test_signing_out_ends_the_session_on_the_server(
    reporting_client, reporting_reader
) -> None:  # type: ignore[no-untyped-def]
    cookie = await _signed_in(reporting_client, reporting_reader)
    copied = await _signed_in(reporting_client, reporting_reader)  # a second, untouched one
    assert await _page(reporting_client, cookie) == 200

    reporting_client.cookies.clear()
    out = await reporting_client.get(
        "/dashboard/logout", headers={"Cookie": f"{signin.COOKIE}={cookie}"}
    )
    assert out.status_code == 401 and "Signed out" in out.text
    assert signin.COOKIE in out.headers["set-cookie"]  # the browser forgets it too
    # The old cookie, replayed from anywhere, no longer opens a page.
    assert await _page(reporting_client, cookie) == 401
    # Signing out is of that session only.
    assert await _page(reporting_client, copied) == 200
    reporting_client.cookies.clear()
    # the page's Sign out button posts
    await reporting_client.post(
        "/dashboard/logout", headers={"Cookie": f"{signin.COOKIE}={copied}"}
    )
    assert await _page(reporting_client, copied) == 401


async def test_a_signed_cookie_without_an_open_session_is_refused(
    reporting_client, reporting_app
) -> None:  # type: ignore[no-untyped-def]
    # The key signs cookies; a cookie it signed still needs a session the server opened.
    secret = reporting_app.state.settings.dashboard_secret.get_secret_value()
    forged = signin.mint_session(
        secret,
        Viewer("someone", "pfcc", session_id=signin.new_session_id()),
        expires=datetime.now(UTC) + timedelta(hours=1),
    )
    assert await _page(reporting_client, forged) == 401


async def test_the_link_is_built_from_the_configured_address_not_the_host_header(
    reporting_server, reporting_client, reporting_reader
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.post(
        "/v1/dashboard/links",
        json={"next": "/dashboard"},
        headers={**reporting_reader, "Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 201, response.text
    url = response.json()["url"]
    assert url.startswith(f"{reporting_server.url}/dashboard/login?token="), url
    assert "evil.example" not in url


async def test_without_a_public_address_no_link_is_made(
    reporting_settings_factory: Callable, reporting_reader
) -> None:  # type: ignore[no-untyped-def]
    app = create_app(reporting_settings_factory(kafka_enabled=False, dashboard_public_url=None))
    server = await UvicornServer(app).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            response = await client.post("/v1/dashboard/links", headers=reporting_reader)
    finally:
        await server.stop()
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "REPORTING_DASHBOARD_PUBLIC_URL" in response.json()["detail"]
