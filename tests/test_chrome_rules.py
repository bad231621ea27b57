"""Line rules at the edges of their cheap early exits (warta.extract.chrome).

classify_line, strip_dateline and boilerplate_hits skip their costly regexes when a cheap test
shows the regex cannot match; these lines sit right at those tests' edges and must still be
recognised (and their near misses must still be rejected).
"""

from __future__ import annotations

import pytest

from warta.extract.chrome import Copyright, Lexicon, boilerplate_hits, classify_line, strip_dateline

LEX = Lexicon.for_lang(None)


@pytest.mark.parametrize(
    ("line", "kind", "reason", "value"),
    [
        # trailing credit: spaces after the colon, then A-Z
        (
            "Warga memadati jalan. Foto:   ANTARA/Budi Santoso",
            "caption",
            "caption",
            ("Warga memadati jalan.", "ANTARA/Budi Santoso"),
        ),
        # relative time: any case, one final dot
        ("Diperbarui 3 jam yang lalu", "chrome", "relative time", None),
        ("5 HOURS AGO.", "chrome", "relative time", None),
        ("dalam 3 jam lalu.", "chrome", "relative time", None),
        # dates: month names in any case, numeric forms
        (
            "Senin, 12 Januari 2025 10:00 WIB",
            "date",
            "date line",
            "Senin, 12 Januari 2025 10:00 WIB",
        ),
        ("Published March 3, 2024", "date", "date line", "Published March 3, 2024"),
        ("12 mei 2021", "date", "date line", "12 mei 2021"),
        ("Updated 03/12/2024", "date", "date line", "Updated 03/12/2024"),
        ("2024-03-12", "date", "date line", "2024-03-12"),
        # copyright: a three-word phrase inside the line, a short phrase opening it
        (
            "PT Media Group. All rights reserved.",
            "chrome",
            "copyright",
            Copyright(year=None, outlet=None, publisher="PT Media Group"),
        ),
        ("All Rights Reserved", "chrome", "copyright", Copyright(None, None, None)),
        # credits: words of the credit alternation in any case
        ("Photo by Jane Doe/Getty Images", "credit", "photo credit", "Photo by Jane Doe/Getty Images"),
        ("GETTY IMAGES", "credit", "photo credit", "GETTY IMAGES"),
        ("REUTERS", "credit", "photo credit", "REUTERS"),
        ("Foto: Dok. Pribadi", "credit", "photo credit", "Dok. Pribadi"),
        ("(Mark Schiefelbein/AP Photo)", "credit", "photo credit", "Mark Schiefelbein/AP Photo"),
    ],
)
def test_line_rules_still_fire_at_their_early_exits(line, kind, reason, value):
    v = classify_line(line, LEX)
    assert v is not None, line
    assert (v.kind.value, v.reason, v.value) == (kind, reason, value)


@pytest.mark.parametrize(
    "line",
    [
        "Warga memadati jalan. Foto: antara/budi",  # credit not opening with a capital
        "5 hours ago..",  # two dots
        "Courtesy of the family",
        "Pelanggaran hak cipta marak di media sosial dan merugikan banyak pihak.",
    ],
)
def test_near_misses_stay_text(line):
    assert classify_line(line, LEX) is None


@pytest.mark.parametrize(
    ("paragraph", "dateline", "outlet"),
    [
        # lower-case words before the separator that a dateline may hold: a domain, an agency in
        # parentheses, a month name
        ("tribun-medan.com - Harga cabai naik.", "tribun-medan.com", "Tribun-medan"),
        ("JAKARTA, kompas.com - Isi berita.", "JAKARTA, kompas.com", "Kompas"),
        ("Jakarta (antara) - Harga naik.", "Jakarta (antara)", "Antara"),
        ("KUALA LUMPUR, 3 januari (Bernama) -- Harga naik.", "KUALA LUMPUR, 3 januari (Bernama)", "Bernama"),
        ("liputan6.com, Jakarta - Harga naik.", "liputan6.com, Jakarta", "Liputan6"),
        ("JAKARTA: Harga naik.", "JAKARTA", None),
    ],
)
def test_datelines_with_lower_case_parts_are_found(paragraph, dateline, outlet):
    dl, out, rest = strip_dateline(paragraph, LEX)
    assert (dl, out) == (dateline, outlet)
    assert paragraph.endswith(rest) and rest[:1].isupper()


@pytest.mark.parametrize(
    "paragraph",
    [
        "The company said on Monday - nothing changed.",
        "jakarta (ANTARA) - Harga naik.",
        "Covid-19 cases rose - Officials said so.",
        "Mumbai: the city said it would reopen.",
    ],
)
def test_sentences_with_a_dash_are_not_datelines(paragraph):
    assert strip_dateline(paragraph, LEX) == (None, None, paragraph)


def test_boilerplate_words_are_counted_once_each():
    banner = (
        "We use cookies on our website to show personalised ads; see our privacy policy and cookies page."
    )
    assert boilerplate_hits(banner, LEX) >= 3
    assert boilerplate_hits("Harga cabai naik tajam menjelang hari raya di Jakarta.", LEX) == 0
