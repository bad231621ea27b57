"""The line model's kernel: the compiled ``_linefeat`` and its twin ``_linefeat_py`` give the same
features (bit for bit), the same stacked inputs and the same log-odds (to rounding), on real
flattened pages and on lines made to hit every character rule; text mode's articles are identical."""

from __future__ import annotations

import importlib
import json
import sys
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import DATA, SEED, line_stub, need
from warta._compiled import kernel
from warta.extract import lexscore, text
from warta.extract import lines_model as lm
from warta.extract.chrome import AD_REASON, LineKind, Verdict

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TWIN = importlib.import_module("warta.extract._linefeat_py")


def _compiled():
    mod = kernel("warta.extract._linefeat")
    if mod is TWIN:
        pytest.skip("the _linefeat kernel is not built (no C compiler, or WARTA_PURE=1)")
    return mod


@cache
def _pages() -> tuple[str, ...]:
    """The seed page and 12 zyte + 20 wcxb + 8 Fundus pages, rendered flat."""
    from bench.common import fundus_pages, render_flat, wcxb_pages, zyte_pages

    need(DATA / "zyte-aeb")
    need(DATA / "wcxb-dev")
    texts = [need(SEED).read_text(encoding="utf-8")]
    texts += [render_flat(h) for _i, h, _u, _t in zyte_pages(limit=12)]
    texts += [render_flat(h) for _i, h, _u, _g in wcxb_pages(types={"article"}, limit=20)]
    if (DATA / "fundus").exists():
        texts += [render_flat(p[3]) for p in fundus_pages(limit=8)]
    return tuple(texts)


@cache
def _scored_pages() -> tuple[tuple[list, frozenset], ...]:
    """Each page's lines as text mode hands them to the model (hand-scored), with the lexicon's words."""
    got: list[tuple[list, frozenset]] = []
    orig = text._rescore

    def grab(lines, lex, model=None):
        got.append(([_copy(ln) for ln in lines], lm._as_set(lex.hint_weights)))
        return orig(lines, lex, model)

    text._rescore = grab
    try:
        with lm.using(lm.LineModel.default()):
            for flat in _pages():
                text.extract_text(flat)
    finally:
        text._rescore = orig
    return tuple(got)


def _copy(ln) -> SimpleNamespace:
    names = ("text", "words", "ends", "verdict", "kind", "score", "body_like", "reason", "dateline")
    return SimpleNamespace(**{k: getattr(ln, k) for k in names})


EDGE = [
    "- list item with a dash",
    "-no space after the dash",
    "• bullet",
    "— em dash item",
    "1. first",
    "12) twelfth",
    "123. not an item",
    "٣. Arabic-Indic digit item",
    "1.no space",
    "Visit https://example.com/x today",
    "http:// bare",
    "mail me at @warta_news",
    "# not a tag",
    "#tag",
    "see example.com, example.net.",
    "example.common is not a domain",
    "example.org",
    "www.example.id",
    "Ends with three dots...",
    "Ends with an ellipsis…",
    "Title Case Headline For A Story",
    "Élan Über Ärger À Þ × ß",
    " leading space Capital",
    "Harga naik. Inflasi turun! Benarkah? Ya.",
    "Decimal 3.5 and v.2 are no sentence ends",
    "東京都は二十八日、新しい公園の計画を発表した。計画では倉庫を図書館に改装する！",
    "Tabel | Kolom • Baris · Sel",
    "Baca juga:",
    "A" * 300 + ", " + "b, " * 50,
    "١٢ يناير ٢٠٢١",
    "𝐁𝐨𝐥𝐝 math letters 𝟏𝟐 and an emoji 🙂, wide",
    "İstanbul'da yağmur",
    "a lone surrogate \udc80 from a JSON string",
    "x",
    "Harga beras naik, harga gula turun",  # one word in ASCII and non-ASCII lines: one vocabulary entry
    "HARGA minyak — harga emas…",
    "harga   cabai\tnaik\x1ftajam",
]


