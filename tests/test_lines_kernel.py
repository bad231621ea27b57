"""Text mode's per-line kernel: the compiled ``_lines`` and its twin ``_lines_py`` agree with each other
and with :func:`~warta.extract.chrome.classify_line`, line by line, on real flattened pages."""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path

import msgspec
import pytest

from conftest import DATA, SEED, need
from warta.article import Article, Removed
from warta.extract import text
from warta.extract.chrome import Lexicon, LineKind, boilerplate_hits, classify_line, strip_dateline

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TWIN = importlib.import_module("warta.extract._lines_py")

EDGE_LINES = [
    "",
    "   ",
    " Baca juga: Judul lain ",
    "Baca juga",
    "ADVERTISEMENT",
    "12 Comments",
    "Comments (3)",
    "34 responses to “Judul”",
    "3 jam lalu",
    "2 hours ago",
    "Andari Wulan - tribunnews.com",
    "Gambar ini diambil di Pyongyang. Foto: ANTARA/Budi",
    "Presiden Tiongkok Xi Jinping (Mark Schiefelbein/AP Photo)",
    "KCNA VIA KNS/AFP",
    "REUTERS",
    "Getty Images",
    "Foto: Dok. Humas",
    "Senin, 12 Januari 2021 10:30 WIB",
    "November 20, 2019",
    "١٢ يناير ٢٠٢١",  # Arabic-Indic digits: \d and str.isdigit() see them
    "Jakarta -",
    "JAKARTA, KOMPAS.com -",
    "JAKARTA, KOMPAS.com - Isi berita yang cukup panjang untuk jadi paragraf.",
    "Jakarta (ANTARA) - Harga naik.",
    "WASHINGTON, June 3 (Reuters) - The deal was signed.",
    "KUALA LUMPUR: Kerajaan akan mengumumkan dasar baharu.",
    "(ANTARA) - Harga naik.",
    "Liputan6.com, Jakarta - Presiden meresmikan jalan tol.",
    "the covid-19 cases rose - officials said",
    "Senin, Jakarta - Acara dimulai pukul 10.",
    "http://example.com/a",
    "www.example.com",
    "© 2021 TRIBUNnews.com, a subsidiary of KG Media.",
    "(c) 2020 Example",
    "Copyright 2019 Example Ltd",
    "Hak cipta dilindungi undang-undang",
    "Terms and Privacy Policy. All rights reserved.",
    "(fyk/ash)",
    "[abc/def]",
    "(Tribunnews.com/Andari Wulan Nugrahani)",
    "By John Smith",
    "Penulis: Andari Wulan",
    "Tags: Korea Utara, Xi Jinping",
    "john_doe said:",
    "Maria Okafor says:",
    "İSTANBUL HABER",  # lower() makes it longer
    "ǅemal Title-Case",  # a title-case letter: not ALL-CAPS
    "NEWS\tSPORT",
    "NEWS  SPORT",
    "line\x0bwith vertical tab",
    "Ein\xa0Satz mit geschütztem Leerzeichen.",
    "東京で新しい展覧会が開かれた。",
    "Cafe\u0301 über ²³ naïve x_y ١٢٣ Straße",  # a combining accent, superscripts, "_", Arabic digits
    "x" * 700,
    "word " * 70,
    "A: B",
    "Credit: Jane Doe/Reuters",
    "WSJ/NBC News Poll",
    "Qualcomm: 5G will cover major metros in 2020, developing countries in 2021",
    "Pemimpin Korea Utara Kim Jong Un dan Presiden China Xi Jinping bertukar pesan.",
    "We use cookies on our website to show you personalised ads, see our privacy policy.",
    "Cookies cookies cookies: this website uses them, as every website does, for everything.",
    "We use cookies — see the privacy settings of our website for the full details of this.",
    "Kami menggunakan kuki untuk iklan di situs web ini; baca kebijakan privasi kami di sini.",
    "We use \u212aookies: see the privacy settings of our website, our cookie policy and terms.",
    "ΣΟΦΟΣ cookies, privacy; settings: all of this website's terms apply to ΟΔΟΣ users here.",
    "Competitive Pricing: Frequent sales and competitive base prices make it worth a look today.",
    "KUALA LUMPUR, Jan 3: Kerajaan akan mengumumkan dasar baharu minggu ini kepada rakyat.",
    "JAKARTA, Senin: Presiden meresmikan jalan tol baru di pinggir kota pada hari ini.",
    "Flexibility -- Online classes often allow students to study at their own pace.",
    "2020-2021 season: the club won the league after a long and difficult campaign.",
    "3 jam yang lalu.",
    "2 HOURS AGO",
    "5 menit lepas",
    "Andari Wulan | tribunnews.com",
    "Andari Wulan — tribunnews.com",
    "Andari Wulan -tribunnews.com",
    "12/03/2021",
    "Updated 2021-03-12 10:00",
    "March 3, 2021",
    "3 Mac 2021 lalu",
    "Sept. 3, 2021",
    "Foto: AFP",
    "foto/ANTARA",
    "Presiden di Istana (dok. Setpres)",
    "Getty Images/iStockphoto",
    "Warga menonton (Xinhua)",
    "ANTARAFOTO/BUDI",
    "Harga cabai naik lagi minggu ini, kata dia. (fyk/ ash )",
    "Harga cabai naik lagi minggu ini, kata dia [abc]",
    "Harga cabai naik lagi minggu ini (Foto: ANTARA/Budi)",
]


