"""Figures in sentences and table cells, as the committee papers write them; the prose says
"a number not published" where a table says "suppressed"."""

from reporting.protection import Shown


def words(value: Shown) -> str:
    """A count in a sentence."""
    if isinstance(value, int):
        return f"{value:,}"
    return "a number not published (it is small, or would let a small number be worked out)"


def cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def pct_cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def whole(pct: float) -> int:
    """A published one-decimal percentage as a whole number for prose (10.5 -> 10, as the
    committee papers write 283 against 256; half to even)."""
    return round(pct)


def change_words(change: float | None, previous_label: str) -> str:
    """', which is a 10% increase'."""
    if change is None:
        return ""
    if whole(change) == 0:
        return f", about the same as {previous_label}"
    direction = "increase" if change > 0 else "decrease"
    return f", which is a {whole(abs(change))}% {direction}"


def label(code: str) -> str:
    return code.replace("_", " ")


def plural(code: str) -> str:
    text = label(code)
    if text.endswith("s"):
        return text
    return text[:-1] + "ies" if text.endswith("y") else text + "s"
