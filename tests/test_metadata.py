"""HTML metadata: fictional pages in tests/fixtures/meta/, checked field by field with their sources."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from warta.article import Article
from warta.extract.dates import date_from_url, not_after, parse_datetime, parse_text_date

meta = importlib.import_module("warta.extract.metadata")
FIX = Path(__file__).resolve().parent / "fixtures" / "meta"


def run(name: str, url: str | None = None, fetched_at: str | None = None) -> Article:
    art = Article()
    tree = LexborHTMLParser((FIX / name).read_text(encoding="utf-8"))
    meta.fill_metadata(tree, art, url=url, fetched_at=fetched_at)
    return art


def test_jsonld_graph_page() -> None:
    art = run(
        "graph_id.html", url="https://kabarnusantara.example/nasional/2021/06/18/banjir-rob-rendam-pesisir"
    )
    src = art.field_sources
    assert art.title == "Banjir Rob Rendam Pesisir Kota Lamongan Raya"
    assert src["title"] == "json-ld"
    # the author is an @id reference into the graph; "Redaksi" is not a person
    assert art.authors == ["Rina Kartika"] and src["authors"] == "json-ld"
    assert art.published == "2021-06-18T14:05:00+07:00" and src["published"] == "json-ld"
    assert art.modified == "2021-06-18T16:30:00+07:00"
    assert art.outlet == "Kabar Nusantara" and src["outlet"] == "opengraph"
    assert art.publisher == "PT Kabar Nusantara Media" and src["publisher"] == "json-ld"
    assert art.section == "Nasional" and src["section"] == "opengraph"
    assert art.tags == ["banjir rob", "Lamongan Raya", "cuaca ekstrem"] and src["tags"] == "meta"
    assert art.canonical_url == "https://kabarnusantara.example/nasional/2021/06/18/banjir-rob-rendam-pesisir"
    assert art.lang == "id" and src["lang"] == "dom"
    assert art.lead is not None and art.lead.startswith("Ratusan rumah warga") and src["lead"] == "dom"
    assert art.dateline == "LAMONGAN RAYA"
    cover, fig = art.images
    assert cover.url == "https://cdn.kabarnusantara.example/foto/rob-utama.jpg"
    assert fig.caption == "Warga melintasi banjir rob di Kelurahan Tanjung, Jumat (18/6/2021)."
    assert fig.credit == "ANTARA FOTO/Nama Fotografer"
    assert fig.url == "https://kabarnusantara.example/foto/rob-1.jpg" and fig.alt == "Banjir rob"
    assert [(r.title, r.url) for r in art.related] == [
        (
            "Gelombang Tinggi Ancam Nelayan Pantai Utara",
            "https://kabarnusantara.example/nasional/2021/06/17/gelombang-tinggi-pantai-utara",
        )
    ]
    assert src["related"] == "dom"


def test_broken_jsonld_and_opengraph_only() -> None:
    art = run("broken_og.html")
    src = art.field_sources
    assert art.title == "Harga Cabai Naik Jelang Lebaran" and src["title"] == "opengraph"
    assert art.authors == []  # meta author "Redaksi" and byline "Oleh: Admin" are not people
    assert "authors" not in src
    assert art.published == "2022-04-25T08:00:00+07:00" and src["published"] == "opengraph"
    assert art.tags == ["cabai", "inflasi"] and src["tags"] == "opengraph"
    assert art.canonical_url == "https://wartapasar.example/ekonomi/harga-cabai-naik"
    assert art.outlet == "Warta Pasar"
    assert art.lead is None


def test_indonesian_text_date_and_byline() -> None:
    art = run(
        "text_date.html",
        url="https://sukamaju.example/berita/sekolah-rakyat",
        fetched_at="2021-06-20T00:00:00Z",
    )
    src = art.field_sources
    assert art.published == "2021-06-18T14:05:00+07:00" and src["published"] == "dom"
    assert art.authors == ["Budi Santoso", "Sari Dewi"] and src["authors"] == "dom"
    assert art.title == "Sekolah Rakyat Dibuka di Desa Sukamaju"
    (img,) = art.images
    assert img.caption == "Anak-anak belajar di ruang kelas baru."
    assert img.credit == "Dok. Karang Taruna"


def test_fetched_at_rejects_a_later_claimed_date() -> None:
    url = "https://harborledger.example/2021/06/15/bus-lanes"
    unchecked = run("future_claim.html", url=url)
    assert unchecked.published == "2030-01-01T09:00:00+00:00"
    art = run("future_claim.html", url=url, fetched_at="2021-06-16T12:00:00Z")
    assert art.published == "2021-06-15" and art.field_sources["published"] == "url"


def test_english_byline_credit_related_dateline() -> None:
    art = run("future_claim.html", url="https://harborledger.example/2021/06/15/bus-lanes")
    # the JSON-LD author is the outlet itself: the people come from the byline
    assert art.authors == ["Jane Doe", "John Roe"] and art.field_sources["authors"] == "dom"
    assert art.lead == "The council voted 7-2 to add dedicated bus lanes on four downtown streets."
    (img,) = art.images
    assert (
        img.url == "https://harborledger.example/img/bus-lane.jpg"
    )  # lazy data-src, not the data: placeholder
    assert img.caption == "Buses line up on Harbor Street on Tuesday."
    assert img.credit == "Alex Kim/The Harbor Ledger"
    assert [r.url for r in art.related] == ["https://harborledger.example/2021/06/10/bus-fares-frozen"]
    assert art.dateline == "PORT ELLIS"
    assert art.lang == "en"


def test_description_that_is_not_on_the_page_is_not_a_lead() -> None:
    page = (
        '<html><head><meta name="description" content="Baca berita terbaru hari ini seputar politik, ekonomi dan '
        'olahraga."></head><body><article><h1>Judul Berita Yang Cukup Panjang</h1><p>Isi berita pertama yang '
        "berbeda dari deskripsi situs.</p></article></body></html>"
    )
    art = Article()
    meta.fill_metadata(LexborHTMLParser(page), art, url=None, fetched_at=None)
    assert art.lead is None
    assert art.title == "Judul Berita Yang Cukup Panjang" and art.field_sources["title"] == "dom"


def test_jsonld_objects_graph_arrays_and_broken_scripts() -> None:
    page = (
        '<script type="application/ld+json">[{"@type": "BreadcrumbList"}, {"@graph": [{"@type": "NewsArticle", '
        '"headline": "A"}, {"@type": "Person", "name": "B"}]}]</script>'
        '<script type="application/ld+json">{"@type": "WebPage",}</script>'  # trailing comma: repaired
        '<script type="application/ld+json">{"@type": </script>'
    )
    objs = meta.jsonld_objects(LexborHTMLParser(page))
    assert [o["@type"] for o in objs] == ["BreadcrumbList", "NewsArticle", "Person", "WebPage"]
    assert meta.main_jsonld(objs)["headline"] == "A"


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Protesters march in Paris on Monday. (AP Photo/Jane Smith)", "Protesters march in Paris on Monday.", "AP Photo/Jane Smith"),
        ("Petugas memadamkan api. ANTARA FOTO/Nama Fotografer/abc.", "Petugas memadamkan api.", "ANTARA FOTO/Nama Fotografer/abc"),
        ("A trader works on the floor. REUTERS/Jane Doe", "A trader works on the floor.", "REUTERS/Jane Doe"),
        ("A beach at sunset. Photo by Sam Lee/Shutterstock", "A beach at sunset.", "Sam Lee/Shutterstock"),
        ("Pemandangan Danau Toba. (Foto: Dok. Humas)", "Pemandangan Danau Toba.", "Dok. Humas"),
        ("The stadium before kick-off. John Roe/Getty Images", "The stadium before kick-off.", "John Roe/Getty Images"),
        ("Presiden Joko Widodo (kanan) berbincang dengan warga.", "Presiden Joko Widodo (kanan) berbincang dengan warga.", None),
    ],
)  # fmt: skip
def test_split_credit(text: str, caption: str, credit: str | None) -> None:
    assert meta.split_credit(text) == (caption, credit)


def test_clean_title_drops_site_name_on_either_side() -> None:
    assert meta.clean_title("Banjir Rob di Semarang - Kabar Kita", ["Kabar Kita"]) == "Banjir Rob di Semarang"
    assert (
        meta.clean_title("Kabar Kita | Banjir Rob di Semarang", ["kabarkita.example"])
        == "Banjir Rob di Semarang"
    )
    assert (
        meta.clean_title("Perang - Damai: Sebuah Catatan", ["Kabar Kita"]) == "Perang - Damai: Sebuah Catatan"
    )


def test_dates() -> None:
    assert parse_text_date("Jumat, 18 Juni 2021 14:05 WIB") == "2021-06-18T14:05:00+07:00"
    assert parse_text_date("Updated June 18, 2021, 2:05 p.m. EDT") == "2021-06-18T14:05:00-04:00"
    assert parse_text_date("Khamis, 18 Mac 2021") == "2021-03-18"
    assert parse_text_date("18/06/2021 07.30") == "2021-06-18T07:30:00"
    assert parse_text_date("tanpa tanggal") is None
    assert parse_datetime("2021-06-18T07:05:00.000Z") == "2021-06-18T07:05:00+00:00"
    assert parse_datetime("2021-06-18 14:05:00+0700") == "2021-06-18T14:05:00+07:00"
    assert date_from_url("https://x.example/news/2021/06/18/judul") == "2021-06-18"
    assert date_from_url("https://x.example/read/20210618/judul") == "2021-06-18"
    assert date_from_url("https://x.example/news/2023/apr/28/title/") == "2023-04-28"
    assert date_from_url("https://x.example/news/judul-123456") is None
    assert not not_after("2021-06-20", "2021-06-18T10:00:00Z")
    assert not_after("2021-06-18T20:00:00+07:00", "2021-06-18T14:00:00Z")