@cache
def _page_lines() -> tuple[str, ...]:
    """Every line of the seed and of 25 zyte + 40 wcxb pages rendered flat, plus :data:`EDGE_LINES`."""
    from bench.common import render_flat, wcxb_pages, zyte_pages

    need(DATA / "zyte-aeb")
    need(DATA / "wcxb-dev")
    texts = [render_flat(h) for _i, h, _u, _t in zyte_pages(limit=25)]
    texts += [render_flat(h) for _i, h, _u, _g in wcxb_pages(limit=40)]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    lines = [ln for t in texts for ln in t.splitlines()]
    return tuple(dict.fromkeys(lines + EDGE_LINES))


def _compiled():
    try:
        return importlib.import_module("warta.extract._lines")
    except ImportError:
        pytest.skip("the compiled kernel is not built (no C compiler)")


def _state(lines) -> list[tuple]:
    return [
        (
            ln.no,
            ln.last_no,
            ln.text,
            ln.words,
            ln.ends,
            ln.verdict,
            ln.kind,
            ln.reason,
            ln.score,
            ln.body_like,
            ln.dateline,
        )
        for ln in lines
    ]


@pytest.mark.parametrize("code", [None, "id", "en"])
def test_kernel_verdicts_are_classify_line(code):
    k = _compiled()
    lex = Lexicon.for_lang(code)
    fast, twin = k.Classifier(lex), TWIN.Classifier(lex)
    lines = _page_lines()
    skipped = 0
    for s in lines:
        want = classify_line(s, lex)
        assert fast.verdict(s) == want, s
        assert twin.verdict(s) == want, s
        skipped += not fast.may_match(s)
        if fast.no_dateline(s):
            assert strip_dateline(s, lex)[0] is None, s
        assert fast.boilerplate(s) == (boilerplate_hits(s, lex) >= 3), s
    # the pre-check must answer most lines on its own, or the kernel is pointless
    assert skipped > 0.7 * len(lines)


