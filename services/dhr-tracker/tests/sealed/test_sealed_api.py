"""The sealed identity over HTTP: encrypted at rest, read only by the CSP team with a
purpose, every read audited; and the anonymisation check of a draft against it."""

import io
from collections.abc import Callable
from datetime import date

import docx
import httpx
import pytest
import weasyprint
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import audit_table, outbox_table
from dhr_tracker.sealed.models import sealed_table

Auth = Callable[..., dict[str, str]]
IDENTITY = {
    "people": [
        {
            "role": "victim",
            "names": ["Zoë O'Brien-Smith"],
            "dates_of_birth": ["1985-03-07"],
            "addresses": [
                {"lines": ["12 Acacia Avenue"], "town": "Scarborough", "postcode": "YO11 2AB"}
            ],
        },
        {"role": "family", "relationship": "mother", "names": ["Mary Smith"]},
    ]
}


@pytest.fixture
async def review(dhr_api) -> dict:
    with clock.frozen(clock.at_noon(date(2024, 3, 1))):
        return await dhr_api.notify()


async def test_the_identity_is_sealed_at_rest_and_read_back_with_a_purpose(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, review: dict
) -> None:
    url = f"/v1/reviews/{review['id']}/sealed-identity"
    written = await dhr_client.put(url, json=IDENTITY, headers=dhr_auth(purpose="recording"))
    assert written.status_code == 200, written.text
    async with dhr_app.state.session_factory() as session:
        stored = (await session.execute(select(sealed_table))).first()
        outbox = (await session.execute(select(outbox_table.c.data))).scalars().all()
        audit = (
            await session.execute(
                select(audit_table.c.action, audit_table.c.purpose).where(
                    audit_table.c.record_type == "sealed_identity"
                )
            )
        ).all()
    assert stored is not None and "Brien" not in stored.token and stored.key_id == "k1"
    assert not any(b"Brien" in data or b"1985" in data for data in outbox)
    assert audit == [("write", "recording")]
    read = await dhr_client.get(url, headers=dhr_auth(purpose="anonymisation"))
    assert read.status_code == 200
    assert read.json()["people"][0]["names"] == ["Zoë O'Brien-Smith"]


async def test_the_identity_needs_a_purpose_and_the_manage_scope(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    url = f"/v1/reviews/{review['id']}/sealed-identity"
    await dhr_client.put(url, json=IDENTITY, headers=dhr_auth(purpose="recording"))
    no_purpose = await dhr_client.get(url, headers=dhr_auth())
    assert no_purpose.status_code == 422
    assert "#/header/X-Purpose" in [e["pointer"] for e in no_purpose.json()["errors"]]
    assert (await dhr_client.get(url, headers=dhr_auth("read", purpose="x y z"))).status_code == 403
    unsearchable = {"people": [{"role": "victim", "names": ["?!"]}]}
    answer = await dhr_client.put(url, json=unsearchable, headers=dhr_auth(purpose="recording"))
    assert answer.status_code == 422
    two_victims = {"people": [IDENTITY["people"][0], IDENTITY["people"][0]]}
    assert (
        await dhr_client.put(url, json=two_victims, headers=dhr_auth(purpose="recording"))
    ).status_code == 422


def docx_draft(text: str) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("The review of ")
    for piece in text.split("|"):
        paragraph.add_run(piece)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def check(client: httpx.AsyncClient, auth: Auth, review_id: str, name: str, content: bytes):
    return await client.post(
        "/v1/anonymisation-checks",
        data={"review_id": review_id},
        files={"file": (name, content, "application/octet-stream")},
        headers=auth(purpose="anonymisation check"),
    )


async def test_a_planted_name_is_found_in_a_docx_and_a_pdf_and_publication_waits_for_a_clean_draft(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    with clock.frozen(clock.at_noon(date(2025, 1, 9))) as frozen:
        await checked_and_published(dhr_api, dhr_client, dhr_auth, review, frozen)


async def checked_and_published(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict, frozen
) -> None:
    await dhr_client.put(
        f"/v1/reviews/{review['id']}/sealed-identity",
        json=IDENTITY,
        headers=dhr_auth(purpose="recording"),
    )
    found = await check(
        dhr_client,
        dhr_auth,
        review["id"],
        "draft.docx",
        docx_draft("Zo|ë O'Bri|en-Smith, whose mother Mary Smith"),
    )
    assert found.status_code == 201, found.text
    body = found.json()
    assert body["document_kind"] == "docx" and body["clean"] is False
    assert [(m["people"], m["kind"], m["text"]) for m in body["mentions"]] == [
        (["victim"], "name", "Zoë O'Brien-Smith"),
        (["family-1"], "name", "Mary Smith"),
    ]
    pdf = weasyprint.HTML(
        string="<body style='width:50mm'><p>Adult A was born on 7 March 1985 and lived at"
        " 12 Acacia Avenue.</p></body>"
    ).write_pdf()
    in_pdf = (await check(dhr_client, dhr_auth, review["id"], "draft.pdf", pdf)).json()
    assert [m["kind"] for m in in_pdf["mentions"]] == ["date_of_birth", "address"]

    frozen.advance(days=1)
    await dhr_api.walk(review["id"], dhr_api.PATH_TO_PUBLICATION)
    refused = await dhr_api.move(review["id"], "published", "2024-12-01")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("publication-needs-clean-check")
    final = b"The review of Adult A, who lived in Scarborough."
    assert (await check(dhr_client, dhr_auth, review["id"], "final.txt", final)).json()["clean"]
    frozen.advance(minutes=5)
    await dhr_client.put(  # a name added after the check: the check no longer proves anything
        f"/v1/reviews/{review['id']}/sealed-identity",
        json=IDENTITY,
        headers=dhr_auth(purpose="a name added"),
    )
    stale = await dhr_api.move(review["id"], "published", "2024-12-01")
    assert stale.status_code == 409
    frozen.advance(minutes=5)
    assert (await check(dhr_client, dhr_auth, review["id"], "final.txt", final)).json()["clean"]
    published = await dhr_api.move(review["id"], "published", "2024-12-01")
    assert published.status_code == 200, published.text


async def test_a_check_needs_a_sealed_identity_and_a_readable_file(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    without = await check(dhr_client, dhr_auth, review["id"], "d.txt", b"text")
    assert without.status_code == 409
    await dhr_client.put(
        f"/v1/reviews/{review['id']}/sealed-identity",
        json=IDENTITY,
        headers=dhr_auth(purpose="recording"),
    )
    broken = await check(dhr_client, dhr_auth, review["id"], "d.pdf", b"%PDF-1.7 broken")
    assert broken.status_code == 422 and broken.json()["errors"][0]["pointer"] == "#/body/file"
