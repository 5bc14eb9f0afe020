"""The access watch: an alert when one caller reads many people's records outside their
own agency or area in a short time.

A view that reads a record about a person says, when it audits the read, whether the
record lies outside the caller's reach (`outside(caller, agencies=..., areas=...)`); the
audit row keeps it (`audit_log.outside`). When a unit of work writes such rows for
people, the watch counts the distinct people that caller (the token's subject, in its
agency) has read outside in the window, this read included; the read that brings the
count to the threshold emits the service's `AccessAlert`, in the same transaction as
the audit rows. One alert a window: reads past the threshold add nothing until the
count falls below it again. On PostgreSQL one caller's checks take a transaction lock
in turn, so concurrent reads count each other. The threshold and window are settings
(`access_alert_reads`, `access_alert_window_seconds`).
"""

import hashlib
import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.access import AccessAlert
from csp_common.events.payload import CODE_PATTERN
from csp_common.outbox import PendingEvent
from csp_common.tables import audit_table

PERSON = "person"
UNRECOGNISED = "unrecognised"
"""The alert's agency when the token's is not a code (an outside organisation's account)."""


def _lock_key(subject: str, agency: str) -> int:
    digest = hashlib.blake2b(f"{subject}\0{agency}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _code(value: str | None) -> str | None:
    return value if value and re.fullmatch(CODE_PATTERN, value) else None


def outside(caller: Caller, *, agencies: Collection[str], areas: Collection[str] = ()) -> bool:
    """Whether a record is outside the caller's reach: none of the agencies it belongs
    to is the caller's (its referrers, say), or the caller's token names an area and
    none of the record's areas is it. Empty collections say nothing."""
    if agencies and caller.agency not in agencies:
        return True
    return bool(caller.area and areas and caller.area not in areas)


@dataclass(frozen=True)
class AccessWatch:
    alert: type[AccessAlert]
    service: str
    reads: int
    window: timedelta

    async def alerts(
        self, session: AsyncSession, *, caller: Caller, rows: Sequence[dict[str, Any]]
    ) -> list[PendingEvent]:
        """The alert to emit with these audit rows (not yet written), if they bring the
        caller's count of people read outside to the threshold."""
        subject, agency = caller.subject[:200], caller.agency[:100]
        people = {
            row["record_id"]
            for row in rows
            if row["outside"]
            and row["record_type"] == PERSON
            and (row["subject"], row["agency"]) == (subject, agency)
        }
        if not people:
            return []
        if session.get_bind().dialect.name == "postgresql":
            # One caller's checks in turn: the second waits for the first to commit, then
            # counts its rows, so two reads at once neither both alert nor both miss.
            await session.execute(select(func.pg_advisory_xact_lock(_lock_key(subject, agency))))
        now = clock.now()
        since = now - self.window
        earlier = await session.execute(
            select(audit_table.c.record_id, func.min(audit_table.c.at))
            .where(
                audit_table.c.subject == subject,
                audit_table.c.agency == agency,
                audit_table.c.record_type == PERSON,
                audit_table.c.outside.is_(True),
                audit_table.c.at >= since,
            )
            .group_by(audit_table.c.record_id)
        )
        first_seen = {record_id: at for record_id, at in earlier}
        before, after = len(first_seen), len(people | set(first_seen))
        if not before < self.reads <= after:
            return []
        alert = self.alert(
            alert_id=uuid.uuid4(),
            service=self.service,
            agency=_code(caller.agency) or UNRECOGNISED,
            area=_code(caller.area),
            records_read=after,
            threshold=self.reads,
            window_seconds=int(self.window.total_seconds()),
            first_read_at=min(first_seen.values(), default=now),
            alerted_at=now,
        )
        return [PendingEvent(payload=alert, key=caller.agency)]
