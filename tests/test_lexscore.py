"""The learned lexical line score (warta.extract.lexscore): tokens, the table file, the columns."""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import DATA, need
from warta.extract import lexscore


def test_tokens_fold_case_and_digits_and_mark_the_ends():
    toks = lexscore.tokens("Read MORE: 12 Stories »")
    assert {"read", "more", "read more", "00", "stories", "^read", "stories$", "<A", ">»"} <= set(toks)
    assert lexscore.tokens("   ") == []


def test_scripts_without_spaces_give_character_bigrams():
    # Thai keeps its vowel and tone marks inside the run; Japanese kana and kanji give bigrams
    thai = lexscore.tokens("ข่าวล่าสุด")
    assert "ข่" in thai and "่า" in thai and "^ข่" in thai
    ja = lexscore.tokens("関連記事 News")
    assert {"関連", "連記", "記事", "news"} <= set(ja)
    assert "記事 news" not in ja  # a bigram run breaks the word-bigram chain


def test_table_round_trip_and_score(tmp_path):
    t = lexscore.LexTable({"share": -2.0, "said": 1.5, "share this": -0.5}, bias=0.25)
    p = tmp_path / "lex.tsv"
    t.write(p)
    back = lexscore.LexTable.read(p)
    assert back.bias == 0.25 and back.weights == t.weights
    n = len(set(lexscore.tokens("Share this")))
    assert np.isclose(back.score_text("Share this"), 0.25 - 2.5 / np.sqrt(n))
    assert back.score_text("He said so.") > back.score_text("Share this")


def test_a_table_that_has_scored_still_pickles():
    t = lexscore.LexTable({"said": 1.5, "share": -2.0}, bias=0.25)
    want = t.scores(["He said so.", "Share"])  # builds the kernel's table (C memory)
    back = pickle.loads(pickle.dumps(t))
    assert back.weights == t.weights and back.bias == t.bias
    assert back.scores(["He said so.", "Share"]).tolist() == want.tolist()


def test_columns_are_clipped_and_window_means():
    class L:
        def __init__(self, text: str):
            self.text = text

    t = lexscore.LexTable({"share": -40.0, "said": 40.0})
    x = lexscore.columns([L("share"), L("he said"), L("said")], t)
    assert x.shape == (3, len(lexscore.COLUMNS))
    assert x[0, 0] == -lexscore.CLIP / 5 and x[2, 0] == lexscore.CLIP / 5
    assert np.isclose(x[1, 1], x[:, 0].mean())


# --- the compiled kernel (_lexk) and its twin: identical scores, bit for bit -------------------

KERNEL_NAMES = ("warta.extract._lexk", "warta.extract._lexk_py")
MODELS = Path(lexscore.__file__).resolve().parents[1] / "models"


def _modules() -> list:
    """The twin, and the compiled kernel when it is built (tests/test_compiled.py checks it is)."""
    mods = [importlib.import_module(KERNEL_NAMES[1])]
    with contextlib.suppress(ImportError):
        mods.append(importlib.import_module(KERNEL_NAMES[0]))
    return mods


def _own_table(texts: list[str], seed: int) -> dict[str, float]:
    """About half of the texts' own tokens with random weights: every token of a line counts."""
    rng = random.Random(seed)
    return {t: rng.uniform(-3.0, 3.0) for s in texts for t in lexscore.tokens(s) if rng.random() < 0.5}


def _same(texts: list[str], weights: dict[str, float], bias: float) -> None:
    """Kernel scores == twin scores, bit for bit; and the columns of pages of these lines."""
    twin, *kernels = _modules()
    want = twin.scores(twin.table(weights), bias, texts)
    pages = [[SimpleNamespace(text=t) for t in texts[i : i + 97]] for i in range(0, len(texts), 97)] + [[]]
    for k in kernels:
        tab = k.table(weights)
        got = k.scores(tab, bias, texts)
        bad = np.nonzero(got.view(np.int64) != want.view(np.int64))[0]
        assert not len(bad), [(texts[i], got[i], want[i]) for i in bad[:5]]
        for p in pages:
            a, b = k.columns(tab, bias, p), twin.columns(weights, bias, p)
            assert a.shape == b.shape == (len(p), len(lexscore.COLUMNS)) and a.tobytes() == b.tobytes()
            # into the last columns of a wider matrix (lines_model.inputs): the same numbers, in place
            for mod in (k, twin):
                x = np.full((len(p), 5), 7.0)
                got = mod.columns(tab if mod is k else weights, bias, p, x[:, 2:])
                assert got.base is x or got.base is x.base
                assert x[:, 2:].tobytes() == b.tobytes() and (x[:, :2] == 7.0).all()
                with pytest.raises(ValueError):
                    mod.columns(tab if mod is k else weights, bias, p, np.empty((len(p) + 1, 3)))


