"""What the domain rules refuse, in two kinds the API answers differently.

`Conflict` is a request that does not fit the record as it stands (a move the review's
stage does not allow, a pause while one is open): 409. `Invalid` is a request that is
wrong whatever the record holds (a date in the future, a detail a move needs left out):
422. Neither message ever repeats what the caller sent or names a person.
"""


class Refused(Exception):
    def __init__(self, code: str, detail: str, *, pointer: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.pointer = pointer


class Conflict(Refused):
    """Answered 409."""


class Invalid(Refused):
    """Answered 422."""
