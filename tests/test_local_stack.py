"""`make run` for real: `csp up` starts the broker and every installed service and
simulator and loads the demo; what it prints works; a service killed with SIGKILL is
restarted and `csp up` says so; stopped and started again, the demo figures are there,
and a rebuild of the read models from the log gives the same figures; a port in use is
refused by number before anything starts.

One stack serves the module (the demo takes a while to load); the test that restarts
it comes last."""

import io
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import docx
import httpx
import pytest

from csp_common.registry import installed
from csp_devtools.stack import port_taken
from csp_devtools.testing.browser import chromium, full_page_shot, save_small, screenshots_dir
from csp_devtools.testing.local_stack import CSP, CspUp
from reporting.dashboard.service import PAGES

OFFSET = int(os.environ.get("CSP_STACK_TEST_PORT_OFFSET", "20000"))
SEED_QUARTER = "2023-24-Q3"
WIDTHS = (1400, 400)
DASHBOARD_PAGES = (*PAGES, ("/dashboard/governance", "Governance"))

browser = chromium("browser")
READ_MODELS = "reporting-read-models"

FIGURES = [
    *(("/v1/stats/marac", {"year": year}) for year in (2022, 2023, 2024)),
    *(("/v1/stats/hate-crime", {"period": period}) for period in ("2023-24-Q3", "2022-23-Q3")),
    *(("/v1/stats/referrals", {"year": year}) for year in (2023, 2024)),
    *(("/v1/returns/safelives", {"year": year}) for year in (2023, 2024)),
    *(("/v1/stats/attendance", {"year": year}) for year in (2023, 2024)),
    *(("/v1/stats/providers", {"year": year}) for year in (2023, 2024)),
    *(("/v1/stats/matac", {"year": year}) for year in (2024, time.gmtime().tm_year)),
    *(("/v1/stats/matac", {"period": period}) for period in ("2023-24-Q3", "2022-23")),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CspUp]:
    up = CspUp(state_dir=tmp_path_factory.mktemp("local"), offset=OFFSET).start()
    try:
        up.wait_ready()
        yield up
    finally:
        up.stop()


