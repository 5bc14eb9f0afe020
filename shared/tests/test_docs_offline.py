"""`/docs` and `/redoc` in headless Chromium: every service's app (built by csp_common's
factory; here the kit probe) serves Swagger UI and ReDoc itself, so the pages render on a
network that reaches nothing beyond the machine."""

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from csp_devtools.kits.probe.kit import KitSettings, create_kit_app
from csp_devtools.testing.browser import chromium
from csp_devtools.testing.infra import UvicornServer

docs_browser = chromium("docs_browser")

HOST = "127.0.0.1"
HOST_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789.-[_%@"


def _outside_patterns() -> list[str]:
    """Chromium's blocked-URL patterns for every host but 127.0.0.1 (the patterns have
    wildcards and no exceptions): a host that leaves 127.0.0.1 at some character, or
    goes on past it."""
    patterns = []
    for length in range(len(HOST) + 1):
        expected = HOST[length] if length < len(HOST) else None
        patterns += [
            f"*://{HOST[:length]}{character}*"
            for character in HOST_CHARACTERS
            if character != expected
        ]
    return patterns


@pytest.fixture
async def docs_server(kit_settings_factory: Callable[..., KitSettings]) -> AsyncIterator[str]:
    async with UvicornServer(create_kit_app(kit_settings_factory())) as server:
        yield server.url


def _requested(driver) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the page asked for: each URL and what asked for it (script, link, img...)."""
    return dict(
        driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType])"
        )
    )


def _load(driver, url: str, ready: str) -> None:  # type: ignore[no-untyped-def]
    driver.get(url)
    WebDriverWait(driver, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ready))
    )


async def test_docs_and_redoc_render_from_the_service_alone(
    docs_server: str, docs_browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    driver = docs_browser
    run = asyncio.to_thread
    await run(driver.set_window_size, 1280, 1000)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": _outside_patterns()})

    await run(_load, driver, docs_server + "/docs", ".opblock")
    operations = driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    assert any(o.text.startswith("/v1/") for o in operations), [o.text for o in operations]
    requested = _requested(driver)
    assert any(url.endswith("swagger-ui-bundle.js") for url in requested), requested
    assert all(url.startswith(docs_server) for url in requested), requested
    shot = tmp_path / "docs.png"
    await run(driver.save_screenshot, str(shot))

    await run(_load, driver, docs_server + "/redoc", "[data-section-id]")
    requested = _requested(driver)
    assert any(url.endswith("redoc.standalone.js") for url in requested), requested
    # ReDoc's sidebar links its maker's logo from their CDN: an image, blocked here, that
    # the page does without. Nothing it runs or styles with comes from outside.
    outside = {url: kind for url, kind in requested.items() if not url.startswith(docs_server)}
    assert set(outside.values()) <= {"img"}, outside
    assert "Kit probe" in driver.find_element(By.TAG_NAME, "body").text
    await run(driver.save_screenshot, str(tmp_path / "redoc.png"))

    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50, f"/docs looks blank: {len(colours)} colours"
    print(f"screenshots in {tmp_path}")
