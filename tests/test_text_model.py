"""Text mode's trained line classifier (warta.extract.lines_model): the model file, features, decisions."""

from __future__ import annotations

import os

import numpy as np
import pytest

from warta.extract import lines_model as lm
from warta.extract.text import extract_text

STORY = [
    "Council Approves New Riverside Park After Two Years of Debate",
    "By Jane Example",
    "Published March 3, 2025",
    "The city council voted on Tuesday to turn the old freight yard by the river into a public park, "
    "ending two years of argument over the land.",
    "The plan keeps the brick warehouse, which will house a library branch and a small cafe, and adds "
    "paths, playgrounds and a boat ramp on the eastern bank.",
    "Councillors who opposed the scheme said the money should go to road repairs, but the vote passed "
    "seven to two after a long evening session.",
    "Work is expected to begin in the autumn, and the first section should open to visitors next summer.",
]
TEASERS = [
    "More stories",
    "Bus fares to rise in April, transport board says",
    "March 2, 2025",
    "Five new restaurants to try this spring",
    "March 1, 2025",
    "Library hours extended during exam season",
    "February 28, 2025",
]
COMMENTS = [
    "12 Comments",
    "John D. says:",
    "This is a terrible idea, the roads are falling apart and we need them fixed before anything else.",
    "Mary K. says:",
    "I love this plan. My kids will finally have somewhere to play near the river!",
]


@pytest.fixture(autouse=True)
def _with_the_committed_model():
    """The model is opt-in (``WARTA_LINE_MODEL=1``); these tests exercise it explicitly."""
    with lm.using(lm.LineModel.default()):
        yield


def test_the_model_is_opt_in():
    assert lm.ENABLED is (os.environ.get("WARTA_LINE_MODEL") == "1")


def test_committed_model_matches_the_features():
    m = lm.LineModel.default()
    d = len(m.names)  # FEATURES, plus LEX when the model has a lexical table
    assert m.names[: len(lm.FEATURES)] == lm.FEATURES and d in (
        len(lm.FEATURES),
        len(lm.FEATURES) + len(lm.LEX),
    )
    assert m.w1.shape == (d,)
    assert m.w2.shape == (d + len(lm.STACK),)
    assert "wcxb" in m.meta["trained_on"]
    assert np.isfinite(m.w1).all() and np.isfinite(m.w2).all()
    # the context model is a tree ensemble over the stacked inputs
    assert m.trees is not None and len(m.trees.roots) >= 50
    assert m.trees.feature.max() < d + len(lm.STACK)
    assert np.isfinite(m.trees.value).all()
    # a sentence-shaped line in a run of sentences is more likely body than a menu line
    # (single weights of correlated features carry no sign guarantee: compare the model's log-odds)
    from warta.extract import text as textmod

    got: dict[str, np.ndarray] = {}
    orig = textmod._best_region

    def grab(lines, *a, **kw):
        got["z"] = m.logits(m.inputs(lines, {"the": 1, "and": 1}))
        return orig(lines, *a, **kw)

    textmod._best_region = grab
    try:
        with lm.using(None):
            extract_text("\n".join(["Home", "News", *STORY, *TEASERS]))
    finally:
        textmod._best_region = orig
    z = got["z"]
    assert z[2 + 3 : 2 + len(STORY)].min() > z[:2].max()


def test_features_one_row_per_line_and_empty_page():
    got: dict[str, np.ndarray] = {}
    from warta.extract import text as textmod

    orig = textmod._best_region

    def grab(lines, *a, **kw):
        got["x"] = lm.features(lines, {"the": 1, "and": 1})
        return orig(lines, *a, **kw)

    textmod._best_region = grab
    try:
        with lm.using(None):
            extract_text("\n".join(STORY))
    finally:
        textmod._best_region = orig
    assert got["x"].shape == (len(STORY), len(lm.FEATURES))
    assert lm.features([], set()).shape == (0, len(lm.FEATURES))


def test_region_is_the_first_strong_run():
    assert lm.region(np.array([-1.0, 3.0, 2.0, -9.0, 4.0, 4.0])) == (1, 2)
    assert lm.region(np.array([-1.0, -2.0])) == (2, 1)


