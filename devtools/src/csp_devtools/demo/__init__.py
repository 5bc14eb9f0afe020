"""The North Yorkshire demo `csp up` loads: one partnership's history, January 2022 to its
report of March 2024 (`context.HISTORY_ENDS`), brought in through each service's own
API as the partnership would bring it (bulk imports, then the calls its officers and
providers make), every record with a fixed reference or Idempotency-Key so a second
load adds nothing.

The loaders of `LOADERS` whose service is running run one after the other. Each speaks
to its own service only (what one service learns from another comes through the broker);
they are not run at once, because each generates its rows in the event loop, which would
hold the others' kept-alive connections idle past the servers' keep-alive timeout."""

from collections.abc import Awaitable, Callable

from csp_devtools.demo.context import DemoContext
from csp_devtools.demo.dhr_tracker.load import load_demo as load_dhr_tracker
from csp_devtools.demo.marac import load_demo as load_marac
from csp_devtools.demo.referral_hub import load_demo as load_referral_hub
from csp_devtools.demo.reporting.governance import load_demo as load_reporting
from csp_devtools.demo.svd_fund.load import load_demo as load_svd_fund

LOADERS: dict[str, Callable[[DemoContext], Awaitable[None]]] = {
    "referral-hub": load_referral_hub,
    "marac": load_marac,
    "dhr-tracker": load_dhr_tracker,
    "svd-fund": load_svd_fund,
    "reporting": load_reporting,
}


async def load_demo(context: DemoContext) -> None:
    for service, load in LOADERS.items():
        if service in context.urls:
            await load(context)
