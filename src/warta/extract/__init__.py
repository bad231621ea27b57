"""Extraction: ``RawDoc -> Article``, from HTML (DOM + metadata) or flattened text (lines).

Both modes fill the same :class:`~warta.article.Article` and share the chrome lexicons and rules
in :mod:`warta.extract.chrome`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from warta.article import Article, RawDoc, error_article
from warta.extract.decode import decode, looks_binary

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Inputs beyond this are cut (and the cut is recorded as an error on the article)."""

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|script)[\s>/]", re.I)


def is_html(data: bytes | str, content_type: str | None = None) -> bool:
    """Decide HTML vs flattened text from the declared type or the first bytes."""
    if content_type:
        ct = content_type.lower()
        if "html" in ct:  # text/html, application/xhtml+xml
            return True
        if ct.startswith("text/plain"):
            return False
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "ignore")
    head = head.lstrip()
    if head.startswith(b"<"):
        return bool(_HTML_SNIFF.search(head[:512]))
    return len(_HTML_SNIFF.findall(head)) >= 3


_extract_text: Callable[..., Article] | None = None
""":func:`warta.extract.text.extract_text`, once text mode has been used (imported on first use)."""


def _text_mode() -> Callable[..., Article]:
    """Import text mode on first use (``import warta`` stays light) and keep the function."""
    global _extract_text
    from warta.extract.text import extract_text

    _extract_text = extract_text
    return extract_text


def extract_raw(raw: RawDoc, *, lang: str | None = None) -> Article:
    """Extract one document. Never raises: unusable input gives an error record."""
    data = raw.data
    if not data or data.isspace():  # the test of `not data.strip()` without copying the input
        return error_article(raw, "extract", "empty-input", "the input is empty")
    if isinstance(data, bytes) and looks_binary(data):
        return error_article(raw, "extract", "binary-input", "the input is not text (NUL or control bytes)")
    truncated = len(data) > MAX_INPUT_BYTES
    if truncated:
        data = data[:MAX_INPUT_BYTES]
    html = is_html(data, raw.content_type)
    if html:
        from warta.extract.html import extract_html

        article = extract_html(data, url=raw.url, lang=lang, fetched_at=raw.fetched_at)
    else:
        text, _enc = decode(data)
        article = (_extract_text or _text_mode())(text, lang=lang)
    article.provenance = raw.provenance()
    if article.provenance.content_type is None:
        article.provenance.content_type = "text/html" if html else "text/plain"
    if not article.id:
        key = article.canonical_url or raw.url
        article.id = (
            hashlib.sha1(key.encode()).hexdigest()[:16] if key else article.provenance.input_hash[:16]
        )
    if truncated:
        article.add_error("extract", "truncated", f"input larger than {MAX_INPUT_BYTES} bytes was cut")
    return article


def extract(
    data: bytes | str | RawDoc,
    *,
    url: str | None = None,
    source: str = "",
    lang: str | None = None,
    content_type: str | None = None,
) -> Article:
    """Extract an article from HTML or flattened text (bytes or str).

    >>> art = extract("Judul\\n\\nJAKARTA, KOMPAS.com - Isi berita.\\n\\nBaca juga: Lainnya")
    """
    raw = (
        data
        if isinstance(data, RawDoc)
        else RawDoc(data=data, source=source, url=url, content_type=content_type)
    )
    return extract_raw(raw, lang=lang)


__all__ = ["extract", "extract_raw", "is_html"]