def test_kernel_and_twin_split_and_score_alike():
    k = _compiled()
    lex = Lexicon.for_lang(None)
    texts = ["\n".join(_page_lines()[i : i + 300]) for i in range(0, len(_page_lines()), 300)]
    texts += ["first line of a paragraph that goes on and on\nand continues here on the next line.\n"]
    for t in texts:
        raw = t.splitlines()
        wide = "  " in t or "\t" in t or "\xa0" in t
        out = []
        for mod in (k, TWIN):
            clf = mod.Classifier(lex)
            lines = mod.split_lines(raw, Article(), clf, {}, wide, len(t) > 2000, 2000)
            mod.score_lines(lines, clf)
            starts = mod.neighbour_starts(lines)
            mod.mark_tables(lines, 5)
            region = mod.best_region(lines, 0.5)
            runs = (mod.letter_runs(t, 1), mod.letter_runs(t.lower(), 4))
            langs = [mod.guess_lang(t.lower()[i : i + 1500], clf) for i in range(0, len(t), 1500)]
            # the story's lines, the lines above it and the headline among them
            a, b = region if region is not None else (len(lines), len(lines) - 1)
            body = mod.select_body(lines, a, b, [], 0.0, True)
            # the line model's branch: log-odds per line, a line at or below ``keep`` is not story
            z = [((i * 37) % 100) / 100 for i in range(len(lines))]
            modelled = [mod.Line(ln.no, ln.text, ln.words, ln.text[-1]) for ln in lines]
            for src, dst in zip(lines, modelled, strict=True):
                dst.body_like, dst.reason, dst.verdict = src.body_like, src.reason, src.verdict
            body_z = mod.select_body(modelled, 0, len(modelled) - 1, z, 0.5, False)
            ups = mod.free_above(lines, body[2], 40)
            story = mod.story_words(lines, body[0])
            cut: list = []
            paras = (mod.paragraphs(lines, body[0], None, cut), cut)
            title = mod.pick_title(lines, ups, story, lex, 5, 5, 0.5)
            shapes = [(mod.title_like(ln), mod.caption_shaped(ln.text, lex)) for ln in lines]
            out.append(
                (
                    _state(lines),
                    starts,
                    region,
                    runs,
                    langs,
                    body,
                    paras,
                    ups,
                    story,
                    title,
                    shapes,
                    body_z,
                    _state(modelled),
                )
            )
        assert out[0] == out[1]


def test_removed_lines_removes_valueless_plain_verdicts_itself():
    """``removed_lines(..., plain)`` appends a line whose verdict has no value and a kind in ``plain``
    as text mode's ``on_verdict`` would (its verdict's reason), without the call; either kernel."""
    lex = Lexicon.for_lang(None)
    t = "\n".join(_page_lines()[:1500])
    plain = frozenset({LineKind.CHROME, LineKind.RELATED})
    outcomes = []
    for mod in (_compiled(), TWIN):
        clf = mod.Classifier(lex)
        lines = mod.split_lines(t.splitlines(), Article(), clf, {}, True, False, 2000)
        mod.score_lines(lines, clf)
        for args in ((), (plain,)):
            removed: list[Removed] = []
            called: list[int] = []

            def on_verdict(k, ln, removed=removed, called=called):
                called.append(k)
                v = ln.verdict
                if v.value is None and v.kind in plain:  # what text mode's on_verdict does with it
                    removed.append(Removed(text=ln.text, reason=v.reason, line=ln.no))

            mod.removed_lines(lines, 20, 400, removed, frozenset({LineKind.BODY}), on_verdict, *args)
            outcomes.append((removed, called))
    full, fast = outcomes[0], outcomes[1]
    assert fast[0] == full[0]  # the same removals, in the same order
    assert len(fast[1]) < len(full[1])  # some plain lines were removed without a call
    assert set(fast[1]) < set(full[1])
    assert outcomes[2] == full and outcomes[3] == fast  # the twin: the same


def test_extract_text_is_the_same_with_either_kernel(monkeypatch):
    k = _compiled()
    enc = msgspec.json.Encoder()
    texts = ["\n".join(_page_lines()[i : i + 250]) for i in range(0, len(_page_lines()), 250)]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    got = []
    for mod in (k, TWIN):
        monkeypatch.setattr(text, "_K", mod)
        monkeypatch.setattr(text, "_CLASSIFIERS", {})
        monkeypatch.setattr(text, "_VERDICTS", {})
        got.append([enc.encode(text.extract_text(t)) for t in texts])
    assert got[0] == got[1]


