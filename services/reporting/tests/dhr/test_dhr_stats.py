"""GET /v1/stats/dhr, the dashboard's page and the committee report's section, from
csp.dhr events through the broker."""

import shutil
import subprocess
import uuid
from datetime import date, timedelta

import pytest

from csp_common.contracts.dhr import (
    DeadlineMissed,
    QaOutcomeRecorded,
    RecommendationMade,
    RecommendationStatusChanged,
    ReviewDecided,
    ReviewNotified,
    ReviewPublished,
    ReviewStageChanged,
)
from csp_common.contracts.equality import AgeBand, Ethnicity, Gender

STAGES = ("notified", "scoping", "decided", "panel_established")


def _review(
    notified_on: date,
    *,
    circumstances: str = "homicide",
    gender: Gender = Gender.FEMALE,
    area: str = "york",
) -> tuple[uuid.UUID, list]:
    review_id = uuid.uuid4()
    events: list = [
        ReviewNotified(
            review_id=review_id,
            area=area,
            notifying_agency="north-yorkshire-police",
            notified_on=notified_on,
            circumstances=circumstances,
            victim_age_band=AgeBand.AGE_35_44,
            victim_gender=gender,
            victim_ethnicity=Ethnicity.WHITE,
        )
    ]
    day, stage = notified_on, "notified"
    for to_stage, days in (("scoping", 10), ("decided", 20), ("panel_established", 30)):
        day += timedelta(days=days)
        events.append(
            ReviewStageChanged(
                review_id=review_id,
                area=area,
                from_stage=stage,
                to_stage=to_stage,
                move="advance",
                changed_on=day,
            )
        )
        if to_stage == "decided":
            events.append(
                ReviewDecided(review_id=review_id, area=area, decision="review", decided_on=day)
            )
        stage = to_stage
    return review_id, events


def _moved(review_id: uuid.UUID, stage: str, to_stage: str, on: date) -> ReviewStageChanged:
    return ReviewStageChanged(
        review_id=review_id,
        area="york",
        from_stage=stage,
        to_stage=to_stage,
        move="advance",
        changed_on=on,
    )


def _recommendation(review_id: uuid.UUID, theme: str, on: date) -> RecommendationMade:
    return RecommendationMade(
        recommendation_id=uuid.uuid4(),
        review_id=review_id,
        area="york",
        theme=theme,
        level="local",
        owner_agency="north-yorkshire-police",
        made_on=on,
    )


def _the_seed_s_reviews(year: int) -> list:
    """Five reviews since `year`: three published, one signed off by the Home Office and
    awaiting publication, one just commissioned after a suicide; one notified before."""
    events: list = []
    start = date(year, 2, 1)
    ids = []
    for i, circumstances in enumerate(["homicide"] * 4 + ["suspected_suicide"]):
        review_id, review = _review(start + timedelta(days=40 * i), circumstances=circumstances)
        ids.append(review_id)
        events += review
    later = date(year + 1, 6, 1)
    for review_id in ids[:4]:
        events += [
            _moved(review_id, "panel_established", "submitted_to_qa", later),
            QaOutcomeRecorded(
                review_id=review_id, area="york", outcome="approved", letter_on=later
            ),
            _moved(review_id, "submitted_to_qa", "awaiting_publication", later + timedelta(1)),
        ]
    for review_id in ids[:3]:
        events += [
            ReviewPublished(review_id=review_id, area="york", published_on=later + timedelta(30)),
            _moved(review_id, "awaiting_publication", "published", later + timedelta(30)),
        ]
    # A missed deadline of a published review is not overdue; one of the awaiting is.
    for review_id in (ids[0], ids[3]):
        events.append(
            DeadlineMissed(
                review_id=review_id,
                area="york",
                clock="report_to_home_office",
                due_on=later,
                noticed_on=later + timedelta(1),
            )
        )
    training = [_recommendation(ids[0], "training", start) for _ in range(3)]
    marac = [_recommendation(ids[1], "marac_arrangements", start) for _ in range(2)]
    events += [*training, *marac]
    for made in training[:2]:
        events.append(
            RecommendationStatusChanged(
                recommendation_id=made.recommendation_id,
                review_id=made.review_id,
                area="york",
                theme=made.theme,
                from_status="open",
                to_status="completed",
                changed_on=later,
            )
        )
    events.append(
        RecommendationStatusChanged(
            recommendation_id=marac[0].recommendation_id,
            review_id=marac[0].review_id,
            area="york",
            theme=marac[0].theme,
            from_status="open",
            to_status="in_progress",
            changed_on=later,
        )
    )
    events += _review(date(year - 1, 12, 31))[1]
    return events


