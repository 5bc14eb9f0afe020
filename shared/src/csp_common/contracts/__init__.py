"""Event payload schemas, one model per event type, shared by producers and consumers,
and the equality vocabularies they carry (`equality`)."""

from csp_common.contracts import (
    access,
    dhr,
    equality,
    hubs,
    marac,
    provider_returns,
    referrals,
    retention,
    svd_fund,
)

__all__ = [
    "access",
    "dhr",
    "equality",
    "hubs",
    "marac",
    "provider_returns",
    "referrals",
    "retention",
    "svd_fund",
]
