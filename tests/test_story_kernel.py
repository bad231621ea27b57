"""The compiled story-vector arithmetic (warta.corpus._storyk) gives exactly the pure-Python twin's
floats, and the twin the session-3 formulas', on term vectors of real news text; a store's stories
do not depend on which one runs."""

from __future__ import annotations

import importlib
import json
import math
import random
from collections import Counter

import pytest
from tests.conftest import DATA, need

from warta.store.analysis import analyze

TWIN = importlib.import_module("warta.corpus._storyk_py")


def _compiled():
    try:
        return importlib.import_module("warta.corpus._storyk")
    except ImportError:
        pytest.skip("the _storyk kernel is not built")


def _term_counts() -> list[dict[str, int]]:
    truth = json.loads(need(DATA / "zyte-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for x in list(truth.values())[:80]:
        words = analyze(x["articleBody"][:1500], "en")
        out.append(dict(Counter(w for w in words if len(w) > 2)))
    return out


def _reference_weigh(tf, dfs, doc_freq, n):  # the session-3 loop of Storyteller.vector
    weights, idf = {}, {}
    for t, cnt in tf.items():
        df = dfs.get(t)
        if df is None:
            df = dfs[t] = doc_freq("text", t)
        idf[t] = math.log(1 + n / (df + 1))
        weights[t] = (1 + math.log(cnt)) * idf[t]
        if df == 0:
            idf[t] = -1.0
    return weights, idf


def test_weigh_norm_cosine_equal_on_real_text() -> None:
    k = _compiled()
    rng = random.Random(7)
    tfs = _term_counts()
    df_table = {t: rng.choice([0, 0, 1, 2, 5, 40, 900]) for tf in tfs for t in tf}
    calls: list[str] = []

    def doc_freq(field: str, term: str) -> int:
        assert field == "text"
        calls.append(term)
        return df_table[term]

    vecs = []
    for tf in tfs:
        n = rng.randint(1, 50_000)
        known = {t: df_table[t] for t in list(tf)[::3]}
        got_k = k.weigh(tf, dict(known), doc_freq, n)
        got_t = TWIN.weigh(tf, dict(known), doc_freq, n)
        ref = _reference_weigh(tf, dict(known), doc_freq, n)
        assert got_k == got_t == ref
        assert list(got_k[0]) == list(ref[0]) and list(got_k[1]) == list(ref[1])  # same key order
        vecs.append(got_k[0])
    assert calls  # misses asked the index
    for a in vecs:
        assert k.norm(a) == TWIN.norm(a)
        assert math.isclose(k.norm(a), math.sqrt(sum(w * w for w in a.values())), rel_tol=1e-12)
    for a, b in zip(vecs, vecs[1:] + vecs[:1], strict=True):
        na, nb = TWIN.norm(a), TWIN.norm(b)
        small, big = (a, b) if len(a) <= len(b) else (b, a)
        ref = sum(w * big.get(t, 0.0) for t, w in small.items()) / (
            na * nb
        )  # session 3 (compensated on 3.12+)
        assert k.cosine(a, b, na, nb) == TWIN.cosine(a, b, na, nb)
        assert math.isclose(k.cosine(a, b, na, nb), ref, rel_tol=1e-12, abs_tol=1e-15)
        assert k.cosine(a, a, na, na) == TWIN.cosine(a, a, na, na)
    assert k.cosine({}, vecs[0], 0.0, 1.0) == TWIN.cosine({}, vecs[0], 0.0, 1.0) == 0.0


def test_top_terms_equal_twin_and_the_session_4_selection() -> None:
    """The heaviest terms and the lookup terms: kernel == twin == heapq.nlargest + sorted as
    Storyteller.vector wrote them, ties included (random vectors with many equal weights)."""
    import heapq
    from operator import itemgetter

    k = _compiled()
    rng = random.Random(7)
    cases = [(tf, {t: 1.0 + (len(t) % 3) for t in tf}) for tf in _term_counts()]
    for _ in range(3000):
        keys = [f"t{i}" for i in range(rng.randint(0, 60))]
        rng.shuffle(keys)
        cases.append((dict.fromkeys(keys, 1), {t: rng.choice([-1.0, 0.5, 1.5, rng.random()]) for t in keys}))
    for tf, idf in cases:
        weights = {t: rng.choice([1.0, 2.0, rng.random() * 4]) * c for t, c in tf.items()}
        for keep, query in ((24, 8), (3, 2), (0, 5), (100, 0)):
            want_top = dict(heapq.nlargest(keep, weights.items(), key=itemgetter(1))) if keep else {}
            want_lookup = [t for t in sorted(want_top, key=lambda t: -idf[t]) if idf[t] > 0][:query]
            for mod in (k, TWIN):
                top, lookup = mod.top_terms(weights, idf, keep, query)
                assert list(top.items()) == list(want_top.items()) and lookup == want_lookup
