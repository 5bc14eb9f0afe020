"""The North Yorkshire and York demo, loaded through svd-fund's own API as the fund's
team, applicants and assessors would: the needs assessment's sources for 2022-23, the
crimes with their domestic abuse flag (`domestic_abuse_crimes`, for the committee
report's table of police-recorded domestic abuse crimes), then the measures published
(8.5 per 1,000 against 9.6, 3% with a knife, a severity score of 3.2 against 5.1), and
the Prevention and Early Identification Fund's 2023/24 round with bids across the five
priorities (educational programmes, awareness campaigns, weapon amnesties...), two
assessors a bid, one bid moderated, awards within the budget, one waitlisted and one
ineligible bid, grant agreements accepted, first tranches paid, and monitoring returns
(some approved, one sent back, others overdue).

It is the partnership's history, recorded as it happened: the round opened in April 2023
and closed at the end of May, bids were assessed in June, awards made at the end of June
and first tranches paid in July; the projects ran from October 2023, their first
returns came in January 2024 and second tranches were paid in February. Every write is
dated by `X-Occurred-At` with a token that also holds `fund:history` (docs/svd-fund.md,
"Recording history"), so the events carry those dates and the committee report of
Q3 2023/24 counts the round in 2023/24. Loading it again finds the round and changes
nothing."""

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.svd_fund import domestic_abuse_crimes, measures

