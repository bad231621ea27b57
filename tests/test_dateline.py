"""Datelines whose outlet has no domain ("SURABAYA, Harian Selat -") are split off like "JAKARTA, KOMPAS.com -"."""

import pytest

from warta import extract
from warta.extract.chrome import Lexicon, strip_dateline

LEX = Lexicon.for_lang("id")


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("SURABAYA, Harian Selat - Jumlah UMKM naik.", "SURABAYA, Harian Selat", "Jumlah UMKM naik."),
        (
            "BANDUNG, Pikiran Warga — Hujan turun sejak pagi.",
            "BANDUNG, Pikiran Warga",
            "Hujan turun sejak pagi.",
        ),
        ("JAKARTA, KOMPAS.com - Hujan deras.", "JAKARTA, KOMPAS.com", "Hujan deras."),
    ],
)
def test_caps_place_then_outlet_name(text, dateline, rest):
    dl, _outlet, body = strip_dateline(text, LEX)
    assert (dl, body) == (dateline, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Joko Widodo Minta - Semua menteri hadir.",  # a headline with a dash, not a dateline
        "Ini Dia, Lima Fakta Menarik - Simak selengkapnya.",
    ],
)
def test_title_case_phrases_are_not_datelines(text):
    assert strip_dateline(text, LEX) == (None, None, text)


def test_html_lead_loses_its_dateline(tmp_path):
    html = (
        '<html lang="id"><head><meta property="og:type" content="article"><title>UMKM Naik</title></head>'
        "<body><article><h1>UMKM Naik</h1>"
        "<p>SURABAYA, Harian Selat - Jumlah usaha kecil yang berjualan daring naik dua kali lipat tahun ini.</p>"
        "<p>Kepala dinas mengatakan pelatihan foto produk menjadi kunci bagi para pedagang di pasar.</p>"
        "</article></body></html>"
    )
    art = extract(html)
    assert art.dateline == "SURABAYA, Harian Selat"
    assert art.lead.startswith("Jumlah usaha kecil")