def _edge_lines() -> list[SimpleNamespace]:
    verdict = SimpleNamespace(kind=LineKind.RELATED, reason="teaser")
    lines = [line_stub(t, score=float(k % 7 - 3) * 3.1) for k, t in enumerate(EDGE)]
    lines[2].kind = LineKind.CAPTION
    lines[3].verdict = verdict
    lines[4].verdict = SimpleNamespace(kind=LineKind.CREDIT, reason="site boilerplate")
    lines[5].reason = "table"
    lines[6].dateline = ("Jakarta", None, "Jakarta -")
    lines[7].kind = LineKind.DATELINE
    lines.append(line_stub(EDGE[0]))  # a repeated line
    return lines


def test_edge_lines_give_identical_features():
    mod = _compiled()
    lines = _edge_lines()
    for sw in (frozenset(), frozenset({"the", "a", "dan", "di"})):
        a = mod.features(lines, sw)
        b = TWIN.features(lines, sw)
        assert a.shape == b.shape == (len(lines), len(lm.FEATURES))
        bad = sorted({lm.FEATURES[j] for j in np.argwhere(a != b)[:, 1]})
        assert not bad, bad
    assert mod.features([], frozenset()).shape == (0, len(lm.FEATURES))


def test_real_pages_give_identical_features_and_log_odds():
    mod = _compiled()
    m = lm.LineModel.default()
    pages = _scored_pages()
    assert len(pages) >= 30 and sum(len(p[0]) for p in pages) > 3000
    for lines, sw in pages:
        a = mod.features(lines, sw)
        b = TWIN.features(lines, sw)
        bad = sorted({lm.FEATURES[j] for j in np.argwhere(a != b)[:, 1]})
        assert not bad, bad
        for k in (mod, TWIN):  # room for the caller's columns after FEATURES: the same FEATURES
            wide = k.features(lines, sw, 3)
            assert wide.shape == (len(lines), len(lm.FEATURES) + 3) and np.array_equal(wide[:, :-3], a)
        if m.lex is not None:
            got = m.inputs(lines, sw)  # features with room + lexical columns written into it
            assert got.tobytes() == np.hstack((a, lexscore.columns(lines, m.lex))).tobytes()
        if m.lex is not None:  # a model with a lexical table reads three more columns (lexscore)
            extra = lexscore.columns(lines, m.lex)
            a, b = np.hstack((a, extra)), np.hstack((b, extra))
        z1 = a @ m.w1
        assert np.array_equal(mod.stack_features(a, z1), TWIN.stack_features(b, z1))
        za = mod.stack_logits(a, m.w1, m.w2, m.trees.packed)
        zb = TWIN.stack_logits(b, m.w1, m.w2, m.trees.packed)
        assert np.allclose(za, zb, rtol=0, atol=1e-12)
        assert np.allclose(
            mod.stack_logits(a, m.w1, m.w2), TWIN.stack_logits(b, m.w1, m.w2), rtol=0, atol=1e-12
        )


def test_cascade_skips_the_trees_only_on_lines_the_line_model_is_sure_of():
    mod = _compiled()
    m = lm.LineModel.default()
    seen = 0
    for lines, sw in _scored_pages():
        x = m.inputs(lines, sw)
        full = mod.stack_logits(x, m.w1, m.w2, m.trees.packed)
        z1 = x @ m.w1
        for cas in (
            (-3.5, np.inf, 0.3, -3.0, 0.0, 0.0),
            (-4.8, 1.1, 0.3, -3.0, 0.9, 1.2),
            (-np.inf, np.inf, 0, 0, 0, 0),
        ):
            got = mod.stack_logits(x, m.w1, m.w2, m.trees.packed, cas)
            assert np.allclose(got, TWIN.stack_logits(x, m.w1, m.w2, m.trees.packed, cas), rtol=0, atol=1e-12)
            below, above = z1 < cas[0], z1 > cas[1]
            walk = ~(below | above)
            assert np.array_equal(got[walk], full[walk])  # the walking lines: the same walk, bit for bit
            assert np.array_equal(got[below], cas[2] * z1[below] + cas[3])
            assert np.array_equal(got[above], cas[4] * z1[above] + cas[5])
            seen += int(below.sum())
    assert seen > 1000
    with_cas = lm.LineModel.from_json({**m.to_json(), "cascade": [-3.5, None, 0.3, -3.0, 0.0, 0.0]}, m.lex)
    assert with_cas.cascade is not None and with_cas.cascade[1] == float("inf")
    back = lm.LineModel.from_json(json.loads(json.dumps(with_cas.to_json())), m.lex)
    assert back.cascade == with_cas.cascade  # JSON round trip: an open side stays open
    for bad in ([float("inf"), None, 0.3, -3.0, 0.0, 0.0], [-3.5, None, float("nan"), -3.0, 0.0, 0.0]):
        with pytest.raises(ValueError, match="cascade"):
            lm.LineModel.from_json({**m.to_json(), "cascade": bad}, m.lex)


