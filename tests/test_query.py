"""The search query language parser."""

from __future__ import annotations

from warta.store.query import parse


def clauses(q: str) -> list[tuple[str, str, bool, bool]]:
    return [(c.field, c.text, c.phrase, c.negate) for c in parse(q).clauses]


def test_plain_terms_and_phrases() -> None:
    assert clauses('banjir "harga beras" jakarta') == [
        ("text", "banjir", False, False),
        ("text", "harga beras", True, False),
        ("text", "jakarta", False, False),
    ]


def test_field_operators() -> None:
    q = parse('intitle:banjir author:"Budi Santoso" entity:"Joko Widodo" quote:inflasi tag:ekonomi')
    assert [(c.field, c.text, c.phrase) for c in q.clauses] == [
        ("title", "banjir", False),
        ("authors", "Budi Santoso", True),
        ("entities", "Joko Widodo", True),
        ("quotes", "inflasi", False),
        ("tags", "ekonomi", False),
    ]


def test_filters_and_dates() -> None:
    q = parse("outlet:kompas.com lang:ID since:2024-01 until:2024-03-31 banjir")
    assert q.outlets == ["kompas.com"]
    assert q.langs == ["id"]
    assert (q.since, q.until) == ("2024-01", "2024-03-31")
    assert clauses("outlet:x since:2024") == []


def test_bad_date_is_a_warning_not_a_crash() -> None:
    q = parse("since:kemarin banjir")
    assert q.since is None
    assert q.warnings and "since:kemarin" in q.warnings[0]
    assert clauses("since:kemarin banjir") == [("text", "banjir", False, False)]


def test_negation() -> None:
    assert clauses('banjir -hoaks -"kata kunci"') == [
        ("text", "banjir", False, False),
        ("text", "hoaks", False, True),
        ("text", "kata kunci", True, True),
    ]
    assert parse("-hoaks").has_text is False


def test_unknown_prefix_and_odd_input_stay_text() -> None:
    assert clauses("pukul 10:30") == [("text", "pukul", False, False), ("text", "10:30", True, False)]
    assert clauses("foo:bar") == [("text", "foo:bar", True, False)]
    assert clauses('"unterminated phrase') == [("text", "unterminated phrase", True, False)]
    assert clauses('  ""  " ') == []
    assert clauses("covid-19") == [("text", "covid-19", True, False)]


def test_highlight_terms_skip_negated_and_metadata() -> None:
    q = parse('banjir -hoaks author:budi intitle:"ibu kota"')
    assert q.highlight_terms() == ["banjir", "ibu", "kota"]


# -- stemming: what a query word finds ---------------------------------------------------------

import pytest  # noqa: E402

from warta.store.analysis import analyze, query_forms, stem  # noqa: E402


def finds(query: str, word: str, lang: str) -> bool:
    return bool(query_forms(query) & {stem(word.lower(), lang)})


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("kebijakan", "kebijakannya"),
        ("pemerintah", "pemerintahan"),
        ("bangun", "pembangunan"),
        ("sampaikan", "disampaikan"),
        ("kata", "mengatakan"),
        ("kata", "dikatakan"),
        ("kirim", "pengiriman"),
        ("ambil", "mengambil"),
        ("jual", "penjualan"),
        ("naik", "kenaikan"),
        ("periksa", "pemeriksaan"),
        ("banjir", "kebanjiran"),
        ("siapa", "siapakah"),
    ],
)
def test_indonesian_forms_meet(query: str, word: str) -> None:
    assert finds(query, word, "id")


@pytest.mark.parametrize(
    ("query", "word"),
    [("policy", "policies"), ("report", "reported"), ("run", "running"), ("class", "classes")],
)
def test_english_forms_meet(query: str, word: str) -> None:
    assert finds(query, word, "en")


@pytest.mark.parametrize(
    ("query", "word", "lang"),
    [
        ("menteri", "ter", "id"),  # short stems are not produced
        ("lari", "lar", "id"),
        ("university", "universe", "en"),
        ("jalan", "jala", "id"),
        ("kata", "atas", "id"),
    ],
)
def test_different_words_stay_apart(query: str, word: str, lang: str) -> None:
    assert not finds(query, word, lang)


def test_analysis_keeps_one_token_per_word() -> None:
    text = "Presiden menyampaikan 12 catatan, kata-nya: kebijakan!"
    assert len(analyze(text, "id")) == 7
    assert analyze("COVID-19 vaksin", None) == ["covid", "19", "vaksin"]
