"""The one-time dashboard link `csp up` prints: it opens on the demo's latest full quarter,
where every chart has its figures (the current financial year has none: the demo's
history ends at the partnership's report)."""

import httpx

from csp_devtools.demo.context import DemoContext, latest_full_quarter


async def dashboard_link(context: DemoContext) -> str | None:
    """The lines to print, or None when reporting is not running or refuses."""
    if "reporting" not in context.urls:
        return None
    token = context.mint_token(agency="pfcc", scopes=["reports:read"], ttl=600)
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{context.urls['reporting']}/v1/dashboard/links",
            headers={"Authorization": f"Bearer {token}"},
            json={"next": f"/dashboard?period={latest_full_quarter()}"},
        )
    if response.status_code != 201:
        return None
    return f"Dashboard (a one-time link, valid a few minutes):\n{response.json()['url']}\n"
