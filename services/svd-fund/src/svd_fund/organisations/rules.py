"""Organisation identifiers from org-id.guide: a list prefix and the identifier the list
gives (a charity number, a company number with its leading zeros...). 360Giving
publishes them as the recipient's id, so a malformed one is refused when registered."""

import re

ORG_ID_LISTS: dict[str, tuple[str, str]] = {
    "GB-CHC": (r"[0-9]{6,7}", "Charity Commission for England and Wales: the charity number"),
    "GB-SC": (r"SC[0-9]{6}", "Scottish Charity Regulator: SC and six digits"),
    "GB-NIC": (r"[0-9]{5,6}", "Charity Commission for Northern Ireland: the charity number"),
    "GB-COH": (
        r"(?:[0-9]{8}|(?:SC|NI|OC|SO|NC|IP|RS|SP|CE|CS)[0-9]{6})",
        "Companies House: the company number with its leading zeros (8 characters)",
    ),
    "GB-MPR": (r"[0-9]{1,6}R?[A-Z]?", "Mutuals Public Register: the society number"),
    "GB-EDU": (r"[0-9]{6}", "Department for Education: the school's URN"),
    "GB-LAE": (r"[A-Z]{3,4}", "Local authorities in England: the register's code"),
    "GB-PLA": (r"[EWSN][0-9]{8}", "Principal local authorities: the ONS code"),
    "GB-NHS": (r"[A-Z0-9]{3,5}", "NHS organisations: the ODS code"),
    "GB-GOR": (r"[A-Z]{2}[0-9]{1,5}", "Government organisations register"),
}


def org_id_problem(org_id: str) -> str | None:
    """Why `org_id` is not a valid identifier, or None."""
    prefix, separator, identifier = org_id.rpartition("-")
    if not separator or prefix not in ORG_ID_LISTS:
        known = ", ".join(f"{p}-" for p in ORG_ID_LISTS)
        return f"An org-id starts with the list it comes from: one of {known}."
    pattern, meaning = ORG_ID_LISTS[prefix]
    if not re.fullmatch(pattern, identifier):
        return f"{prefix}- is followed by {meaning[meaning.index(':') + 2 :]}."
    return None
