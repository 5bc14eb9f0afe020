"""GET /v1/stats/matac."""

from datetime import date

from csp_devtools.events import matac_intervention, matac_nominated, matac_scored


async def test_nominations_interventions_and_scores(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    events = []
    for i in range(12):
        nomination = matac_nominated(nominated_on=date(year, 2, 1), marac_area="york", serial=i < 6)
        events.append(nomination)
        events.append(
            matac_scored(nomination, stage="entry", score=60 + i, scored_on=date(year, 2, 1))
        )
        events.append(
            matac_scored(nomination, stage="exit", score=30 + i * 6, scored_on=date(year, 9, 1))
        )
        events.append(
            matac_intervention(
                nomination, kind="disruption" if i < 7 else "support", started_on=date(year, 3, 1)
            )
        )
    await reporting_feeder.feed(events)
    response = await reporting_client.get(
        "/v1/stats/matac", params={"year": year}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["nominations"] == 12
    assert body["serial_perpetrators"] == 6
    assert body["by_area"]["york"] == {"count": 12, "share_pct": 100.0}
    assert body["interventions"]["disruption"] == 7
    assert body["interventions"]["support"] == 5
    assert body["exits"] == 12
    # exit 30+6i < entry 60+i while i < 6
    assert body["exits_with_lower_score"] == 6
    assert body["mean_entry_score"] == 65.5


async def test_history_counts_in_its_own_quarter_and_small_areas_are_suppressed(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    """Events recorded today about nominations of a past quarter (marac's history) count
    in that quarter by their business dates, not when they were published."""
    year = reporting_year
    events = []
    for i, (area, on) in enumerate(
        [("york", date(year, 10, 2 + i)) for i in range(6)]
        + [("selby", date(year, 11, 6 + i)) for i in range(2)]
        + [("york", date(year, 9, 4 + i)) for i in range(5)]  # Q2
    ):
        nomination = matac_nominated(nominated_on=on, marac_area=area, serial=True)
        events += [
            nomination,
            matac_scored(nomination, stage="entry", score=70, scored_on=on),
            matac_intervention(nomination, kind="support", started_on=on),
        ]
        if i < 6:
            events.append(
                matac_scored(nomination, stage="exit", score=40, scored_on=date(year, 12, 1 + i))
            )
    await reporting_feeder.feed(events)
    quarter = f"{year}-{(year + 1) % 100:02d}-Q3"
    body = (
        await reporting_client.get(
            "/v1/stats/matac", params={"period": quarter}, headers=reporting_reader
        )
    ).json()
    assert body["period"]["code"] == quarter
    assert (body["nominations"], body["serial_perpetrators"]) == (8, 8)
    # Selby's two are below the threshold (and York's six would tell them: suppressed too)
    assert body["by_area"]["selby"]["count"] == body["by_area"]["york"]["count"] == "suppressed"
    assert body["interventions"]["support"] == 8
    assert (body["exits"], body["exits_with_lower_score"]) == (6, 6)
    earlier = (
        await reporting_client.get(
            "/v1/stats/matac",
            params={"period": f"{year}-{(year + 1) % 100:02d}-Q2"},
            headers=reporting_reader,
        )
    ).json()
    assert (earlier["nominations"], earlier["exits"]) == (5, 0)
