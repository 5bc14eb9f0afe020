"""The sealed identity at rest: AES-GCM, bound to its record, keys that rotate."""

import base64

import pytest

from csp_common.sealing import Cipher, SealError, new_key

OLD, NEW = new_key(), new_key()


def test_a_sealed_value_opens_only_for_its_own_record() -> None:
    cipher = Cipher({"k1": OLD}, active="k1")
    sealed = cipher.seal(b"Jane Doe", context="review:1")
    assert sealed.key_id == "k1" and sealed.token.startswith("v1.k1.")
    assert b"Jane" not in base64.urlsafe_b64decode(sealed.token.split(".")[2])
    assert cipher.open(sealed.token, context="review:1") == b"Jane Doe"
    with pytest.raises(SealError, match="another record"):
        cipher.open(sealed.token, context="review:2")


def test_two_seals_of_one_value_differ() -> None:
    cipher = Cipher({"k1": OLD}, active="k1")
    assert cipher.seal(b"x", context="c").token != cipher.seal(b"x", context="c").token


@pytest.mark.parametrize("position", [7, 20, -1])
def test_a_tampered_value_does_not_open(position: int) -> None:
    cipher = Cipher({"k1": OLD}, active="k1")
    token = cipher.seal(b"Jane Doe", context="c").token
    flipped = "A" if token[position] != "A" else "B"
    with pytest.raises(SealError):
        cipher.open(token[:position] + flipped + token[position + 1 :], context="c")


def test_keys_rotate_old_values_still_open_and_reseal_under_the_active_key() -> None:
    before = Cipher({"k1": OLD}, active="k1").seal(b"Jane Doe", context="c")
    rotated = Cipher({"k1": OLD, "k2": NEW}, active="k2")
    assert rotated.needs_reseal(before.token)
    assert rotated.open(before.token, context="c") == b"Jane Doe"
    after = rotated.reseal(before.token, context="c")
    assert after.key_id == "k2" and not rotated.needs_reseal(after.token)
    retired = Cipher({"k2": NEW}, active="k2")
    assert retired.open(after.token, context="c") == b"Jane Doe"
    with pytest.raises(SealError, match="k1 is not configured"):
        retired.open(before.token, context="c")


def test_a_key_sealed_under_one_id_does_not_open_under_another() -> None:
    token = Cipher({"k1": OLD}, active="k1").seal(b"x", context="c").token
    relabelled = token.replace("v1.k1.", "v1.k2.", 1)
    with pytest.raises(SealError):
        Cipher({"k2": OLD}, active="k2").open(relabelled, context="c")


@pytest.mark.parametrize(
    ("keys", "active", "message"),
    [
        ({"k1": OLD}, "k2", "active sealing key"),
        ({"k 1": OLD}, "k 1", "key id"),
        ({"k1": "not base64!"}, "k1", "base64"),
        ({"k1": base64.urlsafe_b64encode(b"short").decode()}, "k1", "32 bytes"),
        ({"k1": "ключ"}, "k1", "base64"),
    ],
)
def test_misconfigured_keys_are_refused_at_start(
    keys: dict[str, str], active: str, message: str
) -> None:
    with pytest.raises(SealError, match=message):
        Cipher(keys, active=active)


@pytest.mark.parametrize("token", ["", "v1.k1", "v2.k1.AAAA", "v1.k1.!!!", "v1.k1.AAAA"])
def test_anything_else_is_not_a_sealed_value(token: str) -> None:
    with pytest.raises(SealError):
        Cipher({"k1": OLD}, active="k1").open(token, context="c")
