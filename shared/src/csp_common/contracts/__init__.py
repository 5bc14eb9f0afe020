"""Event payload schemas, one model per event type, shared by producers and consumers."""

from csp_common.contracts import marac, referrals

__all__ = ["marac", "referrals"]
