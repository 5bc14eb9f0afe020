"""What a simulated provider reports about a route, and when: deterministic by route id."""

import uuid
from dataclasses import dataclass
from typing import Any

from csp_devtools.simulators.settings import SimulatorSettings

DECLINED = ("foundation", "foundation_plus_choices")
"""The demo's provider and service whose routes are sometimes declined (the demo
partnership's codes: the simulators play North Yorkshire's providers)."""
DECLINE_REASON = "Not ready to engage with the programme at this time"


@dataclass(frozen=True)
class FeedbackStep:
    delay_seconds: float
    body: dict[str, Any]


def declines(*, provider: str, service: str | None, route_id: uuid.UUID, one_in: int) -> bool:
    """Foundation declines one +Choices route in `one_in`, always the same ones."""
    return (provider, service) == DECLINED and one_in > 0 and route_id.int % one_in == 0


def feedback_script(
    *, route_id: uuid.UUID, service: str | None, settings: SimulatorSettings
) -> list[FeedbackStep]:
    """accepted, contacted and later engaged; or declined, for the routes `declines` picks."""
    delay = settings.feedback_delay_seconds
    if declines(
        provider=settings.provider,
        service=service,
        route_id=route_id,
        one_in=settings.decline_one_in,
    ):
        return [FeedbackStep(delay, {"status": "declined", "reason": DECLINE_REASON})]
    return [
        FeedbackStep(delay, {"status": "accepted"}),
        FeedbackStep(delay, {"status": "contacted"}),
        FeedbackStep(settings.engaged_delay_seconds, {"status": "engaged"}),
    ]
