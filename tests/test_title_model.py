"""The title chooser experiment (:mod:`training.title_model`): candidates, features, model loading."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser
from training import title_model as tm

from warta.extract import metadata as md

PAGE = """<html><head>
<title>Flood waters reach the old port | Harbour Daily</title>
<meta property="og:title" content="Flood waters reach the old port">
<meta property="og:site_name" content="Harbour Daily">
<meta property="og:type" content="article">
<meta name="twitter:title" content="Floods: old port under water">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Flood waters reach the old port"}</script>
</head><body><header><h1>Harbour Daily</h1></header>
<article><h1>Old port under water as the river rises</h1><h2>What the council said about it</h2>
<p>The river rose overnight.</p></article></body></html>"""
URL = "https://harbourdaily.example/news/flood"


def _page_parts(html: str, url: str) -> tuple[md._Page, dict | None, list[str], object]:
    tree = LexborHTMLParser(html)
    page = md._collect(tree)
    main = md.main_jsonld(page.jsonld)
    return page, main, md._site_names(page, main, url), md._article_scope(tree, page)


def test_key_and_group_merge_wordings_a_reader_would_not_tell_apart() -> None:
    assert tm.key("“Banjir”  di — JAKARTA") == tm.key('"banjir" di - jakarta')
    groups = tm.group([("Old Port", "rule"), ("old  port", "og"), ("Old port, again", "tt"), ("", "h1")])
    assert [(t, sorted(s)) for t, _, s in groups] == [
        ("Old Port", ["og", "rule"]),
        ("Old port, again", ["tt"]),
    ]


def test_candidates_hold_every_source_the_page_offers() -> None:
    page, main, sites, scope = _page_parts(PAGE, URL)
    cands = tm.candidates(page, main, sites, scope, "Old port under water as the river rises")
    by_src: dict[str, set[str]] = {}
    for text, src in cands:
        by_src.setdefault(src, set()).add(text)
    assert by_src["rule"] == {"Old port under water as the river rises"}
    assert "Old port under water as the river rises" in by_src["h1"]
    assert by_src["og"] == by_src["ldh"] == {"Flood waters reach the old port"}
    assert by_src["tw"] == {"Floods: old port under water"}
    assert by_src["ttc"] == {"Flood waters reach the old port"}  # the site name dropped
    assert by_src["ttp"] == {"Flood waters reach the old port", "Harbour Daily"}
    assert by_src["h2"] == {"What the council said about it"}
    assert tm.page_flags(page, main) == (1.0, 1.0)


def test_features_count_agreement_and_site_traces() -> None:
    page, main, sites, scope = _page_parts(PAGE, URL)
    groups = tm.group(tm.candidates(page, main, sites, scope, "Old port under water as the river rises"))
    rows = {
        g[0]: dict(zip(tm.FEATURES, r, strict=True))
        for g, r in zip(groups, tm.features(groups, sites), strict=True)
    }
    og = rows["Flood waters reach the old port"]
    assert og["n_meta"] == 3  # og:title, JSON-LD headline and the <title> agree
    assert og["src_og"] == og["src_ldh"] == og["src_ttc"] == 1.0 and og["src_rule"] == 0.0
    assert og["prefix_of"] == 1  # the whole <title> starts with it
    logo = rows["Harbour Daily"]
    assert logo["site_part"] == 1.0 and logo["site_words"] == 1.0
    assert rows["Old port under water as the river rises"]["src_rule"] == 1.0
    assert og["site_part"] == 0.0


def _one_split_model(feature: str, margin: float) -> dict:
    """One tree: +2 for candidates with ``feature`` above 0.5, -2 otherwise."""
    col = tm.FEATURES.index(feature)
    trees = {"feature": [col, -1, -1], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2]}
    trees |= {"value": [0.0, -2.0, 2.0], "roots": [0]}
    return {"features": list(tm.FEATURES), "margin": margin, "trees": trees}


def test_choose_follows_the_model_and_keeps_the_rules_within_the_margin(monkeypatch) -> None:
    cands = [
        ("Old port under water", "rule"),
        ("Old port under water", "h1"),
        ("Flood waters reach the port", "og"),
    ]
    model = tm.TitleModel(_one_split_model("src_og", 0.0))
    scores = model.scores(tm.features(tm.group(cands), []))
    assert scores == [-2.0, 2.0]
    monkeypatch.setattr(tm.TitleModel, "default", staticmethod(lambda: model))
    assert tm.choose(cands, [], "Old port under water") == "Flood waters reach the port"
    model.margin = 5.0  # the og wording must beat the rules' answer by more than its lead of 4
    assert tm.choose(cands, [], "Old port under water") == "Old port under water"
    assert tm.choose(cands[:2], [], "Old port under water") == "Old port under water"  # one wording


def test_model_file_round_trip(tmp_path, monkeypatch) -> None:
    path = tmp_path / "titles.json"
    path.write_text(json.dumps(_one_split_model("src_h1", 0.25)), encoding="utf-8")
    monkeypatch.setattr(tm, "MODEL_PATH", path)
    tm.TitleModel.default.cache_clear()
    try:
        model = tm.TitleModel.default()
        assert model is not None and model.names == list(tm.FEATURES) and model.margin == 0.25
        monkeypatch.setenv("WARTA_TITLE_MODEL", "0")
        tm.TitleModel.default.cache_clear()
        assert tm.TitleModel.default() is None
    finally:
        tm.TitleModel.default.cache_clear()


def test_module_examples_hold():
    """The module's docstring examples (it lives in ``training/``, outside the doctest paths) still hold."""
    import doctest

    result = doctest.testmod(tm)
    assert result.attempted >= 5 and result.failed == 0
