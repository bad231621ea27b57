"""HTML metadata rules of session 6: per-page choices between sources, on small fictional pages."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.article import Article
from warta.extract.metadata import clean_title, fill_metadata


def meta(html: str, url: str | None = "https://news.example.com/a/1") -> Article:
    art = Article()
    fill_metadata(LexborHTMLParser(html), art, url=url)
    return art


def test_every_citation_author_is_listed_first_name_first() -> None:
    art = meta(
        "<html><head><title>A study of sleep</title>"
        '<meta name="citation_author" content="Ann Lee">'
        '<meta name="citation_author" content="Doe, Jane T.">'
        '<meta name="citation_author" content="Bo Kim"></head>'
        "<body><h1>A study of sleep</h1><p>Text.</p></body></html>"
    )
    assert art.authors == ["Ann Lee", "Jane T. Doe", "Bo Kim"]


def test_german_byline_prefix_and_joiner() -> None:
    art = meta(
        "<html><head><title>Die Flut kommt</title></head><body><article><h1>Die Flut kommt</h1>"
        "<p class=author>Von Felix Schröder und Jörg Soldwisch</p><p>Text des Artikels.</p></article></body></html>",
        url="https://zeitung.example.de/a/1",
    )
    assert art.authors == ["Felix Schröder", "Jörg Soldwisch"]


def test_outlet_desk_credited_beside_a_writer_is_dropped_but_a_lone_desk_stays() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="MDR"><title>Schlachthof schließt</title></head>'
        "<body><article><h1>Schlachthof schließt</h1><p class=author>{}</p><p>Text.</p></article></body></html>"
    )
    assert meta(page.format("David Straub, MDR Thüringen"), url="https://www.mdr.de/a").authors == [
        "David Straub"
    ]
    assert meta(page.format("Jane Doe, Amy Poe"), url="https://www.mdr.de/a").authors == [
        "Jane Doe",
        "Amy Poe",
    ]


def test_written_by_row_with_a_blank_row_before_the_name() -> None:
    art = meta(
        "<html><head><title>How apps are made</title></head><body><article><h1>How apps are made</h1>"
        "<p>Long introduction text of the article that runs on.</p>"
        "<div><p>Written by<!-- --> <span> </span><a href='/blog/author/mk'>Moses Kim and Kate Shokurova</a></p></div>"
        "</article></body></html>"
    )
    assert art.authors == ["Moses Kim", "Kate Shokurova"]


def test_visible_heading_wording_kept_when_metadata_differs_only_in_case_and_marks() -> None:
    art = meta(
        "<html><head>"
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Actuarial Consulting vs Insurance"}</script>'
        '<meta property="og:title" content="ACTUARIAL CONSULTING VS. INSURANCE"></head>'
        "<body><h1>ACTUARIAL CONSULTING VS. INSURANCE</h1><p>Text.</p></body></html>"
    )
    assert art.title == "ACTUARIAL CONSULTING VS. INSURANCE"
    assert art.field_sources["title"] == "opengraph"


def test_heading_that_lost_a_separator_keeps_the_metadata_wording() -> None:
    art = meta(
        "<html><head>"
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Demo / Der Tag naht"}</script>'
        '<meta property="og:title" content="Demo Der Tag naht"></head>'
        "<body><h1><span>Demo</span> Der Tag naht</h1><p>Text.</p></body></html>"
    )
    assert art.title == "Demo / Der Tag naht"


def test_site_domain_before_the_title_is_dropped() -> None:
    sites = ["davidbau.com", "davidbau"]
    assert clean_title("davidbau.com Vibe Coding", sites) == "Vibe Coding"
    assert clean_title("Amazon.com: Best Sellers", ["amazon.com"]) == "Amazon.com: Best Sellers"
    assert clean_title("example.org Vibe Coding", sites) == "example.org Vibe Coding"


def _dated(published: str, modified: str, shown: str) -> str:
    return (
        "<html><head>"
        f'<script type="application/ld+json">{{"@type":"Article","headline":"Fitness basics",'
        f'"datePublished":"{published}","dateModified":"{modified}"}}</script></head>'
        f"<body><article><h1>Fitness basics</h1><div class=meta>{shown}</div><p>Text.</p></article></body></html>"
    )


def test_published_after_modified_yields_to_an_older_visible_date() -> None:
    art = meta(_dated("2025-06-12", "2025-06-10", "November 2, 2022"))
    assert art.published == "2022-11-02" and art.field_sources["published"] == "dom"


def test_ordinary_published_and_modified_dates_are_kept() -> None:
    art = meta(_dated("2025-06-10", "2025-06-12", "November 2, 2022"))
    assert art.published == "2025-06-10" and art.field_sources["published"] == "json-ld"
    # published after modified but the page shows no older date: the metadata stays
    art = meta(_dated("2025-06-12", "2025-06-10", "June 12, 2025"))
    assert art.published == "2025-06-12"


def test_writers_listed_after_the_metadata_author_are_added() -> None:
    page = (
        '<html><head><script type="application/ld+json">{{"@type":"Article","headline":"Free courses",'
        '"author":{{"@type":"Person","name":"Rui Ma"}}}}</script></head><body><article><h1>Free courses</h1>'
        "<div><a>Rui Ma</a>{}</div><p>Text.</p></article></body></html>"
    )
    assert meta(page.format(", <a>Heba Ledwon</a> &amp; <a>Suparn Patra</a>")).authors == [
        "Rui Ma",
        "Heba Ledwon",
        "Suparn Patra",
    ]
    # a job title after the comma is no second writer
    assert meta(page.format(", <span>Managing Editor</span>")).authors == ["Rui Ma"]


def test_fact_check_claim_review_is_the_main_object() -> None:
    art = meta(
        '<html><head><script type="application/ld+json">{"@graph":[{"@type":"ClaimReview",'
        '"name":"Hantavirus is no planned pandemic","datePublished":"2026-05-13 15:44",'
        '"itemReviewed":{"@type":"Claim","datePublished":"2026-05-07"}}]}</script></head>'
        "<body><h1>Hantavirus is no planned pandemic</h1><p>Text.</p></body></html>"
    )
    assert art.published == "2026-05-13T15:44:00" and art.field_sources["published"] == "json-ld"
