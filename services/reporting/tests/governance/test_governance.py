"""The governance view: the priorities from the partnership's configuration, a status set
by the priority's owner only, and the dashboard's page."""

import pytest


@pytest.fixture(scope="module")
def council_writer(auth_header):  # type: ignore[no-untyped-def]
    return auth_header(agency="north-yorkshire-council", scopes=["reports:read", "reports:write"])


async def test_the_priorities_with_objectives_owner_and_measures(
    reporting_client, reporting_reader
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/governance/priorities", params={"period": "2023"}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    priorities = {p["code"]: p for p in response.json()}
    assert list(priorities) == [
        "partnership-development",
        "community-safety-hubs",
        "domestic-abuse",
        "serious-violence",
        "hate-crime",
    ]
    abuse = priorities["domestic-abuse"]
    assert abuse["owner"]["kind"] == "board"
    assert abuse["objectives"]
    assert {"label": "MARAC cases", "link": "/v1/stats/marac?period=2023"} in abuse["measures"]


async def test_only_the_owner_sets_the_status(
    reporting_client, reporting_reader, council_writer, auth_header
) -> None:  # type: ignore[no-untyped-def]
    url = "/v1/governance/priorities/domestic-abuse/status"
    body = {
        "status": "at_risk",
        "note": "The delivery plan is late; call Mrs Ann Smith.",
        "next_steps": ["Agree the performance framework"],
        "set_on": "2024-02-20",
    }
    police = auth_header(agency="north-yorkshire-police", scopes=["reports:read", "reports:write"])
    refused = await reporting_client.put(url, headers=police, json=body)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("not-owner")
    assert (await reporting_client.put(url, headers=reporting_reader, json=body)).status_code == 403
    bad = await reporting_client.put(url, headers=council_writer, json={**body, "status": "fine"})
    assert bad.status_code == 422
    unknown = await reporting_client.put(
        url.replace("domestic-abuse", "no-such"), headers=council_writer, json=body
    )
    assert unknown.status_code == 404
    set_ = await reporting_client.put(url, headers=council_writer, json=body)
    assert set_.status_code == 201, set_.text
    assert set_.json()["status"]["status_name"] == "At risk"
    assert [w["kind"] for w in set_.json()["warnings"]] == ["name"]
    again = await reporting_client.put(url, headers=council_writer, json=body)
    assert again.status_code == 200
    later = {**body, "status": "on_track", "note": "Plan agreed.", "set_on": "2024-03-01"}
    assert (await reporting_client.put(url, headers=council_writer, json=later)).status_code == 201
    response = await reporting_client.get("/v1/governance/priorities", headers=reporting_reader)
    abuse = next(p for p in response.json() if p["code"] == "domestic-abuse")
    assert abuse["status"]["status"] == "on_track"
    assert abuse["status"]["set_on"] == "2024-03-01"
    assert abuse["next_steps"] == ["Agree the performance framework"]
    assert [h["set_on"] for h in abuse["history"]][:2] == ["2024-03-01", "2024-02-20"]
    page = await reporting_client.get(
        "/dashboard/governance", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    assert page.status_code == 200
    assert "On track" in page.text
    assert "set on 1 March 2024: Plan agreed." in " ".join(page.text.split())
    assert 'aria-current="page">Governance</a>' in page.text
    report = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    assert '<th scope="row">Domestic abuse</th>' in report.text
