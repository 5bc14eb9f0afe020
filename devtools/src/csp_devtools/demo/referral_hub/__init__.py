"""The demo's referral-hub: the partnership's hate reports and domestic abuse referrals
from January 2022 (`hate`, `referrals`), brought in through the bulk import API as the
CSP team would move an agency's history, then what IDAS and Foundation reported about
the referrals routed to them, through the providers' own API, dated as it happened
(`feedback`, from `courses`), and the quarterly returns each submitted for its
services (`returns`); then the community safety hubs' cases (`hubs`).

Re-running the loader imports nothing new (every row has a fixed source reference) and
reports nothing twice (a route's next report is worked out from what it already has); a
return sent again with the same figures changes nothing.
"""

import asyncio

import httpx

from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.referral_hub import feedback, returns
from csp_devtools.demo.referral_hub.hate import hate_reports, hate_reports_csv
from csp_devtools.demo.referral_hub.hubs import load_hubs
from csp_devtools.demo.referral_hub.referrals import ndjson, referrals

IMPORTING_AGENCY = "pfcc"
MIGRATION_SCOPE = "referrals:migrate"
"""Lets an import write records in another partnership agency's name (audited as such)."""


class DemoLoadFailed(RuntimeError):
    pass


async def _import(client: httpx.AsyncClient, kind: str, content_type: str, content: bytes) -> dict:
    answer = await client.post(
        f"/v1/imports/{kind}", content=content, headers={"Content-Type": content_type}
    )
    if answer.status_code != 202:
        raise DemoLoadFailed(f"import of {kind} refused: {answer.status_code} {answer.text}")
    location = answer.headers["location"]
    while True:
        job = (await client.get(location)).json()
        if job["status"] in {"completed", "failed"}:
            break
        await asyncio.sleep(0.1)
    if job["status"] != "completed" or job["rows_failed"]:
        errors = (await client.get(job["errors_url"], params={"limit": 5})).json()
        raise DemoLoadFailed(f"import of {kind} did not complete cleanly: {job} {errors}")
    return job


async def load_history(context: DemoContext) -> None:
    """The hate reports and referrals, through the import API (see the module's docstring)."""
    # The CSP team loads every agency's history: a delegated, audited migration.
    token = context.mint_token(
        agency=IMPORTING_AGENCY, scopes=["referrals:import", MIGRATION_SCOPE], ttl=3600
    )
    async with httpx.AsyncClient(
        base_url=context.urls["referral-hub"],
        headers={"Authorization": f"Bearer {token}", "X-Purpose": "demo data"},
        timeout=60,
    ) as client:
        await _import(client, "hate-reports", "text/csv", hate_reports_csv(hate_reports()))
        await _import(client, "referrals", "application/x-ndjson", ndjson(referrals()))


async def load_demo(context: DemoContext) -> None:
    await load_history(context)
    await feedback.report_all(context)
    await returns.submit_all(context)
    await load_hubs(context)