def test_set_scores_floors_ad_slots_and_furniture_on_any_line_objects():
    """Kernel and twin floor captions and advertisement slots (chrome by kind) at the furniture score,
    whatever the line and verdict objects are; other chrome and lines without a verdict keep their score."""
    Ns = SimpleNamespace
    verdicts = [
        Verdict(LineKind.CHROME, AD_REASON),
        Ns(kind=LineKind.CHROME, reason=AD_REASON),
        Verdict(LineKind.CAPTION, "caption"),
        Verdict(LineKind.CHROME, "chrome phrase"),
        Ns(kind=LineKind.CHROME),  # no reason: not furniture
        None,
    ]
    z = np.full(len(verdicts), -3.0)
    for k in (_compiled(), TWIN):
        lines = [Ns(score=0.0, verdict=v) for v in verdicts]
        assert k.set_scores(lines, z, 1.0, 0.25, lm._FURNITURE) == z.tolist()
        assert [ln.score for ln in lines] == [0.25, 0.25, 0.25, -2.0, -2.0, -2.0]


def test_tree_walk_matches_the_twin_on_random_trees():
    mod = _compiled()
    rng = np.random.default_rng(3)
    # 30 random trees of depth <= 4 over 6 columns, some NaN inputs (read as 0)
    feature, threshold, left, right, value, roots = [], [], [], [], [], []

    def grow(depth: int) -> int:
        k = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(k)
        right.append(k)
        value.append(float(rng.normal()))
        if depth < 4 and rng.random() < 0.8:
            feature[k] = int(rng.integers(6))
            threshold[k] = float(rng.normal())
            left[k] = grow(depth + 1)
            right[k] = grow(depth + 1)
        return k

    for _ in range(30):
        roots.append(grow(0))
    t = lm.Trees(feature, threshold, left, right, value, roots)
    x = rng.normal(size=(200, 6))
    x[::7, 2] = np.nan
    args = (t.feature, t.threshold, t.left, t.right, t.value, t.roots)
    got = mod.tree_predict(np.ascontiguousarray(x), *args)
    want = TWIN.tree_predict(x, *args)
    assert np.allclose(got, want, rtol=0, atol=1e-12)
    assert np.abs(got).max() > 0
    assert mod.tree_predict(np.zeros((0, 6)), *args).shape == (0,)


def test_text_mode_articles_are_identical_with_either_kernel(monkeypatch):
    mod = _compiled()
    outs = []
    for k in (mod, TWIN):
        monkeypatch.setattr(lm, "K", k)
        with lm.using(lm.LineModel.default()):
            outs.append([(a.title, a.lead, a.body) for a in map(text.extract_text, _pages()[:16])])
    assert outs[0] == outs[1]
    assert sum(bool(body) for _t, _l, body in outs[0]) >= 12


