"""A headless Chromium for tests of pages (Debian packages chromium, chromium-driver;
`make test` installs them). Skipped where they are not installed. Screenshots go to the
test's temporary directory, or to the one REPORTING_SCREENSHOTS names (docs/screenshots
is made that way), as small palette PNGs."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def chromium(name: str) -> Any:
    """A session fixture `name`: a selenium WebDriver of headless Chromium."""

    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service

        driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        browser_path = shutil.which("chromium") or "/usr/bin/chromium"
        if not Path(driver_path).exists() or not Path(browser_path).exists():
            pytest.skip("chromium and chromium-driver are not installed")
        options = Options()
        options.binary_location = browser_path
        for argument in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.set_page_load_timeout(60)
        yield driver
        driver.quit()

    return pytest.fixture(scope="session", name=name)(fixture)


SCREENSHOTS = "REPORTING_SCREENSHOTS"


def set_width(driver: Any, width: int, height: int) -> None:
    """The page's viewport, as a phone's below 600 px."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def screenshots_dir(tmp_path: Path) -> Path:
    named = os.environ.get(SCREENSHOTS)
    target = Path(named) if named else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


def save_small(path: Path) -> None:
    """A palette PNG: a screenshot of text and flat charts needs few colours."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def full_page_shot(driver: Any, width: int, path: Path) -> int:
    """The whole page at `width` into `path`; how wide the page is (wider than `width`
    is a page that scrolls sideways)."""
    set_width(driver, width, 900)
    page_width = int(driver.execute_script("return document.documentElement.scrollWidth"))
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    set_width(driver, width, min(height, 12000))
    driver.save_screenshot(str(path))
    save_small(path)
    return page_width