ROUND_NAME = "Prevention and Early Identification Fund 2023/24"
ANSWERS = {
    "not-for-profit": True,
    "delivers-locally": True,
    "safeguarding-policy": True,
    "statutory-duty": False,
}
BIDS: list[dict[str, Any]] = [
    {
        "account": "scarborough-youth-trust",
        "organisation": ("GB-CHC-1100001", "Scarborough Youth Trust", "charity"),
        "title": "Knife crime awareness workshops in Scarborough schools",
        "summary": "Workshops for years 8 and 9 on the consequences of carrying a knife, "
        "led by youth workers and a paramedic.",
        "amount": "12000.00",
        "lines": [("labour", "Youth workers", "9000.00"), ("non_labour", "Materials", "3000.00")],
        "priorities": ["children-young-people", "weapons"],
        "activity_types": ["awareness-education-young-people"],
        "areas": ["scarborough", "ryedale"],
        "outputs": [("sessions", None, 40), ("participants", "under_16", 900)],
        "scores": (4, 4),
    },
    {
        "account": "ny-community-safety-cic",
        "organisation": (
            "GB-COH-12345678",
            "North Yorkshire Community Safety CIC",
            "social-enterprise",
        ),
        "title": "Knife amnesty: surrender bins and a week of action",
        "summary": "Surrender bins at six sites for a month, with a week of publicity and "
        "street engagement with the police.",
        "amount": "6500.00",
        "lines": [
            ("non_labour", "Surrender bins and disposal", "4500.00"),
            ("labour", "Engagement officers", "2000.00"),
        ],
        "priorities": ["weapons", "awareness"],
        "activity_types": ["weapon-amnesty"],
        "areas": ["harrogate", "selby", "york"],
        "outputs": [("weapons_surrendered", None, 300)],
        "scores": (5, 4),
    },
    {
        "account": "york-street-angels",
        "organisation": ("GB-CHC-1100002", "York Street Angels", "charity"),
        "title": "Safer nights in York: street angels on weekend nights",
        "summary": "Trained volunteers on Friday and Saturday nights helping people at risk "
        "and calming conflict outside licensed premises.",
        "amount": "18000.00",
        "lines": [
            ("labour", "Coordinator", "12000.00"),
            ("non_labour", "Training and kit", "6000.00"),
        ],
        "priorities": ["night-time-economy"],
        "activity_types": ["community-location", "training"],
        "areas": ["york"],
        "outputs": [("sessions", None, 100), ("people_trained", None, 40)],
        "scores": (4, 3),
    },
    {
        "account": "harrogate-grammar",
        "organisation": ("GB-EDU-121680", "Harrogate Sixth Form College", "school"),
        "title": "Healthy relationships in Harrogate sixth forms",
        "summary": "A programme on consent, control and healthy relationships for students "
        "aged 16 to 18, with staff training.",
        "amount": "9800.00",
        "lines": [("labour", "Facilitators", "7800.00"), ("non_labour", "Resources", "2000.00")],
        "priorities": ["vawg", "children-young-people"],
        "activity_types": ["positive-relationships"],
        "areas": ["harrogate"],
        "outputs": [("participants", "16_17", 450), ("people_trained", None, 30)],
        "scores": (5, 2),  # assessors disagree: moderated
    },
    {
        "account": "selby-media-trust",
        "organisation": ("GB-CHC-1100003", "Selby Community Media Trust", "charity"),
        "title": "Serious violence: know the facts",
        "summary": "A public awareness campaign on the low level of violence in the county "
        "and where to get help, on local radio and social media.",
        "amount": "7200.00",
        "lines": [("non_labour", "Campaign media", "5200.00"), ("labour", "Producer", "2000.00")],
        "priorities": ["awareness"],
        "activity_types": ["awareness-education-adults"],
        "areas": ["selby", "hambleton", "richmondshire"],
        "outputs": [("campaign_reach", None, 60000)],
        "scores": (3, 3),
    },
    {
        "account": "craven-boxing",
        "organisation": ("GB-CHC-1100004", "Craven Amateur Boxing Club", "charity"),
        "title": "Gloves on, knives down: boxing and mentoring in Craven",
        "summary": "Weekly boxing sessions with mentoring for young people referred by "
        "schools and the youth justice service.",
        "amount": "15000.00",
        "lines": [
            ("labour", "Coaches and a mentor", "11000.00"),
            ("non_labour", "Gym hire and kit", "4000.00"),
        ],
        "priorities": ["children-young-people", "weapons"],
        "activity_types": ["diversion-sport"],
        "areas": ["craven"],
        "outputs": [("sessions", None, 48), ("participants", "16_17", 60)],
        "scores": (4, 4),
    },
    {
        "account": "licensed-trade-training",
        "organisation": ("GB-COH-09876543", "Licensed Trade Training Ltd", "company"),
        "title": "Bystander training for licensed premises",
        "summary": "Training bar and door staff to spot and step in on harassment of women "
        "and girls on nights out.",
        "amount": "11500.00",
        "lines": [("labour", "Trainers", "9500.00"), ("non_labour", "Venues", "2000.00")],
        "priorities": ["night-time-economy", "vawg"],
        "activity_types": ["training"],
        "areas": ["scarborough", "york"],
        "outputs": [("people_trained", None, 200), ("venues_engaged", None, 40)],
        "scores": (3, 3),  # over what the budget has left: waitlisted
        "decision": "waitlist",
    },
    {
        "account": "events-for-profit",
        "organisation": ("GB-COH-11223344", "Big Night Events Ltd", "company"),
        "title": "Late-night safety stewards",
        "summary": "Stewards at our own events.",
        "amount": "5000.00",
        "lines": [("labour", "Stewards", "5000.00")],
        "priorities": ["night-time-economy"],
        "activity_types": ["community-location"],
        "areas": ["scarborough"],
        "outputs": [("sessions", None, 10)],
        "answers": {**ANSWERS, "not-for-profit": False},  # ineligible
    },
]
BUDGET = "75000.00"
PLANNED = ("2023-10-01", "2024-09-30")
HISTORY_SCOPE = "fund:history"


class Timeline:
    """When each step happened (Europe/London times, as `X-Occurred-At` reads them)."""

    opens_at = datetime(2023, 4, 3, 9, 0)
    closes_at = datetime(2023, 5, 31, 17, 0)
    assigned = datetime(2023, 6, 5, 9, 0)
    declared = datetime(2023, 6, 6, 10, 0)
    moderated = datetime(2023, 6, 20, 11, 0)
    decided = datetime(2023, 6, 28, 14, 0)
    accepted_on = date(2023, 7, 10)
    first_paid_on = date(2023, 7, 17)
    returned = datetime(2024, 1, 22, 12, 0)
    reviewed = datetime(2024, 2, 5, 10, 0)
    second_paid_on = date(2024, 2, 12)

    @staticmethod
    def drafted(index: int) -> datetime:
        return datetime(2023, 4, 11, 10, 0) + timedelta(days=index)

    @staticmethod
    def submitted(index: int) -> datetime:
        return datetime(2023, 5, 16, 14, 0) + timedelta(days=index)

    @staticmethod
    def scored(number: int) -> datetime:
        return datetime(2023, 6, 12, 15, 0) + timedelta(days=number - 1)


