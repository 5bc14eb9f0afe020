"""Expected agencies return research; the coordinator sees who has not."""

from csp_devtools.kits.marac import direct_referral


async def test_research_returns_and_the_missing_list(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    case = (
        await marac_client.post(
            "/v1/cases", json=direct_referral(area="york"), headers=marac_auth("refer")
        )
    ).json()
    meeting_id = case["meeting_id"]
    path = f"/v1/meetings/{meeting_id}/cases/{case['id']}/research"
    health = marac_auth("research", agency="health")
    returned = await marac_client.put(
        path, json={"has_information": True, "summary": "Known to the GP."}, headers=health
    )
    assert returned.status_code == 200, returned.text
    no_summary = await marac_client.put(path, json={"has_information": True}, headers=health)
    assert no_summary.status_code == 422
    nothing = await marac_client.put(
        path, json={"has_information": False}, headers=marac_auth("research", agency="idas")
    )
    assert nothing.status_code == 200
    outsider = await marac_client.put(
        path, json={"has_information": False}, headers=marac_auth("research", agency="foundation")
    )
    assert outsider.status_code == 404

    status = (
        await marac_client.get(
            f"/v1/meetings/{meeting_id}/research-status", headers=marac_auth(area="york")
        )
    ).json()
    [mine] = [c for c in status["cases"] if c["case_id"] == case["id"]]
    assert mine["returned"] == ["health", "idas"]
    assert set(mine["missing"]) == {
        "north-yorkshire-police",
        "city-of-york-council",
        "probation",
        "fire-rescue",
    }
    pack = (await marac_client.get(f"/v1/meetings/{meeting_id}/pack", headers=health)).json()
    [packed] = [c for c in pack["cases"] if c["id"] == case["id"]]
    assert {r["agency"] for r in packed["research"]} == {"health", "idas"}
    refused = await marac_client.get(f"/v1/meetings/{meeting_id}/research-status", headers=health)
    assert refused.status_code == 403