def _counts(database: Path, query: str) -> dict[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return dict(conn.execute(query).fetchall())


def _written(stack: CspUp) -> dict[str, int]:
    """Events referral-hub and marac wrote to their outboxes, per source."""
    written: dict[str, int] = {}
    for service in ("referral-hub", "marac"):
        written |= _counts(
            stack.state_dir / f"{service}.db", "SELECT source, count(*) FROM outbox GROUP BY 1"
        )
    return written


def _settled(stack: CspUp) -> bool:
    """reporting has applied every event referral-hub and marac wrote to their outboxes."""
    written = _written(stack)
    applied = _counts(
        stack.state_dir / "reporting.db",
        f"SELECT source, count(*) FROM processed_event WHERE consumer = '{READ_MODELS}' GROUP BY 1",
    )
    return bool(written) and all(applied.get(s, 0) >= n for s, n in written.items())


def _eventually(check: Callable[[], object], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{check.__name__} not true within {timeout}s")
        time.sleep(0.5)


def _figures(client: httpx.Client, headers: dict[str, str]) -> dict[str, object]:
    figures = {}
    for path, params in FIGURES:
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == 200, (path, response.text)
        figures[f"{path}?{urlencode(params)}"] = response.json()
    return figures


def _pid_serving(port: int) -> int:
    """The uvicorn process `csp up` started on the port (from /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"uvicorn" in args and b"--port" in args and str(port).encode() in args:
            return int(proc.name)
    raise AssertionError(f"no uvicorn process on port {port}")


def test_csp_up_refuses_a_taken_port_by_number(tmp_path: Path) -> None:
    offset = OFFSET + 300
    marac = next(e for e in installed("csp.services") if e.name == "marac").port + offset
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", marac))
        holder.listen(1)
        assert port_taken(marac)
        refused = subprocess.run(
            [
                *(str(CSP), "up", "--no-demo"),
                *("--port-offset", str(offset), "--state-dir", str(tmp_path)),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert refused.returncode == 1, refused
    said = refused.stdout + refused.stderr
    assert f"port {marac} (for marac)" in said, said
    assert "--port-offset" in said
    assert not port_taken(9092 + offset), "the broker started although a port was taken"
    assert not (tmp_path / "marac.db").exists()


def test_csp_up_starts_everything_with_the_demo(stack: CspUp) -> None:
    entries = installed("csp.services") + installed("csp.simulators")
    assert {"referral-hub", "marac", "reporting"} <= {e.name for e in entries}
    for entry in entries:
        url = f"http://127.0.0.1:{entry.port + OFFSET}/healthz"
        assert httpx.get(url, timeout=5).status_code == 200, entry.name
        assert f"127.0.0.1:{entry.port + OFFSET}" in stack.output
    tokens = [line for line in stack.lines if line.count(".") == 2 and len(line.strip()) > 100]
    assert tokens, "csp up printed no token"
    link = next(line.strip() for line in stack.lines if "/dashboard/login?token=" in line)
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        page = browser.get(link)
    assert page.status_code == 200
    assert "North Yorkshire" in page.text
    # it opens on the demo's latest full quarter, where the figures are
    assert page.url.path == "/dashboard" and page.url.params["period"] == "2023-24-Q3"


def test_a_service_killed_with_sigkill_is_restarted_and_said_so(stack: CspUp) -> None:
    hub = stack.url("referral-hub")
    pid = _pid_serving(int(hub.rsplit(":", 1)[1]))
    seen = len(stack.lines)
    os.kill(pid, signal.SIGKILL)
    stack.wait_for(
        lambda line: line.startswith("referral-hub exited (killed by SIGKILL)"),
        timeout=30,
        after=seen,
    )
    stack.wait_for(lambda line: line.startswith("referral-hub restarted"), timeout=60, after=seen)
    stack.wait_for(lambda line: line.startswith("referral-hub is back"), timeout=120, after=seen)
    assert httpx.get(f"{hub}/readyz", timeout=5).status_code == 200
    assert _pid_serving(int(hub.rsplit(":", 1)[1])) != pid


def test_the_committee_report_tells_the_demo_reviews_and_serious_violence(stack: CspUp) -> None:
    """The demo of dhr-tracker and svd-fund reaches the committee report through the broker:
    its section on Domestic Homicide Reviews and its section on the Serious Violence Duty
    read as the partnership's report does."""
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}

    def report() -> str | None:
        response = httpx.get(
            f"{stack.url('reporting')}/v1/reports/scrutiny",
            params={"period": "2023-24-Q3", "format": "html"},
            headers=headers,
            timeout=60,
        )
        assert response.status_code == 200, response.text
        text = response.text
        return text if "led to the commissioning of statutory reviews" in text else None

    _eventually(report, timeout=300)
    text = report() or ""
    assert "Domestic Homicide Reviews" in text
    assert "Serious Violence Duty" in text
    assert "8.5 per 1,000" in text and "9.6" in text
    assert "was 3.2" in text and "5.1" in text
    # §6: the demo's round is the partnership's 2023/24 round (svd-fund records its dates),
    # so the report of Q3 2023/24 lists its projects by priority
    by_priority = "Prevention and Early Identification Fund 2023-24, by priority"
    _eventually(lambda: by_priority in _one_line(report() or ""), timeout=300)
    text = _one_line(re.sub(r"<[^>]+>", " ", unescape(report() or "")))
    assert "6 projects were awarded £68,500 of the £75,000 budget (91%)" in text
    assert "tackle 5 of the 5 priority areas" in text
    # the priorities by the titles svd-fund's settings give them, not their codes
    assert "Violence against women and girls" in text and "Vawg" not in text
    assert "No round of the Prevention and Early Identification Fund opened" not in text


def test_the_committee_report_of_the_seeds_quarter_has_every_figure(stack: CspUp) -> None:
    """Q3 2023/24, as the seed report tells it, from the demo's one history: referrals
    received and routed to the commissioned services with what the providers reported,
    MARAC cases heard, hate crimes."""
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}
    reporting = stack.url("reporting")
    _eventually(lambda: _settled(stack), timeout=300)
    with httpx.Client(base_url=reporting, headers=headers, timeout=60) as client:
        period = {"period": "2023-24-Q3"}
        referrals = client.get("/v1/stats/referrals", params=period).json()
        providers = client.get("/v1/stats/providers", params=period).json()
        report = client.get("/v1/reports/scrutiny", params=period | {"format": "html"}).text
        year = client.get("/v1/stats/referrals", params={"period": "2022-23-Q3"}).json()
        matac = client.get("/v1/stats/matac", params=period).json()
        matac_before = client.get("/v1/stats/matac", params={"period": "2022-23-Q3"}).json()
    assert isinstance(referrals["referrals"], int) and referrals["referrals"] > 20, referrals
    # MATAC (§4): the demo's nominations count in their own quarter, not the day of loading
    assert isinstance(matac["nominations"], int) and matac["nominations"] >= 20, matac
    assert isinstance(matac["serial_perpetrators"], int) and matac["serial_perpetrators"] >= 5
    assert isinstance(matac["exits"], int) and matac["exits"] >= 5, matac
    assert isinstance(matac["interventions"]["support"], int), matac["interventions"]
    areas = [a["count"] for a in matac["by_area"].values()]
    assert all(n == "suppressed" or (isinstance(n, int) and n >= 5) for n in areas), areas
    assert sum(isinstance(n, int) for n in areas) >= 3, areas
    assert isinstance(matac_before["nominations"], int) and matac_before["nominations"] >= 5
    assert "No perpetrators were nominated to MATAC" not in report
    assert (
        f"In Q3 2023/24, {matac['nominations']:,} perpetrators of domestic abuse were "
        "nominated to MATAC"
    ) in report
    assert isinstance(year["referrals"], int) and year["referrals"] > 20, year
    assert "No referrals were routed to commissioned services" not in report
    assert " 0 domestic abuse referrals" not in report
    assert "283" in report and "256" in report
    assert "1,998" in report
    # §1: every priority's status, set by its owner in the demo's history, with its date
    governance = _one_line(re.sub(r"<[^>]+>", " ", unescape(report)))
    assert "Not yet set" not in governance
    assert "At risk 2024-02-08" in governance and "On track 2024-02-08" in governance
    # a funnel's small cells (and their complements) are suppressed; what was routed is shown
    routed = {name: f["received"] for name, f in providers["providers"].items()}
    assert isinstance(routed["idas"], int) and routed["idas"] > 20, routed
    assert isinstance(routed["foundation"], int) and routed["foundation"] >= 5, routed