def test_the_rules_the_pre_check_mirrors_are_unchanged():
    """The compiled pre-check (``_lines.pyx``: ``Classifier._may_match``) restates these rules of
    ``chrome.classify_line`` in C; when one changes, update ``_may_match`` and then this test."""
    from warta.extract import chrome

    assert chrome._SPECIAL.pattern == r"[\d/:()\[|©\-–—]"
    assert chrome._URL.pattern == r"(?:https?://|www\.)\S+$"
    assert chrome._YEAR4.pattern == r"\d{4}"
    assert chrome._NAME_OUTLET.pattern == r"^([^-–—|]{3,60}?)\s+[-–—|]\s+(\S{3,30})$"
    assert chrome._TRAILING_PAREN.pattern == r"^(?P<cap>.{3,}?)\s*\((?P<cr>[^()]{2,80})\)\s*$"
    assert chrome.MAX_LINE == 600


@pytest.mark.parametrize("mod", ["warta.extract._lines", "warta.extract._lines_py"])
def test_a_line_needs_its_last_character(mod):
    if mod == "warta.extract._lines":
        _compiled()
    line = importlib.import_module(mod).Line
    assert line(3, "Sebuah kalimat.", 2, ".").ends
    with pytest.raises(ValueError):
        line(3, "x", 1, "")


def test_runs_of_spaces_tabs_and_no_break_spaces_are_collapsed_per_line():
    """``split_lines`` finds "  ", tabs and no-break spaces line by line (the kernel in its space
    count) and collapses them; a line without them is kept as it is, in both kernels."""
    k = _compiled()
    lex = Lexicon.for_lang(None)
    raw = [
        "JAKARTA,  KOMPAS.com -  Harga\tcabai naik lagi di pasar induk pagi ini.",
        "Baca\xa0juga: Harga bawang turun",
        "  Ordinary line with single spaces only, kept as it is.  ",
        "Ucapan “selamat”\u2003dan  tanda\u00a0baca — tetap sama",
        "a\t\tb",
        "wide 𝔘nicode  line",
        "Satu dua tiga empat lima enam tujuh delapan sembilan",
        "sambungan  baris yang terputus dan berlanjut.",
    ]
    want = [" ".join(s.split()) if ("  " in s or "\t" in s or "\xa0" in s) else s.strip() for s in raw]
    got = []
    for mod in (k, TWIN):
        clf = mod.Classifier(lex)
        lines = mod.split_lines(raw, Article(), clf, {}, True, False, 2000)
        got.append(_state(lines))
        # the last two are one hard-wrapped paragraph, joined after collapsing
        assert [ln.text for ln in lines] == want[:6] + [want[6] + " " + want[7]]
        assert lines[0].words == len(want[0].split())
        # the caller's promise that no line has them: lines stay as stripped
        kept = mod.split_lines(raw[:4], Article(), clf, {}, False, False, 2000)
        assert [ln.text for ln in kept] == [s.strip() for s in raw[:4]]
    assert got[0] == got[1]


