"""Every dashboard page and the committee report in headless Chromium at a desktop's and a
phone's width: nothing scrolls sideways, and no chart's text (an axis label, a legend, a
title) runs outside its picture or is cut short with an ellipsis.

Screenshots go to the test's temporary directory, or to the directory that
REPORTING_SCREENSHOTS names (docs/screenshots is made that way), as small palette PNGs.
"""

import asyncio
import shutil
import subprocess

import httpx
import pytest
from PIL import Image

from csp_devtools.testing.browser import save_small, screenshots_dir, set_width
from reporting.dashboard.service import PAGES

PERIOD = "2023-24-Q3"
WIDTHS = (1400, 400)

_CHARTS = "return Array.from(document.querySelectorAll('img.chart'), i => [i.alt, i.src])"

# Run in a chart's own document (its SVG opened alone, drawn as the page's img draws it):
# the texts whose box leaves the picture, or that pygal cut short with an ellipsis.
_CUT_TEXTS = """
const frame = document.documentElement.getBoundingClientRect();
const problems = [];
for (const text of document.querySelectorAll('text')) {
  const words = text.textContent.trim();
  const box = text.getBoundingClientRect();
  if (!words || box.width === 0) continue;
  if (box.left < frame.left - 1 || box.right > frame.right + 1
      || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
    problems.push(`"${words}" leaves the picture`);
  } else if (words.includes('\u2026')) {
    problems.push(`"${words}" is cut short`);
  }
}
return problems;
"""


def _chart_faults(driver, where: str, charts: list[list[str]]) -> list[str]:  # type: ignore[no-untyped-def]
    faults = []
    for n, (alt, src) in enumerate(charts, start=1):
        if not src.startswith("data:image/svg+xml"):
            faults.append(
                f"{where}: chart {n} ({alt}) is an empty frame: say why in a sentence"
                " (the chart macro of templates/charts.html does)"
            )
            continue
        driver.get(src)
        view = driver.execute_script(
            "const v = document.documentElement.viewBox.baseVal; return [v.width, v.height]"
        )
        set_width(driver, int(view[0]), int(view[1]))
        driver.execute_script(
            "document.documentElement.setAttribute('width', arguments[0]);"
            "document.documentElement.setAttribute('height', arguments[1])",
            *view,
        )
        faults += [f"{where}: chart {n} ({alt}): {p}" for p in driver.execute_script(_CUT_TEXTS)]
    return faults


def _name(path: str) -> str:
    return path.removeprefix("/dashboard").strip("/") or "overview"


async def test_every_page_fits_both_widths_and_no_chart_text_is_cut(
    reporting_server,
    reporting_client,
    reporting_reader,
    reporting_seeded,
    reporting_browser,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    driver = reporting_browser
    run = asyncio.to_thread
    shots = screenshots_dir(tmp_path)
    response = await reporting_client.post(
        "/v1/dashboard/links",
        json={"next": f"/dashboard?period={PERIOD}"},
        headers=reporting_reader,
    )
    assert response.status_code == 201, response.text
    await run(driver.get, response.json()["url"])
    faults: list[str] = []
    try:
        for width in WIDTHS:
            for path, _label in PAGES:
                set_width(driver, width, 900)
                await run(driver.get, f"{reporting_server.url}{path}?period={PERIOD}")
                where = f"{path} at {width} px"
                assert "Sign in" not in driver.title, where
                page_width = driver.execute_script("return document.documentElement.scrollWidth")
                if page_width > width:
                    faults.append(f"{where} scrolls sideways ({page_width} px wide)")
                charts = driver.execute_script(_CHARTS)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                set_width(driver, width, min(height, 12000))
                shot = shots / f"{_name(path)}-{width}.png"
                await run(driver.save_screenshot, str(shot))
                save_small(shot)
                if width == WIDTHS[0]:  # a chart is the same picture at every width
                    faults += await run(_chart_faults, driver, path, charts)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not faults, "\n".join(faults)


async def test_the_committee_report_pdf_pages(
    reporting_client, reporting_reader, reporting_seeded, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The PDF's pages as pictures, for looking at (pdftoppm of poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    response = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": PERIOD, "format": "pdf"},
        headers=reporting_reader,
        timeout=httpx.Timeout(120),
    )
    assert response.status_code == 200, response.text
    shots = screenshots_dir(tmp_path)
    for old in shots.glob("report-pdf-page-*.png"):
        old.unlink()
    source = tmp_path / "report.pdf"
    source.write_bytes(response.content)
    prefix = shots / "report-pdf-page"
    command = ["pdftoppm", "-png", "-r", "70", str(source), str(prefix)]
    await asyncio.to_thread(subprocess.run, command, check=True)
    pages = sorted(shots.glob("report-pdf-page-*.png"))
    assert pages
    for page in pages:
        save_small(page)
        with Image.open(page) as picture:  # A4 at 70 dpi, portrait
            assert picture.height > picture.width


async def test_the_stylesheets_and_nothing_else(reporting_client) -> None:  # type: ignore[no-untyped-def]
    for name in ("reporting.css", "screen.css"):
        response = await reporting_client.get(f"/dashboard/static/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/css"
        )
    screen = (await reporting_client.get("/dashboard/static/screen.css")).text
    assert "@media (max-width: 40rem)" in screen and "overflow-x" in screen
    for name in ("other.css", "..%2Fsettings.py", "reporting.CSS"):
        response = await reporting_client.get(f"/dashboard/static/{name}")
        assert response.status_code == 404, name
        assert response.headers["content-type"] == "application/problem+json"
