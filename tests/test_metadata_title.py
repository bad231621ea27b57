"""Headline choice: agreement between metadata titles and the visible <h1>."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.article import Article
from warta.extract.metadata import fill_metadata


def _title(head: str, body: str) -> str | None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    art = Article()
    fill_metadata(LexborHTMLParser(page), art, url="https://news.example/a/1", fetched_at=None)
    return art.title


def test_kicker_in_metadata_wins_when_sources_agree() -> None:
    head = (
        '<meta property="og:title" content="Nach dem Rückzug: Anwältin soll Ministerin werden">'
        "<title>Nach dem Rückzug: Anwältin soll Ministerin werden</title>"
    )
    assert (
        _title(head, "<h1>Anwältin soll Ministerin werden</h1>")
        == "Nach dem Rückzug: Anwältin soll Ministerin werden"
    )


def test_kicker_or_date_before_the_h1_is_dropped() -> None:
    head = (
        '<meta property="og:title" content="Preparing a transition in the archive">'
        "<title>Preparing a transition in the archive</title>"
    )
    assert _title(head, "<h1>Dec 18 2025 Preparing a transition in the archive</h1>") == (
        "Preparing a transition in the archive"
    )


def test_seo_tail_in_metadata_loses_to_the_h1() -> None:
    head = (
        '<meta property="og:title" content="Top Dental Resolutions for 2025 | Broken Arrow, OK">'
        "<title>Top Dental Resolutions for 2025 | Broken Arrow, OK</title>"
    )
    assert _title(head, "<h1>Top Dental Resolutions for 2025</h1>") == "Top Dental Resolutions for 2025"


def test_single_source_kicker_does_not_override_h1() -> None:
    head = '<meta property="og:title" content="Olympia: Deutscher Aggressor beeindruckt, Frankreich hadert">'
    assert _title(head, "<h1>Deutscher Aggressor beeindruckt, Frankreich hadert</h1>") == (
        "Deutscher Aggressor beeindruckt, Frankreich hadert"
    )


def test_site_name_in_the_h1_is_not_part_of_the_headline() -> None:
    head = (
        '<meta property="og:site_name" content="Artlyst">'
        '<meta property="og:title" content="Critics Choice: Best UK Art Exhibitions 2025">'
    )
    assert _title(head, "<h1>Critics Choice: Best UK Art Exhibitions 2025 – Artlyst</h1>") == (
        "Critics Choice: Best UK Art Exhibitions 2025"
    )


def test_markdown_marks_are_removed_from_metadata_titles() -> None:
    head = '<meta property="og:title" content="## A Treatise on Coffee (1792)"><title>"A Treatise on Coffee (1792)"</title>'
    assert _title(head, "<p>no headline element</p>") == "A Treatise on Coffee (1792)"
