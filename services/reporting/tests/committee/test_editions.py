"""The narrative, its approval and the frozen editions, through the running service: who
may do what, the personal-data warning, and an edition that downloads the same bytes
after new events arrive."""

import io
from datetime import date, timedelta

import docx
import pytest

from csp_devtools.events import hate_incident


def _period(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}-Q3"


def _crimes(year: int, n: int) -> list:
    return [hate_incident(on=date(year, 10, 1) + timedelta(days=i)) for i in range(n)]


@pytest.fixture(scope="module")
def writer(auth_header):  # type: ignore[no-untyped-def]
    return auth_header(agency="pfcc", scopes=["reports:read", "reports:write"])


@pytest.fixture(scope="module")
def approver(auth_header):  # type: ignore[no-untyped-def]
    return auth_header(agency="pfcc", scopes=["reports:read", "reports:approve"])


async def test_who_may_write_and_approve(
    reporting_client, reporting_reader, writer, approver, reporting_year
) -> None:  # type: ignore[no-untyped-def]
    base = f"/v1/reports/scrutiny/{_period(reporting_year)}"
    body = {"text": "The partnership met in **June**."}
    matrix = [
        ("PUT", f"{base}/narrative/purpose", reporting_reader, body, 403),
        ("PUT", f"{base}/narrative/purpose", approver, body, 403),
        ("PUT", f"{base}/narrative/purpose", {}, body, 401),
        ("POST", f"{base}/editions", reporting_reader, {"narrative": {}}, 403),
        ("POST", f"{base}/editions", writer, {"narrative": {}}, 403),
        ("GET", f"{base}/editions", {}, None, 401),
    ]
    for method, url, headers, json, expected in matrix:
        response = await reporting_client.request(method, url, headers=headers, json=json)
        assert response.status_code == expected, (method, url, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    listed = await reporting_client.get(f"{base}/narrative", headers=reporting_reader)
    assert listed.status_code == 200
    assert all(s["latest"] is None for s in listed.json()["sections"])


async def test_versions_authors_and_the_warning(
    reporting_client, reporting_reader, writer, reporting_year
) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/reports/scrutiny/{_period(reporting_year)}/narrative/hate_crime"
    first = await reporting_client.put(url, headers=writer, json={"text": "Hate crime rose."})
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1
    assert first.json()["warnings"] == []
    again = await reporting_client.put(url, headers=writer, json={"text": "Hate crime rose."})
    assert again.status_code == 200
    assert again.json()["version"] == 1
    draft = "Mr Tom Jones of YO1 7HH (07700 900123, DOB 12/03/1985) reported it."
    second = await reporting_client.put(url, headers=writer, json={"text": draft})
    assert second.status_code == 201
    assert second.json()["version"] == 2
    assert second.json()["status"] == "draft"
    kinds = {w["kind"] for w in second.json()["warnings"]}
    assert kinds == {"name", "postcode", "phone_number", "date_of_birth"}
    versions = await reporting_client.get(url, headers=reporting_reader)
    assert [v["version"] for v in versions.json()] == [2, 1]
    assert versions.json()[0]["author_agency"] == "pfcc"
    assert versions.json()[0]["author"]
    missing = await reporting_client.put(
        url.replace("hate_crime", "no_such_section"), headers=writer, json={"text": "x"}
    )
    assert missing.status_code == 404
    empty = await reporting_client.put(url, headers=writer, json={"text": ""})
    assert empty.status_code == 422
    assert len((await reporting_client.get(url, headers=reporting_reader)).json()) == 2


async def test_an_edition_downloads_unchanged_after_new_events(
    reporting_client, reporting_reader, reporting_feeder, writer, approver, reporting_year, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    period = _period(reporting_year)
    base = f"/v1/reports/scrutiny/{period}"
    await reporting_feeder.feed(_crimes(reporting_year, 12))
    for section, text in {
        "hate_crime": "The **Inclusive Communities** group reviews hate crime.",
        "recommendations": "- For members to consider the content of the report.\n"
        "- For members to identify partnership priorities.",
    }.items():
        put = await reporting_client.put(
            f"{base}/narrative/{section}", headers=writer, json={"text": text}
        )
        assert put.status_code == 201
    stale = await reporting_client.post(
        f"{base}/editions", headers=approver, json={"narrative": {"hate_crime": 1}}
    )
    assert stale.status_code == 409
    assert stale.json()["newest"] == {"hate_crime": 1, "recommendations": 1}
    approval = {"narrative": {"hate_crime": 1, "recommendations": 1}}
    created = await reporting_client.post(
        f"{base}/editions", headers=approver, json=approval, timeout=180
    )
    assert created.status_code == 201, created.text
    edition = created.json()
    assert edition["edition"] == 1
    retried = await reporting_client.post(
        f"{base}/editions", headers=approver, json=approval, timeout=180
    )
    assert retried.status_code == 200
    assert retried.json()["edition"] == 1
    first = {}
    for format, url in edition["downloads"].items():
        response = await reporting_client.get(url, headers=reporting_reader, timeout=60)
        assert response.status_code == 200, (format, response.text)
        first[format] = response.content
    html = first["html"].decode()
    assert "12 hate crimes reported" in " ".join(html.split())
    assert "<strong>Inclusive Communities</strong>" in html
    assert "Edition 1, approved on" in html
    assert first["pdf"].startswith(b"%PDF-")

    await reporting_feeder.feed(_crimes(reporting_year, 8))
    live = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": period}, headers=reporting_reader
    )
    assert "20 hate crimes reported" in " ".join(live.text.split())
    for format, url in edition["downloads"].items():
        again = await reporting_client.get(url, headers=reporting_reader, timeout=60)
        assert again.content == first[format], format
    listed = await reporting_client.get(f"{base}/editions", headers=reporting_reader)
    assert [e["edition"] for e in listed.json()] == [1]
    narrative = await reporting_client.get(f"{base}/narrative", headers=reporting_reader)
    statuses = {
        s["section"]: s["latest"] and s["latest"]["status"] for s in narrative.json()["sections"]
    }
    assert statuses["hate_crime"] == "approved"
    assert statuses["purpose"] is None
    document = docx.Document(io.BytesIO(first["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "For members to consider the content of the report." in text
    assert "Edition 1, approved on" in text
    missing = await reporting_client.get(f"{base}/editions/9", headers=reporting_reader)
    assert missing.status_code == 404