def test_odd_spacing_is_the_three_searches():
    """``odd_spacing(text)`` (text mode's ``wide``) == ``"  " in text or "\\t" in text or "\\xa0"
    in text``, in both kernels, at every position and for every string width."""
    import random

    k = _compiled()
    rng = random.Random(7)
    texts = ["\n".join(_page_lines()[i : i + 300]) for i in range(0, len(_page_lines()), 300)]
    for base in ("a", "é", "—", "𝔘"):
        for n in (0, 1, 2, 511, 512, 513, 1030):
            for pos in {0, n // 2, max(n - 1, 0), n}:
                for ins in ("", " ", "  ", "\t", "\xa0", " x "):
                    texts.append(base * pos + ins + base * (n - pos))
    alphabet = [" ", "\t", "\xa0", "a", "\n", "é", "𝔘", "\u2003"]
    texts += [
        "".join(rng.choice(alphabet[: rng.randrange(1, 9)]) for _ in range(rng.randrange(40)))
        for _ in range(3000)
    ]
    for t in texts:
        want = "  " in t or "\t" in t or "\xa0" in t
        assert k.odd_spacing(t) == want, repr(t[:60])
        assert TWIN.odd_spacing(t) == want, repr(t[:60])
    assert any(k.odd_spacing(t) for t in texts) and not all(k.odd_spacing(t) for t in texts)


def _synthetic_lines(lex) -> list[str]:
    """Lines for the kernel's fast paths (session 6): boilerplate words with the Kelvin sign or
    beside non-ASCII words, copyright phrases in non-ASCII lines (with U+0130 / U+212A or not),
    date shapes, credit tails with several spaces, tabs and no-break spaces in long lines of each
    string width."""
    bp = sorted(w for w in lex.boilerplate_words if w.isalpha())
    kel = [w for w in bp if "k" in w][:6]
    out = []
    for i in range(0, min(len(bp), 60), 3):
        words = bp[i : i + 3]
        out += [
            " ".join(words) + " dan “kutipan” lagi di sini untuk baris ini.",
            "Ini “" + "” “".join(w.upper() for w in words) + "” di sini.",
            " ".join(w.title() + "," for w in words) + " naïve façade text.",
        ]
    for w in kel:
        out += [
            f"{w.replace('k', chr(0x212A))} {bp[0]} {bp[1]} tidak ada di sini.",
            f"{w.replace('k', 'K')} {bp[0]} {bp[1]} ok.",
            f"Straße {w} {bp[0]}: {bp[1]}; İstanbul.",
        ]
    for ph in sorted(lex.copyright_starts):
        for pre, post in (("", " Médias 2024"), ("Le ", " – tous droits réservés"), ("«", "» \u212a")):
            out += [pre + ph + post, pre + ph.upper() + post, pre + ph.title() + " İstanbul" + post]
    out += [
        "Jan. 5, 2024",
        "5 Mei, 2024",
        "Mei 2024",
        "5 Mei (2024)",
        "May 5 2024 update",
        "you may 5 times see it 2024",
        "Diperbarui 10.30 WIB 2024",
        "12/03/2023",
        "1.2.2023 pukul 10.00",
        "2024-05-06T10:00",
        "20245-05-06",
        "Versi 3.5.2024b",
        "Senin, 5 Mei 2024 | 12:00 WIB",
        "Gambar ini diambil di Pyongyang. Foto:   ANTARA/Budi",
        "Gambar ini diambil di Pyongyang. Foto:\tANTARA/Budi",
        "Gambar ini diambil. Foto :  Budi Santoso",
    ]
    for base in ("a", "é", "—", "𝔘"):
        body = (base + " ") * 70
        out += [body + "\tx", body.replace(" ", "\xa0", 3), body + "  y", "Baca juga: " + body]
    return out


@pytest.mark.parametrize("code", [None, "id", "en"])
def test_kernel_fast_paths_agree_with_chrome_on_synthetic_lines(code):
    k = _compiled()
    lex = Lexicon.for_lang(code)
    fast, twin = k.Classifier(lex), TWIN.Classifier(lex)
    lines = _synthetic_lines(lex)
    hits = 0
    for s in lines:
        want = classify_line(s, lex)
        assert fast.verdict(s) == want, s
        assert twin.verdict(s) == want, s
        bp = boilerplate_hits(s, lex) >= 3
        hits += bp
        assert fast.boilerplate(s) == bp, s
        assert k.content_words(s) == TWIN.content_words(s), s
    assert hits > 5  # the lines do reach the boilerplate rule
    # the language guess screens ASCII runs of non-ASCII samples through its hint filter
    for s in lines + ["“" + " ".join(_page_lines()[i : i + 40]).lower() for i in range(0, 400, 40)]:
        assert k.guess_lang(s.lower(), fast) == TWIN.guess_lang(s.lower(), twin), s


def _session7_lines(lex) -> list[str]:
    """Lines for the session-7 C paths: prefix phrases (any case, with ASCII and non-ASCII tails, a
    Kelvin sign or "İ" in the first word), rules that decline a line and hand it to a later rule
    ("(fyk/ash)", "(outlet/Name)", "Name - outlet", captions with a credit, bare datelines, links,
    relative times), colon heads ("Tip: …") and date shapes around the four forms of the date regex."""
    out = []
    for _fw, phrases in sorted(lex.prefix_phrases.items())[:80]:
        for p in phrases[:3]:
            out += [
                p.title() + ": Jane Doe",
                p.upper() + " Andi Wijaya, kompas.com",
                p + "x tail",
                p + "_tail",
                p + " “quoted” tail — more",
                p.replace("k", "\u212a") + " Jane Doe",
                "İ" + p + " Jane Doe",
                p + "\u2019s own words " + "word " * 30,
            ]
    out += [
        "(fyk/ash)",
        "(kompas.com/Andi Wijaya)",
        "(ANTARA/x)",
        "(Sebuah kalimat dalam kurung yang panjang sekali)",
        "Andi Wijaya - kompas.com",
        "Andi Wijaya | detikNews",
        "harga naik - 2024",
        "Presiden di Istana (Foto/AFP)",
        "Kata dia. (AFP)",
        "Jakarta -",
        "JAKARTA, KOMPAS.com -",
        "bukan dateline -",
        "http://example.com/a/b",
        "https://x",
        "3 jam yang lalu",
        "2 hours ago.",
        "Tip: tulis saja.",
        "Lion’s Mane: Favored for its brain-boosting potential",
        "KUALA LUMPUR: Harga naik.",
        "KUALA LUMPUR:Harga",
        "Mei: bulan ini",
        "12:30 Tip: x",
    ]
    months = sorted(lex.month_words)[:12] or ["Jan"]
    for m in months:
        for form in (
            "5 {m} 2024",
            "5  {m}., 2024 berita",
            "{m} 3rd, 2024",
            "{m}. 12TH 2024",
            "{m} 3 2024x",
            "x5 {m} 2024",
            "5 {m} 20245",
            "Senin, 5 {m} 2024 | 12:00 WIB Jakarta Pusat Kota",
            "{m}x 5 2024",
            "12/05/2024",
            "1.2.2024_",
            "2024-05-06",
            "2024-05-066",
            "Diperbarui 10.30 WIB, 5 {m} 2024",
        ):
            out.append(form.format(m=m))
            out.append(form.format(m=m.upper()))
    return out


@pytest.mark.parametrize("code", [None, "id", "en"])
def test_session7_c_paths_agree_with_chrome(code):
    k = _compiled()
    lex = Lexicon.for_lang(code)
    fast = k.Classifier(lex)
    rules = set()
    for s in _session7_lines(lex):
        assert fast.verdict(s) == classify_line(s, lex), s
        rules.add(fast.may_match(s))
        m = lex.abs_date_re.search(s)
        assert fast.date_span(s) == (m.span() if m else None), s
        if fast.no_dateline(s):
            assert strip_dateline(s, lex)[0] is None, s
    assert {3, 6, 10, 13, 14, 16, 19, 20} <= rules  # the lines reach the rules tried on their own


_BREAKS_AND_SPACES = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
_ODD_UNITS = ["\t", "\x1f", "\xa0", "\u3000", "  ", "’", "😀", "\x00", "\x7f", "\x80", "é", "\u212a"]


def _mixed_texts(n: int, seed: int) -> list[str]:
    """Texts of words, every line break ``str.splitlines`` knows, white space and characters of
    every storage width (1, 2 and 4 bytes) at random places."""
    import random

    rnd = random.Random(seed)
    words = ["Baca", "juga:", "cookies", "Privacy", "policy,", "kata", "JAKARTA", "the", "x" * 9, "(AFP)"]
    out = ["", "a", "a\n", "a\n\n", "\r\n\r\nx\r\ny\rz", "  lead  \n\t\n x  y \xa0"]
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(0, 60)):
            r = rnd.random()
            parts.append(
                rnd.choice(_BREAKS_AND_SPACES)
                if r < 0.08
                else rnd.choice(_ODD_UNITS)
                if r < 0.15
                else rnd.choice(words)
            )
            parts.append(" ")
        out.append("".join(parts))
    return out


