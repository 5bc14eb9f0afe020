"""A case handed over to another partnership's MARAC: the export package (no name, no
person id), its import on the receiving side with a receipt, the receipt recorded by the
sending side; who may do each, refusals that change nothing, and the audit trail."""

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from csp_common.tables import audit_table
from csp_devtools.kits.marac import direct_referral
from marac.handover.models import export_table

OTHER = "west-yorkshire"


async def _case(client, auth) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    made = await client.post("/v1/cases", json=direct_referral(), headers=auth("refer"))
    assert made.status_code == 201, made.text
    return made.json()


async def _export(client, auth, case: dict) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    answer = await client.post(
        f"/v1/cases/{case['id']}/exports", json={"to_partnership": OTHER}, headers=auth(area="york")
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _from_the_other_partnership(package: dict) -> dict:
    """The package another partnership's export would give us: addressed to this one."""
    return package | {
        "package_id": str(uuid.uuid4()),
        "from_partnership": OTHER,
        "from_marac_area": "leeds",
        "to_partnership": "north-yorkshire",
    }


async def test_a_case_goes_out_with_its_history_and_comes_back_with_a_receipt(
    marac_client, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    case = await _case(marac_client, marac_auth)
    research = await marac_client.put(
        f"/v1/meetings/{case['meeting_id']}/cases/{case['id']}/research",
        json={"has_information": True, "summary": "Known to the community mental health team."},
        headers=marac_auth("research"),
    )
    assert research.status_code == 200, research.text

    export = await _export(marac_client, marac_auth, case)
    package = export["package"]
    assert (package["from_partnership"], package["from_marac_area"]) == ("north-yorkshire", "york")
    assert (package["to_partnership"], export["receipt"]) == (OTHER, None)
    assert package["case"]["criteria"] == ["professional_judgement"]
    assert package["case"]["score"] == 12 and package["case"]["victim_gender"] == "female"
    assert [(r["agency"], r["summary"]) for r in package["research"]] == [
        ("health", "Known to the community mental health team.")
    ]
    text = json.dumps(package)
    assert case["victim_id"] not in text and case["perpetrator_id"] not in text
    assert case["id"] not in text  # marac's own ids stay here

    # The other partnership imports it (there, through the same API) and answers a receipt.
    receiving = _from_the_other_partnership(package)
    victim_there = str(uuid.uuid4())
    imported = await marac_client.post(
        "/v1/case-imports",
        json={"area": "scarborough", "victim_id": victim_there, "package": receiving},
        headers=marac_auth(area="scarborough-ryedale"),
    )
    assert imported.status_code == 201, imported.text
    received = imported.json()
    assert received["case"]["area"] == "scarborough-ryedale"
    assert received["case"]["status"] == "listed"
    assert received["case"]["victim_id"] == victim_there
    assert received["receipt"] == {
        "format": "csp.marac.case-transfer-receipt.v1",
        "package_id": receiving["package_id"],
        "received_by_partnership": "north-yorkshire",
        "received_on": date.today().isoformat(),
        "case_reference": received["case"]["id"],
    }

    # The sending side records the receipt it got back.
    receipt = {
        **received["receipt"],
        "package_id": export["id"],
        "received_by_partnership": OTHER,
    }
    url = f"/v1/case-exports/{export['id']}"
    recorded = await marac_client.post(
        f"{url}/receipt", json=receipt, headers=marac_auth(area="york")
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["receipt"] == receipt
    read = await marac_client.get(url, headers=marac_auth(area="york"))
    assert read.json()["receipt"] == receipt
    again = await marac_client.post(f"{url}/receipt", json=receipt, headers=marac_auth(area="york"))
    assert again.status_code == 409, again.text

    async with marac_app.state.session_factory() as session:
        audited = set(
            (
                await session.execute(
                    select(audit_table.c.action, audit_table.c.record_id).where(
                        audit_table.c.action.in_(["export", "export_receipt", "import"])
                    )
                )
            ).all()
        )
    assert {
        ("export", case["id"]),
        ("export_receipt", case["id"]),
        ("import", received["case"]["id"]),
    } <= {tuple(row) for row in audited}


async def test_only_the_sending_area_sees_an_export(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    case = await _case(marac_client, marac_auth)
    elsewhere = marac_auth(area="harrogate-craven")
    answer = await marac_client.post(
        f"/v1/cases/{case['id']}/exports", json={"to_partnership": OTHER}, headers=elsewhere
    )
    assert answer.status_code == 404, answer.text
    export = await _export(marac_client, marac_auth, case)
    receipt = {
        "package_id": export["id"],
        "received_by_partnership": OTHER,
        "received_on": date.today().isoformat(),
        "case_reference": "WY-1",
    }
    url = f"/v1/case-exports/{export['id']}"
    assert (await marac_client.get(url, headers=elsewhere)).status_code == 404
    refused = await marac_client.post(f"{url}/receipt", json=receipt, headers=elsewhere)
    assert refused.status_code == 404
    unknown = await marac_client.get(
        f"/v1/case-exports/{uuid.uuid4()}", headers=marac_auth(area="york")
    )
    assert unknown.status_code == 404
    assert (await marac_client.get(url, headers=marac_auth(area="york"))).json()["receipt"] is None


async def test_wrong_packages_and_receipts_are_refused_and_change_nothing(
    marac_client, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    case = await _case(marac_client, marac_auth)
    york = marac_auth(area="york")
    to_ourselves = await marac_client.post(
        f"/v1/cases/{case['id']}/exports", json={"to_partnership": "north-yorkshire"}, headers=york
    )
    assert to_ourselves.status_code == 422, to_ourselves.text
    export = await _export(marac_client, marac_auth, case)

    def importing(package: dict, area: str = "york") -> dict:
        return {"area": area, "victim_id": str(uuid.uuid4()), "package": package}

    addressed_elsewhere = await marac_client.post(
        "/v1/case-imports", json=importing(export["package"]), headers=york
    )
    assert addressed_elsewhere.status_code == 422, addressed_elsewhere.text
    ours = _from_the_other_partnership(export["package"])
    not_my_area = await marac_client.post(
        "/v1/case-imports", json=importing(ours, area="scarborough"), headers=york
    )
    assert not_my_area.status_code == 404, not_my_area.text
    tampered = ours | {"case": ours["case"] | {"score": 99}}
    assert (
        await marac_client.post("/v1/case-imports", json=importing(tampered), headers=york)
    ).status_code == 422
    first = await marac_client.post("/v1/case-imports", json=importing(ours), headers=york)
    assert first.status_code == 201, first.text
    twice = await marac_client.post("/v1/case-imports", json=importing(ours), headers=york)
    assert twice.status_code == 409, twice.text

    url = f"/v1/case-exports/{export['id']}/receipt"
    good = {
        "package_id": export["id"],
        "received_by_partnership": OTHER,
        "received_on": date.today().isoformat(),
        "case_reference": "WY-1",
    }
    for bad in (
        good | {"package_id": str(uuid.uuid4())},
        good | {"received_by_partnership": "lancashire"},
        good | {"received_on": "yesterday"},
        good | {"extra": True},
    ):
        answer = await marac_client.post(url, json=bad, headers=york)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
    async with marac_app.state.session_factory() as session:
        recorded = await session.scalar(
            select(export_table.c.receipt_recorded_at).where(export_table.c.id == export["id"])
        )
    assert recorded is None
