"""The Home Office side of a review on PostgreSQL: the answer to a decision not to
review (an overturn reopens it), QA rounds and letters from the history, the report's
recipients under the 2024 Act, the publication; refusals change nothing."""

import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from csp_common import clock
from csp_common.tables import outbox_table

Auth = Callable[..., dict[str, str]]
TODAY = clock.at_noon(date(2024, 12, 1))
NO_REVIEW = {"decision": "no_review", "reasons": "The death does not meet the criteria."}


@pytest.fixture
def frozen():
    with clock.frozen(TODAY):
        yield


async def test_an_agreed_no_review_and_then_an_overturn(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, dhr_app, frozen
) -> None:
    review = await dhr_api.notify()
    url = f"/v1/reviews/{review['id']}/home-office"
    await dhr_api.walk(review["id"], ["scoping"])
    decided = await dhr_api.move(
        review["id"], "decided", "2024-02-10", home_office_told_on="2024-02-12", **NO_REVIEW
    )
    assert decided.status_code == 200, decided.text
    early = await dhr_client.post(
        f"{url}/decision-answer",
        json={"answer": "agreed", "answered_on": "2024-02-09"},
        headers=dhr_auth(),
    )
    assert early.status_code == 409
    agreed = await dhr_client.post(
        f"{url}/decision-answer",
        json={"answer": "agreed", "answered_on": "2024-03-01"},
        headers=dhr_auth(),
    )
    assert agreed.status_code == 201, agreed.text
    closed = await dhr_api.move(review["id"], "closed", "2024-03-02")
    assert closed.status_code == 200
    no_reasons = await dhr_client.post(
        f"{url}/decision-answer",
        json={"answer": "overturned", "answered_on": "2024-04-01"},
        headers=dhr_auth(),
    )
    assert no_reasons.status_code == 422 and no_reasons.json()["errors"][0]["pointer"] == (
        "#/body/reasons"
    )
    overturned = await dhr_client.post(
        f"{url}/decision-answer",
        json={
            "answer": "overturned",
            "answered_on": "2024-04-01",
            "reasons": "Coercive control emerged.",
        },
        headers=dhr_auth(),
    )
    assert overturned.status_code == 201, overturned.text
    again = await dhr_client.post(
        f"{url}/decision-answer",
        json={"answer": "agreed", "answered_on": "2024-04-02"},
        headers=dhr_auth(),
    )
    assert again.status_code == 409  # the decision is now to review
    now = (await dhr_client.get(f"/v1/reviews/{review['id']}", headers=dhr_auth())).json()
    assert (now["stage"], now["decision"]) == ("decided", "review")
    answer = (await dhr_client.get(url, headers=dhr_auth())).json()
    assert answer["decision"] == {
        "decision": "no_review",
        "decided_on": "2024-02-10",
        "reasons": NO_REVIEW["reasons"],
        "home_office_told_on": "2024-02-12",
        "answers": [
            {"answer": "agreed", "answered_on": "2024-03-01", "reasons": None},
            {"answer": "overturned", "answered_on": "2024-04-01",
             "reasons": "Coercive control emerged."},
        ],
    }  # fmt: skip
    async with dhr_app.state.session_factory() as session:
        decided_events = (
            await session.execute(
                select(outbox_table.c.data).where(
                    outbox_table.c.key == review["id"],
                    outbox_table.c.event_type == "csp.dhr.review_decided.v1",
                )
            )
        ).all()
    assert sorted(json.loads(row.data)["overturned"] for row in decided_events) == [False, True]


async def test_qa_rounds_recipients_and_publication(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, frozen
) -> None:
    review = await dhr_api.notify()
    url = f"/v1/reviews/{review['id']}"
    early = await dhr_client.post(
        f"{url}/recipients",
        json={"recipient": "home_office", "sent_on": "2024-02-01"},
        headers=dhr_auth(),
    )
    assert early.status_code == 409 and early.json()["type"].endswith("report-not-ready")
    await dhr_api.walk(review["id"], dhr_api.PATH_TO_PUBLICATION[:7])  # to submitted_to_qa
    revisions = await dhr_api.move(
        review["id"],
        "qa_outcome",
        "2024-03-01",
        qa_outcome="revisions_requested",
        letter_on="2024-02-28",
        requested_changes="Say more about the family's view.",
    )
    assert revisions.status_code == 200, revisions.text
    resubmitted = await dhr_api.move(review["id"], "submitted_to_qa", "2024-04-01")
    assert resubmitted.status_code == 200, resubmitted.text
    approved = await dhr_api.move(review["id"], "qa_outcome", "2024-05-02", letter_on="2024-05-01")
    assert approved.status_code == 200, approved.text
    for recipient, day in [("home_office", "2024-02-07"), ("secretary_of_state", "2024-05-10")]:
        sent = await dhr_client.post(
            f"{url}/recipients", json={"recipient": recipient, "sent_on": day}, headers=dhr_auth()
        )
        assert sent.status_code == 201, sent.text
    for body, status in [
        ({"recipient": "home_office", "sent_on": "2024-05-11"}, 409),  # sent already
        ({"recipient": "the_press", "sent_on": "2024-05-11"}, 422),
        ({"recipient": "home_office", "sent_on": "2024-02-06"}, 409),  # before submission
        ({"recipient": "home_office", "sent_on": "2025-01-01"}, 422),
        ({"recipient": "home_office", "document": "letter", "sent_on": "2024-05-11"}, 422),
    ]:
        refused = await dhr_client.post(f"{url}/recipients", json=body, headers=dhr_auth())
        assert refused.status_code == status, (body, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    answer = (await dhr_client.get(f"{url}/home-office", headers=dhr_auth())).json()
    assert answer["qa_rounds"] == [
        {"submitted_on": "2024-02-07", "outcome": "revisions_requested", "letter_on": "2024-02-28",
         "requested_changes": "Say more about the family's view."},
        {"submitted_on": "2024-04-01", "outcome": "approved", "letter_on": "2024-05-01",
         "requested_changes": None},
    ]  # fmt: skip
    assert [(r["recipient"], r["sent_on"]) for r in answer["recipients"]] == [
        ("home_office", "2024-02-07"),
        ("secretary_of_state", "2024-05-10"),
    ]
    assert answer["recipients_outstanding"] == ["domestic_abuse_commissioner"]
    assert answer["publication"] is None and answer["decision"]["decision"] == "review"


async def test_who_sees_the_home_office_side(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, frozen
) -> None:
    review = await dhr_api.notify()
    url = f"/v1/reviews/{review['id']}"
    await dhr_client.post(
        f"{url}/panel", json={"agency": "idas", "joined_on": "2024-02-20"}, headers=dhr_auth()
    )
    assert (
        await dhr_client.get(f"{url}/home-office", headers=dhr_auth("read", agency="idas"))
    ).status_code == 200
    for headers in (dhr_auth("read", agency="probation"), dhr_auth(area="selby")):
        assert (await dhr_client.get(f"{url}/home-office", headers=headers)).status_code == 404
    body = {"recipient": "home_office", "sent_on": "2024-05-11"}
    assert (
        await dhr_client.post(f"{url}/recipients", json=body, headers=dhr_auth(area="selby"))
    ).status_code == 404
    assert (
        await dhr_client.post(
            f"{url}/recipients", json=body, headers=dhr_auth("read", agency="idas")
        )
    ).status_code == 403
    answer = {"answer": "agreed", "answered_on": "2024-03-01"}
    refused = await dhr_client.post(
        f"{url}/home-office/decision-answer", json=answer, headers=dhr_auth()
    )
    assert refused.status_code == 409  # no decision yet
