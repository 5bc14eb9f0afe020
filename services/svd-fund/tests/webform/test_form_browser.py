"""The applicant's web form in headless Chromium: an organisation registers, saves a
draft, comes back to it, is told what is wrong (the GOV.UK error summary), and submits.
Screenshots are saved in the test's temporary directory and checked for being more than
a blank page."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait

from csp_devtools.testing.browser import chromium
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database
from svd_fund.app import create_app

fund_browser = chromium("fund_browser")


@pytest.fixture(scope="module")
async def fund_server(fund_settings_factory):
    url = await create_database("csp_svd_form")
    app = create_app(fund_settings_factory(database_url=url, database_pool_size=5))
    server = await UvicornServer(app).start()
    try:
        yield server
    finally:
        await server.stop()
        await drop_database(url)


def _non_trivial(path: Path) -> None:
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert image.width > 300 and image.height > 300
    assert len(colours) > 20, f"{path.name}: only {len(colours)} colours"


def _shot(driver, name: str, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1100, min(max(height, 800), 6000))
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1100, 900)
    _non_trivial(path)
    return path


def _type(driver, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def _click(driver, element_id: str) -> None:  # type: ignore[no-untyped-def]
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView()", element)
    if not element.is_selected():
        element.click()


def _loading(driver, click) -> None:  # type: ignore[no-untyped-def]
    """Click, then wait for the next page (a form post or a link is a new document)."""
    page = driver.find_element(By.TAG_NAME, "html")
    click()
    WebDriverWait(driver, 60).until(staleness_of(page))
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def _press(driver, label: str) -> None:  # type: ignore[no-untyped-def]
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    _loading(driver, button.click)


def _follow(driver, by: str, text: str) -> None:  # type: ignore[no-untyped-def]
    _loading(driver, driver.find_element(by, text).click)


def start_and_save(driver, base: str) -> None:  # type: ignore[no-untyped-def]
    driver.get(base + "/apply")
    _follow(driver, By.PARTIAL_LINK_TEXT, "Start a bid")
    _type(driver, "org_name", "Whitby Boxing Club")
    _type(driver, "org_id", "gb-chc-1180000")
    Select(driver.find_element(By.ID, "org_kind")).select_by_value("charity")
    _type(driver, "title", "Gloves on, knives down")
    _press(driver, "Save and come back later")


def fill_the_rest(driver) -> None:  # type: ignore[no-untyped-def]
    _type(driver, "summary", "Boxing sessions and mentoring for young people at risk.")
    for box in (
        "priorities-children-young-people",
        "priorities-weapons",
        "activity_types-diversion-sport",
        "areas-scarborough",
        "answer-not-for-profit-yes",
        "answer-delivers-locally-yes",
        "answer-safeguarding-policy-yes",
        "answer-statutory-duty-no",
    ):
        _click(driver, box)
    for name, (day, month, year) in {
        "planned_start": ("1", "4", "2024"),
        "planned_end": ("31", "3", "2025"),
    }.items():
        _type(driver, f"{name}-day", day)
        _type(driver, f"{name}-month", month)
        _type(driver, f"{name}-year", year)
    _type(driver, "amount", "15000")
    Select(driver.find_element(By.ID, "line-0-kind")).select_by_value("labour")
    _type(driver, "line-0-item", "Coaches and a mentor")
    _type(driver, "line-0-amount", "11000")
    Select(driver.find_element(By.ID, "line-1-kind")).select_by_value("non_labour")
    _type(driver, "line-1-item", "Gym hire and kit")
    _type(driver, "line-1-amount", "3000")
    Select(driver.find_element(By.ID, "output-0-measure")).select_by_value("participants")
    Select(driver.find_element(By.ID, "output-0-age_band")).select_by_value("16_17")
    _type(driver, "output-0-target", "60")
    Select(driver.find_element(By.ID, "outcome-0-priority")).select_by_value("weapons")
    _type(driver, "outcome-0-measure", "Participants who stop carrying a knife")
    _type(driver, "outcome-0-target", "Three in four")
    _press(driver, "Submit bid")


def fix_and_submit(driver) -> None:  # type: ignore[no-untyped-def]
    driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary a").click()  # same page
    _type(driver, "line-1-amount", "4000")
    _press(driver, "Submit bid")


async def test_an_organisation_applies_through_the_form(
    fund_server, fund_browser, auth_header, tmp_path
):
    driver, run, base = fund_browser, asyncio.to_thread, fund_server.url
    manager = auth_header(agency="pfcc", scopes=["fund:manage"])
    applicant = auth_header(agency="whitby-boxing", scopes=["fund:apply"])
    now = datetime.now(UTC)
    async with httpx.AsyncClient(base_url=base) as api:
        created = await api.post(
            "/v1/rounds",
            json={
                "name": "Prevention and Early Identification Fund 2023/24",
                "budget": "250000.00",
                "opens_at": (now - timedelta(days=1)).isoformat(),
                "closes_at": (now + timedelta(days=30)).isoformat(),
            },
            headers=manager,
        )
        assert created.status_code == 201, created.text
        # the sign-in proxy's part: the user's token on every request of the browser
        await run(driver.execute_cdp_cmd, "Network.enable", {})
        await run(driver.execute_cdp_cmd, "Network.setExtraHTTPHeaders", {"headers": applicant})
        await run(driver.set_window_size, 1100, 900)

        await run(start_and_save, driver, base)
        assert "?saved=1" in driver.current_url
        assert "Your draft is saved" in driver.find_element(By.TAG_NAME, "body").text
        bid_id = driver.current_url.split("/apply/bids/")[1].split("?")[0]

        # another visit: the draft is on the server, not in the browser
        await run(driver.delete_all_cookies)
        await run(driver.get, base + "/apply")
        assert "Whitby Boxing Club" in driver.find_element(By.TAG_NAME, "body").text
        await run(_follow, driver, By.LINK_TEXT, "Gloves on, knives down")
        assert (
            driver.find_element(By.ID, "title").get_attribute("value") == "Gloves on, knives down"
        )
        assert not driver.find_elements(By.ID, "org_id")  # registered: not asked again

        await run(fill_the_rest, driver)
        summary = driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
        assert "There is a problem" in summary.text
        assert "£14,000.00, not the £15,000.00" in summary.text
        assert driver.title.startswith("Error:")
        await run(_shot, driver, "form-errors", tmp_path)
        draft = await api.get(f"/v1/bids/{bid_id}", headers=applicant)
        assert draft.json()["status"] == "draft"
        assert draft.json()["amount"] == "15000.00"  # saved, though not submitted

        await run(fix_and_submit, driver)
        assert driver.current_url.endswith(f"/apply/bids/{bid_id}/submitted")
        assert "Bid submitted" in driver.find_element(By.TAG_NAME, "body").text
        await run(_shot, driver, "form-submitted", tmp_path)

        bid = (await api.get(f"/v1/bids/{bid_id}", headers=manager)).json()
        assert bid["status"] == "submitted"
        assert bid["budget_totals"] == {"labour": "11000.00", "non_labour": "4000.00"}
        assert bid["outputs"] == [{"measure": "participants", "age_band": "16_17", "target": 60}]
        organisation = (await api.get("/v1/organisations", headers=applicant)).json()["items"]
        assert [o["org_id"] for o in organisation] == ["GB-CHC-1180000"]


async def test_the_form_needs_the_applicants_token(fund_server):
    async with httpx.AsyncClient(base_url=fund_server.url) as client:
        answer = await client.get("/apply")
    assert answer.status_code == 401
