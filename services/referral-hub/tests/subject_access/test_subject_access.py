"""`GET /v1/persons/{id}/subject-access`: referral-hub asks the real marac and dhr-tracker
(HTTP servers on databases of their own) what they hold about a person and who read it,
and answers one bundle, JSON or PDF; each side audits the request; a source that fails
is in the bundle as unavailable, never left out."""

import copy
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from csp_common.tables import audit_table
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import UvicornServer, create_database, drop_database, free_port
from dhr_tracker.app import create_app as create_dhr
from dhr_tracker.settings import DhrSettings
from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app
from referral_hub.referral.schemas import REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings

PURPOSE = "SAR-2026-014 demande du 1er décembre"
"""Sent as Latin-1 bytes, as a header arrives: passed on to each source unchanged."""
SENT = PURPOSE.encode("latin-1")
OFFICER = {"agency": "north-yorkshire-council", "scopes": ["persons:sar"], "subject": "dpo-2"}


@pytest.fixture(scope="module")
async def services(signing_keys: tuple[Path, Path]) -> AsyncIterator[dict[str, Any]]:
    databases = [
        await create_database(name) for name in ("csp_sar_hub", "csp_sar_marac", "csp_sar_dhr")
    ]
    common: dict[str, Any] = {"auth_public_key_file": signing_keys[1], "kafka_enabled": False}
    marac = create_marac(MaracSettings(database_url=databases[1], **common))
    dhr = create_dhr(
        DhrSettings(database_url=databases[2], deadline_scheduler_enabled=False, **common)
    )
    try:
        async with UvicornServer(marac) as marac_server, UvicornServer(dhr) as dhr_server:
            yield {
                "hub": databases[0],
                "marac": (marac_server.url, marac),
                "dhr-tracker": (dhr_server.url, dhr),
                "common": common,
            }
    finally:
        for database in databases:
            await drop_database(database)


@pytest.fixture(scope="module")
async def person(services: dict[str, Any], mint: Callable[..., str]) -> dict[str, Any]:
    """A referral about a victim, read by IDAS; a MARAC case and a review about them."""
    hub = create_app(
        ReferralHubSettings(
            database_url=services["hub"], person_key_secret="sar", **services["common"]
        )
    )
    police = {
        "Authorization": "Bearer "
        + mint(agency="north-yorkshire-police", scopes=["referrals:write", "referrals:read"])
    }
    async with (
        hub.router.lifespan_context(hub),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=hub), base_url="http://hub", event_hooks=KEYED_POSTS
        ) as client,
    ):
        body = copy.deepcopy(REFERRAL_EXAMPLE)
        body["services_requested"] = ["idas_refuge"]
        made = await client.post("/v1/referrals", json=body, headers=police)
        assert made.status_code == 201, made.text
        referral = made.json()
        idas = mint(agency="idas", scopes=["referrals:read"], subject="idas-worker-9")
        read = await client.get(
            f"/v1/referrals/{referral['id']}",
            headers={"Authorization": f"Bearer {idas}", "X-Purpose": "first contact"},
        )
        assert read.status_code == 200, read.text
    victim = referral["victim"]["id"]
    marac_url, dhr_url = services["marac"][0], services["dhr-tracker"][0]
    case = {
        "area": "scarborough",
        "victim_id": victim,
        "referred_on": "2026-11-02",
        "criteria": ["professional_judgement"],
        "children_in_household": 1,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    review = {
        "area": "scarborough",
        "notified_on": "2026-11-20",
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": "2026-11-18",
        "circumstances": "suspected_suicide",
        "victim": {"age_band": "25_34", "gender": "female", "ethnicity": "white"},
        "person_ids": [victim],
    }
    async with httpx.AsyncClient(event_hooks=KEYED_POSTS) as client:
        listed = await client.post(
            f"{marac_url}/v1/cases",
            json=case,
            headers={"Authorization": "Bearer " + mint(agency="health", scopes=["marac:refer"])},
        )
        assert listed.status_code == 201, listed.text
        manager = mint(agency="north-yorkshire-council", scopes=["dhr:manage"])
        notified = await client.post(
            f"{dhr_url}/v1/reviews", json=review, headers={"Authorization": f"Bearer {manager}"}
        )
        assert notified.status_code == 201, notified.text
    return {
        "id": victim,
        "referral": referral,
        "case": listed.json(),
        "review": notified.json(),
        "perpetrator_family_name": body["perpetrator"]["family_name"],
        "victim_family_name": body["victim"]["family_name"],
    }


async def _ask(
    services: dict[str, Any],
    mint: Callable[..., str],
    person_id: str,
    *,
    token_scopes: tuple[str, ...] = ("persons:sar", "audit:read"),
    dhr_url: str | None = None,
    **params: str,
) -> tuple[httpx.Response, Any]:
    token = mint(agency="north-yorkshire-council", scopes=list(token_scopes), subject="hub-sar")
    hub = create_app(
        ReferralHubSettings(
            database_url=services["hub"],
            person_key_secret="sar",
            marac_url=services["marac"][0],
            dhr_tracker_url=dhr_url or services["dhr-tracker"][0],
            subject_access_token=token,
            **services["common"],
        )
    )
    async with (
        hub.router.lifespan_context(hub),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=hub), base_url="http://hub") as client,
    ):
        response = await client.get(
            f"/v1/persons/{person_id}/subject-access",
            params=params,
            headers={"Authorization": "Bearer " + mint(**OFFICER), "X-Purpose": SENT},
        )
    return response, hub


