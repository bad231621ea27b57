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


def _joined(text: str) -> bytes:
    return " ".join(TWIN.tokens(text)).encode("utf-8")


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_shingle_hashes_equal_twin_and_count_the_shingles(size: int) -> None:
    k = _compiled()
    for text in _texts():
        got = k.shingle_hashes(_joined(text), size)
        assert got == TWIN.shingle_hashes(_joined(text), size)
        assert got[0] == len(TWIN.shingles(TWIN.tokens(text), size))
    for odd in (b"", b"a", b"a b", b"a a a a a a a"):  # empty, short, one shingle repeated
        assert k.shingle_hashes(odd, 3) == TWIN.shingle_hashes(odd, 3)
    with pytest.raises(ValueError):
        k.shingle_hashes(b"a b", 0)


def test_token_hash_is_rensas() -> None:
    import rensa

    k = _compiled()
    tokens = [b"", b"a", b"abc", b"abcd", b"abcdefgh", b"abcdefghi", b"x" * 16, b"y" * 17, b"z" * 33]
    tokens += [t.encode() for t in _texts()[0].split()[:200]]
    assert [k.token_hash(t) for t in tokens] == rensa.RMinHash.hash_token_sets([tokens])[0]
    assert [TWIN.token_hash(t) for t in tokens] == rensa.RMinHash.hash_token_sets([tokens])[0]


def test_signatures_from_hashes_equal_signatures_of_the_shingle_sets() -> None:
    sets, hashes = [], []
    for text in _texts():
        n, h = dedup.shingle_hashes(_joined(text), dedup.SHINGLE)
        if n >= dedup.MIN_SHINGLES:
            sets.append(TWIN.shingles(TWIN.tokens(text), dedup.SHINGLE))
            hashes.append(h)
    assert len(sets) > 50
    assert dedup.signatures_from_hashes(hashes) == dedup.signatures(sets)


def test_lookup_equal_twin() -> None:
    k = _compiled()
    for mod in (k, TWIN):
        memo: dict[str, str] = {"b": "B"}
        calls: list[str] = []

        def miss(w: str, memo: dict[str, str] = memo, calls: list[str] = calls) -> str:
            calls.append(w)
            memo[w] = w.upper()
            return memo[w]

        assert mod.lookup(["a", "b", "a", "c"], memo, miss) == ["A", "B", "A", "C"]
        assert sorted(calls) == ["a", "c"]  # each new word stemmed once
        assert mod.lookup([], memo, miss) == []


def test_stemmer_step_filter_changes_no_stem() -> None:
    """Each step's combined pattern (one search for words no rule touches) gives the same stems as
    trying its rules one by one, on every word of the test texts, in every language with rules."""
    from warta.store.analysis import stem_languages, stemmer

    words = sorted({w for t in _texts() for w in TWIN.tokens(t) if w.isalpha()})
    words += ["mempermainkan", "menyapu", "pengiriman", "kebijakannya", "running", "hopped", "policies"]
    for code in stem_languages():
        st = stemmer(code)
        assert any(a is not None for a in st._any)
        slow = type(st).__new__(type(st))  # the same stemmer without the filters: the rules alone decide
        slow.__dict__.update(st.__dict__, _any=[None] * len(st._any))
        assert [st(w) for w in words] == [slow(w) for w in words], code


def test_a_rensa_that_hashes_otherwise_gets_the_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled shingle hashing copies rensa's token hash; if the installed rensa disagrees on
    the probes, dedup uses the twin (which asks rensa) and warns, instead of other signatures."""
    import types

    assert dedup._hashes_kernel() is dedup._K  # the installed rensa agrees with the kernel
    fake = types.SimpleNamespace(__name__="warta.corpus._shingle", token_hash=lambda b: 0)
    monkeypatch.setattr(dedup, "_K", fake)
    with pytest.warns(RuntimeWarning, match="hashes tokens differently"):
        assert dedup._hashes_kernel().__name__ == "warta.corpus._shingle_py"


def test_band_hashes_equal_twin_and_the_session_4_loop() -> None:
    import random

    k = _compiled()
    mask = (1 << 64) - 1

    def loop(sig: list[int]) -> list[int]:  # dedup.band_hashes as session 4 wrote it
        out = []
        for b in range(0, dedup.BANDS * dedup.ROWS, dedup.ROWS):
            h = 0
            for v in sig[b : b + dedup.ROWS]:
                h = ((h ^ v) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & mask
            out.append(h - (1 << 64) if h >= (1 << 63) else h)
        return out

    rng = random.Random(3)
    for _ in range(2000):
        sig = [rng.choice([0, 1, 0xFFFFFFFF, rng.getrandbits(32)]) for _ in range(dedup.NUM_PERM)]
        want = loop(sig)
        assert k.band_hashes(sig, dedup.BANDS, dedup.ROWS) == want
        assert TWIN.band_hashes(sig, dedup.BANDS, dedup.ROWS) == want
    for mod in (k, TWIN):
        with pytest.raises(ValueError):
            mod.band_hashes([1, 2, 3], dedup.BANDS, dedup.ROWS)


def test_body_analysis_equals_twin_and_the_two_pass_path() -> None:
    """Joined words and stems in one pass = tokens, join, encode and the stem memo, on real text
    and odd code points, compiled and twin; across a table that fills up and empties."""
    from warta.store.analysis import analyze_tokens, stem

    k = _compiled()
    for limit in (1 << 19, 7):  # 7: the table empties itself over and over
        tables = {
            m: {c: m.StemTable(lambda w, c=c: stem(w, c), limit) for c in ("id", "en", None)}
            for m in (k, TWIN)
        }
        for text in _texts():
            for code in ("id", "en", None):
                words = re.findall(r"\w+", text)
                want = (" ".join(words).encode("utf-8"), analyze_tokens(words, code))
                assert k.body_analysis(text, tables[k][code]) == want, text[:60]
                assert TWIN.body_analysis(text, tables[TWIN][code]) == want
        assert 0 < len(tables[k]["id"]) <= limit and 0 < len(tables[TWIN]["id"]) <= limit


def test_body_analysis_on_every_code_point() -> None:
    k = _compiled()
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    spaced = " ".join(text[i : i + 5] for i in range(0, len(text), 5))
    for t in (text, spaced, spaced.upper()):
        got = k.body_analysis(t, k.StemTable(str.upper, 1000))
        assert got == TWIN.body_analysis(t, TWIN.StemTable(str.upper, 1000))
        assert got[0] == " ".join(re.findall(r"\w+", t)).encode("utf-8")
