"""The committee report's sections from configuration (§1 priorities, §2 partnership
development, recommendations) in HTML, PDF and DOCX; the DOCX's accessibility (headings,
header rows, charts as images with text alternatives); screenshots of the governance page
and two of the report's pages in headless Chromium, kept in
docs/screenshots when REPORTING_shots_dir names it."""

import asyncio
import io
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from selenium.webdriver.common.by import By

LOCAL_PARTNERSHIPS = (
    "Local Safeguarding Partnerships in 4 areas: Selby, Ryedale and Scarborough, "
    "Richmondshire and Hambleton and Harrogate and Craven."
)
SECTION_ORDER = [
    "Purpose of this report",
    "Partnership development (links across safeguarding)",
    "Domestic abuse",
    "Domestic Homicide Reviews",
    "Serious Violence Duty",
    "Hate crime and community cohesion",
    "Recommendations",
]
DOMESTIC_ABUSE_PARTS = [
    "Domestic abuse referrals",
    "Commissioned services",
    "Multi-Agency Risk Assessment Conferences (MARAC)",
    "Multi-Agency Tasking and Coordination (MATAC)",
]
"""§4's subheadings in order (the crimes' part is there only with published crimes)."""
HUBS_IN_PURPOSE = "The partnership's work reported here: its community safety hubs"
MARAC = "During 2023, 1,998 cases were discussed within MARAC across North Yorkshire and York."


def _in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


async def test_the_html_has_every_configured_section(
    reporting_client, reporting_reader, reporting_seeded
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    text = " ".join(response.text.split())
    headings = re.findall(r"<h2 id=\"section-[a-z_]+\">([^<]+)</h2>", text)
    assert _in_order(" | ".join(headings), SECTION_ORDER), headings
    domestic_abuse = text[text.index("4.0 Domestic abuse") : text.index("5.0 ")]
    parts = re.findall(r"<h3>([^<]+)</h3>", domestic_abuse)
    assert _in_order(" | ".join(parts), DOMESTIC_ABUSE_PARTS), parts
    assert "4.1</span><span>This section covers " in domestic_abuse
    assert HUBS_IN_PURPOSE in unescape(text[: text.index("2.0 ")])
    assert LOCAL_PARTNERSHIPS in text
    assert "(Community Safety Partnership, Safeguarding Children Partnership and " in text
    assert '<th scope="row">Safeguarding Adults Board</th>' in text
    for priority in (
        "Partnership development (links across safeguarding)",
        "Community safety hubs",
        "Hate crime and community cohesion",
    ):
        assert f'<th scope="row">{priority}</th>' in text
    assert '<th scope="col">Owner</th>' in text
    assert "Draft</strong>: not yet approved" in text
    assert re.search(
        r'<img class="chart" src="data:image/svg\+xml;base64,[^"]+" alt="Chart: ', text
    )


async def test_the_pdf_text(reporting_client, reporting_reader, reporting_seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    response = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3", "format": "pdf"},
        headers=reporting_reader,
        timeout=120,
    )
    (tmp_path / "r.pdf").write_bytes(response.content)
    out = (
        await asyncio.to_thread(
            subprocess.run,
            ["pdftotext", str(tmp_path / "r.pdf"), "-"],
            capture_output=True,
            check=True,
            text=True,
        )
    ).stdout
    headings = re.findall(r"^\s*\d+\.0 (.+)$", out, re.MULTILINE)
    assert _in_order(" | ".join(headings), SECTION_ORDER), headings
    text = " ".join(out.split())
    assert "Selby, Ryedale and Scarborough, Richmondshire and Hambleton" in text
    assert "1,998 cases were discussed within MARAC" in text
    assert _in_order(text, DOMESTIC_ABUSE_PARTS)
    assert HUBS_IN_PURPOSE in text


async def test_the_docx(reporting_client, reporting_reader, reporting_seeded) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3", "format": "docx"},
        headers=reporting_reader,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "scrutiny-update-2023-24-Q3.docx" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert _in_order(" | ".join(headings), SECTION_ORDER), headings
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert _in_order(" | ".join(parts), DOMESTIC_ABUSE_PARTS), parts
    text = " ".join(" ".join(p.text for p in document.paragraphs).split())
    assert MARAC.removesuffix(".") in text
    assert "283 hate crimes reported" in text
    assert LOCAL_PARTNERSHIPS in text
    html = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    charts = html.text.count('<img class="chart"')
    pictures = document.inline_shapes
    assert len(pictures) == charts >= 4
    for picture in pictures:
        assert picture._inline.docPr.get("descr", "").startswith("Chart: ")
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    cells = [c.text for t in document.tables for c in t.rows[0].cells]
    assert "Local Safeguarding Partnership" in cells
    by_accept = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3"},
        headers={**reporting_reader, "Accept": response.headers["content-type"]},
        timeout=120,
    )
    assert by_accept.content[:2] == b"PK"


def _non_trivial(path: Path) -> None:
    with Image.open(path) as image:
        assert image.width == 1400
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 200


async def test_screenshots(
    reporting_server,
    reporting_client,
    reporting_reader,
    reporting_seeded,
    reporting_browser,
    auth_header,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    # REPORTING_shots_dir=docs/screenshots keeps them (as the layout test's are made).
    shots_dir = Path(os.environ.get("REPORTING_shots_dir") or tmp_path)
    driver = reporting_browser
    run = asyncio.to_thread
    owner = auth_header(agency="north-yorkshire-council", scopes=["reports:write"])
    status = await reporting_client.put(
        "/v1/governance/priorities/domestic-abuse/status",
        headers=owner,
        json={
            "status": "at_risk",
            "note": "The strategy's delivery plan is due at the board in April.",
            "next_steps": ["A multi-agency delivery plan and performance framework"],
            "set_on": "2024-02-20",
        },
    )
    assert status.status_code in (200, 201), status.text
    link = await reporting_client.post(
        "/v1/dashboard/links",
        json={"next": "/dashboard/governance?period=2023-24-Q3"},
        headers=reporting_reader,
    )
    await run(driver.get, link.json()["url"])
    await run(driver.set_window_size, 1400, 1100)
    inner = driver.execute_script("return window.innerWidth")
    await run(driver.set_window_size, 1400 + (1400 - inner), 1100)
    await run(shots_dir.mkdir, parents=True, exist_ok=True)
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Governance: the partnership's priorities" in body
    assert "Inclusive Communities Joint Coordination Group" in body
    shots = {"governance.png": None}
    await run(driver.save_screenshot, str(shots_dir / "governance.png"))
    await run(driver.get, f"{reporting_server.url}/dashboard/report?period=2023-24-Q3")
    assert "Local Safeguarding Partnerships" in driver.find_element(By.TAG_NAME, "body").text
    await run(driver.save_screenshot, str(shots_dir / "committee-report-priorities.png"))
    driver.execute_script("document.getElementById('section-domestic_abuse').scrollIntoView()")
    await run(driver.save_screenshot, str(shots_dir / "committee-report-domestic-abuse.png"))
    shots.update(
        {"committee-report-priorities.png": None, "committee-report-domestic-abuse.png": None}
    )
    for name in shots:
        _non_trivial(shots_dir / name)
