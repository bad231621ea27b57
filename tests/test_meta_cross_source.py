"""HTML metadata: rules that choose between sources per page (metadata vs the visible page), on invented pages."""

from __future__ import annotations

from conftest import story_metadata as meta
from warta.extract.metadata import clean_title


def test_every_citation_author_is_listed_first_name_first() -> None:
    art = meta(
        "<html><head><title>A study of sleep</title>"
        '<meta name="citation_author" content="Ann Lee">'
        '<meta name="citation_author" content="Moreau, Lina T.">'
        '<meta name="citation_author" content="Bo Kim"></head>'
        "<body><h1>A study of sleep</h1><p>Text.</p></body></html>"
    )
    assert art.authors == ["Ann Lee", "Lina T. Moreau", "Bo Kim"]


def test_citation_author_with_a_credential_or_two_names_is_not_swapped() -> None:
    page = (
        '<html><head><title>A study of sleep</title><meta name="citation_author" content="{}"></head>'
        "<body><h1>A study of sleep</h1><p>Text.</p></body></html>"
    )
    assert meta(page.format("Lina Moreau, PhD")).authors == ["Lina Moreau"]
    assert meta(page.format("Lina Moreau, Otto Vale")).authors == ["Lina Moreau", "Otto Vale"]


def test_german_byline_prefix_and_joiner() -> None:
    art = meta(
        "<html><head><title>Die Flut kommt</title></head><body><article><h1>Die Flut kommt</h1>"
        "<p class=author>Von Jana Beispiel und Otto Muster</p><p>Text des Artikels.</p></article></body></html>",
        url="https://zeitung.example.de/a/1",
    )
    assert art.authors == ["Jana Beispiel", "Otto Muster"]


def test_outlet_desk_credited_beside_a_writer_is_dropped() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="WXYZ"><title>Mill closes</title></head>'
        "<body><article><h1>Mill closes</h1><p class=author>{}</p><p>Text.</p></article></body></html>"
    )
    url = "https://www.wxyz.example/a"
    assert meta(page.format("Jane Roe, WXYZ Metro"), url=url).authors == ["Jane Roe"]
    assert meta(page.format("Jane Roe, Amy Poe"), url=url).authors == ["Jane Roe", "Amy Poe"]
    # a writer whose first name is the outlet's name (not written as its acronym) stays
    fox = page.replace("WXYZ", "Fox").replace("wxyz", "fox")
    assert meta(fox.format("Fox Mulder, Amy Poe"), url="https://www.fox.example/a").authors == [
        "Fox Mulder",
        "Amy Poe",
    ]


def test_written_by_row_with_a_blank_row_before_the_name() -> None:
    art = meta(
        "<html><head><title>How apps are made</title></head><body><article><h1>How apps are made</h1>"
        "<p>Long introduction text of the article that runs on.</p>"
        "<div><p>Written by<!-- --> <span> </span><a href='/blog/author/x'>Ida Nord and Per Sund</a></p></div>"
        "</article></body></html>"
    )
    assert art.authors == ["Ida Nord", "Per Sund"]


def test_visible_heading_wording_kept_when_metadata_differs_only_in_case_and_marks() -> None:
    art = meta(
        "<html><head>"
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Renting vs Buying A Home"}</script>'
        '<meta property="og:title" content="RENTING VS. BUYING A HOME"></head>'
        "<body><h1>RENTING VS. BUYING A HOME</h1><p>Text.</p></body></html>"
    )
    assert art.title == "RENTING VS. BUYING A HOME"
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
    sites = ["gardennotes.net", "gardennotes"]
    assert clean_title("gardennotes.net Winter Pruning", sites) == "Winter Pruning"
    assert clean_title("Shop.net: Best Sellers", ["shop.net"]) == "Shop.net: Best Sellers"
    assert clean_title("other.net Winter Pruning", sites) == "other.net Winter Pruning"


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
        '"author":{{"@type":"Person","name":"Mia Holt"}}}}</script></head><body><article><h1>Free courses</h1>'
        "<div><a>Mia Holt</a>{}</div><p>Text.</p></article></body></html>"
    )
    assert meta(page.format(", <a>Leo Brand</a> &amp; <a>Ada Quist</a>")).authors == [
        "Mia Holt",
        "Leo Brand",
        "Ada Quist",
    ]
    # a job title after the comma is no second writer
    assert meta(page.format(", <span>Managing Editor</span>")).authors == ["Mia Holt"]


def test_fact_check_claim_review_is_the_main_object() -> None:
    art = meta(
        '<html><head><script type="application/ld+json">{"@graph":[{"@type":"ClaimReview",'
        '"name":"No, the moon is not made of cheese","datePublished":"2026-05-13 15:44",'
        '"itemReviewed":{"@type":"Claim","datePublished":"2026-05-07"}}]}</script></head>'
        "<body><h1>No, the moon is not made of cheese</h1><p>Text.</p></body></html>"
    )
    assert art.published == "2026-05-13T15:44:00" and art.field_sources["published"] == "json-ld"


def test_contributors_label_row_and_a_label_above_its_name() -> None:
    page = (
        "<html><head><title>Ferns in shade</title></head><body><article><h1>Ferns in shade</h1>"
        "<p>A long standfirst paragraph that introduces the whole of this article.</p>{}"
        "<p>Body text.</p></article></body></html>"
    )
    assert meta(page.format("<div><strong>Contributors:</strong> Vera Lind</div>")).authors == ["Vera Lind"]
    label_above = "<div><h3>Author</h3>\n   \n\n <p>\n  Omar Pell</p>\n\n </div>"
    assert meta(page.format(label_above)).authors == ["Omar Pell"]
