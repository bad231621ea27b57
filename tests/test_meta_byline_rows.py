"""Bylines found as prefixed text rows of the article, and the headline chosen for the byline walk."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from conftest import page_metadata
from warta.article import Article
from warta.extract.metadata import fill_metadata


def _authors(body: str) -> list[str]:
    return page_metadata("<title>x</title>", body, url="https://blog.example/p/1").authors


def test_posted_by_row_in_article_footer() -> None:
    body = (
        "<article><h1>Preparing a transition</h1><p>" + "Long body text about packages. " * 16 + "</p>"
        "<footer><p>Posted by <a href='/u/m'>Mirela Tanvik</a> on 2025-12-18 in <a href='/c'>packaging</a>.</p>"
        "</footer></article>"
    )
    assert _authors(body) == ["Mirela Tanvik"]


def test_written_by_label_with_name_in_next_element() -> None:
    body = (
        "<main><h1>Why cheap marketing fails</h1><p>" + "Story text. " * 40 + "</p>"
        "<div><div>Written by</div><div>Tomas Ferrante</div><div>Tomas runs the agency.</div></div></main>"
    )
    assert _authors(body) == ["Tomas Ferrante"]


def test_lower_case_by_inside_prose_is_not_a_byline() -> None:
    body = (
        "<article><h1>Paper folding history</h1><p>" + "Folding text. " * 30 + "</p>"
        "<p>The earliest reference is in a book called "
        "<i>The Folding Book</i> by Ludmila Quarrie, 1833.</p><p>" + "More text. " * 20 + "</p></article>"
    )
    assert _authors(body) == []


def test_first_byline_row_decides_even_with_one_name_word() -> None:
    # "Posted by Dana" is the byline (a first name only): a later "By …" row of a comment is not taken
    body = (
        "<article><h1>Vibe coding</h1><p>" + "Essay text. " * 40 + "</p><p>Posted by Dana at 11:15 AM</p>"
        "<div class='comments'><p>By Orrin Vaskel</p><p>Nice post.</p></div></article>"
    )
    assert _authors(body) == []


def test_byline_after_the_story_headline_not_the_logo_h1() -> None:
    body = (
        "<header><h1>City Magazine</h1><ul>" + "<li><a>Section name</a></li>" * 14 + "</ul></header>"
        "<article><h1>The hottest new restaurants this month</h1><p>A new outpost has landed.</p>"
        "<p class='meta'><span>By <a href='/p/s'>Selma Okonkwo</a></span> <span>December 2, 2025</span></p>"
        "<p>" + "Story text. " * 20 + "</p></article>"
    )
    assert _authors(body) == ["Selma Okonkwo"]


def test_author_class_on_a_wrapper_around_the_headline_is_not_a_byline() -> None:
    body = (
        "<article class='post author-kris'><h1>Affordable, Ethical, Sustainable Clothing Brands</h1>"
        "<p>" + "I have been looking for brands. " * 10 + "</p></article>"
    )
    assert _authors(body) == []


def test_the_author_label_is_not_a_name() -> None:
    body = (
        "<p>"
        + "Garden text. " * 30
        + "</p><div class='article-author'>The Author</div><div class='author-card'><span>NB</span>"
        "<span>Nadia Brauer</span><p>As founder of a garden studio, I have helped hundreds of new and experienced gardeners "
        "design and plant their own kitchen gardens.</p></div>"
    )
    assert _authors("<h1>Planting the easy way</h1>" + body) == ["Nadia Brauer"]


def test_desk_in_a_byline_element_is_not_a_person() -> None:
    body = "<article><h1>Ten tips for remote teams</h1><div class='author'>Workline Team</div><p>Text.</p></article>"
    assert _authors(body) == []


def test_name_line_of_an_author_element_that_also_holds_the_date() -> None:
    body = (
        "<div class='Article'><h1>Defer, Panic, and Recover</h1><p class='author'>Andrea Gellar<br>4 August 2010</p>"
        "<p>" + "Go has the usual mechanisms for control flow. " * 5 + "</p></div>"
    )
    assert _authors(body) == ["Andrea Gellar"]


def test_name_then_job_title_in_one_author_element() -> None:
    body = "<main><h1>The ten best tech conferences</h1><div class='author-info'><b>Rhona MacKellar</b> <i>Writer</i></div></main>"
    assert _authors(body) == ["Rhona MacKellar"]


def test_abbreviated_role_after_a_comma_is_dropped() -> None:
    art = Article()
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Moving tips",'
        ' "author": {"@type": "Person", "name": "Bram Jonkers, Sr. Director of Operations"}}</script>'
    )
    page = f"<html><head>{head}</head><body><h1>Moving tips</h1></body></html>"
    fill_metadata(LexborHTMLParser(page), art, url="https://movers.example/tips", fetched_at=None)
    assert art.authors == ["Bram Jonkers"]


def _authors_h1(h1: str, after: str) -> list[str]:
    return _authors(f"<article><h1>{h1}</h1>{after}<p>" + "Story text goes on here. " * 12 + "</p></article>")


def test_name_row_before_the_date_row_after_the_headline() -> None:
    after = "<div><span>Ilse Marnock</span> <time>Dec 19, 2025</time> | <span>5 min read</span></div>"
    assert _authors_h1("Metasploit wrap-up", after) == ["Ilse Marnock"]


def test_name_role_date_in_one_row() -> None:
    assert _authors_h1("How AI changes care", "<p>Arvo Renstad | Senior Writer | July 2, 2025</p>") == [
        "Arvo Renstad"
    ]


def test_name_after_the_date_and_a_separator() -> None:
    assert _authors_h1(
        "Mission accomplished", "<div><span>2025-12-17</span>·<a href='/authors/t'>Tove Lindqvar</a></div>"
    ) == ["Tove Lindqvar"]


def test_category_link_beside_the_date_is_not_a_name() -> None:
    after = (
        "<div><time>December 18, 2025</time> · <a href='/category/thoughts'>Nonessential Thoughts</a></div>"
    )
    assert _authors_h1("Are evangelists in heat?", after) == []


def test_titles_before_a_labelled_date_are_not_names() -> None:
    after = "<ul><li>Aidan Gantby 100 backstroke</li><li>Brent Pallow Trinity</li></ul><p>Posted:</p><p>Feb 16, 2018</p>"
    assert _authors_h1("State swim results", after) == []


def test_next_heading_after_a_date_is_not_a_name() -> None:
    assert _authors_h1("Weblog", "<h2>December 16, 2025</h2><h3>Vibe Coding</h3>") == []


def test_domain_or_template_key_in_author_meta_is_not_a_name() -> None:
    art = Article()
    head = '<meta name="author" content="page.head.extra.author"><meta name="author" content="Tamsin Eldor">'
    page = f"<html><head>{head}</head><body><h1>Why remote work sticks</h1></body></html>"
    fill_metadata(LexborHTMLParser(page), art, url="https://news.example/a/2", fetched_at=None)
    assert art.authors == ["Tamsin Eldor"]
    art = Article()
    page = '<html><head><meta name="author" content="mdr.de"></head><body><h1>Wetter</h1></body></html>'
    fill_metadata(LexborHTMLParser(page), art, url="https://news.example/a/3", fetched_at=None)
    assert art.authors == []


def test_byline_element_holding_a_date_row() -> None:
    # the date and the name share one row of the author element: the name is read part by part
    body = (
        "<section><header><h2>What do people love about it?</h2></header>"
        '<div class="publish-date-author">Dec. 19, 2025 · Niko Havel\n on behalf of <a href="/t">the docs group</a>'
        '</div><div class="post"><p>'
        + "Story text. " * 40
        + "</p><h1>A heading inside the story</h1></div></section>"
    )
    assert _authors(body) == ["Niko Havel"]
