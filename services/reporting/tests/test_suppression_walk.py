"""The suppression walk: a dataset of small counts, and every published figure read back.

Events of every kind reporting builds figures from, a few records each, go through the
broker into the running service. Then every `GET /v1/stats/*` and `/v1/returns/*` of the
OpenAPI document (so a new endpoint is walked without being named here) is read for
every month, quarter, financial and calendar year the data touch and with each filter,
every dashboard page of `PAGES` and the committee report as HTML, PDF (through
`pdftotext`) and Word (through python-docx). The walk fails on any count of people or
cases from 1 to threshold - 1, and on any total less its shown parts that leaves one.
"""

import csv
import io
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import docx
import lxml.html
import pytest
from docx.table import Table

from csp_common.contracts.dhr import ReviewNotified
from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.contracts.svd_fund import (
    AreaMeasures,
    AwardMade,
    BidSubmitted,
    MeasuresPublished,
    OutputCount,
    ReturnSubmitted,
    RoundOpened,
)
from csp_devtools.events import (
    action_completed,
    action_created,
    attendance,
    case_heard,
    case_referred,
    escalation,
    hate_incident,
    marac_referral_made,
    matac_intervention,
    matac_nominated,
    matac_scored,
    provider_status,
    referral_received,
    referral_routed,
    risk_assessed,
)
from csp_devtools.events.hubs import (
    hub_case_closed,
    hub_case_opened,
    hub_incident_logged,
    hub_intervention_breached,
    hub_intervention_issued,
    hub_risk_assessed,
    review_held,
    threshold_decided,
    trigger_application_received,
)
from csp_devtools.testing.suppression import Findings, check_json, check_periods, check_table
from reporting.dashboard.service import PAGES
from reporting.figures import FIGURE_PREFIXES, NOTES, Kind, note
from reporting.marac.schemas import MaracActions
from reporting.referrals.service import DIMENSIONS, PLACES

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _small_dataset(year: int) -> list:
    """A few records of every kind, in April to December of `year` (the first three
    quarters of its financial year) and February (the year before's last quarter)."""
    events: list = []
    for area, day, n in (
        ("york", date(year, 5, 3), 3),
        ("selby", date(year, 8, 9), 2),
        ("harrogate", date(year, 11, 20), 1),
        ("york", date(year, 2, 7), 2),
    ):
        for i in range(n):
            referral = referral_received(received_on=day + timedelta(days=i), area=area)
            events.append(referral)
            events.append(
                risk_assessed(referral_id=referral.referral_id, level="high" if i else "medium")
            )
            if i == 0:
                route = referral_routed(referral_id=referral.referral_id, routed_at=_at(day))
                events.append(route)
                events.append(
                    provider_status(
                        route,
                        previous="sent",
                        status="accepted",
                        occurred_at=_at(day + timedelta(days=2)),
                    )
                )
    events.append(marac_referral_made(referred_on=date(year, 5, 4)))
    for area, day, hour, officer, kind in (
        ("york", date(year, 6, 2), 1, False, "crime"),
        ("york", date(year, 6, 9), 2, False, "crime"),
        ("york", date(year, 6, 16), 22, True, "crime"),
        ("selby", date(year, 10, 4), 14, False, "crime"),
        ("selby", date(year, 10, 5), 15, False, "non_crime_incident"),
    ):
        events.append(hate_incident(on=day, hour=hour, area=area, officer=officer, kind=kind))
    for area, day, n, repeats in (
        ("york", date(year, 7, 1), 3, 1),
        ("selby", date(year, 9, 8), 1, 0),
        ("scarborough-ryedale", date(year, 11, 3), 4, 2),
        ("york", date(year, 2, 14), 2, 0),
    ):
        for i in range(n):
            events.append(
                case_heard(
                    heard_on=day + timedelta(days=7 * i), marac_area=area, repeat=i < repeats
                )
            )
    events.append(case_referred(referred_on=date(year, 6, 20), marac_area="selby"))
    meeting = uuid.uuid4()
    for agency, status in (
        ("north-yorkshire-police", "present"),
        ("health", "apologies"),
        ("probation", "absent"),
    ):
        events.append(
            attendance(
                meeting_id=meeting, agency=agency, status=status, meeting_date=date(year, 7, 1)
            )
        )
    events.append(escalation(agency="probation", raised_on=date(year, 7, 2)))
    for agency, due, outcome, late in (
        ("north-yorkshire-police", date(year, 6, 10), "completed", False),
        ("north-yorkshire-police", date(year, 6, 12), "completed", True),
        ("north-yorkshire-police", date(year, 6, 14), None, False),
        ("health", date(year, 10, 1), "circumstances_changed", False),
        ("north-yorkshire-council", date(year, 12, 1), None, False),
        ("north-yorkshire-council", date(year, 12, 3), "agency_did_not_act", False),
    ):
        action = action_created(due_on=due, owner_agency=agency)
        events.append(action)
        if outcome:
            done_on = due + timedelta(days=5 if late else -1)
            events.append(action_completed(action, completed_on=done_on, outcome=outcome))
    for i in range(2):
        nomination = matac_nominated(nominated_on=date(year, 8, 1 + i), serial=i == 0)
        events += [
            nomination,
            matac_scored(nomination, stage="entry", score=30.0, scored_on=date(year, 8, 2 + i)),
        ]
        if i == 0:
            events += [
                matac_intervention(nomination, kind="diversion", started_on=date(year, 8, 5)),
                matac_scored(nomination, stage="exit", score=12.0, scored_on=date(year, 12, 1)),
            ]
    for hub, day in (
        ("york", date(year, 6, 1)),
        ("york", date(year, 6, 8)),
        ("scarborough", date(year, 9, 1)),
    ):
        case = hub_case_opened(opened_on=day, hub=hub)
        events += [
            case,
            hub_incident_logged(case_id=case.case_id, occurred_on=day, hub=hub),
            hub_risk_assessed(case_id=case.case_id, assessed_on=day, hub=hub),
        ]
        if hub == "york":
            issued = hub_intervention_issued(
                case_id=case.case_id, issued_on=day + timedelta(days=1), hub=hub
            )
            events += [
                issued,
                hub_intervention_breached(
                    intervention_id=issued.intervention_id,
                    case_id=case.case_id,
                    breached_on=day + timedelta(days=9),
                    hub=hub,
                ),
                hub_case_closed(case_id=case.case_id, closed_on=day + timedelta(days=30), hub=hub),
            ]
    application = trigger_application_received(received_on=date(year, 7, 7))
    events += [
        application,
        threshold_decided(application_id=application.application_id, decided_on=date(year, 7, 20)),
        review_held(application_id=application.application_id, held_on=date(year, 8, 20)),
    ]
    for day, gender in ((date(year, 5, 5), Gender.FEMALE), (date(year, 9, 9), Gender.MALE)):
        events.append(
            ReviewNotified(
                review_id=uuid.uuid4(),
                area="york",
                notifying_agency="north-yorkshire-police",
                notified_on=day,
                circumstances="homicide",
                victim_age_band=AgeBand.AGE_35_44,
                victim_gender=gender,
                victim_ethnicity=Ethnicity.WHITE,
            )
        )
    events += _fund(year)
    return events