def _at(moment: datetime) -> dict[str, str]:
    return {"X-Occurred-At": moment.isoformat()}


def _fine(answer: httpx.Response) -> dict[str, Any]:
    if not answer.is_success:
        raise RuntimeError(f"{answer.request.method} {answer.request.url.path}: {answer.text}")
    return answer.json()


def _rows(kind: str) -> list[dict[str, Any]]:
    """An import kind's demonstration rows; the crimes with their domestic abuse flag."""
    rows = measures.SOURCES[kind]()
    return domestic_abuse_crimes.flagged(rows) if kind == "crime" else rows


async def _import_measures(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    for kind in measures.SOURCES:
        job = _fine(
            await client.post(
                f"/v1/imports/{kind}",
                content=measures.as_csv(_rows(kind)),
                headers={**headers, "Content-Type": "text/csv"},
            )
        )
        while job["status"] not in ("completed", "failed"):
            await asyncio.sleep(0.2)
            job = _fine(await client.get(f"/v1/imports/{job['id']}", headers=headers))
        if job["status"] != "completed" or job["rows_failed"]:
            raise RuntimeError(f"the demo's {kind} import: {job}")


def _bid_body(bid: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": bid["title"],
        "summary": bid["summary"],
        "amount": bid["amount"],
        "budget_lines": [
            {"kind": kind, "item": item, "amount": amount} for kind, item, amount in bid["lines"]
        ],
        "priorities": bid["priorities"],
        "activity_types": bid["activity_types"],
        "areas": bid["areas"],
        "planned_start": PLANNED[0],
        "planned_end": PLANNED[1],
        "outputs": [
            {"measure": m, "target": t, **({"age_band": a} if a else {})}
            for m, a, t in bid["outputs"]
        ],
        "outcomes": [
            {
                "priority": bid["priorities"][0],
                "measure": "Participants who say they feel safer",
                "target": "Three in four",
            }
        ],
        "answers": bid.get("answers", ANSWERS),
    }


async def load(base_url: str, mint_token: Callable[..., str]) -> dict[str, Any]:
    """Load the demo into the svd-fund at `base_url`: what it made."""

    def headers(agency: str, scope: str, subject: str | None = None) -> dict[str, str]:
        token = mint_token(agency=agency, scopes=[scope, HISTORY_SCOPE], subject=subject, ttl=3600)
        return {"Authorization": f"Bearer {token}"}

    team = headers("pfcc", "fund:manage", "fund-officer")
    panel = headers("pfcc", "fund:manage", "moderation-panel")
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        rounds = _fine(await client.get("/v1/rounds", headers=team))["items"]
        if any(r["name"] == ROUND_NAME for r in rounds):
            return {"loaded": False}
        await _import_measures(client, team)
        _fine(
            await client.post("/v1/measures/publications", json={"year": "2022-23"}, headers=team)
        )
        fund_round = _fine(
            await client.post(
                "/v1/rounds",
                json={
                    "name": ROUND_NAME,
                    "budget": BUDGET,
                    "opens_at": Timeline.opens_at.isoformat(),
                    "closes_at": Timeline.closes_at.isoformat(),
                },
                headers=team,
            )
        )
        made: dict[str, Any] = {"round_id": fund_round["id"], "grants": [], "waitlisted": []}
        for index, bid in enumerate(BIDS):
            applicant = headers(bid["account"], "fund:apply")
            org_id, name, kind = bid["organisation"]
            _fine(
                await client.post(
                    "/v1/organisations",
                    json={"org_id": org_id, "name": name, "kind": kind},
                    headers=applicant,
                )
            )
            draft = _fine(
                await client.post(
                    f"/v1/rounds/{fund_round['id']}/bids",
                    json=_bid_body(bid),
                    headers=applicant | _at(Timeline.drafted(index)),
                )
            )
            submitted = _fine(
                await client.post(
                    f"/v1/bids/{draft['id']}/submission",
                    headers=applicant | _at(Timeline.submitted(index)),
                )
            )
            if submitted["status"] != "submitted":
                continue
            for number, score in enumerate(bid["scores"], start=1):
                assessor = headers("pfcc", "fund:assess", f"assessor-{number}")
                assignment = _fine(
                    await client.post(
                        f"/v1/bids/{draft['id']}/assignments",
                        json={"assessor": f"assessor-{number}"},
                        headers=team | _at(Timeline.assigned),
                    )
                )
                _fine(
                    await client.post(
                        f"/v1/assignments/{assignment['id']}/declaration",
                        json={"conflict": False},
                        headers=assessor | _at(Timeline.declared),
                    )
                )
                scored = _fine(
                    await client.post(
                        f"/v1/assignments/{assignment['id']}/scores",
                        json={
                            "scores": [
                                {"criterion": c, "score": score, "comment": f"Scored {score}."}
                                for c in ("need", "delivery", "outcomes", "value")
                            ]
                        },
                        headers=assessor | _at(Timeline.scored(number)),
                    )
                )
            if scored["status"] == "needs_moderation":
                _fine(
                    await client.post(
                        f"/v1/bids/{draft['id']}/moderation",
                        json={
                            "scores": [
                                {"criterion": c, "score": 4, "reason": "The panel agreed."}
                                for c in ("need", "delivery", "outcomes", "value")
                            ]
                        },
                        headers=panel | _at(Timeline.moderated),
                    )
                )
            decision = bid.get("decision", "award")
            decided = _fine(
                await client.post(
                    f"/v1/bids/{draft['id']}/decision",
                    json={"decision": decision, "reasons": "Decided by the fund's panel."},
                    headers=team | _at(Timeline.decided),
                )
            )
            if decided["grant"] is None:
                made["waitlisted"].append(draft["id"])
                continue
            grant = decided["grant"]
            made["grants"].append(grant["id"])
            _fine(
                await client.post(
                    f"/v1/grants/{grant['id']}/acceptance",
                    json={
                        "accept_conditions": True,
                        "accepted_on": Timeline.accepted_on.isoformat(),
                    },
                    headers=applicant,
                )
            )
            _fine(
                await client.post(
                    f"/v1/grants/{grant['id']}/payments",
                    json={"tranche": 1, "paid_on": Timeline.first_paid_on.isoformat()},
                    headers=team,
                )
            )
            await _first_return(client, bid, grant["id"], applicant, team)
        return made


async def _first_return(
    client: httpx.AsyncClient,
    bid: dict[str, Any],
    grant_id: str,
    applicant: dict[str, str],
    team: dict[str, str],
) -> None:
    """The first quarter's return: approved (and the second tranche paid) for most,
    sent back for one, not yet in for another (it stays overdue)."""
    if bid["account"] == "selby-media-trust":
        return
    first = _fine(
        await client.get("/v1/returns", params={"grant_id": grant_id}, headers=applicant)
    )["items"][0]
    outputs = [
        {"measure": m, "count": t // 4, **({"age_band": a} if a else {})}
        for m, a, t in bid["outputs"]
    ]
    _fine(
        await client.post(
            f"/v1/returns/{first['id']}/submission",
            json={
                "outputs": outputs,
                "outcomes": [
                    {
                        "priority": bid["priorities"][0],
                        "measure": "Participants who say they feel safer",
                        "progress": "On track after the first quarter.",
                    }
                ],
                "summary": "The first quarter went as planned.",
            },
            headers=applicant | _at(Timeline.returned),
        )
    )
    if bid["account"] == "york-street-angels":
        _fine(
            await client.post(
                f"/v1/returns/{first['id']}/decision",
                json={"decision": "return", "reasons": "Add the number of nights covered."},
                headers=team | _at(Timeline.reviewed),
            )
        )
        return
    _fine(
        await client.post(
            f"/v1/returns/{first['id']}/decision",
            json={"decision": "approve"},
            headers=team | _at(Timeline.reviewed),
        )
    )
    _fine(
        await client.post(
            f"/v1/grants/{grant_id}/payments",
            json={"tranche": 2, "paid_on": Timeline.second_paid_on.isoformat()},
            headers=team,
        )
    )


async def load_demo(context: DemoContext) -> None:
    await load(context.urls["svd-fund"], context.mint_token)