@pytest.mark.parametrize("after", [TEASERS, COMMENTS], ids=["teasers", "comments"])
def test_story_without_what_follows_it(after):
    art = extract_text("\n".join(["Home", "News", "Sport", *STORY, *after, "Copyright 2025 Example Media"]))
    assert art.title == STORY[0]
    assert art.body == STORY[3:]
    elsewhere = {r.text for r in art.removed} | {r.title for r in art.related}
    assert set(after) <= elsewhere


def test_headline_opening_a_short_page_is_the_title():
    art = extract_text("\n".join(["Home", STORY[0], *STORY[3:5]]))
    assert art.title == STORY[0]
    assert art.body == STORY[3:5]


def test_every_line_accounted_for_with_the_model():
    lines = ["Home", "News", *STORY, *TEASERS]
    art = extract_text("\n".join(lines))
    kept = {art.title, art.lead, *art.body, *(r.text for r in art.removed), *(r.title for r in art.related)}
    for line in lines:
        assert line in kept or any(line in p for p in art.body), line


def test_using_none_runs_the_hand_rules_and_using_a_model_overrides():
    text = "\n".join(["Home", *STORY, *TEASERS])
    with lm.using(None):
        assert lm.current() is None
        hand = extract_text(text)
    assert hand.body[:4] == STORY[3:]
    # a model that calls nothing body keeps no body line
    zero = lm.LineModel(
        np.zeros(len(lm.FEATURES)), np.r_[-10.0, np.zeros(len(lm.FEATURES) + len(lm.STACK) - 1)]
    )
    with lm.using(zero):
        art = extract_text(text)
    assert art.body == []
    # the story lines the hand rules kept are now removed, each with the model's verdict as reason
    # (a model scoring every line as chrome leaves no body region: the lines fall outside it)
    reasons = {r.text: r.reason for r in art.removed}
    for line in STORY[3:]:
        assert reasons.get(line) in ("not body (line model)", "outside main text"), line
    assert lm.current() is lm.LineModel.default()


def test_model_json_round_trip(tmp_path):
    m = lm.LineModel.default()
    p = tmp_path / "m.json"
    import json

    p.write_text(json.dumps(m.to_json()))
    if m.lex is not None:
        m.lex.write(tmp_path / lm.LEX_TABLE_NAME)
    back = lm.LineModel.load(p)
    assert np.allclose(back.w1, m.w1, atol=1e-5) and back.keep == m.keep
    x = np.random.default_rng(3).normal(size=(40, len(m.names)))
    assert np.allclose(back.logits(x), m.logits(x), atol=1e-4)
    bad = m.to_json()
    bad["features"] = bad["features"][:-1]
    with pytest.raises(ValueError):
        lm.LineModel.from_json(bad)


def _synthetic_pages(n: int) -> list[dict[str, str]]:
    """``n`` small training pages (story + teasers or comments + a footer) in the text bench's form."""
    body = " ".join(STORY[3:])
    pages = []
    for i in range(n):
        rest = TEASERS if i % 2 else COMMENTS
        lines = ["Home", "News", *STORY[: 3 + i % 4], *STORY[3 + i % 4 :], *rest, f"Copyright {2000 + i}"]
        pages.append({"set": "zyte" if i % 3 else "wcxb", "flat": "\n".join(lines), "truth": body})
    return pages


def test_training_sizes_the_context_ensemble():
    """``training/train_lines.py --rounds N --leaves L`` gives a context stage of N trees of at most L leaves."""
    pytest.importorskip("lightgbm")
    from training import train_lines as tl

    pages = _synthetic_pages(12)
    mats = tl.balance([tl.page_matrix(p) for p in pages], pages)
    groups = [f"site{i}.example" for i in range(len(pages))]
    small = {**tl.GBM, "min_data_in_leaf": 5, "num_threads": 1}
    old = tl.GBM
    tl.GBM = small
    try:
        m = tl.fit(mats, list(range(len(pages))), groups, rounds=7, leaves=3)
    finally:
        tl.GBM = old
    assert len(m.trees.roots) == 7
    leaves_per_tree = np.bincount(
        np.searchsorted(m.trees.roots, np.flatnonzero(m.trees.feature < 0), side="right") - 1
    )
    assert leaves_per_tree.max() <= 3 and leaves_per_tree.min() >= 1
    # the model tells the story from what follows it on a page it was trained on
    x = mats[0][0]
    z = m.logits(x)
    assert z[mats[0][1] == 1].mean() > z[mats[0][1] == 0].mean()


