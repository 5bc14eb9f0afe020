"""GET /v1/stats/svd, the dashboard's page and the committee report's section, from
csp.svd-fund events through the broker."""

import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from csp_common import clock
from csp_common.contracts.equality import AgeBand
from csp_common.contracts.svd_fund import (
    AreaMeasures,
    AwardMade,
    BidAssessed,
    BidSubmitted,
    Comparator,
    MeasuresPublished,
    OutputCount,
    PaymentMade,
    ReturnApproved,
    ReturnScheduled,
    ReturnSubmitted,
    RoundClosed,
    RoundOpened,
    RoundTitles,
)

PRIORITIES = [
    "awareness_raising",
    "children_young_people",
    "weapons",
    "night_time_economy",
    "vawg",
]


def fy(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _fund(year: int) -> tuple[list, dict]:
    """A round of £150,000 opened in May of `year`: four eligible bids and one
    ineligible, three awards (£90,000), two tranches paid (£30,000), three returns."""
    round_id = uuid.uuid4()
    opens = datetime(year, 5, 1, 9, tzinfo=UTC)
    events: list = [
        RoundOpened(
            round_id=round_id,
            budget_pence=15_000_000,
            grant_cap_pence=4_000_000,
            opens_at=opens,
            closes_at=opens + timedelta(days=31),
            priorities=PRIORITIES,
            # children_young_people and weapon_amnesty have none: shown as readable codes
            titles=RoundTitles(
                priorities={
                    "awareness_raising": "Awareness raising and public perception",
                    "weapons": "Possession and use of weapons",
                    "night_time_economy": "Alcohol, violence and the night-time economy",
                    "vawg": "Violence against women and girls",
                },
                activity_types={
                    "awareness_campaign": "Awareness campaigns",
                    "educational_programme": "Educational programmes",
                },
            ),
        )
    ]
    bids = [
        # (pounds, priorities, activity types, areas, outcome)
        (20_000, ["awareness_raising"], ["awareness_campaign"], ["york"], "submitted"),
        (
            40_000,
            ["children_young_people", "vawg"],
            ["educational_programme"],
            ["harrogate"],
            "submitted",
        ),
        (30_000, ["weapons"], ["weapon_amnesty"], ["scarborough", "york"], "submitted"),
        (25_000, ["vawg"], ["awareness_campaign"], ["york"], "submitted"),
        (10_000, ["weapons"], ["weapon_amnesty"], ["york"], "ineligible"),
    ]
    bid_ids = [uuid.uuid4() for _ in bids]
    for bid_id, (pounds, priorities, activities, areas, outcome) in zip(bid_ids, bids, strict=True):
        events.append(
            BidSubmitted(
                bid_id=bid_id,
                round_id=round_id,
                outcome=outcome,
                amount_pence=pounds * 100,
                priorities=priorities,
                activity_types=activities,
                areas=areas,
                submitted_at=opens + timedelta(days=3),
            )
        )
    events.append(
        RoundClosed(round_id=round_id, closes_at=opens + timedelta(days=31), bids_submitted=5)
    )
    grants = []
    awarded = 0
    for bid_id, (pounds, priorities, activities, areas, _) in list(zip(bid_ids, bids, strict=True))[
        :3
    ]:
        events.append(
            BidAssessed(bid_id=bid_id, round_id=round_id, outcome="assessed", spread_hundredths=20)
        )
        grant_id = uuid.uuid4()
        grants.append(grant_id)
        awarded += pounds * 100
        events.append(
            AwardMade(
                grant_id=grant_id,
                giving_id=f"360G-NYCSP-{grant_id.hex[:8]}",
                bid_id=bid_id,
                round_id=round_id,
                amount_pence=pounds * 100,
                round_awarded_pence=awarded,
                round_budget_pence=15_000_000,
                priorities=priorities,
                activity_types=activities,
                areas=areas,
                awarded_on=date(year, 7, 1),
                starts_on=date(year, 8, 1),
                ends_on=date(year + 1, 3, 31),
            )
        )
    events += [
        PaymentMade(
            grant_id=grants[0],
            round_id=round_id,
            tranche=1,
            amount_pence=1_000_000,
            paid_on=date(year, 8, 1),
        ),
        PaymentMade(
            grant_id=grants[1],
            round_id=round_id,
            tranche=1,
            amount_pence=2_000_000,
            paid_on=date(year, 8, 1),
        ),
    ]
    returns = [
        # grant, late, outputs, outcome priorities
        (
            grants[0],
            False,
            [
                OutputCount(measure="participants", age_band=AgeBand.AGE_18_24, count=30),
                OutputCount(measure="participants", age_band=AgeBand.UNDER_16, count=3),
                OutputCount(measure="sessions", count=3),
            ],
            ["awareness_raising"],
        ),
        (
            grants[1],
            False,
            [OutputCount(measure="participants", age_band=AgeBand.AGE_16_17, count=40)],
            ["children_young_people", "vawg"],
        ),
        (grants[2], True, [OutputCount(measure="weapons_surrendered", count=17)], ["weapons"]),
    ]
    return_ids = []
    for grant_id, late, outputs, outcomes in returns:
        return_id = uuid.uuid4()
        return_ids.append(return_id)
        events.append(
            ReturnSubmitted(
                return_id=return_id,
                grant_id=grant_id,
                round_id=round_id,
                seq=1,
                kind="quarterly",
                due_on=date(year, 11, 1),
                submitted_on=date(year, 11, 20 if late else 1),
                late=late,
                outputs=outputs,
                outcome_priorities=outcomes,
            )
        )
    for return_id in return_ids[:2]:
        events.append(
            ReturnApproved(
                return_id=return_id,
                grant_id=grants[return_ids.index(return_id)],
                round_id=round_id,
                seq=1,
                kind="quarterly",
                due_on=date(year, 11, 1),
                approved_on=date(year, 11, 25),
            )
        )
    return events, {"round_id": round_id, "grants": grants}


def _measures(year: int, *, areas: list[str]) -> MeasuresPublished:
    """The seed's figures: 8.5 violence with injury per 1,000 against 9.6, 3% with a knife,
    a Crime Severity Score of 3.2 against 5.1."""
    return MeasuresPublished(
        year=fy(year),
        weights_edition="ons-css-2023",
        published_on=date(year + 1, 2, 19),
        partnership=AreaMeasures(
            area="partnership",
            population=830_000,
            violence_with_injury=7_055,
            violence_with_injury_per_1000=8.5,
            knife_involved=212,
            knife_share_percent=3.0,
            crime_severity_score=3.2,
        ),
        areas=[AreaMeasures(area=a, violence_with_injury=100, knife_involved=2) for a in areas],
        comparators=[
            Comparator(
                measure="violence_with_injury_per_1000", geography="england_and_wales", value=9.6
            ),
            Comparator(measure="crime_severity_score", geography="england_and_wales", value=5.1),
        ],
    )


async def test_the_fund_and_the_measures_of_a_year(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    events, _ = _fund(year)
    await reporting_feeder.feed(events)
    await reporting_feeder.feed(
        [_measures(year - 1, areas=["york", "harrogate"])], time=datetime(year, 2, 1, tzinfo=UTC)
    )
    # A later publication of the same year supersedes the first, areas and all.
    await reporting_feeder.feed(
        [_measures(year - 1, areas=["york"])], time=datetime(year, 3, 1, tzinfo=UTC)
    )
    response = await reporting_client.get(
        "/v1/stats/svd", params={"year": fy(year)}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["year"] == fy(year)
    assert body["rounds"] == 1
    assert body["spend"] == {
        "budget_pence": 15_000_000,
        "awarded_pence": 9_000_000,
        "paid_pence": 3_000_000,
        "unawarded_pence": 6_000_000,
        "awarded_percent": 60.0,
    }
    assert body["bids"] == {
        "submitted": 5,
        "eligible": 4,
        "ineligible": 1,
        "requested_pence": 11_500_000,
    }
    assert body["awards"] == {"grants": 3, "awarded_pence": 9_000_000}
    assert body["by_priority"]["weapons"] == {
        "bids": 1,
        "requested_pence": 3_000_000,
        "awards": 1,
        "awarded_pence": 3_000_000,
        "paid_pence": 0,
    }
    # A priority the round funds that no bid names is listed, with nothing.
    assert body["by_priority"]["night_time_economy"] == dict.fromkeys(
        ("bids", "requested_pence", "awards", "awarded_pence", "paid_pence"), 0
    )
    assert body["by_priority"]["vawg"]["bids"] == 2
    assert body["by_priority"]["vawg"]["paid_pence"] == 2_000_000
    # A grant delivered in two areas counts in each.
    assert body["by_area"]["york"]["awards"] == 2
    assert body["by_area"]["scarborough"]["awarded_pence"] == 3_000_000
    assert set(body["by_activity_type"]) == {
        "awareness_campaign",
        "educational_programme",
        "weapon_amnesty",
    }
    assert body["returns"] == {
        "submitted": 3,
        "on_time": 2,
        "late": 1,
        "approved": 2,
        "awaiting_approval": 1,
        "by_kind": {"quarterly": 3, "evaluation": 0},
        # No schedule was heard of: none scheduled, none overdue.
        "scheduled": 0,
        "due_in_year": 0,
        "overdue": 0,
    }
    outputs = body["outputs"]
    # Counts of things are published as they are, however small.
    assert outputs["sessions"] == {"kind": "agencies", "total": 3}
    assert outputs["weapons_surrendered"]["total"] == 17
    # People are protected: three under 16 cannot be shown.
    participants = outputs["participants"]
    assert participants["total"] == 73
    assert participants["age_band"]["under_16"] == "suppressed"
    assert all(v == "suppressed" or v == 0 or v >= 5 for v in participants["age_band"].values())
    assert body["outputs_by_priority"]["weapons"]["weapons_surrendered"]["total"] == 17
    assert body["outputs_by_priority"]["weapons"]["participants"]["total"] == 0
    assert body["outcomes_by_priority"]["vawg"] == 1
    assert body["outcomes_by_priority"]["night_time_economy"] == 0

    measures = body["measures"]
    assert measures["year"] == fy(year - 1)
    assert measures["weights_edition"] == "ons-css-2023"
    assert measures["partnership"]["violence_with_injury_per_1000"] == 8.5
    assert measures["partnership"]["knife_share_percent"] == 3.0
    assert measures["partnership"]["crime_severity_score"] == 3.2
    assert list(measures["areas"]) == ["york"]
    assert {(c["measure"], c["value"]) for c in measures["comparators"]} == {
        ("violence_with_injury_per_1000", 9.6),
        ("crime_severity_score", 5.1),
    }

    # Beside the codes, the titles the round's opening carried, or the code made readable.
    assert body["titles"] == {
        "priority": {
            "awareness_raising": "Awareness raising and public perception",
            "children_young_people": "Children young people",
            "night_time_economy": "Alcohol, violence and the night-time economy",
            "vawg": "Violence against women and girls",
            "weapons": "Possession and use of weapons",
        },
        "activity_type": {
            "awareness_campaign": "Awareness campaigns",
            "educational_programme": "Educational programmes",
            "weapon_amnesty": "Weapon amnesty",
        },
    }
    # No project's title, no recipient: the 360Giving export has them.
    assert "recipient" not in response.text


async def test_a_round_recorded_years_later_counts_in_its_own_year(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """The fund's history recorded afterwards (svd-fund's `fund:history`, the demo's
    2023/24 round): the events are sent years after the round, and the figures follow
    the dates they carry (opening, awards, payments), not when they were sent."""
    year = reporting_year
    events, _ = _fund(year)
    await reporting_feeder.feed(events, time=datetime(year + 2, 11, 5, 12, tzinfo=UTC))
    own, later = [
        (
            await reporting_client.get(
                "/v1/stats/svd", params={"year": fy(y)}, headers=reporting_reader
            )
        ).json()
        for y in (year, year + 2)
    ]
    assert own["rounds"] == 1 and later["rounds"] == 0
    assert own["awards"] == {"grants": 3, "awarded_pence": 9_000_000}
    assert own["spend"]["paid_pence"] == 3_000_000
    assert own["by_priority"]["weapons"]["awards"] == 1
    assert later["by_priority"] == {}


async def test_a_year_with_no_round_and_bad_years(
    reporting_client, reporting_reader, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/stats/svd", params={"year": fy(reporting_year)}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rounds"] == 0
    assert body["spend"]["awarded_percent"] is None
    assert body["by_priority"] == {}
    for bad in ("2023", "2023-25", "1999-00", "x" * 40):
        refused = await reporting_client.get(
            "/v1/stats/svd", params={"year": bad}, headers=reporting_reader
        )
        assert refused.status_code in (400, 422), (bad, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    unauthenticated = await reporting_client.get("/v1/stats/svd")
    assert unauthenticated.status_code == 401


def _pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


async def test_the_dashboard_page_and_the_report_section(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    events, _ = _fund(year)
    await reporting_feeder.feed([*events, _measures(year - 1, areas=["york"])])
    quarter = f"{fy(year)}-Q3"
    page = await reporting_client.get(
        "/dashboard/svd", params={"period": quarter}, headers=reporting_reader
    )
    assert page.status_code == 200, page.text
    text = " ".join(page.text.split())
    assert f"Prevention and Early Identification Fund {fy(year)}" in text
    assert "£150,000" in text and "£90,000" in text
    assert "Weapons surrendered" in text
    assert "<td>Violence against women and girls</td>" in text
    assert '<th class="n">Violence against women and girls</th>' in text
    assert "<td>Children young people</td>" in text
    assert "<td>Educational programmes</td>" in text and "<td>Weapon amnesty</td>" in text
    assert "Vawg" not in text and "Children_young_people" not in text

    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": quarter}, headers=reporting_reader
    )
    assert report.status_code == 200, report.text
    text = " ".join(report.text.split())
    assert "6.0 Early Intervention and Prevention - Serious Violence Duty</h2>" in text
    assert "7.0 Hate crime and community cohesion" in text
    assert (
        "Violence with injury had an offence rate of 8.5 per 1,000 of the population in "
        "North Yorkshire and York, this is lower than the national average rate of 9.6. "
        "Of the violence with injury offences, 3% of the offences included the use of a knife."
    ) in text
    assert (
        f"For April {year - 1} to March {year} the Crime Severity Score (CSS) for North "
        "Yorkshire and York was 3.2, the average CSS for England and Wales was 5.1."
    ) in text
    assert "3 projects were awarded £90,000 of the £150,000 budget (60%)" in text
    assert "tackle 4 of the 5 priority areas" in text
    assert "including Awareness campaigns; Educational programmes; Weapon amnesty." in text
    assert '<th scope="row">Violence against women and girls</th>' in text
    assert '<th scope="row">Children young people</th>' in text and "Vawg" not in text
    assert "Prevention and Early Identification Fund " + fy(year) + ", by priority" in text
    pdf = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": quarter, "format": "pdf"},
        headers=reporting_reader,
    )
    assert pdf.status_code == 200
    out = _pdf_text(pdf.content, tmp_path)
    assert "Serious Violence Duty" in out
    assert "Crime Severity Score (CSS)" in out


def _opening(year: int, priorities: list[str], titles: RoundTitles | None = None) -> RoundOpened:
    opens = datetime(year, 5, 1, 9, tzinfo=UTC)
    return RoundOpened(
        round_id=uuid.uuid4(),
        budget_pence=10_000_000,
        grant_cap_pence=4_000_000,
        opens_at=opens,
        closes_at=opens + timedelta(days=31),
        priorities=priorities,
        **({"titles": titles} if titles else {}),
    )


async def test_an_opening_without_titles_still_projects_and_shows_codes_readable(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """An event published before titles travelled (validated from its JSON, which has no
    `titles`); codes no opening ever titled."""
    year = reporting_year
    code = f"legacy-knife_crime-{year}"
    old = RoundOpened.model_validate(
        _opening(year, [code]).model_dump(mode="json", exclude={"titles"})
    )
    await reporting_feeder.feed([old])
    body = (
        await reporting_client.get(
            "/v1/stats/svd", params={"year": fy(year)}, headers=reporting_reader
        )
    ).json()
    assert body["rounds"] == 1
    assert list(body["by_priority"]) == [code]
    assert body["titles"] == {
        "priority": {code: f"Legacy knife crime {year}"},
        "activity_type": {},
    }
    page = await reporting_client.get(
        "/dashboard/svd", params={"period": f"{fy(year)}-Q3"}, headers=reporting_reader
    )
    assert f"<td>Legacy knife crime {year}</td>" in " ".join(page.text.split())


async def test_a_years_own_round_gives_its_titles_before_another_years(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """A priority retitled: the year's round's title, though the earlier year's round was
    recorded after it; a code the year's round carried no title for takes the other
    year's."""
    year = reporting_year
    renamed, untitled = f"renamed-{year}", f"untitled-{year}"
    await reporting_feeder.feed(
        [
            _opening(
                year,
                [renamed, untitled],
                RoundTitles(priorities={renamed: "Possession of weapons"}),
            )
        ],
        time=datetime(year, 5, 1, tzinfo=UTC),
    )
    await reporting_feeder.feed(
        [
            _opening(
                year - 1,
                [renamed, untitled],
                RoundTitles(priorities={renamed: "Knife crime", untitled: "Night-time economy"}),
            )
        ],
        time=datetime(year, 6, 1, tzinfo=UTC),
    )
    titles = {
        y: (
            await reporting_client.get(
                "/v1/stats/svd", params={"year": fy(y)}, headers=reporting_reader
            )
        ).json()["titles"]["priority"]
        for y in (year - 1, year)
    }
    assert titles == {
        year - 1: {renamed: "Knife crime", untitled: "Night-time economy"},
        year: {renamed: "Possession of weapons", untitled: "Night-time economy"},
    }


async def test_people_by_priority_cannot_be_worked_out_from_the_total(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """40 participants in a weapons project and 3 in a night-time economy one, in the
    same month and area: the 3 are hidden, and so is one of the 43 and the 40 (the
    difference would give them away)."""
    year = reporting_year
    round_id = uuid.uuid4()
    opens = datetime(year, 5, 1, 9, tzinfo=UTC)
    events: list = [
        RoundOpened(
            round_id=round_id,
            budget_pence=10_000_000,
            grant_cap_pence=4_000_000,
            opens_at=opens,
            closes_at=opens + timedelta(days=31),
            priorities=["weapons", "night_time_economy"],
        )
    ]
    for priority, participants in (("weapons", 40), ("night_time_economy", 3)):
        bid_id, grant_id = uuid.uuid4(), uuid.uuid4()
        events += [
            AwardMade(
                grant_id=grant_id,
                giving_id=f"360G-NYCSP-{grant_id.hex[:8]}",
                bid_id=bid_id,
                round_id=round_id,
                amount_pence=1_000_000,
                round_awarded_pence=1_000_000,
                round_budget_pence=10_000_000,
                priorities=[priority],
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
                outputs=[OutputCount(measure="participants", count=participants)],
                outcome_priorities=[priority],
            ),
        ]
    await reporting_feeder.feed(events)
    body = (
        await reporting_client.get(
            "/v1/stats/svd", params={"year": fy(year)}, headers=reporting_reader
        )
    ).json()
    every = body["outputs"]["participants"]["total"]
    weapons = body["outputs_by_priority"]["weapons"]["participants"]["total"]
    night = body["outputs_by_priority"]["night_time_economy"]["participants"]["total"]
    assert night == "suppressed"
    assert not (isinstance(every, int) and isinstance(weapons, int)), (every, weapons)
    # Money is about organisations: published as it is.
    assert body["by_priority"]["night_time_economy"]["awarded_pence"] == 1_000_000


async def test_returns_due_in_the_year_and_overdue(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """Six returns scheduled for a grant of the year's round: two due within the
    financial year, one due yesterday (London) and never submitted, one due today."""
    year = reporting_year
    today = clock.today(ZoneInfo("Europe/London"))
    round_id, grant_id = uuid.uuid4(), uuid.uuid4()
    opens = datetime(year, 5, 1, 9, tzinfo=UTC)
    round_opened = RoundOpened(
        round_id=round_id,
        budget_pence=10_000_000,
        grant_cap_pence=4_000_000,
        opens_at=opens,
        closes_at=opens + timedelta(days=31),
        priorities=["weapons"],
    )
    # due on, submitted
    schedule = [
        (date(year, 4, 1), True),
        (date(year + 1, 3, 31), True),
        (date(year + 1, 4, 1), True),
        (today - timedelta(days=30), True),
        (today - timedelta(days=1), False),
        (today, False),
    ]
    scheduled = [
        ReturnScheduled(
            return_id=uuid.uuid4(),
            grant_id=grant_id,
            round_id=round_id,
            seq=seq,
            kind="quarterly" if seq < len(schedule) else "evaluation",
            due_on=due_on,
        )
        for seq, (due_on, _) in enumerate(schedule, start=1)
    ]
    submitted = [
        ReturnSubmitted(
            return_id=r.return_id,
            grant_id=grant_id,
            round_id=round_id,
            seq=r.seq,
            kind=r.kind,
            due_on=r.due_on,
            submitted_on=r.due_on,
            late=False,
            outputs=[OutputCount(measure="sessions", count=2)],
            outcome_priorities=["weapons"],
        )
        for r, (_, sent) in zip(scheduled, schedule, strict=True)
        if sent
    ]
    # A return of a round opened in another year is not the year's.
    elsewhere = ReturnScheduled(
        return_id=uuid.uuid4(),
        grant_id=uuid.uuid4(),
        round_id=uuid.uuid4(),
        seq=1,
        kind="quarterly",
        due_on=today - timedelta(days=1),
    )
    sent = await reporting_feeder.feed([round_opened, *scheduled, *submitted, elsewhere])
    overdue = scheduled[4]
    # The overdue return's schedule redelivered, and published again with a new id.
    await reporting_feeder.feed([overdue], event_ids=[sent[1 + 4].event_id])
    await reporting_feeder.feed([overdue])

    response = await reporting_client.get(
        "/v1/stats/svd", params={"year": fy(year)}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    returns = response.json()["returns"]
    assert (returns["scheduled"], returns["due_in_year"], returns["overdue"]) == (6, 2, 1)
    assert returns["submitted"] == 4

    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": f"{fy(year)}-Q3"}, headers=reporting_reader
    )
    assert report.status_code == 200, report.text
    text = " ".join(report.text.split())
    assert (
        f"Of the 6 monitoring returns scheduled for the projects, 2 fall due in {fy(year)}. "
        "4 monitoring returns have been submitted, 0 after their due date; 0 are approved. "
        "1 is overdue: past the due date and not submitted."
    ) in text
