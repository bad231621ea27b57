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