def _fund(year: int) -> list:
    round_id, bid_id, grant_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    opens = _at(date(year, 5, 1))
    areas = [
        AreaMeasures(area=a, violence_with_injury=n, knife_involved=k, domestic_abuse_crimes=d)
        for a, n, k, d in (("york", 40, 3, 2), ("selby", 3, 1, 7), ("harrogate", 12, 0, 6))
    ]
    return [
        RoundOpened(
            round_id=round_id,
            budget_pence=5_000_000,
            grant_cap_pence=2_000_000,
            opens_at=opens,
            closes_at=opens + timedelta(days=30),
            priorities=["weapons"],
        ),
        BidSubmitted(
            bid_id=bid_id,
            round_id=round_id,
            outcome="submitted",
            amount_pence=1_000_000,
            priorities=["weapons"],
            activity_types=["educational_programme"],
            areas=["york"],
            submitted_at=_at(date(year, 5, 20)),
        ),
        AwardMade(
            grant_id=grant_id,
            giving_id=f"360G-NYCSP-{grant_id.hex[:8]}",
            bid_id=bid_id,
            round_id=round_id,
            amount_pence=1_000_000,
            round_awarded_pence=1_000_000,
            round_budget_pence=5_000_000,
            priorities=["weapons"],
            activity_types=["educational_programme"],
            areas=["york"],
            awarded_on=date(year, 7, 1),
            starts_on=date(year, 8, 1),
            ends_on=date(year + 1, 3, 31),
        ),
        ReturnSubmitted(
            return_id=uuid.uuid4(),
            grant_id=grant_id,
            round_id=round_id,
            seq=1,
            kind="quarterly",
            due_on=date(year, 11, 1),
            submitted_on=date(year, 11, 1),
            late=False,
            outcome_priorities=["weapons"],
            outputs=[
                OutputCount(measure="participants", count=3, age_band=AgeBand.AGE_16_17),
                OutputCount(measure="participants", count=1),
                OutputCount(measure="sessions", count=2),
            ],
        ),
        MeasuresPublished(
            year=f"{year}-{(year + 1) % 100:02d}",
            published_on=date(year + 1, 2, 1),
            partnership=AreaMeasures(
                area="partnership",
                population=800_000,
                violence_with_injury=55,
                knife_involved=4,
                domestic_abuse_crimes=15,
            ),
            areas=areas,
            comparators=[],
        ),
    ]


