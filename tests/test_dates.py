"""Visible-date parsing used by page metadata and the text extractor."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.article import Article
from warta.extract.dates import parse_text_date
from warta.extract.metadata import fill_metadata


def test_year_first_dates_in_text() -> None:
    assert parse_text_date("Published: 2025.12.17 | essays") == "2025-12-17"
    assert parse_text_date("posted on 2024-11-06 in news") == "2024-11-06"
    assert parse_text_date("Cureus. 2023 Jan 7;15(1):e33") == "2023-01-07"


def test_year_first_needs_a_real_date() -> None:
    assert parse_text_date("version 2.2020.1 released") is None
    assert parse_text_date("build 2021-13-40") is None
    assert parse_text_date("see RFC 2616.1.2") is None


def test_earliest_written_date_wins() -> None:
    assert parse_text_date("2024-01-02 (updated 5 March 2024)") == "2024-01-02"
    assert parse_text_date("18 Juni 2021, diperbarui 2021-07-01") == "2021-06-18"


def test_date_in_the_row_after_the_headline() -> None:
    page = """<html><body><div class="wrap"><header><h1>How small languages die</h1></header>
    <div><span>Essay</span> - <span>Published: 2025.12.17</span></div></div>
    <aside><p>Other post 2019-01-01</p></aside><p>Body text that goes on.</p></body></html>"""
    art = Article()
    fill_metadata(LexborHTMLParser(page), art, url="https://blog.example/essay", fetched_at=None)
    assert art.published == "2025-12-17"
    assert art.field_sources["published"] == "dom"


def test_date_row_just_above_the_headline() -> None:
    page = """<html><body><nav><a href="/">Home</a></nav><main><div class="meta"><span>AppNews</span>
    <span>December 19th, 2025</span></div><h1>Photo frame app makes old tablets useful</h1>
    <p>{}</p><footer>Archive: 3 March 2019</footer></main></body></html>""".format(
        "I love it when an app solves a problem I did not know I had. " * 10
    )
    art = Article()
    fill_metadata(LexborHTMLParser(page), art, url="https://apps.example/post/frame", fetched_at=None)
    assert art.published == "2025-12-19"


def _published(page: str, fetched_at: str | None = None) -> tuple[str | None, str | None]:
    art = Article()
    fill_metadata(LexborHTMLParser(page), art, url="https://kabar.example/berita/123", fetched_at=fetched_at)
    return art.published, art.field_sources.get("published")


def test_site_header_date_above_the_headline_loses_to_the_post_date() -> None:
    page = """<html><body><header class="site-header"><div class="topbar"><span>Sabtu, 28 November 2026</span>
    <a href="/">Kabar Pesisir</a></div></header><main><article><div class="kanal">Daerah</div>
    <h1>Nelayan Muara Baru mulai pakai perahu listrik</h1><div class="post-date">Kamis, 12 November 2026 10:15 WIB</div>
    <p>{}</p></article></main></body></html>""".format(
        "Puluhan nelayan mencoba perahu listrik pekan ini. " * 6
    )
    published, source = _published(page, "2026-11-28T06:00:00Z")
    assert (published or "")[:10] == "2026-11-12" and source == "dom"


def test_site_header_date_outside_the_article_is_not_read_as_its_date() -> None:
    page = """<html><body><header><div><span>Sabtu, 28 November 2026</span></div></header>
    <article><h1>Nelayan Muara Baru mulai pakai perahu listrik</h1><p>{}</p></article></body></html>""".format(
        "Puluhan nelayan mencoba perahu listrik pekan ini di pelabuhan yang ramai. " * 6
    )
    assert _published(page, "2026-11-28T06:00:00Z")[0] is None


def test_date_in_the_first_paragraph_loses_to_the_post_date() -> None:
    page = """<html><body><article><h1>Harga cabai turun di pasar induk</h1>
    <p>Harga cabai rawit di pasar induk terus turun sejak 2 November 2026, kata pedagang yang ditemui pagi ini.</p>
    <div class="post-date">12/11/2026</div><p>{}</p></article></body></html>""".format(
        "Pedagang berharap harga stabil menjelang akhir tahun. " * 5
    )
    assert _published(page, "2026-11-28T06:00:00Z") == ("2026-11-12", "dom")


def test_walk_after_the_headline_stops_at_body_prose() -> None:
    page = """<html><body><section><h1>Harga cabai turun di pasar induk</h1><div>Ekonomi</div>
    <p>Harga cabai rawit di pasar induk terus turun sejak 2 November 2026, kata pedagang yang ditemui pagi ini.</p>
    </section><section>{}</section></body></html>""".format(
        "<div>Berita lain tanpa tanggal yang panjang sekali.</div>" * 80
    )
    assert _published(page, "2026-11-28T06:00:00Z")[0] is None


def test_date_split_over_elements_above_the_headline_reads_in_order() -> None:
    page = """<html><body><main><div><span>Dec 19</span>, <span>2025</span></div>
    <h1>Ferry timetable changes for the winter</h1><p>{}</p></main></body></html>""".format(
        "The harbour office published the new ferry times this morning for all routes. " * 4
    )
    assert _published(page)[0] == "2025-12-19"
