"""The metadata kernel (``warta.extract._metak``) and its pure-Python twin give the same answers."""

from __future__ import annotations

import importlib
import random

import pytest
from tests.conftest import DATA, need

TWIN = importlib.import_module("warta.extract._metak_py")
LABELS = ("baca juga", "read more", "related", "lihat juga", "you may also like", "k", "a")


def _compiled():
    try:
        return importlib.import_module("warta.extract._metak")
    except ImportError:
        pytest.skip("warta.extract._metak is not built (no C compiler)")


def test_twin_finds_labels_case_insensitively():
    assert TWIN.labels_in("… BACA JUGA: Banjir", LABELS[:3]) == ["baca juga"]
    assert TWIN.labels_in("Read More »", LABELS[:3]) == ["read more"]
    assert TWIN.labels_in("Nothing here", LABELS[:3]) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BACA JUGA",
        "baca  juga",  # two spaces: no label
        "Related: see RELATED ones",
        "Bac\u0130a juga",  # U+0130 lower-cases to "i" + a combining dot
        "\u212a",  # KELVIN SIGN lower-cases to "k"
        "ſ Ω 🙂 read more",  # two- and four-byte characters around a label
        "readmore read mor",
        "A",
    ],
)
def test_kernel_equals_twin_on_edge_cases(text):
    k = _compiled()
    for labels in (LABELS, LABELS[:2], ("ǆ",), ()):
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels)


def test_kernel_equals_twin_on_random_text():
    k = _compiled()
    rnd = random.Random(7)
    alpha = "abkREADMOREbaca jugaé\u0130\u212aſ🙂"
    for _ in range(3000):
        text = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 25)))
        labels = tuple(
            rnd.sample(["read more", "baca juga", "re", "k", "a b", "i", "jug"], rnd.randint(1, 4))
        )
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels), (text, labels)


def test_kernel_equals_twin_on_real_pages():
    from bench.common import decode_html, zyte_pages
    from selectolax.lexbor import LexborHTMLParser

    from warta.extract import metadata

    need(DATA / "zyte-aeb")
    k = _compiled()
    labels = metadata._lex().related_labels
    n = 0
    for _pid, html, _url, _truth in zyte_pages():
        body = LexborHTMLParser(decode_html(html)).body
        if body is None:
            continue
        text = body.text(deep=True)
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels)
        n += 1
        if n >= 40:
            break
    assert n == 40
