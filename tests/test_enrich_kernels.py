"""The enrichment kernels (compiled ``.pyx``) give what their pure-Python twins give, on real text."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os

import pytest
from tests.conftest import DATA, need

TWINS = [
    "warta.enrich._kwk",
    "warta.enrich._sumk",
    "warta.enrich._entk",
    "warta.enrich._datek",
    "warta.enrich._textk",
    "warta.enrich._sentk",
]


def _texts(limit: int = 60) -> list[tuple[str, str]]:
    """(body text, title) of real articles: zyte-aeb bodies and fundus pages of many languages."""
    out: list[tuple[str, str]] = []
    truth = json.loads(need(DATA / "zyte-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for v in list(truth.values())[: limit // 2]:
        if v.get("articleBody"):
            out.append((v["articleBody"], v.get("headline") or ""))
    for path in sorted((DATA / "fundus" / "test_data").glob("*/*.json"))[: limit // 2]:
        for version in json.loads(path.read_text(encoding="utf-8")).values():
            body = version.get("body") or {}
            paras = [p for s in body.get("sections", []) for p in s.get("paragraphs", [])]
            if paras:
                out.append(("\n".join(paras), version.get("title") or ""))
    return out


def _pair(name: str):  # noqa: ANN202
    compiled = pytest.importorskip(name, reason="kernel not built (no C compiler)")
    assert not compiled.__file__.endswith(".py")  # the binary, not the twin
    return compiled, importlib.import_module(name + "_py")


def test_keyword_kernel_matches_its_twin():
    from warta.enrich import keywords

    compiled, twin = _pair("warta.enrich._kwk")
    stop = keywords._stopwords()
    idf_of, unknown = keywords._idf_table()
    texts = _texts() + [("WeWork’s bar’ 2.5 ²x ǅemal _x o'neil's “Kata” (KPK)\nHarga beras", "beras")]
    for text, title in texts:
        words = {t.lower() for t in keywords._TOKEN.findall(title)}
        memo_c: dict = {}
        memo_p: dict = {}
        got = compiled.rank(text, words, memo_c, stop, 50, idf_of, unknown, 40)
        want = twin.rank(text, words, memo_p, stop, 50, idf_of, unknown, 40)
        assert got == want
        # every word the twin classified (and memoised) is classified alike by the kernel
        assert memo_p
        for tok, info in memo_p.items():
            assert compiled.classify(tok, stop, memo_c, 50) == info
        assert got and got[0][1] == 1.0


def test_summary_kernel_matches_its_twin():
    from warta.enrich import keywords
    from warta.enrich.sentences import split_sentences

    compiled, twin = _pair("warta.enrich._sumk")
    stop = keywords._stopwords()
    texts = _texts() + [
        ("ΟΔΟΣ ΚΑΙ ΣΟΦΟΣ λόγος. İstanbul’da x_y 2a b-c o'neil's ²x ǅemal.\nKalimat kedua.", "")
    ]
    picked_any = False
    for text, title in texts:
        spans = split_sentences(text)
        keep = [(0, len(text) // 2), (len(text) // 2 + 1, len(text))]
        got = compiled.candidates(text, spans, keep, 3, 120)
        assert got == twin.candidates(text, spans, keep, 3, 120)
        unigram = {t.lower(): sc for t, sc in keywords._ranked(text, title)[:30]}
        words = {w.lower() for w in keywords._TOKEN.findall(title)} - stop
        for k in (1, 3, 5):
            chosen = compiled.pick(got[1], stop, unigram, words, k, 3.0, 60, 0.5)
            assert chosen == twin.pick(got[1], stop, unigram, words, k, 3.0, 60, 0.5)
            picked_any = picked_any or len(chosen) == k
    assert picked_any


def test_entity_tokens_kernel_matches_the_ner_tokeniser():
    from warta.enrich.gazetteer import gazetteer
    from warta.enrich.sentences import split_sentences

    compiled, twin = _pair("warta.enrich._entk")
    odd = "Rp5.700,50 pada 7/4/2016 09:30. PDI-P, anak-anak' O’Neil’s x_1 ²³ 3.a -b '' \u00a0 end."
    for text, _ in _texts() + [(odd, "")]:
        spans = split_sentences(text) + [(0, len(text) + 5), (3, 2)]
        assert compiled.sentence_tokens(text, spans) == twin.sentence_tokens(text, spans)
        _, words_all = twin.sentence_tokens(text, spans)
        first = gazetteer("id").first_lengths()
        more = {w: {1} for w in words_all[0][::3]} if words_all else {}
        for words in words_all:
            assert compiled.starts_in(words, first, more) == twin.starts_in(words, first, more)


def test_word_set_kernel_matches_its_twin():
    compiled, twin = _pair("warta.enrich._textk")
    odd = (
        "AT&T's co-founder_x, Kata-nya ²³ İstanbul katanya nya menurutnya-nya ǅemal\nA B C d\n\nX Y Z W V e f"
    )
    for text, _ in _texts() + [(odd, "")]:
        for extra, suffixes in (("", ()), ("&-", ()), ("", ("nya",)), ("", ("nya", "ku", ""))):
            for t in (text, text.lower()):
                assert compiled.word_set(t, extra, suffixes) == twin.word_set(t, extra, suffixes)
        for starts in ("ABCDRd", "Ä_9&-~é", ""):
            assert compiled.words_starting(text, "&-", starts) == twin.words_starting(text, "&-", starts)
        for t in (text, text.lower(), text[:1500].lower()):
            assert compiled.word_counts(t) == twin.word_counts(t)
            assert list(compiled.word_counts(t)[0]) == list(twin.word_counts(t)[0])  # same order
        cuts = [-1, 0, 1, len(text) // 3, len(text) // 2, len(text) - 1, len(text), len(text) + 5]
        for a in cuts:
            for b in cuts:
                for limit in (0, 1, 3, 8, 2**62):
                    assert compiled.count_tokens(text, a, b, limit) == twin.count_tokens(text, a, b, limit)
        lines = [0, len(text) // 3, len(text)] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        for pos in lines:
            assert compiled.title_case_line(text, pos) == twin.title_case_line(text, pos)


def test_reporting_verb_kernels_match_their_twin():
    from warta.enrich import quotes

    compiled, twin = _pair("warta.enrich._textk")
    odd = (
        "kata katanya berkata kata-kata -kata kata_ katanya_ said unsaid said- says, he said\n"
        "“Ya,” ujarnya. Menurutnya, dia mengatakan bahwa … kata\nkata:nya KATA said"
    )
    seen_hits = seen_occ = False
    for code in ("id", "en", None):
        lex = quotes._lexicon(code)
        for text, _ in _texts(30) + [(odd, "")]:
            low = text.lower()
            words = quotes._word_set(low, lex.suffixes)
            for suffixes in (lex.suffixes, (), ("nya", "")):
                got = compiled.verb_hits(low, lex.verb_list, suffixes, words)
                assert got == twin.verb_hits(low, lex.verb_list, suffixes, words)
                seen_hits = seen_hits or bool(got)
            keys = list(dict.fromkeys(key for first, key in lex.cue_words if first in words))
            assert compiled.cue_offsets(low, lex.cue_words, words) == twin.cue_offsets(
                low, lex.cue_words, words
            )
            odd_cues = (*lex.cue_words, ("--", "--"), ("", "x"), ("a-b", "b"))
            assert compiled.cue_offsets(low, odd_cues, words) == twin.cue_offsets(low, odd_cues, words)
            got_occ = compiled.occurrences(low, keys)
            assert got_occ == twin.occurrences(low, keys)
            seen_occ = seen_occ or bool(got_occ[0])
    assert seen_hits and seen_occ


def test_sentence_kernel_matches_its_twin():
    from warta.enrich import sentences

    compiled, twin = _pair("warta.enrich._sentk")
    abbrevs = sentences._abbreviations("id")

    odd = (
        'Prof. Dr. H. Amir tiba di Jl. Sudirman No. 5.\u2028Ya?! "Satu. Dua," kata Kim. (Lalu.) '
        '«Tiga.» Ø. À.Ł. Z… 9. "Open. Never closed\n\n\nEnd.\u00a0 Ende. ”X. “Y.” Z. a.n. U.S.A. '
        "x.y.z. Jl.\n. Lanjut ('S.) \"'H. '\n. Baru. ǅ. É. a.b.c.dd. Ab.C. Dr.\n\n. Ok."
    )
    for text, _ in _texts() + [(odd, "")]:
        regions = sentences._quote_regions(text)
        for reg in (regions, []):
            assert compiled.split(text, reg, abbrevs) == twin.split(text, reg, abbrevs)
        for dot in [i for i, c in enumerate(text) if c == "."] + [0, 3, len(text)]:
            assert compiled.is_abbreviation(text, dot, abbrevs) == twin.is_abbreviation(text, dot, abbrevs)


def test_date_kernels_match_their_twin():
    from warta.enrich import dates

    compiled, twin = _pair("warta.enrich._datek")
    odd = (
        "Jumat (18/6) 2021-06-18 ²³ ٣٤ 5x_7 k3 kemarin\nSenin, 1 Mei. x"
        + "9" * 30
        + " sekemarin kemarinnya _kemarin minggu lalu minggu  lalu pekan lalu lalu last tuesday tuesday"
        + " last   monday senin lalu"
    )
    for code in ("id", "en", None):
        lex = dates._lexicon(code)
        for text, _ in _texts(30) + [(odd, "")]:
            spans = compiled.digit_spans(text)
            assert spans == twin.digit_spans(text)
            for width in (0, 3, 22):
                assert compiled.merge_windows(text, spans, width) == twin.merge_windows(text, spans, width)
            for t in (text.lower(), odd.lower() * 2):
                assert compiled.anchor_spots(t, lex.anchors) == twin.anchor_spots(t, lex.anchors)
            windows = dates._windows(text, lex.anchors) + [(0, 5), (3, len(text) + 9)]
            if lex.starts is not None:
                got = compiled.word_matches(text, windows, lex.starts, lex.rx.match)
                want = twin.word_matches(text, windows, lex.starts, lex.rx.match)
                assert [m.span() for m in got] == [m.span() for m in want]


def _every_char_text() -> str:
    """Each code point below U+3000 (no surrogates) at a word's start, inside one, after a digit and
    alone, with some capitalised ASCII words around: the kernels' ASCII fast paths (``_ascii.pxd``)
    and CPython's predicates above 127 must answer as the twins' ``str`` methods and ``re`` do."""
    parts = []
    for c in range(1, 0x3000):
        ch = chr(c)
        parts.append(f"{ch}ab a{ch}b 7{ch}8 {ch} Kata{ch}Nya, ")
        if c % 40 == 0:
            parts.append("\nHarga Beras Naik pada 18 Juni 2021. ")
    return "".join(parts)


def test_kernels_match_their_twins_on_every_code_point():
    from warta.enrich import dates, keywords

    text = _every_char_text()
    kw, kw_py = _pair("warta.enrich._kwk")
    stop = keywords._stopwords()
    idf_of, unknown = keywords._idf_table()
    every = 10**6  # every term, not the top 40
    assert kw.rank(text, {"beras"}, {}, stop, 50, idf_of, unknown, every) == kw_py.rank(
        text, {"beras"}, {}, stop, 50, idf_of, unknown, every
    )
    tk, tk_py = _pair("warta.enrich._textk")
    assert tk.word_counts(text) == tk_py.word_counts(text)
    assert tk.count_tokens(text, 0, len(text), 2**62) == tk_py.count_tokens(text, 0, len(text), 2**62)
    assert tk.word_set(text, "&-", ("nya",)) == tk_py.word_set(text, "&-", ("nya",))
    starts = "".join(chr(c) for c in range(1, 0x3000, 7))
    assert tk.words_starting(text, "&-", starts) == tk_py.words_starting(text, "&-", starts)
    for pos in range(0, len(text), 997):
        assert tk.title_case_line(text, pos) == tk_py.title_case_line(text, pos)
    sk, sk_py = _pair("warta.enrich._sumk")
    spans = [(i, min(i + 300, len(text))) for i in range(0, len(text), 300)]
    assert sk.candidates(text, spans, [(0, len(text))], 3, 120) == sk_py.candidates(
        text, spans, [(0, len(text))], 3, 120
    )
    dk, dk_py = _pair("warta.enrich._datek")
    digits = dk.digit_spans(text)
    assert digits == dk_py.digit_spans(text)
    lex = dates._lexicon("id")
    windows = dk.merge_windows(text, digits, 22)
    assert windows == dk_py.merge_windows(text, digits, 22)
    got = dk.word_matches(text, windows, lex.starts, lex.rx.match)
    assert [m.span() for m in got] == [
        m.span() for m in dk_py.word_matches(text, windows, lex.starts, lex.rx.match)
    ]


@pytest.mark.parametrize(
    ("module", "attr"),
    [
        ("keywords", "_K"),
        ("summary", "_K"),
        ("entities", "_K"),
        ("sentences", "_K"),
        ("dates", "_K"),
        ("quotes", "_TK"),
        ("sources", "_TK"),
        ("language", "_TK"),
    ],
)
def test_stages_run_the_compiled_kernels(module, attr):
    """Where a kernel is built, its stage runs the binary (a stale build fails here); whether every
    kernel is built where it should be is ``tests/test_compiled.py``'s business."""
    if os.environ.get("WARTA_PURE") == "1":
        pytest.skip("WARTA_PURE=1 asks for the twins")
    mod = getattr(importlib.import_module(f"warta.enrich.{module}"), attr)
    spec = importlib.util.find_spec(mod.__name__.removesuffix("_py"))
    if spec is None or spec.origin is None or spec.origin.endswith(".py"):
        pytest.skip("kernel not built here (no compiler, or WARTA_NO_COMPILE=1): the twin runs")
    assert mod.__name__ in TWINS
    assert not mod.__file__.endswith(".py")
