"""The escalation ladder, pure: unless the partnership allows skipping, a rung above the
first needs the rung below it issued first in the case (against the same person, for a
person's ladder)."""

from collections.abc import Iterable
from dataclasses import dataclass

from csp_common.hub_configuration import HubsConfiguration, InterventionKind


@dataclass(frozen=True)
class Issued:
    ladder: str
    step: int
    subject_id: object | None


def missing_step(
    kind: InterventionKind,
    *,
    subject_id: object | None,
    issued: Iterable[Issued],
    config: HubsConfiguration,
) -> InterventionKind | None:
    """The rung that must come first, or None when `kind` may be issued now."""
    if config.ladder_skipping_allowed or kind.step == 1:
        return None
    below = kind.step - 1
    for earlier in issued:
        same_target = kind.target == "place" or earlier.subject_id == subject_id
        if earlier.ladder == kind.ladder and earlier.step >= below and same_target:
            return None
    return next(
        (k for k in config.interventions if k.ladder == kind.ladder and k.step == below), None
    )