async def _audit_rows(app: Any, record_id: str) -> list[tuple[str, str, str, str]]:
    async with app.state.session_factory() as session:
        rows = await session.execute(
            select(
                audit_table.c.agency,
                audit_table.c.subject,
                audit_table.c.action,
                audit_table.c.purpose,
            )
            .where(audit_table.c.record_id == record_id)
            .order_by(audit_table.c.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_the_bundle_holds_each_services_part_and_who_read_it(
    services: dict[str, Any], person: dict[str, Any], mint: Callable[..., str]
) -> None:
    response, hub = await _ask(services, mint, person["id"])
    assert response.status_code == 200, response.text
    bundle = response.json()
    assert bundle["complete"] is True
    assert bundle["person"]["family_name"] == person["victim_family_name"]
    assert person["perpetrator_family_name"] not in response.text  # a third party: by role
    parts = {part["source"]: part for part in bundle["sources"]}
    assert list(parts) == ["referral-hub", "marac", "dhr-tracker"]
    assert all(
        p["status"] == "answered" and p["audit_status"] == "answered" for p in parts.values()
    )

    hub_kinds = {(e["kind"], e["record_id"]) for e in parts["referral-hub"]["entries"]}
    assert ("referral_received", person["referral"]["id"]) in hub_kinds
    hub_trail = {(a["agency"], a["action"], a["record_id"]) for a in parts["referral-hub"]["audit"]}
    assert ("north-yorkshire-police", "create", person["referral"]["id"]) in hub_trail
    assert ("idas", "read", person["referral"]["id"]) in hub_trail

    assert {e["record_id"] for e in parts["marac"]["entries"]} >= {person["case"]["id"]}
    marac_trail = {(a["agency"], a["action"], a["purpose"]) for a in parts["marac"]["audit"]}
    assert ("north-yorkshire-council", "chronology", PURPOSE) in marac_trail  # this request

    dhr_entries = parts["dhr-tracker"]["entries"]
    assert (dhr_entries[0]["kind"], dhr_entries[0]["record_id"]) == (
        "review_notified",
        person["review"]["id"],
    )
    dhr_trail = {(a["action"], a["record_id"]) for a in parts["dhr-tracker"]["audit"]}
    assert ("history", person["id"]) in dhr_trail

    # audited on every side, with the officer's purpose
    assert ("north-yorkshire-council", "dpo-2", "subject_access", PURPOSE) in await _audit_rows(
        hub, person["id"]
    )
    for name, action in (("marac", "chronology"), ("dhr-tracker", "history")):
        rows = await _audit_rows(services[name][1], person["id"])
        assert ("north-yorkshire-council", "hub-sar", action, PURPOSE) in rows, name


async def test_the_same_bundle_as_a_pdf(
    services: dict[str, Any], person: dict[str, Any], mint: Callable[..., str]
) -> None:
    response, _ = await _ask(services, mint, person["id"], format="pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert person["victim_family_name"] in text
    for expected in ("referral-hub", "marac", "dhr-tracker", "review_notified", "first contact"):
        assert expected in text, expected
    assert person["perpetrator_family_name"] not in text
    assert "Unavailable" not in text


async def test_a_source_that_fails_is_reported_not_left_out(
    services: dict[str, Any], person: dict[str, Any], mint: Callable[..., str]
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    response, _ = await _ask(
        services, mint, person["id"], token_scopes=("persons:sar",), dhr_url=nowhere
    )
    assert response.status_code == 200, response.text
    bundle = response.json()
    assert bundle["complete"] is False
    parts = {part["source"]: part for part in bundle["sources"]}
    assert parts["referral-hub"]["status"] == "answered"
    # marac answers the history, but refuses its audit trail to a token without audit:read
    assert parts["marac"]["status"] == "answered"
    assert (parts["marac"]["audit_status"], parts["marac"]["audit_reason"]) == (
        "unavailable",
        "refused",
    )
    assert (parts["dhr-tracker"]["status"], parts["dhr-tracker"]["reason"]) == (
        "unavailable",
        "unreachable",
    )
    pdf, _ = await _ask(services, mint, person["id"], dhr_url=nowhere, format="pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Unavailable (unreachable)" in text


async def test_refusals(
    services: dict[str, Any], person: dict[str, Any], mint: Callable[..., str]
) -> None:
    import uuid

    missing, _ = await _ask(services, mint, str(uuid.uuid4()))
    assert missing.status_code == 404
    hub = create_app(
        ReferralHubSettings(
            database_url=services["hub"], person_key_secret="sar", **services["common"]
        )
    )
    async with (
        hub.router.lifespan_context(hub),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=hub), base_url="http://hub") as client,
    ):
        url = f"/v1/persons/{person['id']}/subject-access"
        reviewer = mint(agency="north-yorkshire-council", scopes=["persons:review", "audit:read"])
        no_scope = await client.get(
            url, headers={"Authorization": f"Bearer {reviewer}", "X-Purpose": SENT}
        )
        assert no_scope.status_code == 403
        officer = {"Authorization": "Bearer " + mint(**OFFICER)}
        assert (await client.get(url, headers=officer)).status_code == 400
        bad_format = await client.get(
            url, params={"format": "docx"}, headers=officer | {"X-Purpose": SENT}
        )
        assert bad_format.status_code == 422
        unconfigured = await client.get(url, headers=officer | {"X-Purpose": SENT})
        parts = {p["source"]: p for p in unconfigured.json()["sources"]}
        assert parts["marac"]["reason"] == parts["dhr-tracker"]["reason"] == "not_configured"
