"""The compiled word tokeniser and shingler (warta.corpus._shingle) give exactly what the pure-Python
twin (and ``re``'s ``\\w+``) give: on real pages' text, on every Unicode code point, and through
MinHash signatures."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from tests.conftest import DATA, SEED, need

from warta.corpus import dedup

TWIN = importlib.import_module("warta.corpus._shingle_py")


def _compiled():
    try:
        return importlib.import_module("warta.corpus._shingle")
    except ImportError:
        pytest.skip("the _shingle kernel is not built")


def _texts() -> list[str]:
    truth = json.loads(need(DATA / "zyte-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [x["articleBody"] for x in truth.values()]
    odd = ["İstanbul ǅx ½ ٣٤ a_b ĳ 𝟘𝟙 ﬁ", "日本語 テスト 中文 ok", "", "x", "a b", "—'’…", "Café déjà-vu"]
    return [t.lower() for t in [need(SEED).read_text(encoding="utf-8"), *bodies[:120], *odd]]


def test_tokens_equal_re_and_twin_on_real_text() -> None:
    k = _compiled()
    for text in _texts():
        assert k.tokens(text) == TWIN.tokens(text) == re.findall(r"\w+", text)


def test_tokens_on_every_code_point() -> None:
    k = _compiled()
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert k.tokens(every) == re.findall(r"\w+", every)


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_shingles_equal_twin(size: int) -> None:
    k = _compiled()
    for text in _texts():
        words = TWIN.tokens(text)
        got = k.shingles(words, size)
        assert got == TWIN.shingles(words, size)
        assert all(type(s) is str for s in got)


def test_same_minhash_signatures() -> None:
    k = _compiled()
    sets = [(k.shingles(TWIN.tokens(t), 3), TWIN.shingles(TWIN.tokens(t), 3)) for t in _texts()]
    sets = [p for p in sets if len(p[1]) >= dedup.MIN_SHINGLES]
    assert len(sets) > 50
    assert dedup.signatures([a for a, _ in sets]) == dedup.signatures([b for _, b in sets])


def test_bad_input_raises_like_the_twin() -> None:
    k = _compiled()
    for mod in (k, TWIN):
        with pytest.raises(ValueError):
            mod.shingles(["a", "b"], 0)
        with pytest.raises(TypeError):
            mod.shingles([b"a", b"b", b"c"], 3)