def test_split_text_is_split_lines_of_splitlines():
    """``split_text(text, ...)`` (the kernel: one pass finding the line breaks, 8 or 4 code units a
    step) gives the lines, verdicts, cuts and line count of ``split_lines(text.splitlines(), ...)``,
    in the kernel and in the twin, on real pages and on texts with every kind of line break."""
    k = _compiled()
    lex = Lexicon.for_lang(None)
    texts = _mixed_texts(1000, 11) + ["\n".join(_page_lines()[i : i + 200]) for i in range(0, 2000, 200)]
    for t in texts:
        raw = t.splitlines()
        for wide, max_paragraph, max_lines in ((False, 100_000, 50_000), (True, 12, 5)):
            got = []
            for mod in (k, TWIN):
                for clf in (None, mod.Classifier(lex)):
                    art = Article()
                    lines, n = mod.split_text(t, art, clf, {}, wide, max_paragraph, max_lines)
                    assert n == len(raw)
                    ref_art = Article()
                    ref = mod.split_lines(
                        raw[:max_lines], ref_art, clf, {}, wide, len(t) > max_paragraph, max_paragraph
                    )
                    assert _state(lines) == _state(ref), repr(t[:80])
                    assert art.removed == ref_art.removed
                    got.append((_state(lines), art.removed))
            assert got[0] == got[2] and got[1] == got[3]


