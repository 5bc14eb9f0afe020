"""A headless Chromium for tests of pages (Debian packages chromium, chromium-driver;
`make test` installs them). Skipped where they are not installed."""

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
