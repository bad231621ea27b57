"""The shortcuts taken for speed in the enrichment stages find what the plain rules find.

Each test pins one prefilter or index (see ``bench/results/enrich.md``) against the behaviour
it must not change: a cue phrase whose first word is common ("in the words of", "is saying"),
relative dates found from whole phrases, the gazetteer's first-token index against a
try-every-length scan, and keyword classes memoised per token.
"""

from __future__ import annotations

from warta.article import Article
from warta.enrich import enrich
from warta.enrich import keywords as kw
from warta.enrich.gazetteer import gazetteer
from warta.enrich.ner import tokenize


def test_multiword_cues_with_common_first_words_still_report_speech() -> None:
    art = enrich(
        Article(
            lang="en",
            body=[
                "The new tax plan will not pass the Senate this year, in the words of Senator John Smith.",
                "He is saying the vote failed again.",
            ],
        )
    )
    got = [(q.type, q.cue, q.speaker) for q in art.quotes]
    assert got == [
        ("indirect", "in the words of", "John Smith"),
        ("indirect", "is saying", "John Smith"),
    ]


def test_relative_dates_found_from_whole_phrases() -> None:
    art = enrich(
        Article(
            lang="id",
            date_hints=["2021-06-18"],
            body=[
                "Rapat digelar hari ini di Jakarta dan berlanjut pekan depan, sedangkan hari Senin lalu sepi."
            ],
        )
    )
    assert [(d.text, d.value) for d in art.dates] == [
        ("hari ini", "2021-06-18"),
        ("pekan depan", "2021-06-25"),
        ("Senin lalu", "2021-06-14"),
    ]
    # the words alone are no dates: "hari" (day) and "pekan" (week) without "ini" / "lalu" / "depan"
    plain = enrich(
        Article(lang="id", date_hints=["2021-06-18"], body=["Setiap hari ada pasar pekan di desa itu."])
    )
    assert plain.dates == []


def _every_length(g, tokens: list[str]):  # noqa: ANN001, ANN202 - the scan the index replaced
    out, i = [], 0
    longest = max(len(k) for k in g.sequences())
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            hit = g.sequences().get(tuple(tokens[i : i + n]))
            if hit is not None:
                out.append((i, i + n, hit))
                i += n
                break
        else:
            i += 1
    return out


def test_gazetteer_first_token_index_matches_every_length_scan() -> None:
    text = (
        "Presiden Korea Selatan dan Korea Utara bertemu di Pyongyang; Republik Rakyat Tiongkok, "
        "Amerika Serikat, Persatuan Bangsa-Bangsa dan PBB hadir. Kantor Berita Pusat Korea (KCNA) "
        "melaporkan dari Beijing, Jakarta, Singapura dan Teheran."
    )
    for code in (None, "id", "en"):
        g = gazetteer(code)
        tokens = [text[s:e] for s, e in tokenize(text)]
        found = g.find_tokens(tokens)
        assert found == _every_length(g, tokens)
        assert len(found) >= 4  # Pyongyang, KCNA, Beijing, Jakarta in every language's list


def test_keyword_classes_memoised_per_token_give_the_same_ranking() -> None:
    text = "Harga beras di Pasar Induk naik tajam.\nPedagang beras mengeluh harga beras mahal di Pasar Induk."
    kw._ranked.cache_clear()
    first = kw._ranked(text, "Harga beras naik")
    kw._token_memo.clear()
    kw._ranked.cache_clear()
    again = kw._ranked(text, "Harga beras naik")
    assert first == again
    assert first[0][0] == "beras"
    assert "Pasar Induk" in [t for t, _ in first]


def test_gazetteer_lookup_with_known_tokens_equals_lookup() -> None:
    text = "Korea  Utara, Kantor Berita Pusat Korea, PDI-P, Tiongkok dan 5.700 warga Amerika Serikat."
    spans = tokenize(text)
    words = [text[s:e] for s, e in spans]
    g = gazetteer("id")
    hits = 0
    for a in range(len(words)):
        for b in range(a + 1, min(len(words), a + 5) + 1):
            surface = text[spans[a][0] : spans[b - 1][1]]
            for s in (surface, " ".join(words[a:b])):
                expected = g.lookup(s)
                assert g.lookup_tokens(s, tuple(words[a:b])) == expected
                hits += expected is not None
    assert hits >= 4  # "Korea  Utara" (two spaces), Kantor Berita Pusat Korea, Tiongkok, Amerika Serikat
