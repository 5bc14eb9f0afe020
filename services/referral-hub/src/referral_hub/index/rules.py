"""Deterministic person matching.

A referral's victim (or perpetrator) is matched to a person record by `match_key`, an
exact key over normalised name, date of birth and postcode. `candidate_keys` are
weaker keys that only flag likely duplicates for a person to review and merge.

Keys are SHA-256 digests, so a key column holds no readable personal data. Names,
dates of birth and postcodes are guessable, though: pass a `secret` (a pepper kept
in settings, never in the database) to get HMAC-SHA256 keys that cannot be reversed
by trying candidates. Changing the secret changes every key.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import NamedTuple

KEY_VERSION = "v1"

# Letters that Unicode does not decompose into a base letter and a mark (\u0131 is
# the Turkish dotless i), and apostrophes that Unicode counts as letters.
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
    | dict.fromkeys(["\u02bc", "\u02bb", "\u02b9", "\ua78c"], None)
)

# Outward code, then inward code (a digit and two letters other than C I K M O V).
_POSTCODE = re.compile(r"^(GIR|[A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
_GIR = "0AA"


def normalise_name(value: str) -> str:
    """Casefold, strip accents, drop everything but letters and digits.

    "  O'Brien-Smith " → "obriensmith" (any apostrophe); "Zoë" → "zoe"; "Łukasz" → "lukasz".
    """
    text = unicodedata.normalize("NFKD", value.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_TRANSLITERATE)
    return "".join(ch for ch in text if ch.isalnum())


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: " yo111aa " → "YO11 1AA".

    Raises `ValueError` when the value is not a UK postcode.
    """
    compact = re.sub(r"\s+", "", value).upper()
    match = _POSTCODE.match(compact)
    if match is None or (match.group(1) == "GIR" and match.group(2) != _GIR):
        raise ValueError("not a UK postcode")  # the message never repeats personal data
    return f"{match.group(1)} {match.group(2)}"


def _digest(parts: tuple[str, ...], *, secret: bytes | None) -> str:
    # Normalised names hold only letters and digits, so "|" cannot be ambiguous.
    message = "|".join((KEY_VERSION, *parts)).encode()
    if secret is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def match_key(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    postcode: str | None,
    secret: bytes | None = None,
) -> str | None:
    """Exact match key (64 hex characters) of a person, or None without one.

    Two records get the same key when their normalised names, dates of birth and
    normalised postcodes are equal (a missing postcode only matches a missing one). A
    name with no letters or digits (an emoji, "---", a placeholder for someone known
    only by a nickname) is as good as missing: too little to merge two referrals on.
    """
    given, family = normalise_name(given_name), normalise_name(family_name)
    if not given or not family:
        return None
    parts = (
        "match",
        given,
        family,
        date_of_birth.isoformat(),
        normalise_postcode(postcode) if postcode else "",
    )
    return _digest(parts, secret=secret)


class CandidateKind(StrEnum):
    """Why two person records may be the same person."""

    FAMILY_DOB = "family_dob"
    INITIAL_FAMILY_DOB = "initial_family_dob"
    GIVEN_FAMILY_POSTCODE = "given_family_postcode"
    GIVEN_DOB_POSTCODE = "given_dob_postcode"


class CandidateKey(NamedTuple):
    kind: CandidateKind
    key: str


def candidate_keys(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    postcode: str | None,
    secret: bytes | None = None,
) -> list[CandidateKey]:
    """Weak keys for duplicate review, in `CandidateKind` order.

    - `family_dob`: same family name and date of birth (any given name or postcode);
    - `initial_family_dob`: same given-name initial, family name and date of birth;
    - `given_family_postcode`: same names and postcode (date of birth missing or mistyped);
    - `given_dob_postcode`: same given name, date of birth and postcode (family name
      changed, common after separation).

    Keys whose fields are missing (a name without letters or digits counts as missing)
    are left out. Each kind is hashed with its own tag, so keys of different kinds never
    collide.
    """
    given = normalise_name(given_name)
    family = normalise_name(family_name)
    dob = date_of_birth.isoformat() if date_of_birth else None
    code = normalise_postcode(postcode) if postcode else None
    wanted: list[tuple[CandidateKind, tuple[str | None, ...]]] = [
        (CandidateKind.FAMILY_DOB, (family, dob)),
        (CandidateKind.INITIAL_FAMILY_DOB, (given[:1], family, dob)),
        (CandidateKind.GIVEN_FAMILY_POSTCODE, (given, family, code)),
        (CandidateKind.GIVEN_DOB_POSTCODE, (given, dob, code)),
    ]
    keys: list[CandidateKey] = []
    for kind, fields in wanted:
        present = [field for field in fields if field]
        if len(present) == len(fields):
            keys.append(CandidateKey(kind, _digest((kind.value, *present), secret=secret)))
    return keys
