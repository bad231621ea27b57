"""The line model's language-neutral features and its training's out-of-fold machinery."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from tests.conftest import REPO, line_stub

from warta.extract import _linefeat_py
from warta.extract import lines_model as lm

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from training import train_lines as tl  # noqa: E402


def _col(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, lm.FEATURES.index(name)]


JA = "東京都は二十八日、新しい公園の計画を発表した。計画では川沿いの倉庫を図書館に改装し、遊歩道も整備する。"
EN = "The city council voted on Tuesday to turn the old freight yard by the river into a public park."


def test_wide_scripts_and_their_sentence_marks_are_seen():
    x = lm.features([line_stub(JA, score=2.0), line_stub(EN, score=2.0), line_stub("Home")], set())
    wide = _col(x, "wide_chars")
    assert wide[0] > 0.9 and wide[1] == 0.0 and wide[2] == 0.0
    sentences = _col(x, "sentences")
    assert sentences[0] > sentences[2]  # two 。-ended sentences, no spaces anywhere
    assert _col(x, "page_wide")[0] == wide.mean()


def test_page_words_tell_prose_from_menus_in_any_language():
    # no lexicon: the page's own frequent words mark prose (here Dutch, which no lang/ file knows)
    prose = [
        "De gemeente heeft het plan voor het park aan de rivier goedgekeurd.",
        "Het park komt op de plek van het oude rangeerterrein aan de rivier.",
        "De bouw van het park begint in het najaar, zegt de gemeente.",
    ]
    menu = ["Binnenland", "Buitenland", "Sport", "Cultuur"]
    x = lm.features([line_stub(t) for t in [*menu, *prose]], set())
    share = _col(x, "page_words")
    assert share[len(menu) :].min() > share[: len(menu)].max()


def test_runs_of_long_and_short_lines_and_repeated_openings():
    texts = ["Read more on alpha", "Read more on beta", "Read more on gamma", EN, EN + " Again.", "Menu"]
    x = lm.features([line_stub(t) for t in texts], set())
    assert _col(x, "same_opening").tolist() == [1, 1, 1, 0, 0, 0]
    long_run = _col(x, "long_run")
    assert long_run[3] == long_run[4] > 0 and long_run[0] == 0
    assert _col(x, "short_run")[0] == _col(x, "short_run")[2] > _col(x, "short_run")[5] > 0


def test_run_lengths():
    got = _linefeat_py._run_lengths(np.array([0, 1, 1, 1, 0, 1], dtype=bool))
    assert got.tolist() == [0, 3, 3, 3, 0, 1]


def test_every_set_folds_by_site():
    # one site printed in two sets is one fold unit (no out-of-fold leak across sets)
    a = tl.group_of({"set": "zyte", "site": "edition.cnn.com", "url": "https://edition.cnn.com/2024/a"})
    b = tl.group_of({"set": "wcxb", "site": "cnn.com", "url": "https://www.cnn.com/b"})
    assert a == b == "cnn.com"
    assert tl.domain_of("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert tl.group_of({"set": "fundus", "site": "SZ", "url": ""}) == "SZ"
    assert tl.site_of("https://www.example.com/a/1") == "example.com"
    # pages of one site always share a fold
    assert tl.fold_of("example.com", 5) == tl.fold_of("example.com", 5)
    assert {tl.fold_of(f"site{i}.com", 5) for i in range(50)} == set(range(5))


def test_decoding_is_chosen_without_the_folds_own_pages():
    # grid 0 is best on fold 1's pages, grid 1 on fold 0's: each fold gets the other's choice
    folds = [0, 0, 1, 1]
    prs = [
        [(0.1, 0.1), (0.1, 0.1), (0.9, 0.9), (0.9, 0.9)],
        [(0.9, 0.9), (0.9, 0.9), (0.2, 0.2), (0.2, 0.2)],
    ]
    assert tl.nested_decoding(folds, prs, 2) == [0, 1]


def test_labels_follow_the_truth_shingles():
    truth = "The council voted to build a park by the river. Work starts in autumn."
    got = tl.line_labels(
        ["The council voted to build a park", "Sign up for our newsletter today", "Work"], truth
    )
    assert got == [1, 0, 1]


def test_flattened_trees_score_like_lightgbm():
    # the shipped context model is LightGBM's trees re-walked in numpy: both must give the same raw score
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, 5))
    y = ((x[:, 0] > 0.3) ^ (x[:, 2] * x[:, 3] > 0.5)).astype(np.float64)
    params = {**tl.GBM, "min_data_in_leaf": 10, "num_threads": 1}
    booster = lightgbm.train(params, lightgbm.Dataset(x, y), 20)
    trees = tl.flatten_trees(booster.dump_model())
    assert len(trees.roots) == 20 and (trees.feature >= 0).any()
    probe = rng.normal(size=(50, 5))
    assert np.allclose(trees.predict(probe), booster.predict(probe, raw_score=True), atol=1e-9)
    assert trees.predict(probe[:0]).shape == (0,)
    back = lm.Trees.from_json(trees.to_json())
    assert np.allclose(back.predict(probe), trees.predict(probe), atol=1e-5)


def test_trees_that_read_unknown_columns_are_refused():
    d = len(lm.FEATURES) + len(lm.STACK)
    bad = lm.Trees([d, -1, -1], [0.0, 0.0, 0.0], [1, 1, 2], [2, 1, 2], [0.0, 1.0, -1.0], [0])
    with pytest.raises(ValueError):
        lm.LineModel(np.zeros(len(lm.FEATURES)), np.zeros(d), trees=bad)
