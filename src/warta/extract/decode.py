"""Bytes to text: BOMs, declared charsets, UTF-8, then a single-byte fallback. Never raises."""

from __future__ import annotations

import codecs
import re

from warta._compiled import kernel

_HK = kernel("warta.extract._htmlk")
"""Byte kernels (``_htmlk.pyx``, else the twin ``_htmlk_py.py``): :func:`plain_utf8` validates in C."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes | str, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding_used)``.

    Order: BOM, a declared charset (HTTP header or caller), a ``<meta charset>`` in the first
    4 KiB, strict UTF-8, then cp1252 (which maps every byte, so nothing is lost silently; bytes
    undefined in cp1252 become U+FFFD).
    """
    if isinstance(data, str):
        return data, "str"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc
    candidates: list[str] = []
    if declared and (enc := _known(declared)):
        candidates.append(enc)
    m = _META_CHARSET.search(data[:4096])
    if m and (enc := _known(m.group(1).decode("ascii", "ignore"))):
        candidates.append(enc)
    candidates.append("utf-8")
    for enc in candidates:
        if enc in ("iso8859-1", "latin-1", "ascii"):
            enc = "cp1252"  # what browsers do for latin-1 labels
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    if _mostly_utf8(data):
        # a few broken bytes (a cut-off character, one stray byte) in UTF-8 text: keep the rest intact
        return data.decode("utf-8", errors="replace"), "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"


def plain_utf8(data: bytes) -> bool:
    """Whether :func:`decode` gives exactly ``data.decode("utf-8")`` with no U+FFFD in it, told
    without building the text: no BOM, no ``<meta charset>`` naming another known encoding, strict
    UTF-8 (checked in C when the kernel is built), no encoded U+FFFD. The page's own bytes are
    then what encoding the decoded text would give back.

    >>> plain_utf8("<meta charset=utf-8>café".encode()), plain_utf8(b"caf\\xe9"), plain_utf8(b"\\xef\\xbf\\xbd")
    (True, False, False)
    >>> plain_utf8(b'<meta charset="windows-1252">caf\\xc3\\xa9')
    False
    """
    return plain_utf8_count(data, -1) >= 0


def plain_utf8_count(data: bytes, byte: int = 0x3C) -> int:
    """How many ``byte`` (ASCII; by default ``<``) are in ``data`` when :func:`plain_utf8`, else -1:
    the count comes from the validating pass (the compiled kernel reads the page once).

    >>> plain_utf8_count("<p>café</p>".encode()), plain_utf8_count(b"<p>caf\\xe9</p>")
    (2, -1)
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return -1
    m = _META_CHARSET.search(data[:4096])
    if m and (enc := _known(m.group(1).decode("ascii", "ignore"))) and enc != "utf-8":
        return -1
    return _HK.utf8_plain_count(data, byte)  # strict UTF-8, no U+FFFD, the count: one pass in C


def _mostly_utf8(data: bytes, max_bad_share: float = 0.001) -> bool:
    """True when the bytes are UTF-8 but for a handful of bad bytes (at most 0.1 %, at least 4),
    and the valid parts hold more multi-byte characters than there are bad bytes (cp1252 text
    almost never forms valid UTF-8 sequences, so it is not mistaken for UTF-8)."""
    bad = multibyte = 0
    limit = max(4, int(len(data) * max_bad_share))
    pos = 0
    while True:
        try:
            chunk = data[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            good = data[pos : pos + exc.start].decode("utf-8")
            multibyte += len(good.encode("utf-8")) - len(good)
            bad += exc.end - exc.start
            if bad > limit:
                return False
            pos += exc.end
            continue
        multibyte += len(chunk.encode("utf-8")) - len(chunk)
        return multibyte > bad


def looks_binary(data: bytes, sample: int = 4096) -> bool:
    """True for inputs that are not text: NUL bytes or mostly control bytes in the first KiBs.

    >>> looks_binary(b"\\x01\\x02" * 8 + b"a" * 143), looks_binary(b"\\x01\\x02" * 8 + b"a" * 144)
    (True, False)
    >>> looks_binary(b"\\t\\r\\n\\x1b[0m text"), looks_binary(b"text\\x00more")
    (False, True)
    """
    head = data[:sample]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    ctrl = len(head.translate(None, _NOT_CTRL))  # the control bytes left once every other is deleted
    return ctrl / len(head) > 0.1


_NOT_CTRL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
"""Every byte but the control bytes :func:`looks_binary` counts (below 9, 14 to 31)."""
