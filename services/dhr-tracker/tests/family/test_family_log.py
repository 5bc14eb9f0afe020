"""The family log and the panel's chair, on PostgreSQL: what each entry needs, the
summary, refusals that change nothing, and who may see it."""

from collections.abc import Callable
from datetime import date

import httpx
import pytest

from csp_common import clock

Auth = Callable[..., dict[str, str]]
TODAY = clock.at_noon(date(2024, 6, 1))


@pytest.fixture
async def review(dhr_api) -> dict:
    with clock.frozen(TODAY):
        return await dhr_api.notify()


async def test_the_log_and_what_it_adds_up_to(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    url = f"/v1/reviews/{review['id']}/family-log"
    entries = [
        {"kind": "advocacy_offered", "on": "2024-03-04", "by": "independent-chair",
         "family_member": "mother", "advocacy_provider": "aafda", "accepted": None},
        {"kind": "contact", "on": "2024-03-10", "by": "independent-chair",
         "family_member": "mother", "method": "meeting", "note": "Met at home with the advocate."},
        {"kind": "advocacy_offered", "on": "2024-03-11", "by": "idas",
         "family_member": "mother", "advocacy_provider": "aafda", "accepted": True},
        {"kind": "terms_of_reference_shared", "on": "2024-03-20", "by": "north-yorkshire-council",
         "method": "email"},
        {"kind": "pseudonym_chosen", "on": "2024-03-20", "by": "independent-chair",
         "pseudonym": "Anna", "chosen_by": "family"},
        {"kind": "contact", "on": "2024-04-02", "by": "independent-chair", "method": "phone"},
        {"kind": "draft_shared", "on": "2024-05-15", "by": "independent-chair",
         "method": "through_advocate"},
    ]  # fmt: skip
    with clock.frozen(TODAY):
        for body in entries:
            answer = await dhr_client.post(url, json=body, headers=dhr_auth())
            assert answer.status_code == 201, answer.text
        log = (await dhr_client.get(url, headers=dhr_auth())).json()
    assert [e["seq"] for e in log["entries"]] == [1, 2, 3, 4, 5, 6, 7]
    assert log["summary"] == {
        "advocacy_offered_on": "2024-03-04",
        "advocacy_accepted": True,
        "contacts": 2,
        "last_contact_on": "2024-04-02",
        "terms_of_reference_shared_on": "2024-03-20",
        "draft_shared_on": "2024-05-15",
        "pseudonym": "Anna",
        "pseudonym_chosen_by": "family",
    }


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"kind": "pseudonym_chosen", "on": "2024-03-01", "by": "idas"}, 422, "#/body/pseudonym"),
        ({"kind": "contact", "on": "2024-03-01", "by": "idas", "accepted": True}, 422,
         "#/body/accepted"),
        ({"kind": "contact", "on": "2024-07-01", "by": "idas"}, 422, "#/body/on"),
        ({"kind": "contact", "on": "2024-01-01", "by": "idas"}, 409, None),
        ({"kind": "visit", "on": "2024-03-01", "by": "idas"}, 422, "#/body/kind"),
        ({"kind": "contact", "on": "2024-03-01", "by": "Not A Code"}, 422, "#/body/by"),
        ({"kind": "contact", "on": "03/01/2024", "by": "idas"}, 422, "#/body/on"),
    ],
)  # fmt: skip
async def test_bad_entries_are_refused_and_change_nothing(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict, body, status, pointer
) -> None:
    url = f"/v1/reviews/{review['id']}/family-log"
    with clock.frozen(TODAY):
        answer = await dhr_client.post(url, json=body, headers=dhr_auth())
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        if pointer:
            assert pointer in [e["pointer"] for e in answer.json()["errors"]]
        assert (await dhr_client.get(url, headers=dhr_auth())).json()["entries"] == []


async def test_only_the_reviews_manager_sees_the_family_log(
    dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    url = f"/v1/reviews/{review['id']}/family-log"
    body = {"kind": "contact", "on": "2024-03-01", "by": "idas"}
    await dhr_client.post(
        f"/v1/reviews/{review['id']}/panel",
        json={"agency": "idas", "joined_on": "2024-02-20"},
        headers=dhr_auth(),
    )
    with clock.frozen(TODAY):
        for headers in (dhr_auth(area="selby"),):
            assert (await dhr_client.get(url, headers=headers)).status_code == 404
            assert (await dhr_client.post(url, json=body, headers=headers)).status_code == 404
        panel_member = dhr_auth("read", agency="idas")
        assert (await dhr_client.get(url, headers=panel_member)).status_code == 403
        assert (await dhr_client.get(url, headers=dhr_auth("none"))).status_code == 403
        unknown = "/v1/reviews/00000000-0000-4000-8000-000000000000/family-log"
        assert (await dhr_client.get(unknown, headers=dhr_auth())).status_code == 404


async def test_the_panel_shows_its_independent_chair(
    dhr_api, dhr_client: httpx.AsyncClient, dhr_auth: Auth, review: dict
) -> None:
    url = f"/v1/reviews/{review['id']}/panel"
    with clock.frozen(TODAY):
        assert (await dhr_client.get(url, headers=dhr_auth())).json()["chair"] is None
        await dhr_api.walk(review["id"], ["scoping", "decided", "panel_established"])
        refused = await dhr_api.move(
            review["id"], "terms_of_reference_agreed", "2024-02-04", independence_declared=True
        )
        assert refused.status_code == 422
        panel = (await dhr_client.get(url, headers=dhr_auth())).json()
    assert panel["chair"] == {
        "name": "An independent chair",
        "appointed_on": "2024-02-03",
        "independence_declared": True,
    }