def test_boilerplate_word_steps_agree_with_chrome():
    """The kernel's boilerplate count (words found 8 or 4 code units a step, filtered by their first
    two letters and length, then by a signature) == ``boilerplate_hits(line, lex) >= 3`` on lines
    of every storage width, upper and lower case, glued punctuation and odd white space."""
    k = _compiled()
    import random

    rnd = random.Random(5)
    pool = [
        "cookies",
        "COOKIES",
        "Privacy,",
        "policy.",
        "terms",
        "subscribe",
        "reserved",
        "rights",
        "kebijakan",
    ]
    pool += ["privasi", "akun", "x" * 12, "ab", "kata", "the"]
    lines = []
    for _ in range(4000):
        s = ""
        for _ in range(rnd.randint(1, 60)):
            s += rnd.choice(pool)
            s += rnd.choice(_ODD_UNITS) if rnd.random() < 0.15 else " "
        lines.append(s.strip() or "x")
    lines += [ln for ln in _page_lines() if ln.count(" ") >= 7]
    hits = 0
    for lang in (None, "id", "en"):
        lex = Lexicon.for_lang(lang)
        clf = k.Classifier(lex)
        for s in lines:
            want = boilerplate_hits(s, lex) >= 3
            assert clf.boilerplate(s) == want, (lang, s[:100])
            hits += want
    assert 0 < hits < 3 * len(lines)


def test_lower_case_runs_are_the_runs_of_the_lower_cased_text():
    """The kernel lower-cases a text's runs of letters one by one (``content_words``,
    ``guess_lang(..., lower=True)``) instead of the whole text: right because every code point but
    U+0130 and U+03A3 lower-cases to one character that is a letter exactly when it was one (checked
    here on all of them; texts holding those two are lower-cased whole). Same words and languages
    as the twin and as lower-casing first, on real pages and texts full of such characters."""
    k = _compiled()
    odd = []
    for cp in range(0x110000):
        c = chr(cp)
        low = c.lower()
        if low != c and (len(low) != 1 or (k.letter_runs(c, 1) == [c]) != (k.letter_runs(low, 1) == [low])):
            odd.append(cp)
    assert odd == [0x130]  # (and U+03A3, Σ, whose lower case depends on the letters around it)
    import random

    rnd = random.Random(2)
    pool = [
        "İstanbul",
        "ΟΔΟΣ'Α",
        "Σ",
        "Émile",
        "Straße",
        "Ⅻ",
        "ǅemal",
        "\u212a",
        "😀",
        "’",
        "ﬁne",
        "Kata",
        "dan",
        "the",
    ]
    texts = [
        "".join(rnd.choice(pool) + rnd.choice(" .,") for _ in range(rnd.randint(0, 50))) for _ in range(500)
    ]
    texts += ["\n".join(_page_lines()[i : i + 40]) for i in range(0, 2000, 40)]
    lex = Lexicon.for_lang(None)
    clf, twin = k.Classifier(lex), TWIN.Classifier(lex)
    for t in texts:
        assert k.content_words(t) == TWIN.content_words(t) == set(TWIN.letter_runs(t[:2000].lower(), 4))
        s = t[:1500]
        assert (
            k.guess_lang(s, clf, lower=True)
            == k.guess_lang(s.lower(), clf)
            == TWIN.guess_lang(s, twin, lower=True)
        )
