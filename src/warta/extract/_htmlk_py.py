"""Pure-Python twin of the byte-level HTML kernels (``_htmlk.pyx``): same functions, same results.

Code imports them through ``warta._compiled.kernel("warta.extract._htmlk")``.

>>> utf8_encode("Café – ok\\ud800"), utf8_valid(b"caf\\xc3\\xa9"), count_byte(b"<p>a < b</p>", 60)
(b'Caf\\xc3\\xa9 \\xe2\\x80\\x93 ok', True, 3)
"""

from __future__ import annotations

import re

TAG = re.compile(
    rb"<!--.*?(?:-->|\Z)"
    rb"|<(?i:script)\b.*?(?:</(?i:script)\s*>|\Z)"
    rb"|<(?i:style)\b.*?(?:</(?i:style)\s*>|\Z)"
    rb"|<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>",
    re.S,
)
"""One tag, or a comment / ``<script>`` / ``<style>`` stepped over whole (their ``i<n.length``
comparisons and markup in strings are text, not tags; an unclosed one runs to the end)."""
FLAT_TAGS = frozenset(
    b"area base br col embed hr img input link meta source track wbr param keygen "
    b"p li dt dd option optgroup tr td th thead tbody tfoot colgroup rp rt".split()
)
"""Void elements and elements the parser closes by itself: they do not deepen the tree."""


def utf8_encode(text: str) -> bytes:
    """``text.encode("utf-8", "ignore")``: UTF-8 bytes, lone surrogates dropped."""
    return text.encode("utf-8", "ignore")


def utf8_valid(data: bytes) -> bool:
    """Whether ``data.decode("utf-8")`` would succeed (strict)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def utf8_plain(data: bytes) -> bool:
    """``utf8_valid(data)`` and no encoded U+FFFD (``EF BF BD``) in ``data``.

    >>> utf8_plain("café".encode()), utf8_plain(b"a\\xef\\xbf\\xbd"), utf8_plain(b"\\xff")
    (True, False, False)
    """
    return b"\xef\xbf\xbd" not in data and utf8_valid(data)


def utf8_plain_count(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))`` (``byte`` ASCII; any other counts nothing) when
    ``utf8_plain(data)``, else -1.

    >>> utf8_plain_count("<p>café</p>".encode(), 0x3C), utf8_plain_count(b"<p>\\xff", 0x3C)
    (2, -1)
    """
    if not utf8_plain(data):
        return -1
    return data.count(bytes((byte,))) if 0 <= byte < 0x80 else 0


def letter_key(text: str) -> tuple[int, int, int]:
    """``(low.count("e"), low.count("a"), low.count("n"))`` for ``low = text.lower()``.

    >>> letter_key("Ein Anak, ENAM"), letter_key("")
    ((2, 3, 3), (0, 0, 0))
    """
    low = text.lower()
    return low.count("e"), low.count("a"), low.count("n")


def depth_cut(data: bytes, max_depth: int) -> int | None:
    """The offset of the first tag opened deeper than ``max_depth`` levels, or None: a tag-level
    estimate (:data:`TAG`), no parsing; void elements, elements the parser closes itself and
    ``<x/>`` do not deepen the tree.

    >>> depth_cut(b"<div>" * 30, 10), depth_cut(b"<div><br><p><img/><!-- <div> --></div>", 1)
    (50, None)
    """
    depth = 0
    for m in TAG.finditer(data):
        if m[2] is None or m[3] or m[2].lower() in FLAT_TAGS:
            continue
        if m[1]:
            depth = depth - 1 if depth > 0 else 0
        else:
            depth += 1
            if depth > max_depth:
                return m.start()
    return None


def count_byte(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))``."""
    return data.count(bytes((byte,)))


__all__ = [
    "FLAT_TAGS",
    "TAG",
    "count_byte",
    "depth_cut",
    "letter_key",
    "utf8_encode",
    "utf8_plain",
    "utf8_plain_count",
    "utf8_valid",
]
