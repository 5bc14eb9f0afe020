"""The committee report: the seed report's figures out of the pipeline, HTML and PDF."""

import shutil
import subprocess

import pytest
from PIL import Image

SEED_SENTENCES = [
    "During 2023, 1,998 cases were discussed within MARAC across North Yorkshire and York. "
    "This is a 4% increase on 2022 figures. Scarborough and Ryedale MARAC heard 27% of the "
    "total cases, Harrogate and Craven MARAC 24% and York MARAC 23%.",
    "For Q3 2023/24 there have been 283 hate crimes reported across North Yorkshire and York, "
    "compared to 256 for the equivalent period 2022/23, which is a 10% increase.",
    "14 hate crimes were committed against police officers whilst they were executing their "
    "duties.",
    "The key times for hate crime happening are 00:00-04:00 hrs.",
    "Race is the dominant strand, accounting for 55% of all hate crime reports.",
]


async def test_the_report_reproduces_the_seed_figures_as_html(
    reporting_client, reporting_reader, reporting_seeded
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "2023-24-Q3"}, headers=reporting_reader
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    text = " ".join(response.text.split())
    for sentence in SEED_SENTENCES:
        assert sentence in text, sentence
    assert text.count('<img class="chart"') >= 4


def _pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout


def _first_pages(data: bytes, tmp_path) -> list:  # type: ignore[no-untyped-def]
    """The first three pages as PNG images, kept in the test's temporary directory."""
    (tmp_path / "r.pdf").write_bytes(data)
    pdf, prefix = str(tmp_path / "r.pdf"), str(tmp_path / "page")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", pdf, prefix], check=True)
    return sorted(tmp_path.glob("page*.png"))


async def test_the_report_as_pdf(
    reporting_client, reporting_reader, reporting_seeded, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3", "format": "pdf"},
        headers=reporting_reader,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    layout = _pdf_text(data, tmp_path)
    pages = layout.count("\f")  # pdftotext ends every page with a form feed
    assert 3 <= pages <= 12, pages
    text = " ".join(layout.split())
    assert "1,998 cases were discussed within MARAC" in text
    assert "283 hate crimes reported" in text
    assert "Page 1 of" in text
    # the Accept header works too
    by_accept = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023-24-Q3"},
        headers={**reporting_reader, "Accept": "application/pdf"},
        timeout=120,
    )
    assert by_accept.headers["content-type"] == "application/pdf"
    if shutil.which("pdftoppm"):
        images = _first_pages(data, tmp_path)
        assert images
        for image in images:
            with Image.open(image) as picture:
                assert len(picture.convert("L").getcolors(maxcolors=1_000_000) or []) > 20


async def test_a_bad_period_is_a_problem(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.get(
        "/v1/reports/scrutiny", params={"period": "Q3"}, headers=reporting_reader
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    response = await reporting_client.get(
        "/v1/reports/scrutiny",
        params={"period": "2023", "format": "xlsx"},
        headers=reporting_reader,
    )
    assert response.status_code == 422