def test_feature_looks_block_reads_anchors_ranks_and_repeats():
    """``training/line_feature_looks.py``'s candidate block: distances to the first long paragraph and the
    byline, rank among the long paragraphs, a repeated "Read more" card (session 9's looks)."""
    from training import line_feature_looks as looks

    para = "The council approved the new budget on {} after a long debate about the schools and the roads."
    texts = ["Home", "Budget Passed After Long Debate", "By Jane Doe"]
    texts += [para.format(d) for d in ("Monday", "Tuesday", "Friday")]
    texts += ["Read more", "Other story one", "Read more", "Other story two"]
    raw = [
        (t, t.count(" ") + 1, t.endswith("."), "byline" if t.startswith("By ") else None, False)
        for t in texts
    ]
    x = np.zeros((len(raw), len(lm.FEATURES)))
    x[:, 1 + lm.BASE.index("unclassified")] = [r[3] is None for r in raw]
    x[1, 1 + lm.BASE.index("title_shape")] = 1.0
    b = looks.block_all(raw, x)
    assert b.shape == (len(raw), 26)
    assert b[:, 0].tolist() == [1.0] * len(raw)  # the page has a long paragraph, the first is line 3
    assert b[0, 1] == -3 / 30 and b[3, 1] == 0.0 and b[4, 2] > 0 > b[2, 2]
    assert b[2, 7] == 0.0 and b[3, 7] == 1 / 30  # the byline is line 2
    assert b[0, 9] == 1.0 and b[1, 10] == 0.0  # the headline stand-in is line 1
    assert b[3:6, 15].tolist() == [0.0, 1 / 3, 2 / 3] and b[3:6, 16].tolist() == [2 / 3, 1 / 3, 0.0]
    assert b[6, 19] > 0 and b[7, 19] == 0.0  # "Read more" twice
    assert b[6, 21] > 0 and b[0, 21] == 0.0  # ("Read more", "Other story ...") twice


def test_lexical_columns_train_save_and_score(tmp_path):
    """``train_lines.py --lexical``: the model carries a token table (stage 0) that learned the words of
    chrome seen on several sites; it round-trips through the model file and its sibling TSV and runs
    inside text mode."""
    pytest.importorskip("lightgbm")
    pytest.importorskip("scipy")
    import json

    from training import lexical as lx
    from training import train_lines as tl

    pages = _synthetic_pages(12)
    mats = tl.balance([tl.page_matrix(p) for p in pages], pages)
    groups = [f"site{i}.example" for i in range(len(pages))]
    corpus = lx.Corpus([m[3] for m in mats], groups)
    old = tl.GBM
    tl.GBM = {**tl.GBM, "min_data_in_leaf": 5, "num_threads": 1}
    try:
        m = tl.fit(mats, list(range(len(pages))), groups, rounds=5, leaves=3, corpus=corpus)
    finally:
        tl.GBM = old
    assert m.lex is not None and m.names == lm.FEATURES + lm.LEX
    assert m.w1.shape == (len(lm.FEATURES) + len(lm.LEX),)
    # chrome words every site prints score below the story's words
    assert m.lex.score_text("12 Comments") < m.lex.score_text(STORY[4])
    (tmp_path / "m.json").write_text(json.dumps(m.to_json()))
    m.lex.write(tmp_path / lm.LEX_TABLE_NAME)
    back = lm.LineModel.load(tmp_path / "m.json")
    assert back.lex is not None and back.lex.weights.keys() == m.lex.weights.keys()
    with pytest.raises(ValueError):
        lm.LineModel.from_json(m.to_json())  # the table is not in the JSON
    with lm.using(back):
        art = extract_text(pages[0]["flat"])
    assert STORY[4] in art.body
