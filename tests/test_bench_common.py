"""The shared benchmark harness: scorers on hand-made cases with known answers, and the flat renderer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    fundus_body,
    markdown_table,
    measure,
    render_flat,
    snippet_rates,
    wcxb_bow_f1,
    zyte_page_pr,
    zyte_score,
)

TRUTH = "one two three four five six seven eight"  # 5 shingles of 4 tokens


# --- Zyte shingle scorer ---------------------------------------------------------------------


def test_zyte_perfect() -> None:
    assert zyte_score([(TRUTH, TRUTH)]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "n": 1}


def test_zyte_empty_vs_empty_is_perfect() -> None:
    assert zyte_page_pr("", "") == (1.0, 1.0)
    assert zyte_page_pr(None, "  ... ") == (1.0, 1.0)  # no tokens at all on either side


def test_zyte_disjoint_and_empty_prediction() -> None:
    assert zyte_page_pr(TRUTH, "alpha beta gamma delta epsilon") == (0.0, 0.0)
    assert zyte_page_pr(TRUTH, "") == (0.0, 0.0)
    assert zyte_page_pr("", "some extra words here") == (0.0, 0.0)


def test_zyte_partial() -> None:
    # prediction = first 6 tokens -> 3 shingles, all true; truth has 5 -> P=1, R=3/5
    p, r = zyte_page_pr(TRUTH, "one two three four five six")
    assert (p, r) == (1.0, pytest.approx(0.6))
    # prediction = truth + 4 junk tokens -> 9 shingles, 5 true -> P=5/9, R=1
    p, r = zyte_page_pr(TRUTH, TRUTH + " w x y z")
    assert (p, r) == (pytest.approx(5 / 9), 1.0)


def test_zyte_tokens_are_unicode_and_ignore_punctuation() -> None:
    assert zyte_page_pr("Presiden berkata: «Ya» — Jakarta, 2024", "presiden berkata ya jakarta 2024")[0] < 1
    assert zyte_page_pr("Año über naïve café", "Año, über; naïve café!") == (1.0, 1.0)


def test_zyte_counts_shingles_as_multiset() -> None:
    # the body twice: 13 predicted shingles, each true one counts once (5) -> P=5/13, R=1
    p, r = zyte_page_pr(TRUTH, TRUTH + "\n" + TRUTH)
    assert (p, r) == (pytest.approx(5 / 13), 1.0)


def test_zyte_averages_pr_over_pages_then_harmonic_mean() -> None:
    res = zyte_score([(TRUTH, TRUTH), (TRUTH, "")])
    assert res["precision"] == 0.5 and res["recall"] == 0.5 and res["f1"] == pytest.approx(0.5)
    res = zyte_score([(TRUTH, "one two three four five six"), (TRUTH, TRUTH + " w x y z")])
    prec, rec = (1 + 5 / 9) / 2, (0.6 + 1) / 2
    assert res["f1"] == pytest.approx(2 * prec * rec / (prec + rec))


# --- WCXB scorers ------------------------------------------------------------------------------


def test_wcxb_bow_f1_cases() -> None:
    assert wcxb_bow_f1("The cat sat.", "the CAT sat") == 1.0
    assert wcxb_bow_f1("", "") == 1.0
    assert wcxb_bow_f1("dog", "cat") == 0.0
    assert wcxb_bow_f1("", "cat") == 0.0
    # pred 4 tokens, truth 2, overlap 2 -> P=.5 R=1 F1=2/3
    assert wcxb_bow_f1("a b c d", "a b") == pytest.approx(2 / 3)


def test_snippet_rates() -> None:
    pred = "Breaking news:\nThe   minister said\nthe budget passed."
    assert snippet_rates(pred, ["the minister said the budget", "nope"], ["Subscribe now", "budget"]) == (
        0.5,
        0.5,
    )
    assert snippet_rates("", [], []) == (1.0, 1.0)


# --- flat rendering ----------------------------------------------------------------------------


def test_render_flat_splits_blocks_and_keeps_inline_together() -> None:
    html = b"<html><body><h1>Title</h1><div>Menu<p>Hello <b>big</b>\n  world</p>after</div><ul><li>A</li><li>B<br>C</li></ul></body></html>"
    assert render_flat(html).split("\n") == ["Title", "Menu", "Hello big world", "after", "A", "B", "C"]


def test_render_flat_drops_code_and_hidden_nodes() -> None:
    html = """<body><script>var x = "SCRIPT";</script><style>.a{}</style><noscript>NOSCRIPT</noscript>
    <template><p>TEMPLATE</p></template><p hidden>HIDDEN1</p><div aria-hidden="true">HIDDEN2</div>
    <div style="color:red; display: none">HIDDEN3</div><span style="visibility:hidden">HIDDEN4</span>
    <div aria-hidden="false">shown</div><p style="color: blue">visible text</p><!-- COMMENT --></body>"""
    out = render_flat(html)
    assert out == "shown\nvisible text"


def test_render_flat_is_robust() -> None:
    assert render_flat(b"") == ""
    assert render_flat(b"<div><p>unclosed <b>tags<div>next") == "unclosed tags\nnext"
    assert render_flat("<p>caf\xe9</p>".encode("cp1252")) == "caf\xe9"
    assert render_flat(b"\x00\xff\xfe garbage <<<>>>") is not None


# --- helpers -------------------------------------------------------------------------------------


def test_fundus_body_order() -> None:
    exp = {"body": {"summary": ["Lead."], "sections": [{"headline": [], "paragraphs": ["P1", "P2"]}]}}
    assert fundus_body(exp) == "Lead.\nP1\nP2"
    assert fundus_body(exp, summary=False) == "P1\nP2"


def test_measure_counts_errors_and_rate() -> None:
    res = measure(lambda d: 1 / d, [1, 0, 2])
    assert res["docs"] == 3 and res["errors"] == 1 and res["docs_per_cpu_s"] > 0 and res["peak_rss_mb"] > 0


def test_markdown_table() -> None:
    table = markdown_table(["tool", "F1", "docs/s"], [["a|b", 0.5, 2500.0], ["c", None, 1234567]])
    assert table.splitlines() == [
        "| tool | F1 | docs/s |",
        "|---|---:|---:|",
        "| a\\|b | 0.500 | 2,500 |",
        "| c | – | 1,234,567 |",
    ]


# --- loaders on the shared data (skipped when it is absent) ------------------------------------


def test_fundus_versions_match_their_pages() -> None:
    """Each JSON version is paired with the page that carries its title (multi-version publishers)."""
    import re
    from collections import Counter
    from html import unescape

    from bench.common import FUNDUS, decode_html, fundus_pages, tokens

    if not FUNDUS.exists():
        pytest.skip("shared data not found")
    pages = list(fundus_pages())
    assert len(pages) == 258
    per_pub = Counter((country, pub) for pub, country, *_ in pages)
    checked = 0
    for pub, country, version, html, url, exp in pages:
        assert url.startswith("http")
        if per_pub[(country, pub)] < 2 or not exp.get("title"):
            continue
        words = tokens(exp["title"])[:6]
        pattern = re.compile(r"\W+".join(map(re.escape, words)), re.I)
        assert pattern.search(unescape(decode_html(html))), (country, pub, version)
        checked += 1
    assert checked > 50


def test_loaders_yield_truth() -> None:
    from bench.common import WCXB, ZYTE, wcxb_pages, zyte_pages

    if not ZYTE.exists() or not WCXB.exists():
        pytest.skip("shared data not found")
    pid, html, url, truth = next(zyte_pages())
    assert html.lstrip()[:1] == b"<" and url.startswith("http") and len(truth) > 200
    arts = list(wcxb_pages(types={"article"}, limit=5))
    assert len(arts) == 5 and all(gt["page_type"] == "article" for *_, gt in arts)
    assert {"title", "author", "publish_date", "main_content", "with", "without"} <= set(arts[0][3])


def test_call_isolated_runs_in_a_fresh_process() -> None:
    import os

    from bench.common import call_isolated

    res = call_isolated(os.getpid)
    assert res["result"] != os.getpid() and res["peak_rss_mb"] >= res["base_rss_mb"] > 0
    with pytest.raises(RuntimeError, match="ValueError"):
        call_isolated(int, "not a number")


def test_write_result_keeps_notes(tmp_path, monkeypatch) -> None:
    import bench.common as common

    monkeypatch.setattr(common, "RESULTS", tmp_path)
    path = common.write_result("x", "X", "| a |", "python bench/x.py")
    assert "Command: `python bench/x.py`" in path.read_text() and "| a |" in path.read_text()
    path.write_text(path.read_text() + "\n## Notes\n\n- keep me\n")
    common.write_result("x", "X", "| b |", "python bench/x.py")
    text = path.read_text()
    assert "| b |" in text and "| a |" not in text and text.rstrip().endswith("- keep me")
