"""The byte kernel of the HTML extractor (``warta.extract._htmlk``) and its twin give the same answers."""

from __future__ import annotations

import gzip
import importlib
import random

import pytest
from tests.conftest import DATA, need

from warta.extract.decode import decode, plain_utf8
from warta.extract.html import extract_html

TWIN = importlib.import_module("warta.extract._htmlk_py")
ODD = [chr(c) for c in (*range(0x80, 0x100), 0x2019, 0x7FF, 0x800, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFD, 0x10000,
                        0x1F600, 0x10FFFF)]  # fmt: skip


def _compiled():
    try:
        return importlib.import_module("warta.extract._htmlk")
    except ImportError:
        pytest.skip("warta.extract._htmlk is not built (no C compiler)")


def test_twin_is_the_str_and_bytes_methods():
    assert TWIN.utf8_encode("Café\ud800") == b"Caf\xc3\xa9"
    assert TWIN.utf8_valid("é".encode()) and not TWIN.utf8_valid(b"\xed\xa0\x80")  # an encoded surrogate
    assert TWIN.count_byte(b"<p>a < b</p>", 0x3C) == 3


def test_kernel_equals_twin_on_random_text():
    k = _compiled()
    rng = random.Random(5)
    for _ in range(3000):
        share = rng.random() * 0.5
        text = "".join(rng.choice(ODD) if rng.random() < share else "a<" [rng.random() < 0.1]
                       for _ in range(rng.randint(0, 300)))  # fmt: skip
        assert k.utf8_encode(text) == TWIN.utf8_encode(text)
        data = text.encode("utf-8", "surrogatepass")
        cut = data[: rng.randint(0, len(data))]  # a cut-off character now and then
        for b in (
            data,
            cut,
            bytes(rng.choice(b"A\x80\xbf\xbd\xc0\xc2\xe0\xa0\xed\xef\xf0\x90\xf4\xf5") for _ in range(9)),
        ):
            assert k.utf8_valid(b) == TWIN.utf8_valid(b)
            assert k.utf8_plain(b) == TWIN.utf8_plain(b)
            assert k.count_byte(b, 0x3C) == TWIN.count_byte(b, 0x3C)
            # the validation and the count in one pass: -1 exactly when the bytes are not plain
            want = b.count(b"<") if TWIN.utf8_plain(b) else -1
            assert k.utf8_plain_count(b, 0x3C) == TWIN.utf8_plain_count(b, 0x3C) == want
    assert k.count_byte(b"<" * 5000, 0x3C) == 5000  # past many 64-byte steps


def test_kernel_equals_twin_on_real_pages():
    k = _compiled()
    pages = sorted(need(DATA / "zyte-aeb" / "html").glob("*.html.gz"))[:25]
    assert pages
    for path in pages:
        data = gzip.decompress(path.read_bytes())
        text, _enc = decode(data)
        assert k.utf8_encode(text) == text.encode("utf-8", "ignore")
        assert k.utf8_valid(data) == TWIN.utf8_valid(data)
        assert k.count_byte(data, 0x3C) == data.count(b"<")
        # an encoded U+FFFD anywhere (first, last, mid-page) makes the page not plain
        assert k.utf8_plain(data) == TWIN.utf8_plain(data)
        assert k.utf8_plain_count(data, 0x3C) == (data.count(b"<") if TWIN.utf8_plain(data) else -1)
        for at in (0, len(data) // 2, len(data)):
            while 0 < at < len(data) and data[at] & 0xC0 == 0x80:
                at -= 1  # a character's start, not inside a multi-byte sequence
            odd = data[:at] + "\ufffd".encode() + data[at:]
            assert not k.utf8_plain(odd) and k.utf8_valid(odd)
            assert k.utf8_plain_count(odd, 0x3C) == -1


def test_plain_utf8_bytes_give_the_same_article_as_text():
    page = "<html><head><meta charset=utf-8><title>Kafé – Berita</title></head><body><article><h1>Kafé</h1>"
    page += (
        "<p>"
        + "Isi berita yang cukup panjang untuk dibaca sebagai paragraf. " * 5
        + "</p></article></body></html>"
    )
    data = page.encode()
    assert plain_utf8(data) and not plain_utf8(data.replace(b"utf-8", b"windows-1252"))
    assert extract_html(data) == extract_html(page)


DEPTH_TOKENS = (
    b"<div>", b"</div>", b'<DIV class="a">', b"<br/>", b"<p>", b"</p>", b"<!--", b"-->", b"<script>", b"</script >",
    b"</SCRIPT>", b"<scripts>", b"<style x>", b"</style>", b"<x-y>", b"<a/b>", b"</a/>", b"<", b">", b"/", b" ", b"x",
    b"<!x>", b"<1>", b'<img src="a>b">', b"<span\n>", b"</span\t>", b"<script", b"<!-->", b"<b/ >", b"<Table>",
)  # fmt: skip


def test_depth_cut_equals_the_tag_regex():
    k = _compiled()
    rng = random.Random(7)
    for _ in range(4000):
        data = b"".join(rng.choice(DEPTH_TOKENS) for _ in range(rng.randint(0, 60)))
        for depth in (0, 1, 3):
            assert k.depth_cut(data, depth) == TWIN.depth_cut(data, depth), (data, depth)
    pages = sorted(need(DATA / "zyte-aeb" / "html").glob("*.html.gz"))[:15]
    for path in pages:
        data = gzip.decompress(path.read_bytes())
        for depth in (1500, 40):
            assert k.depth_cut(data, depth) == TWIN.depth_cut(data, depth)
    assert k.depth_cut(b"<div><br><p><img/><!-- <div> --><script><div></script></div>" * 3, 1) is None
    assert k.depth_cut(b"<div>" * 30, 10) == 50


def test_letter_key_counts_the_letters_of_the_lower_cased_text():
    # Lower-casing every code point yields "e" twice (from "E" and "e"), likewise "a" and "n"; so
    # counting both cases in the original text is the same as counting in text.lower().
    every = "".join(map(chr, range(0x110000))).lower()
    assert (every.count("e"), every.count("a"), every.count("n")) == (2, 2, 2)
    k = _compiled()
    rng = random.Random(7)
    letters = ODD + list("eEaAnN x\u0130\u03a3")
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 60)))
        low = text.lower()
        want = (low.count("e"), low.count("a"), low.count("n"))
        assert k.letter_key(text) == TWIN.letter_key(text) == want