async def test_the_reviews_since_a_year(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(_the_seed_s_reviews(year))
    response = await reporting_client.get(
        "/v1/stats/dhr", params={"since": year}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["since"] == year
    assert body["reviews"] == {
        "notified": 5,
        "commissioned": 5,
        "published": 3,
        "awaiting_publication": 1,
        "in_progress": 2,
        "overdue": 1,
    }
    assert body["by_stage"] == {"panel_established": 1, "awaiting_publication": 1, "published": 3}
    assert body["by_circumstances"] == {"homicide": 4, "suspected_suicide": 1, "other": 0}
    assert body["median_days_in_stage"]["notified"] == 10
    assert body["median_days_in_stage"]["scoping"] == 20
    assert body["median_days_in_stage"]["decided"] == 30
    assert body["recommendations"]["total"] == 5
    assert body["recommendations"]["by_status"] == {
        "open": 2,
        "in_progress": 1,
        "completed": 2,
        "not_accepted": 0,
    }
    assert body["recommendations"]["by_theme"]["training"] == {
        "total": 3,
        "open": 1,
        "in_progress": 0,
        "completed": 2,
        "not_accepted": 0,
    }
    # Five victims, all women aged 35-44: the counts would identify them.
    assert body["victims"]["gender"]["female"] == "suppressed"
    assert body["victims"]["age_band"]["35_44"] == "suppressed"
    for values in body["victims"].values():
        assert all(v in (0, "suppressed") for v in values.values())

    every = await reporting_client.get(
        "/v1/stats/dhr", params={"since": year - 1}, headers=reporting_reader
    )
    assert every.json()["reviews"]["notified"] == 6
    bad = await reporting_client.get(
        "/v1/stats/dhr", params={"since": "1999"}, headers=reporting_reader
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


async def test_victims_are_shown_where_no_small_number_can_be_worked_out(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """Twelve reviews in a month: seven women and five men are shown. Of ten the next
    year, three men are hidden, and so are the seven women beside them (ten minus
    seven would give the three)."""
    year = reporting_year

    def reviews(on: date, women: int, men: int) -> list:
        genders = [Gender.FEMALE] * women + [Gender.MALE] * men
        return [e for i, g in enumerate(genders) for e in _review(on + timedelta(i), gender=g)[1]]

    async def gender(since: int) -> dict:
        response = await reporting_client.get(
            "/v1/stats/dhr", params={"since": since}, headers=reporting_reader
        )
        gender = response.json()["victims"]["gender"]
        return {
            "female": gender["female"],
            "male": gender["male"],
            "non_binary": gender["non_binary"],
        }

    await reporting_feeder.feed(reviews(date(year, 5, 1), 7, 5))
    assert await gender(year) == {"female": 7, "male": 5, "non_binary": 0}
    await reporting_feeder.feed(reviews(date(year + 1, 5, 1), 7, 3))
    assert await gender(year + 1) == {"female": "suppressed", "male": "suppressed", "non_binary": 0}
    # Both years together cut the second one's block.
    assert (await gender(year))["male"] == "suppressed"


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
    await reporting_feeder.feed(_the_seed_s_reviews(reporting_year))
    stats = (await reporting_client.get("/v1/stats/dhr", headers=reporting_reader)).json()
    reviews = stats["reviews"]
    assert reviews["commissioned"] >= 5
    page = await reporting_client.get("/dashboard/dhr", headers=reporting_reader)
    assert page.status_code == 200, page.text
    assert "Domestic Homicide Reviews since" in page.text
    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    text = " ".join(report.text.split())
    assert "Domestic Homicide Reviews</h2>" in text
    assert (
        f"Since {stats['since']}, {reviews['commissioned']} deaths have led to the "
        "commissioning of statutory reviews"
    ) in text
    assert "would identify the people who died" in text or "cannot identify" in text
    pdf = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3", "format": "pdf"},
        headers=reporting_reader,
    )
    assert pdf.status_code == 200
    out = _pdf_text(pdf.content, tmp_path)
    assert "Domestic Homicide Reviews" in out
    assert "deaths have led to the commissioning" in out
