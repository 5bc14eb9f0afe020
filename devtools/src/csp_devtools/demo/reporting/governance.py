"""Each priority's status in the governance view (`/dashboard/governance`, the committee
report's §1), set by its owner through reporting's API as the partnership's boards and
groups did during 2023/24: a status after the October 2023 meetings, and another after
the February 2024 ones, the newest being the one the report of Q3 2023/24 shows.

The owner of each priority is read from the governance view (the partnership file says
who it is), and each status is sent with its owner's token. A status already in the
priority's history is not sent again, so a second load adds nothing."""

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx

from csp_devtools.demo.context import DemoContext

OCTOBER = date(2023, 10, 12)
FEBRUARY = date(2024, 2, 8)

STATUSES: dict[str, list[dict[str, Any]]] = {
    "partnership-development": [
        {
            "set_on": OCTOBER,
            "status": "at_risk",
            "note": "The joint protocol with the safeguarding children and adults boards is "
            "two months late while the boards' chairs change.",
            "next_steps": ["Agree the joint protocol at the January joint chairs' meeting"],
        },
        {
            "set_on": FEBRUARY,
            "status": "on_track",
            "note": "The joint protocol with the safeguarding boards was signed in January; "
            "shared priorities are on each board's forward plan.",
            "next_steps": ["Review the protocol's first six months in July 2024"],
        },
    ],
    "community-safety-hubs": [
        {
            "set_on": OCTOBER,
            "status": "on_track",
            "note": "Every hub holds fortnightly case meetings; ASB case reviews are answered "
            "within the statutory time.",
            "next_steps": ["Bring CCTV requests into the hubs' case meetings"],
        },
        {
            "set_on": FEBRUARY,
            "status": "on_track",
            "note": "Hub cases are recorded on the platform in every area; CCTV requests "
            "now go through the hubs.",
            "next_steps": ["Report the hubs' outcomes to the June board"],
        },
    ],
    "domestic-abuse": [
        {
            "set_on": OCTOBER,
            "status": "at_risk",
            "note": "Safe accommodation in York is short of the needs assessment's target; "
            "the commissioning review has started.",
            "next_steps": ["Complete the safe accommodation commissioning review"],
        },
        {
            "set_on": FEBRUARY,
            "status": "at_risk",
            "note": "The safe accommodation review reported in January; new places are not "
            "expected before the autumn.",
            "next_steps": [
                "Agree interim dispersed accommodation with housing partners",
                "Refresh the Domestic Abuse Strategy's delivery plan",
            ],
        },
    ],
    "serious-violence": [
        {
            "set_on": OCTOBER,
            "status": "on_track",
            "note": "The Prevention and Early Identification Fund's projects started in "
            "October 2023 across the five priorities of the response strategy.",
            "next_steps": ["First quarterly monitoring returns due at the end of January"],
        },
        {
            "set_on": FEBRUARY,
            "status": "on_track",
            "note": "The projects' first quarterly returns are in and most are approved; "
            "second tranches are being paid.",
            "next_steps": ["Refresh the Strategic Needs Assessment with 2023/24 data"],
        },
    ],
    "hate-crime": [
        {
            "set_on": OCTOBER,
            "status": "off_track",
            "note": "Four of the ten planned third-party reporting centres are open.",
            "next_steps": ["Recruit and train the remaining reporting centres"],
        },
        {
            "set_on": FEBRUARY,
            "status": "at_risk",
            "note": "Seven of the ten third-party reporting centres are open; the rest are "
            "agreed for April.",
            "next_steps": ["Open the last three reporting centres by April 2024"],
        },
    ],
}


def _fine(answer: httpx.Response) -> Any:
    if not answer.is_success:
        raise RuntimeError(f"{answer.request.method} {answer.request.url.path}: {answer.text}")
    return answer.json()


def _key(status: dict[str, Any]) -> tuple[str, str, str]:
    return (str(status["set_on"]), status["status"], status["note"])


async def load(base_url: str, mint_token: Callable[..., str]) -> dict[str, int]:
    """Set the demo's statuses in the reporting at `base_url`: how many were set."""

    def headers(agency: str, scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(agency=agency, scopes=[scope], ttl=600)}"}

    set_count = 0
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        priorities = _fine(
            await client.get("/v1/governance/priorities", headers=headers("pfcc", "reports:read"))
        )
        for priority in priorities:
            known = {_key(h) for h in priority["history"]}
            owner = headers(priority["owner"]["agency"], "reports:write")
            for status in STATUSES.get(priority["code"], []):
                if _key(status) in known:
                    continue
                _fine(
                    await client.put(
                        f"/v1/governance/priorities/{priority['code']}/status",
                        json={**status, "set_on": status["set_on"].isoformat()},
                        headers=owner,
                    )
                )
                set_count += 1
    return {"set": set_count}


async def load_demo(context: DemoContext) -> None:
    await load(context.urls["reporting"], context.mint_token)
