"""The narrative's Markdown as HTML. CommonMark with raw HTML off: a `<script>` or an
`onclick` in a draft is shown as text, and links other than http(s), mailto and relative
ones are not made (markdown-it's link validation), so the HTML needs no other cleaning."""

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.validateLink = _safe_link  # type: ignore[method-assign]
    return parser


def _safe_link(url: str) -> bool:
    lowered = url.strip().lower()
    return ":" not in lowered.split("/", 1)[0] or lowered.startswith(_ALLOWED_SCHEMES)


_PARSER = _parser()


# A section's heading is h2: the narrative's own headings come under it.
HEADING_OFFSET = 2


def tokens(text: str) -> list[Token]:
    parsed = _PARSER.parse(text)
    for token in parsed:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_OFFSET)}"
    return parsed


def to_html(text: str) -> Markup:
    html = _PARSER.renderer.render(tokens(text), _PARSER.options, {})
    return Markup(html)  # noqa: S704  (escaped by markdown-it: raw HTML is off)
