"""The input hash kernel (``_hashk.pyx``) writes a str's UTF-8 itself: same bytes, same hash as before."""

from __future__ import annotations

import gzip
import importlib
import random

import pytest
import xxhash

from conftest import DATA, SEED, need
from warta.article import RawDoc

TWIN = importlib.import_module("warta._hashk_py")


def _kernel():
    try:
        return importlib.import_module("warta._hashk")
    except ImportError:
        pytest.skip("the _hashk kernel is not built")


def _old_hash(data: bytes | str) -> str:
    """The input hash as ``RawDoc.provenance`` computed it before the kernel (session 8)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return xxhash.xxh3_128_hexdigest(raw)


# one range per UTF-8 length and CPython string width, with the lone surrogates surrogatepass keeps
RANGES = [
    (0, 0x7F),
    (0x80, 0xFF),
    (0x100, 0x7FF),
    (0x800, 0xD7FF),
    (0xD800, 0xDFFF),
    (0xE000, 0xFFFF),
    (0x10000, 0x10FFFF),
]


def _random_texts(n: int) -> list[str]:
    rnd = random.Random(9)
    out = ["", "a", "abcdefgh", "\x80", "é" * 9, "“quoted” — text", "\ud800", "\U0001f600 ok"]
    for _ in range(n):
        ranges = rnd.sample(RANGES, rnd.randrange(1, 4))
        k = rnd.randrange(0, 120)  # past 16 units: the encoder's 16-unit ASCII blocks
        out.append(
            "".join(
                chr(rnd.randint(*rnd.choice(ranges))) if rnd.random() < 0.3 else chr(rnd.randint(32, 126))
                for _ in range(k)
            )
        )
    return out


def test_kernel_and_twin_write_the_same_utf8_and_hash():
    k = _kernel()
    for t in _random_texts(3000):
        assert k.utf8(t) == TWIN.utf8(t) == t.encode("utf-8", "surrogatepass"), repr(t)
        assert k.input_hash(t) == TWIN.input_hash(t) == _old_hash(t)
    assert k.input_hash(b"\xff\x00raw") == TWIN.input_hash(b"\xff\x00raw") == _old_hash(b"\xff\x00raw")


def test_real_pages_keep_their_input_hash():
    k = _kernel()
    texts = [need(SEED).read_text(encoding="utf-8")]
    pages = sorted((DATA / "wcxb-dev" / "html").glob("*"))[:40]
    # surrogateescape: a page's undecodable bytes become lone surrogates, which the hash keeps
    texts += [gzip.decompress(p.read_bytes()).decode("utf-8", "surrogateescape") for p in pages]
    for t in texts:
        assert k.utf8(t) == t.encode("utf-8", "surrogatepass")
        assert k.input_hash(t) == _old_hash(t)
        assert RawDoc(data=t).provenance().input_hash == _old_hash(t)
        assert RawDoc(data=t.encode("utf-8", "surrogatepass")).provenance().input_hash == _old_hash(t)
