"""The input hash of a document: the pure-Python twin of ``_hashk.pyx`` (same function, same value).

>>> input_hash("abc") == input_hash(b"abc")
True
"""

from __future__ import annotations

import xxhash


def utf8(s: str) -> bytes:
    """``s.encode("utf-8", "surrogatepass")``: a ``str``'s UTF-8 with lone surrogates kept.

    >>> utf8("a\\u00e9\\ud800")
    b'a\\xc3\\xa9\\xed\\xa0\\x80'
    """
    return s.encode("utf-8", "surrogatepass")


def input_hash(data: bytes | str) -> str:
    """``xxhash.xxh3_128_hexdigest`` of ``data`` (bytes), or of a ``str``'s UTF-8 (lone surrogates kept).

    >>> input_hash("Harga naik.") == input_hash("Harga naik.".encode())
    True
    """
    return xxhash.xxh3_128_hexdigest(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
