"""Jinja templates of the dashboard and the committee report."""

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from reporting.figures import Kind, Protected, UnprotectedCount, note

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _count(value: object) -> str:
    """A count of people or cases as published: 1,998 or "suppressed". A whole number
    that did not come from protection is refused (a float is a median or a rate)."""
    if isinstance(value, bool) or value is None:
        return "-"
    if isinstance(value, int):
        if type(value) is not Protected:
            raise UnprotectedCount(f"{value!r} is shown as a count of people without protection")
        return f"{value:,}"
    return _tally(value)


def _tally(value: object) -> str:
    """A count of agencies or meetings, a rate or a setting, shown as it is."""
    if isinstance(value, bool) or value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _pct(value: object, digits: int = 1) -> str:
    if value is None or isinstance(value, str):
        return "-"
    return f"{value:.{digits}f}%"


def _whole_pct(value: object) -> str:
    """A percentage in prose, as the committee report writes it: whole, rounded down."""
    if value is None or isinstance(value, str):
        return "-"
    return f"{int(abs(value))}%"


def pounds(pence: int) -> str:
    """Whole pence as pounds: £40,000, or £12,000.01."""
    return f"£{pence // 100:,}" if pence % 100 == 0 else f"£{pence / 100:,.2f}"


def _long_date(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day:%B %Y}"


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["count"] = _count
environment.filters["tally"] = _tally
environment.filters["pct"] = _pct
environment.filters["whole_pct"] = _whole_pct
environment.filters["long_date"] = _long_date
environment.filters["pounds"] = pounds


def render(template: str, **context: object) -> str:
    return environment.get_template(template).render(**context)


def stylesheet() -> str:
    """The stylesheet of every medium: the one the PDF is laid out with."""
    return (STATIC / "reporting.css").read_text()


def screen_stylesheet() -> str:
    """What only a screen needs; the PDF renderer skips it (its media is screen)."""
    return (STATIC / "screen.css").read_text()


STYLESHEETS = ("reporting.css", "screen.css")


environment.globals["screen_css"] = screen_stylesheet
environment.globals["kind_note"] = note
environment.globals["KINDS"] = Kind
