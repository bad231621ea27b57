"""Pure-Python twin of the byte-level HTML kernels (``_htmlk.pyx``): same functions, same results.

Code imports them through ``warta._compiled.kernel("warta.extract._htmlk")``.

>>> utf8_encode("Café – ok\\ud800"), utf8_valid(b"caf\\xc3\\xa9"), count_byte(b"<p>a < b</p>", 60)
(b'Caf\\xc3\\xa9 \\xe2\\x80\\x93 ok', True, 3)
"""

from __future__ import annotations


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


def count_byte(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))``."""
    return data.count(bytes((byte,)))


__all__ = ["count_byte", "utf8_encode", "utf8_valid"]
