"""The text of a draft report (DOCX, PDF or plain text) as located passages.

Everything a reader of the published file could find is read, not only the body: in a
DOCX the headers, footers, footnotes, endnotes, comments, text boxes, text deleted
under tracked changes (still in the file), field codes (a mailto: link), image
descriptions and the document's properties; in a PDF every page, the annotations, the
bookmarks and the metadata. The kind is told by the file's first bytes, not by its
name. A file that cannot be read is refused with `Invalid`, never half-read.
"""

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.parser import parse_xml
from lxml import etree
from pypdf import PdfReader

from dhr_tracker.anonymisation.rules import Passage
from dhr_tracker.problems import Invalid

_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W = "{" + _NS["w"] + "}"
_AUTHORS = etree.XPath("//@w:author", namespaces=_NS)
_WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_BREAKS = {_W + "br": "\n", _W + "cr": "\n", _W + "tab": "\t", _W + "noBreakHyphen": "-"}
_KEPT_APART = {_W + "delText": "deleted text", _W + "instrText": "field code"}

# Parts that hold layout, not words.
_SKIPPED = (
    "styles",
    "settings",
    "fontTable",
    "webSettings",
    "numbering",
    "theme",
    "core-properties",
)

# A DOCX is a zip: these bound what one may unpack to (a zip bomb is refused).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_PDF_PAGES = 5_000

_UNREADABLE = "The draft cannot be read: upload a DOCX, a PDF or a UTF-8 text file."


def read_document(
    content: bytes,
    *,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_entries: int = MAX_ENTRIES,
    max_pdf_pages: int = MAX_PDF_PAGES,
) -> tuple[str, list[Passage]]:
    """The kind of `content` (docx, pdf or text) and its passages. A draft without a word
    of text outside its properties (an empty file, a scanned PDF) is refused: finding no
    name in it would prove nothing."""
    kind, passages = _read(content, max_unpacked_bytes, max_entries, max_pdf_pages)
    if not any(_has_words(p.text) for p in passages if not p.location.startswith(_PROPERTIES)):
        raise Invalid(
            "no_text",
            "The draft has no text that can be read (a scanned PDF is images): upload a file "
            "with its text.",
            pointer="/file",
        )
    return kind, passages


_PROPERTIES = ("document properties", "custom properties")


