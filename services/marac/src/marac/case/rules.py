"""The repeat rule: same victim and perpetrator referred again within the window."""


def is_repeat(*, days_since_last: int | None, window_days: int) -> bool:
    """Same victim and perpetrator again within the window (inclusive), as referral-hub rules."""
    return days_since_last is not None and 0 <= days_since_last <= window_days