def test_the_sum_runs_in_first_occurrence_order():
    # distinct tokens in the order tokens() first gives them: the score is one defined float sum
    text = "the cat saw the other cat, the end 12 34 12"
    w = {t: 0.1 * (i + 1) + 1e-9 * i * i for i, t in enumerate(dict.fromkeys(lexscore.tokens(text)))}
    toks = list(dict.fromkeys(lexscore.tokens(text)))
    s = 0.0
    for t in toks:
        s += w[t]
    want = 0.3 + s / np.sqrt(len(toks))
    t = lexscore.LexTable(w, bias=0.3)
    assert t.score_text(text) == want
    assert t.scores([text, " ", ""]).tolist() == [want, 0.3, 0.3]


def test_scores_do_not_depend_on_string_hashing():
    code = (
        "from warta.extract import lexscore\n"
        "ts = ['the %d cat sat on the mat of the %s' % (i, 'x' * i) for i in range(60)]\n"
        "w = {t: 1.0 / (1 + len(t)) + 1e-7 * i for i, t in enumerate(sorted({t for s in ts for t in lexscore.tokens(s)}))}\n"
        "t = lexscore.LexTable(w, 0.1)\n"
        "print([x.hex() for x in t.scores(ts)], [t.score_text(s).hex() for s in ts])\n"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_kernel_equals_twin_on_fuzzed_lines():
    rng = random.Random(7)
    ascii_ = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x00\x01\x7f_09aZ.,!?:$^<>-'\"AbCdEf said share 2024 the "
    uni = "\x85\xa0\u2028\u3000İıßΣσςé\u0301ñÑ٣०๓１²½Ⅻ𝐀𝟘😀\ud800‘’“”–—…©ǅﬁ関ข่あ한абвГ\u0915\u093f\u0e01"
    texts = [
        "",
        " ",
        "\x1c\x1f",
        "_",
        "__ __",
        "0",
        "a",
        "A.",
        "\x00",
        "\x7f",
        "\ud800",
        "İ",
        "ΑΣ",
        "ǅ",
        "²",
        "\x85a\x85",
    ]
    texts += [
        "x" * 300,
        "Y" * 16 + " " + "z" * 17,
        "é" * 90 + " ü",
        "a\x00 b",
        "a\x00",
        "\x00 a",
    ]  # long keys, NULs
    for _ in range(3000):
        pool = ascii_ if rng.random() < 0.5 else ascii_ + uni
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(0, 30))))
    _same(texts, _own_table(texts, 1), 0.25)
    _same(texts, {}, -0.5)
    _same(texts, {t: 40.0 * (v - 0.5) for t, v in _own_table(texts, 3).items()}, 0.0)  # clipped columns


def test_kernel_equals_twin_on_real_page_lines():
    from bench.common import fundus_pages, render_flat, wcxb_pages, zyte_pages

    need(DATA / "zyte-aeb")
    need(DATA / "wcxb-dev")
    flats = [render_flat(h) for _i, h, _u, _t in zyte_pages(limit=12)]
    flats += [render_flat(h) for _i, h, _u, _g in wcxb_pages(types={"article"}, limit=20)]
    if (DATA / "fundus").exists():
        flats += [render_flat(p[3]) for p in fundus_pages(limit=8)]
    texts = [ln for f in flats for ln in f.split("\n")]
    assert len(texts) > 2000 and any(not t.isascii() for t in texts)
    _same(texts, _own_table(texts, 2), 0.5)
    shipped = MODELS / "text-lines-lex.tsv"
    if shipped.exists():  # the shipped table, when the model has one
        table = lexscore.LexTable.read(shipped)
        _same(texts, table.weights, table.bias)


def test_the_kernel_refuses_a_table_it_did_not_build():
    mods = _modules()
    if len(mods) < 2:
        pytest.skip("the kernel is not built")
    k = mods[1]
    with pytest.raises(TypeError):
        k.scores(None, 0.0, ["a"])
    with pytest.raises(ValueError):
        k.scores(k.Table(), 0.0, ["a"])
