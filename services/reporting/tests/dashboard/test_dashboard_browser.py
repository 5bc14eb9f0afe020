"""The dashboard in headless Chromium: a one-time link, the pages on a desktop and a
phone, printing, and the committee report page. Screenshots are saved in the test's
temporary directory and checked for being more than a blank page."""

import asyncio
import base64
from pathlib import Path

import httpx
from PIL import Image
from selenium.webdriver.common.by import By

PAGES = [
    ("/dashboard", "MARAC cases heard by area"),
    ("/dashboard/attendance", "Agency attendance at MARAC"),
    ("/dashboard/safelives", "SafeLives MARAC return"),
    ("/dashboard/report", "cases were discussed within MARAC"),
]


async def _link(client: httpx.AsyncClient, headers: dict, next_path: str = "/dashboard") -> str:
    response = await client.post("/v1/dashboard/links", json={"next": next_path}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["url"]


def _non_trivial(path: Path) -> None:
    """A screenshot with text and charts has many colours; a blank or error page has few."""
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert image.width > 300 and image.height > 300
    assert len(colours) > 200, f"{path.name}: only {len(colours)} colours"


def _fits_width(driver) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
    )


def _charts_loaded(driver) -> int:  # type: ignore[no-untyped-def]
    images = driver.find_elements(By.CSS_SELECTOR, "img.chart")
    loaded = driver.execute_script(
        "return Array.from(document.querySelectorAll('img.chart'))"
        ".filter(i => i.complete && i.naturalWidth > 0).length"
    )
    assert loaded == len(images)
    return len(images)


async def test_the_dashboard_in_a_browser(
    reporting_server,
    reporting_client,
    reporting_reader,
    reporting_seeded,
    reporting_browser,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    driver = reporting_browser
    run = asyncio.to_thread
    # Without a session the dashboard asks to sign in (the browser is shared by the
    # suite's browser tests, so drop what an earlier one signed in with).
    await run(driver.get, reporting_server.url + "/dashboard/logout")
    await run(driver.delete_all_cookies)
    await run(driver.get, reporting_server.url + "/dashboard?period=2023-24-Q3")
    assert "Sign in to the dashboard" in driver.find_element(By.TAG_NAME, "body").text

    url = await _link(reporting_client, reporting_reader, "/dashboard?period=2023-24-Q3")
    await run(driver.get, url)
    assert driver.current_url.endswith("/dashboard?period=2023-24-Q3")  # no token in it
    cookie = driver.get_cookie("csp_dashboard")
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    # The link worked once.
    await run(driver.get, url)
    assert "used already" in driver.find_element(By.TAG_NAME, "body").text

    for width, height, device in ((1280, 900, "desktop"), (390, 844, "phone")):
        await run(driver.set_window_size, width, height)
        for path, heading in PAGES:
            await run(driver.get, f"{reporting_server.url}{path}?period=2023-24-Q3")
            body = driver.find_element(By.TAG_NAME, "body").text
            assert heading in body, (path, body[:300])
            assert _charts_loaded(driver) >= 1
            assert _fits_width(driver), f"{path} scrolls sideways on a {device}"
            full_height = driver.execute_script("return document.body.scrollHeight")
            await run(driver.set_window_size, width, min(full_height + 120, 6000))
            shot = tmp_path / f"{device}{path.replace('/', '-')}.png"
            await run(driver.save_screenshot, str(shot))
            _non_trivial(shot)
            await run(driver.set_window_size, width, height)

    await run(driver.get, f"{reporting_server.url}/dashboard?period=2023-24-Q3")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "1,998" not in body  # the overview is the quarter, not 2023
    assert "283" in body
    # Printing: the browser's own PDF of the overview.
    printed = base64.b64decode(await run(driver.print_page))
    assert printed.startswith(b"%PDF")
    (tmp_path / "overview-print.pdf").write_bytes(printed)

    # The period picker and a nonsense period.
    await run(driver.get, f"{reporting_server.url}/dashboard?period=2023")
    assert "1,998" in driver.find_element(By.TAG_NAME, "body").text
    await run(driver.get, f"{reporting_server.url}/dashboard?period=2023-24-Q9")
    assert "not understood" in driver.find_element(By.TAG_NAME, "body").text

    await run(driver.get, f"{reporting_server.url}/dashboard/logout")
    await run(driver.get, f"{reporting_server.url}/dashboard")
    assert "Sign in to the dashboard" in driver.find_element(By.TAG_NAME, "body").text
    print(f"screenshots in {tmp_path}")


async def test_dashboard_pages_refuse_strangers(reporting_client, auth_header) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get("/dashboard")
    assert response.status_code == 401
    assert "default-src 'none'" in response.headers["content-security-policy"]
    forged = await reporting_client.get("/dashboard", cookies={"csp_dashboard": "x.y.z"})
    assert forged.status_code == 401
    bad_link = await reporting_client.get("/dashboard/login", params={"token": "nonsense"})
    assert bad_link.status_code == 401
    no_scope = auth_header(agency="idas", scopes=["provider:feedback"])
    assert (await reporting_client.get("/dashboard", headers=no_scope)).status_code == 401
    assert (await reporting_client.post("/v1/dashboard/links", headers=no_scope)).status_code == 403
    reader = auth_header(agency="pfcc", scopes=["reports:read"])
    ok = await reporting_client.get("/dashboard", params={"period": "2023"}, headers=reader)
    assert ok.status_code == 200
    assert "no-store" in ok.headers["cache-control"]


async def test_a_link_only_leads_to_the_dashboard(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    for target in ("https://evil.example/", "//evil.example", "/v1/stats/marac"):
        url = httpx.URL(await _link(reporting_client, reporting_reader, target))
        response = await reporting_client.get(url.path, params=dict(url.params))
        assert response.status_code == 303
        assert response.headers["location"] == "/dashboard"
