"""The narrative's Markdown as HTML, with nothing a draft could run."""

from reporting.editions.markdown import to_html


def test_markdown_becomes_html_under_the_sections_heading() -> None:
    html = to_html("# Lessons\n\n**Three** reviews\n\n- training\n- MARAC")
    assert "<h3>Lessons</h3>" in html
    assert "<strong>Three</strong>" in html
    assert "<li>training</li>" in html


def test_raw_html_and_script_links_are_text() -> None:
    html = to_html(
        '<script>alert(1)</script> <img src=x onerror="alert(1)"> [a](javascript:alert(1)) '
        "[b](https://example.org)"
    )
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">b</a>' in html