def _periods(year: int) -> tuple[list[str], dict[str, list[str]]]:
    """The periods walked, and which are made of which (for the complements)."""
    fy = f"{year}-{(year + 1) % 100:02d}"
    before = f"{year - 1}-{year % 100:02d}"
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    quarters = {f"{fy}-Q{q}": [months[(q * 3 + i) % 12] for i in range(3)] for q in (1, 2, 3)}
    quarters[f"{before}-Q4"] = months[:3]
    made_of = {**quarters, f"{year}": months, fy: [f"{fy}-Q{q}" for q in (1, 2, 3, 4)]}
    return [*months, *quarters, f"{fy}-Q4", fy, f"{year}"], made_of


FILTERS = {
    "area": ["york", "selby"],
    "hub": ["york", "scarborough"],
    "marac_area": ["york", "selby"],
    "meeting_kind": ["marac", "matac"],
    "group_by": [*DIMENSIONS, *(f"area,{d}" for d in DIMENSIONS if d not in PLACES)],
}
PERIOD_PARAMETERS = {"period", "year", "fy", "quarter", "from", "to"}


def _variants(path: str, operation: dict, year: int) -> list[tuple[str, dict[str, Any]]]:
    """Each way of asking: (a label for the complements, the parameters). Periods are
    walked in full; filters with the financial year and its quarters."""
    names = {p["name"] for p in operation.get("parameters", [])}
    periods, _ = _periods(year)
    fy = f"{year}-{(year + 1) % 100:02d}"
    if "period" in names:
        asks = [("", {"period": p}) for p in periods]
        for name in sorted(names & FILTERS.keys()):
            for value in FILTERS[name]:
                asks += [
                    (f"{name}={value}", {"period": p, name: value})
                    for p in (fy, *(f"{fy}-Q{q}" for q in (1, 2, 3, 4)))
                ]
        return asks
    if "since" in names:
        return [("", {"since": year})]
    if "year" in names:
        return [("", {"year": fy})]
    unknown = {p["name"] for p in operation.get("parameters", []) if p.get("required")}
    assert not unknown, f"the walk does not know how to ask {path} for {unknown}"
    return [("", {})]


def people_note(threshold: int) -> str:
    return note(Kind.PEOPLE, threshold)


def _html_tables(findings: Findings, where: str, html: str, threshold: int) -> None:
    root = lxml.html.fromstring(html)
    pending: list = []
    for element in root.iter("table", "p", "footer"):
        if element.tag == "table":
            pending.append(element)
        elif "kind" in (element.get("class") or "").split():
            if element.text_content().strip() == people_note(threshold):
                for table in pending:
                    rows = [
                        [c.text_content() for c in tr.iter("th", "td")] for tr in table.iter("tr")
                    ]
                    check_table(findings, f"{where} table", rows)
            pending = []
        elif element.tag == "p" or element.tag == "footer":
            findings.prose(where, element.text_content())
    assert not pending, f"{where}: a table without a note saying what it counts"


def _docx_tables(findings: Findings, where: str, data: bytes, threshold: int) -> None:
    document = docx.Document(io.BytesIO(data))
    pending: list[Table] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}tbl"):
            pending.append(Table(child, document))
        elif child.tag.endswith("}p"):
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip() == people_note(threshold):
                for table in pending:
                    rows = [[cell.text for cell in row.cells] for row in table.rows]
                    check_table(findings, f"{where} table", rows)
            if text.strip() in _notes(threshold):
                pending = []
            else:
                findings.prose(where, text)


def _notes(threshold: int) -> set[str]:
    return {note(kind, threshold) for kind in NOTES}


