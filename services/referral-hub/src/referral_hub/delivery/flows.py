"""The `referral.routed` webhook message of a route, built from current data."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.codes import RouteStatus
from referral_hub.delivery.schemas import RoutedData, RoutedWebhook
from referral_hub.referral.schemas import RouteOut, referral_out
from referral_hub.referral.service import get_route, referral_bundles
from referral_hub.referral.sharing import STOPPED, sharing_stopped


@dataclass(frozen=True)
class RoutedMessage:
    """What the dispatcher sends for a route, or (`body` None) why it sends nothing."""

    referral_id: uuid.UUID
    route_status: RouteStatus
    body: str | None
    withheld: str | None = None


async def routed_message(
    session: AsyncSession, *, route_id: uuid.UUID, at: datetime
) -> RoutedMessage:
    """The `referral.routed` webhook body for a route, built from current data.

    Once the provider has acted on the route (it pulled it from its inbox), there is
    nothing left to deliver; nor once the referral's sharing stopped (consent, its
    basis, withdrawn): `body` is None and `withheld` says why.
    """
    route = await get_route(session, route_id=route_id)
    status = RouteStatus(route.status)
    if status is not RouteStatus.SENT:
        return RoutedMessage(
            referral_id=route.referral_id,
            route_status=status,
            body=None,
            withheld=f"the provider already reported the route {status}",
        )
    if sharing_stopped(status=route.consent_status, basis=route.consent_basis):
        return RoutedMessage(
            referral_id=route.referral_id,
            route_status=status,
            body=None,
            withheld=STOPPED,
        )
    bundles = await referral_bundles(
        session, referral_ids=[route.referral_id], provider=route.provider
    )
    bundle = bundles[route.referral_id]
    message = RoutedWebhook(
        timestamp=at,
        data=RoutedData(
            route=RouteOut.model_validate(route),
            referral=referral_out(
                bundle.referral,
                victim=bundle.victim,
                perpetrator=bundle.perpetrator,
                routes=bundle.routes,
            ),
        ),
    )
    return RoutedMessage(
        referral_id=route.referral_id, route_status=status, body=message.model_dump_json()
    )
