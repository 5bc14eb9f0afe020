"""Hub cases' pure rules: who sees a case, and when two locations are the same place."""

import hashlib
import re
from dataclasses import dataclass

from csp_common.auth import Caller

READ = "hubs:read"
WRITE = "hubs:write"
COORDINATE = "hubs:coordinate"


def location_key(
    *, kind: str, place: str | None, address_line: str | None, postcode: str | None
) -> str:
    """The same place however it was typed: case, spacing and punctuation ignored."""
    parts = [kind, place or "", address_line or "", (postcode or "").replace(" ", "")]
    normalised = "|".join(re.sub(r"[^a-z0-9]+", " ", p.lower()).strip() for p in parts)
    return hashlib.sha256(normalised.encode()).hexdigest()


@dataclass(frozen=True)
class Visibility:
    """What a caller sees: every case of `hub` (hub staff, with an `area` claim) and the
    cases its agency is involved in (police and council partners)."""

    hub: str | None
    agency: str


def visibility(caller: Caller, *, hub_codes: list[str]) -> Visibility:
    hub = caller.area if caller.area in hub_codes else None
    return Visibility(hub=hub, agency=caller.agency)