def test_the_committee_report_tells_the_demo_community_safety_hubs(stack: CspUp) -> None:
    """The hubs' demo cases, opened through referral-hub's API, reach reporting's hub
    figures and the committee report's community safety hubs section (§3)."""
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}
    _eventually(lambda: _settled(stack), timeout=300)
    with httpx.Client(base_url=stack.url("reporting"), headers=headers, timeout=60) as client:
        year = client.get("/v1/stats/hubs", params={"period": "2023-24"})
        report = client.get(
            "/v1/reports/scrutiny", params={"period": "2023-24-Q3", "format": "html"}
        ).text
    assert year.status_code == 200, year.text
    opened = year.json()["cases"]["opened"]["count"]
    assert isinstance(opened, int) and opened > 5, year.json()["cases"]
    assert "Community Safety Hubs" in report


def _section(html: str, card: str) -> str:
    found = re.search(rf'<section class="card[^"]*" id="{card}">(.*?)</section>', html, re.S)
    assert found, f"no section {card}"
    return found.group(1)


def _cells(html: str, part: str) -> list[str]:
    """The figures (`td.n`) of a table part (tbody, tfoot) of a page's section."""
    found = re.search(rf"<{part}>(.*?)</{part}>", html, re.S)
    assert found, part
    return re.findall(r'<td class="n">([^<]*)</td>', found.group(1))


def _published(cell: str) -> int:
    assert re.fullmatch(r"\d[\d,]*", cell), cell
    return int(cell.replace(",", ""))


