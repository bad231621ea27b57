"""The publish day when the page's only <article> element is a teaser card, not the story."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from warta.article import Article
from warta.extract.metadata import fill_metadata

PAGE = (
    "<html><head><title>Awards season</title></head><body>"
    "<div class='single'><h1>Our team wins the regional design award</h1>"
    "<div class='single-post-meta'>Published <span>July 8, 2025</span></div>"
    "<p>" + "The jury praised the work of the whole studio this year. " * 6 + "</p></div>"
    "<aside><article class='related-card'><span class='related-card__date'>DEC 19, 2025</span>"
    "<a href='/other'>Another story</a><p>" + "Teaser text. " * 12 + "</p></article></aside>"
    "</body></html>"
)


def test_date_next_to_the_headline_beats_a_dated_teaser_card() -> None:
    art = Article()
    fill_metadata(LexborHTMLParser(PAGE), art, url="https://studio.example/news/award", fetched_at=None)
    assert art.published == "2025-07-08"
