"""Search snippets: the regex shortcut marks exactly the words that full stemming would mark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warta.store.analysis import TOKEN_RE, query_forms, stem, stem_languages, stemmer
from warta.store.snippet import make_snippet

MARK_RE = re.compile(r"<mark>(.*?)</mark>")

EXTRA = (
    "Pedagang mengatakan pasokan berkurang. Pemerintah menyampaikan kebijakannya soal pengiriman "
    "beras; warga mengungsi ke pengungsian. The policies were running late, officials said, "
    "and the agencies' reports stopped. Kementerian memperbaiki jalan yang dikatakan rusak."
)


def vocabulary(seed_path: Path) -> list[str]:
    text = seed_path.read_text(encoding="utf-8") + " " + EXTRA
    return sorted({w for w in TOKEN_RE.findall(text.lower())})


@pytest.mark.parametrize("lang", ["id", "en", "ms"])
def test_stems_keep_a_substring_of_the_word(seed_path: Path, lang: str) -> None:
    """What snippets rely on: a stem minus its rewritten ends is part of the surface word."""
    st = stemmer(lang)
    assert st is not None and st.edit_bounds is not None
    head, tail = st.edit_bounds
    for w in vocabulary(seed_path):
        s = stem(w, lang)
        assert s[head : len(s) - tail] in w, (w, s)


@pytest.mark.parametrize(
    "query", ["kata", "kirim", "sampai", "bijak", "perintah", "policy", "run", "negara", "kerja"]
)
def test_marks_every_matching_word_in_the_window(seed_path: Path, query: str) -> None:
    text = seed_path.read_text(encoding="utf-8") + "\n" + EXTRA
    forms = query_forms(query)
    for lang in (*stem_languages(), None):
        snip = make_snippet(text, set(forms), lang, width=40)
        plain = MARK_RE.sub(r"\1", snip)
        marked = [m.lower() for m in MARK_RE.findall(snip)]
        expected = [w for w in TOKEN_RE.findall(plain.lower()) if w in forms or stem(w, lang) in forms]
        assert marked == expected, (query, lang, snip)


def test_escapes_everything_but_marks() -> None:
    snip = make_snippet('Polisi <b>mengatakan</b> "banjir" & longsor.', {"kata", "ata"}, "id")
    assert snip == "Polisi &lt;b&gt;<mark>mengatakan</mark>&lt;/b&gt; &quot;banjir&quot; &amp; longsor."


def test_window_and_ellipses() -> None:
    words = [f"kata{i}" for i in range(100)]
    words[60] = "banjir"
    snip = make_snippet(" ".join(words), {"banjir"}, "id", width=10)
    assert snip == "…kata56 kata57 kata58 kata59 <mark>banjir</mark> kata61 kata62 kata63 kata64 kata65…"
    assert make_snippet("Tanpa kecocokan sama sekali.", {"banjir"}, "id", width=2) == "Tanpa kecocokan…"
    assert make_snippet("!!! ???", {"banjir"}, "id") == "!!! ???"


def test_case_and_length_changing_lowercase() -> None:
    # "İ" lower-cases to two characters: the case-insensitive path still finds and marks the word
    snip = make_snippet("İstanbul: BANJIR melanda, banjir lagi.", {"banjir"}, "id")
    assert snip.count("<mark>") == 2 and "<mark>BANJIR</mark>" in snip