@pytest.mark.parametrize("mod", ["warta.extract._linefeat", "warta.extract._linefeat_py"])
def test_broken_trees_and_narrow_inputs_are_refused(mod):
    mod = importlib.import_module(mod) if mod.endswith("_py") else _compiled()
    ok = ([0, -1, -1], [0.5, 0.0, 0.0], [1, 1, 2], [2, 1, 2], [0.0, -1.0, 2.0], [0])
    arrays = [np.asarray(a) for a in ok]
    out_of_range = [*arrays[:2], np.array([1, 1, 7]), *arrays[3:]]
    cycle = [
        np.array([0, 0, -1]),
        np.array([0.5, 0.5, 0.0]),
        np.array([1, 0, 2]),
        np.array([2, 2, 2]),
        *arrays[4:],
    ]
    for bad in (out_of_range, cycle):
        with pytest.raises(ValueError):
            mod.pack_trees(*bad)
    wide = [np.array([3, -1, -1]), *arrays[1:]]
    with pytest.raises(IndexError):
        mod.predict_packed(np.zeros((4, 2)), mod.pack_trees(*wide))
    assert mod.predict_packed(np.array([[0.2], [0.9]]), mod.pack_trees(*arrays)).tolist() == [-1.0, 2.0]


def test_the_kernel_refuses_a_feature_list_it_was_not_written_for():
    # a renamed feature in the twin (H2 retraining with new features) must not be filled by old columns:
    # the kernel's import fails, so kernel() falls back to the twin with a warning
    import subprocess

    _compiled()
    code = (
        "import importlib\n"
        "from warta.extract import _linefeat_py as t\n"
        "t.BASE = t.BASE[:-1] + ('renamed',)\n"
        "try:\n"
        "    importlib.import_module('warta.extract._linefeat')\n"
        "except ImportError as e:\n"
        "    print('refused', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("refused"), out.stdout + out.stderr


def test_text_modes_own_lines_are_read_straight_and_give_the_same_features():
    """Text mode's compiled ``Line`` objects are read through their C layout (checked at import):
    the features equal those of look-alike objects read attribute by attribute, on real pages."""
    mod = _compiled()
    lines_kernel = kernel("warta.extract._lines")
    if lines_kernel.__name__.endswith("_py"):
        pytest.skip("text mode's _lines kernel is not built: its lines are the twin's objects")
    assert mod._line_layout_ok(), "the compiled _lines.Line no longer has the layout _linefeat reads"
    got: list[tuple[np.ndarray, np.ndarray]] = []
    orig = text._rescore

    def grab(lines, lex, model=None):
        assert lines and type(lines[0]) is lines_kernel.Line
        sw = lm._as_set(lex.hint_weights)
        got.append((mod.features(list(lines), sw), mod.features([_copy(ln) for ln in lines], sw)))
        return orig(lines, lex, model)

    text._rescore = grab
    try:
        with lm.using(lm.LineModel.default()):
            for flat in _pages()[:20]:
                text.extract_text(flat)
    finally:
        text._rescore = orig
    assert len(got) >= 15
    for direct, by_attribute in got:
        assert np.array_equal(direct, by_attribute)


def test_set_scores_matches_rescores_loop_on_real_lines():
    """``set_scores`` (kernel and twin) gives text mode's lines the log-odds + offset, furniture
    kinds at least the floor, like ``lines_model.rescore``'s own loop."""
    mod = _compiled()
    m = lm.LineModel.default()
    got: list[tuple[list, list, list]] = []
    orig = text._rescore

    def grab(lines, lex, model=None):
        zl = orig(lines, lex, model)  # rescore's own loop
        want = [ln.score for ln in lines]
        z = np.asarray(zl) + 0.25  # other log-odds, so that every score is rewritten
        for k in (mod, TWIN):
            back = k.set_scores(list(lines), z, m.offset, 0.1, lm._FURNITURE)
            assert back == z.tolist()
            scores = [ln.score for ln in lines]
            floor = [
                max(v + m.offset, 0.1)
                if ln.verdict is not None
                and (ln.verdict.kind in lm._FURNITURE or ln.verdict.reason == "advertisement")
                else v + m.offset
                for ln, v in zip(lines, z.tolist(), strict=True)
            ]
            got.append((scores, floor, want))
        for ln, s in zip(lines, want, strict=True):
            ln.score = s
        return zl

    text._rescore = grab
    try:
        with lm.using(m):
            for flat in _pages()[:10]:
                text.extract_text(flat)
    finally:
        text._rescore = orig
    assert len(got) >= 16
    for scores, floor, _want in got:
        assert scores == floor
    assert any(s == 0.1 for scores, _f, _w in got for s in scores)
