"""Reading a real DOCX and a real PDF: a planted name is found wherever it hides."""

import base64
import io
import zipfile
from datetime import date

import docx
import pytest
import weasyprint
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.parser import parse_xml
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from dhr_tracker.anonymisation.documents import read_document
from dhr_tracker.anonymisation.rules import Address, SealedPerson, find_mentions
from dhr_tracker.problems import Invalid

VICTIM = SealedPerson(
    ref="victim",
    names=("Zoë O'Brien-Smith",),
    dates_of_birth=(date(1985, 3, 7),),
    addresses=(Address(lines=("12 Acacia Avenue",), postcode="YO11 2AB"),),
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def located(content: bytes) -> dict[str, list[str]]:
    _kind, passages = read_document(content)
    where: dict[str, list[str]] = {}
    for mention in find_mentions(passages, [VICTIM]):
        where.setdefault(mention.location, []).append(f"{mention.kind}:{mention.text}")
    return where


def docx_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_a_docx_names_her_wherever_the_text_is() -> None:
    document = docx.Document()
    body = document.add_paragraph("We remember ")
    for piece in ("Zo", "ë O'Bri", "en-", "Smith"):  # one name over four runs
        body.add_run(piece).bold = piece == "Zo"
    body.add_run(", who lived at 12 Acacia").add_break()
    body.add_run("Avenue.")
    document.sections[0].header.paragraphs[0].text = "Review of ZOE OBRIEN-SMITH"
    document.sections[0].footer.paragraphs[0].text = "born 07/03/1985"
    document.add_table(rows=1, cols=2).cell(0, 1).text = "Postcode YO11 2AB"
    commented = document.add_paragraph("A neutral sentence.")
    document.add_comment(commented.runs, text="Check with Zoe's mother", author="Chair")
    tracked = document.add_paragraph()
    tracked._p.append(
        parse_xml(
            f'<w:del {W} w:id="9" w:author="Chair"><w:r><w:delText>Zoë</w:delText></w:r></w:del>'
        )
    )
    tracked.add_run("Adult A")
    linked = document.add_paragraph()
    rel = linked.part.relate_to(
        "https://news.example/zoe-obrien-smith-inquest",
        RELATIONSHIP_TYPE.HYPERLINK,
        is_external=True,
    )
    linked._p.append(
        parse_xml(
            f'<w:hyperlink {W} r:id="{rel}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>press</w:t></w:r></w:hyperlink>'
        )
    )
    picture = document.add_paragraph().add_run().add_picture(io.BytesIO(PIXEL))
    picture._inline.docPr.set("descr", "Photograph of Zoë at home")
    document.core_properties.title = "DHR: Zoë O'Brien-Smith"

    where = located(docx_bytes(document))

    assert where["body, paragraph 1"] == [
        "name:Zoë O'Brien-Smith",
        "address:12 Acacia Avenue",
    ]
    assert where["header 1, paragraph 1"] == ["name:ZOE OBRIEN-SMITH"]
    assert where["footer 1, paragraph 1"] == ["date_of_birth:07/03/1985"]
    assert any(v == ["postcode:YO11 2AB"] for k, v in where.items() if k.startswith("body"))
    assert where["comments, paragraph 1"] == ["name_part:Zoe"]
    assert any(k.endswith("deleted text") for k in where), where
    assert where["body, links"] == ["name:zoe-obrien-smith"]
    assert where["body, image description"] == ["name_part:Zoë"]
    assert where["document properties, title"] == ["name:Zoë O'Brien-Smith"]


def test_a_docx_without_her_name_has_no_mention() -> None:
    document = docx.Document()
    document.add_paragraph("Adult A lived in Scarborough with her son, Child B.")
    assert located(docx_bytes(document)) == {}


def test_a_pdf_names_her_across_line_breaks_and_in_its_properties() -> None:
    html = (
        "<html><head><title>Review of Zoë</title></head><body style='width:55mm'>"
        "<p>The victim, Zoë O\u2019Brien-Smith, was born on 7th March 1985 and lived at"
        " 12 Acacia Avenue, Scarborough YO11 2AB.</p></body></html>"
    )
    content = weasyprint.HTML(string=html).write_pdf()

    where = located(content)

    assert where["page 1"] == [
        "name:Zoë O\u2019Brien- Smith",
        "date_of_birth:7th March 1985",
        "address:12 Acacia Avenue",
        "postcode:YO11 2AB",
    ]
    assert where["document properties, title"] == ["name_part:Zoë"]


def pdf_with_content(stream: bytes) -> PdfWriter:
    writer = PdfWriter()
    page = writer.add_blank_page(width=400, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    contents = DecodedStreamObject()
    contents.set_data(stream)
    page[NameObject("/Contents")] = writer._add_object(contents)
    return writer


def test_a_pdf_name_drawn_in_kerned_pieces_and_an_annotation_are_found() -> None:
    writer = pdf_with_content(
        b"BT /F1 12 Tf 20 150 Td [(Jo) -20 (hn) 10 (son)] TJ ( met ) Tj (Zo) Tj (e) Tj ET"
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/Contents"): TextStringObject("Ask Zoe's sister"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    writer.add_outline_item("Chronology of Zoë", 0)
    out = io.BytesIO()
    writer.write(out)
    person = SealedPerson(ref="victim", names=("Zoë Johnson",))

    kind, passages = read_document(out.getvalue())
    where = {m.location: (m.kind, m.text) for m in find_mentions(passages, [person])}

    assert kind == "pdf"
    assert where["page 1"][0] == "name_part"
    assert [m.text for m in find_mentions(passages, [person]) if m.location == "page 1"] == [
        "Johnson",
        "Zoe",
    ]
    assert where["page 1, annotation"] == ("name_part", "Zoe")
    assert where["bookmarks"] == ("name_part", "Zoë")


def test_text_drafts_in_utf8_utf16_and_windows_1252_are_read() -> None:
    text = "Zoë O'Brien-Smith was born on 7 March 1985."
    for content in (
        text.encode(),
        text.encode("utf-16"),
        text.encode("cp1252"),
        b"\xef\xbb\xbf" + text.encode(),
    ):
        kind, passages = read_document(content)
        assert kind == "text"
        mentions = find_mentions(passages, [VICTIM])
        assert [m.kind for m in mentions] == ["name", "date_of_birth"], content


def test_an_encrypted_pdf_is_refused_not_passed() -> None:
    writer = pdf_with_content(b"BT /F1 12 Tf 20 150 Td (Zoe) Tj ET")
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Invalid) as refused:
        read_document(out.getvalue())
    assert refused.value.code == "encrypted_document"


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    document = docx.Document()
    document.add_paragraph("x" * 100_000)
    with pytest.raises(Invalid) as refused:
        read_document(docx_bytes(document), max_unpacked_bytes=50_000)
    assert refused.value.code == "document_too_large"


def zipped(**files: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported_document"),
        (b"PK\x03\x04 not really a zip", "unreadable_document"),
        (zipped(**{"content.xml": b"<office/>"}), "unreadable_document"),  # an ODT, say
        (b"%PDF-1.7\n garbage", "unreadable_document"),
        (b"\x00\x01\x02 binary", "unreadable_document"),
        (
            zipped(
                **{
                    "[Content_Types].xml": b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM"
                    b" 'file:///etc/passwd'>]><Types>&e;</Types>"
                }
            ),
            "unreadable_document",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_clearly(content: bytes, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        read_document(content)
    assert refused.value.code == code
    assert refused.value.pointer == "/file"


def test_a_draft_without_text_is_refused_never_passed_as_clean() -> None:
    image_only = weasyprint.HTML(
        string="<html><head><title>Report</title></head><body><p>&nbsp;</p></body></html>"
    ).write_pdf()
    blank = docx.Document()
    blank.core_properties.title = "Overview report"
    for content in (b"", b"   \n\t", image_only, docx_bytes(blank)):
        with pytest.raises(Invalid) as refused:
            read_document(content)
        assert refused.value.code == "no_text"
