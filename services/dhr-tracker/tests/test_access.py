"""The access matrix: manage, a panel member's read, an agency's own contributions; every
other caller finds nothing (404) or, without a dhr scope, is refused (403)."""

from collections.abc import Callable
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import audit_table

Auth = Callable[..., dict[str, str]]


@pytest.fixture
async def review(dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth) -> dict:
    with clock.frozen(clock.at_noon(date(2024, 3, 1))):
        review = await dhr_api.notify()
        panel = await dhr_client.post(
            f"/v1/reviews/{review['id']}/panel",
            json={"agency": "idas", "joined_on": "2024-02-20"},
            headers=dhr_auth(),
        )
        assert panel.status_code == 201, panel.text
        asked = await dhr_client.post(
            f"/v1/reviews/{review['id']}/contributions",
            json={"agency": "health", "requested_on": "2024-02-21", "due_on": "2024-02-28"},
            headers=dhr_auth(),
        )
        assert asked.status_code == 201, asked.text
    return {**review, "contribution": asked.json()}


async def test_a_panel_member_reads_the_review_but_cannot_change_it(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    reader = dhr_auth("read", agency="idas")
    url = f"/v1/reviews/{review['id']}"
    assert (await dhr_client.get(url, headers=reader)).status_code == 200
    assert (await dhr_client.get(f"{url}/transitions", headers=reader)).status_code == 200
    listed = (await dhr_client.get("/v1/reviews", headers=reader)).json()["items"]
    assert [item["id"] for item in listed] == [review["id"]]
    moved = await dhr_client.post(
        f"{url}/transitions", json={"to": "scoping", "on": "2024-02-01"}, headers=reader
    )
    assert moved.status_code == 403


@pytest.mark.parametrize(
    ("role", "agency", "area"),
    [
        ("read", "probation", None),  # on another review's panel, not this one's
        ("manage", "north-yorkshire-council", "selby"),  # the CSP team of another area
        ("contribute", "health", None),  # asked for an IMR: sees the request, not the review
    ],
)
async def test_a_caller_who_may_not_see_the_review_gets_404_everywhere(
    dhr_client: httpx.AsyncClient,
    dhr_auth: Auth,
    review: dict,
    role: str,
    agency: str,
    area: str | None,
) -> None:
    headers = dhr_auth(role, agency=agency, area=area, purpose="testing access")
    url = f"/v1/reviews/{review['id']}"
    reads = [f"{url}", f"{url}/transitions", f"{url}/pauses", f"{url}/panel"]
    for path in reads:
        answer = await dhr_client.get(path, headers=headers)
        expected = 403 if role == "contribute" else 404
        assert answer.status_code == expected, (path, answer.text)
    if role != "contribute":
        listed = (await dhr_client.get("/v1/reviews", headers=headers)).json()["items"]
        assert listed == []
    if role == "manage":
        for path, body in [
            (f"{url}/transitions", {"to": "scoping", "on": "2024-02-01"}),
            (f"{url}/pauses", {"reason": "inquest", "paused_on": "2024-02-01"}),
            (f"{url}/panel", {"agency": "health", "joined_on": "2024-02-01"}),
        ]:
            assert (await dhr_client.post(path, json=body, headers=headers)).status_code == 404
        sealed = await dhr_client.get(f"{url}/sealed-identity", headers=headers)
        assert sealed.status_code == 404


async def test_an_agency_sees_and_answers_only_its_own_contributions(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    own = dhr_auth("contribute", agency="health")
    other = dhr_auth("contribute", agency="probation")
    url = f"/v1/contributions/{review['contribution']['id']}"
    with clock.frozen(clock.at_noon(date(2024, 3, 1))):
        assert (await dhr_client.get(url, headers=own)).status_code == 200
        assert (await dhr_client.get(url, headers=other)).status_code == 404
        mine = (await dhr_client.get("/v1/contributions?overdue=true", headers=own)).json()
        assert [item["id"] for item in mine["items"]] == [review["contribution"]["id"]]
        assert (await dhr_client.get("/v1/contributions", headers=other)).json()["items"] == []
        refused = await dhr_client.post(
            f"{url}/receipt", json={"received_on": "2024-02-29"}, headers=other
        )
        assert refused.status_code == 404
        sent = await dhr_client.post(
            f"{url}/receipt", json={"received_on": "2024-02-29"}, headers=own
        )
        assert sent.status_code == 200 and sent.json()["status"] == "received"
        not_theirs = await dhr_client.post(
            f"{url}/decision", json={"status": "accepted", "on": "2024-03-01"}, headers=own
        )
        assert not_theirs.status_code == 403
        accepted = await dhr_client.post(
            f"{url}/decision", json={"status": "accepted", "on": "2024-03-01"}, headers=dhr_auth()
        )
        assert accepted.status_code == 200 and accepted.json()["overdue"] is False


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/reviews"),
        ("POST", "/v1/reviews"),
        ("GET", "/v1/reviews/{id}"),
        ("POST", "/v1/reviews/{id}/transitions"),
        ("GET", "/v1/reviews/{id}/sealed-identity"),
        ("GET", "/v1/contributions"),
        ("POST", "/v1/anonymisation-checks"),
    ],
)
async def test_a_token_without_a_dhr_scope_is_refused_403(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict, method: str, path: str
) -> None:
    answer = await dhr_client.request(
        method, path.format(id=review["id"]), headers=dhr_auth("none"), json={}
    )
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("missing-scope")


async def test_reads_are_audited_with_their_purpose(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, review: dict
) -> None:
    headers = dhr_auth("read", agency="idas", purpose="panel meeting")
    await dhr_client.get(f"/v1/reviews/{review['id']}", headers=headers)
    async with dhr_app.state.session_factory() as session:
        rows = (
            await session.execute(
                select(audit_table).where(
                    audit_table.c.record_id == review["id"], audit_table.c.action == "read"
                )
            )
        ).all()
    assert [(row.agency, row.purpose) for row in rows] == [("idas", "panel meeting")]
