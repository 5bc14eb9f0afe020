"""Every read of a record about a person is audited, lists included."""

import uuid

from sqlalchemy import select

from csp_common.tables import audit_table
from csp_devtools.kits.marac import direct_referral


async def _audited(app, action: str, record_id: str) -> bool:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        found = await session.scalar(
            select(audit_table.c.record_id).where(
                audit_table.c.action == action, audit_table.c.record_id == record_id
            )
        )
    return found is not None


async def test_lists_of_nominations_interventions_and_research_are_audited(
    marac_app, marac_client, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    coordinator = marac_auth(area="york")
    subject = str(uuid.uuid4())
    nomination = (
        await marac_client.post(
            "/v1/matac/nominations",
            json={"subject_id": subject, "area": "york"},
            headers=coordinator,
        )
    ).json()
    assert (await marac_client.get("/v1/matac/nominations", headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "list", subject)
    interventions = f"/v1/matac/nominations/{nomination['id']}/interventions"
    assert (await marac_client.get(interventions, headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "interventions", subject)

    case = (
        await marac_client.post("/v1/cases", json=direct_referral(), headers=marac_auth("refer"))
    ).json()
    status = f"/v1/meetings/{case['meeting_id']}/research-status"
    assert (await marac_client.get(status, headers=coordinator)).status_code == 200
    assert await _audited(marac_app, "research-status", case["id"])
