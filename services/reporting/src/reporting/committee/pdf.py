"""The committee report as PDF (WeasyPrint), from the same HTML as the page."""

import asyncio

from weasyprint import HTML
from weasyprint.urls import URLFetcher

# The report embeds its charts as data: URLs and fetches nothing from anywhere else.
_ONLY_DATA_URLS = URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=_ONLY_DATA_URLS).write_pdf()


async def render_pdf(html: str) -> bytes:
    """In a thread: laying out a report takes a second of CPU."""
    return await asyncio.to_thread(html_to_pdf, html)
