"""referral-hub's test kit: referral bodies, and hypothesis strategies of what a
partner's system might send (any Unicode in names, any number where a count or a date
goes, any JSON where anything goes)."""

import copy
from datetime import date
from typing import Any

from hypothesis import strategies as st

from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE


def referral_body(*, yes: int = 0, **overrides: Any) -> dict[str, Any]:
    """A valid POST /v1/referrals body with `yes` "yes" answers (the rest "no").

    Overrides replace top-level keys; `victim`/`perpetrator`/`dash` dicts are merged.
    """
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["dash"]["answers"] = {k: ("yes" if i < yes else "no") for i, k in enumerate(DASH_KEYS)}
    body["services_requested"] = []
    for key, value in overrides.items():
        if key in {"victim", "perpetrator", "dash"} and isinstance(value, dict):
            body[key] = {**(body.get(key) or {}), **value}
        else:
            body[key] = value
    return body


def valid_referral(yes: int = 5) -> dict[str, Any]:
    """A valid POST /v1/referrals body with `yes` "yes" answers."""
    return referral_body(yes=yes)


# Every code point, lone surrogates and control characters included.
ANY_CHARACTER = st.characters(exclude_categories=())
AWKWARD = [
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\t",
    "\n",
    "\r",
    "\u2028",
    "\ud800",
    "\udfff",
    "\u200d",
    "\U0001f600",
    "\u0301",
    "-",
    "'",
    " ",
    "a",
    "Z",
    "\u00e9",
    "\u4e2d",
]

# Names a person may have: any script, symbols and emoji only, marks and joiners.
plausible_names = st.one_of(
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=100),
    st.text(st.characters(categories=("So", "Sm", "Sk", "Pd", "Po", "Mn")), min_size=1, max_size=8),
    st.sampled_from(["---", "\U0001f600", "?", "Big Dave", "O'Brien-Smith", "\u200d", "\u00b2"]),
).filter(str.strip)
names = st.one_of(
    plausible_names,
    plausible_names,
    st.text(ANY_CHARACTER, max_size=120),
    st.text(st.sampled_from(AWKWARD), min_size=1, max_size=8),
)
any_number = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.booleans(),
    st.text(st.sampled_from("0123456789-+.e "), max_size=12),
)
numbers = st.one_of(st.integers(min_value=0, max_value=30), any_number)
dates = st.one_of(
    st.dates(min_value=date(1900, 1, 2), max_value=date(2024, 12, 31)).map(date.isoformat),
    any_number,
    st.text(max_size=12),
)
json_values = st.recursive(
    st.none() | st.booleans() | any_number | st.text(ANY_CHARACTER, max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)

NAME_FIELDS = [
    ("victim", "given_name"),
    ("victim", "family_name"),
    ("perpetrator", "given_name"),
    ("perpetrator", "family_name"),
]
NUMBER_FIELDS = [("children_in_household",), ("dash", "incidents_last_12_months")]
DATE_FIELDS = [("incident_date",), ("victim", "date_of_birth"), ("perpetrator", "date_of_birth")]
ANY_FIELDS = [
    ("area",),
    ("relationship",),
    ("victim",),
    ("victim", "postcode"),
    ("victim", "safe_contact"),
    ("dash", "answers"),
    ("dash", "answers", "3"),
    ("consent",),
    ("services_requested",),
    ("source_reference",),
    ("perpetrator",),
]


def _set(body: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = body
    for part in path[:-1]:
        if not isinstance(target.get(part), dict):
            return  # an earlier change replaced the parent
        target = target[part]
    target[path[-1]] = value


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """`base` with some names, numbers, dates and other fields replaced."""
    body = copy.deepcopy(base)
    changes = st.one_of(
        st.tuples(st.sampled_from(NAME_FIELDS), names),
        st.tuples(st.sampled_from(NAME_FIELDS), names),
        st.tuples(st.sampled_from(NUMBER_FIELDS), numbers),
        st.tuples(st.sampled_from(DATE_FIELDS), dates),
        st.tuples(st.sampled_from(ANY_FIELDS), json_values),
    )
    for path, value in draw(st.lists(changes, min_size=1, max_size=3)):
        _set(body, path, value)
    return body


nesting_depths = st.sampled_from([1_000, 10_000, 100_000])
