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

import httpx

from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.referral_hub import feedback, returns
from csp_devtools.demo.referral_hub.hate import hate_reports, hate_reports_csv
from csp_devtools.demo.referral_hub.hubs import load_hubs
from csp_devtools.demo.referral_hub.referrals import referrals
from csp_devtools.demo.referral_hub.upload import DemoLoadFailed, import_file, ndjson

__all__ = ["DemoLoadFailed", "load_demo", "load_history"]

IMPORTING_AGENCY = "pfcc"
MIGRATION_SCOPE = "referrals:migrate"
"""Lets an import write records in another partnership agency's name (audited as such)."""


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
        await import_file(client, "hate-reports", "text/csv", hate_reports_csv(hate_reports()))
        await import_file(client, "referrals", "application/x-ndjson", ndjson(referrals()))


async def load_demo(context: DemoContext) -> None:
    await load_history(context)
    for provider in feedback.PROVIDERS:
        # one read of the provider's inbox (thousands of routes) serves both
        items = await feedback.inbox(context, provider)
        await feedback.report_provider(context, provider, items)
        await returns.submit_provider(context, provider, items)
    await load_hubs(context)
