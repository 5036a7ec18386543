"""Raw response bytes to text and an lxml tree: charset from BOM, HTTP header, meta, then detection."""

from __future__ import annotations

import codecs
import re

from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import html

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Bytes that never occur in text: a page with many of them is binary, whatever its Content-Type says.
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
# C0 controls other than tab and newlines: never text, and lxml refuses them in text it is handed back
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARSER = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, default_doctype=False)


class NotHTML(ValueError):
    """The bytes are not an HTML document (empty, binary)."""


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if sample.startswith((b"\x1f\x8b", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        return True
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    return controls / len(sample) > 0.05


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. A declared charset that cannot decode the bytes is not trusted."""
    if not data.strip():
        raise NotHTML("empty document")
    if looks_binary(data):
        raise NotHTML("binary data, not HTML")
    bom_text, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        return bom_text.decode(bom_encoding, errors="replace"), bom_encoding
    header_match = _HEADER_CHARSET.search(content_type or "")
    declared = [
        _codec(header_match.group(1) if header_match else None),
        _codec(EncodingDetector.find_declared_encoding(data[:65536], is_html=True, search_entire_document=False)),
    ]
    for encoding in filter(None, declared):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue  # a wrong declaration: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # HTML's own fallback for undeclared legacy pages is windows-1252: try it before guessing
    dammit = UnicodeDammit(data, known_definite_encodings=["windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("windows-1252", errors="replace"), "windows-1252"
    return dammit.unicode_markup, dammit.original_encoding or "windows-1252"


def parse_html(text: str):
    """An lxml tree of ``text`` with comments and processing instructions dropped."""
    # lxml refuses str input that carries an XML encoding declaration
    text = _CONTROL_CHARS.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1))
    root = html.document_fromstring(text, parser=_PARSER) if text.strip() else None
    if root is None:
        raise NotHTML("no HTML content")
    return root