def test_the_seeds_quarter_has_its_referrals_by_month_and_its_hub_cases(stack: CspUp) -> None:
    """Q3 2023/24 on the dashboard: the overview's referrals by month, this quarter and a
    year before, are published figures, none suppressed (the demo's referrals are a
    hub's volume: enough in each area's every month), and so are its referrals by area;
    the hubs page counts the cases opened in the quarter (the demo's hub cases run
    through the history)."""
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}
    reporting = stack.url("reporting")
    _eventually(lambda: _settled(stack), timeout=300)
    period = {"period": SEED_QUARTER}
    with httpx.Client(base_url=reporting, headers=headers, timeout=60) as client:
        months = client.get("/v1/stats/referrals", params=period | {"group_by": "month"}).json()
        areas = client.get("/v1/stats/referrals", params=period | {"group_by": "area"}).json()
        hubs = client.get("/v1/stats/hubs", params=period).json()
        link = client.post(
            "/v1/dashboard/links", json={"next": f"/dashboard?period={SEED_QUARTER}"}
        )
    assert list(months["groups"]) == ["2023-10", "2023-11", "2023-12"], months["groups"]
    for month, figure in months["groups"].items():
        for shown in (figure["count"], figure["previous_year_count"]):
            assert isinstance(shown, int) and shown >= 5, (month, figure)
    assert len(areas["groups"]) == 8
    assert all(isinstance(a["count"], int) and a["count"] >= 5 for a in areas["groups"].values())
    opened = hubs["cases"]["opened"]
    assert isinstance(opened["count"], int) and opened["count"] >= 5, opened
    assert isinstance(opened["previous_year_count"], int), opened

    assert link.status_code == 201, link.text
    with httpx.Client(follow_redirects=True, timeout=60) as browser:
        overview = browser.get(link.json()["url"])
        hubs_page = browser.get(f"{reporting}/dashboard/hubs", params=period)
    assert overview.status_code == 200 and hubs_page.status_code == 200
    trend = _section(overview.text, "referrals-trend")
    shown = [_published(cell) for cell in _cells(trend, "tbody")]
    assert shown == [
        n for g in months["groups"].values() for n in (g["count"], g["previous_year_count"])
    ]
    assert 'class="chart-empty"' not in trend
    hub_cases = _section(hubs_page.text, "hub-cases")
    assert _published(_cells(hub_cases, "tfoot")[0]) == opened["count"]