def _has_words(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _read(
    content: bytes, max_unpacked_bytes: int, max_entries: int, max_pdf_pages: int
) -> tuple[str, list[Passage]]:
    head = content[:1024]
    if content.startswith(b"PK\x03\x04"):
        return "docx", _docx(content, max_unpacked_bytes, max_entries)
    if b"%PDF-" in head:
        return "pdf", _pdf(content, max_pdf_pages)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise Invalid(
            "unsupported_document",
            "Word 97-2003 (.doc) files cannot be checked: save the draft as DOCX or PDF.",
            pointer="/file",
        )
    return "text", [Passage("text", _decode(content))]


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(lambda: content.decode("utf-16"))
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")  # Word's "Save as text"
    if "\x00" in text:
        raise Invalid("unreadable_document", _UNREADABLE, pointer="/file")
    return text


def _try(read: Any) -> Any:
    # Libraries raise many kinds of error on a malformed file; each is the caller's
    # file being unreadable, never a fault of the service.
    try:
        return read()
    except Invalid:
        raise
    except Exception:
        raise Invalid("unreadable_document", _UNREADABLE, pointer="/file") from None


def _docx(content: bytes, max_unpacked_bytes: int, max_entries: int) -> list[Passage]:
    def read() -> list[Passage]:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if len(entries) > max_entries or unpacked > max_unpacked_bytes:
                raise Invalid(
                    "document_too_large",
                    "The draft unpacks to more than can be checked.",
                    pointer="/file",
                )
        document = docx.Document(io.BytesIO(content))
        passages = list(_docx_properties(document))
        for part in document.part.package.iter_parts():
            if part.content_type.endswith("xml") and not any(
                word in part.content_type for word in _SKIPPED
            ):
                passages.extend(_xml_passages(_label(str(part.partname)), part.blob))
            links = [rel.target_ref for rel in part.rels.values() if rel.is_external]
            if links:
                passages.append(Passage(f"{_label(str(part.partname))}, links", "\n".join(links)))
        return passages

    return _try(read)


_LABELS = {"document": "body", "app": "document properties", "custom": "custom properties"}


def _label(partname: str) -> str:
    stem = partname.rsplit("/", 1)[-1].removesuffix(".xml")
    name = stem.rstrip("0123456789")
    number = stem[len(name) :]
    name = _LABELS.get(name, name)
    return f"{name} {number}" if number else name


def _docx_properties(document: Any) -> Iterator[Passage]:
    core = document.core_properties
    for name in (
        "title",
        "subject",
        "author",
        "keywords",
        "comments",
        "last_modified_by",
        "category",
    ):
        value = getattr(core, name, None)
        if value:
            yield Passage(f"document properties, {name}", str(value))


def _xml_passages(label: str, blob: bytes) -> Iterator[Passage]:
    root = parse_xml(blob)
    authors = sorted({a for a in _AUTHORS(root) if a.strip()})
    if authors:
        yield Passage(f"{label}, authors of comments and tracked changes", "\n".join(authors))
    if root.find(f".//{_W}p") is None:
        text = "\n".join(t.strip() for t in root.itertext() if t.strip())
        if text:
            yield Passage(label, text)
        return
    paragraphs = 0
    open_paragraphs: list[tuple[int, list[str], dict[str, list[str]]]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if tag == _W + "p":
            if event == "start":
                paragraphs += 1
                open_paragraphs.append((paragraphs, [], {}))
                continue
            number, shown, apart = open_paragraphs.pop()
            where = f"{label}, paragraph {number}"
            if "".join(shown).strip():
                yield Passage(where, "".join(shown))
            for kind, texts in apart.items():
                yield Passage(f"{where}, {kind}", " ".join(texts))
            continue
        if event != "start":
            continue
        if tag == _WP_DOC_PR:
            described = " ".join(v for v in (element.get("title"), element.get("descr")) if v)
            if described:
                yield Passage(f"{label}, image description", described)
        if not open_paragraphs:
            continue
        _, shown, apart = open_paragraphs[-1]
        if tag == _W + "t":
            shown.append(element.text or "")
        elif tag in _BREAKS:
            shown.append(_BREAKS[tag])
        elif tag in _KEPT_APART and element.text:
            apart.setdefault(_KEPT_APART[tag], []).append(element.text)


def _pdf(content: bytes, max_pages: int) -> list[Passage]:
    def read() -> list[Passage]:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Invalid(
                "encrypted_document",
                "The PDF is protected by a password: upload it without the protection.",
                pointer="/file",
            )
        if len(reader.pages) > max_pages:
            raise Invalid(
                "document_too_large",
                f"The PDF has more than {max_pages} pages.",
                pointer="/file",
            )
        passages = [
            Passage(f"document properties, {key.lstrip('/').lower()}", str(value))
            for key, value in (reader.metadata or {}).items()
            if isinstance(value, str) and value.strip()
        ]
        for number, page in enumerate(reader.pages, start=1):
            passages.append(Passage(f"page {number}", page.extract_text() or ""))
            annotations = page.get("/Annots")
            for annotation in annotations.get_object() if annotations else ():
                text = annotation.get_object().get("/Contents")
                if isinstance(text, str) and text.strip():
                    passages.append(Passage(f"page {number}, annotation", text))
        passages.extend(Passage("bookmarks", title) for title in _outline(reader.outline))
        for name, field in (reader.get_fields() or {}).items():
            value = field.get("/V")
            if isinstance(value, str) and value.strip():
                passages.append(Passage(f"form field {name}", value))
        return passages

    return _try(read)


def _outline(items: Any) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        elif getattr(item, "title", None):
            yield str(item.title)