async def test_no_published_figure_shows_or_gives_away_a_small_count(
    reporting_client,
    reporting_reader,
    reporting_feeder,
    reporting_app,
    reporting_year: int,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_small_dataset(year))
    threshold = reporting_app.state.settings.small_number_threshold
    findings = Findings(threshold)
    document = (await reporting_client.get("/openapi.json")).json()
    components = document["components"]["schemas"]
    _, made_of = _periods(year)

    walked = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if not path.startswith(FIGURE_PREFIXES) or operation is None:
            continue
        walked.append(path)
        schema = operation["responses"]["200"]["content"]
        by_label: dict[str, dict[str, Any]] = {}
        for label, params in _variants(path, operation, year):
            response = await reporting_client.get(path, params=params, headers=reporting_reader)
            assert response.status_code == 200, (path, params, response.text)
            where = f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}"
            if path.endswith(".csv"):
                rows = [
                    {k: _csv_value(v) for k, v in r.items()}
                    for r in csv.DictReader(io.StringIO(response.text))
                ]
                rows_schema = {
                    "type": "object",
                    "properties": {"rows": {"type": "array", "items": _row_schema(document, path)}},
                }
                counts = check_json(findings, where, {"rows": rows}, rows_schema, components)
            else:
                body_schema = schema["application/json"]["schema"]
                counts = check_json(findings, where, response.json(), body_schema, components)
            by_label.setdefault(label, {})[params.get("period", "")] = counts
        for label, by_period in by_label.items():
            check_periods(findings, f"{path} {label}", by_period, made_of)
    assert "/v1/stats/marac/actions" in walked and "/v1/returns/safelives.csv" in walked

    fy = f"{year}-{(year + 1) % 100:02d}"
    for page, _title in PAGES:
        for period in (fy, f"{fy}-Q1", f"{fy}-Q2", f"{fy}-Q3", str(year)):
            response = await reporting_client.get(
                page, params={"period": period}, headers=reporting_reader
            )
            assert response.status_code == 200, (page, period, response.text[:500])
            _html_tables(findings, f"{page}?period={period}", response.text, threshold)

    for period in (fy, f"{fy}-Q2", f"{fy}-Q3"):
        params = {"period": period}
        html = await reporting_client.get(
            "/v1/reports/scrutiny", params=params, headers=reporting_reader
        )
        assert html.status_code == 200, html.text[:500]
        _html_tables(findings, f"report {period} HTML", html.text, threshold)
        pdf = await reporting_client.get(
            "/v1/reports/scrutiny", params={**params, "format": "pdf"}, headers=reporting_reader
        )
        assert pdf.status_code == 200
        text = _pdf_text(pdf.content, tmp_path)
        assert " ".join(people_note(threshold).split()) in " ".join(text.split())
        findings.prose(f"report {period} PDF", text)
        word = await reporting_client.get(
            "/v1/reports/scrutiny", params={**params, "format": "docx"}, headers=reporting_reader
        )
        assert word.status_code == 200
        _docx_tables(findings, f"report {period} DOCX", word.content, threshold)

    assert findings.suppressed_seen > 0 and findings.people_seen > 1000, findings
    assert not findings.leaks, "\n".join(findings.leaks)


def _pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    (tmp_path / "report.pdf").write_bytes(data)
    run = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


def _row_schema(document: dict, csv_path: str) -> dict:
    """A CSV's rows are those of its JSON twin (the same path without `.csv`)."""
    twin = document["paths"][csv_path.removesuffix(".csv")]["get"]["responses"]["200"]
    name = twin["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    return document["components"]["schemas"][name]["properties"]["rows"]["items"]


def _csv_value(text: str) -> object:
    return int(text) if text.isdigit() else (text or None)


def test_the_walk_finds_a_small_count_and_a_complement() -> None:
    """The checks the walk makes, on answers that leak: they can fail."""
    schema = MaracActions.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.pop("$defs")
    shown = {
        "due": 12,
        "completed": 9,
        "completed_on_time": "suppressed",
        "circumstances_changed": 0,
        "agency_did_not_act": 0,
        "open": 0,
        "overdue": None,
        "completed_pct": 75.0,
    }
    body = {"period": {}, "by_agency": {"health": {**shown, "open": 3}}, "threshold": 5}
    findings = Findings(5)
    counts = check_json(findings, "actions", body, schema, components)
    assert findings.leaks == ["actions by_agency.health.open: 3 people or cases"]
    assert counts[("by_agency", "health", "due")] == 12

    findings = Findings(5)
    cases = {"cases": 12, "by_area": {"york": {"cases": 5}, "selby": {"cases": 5}}}
    breakdown = {
        "type": "object",
        "properties": {
            "cases": {"x-figure-kind": "people"},
            "by_area": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"cases": {"x-figure-kind": "people"}},
                },
            },
        },
    }
    check_json(findings, "marac", cases, breakdown, {})
    assert findings.leaks == ["marac cases against by_area: 12 less its parts shown leaves 2"]

    findings = Findings(5)
    by_period = {"Q": {("cases",): 13}, "a": {("cases",): 5}, "b": {("cases",): 5}, "c": {}}
    check_periods(findings, "marac", by_period, {"Q": ["a", "b"]})
    assert findings.leaks == ["marac cases Q against a, b: 13 less its parts shown leaves 3"]

    findings = Findings(5)
    html = (
        "<div><table><tr><th>Area</th><th>Cases</th></tr><tr><td>York</td><td>6</td></tr>"
        "<tr><td>Selby</td><td>suppressed</td></tr><tr><th>All</th><th>9</th></tr></table>"
        f'<p class="note kind">{people_note(5)}</p><p>Of them, 2 victims were men.</p></div>'
    )
    _html_tables(findings, "page", html, 5)
    assert findings.leaks == [
        "page table column 1: 9 less its parts shown leaves 3",
        "page: '2 victims'",
    ]
