"""One strict rule for what callers send (csp_common.fields): dates are ISO strings,
never numbers; whole numbers are integers, never true or 1.5; free text holds no NUL,
control character or lone surrogate. Each is a problem+json 422 and stores nothing."""

import json
import uuid

import pytest

from csp_devtools.kits.marac import direct_referral


def _refused(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "overrides",
    [
        {"referred_on": 0},
        {"referred_on": 1_699_920_000},  # midnight UTC: lax pydantic reads a date
        {"referred_on": "1699920000"},
        {"referred_on": "2024-01-05T10:00:00Z"},
        {"referred_on": "05/01/2024"},
        {"children_in_household": True},
        {"children_in_household": 1.5},
        {"children_in_household": 2.0},
        {"score": "12.0"},
    ],
)
async def test_a_date_is_an_iso_string_and_a_count_a_whole_number(
    marac_client, marac_auth, overrides
) -> None:  # type: ignore[no-untyped-def]
    _refused(
        await marac_client.post(
            "/v1/cases", json=direct_referral(**overrides), headers=marac_auth("refer")
        )
    )


async def test_a_date_in_a_query_is_an_iso_string(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    _refused(await marac_client.get("/v1/cases?referred_from=1700000000", headers=headers))
    _refused(await marac_client.get("/v1/matac/rankings?as_of=0", headers=headers))


BAD_TEXT = ["a\x00b", "\x1b[31mred", "\ud800", "\x7f"]


def _body(value) -> bytes:  # type: ignore[no-untyped-def]
    # json.dumps escapes a lone surrogate as \ud800, as an attacker's client would.
    return json.dumps(value).encode()


@pytest.mark.parametrize("bad", BAD_TEXT)
async def test_free_text_refuses_control_characters_and_lone_surrogates(
    marac_client, marac_auth, bad: str
) -> None:  # type: ignore[no-untyped-def]
    case = (
        await marac_client.post("/v1/cases", json=direct_referral(), headers=marac_auth("refer"))
    ).json()
    research = await marac_client.put(
        f"/v1/meetings/{case['meeting_id']}/cases/{case['id']}/research",
        content=_body({"has_information": True, "summary": f"Known {bad}"}),
        headers={**marac_auth("research", agency="health"), "content-type": "application/json"},
    )
    _refused(research)
    coordinator = {**marac_auth(area="york"), "content-type": "application/json"}
    meeting = await marac_client.post(
        "/v1/meetings",
        content=_body({"area": "york", "held_on": "2030-02-05", "venue": bad}),
        headers=coordinator,
    )
    _refused(meeting)
    record = {
        "chair_agency": "north-yorkshire-police",
        "confidentiality_statement_read": True,
        "attendance": [{"agency": "north-yorkshire-police", "status": "present"}],
        "cases": [
            {
                "case_id": case["id"],
                "information_shared": [{"agency": "idas", "summary": bad}],
            }
        ],
    }
    _refused(
        await marac_client.put(
            f"/v1/meetings/{case['meeting_id']}/record", content=_body(record), headers=coordinator
        )
    )
    nomination = {"subject_id": str(uuid.uuid4()), "area": "york", "reason": bad}
    _refused(
        await marac_client.post(
            "/v1/matac/nominations",
            content=_body(nomination),
            headers={**marac_auth("refer"), "content-type": "application/json"},
        )
    )
    # Nothing was stored: the meeting is still to be recorded, research still missing.
    pack = (
        await marac_client.get(
            f"/v1/meetings/{case['meeting_id']}/pack", headers=marac_auth(area="york")
        )
    ).json()
    assert pack["meeting"]["status"] == "scheduled"
    assert [c["research"] for c in pack["cases"] if c["id"] == case["id"]] == [[]]