SEED_FIGURES = [
    # MARAC (§4): 1,998 cases in 2023, 4% more than 2022, the three largest shares
    "During 2023, 1,998 cases were discussed within MARAC across North Yorkshire and York. "
    "This is a 4% increase on 2022 figures. Scarborough and Ryedale MARAC heard 27% of the "
    "total cases, Harrogate and Craven MARAC 24% and York MARAC 23%.",
    # hate crime (§7): 283 against 256, race 55%, 14 against officers
    "For Q3 2023/24 there have been 283 hate crimes reported across North Yorkshire and "
    "York, compared to 256 for the equivalent period 2022/23",
    "14 hate crimes were committed against police officers",
    "Race is the dominant strand, accounting for 55% of all hate crime reports.",
    # Domestic Homicide Reviews (§5): five reviews, three published
    "5 deaths have led to the commissioning of statutory reviews, 3 reviews are completed "
    "and published",
    # Serious Violence Duty (§6): 8.5 against 9.6 per 1,000, 3% with a knife, 3.2 against 5.1
    "Violence with injury had an offence rate of 8.5 per 1,000 of the population in North "
    "Yorkshire and York, this is lower than the national average rate of 9.6.",
    "3% of the offences included the use of a knife.",
    "the Crime Severity Score (CSS) for North Yorkshire and York was 3.2",
    # §4's parts under their headings, §4.2's crimes and the providers' own returns
    "Police-recorded domestic abuse crimes",
    "police-recorded domestic abuse crimes for every area of North Yorkshire and York "
    "except City of York",
    "Multi-Agency Tasking and Coordination (MATAC)",
    "IDAS - Victim community-based support:",
    "Foundation - +Choices support services for adult perpetrators:",
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_committee_report_of_the_demo_reproduces_the_seeds_figures_in_every_format(
    stack: CspUp, tmp_path: Path
) -> None:
    """The committee report of make run's demo for Q3 2023/24 tells the seed report's
    figures in its HTML, its PDF's text (pdftotext) and its DOCX (python-docx); the
    commissioned services' funnel shows its figures, not "suppressed"."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}
    _eventually(lambda: _settled(stack), timeout=300)
    period = {"period": "2023-24-Q3"}
    with httpx.Client(base_url=stack.url("reporting"), headers=headers, timeout=180) as client:
        html = client.get("/v1/reports/scrutiny", params=period | {"format": "html"})
        pdf = client.get("/v1/reports/scrutiny", params=period | {"format": "pdf"})
        word = client.get("/v1/reports/scrutiny", params=period | {"format": "docx"})
        providers = client.get("/v1/stats/providers", params=period).json()
    for response in (html, pdf, word):
        assert response.status_code == 200, response.text[:500]
    (tmp_path / "report.pdf").write_bytes(pdf.content)
    pdf_text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    document = docx.Document(io.BytesIO(word.content))
    docx_text = " ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    formats = {
        "html": _one_line(re.sub(r"<[^>]+>", " ", unescape(html.text))),
        "pdf": _one_line(pdf_text),
        "docx": _one_line(docx_text),
    }
    for name, text in formats.items():
        missing = [figure for figure in SEED_FIGURES if figure not in text]
        assert missing == [], (name, missing)
    for code in ("idas", "foundation"):
        funnel = providers["providers"][code]
        shown = {stage: funnel[stage] for stage in ("received", "accepted", "engaged", "closed")}
        assert all(isinstance(n, int) and n >= 5 for n in shown.values()), (code, shown)
    for service in ("idas_community_support", "foundation_plus_choices"):
        funnel = next(p for p in providers["providers"].values() if service in p["services"])
        stages = funnel["services"][service]
        assert "suppressed" not in [
            stages[s] for s in ("accepted", "declined", "contacted", "engaged", "closed")
        ], stages


def _shot_name(path: str) -> str:
    return path.removeprefix("/dashboard").strip("/") or "overview"


def test_every_dashboard_page_of_the_demo_fits_a_desktop_and_a_phone(
    stack: CspUp, browser: object, tmp_path: Path
) -> None:
    """Every dashboard page and the committee report of the demo's quarter in headless
    Chromium at 1,400 and 400 px: signed in through a one-time link, nothing scrolls
    sideways. The screenshots (and the PDF's pages) are docs/screenshots when
    REPORTING_SCREENSHOTS names it."""
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read')}"}
    reporting = stack.url("reporting")
    _eventually(lambda: _settled(stack), timeout=300)
    shots = screenshots_dir(tmp_path)
    with httpx.Client(base_url=reporting, headers=headers, timeout=180) as client:
        link = client.post(
            "/v1/dashboard/links", json={"next": f"/dashboard?period={SEED_QUARTER}"}
        )
        pdf = client.get("/v1/reports/scrutiny", params={"period": SEED_QUARTER, "format": "pdf"})
    assert link.status_code == 201, link.text
    assert pdf.status_code == 200, pdf.text[:500]
    driver: Any = browser
    driver.get(link.json()["url"])
    faults = []
    try:
        for width in WIDTHS:
            for path, _label in DASHBOARD_PAGES:
                driver.get(f"{reporting}{path}?period={SEED_QUARTER}")
                assert "Sign in" not in driver.title, path
                shot = shots / f"{_shot_name(path)}-{width}.png"
                if (page_width := full_page_shot(driver, width, shot)) > width:
                    faults.append(f"{path} at {width} px scrolls sideways ({page_width} px)")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not faults, faults
    if shutil.which("pdftoppm") is not None:
        for old in shots.glob("report-pdf-page-*.png"):
            old.unlink()
        (tmp_path / "report.pdf").write_bytes(pdf.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                str(tmp_path / "report.pdf"),
                str(shots / "report-pdf-page"),
            ],
            check=True,
        )
        for page in shots.glob("report-pdf-page-*.png"):
            save_small(page)


def test_stopped_and_started_again_then_rebuilt_every_demo_figure_is_unchanged(
    stack: CspUp,
) -> None:
    headers = {"Authorization": f"Bearer {stack.token(agency='pfcc', scopes='reports:read admin')}"}
    reporting = stack.url("reporting")
    _eventually(lambda: _settled(stack), timeout=300)
    with httpx.Client(base_url=reporting, timeout=60) as client:
        before = _figures(client, headers)
    assert before["/v1/stats/marac?year=2023"]["cases"] == 1998  # type: ignore[index]
    assert before["/v1/stats/hate-crime?period=2023-24-Q3"]["crimes"] == 283  # type: ignore[index]

    stack.stop()
    for entry in installed("csp.services"):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{entry.port + OFFSET}/healthz", timeout=2)
    stack.start()
    stack.wait_ready()
    _eventually(lambda: _settled(stack), timeout=300)

    with httpx.Client(base_url=reporting, timeout=60) as client:
        assert _figures(client, headers) == before
        response = client.post("/v1/admin/rebuilds", headers=headers)
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        deadline = time.monotonic() + 600
        while (job := client.get(location, headers=headers).json())["status"] == "running":
            assert time.monotonic() < deadline, job
            time.sleep(0.5)
        assert job["status"] == "completed", job
        assert job["shortfall"] is None, job
        assert job["events_read"] >= job["events_total"] >= sum(_written(stack).values()), job
        assert _figures(client, headers) == before
