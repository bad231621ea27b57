"""HTML metadata, session 9: author rules (invented pages; one test per rule with the cases it must leave alone)."""

from __future__ import annotations

import json

from conftest import story_metadata as meta


def _ld(author: object) -> str:
    data = {"@type": "NewsArticle", "headline": "Ten ways to rest well", "author": author}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_author_note_phrase_names_the_writer() -> None:
    body = (
        "<article><h1>Guide to journal indexing</h1><p>Text of the guide.</p>"
        "<p>This post was written by</p><p><a>Dana Paddle, MD</a>, gastroenterologist, Parkview Health.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Dana Paddle"]
    # prose that merely mentions writing is no byline
    body = "<article><h1>Guide to journal indexing</h1><p>This post was written in a hurry.</p></article>"
    assert meta(_page("", body)).authors == []


def test_job_title_after_a_name_and_its_employer_are_no_writers() -> None:
    body = (
        "<article><h1>Retirement calculators compared</h1>"
        "<p>By Carl Pattern, WCI Columnist, The Daily Example</p><p>Text.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Carl Pattern"]
    # "A, Title & B, Title": both writers, their titles dropped
    body = (
        "<article><h1>The best VPNs of the year</h1>"
        "<p>By Bret Cruse, Privacy Expert &amp; Gene Patrino, Home Security Expert</p><p>Text.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Bret Cruse", "Gene Patrino"]
    # a person after a job title is the next writer ("Name, Role, Name"), in English and Indonesian
    for byline, names in (
        ("Jane Doe, Reporter, John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, columnist, John Roe, reporter", ["Jane Doe", "John Roe"]),
        ("Budi Santoso, wartawan, Siti Aminah", ["Budi Santoso", "Siti Aminah"]),
        ("Jane Doe, Kontributor, John Roe", ["Jane Doe", "John Roe"]),
    ):
        head = f'<meta name="author" content="{byline}">'
        assert (
            meta(_page(head, "<article><h1>Kota merayakan hari ini</h1><p>Teks.</p></article>")).authors
            == names
        )
    # short lower-case parts are initials or agencies, not job titles: kept as before
    head = '<meta name="author" content="Felix Schreiber, Jorg Solder, dpa">'
    assert meta(_page(head, "<article><h1>Die Stadt feiert heute</h1><p>Text.</p></article>")).authors == [
        "Felix Schreiber",
        "Jorg Solder",
        "dpa",
    ]


def test_user_handle_in_metadata_yields_to_the_byline_by_the_headline() -> None:
    body = "<article><h1>Ten ways to rest well</h1><p>Denise Evers</p><p>August 23, 2023</p><p>Text.</p></article>"
    assert meta(_page(_ld({"@type": "Person", "name": "andrew.keaver"}), body)).authors == ["Denise Evers"]
    assert meta(_page('<meta name="author" content="KatieS">', body)).authors == ["Denise Evers"]
    # a forum shows the handle itself: the handle stays
    body = (
        "<article><h1>Ten ways to rest well</h1><p>Denise Evers</p><p>August 23, 2023</p>"
        "<p>skyrunner</p><p>Text.</p></article>"
    )
    assert meta(_page(_ld({"@type": "Person", "name": "skyrunner"}), body)).authors == ["skyrunner"]
    # a person's one-word name is no handle; a section after the date is no byline
    body = "<article><h1>Ten ways to rest well</h1><p>Apr 21, 2017 | Products Liability</p><p>Text.</p></article>"
    assert meta(_page(_ld({"@type": "Person", "name": "adminn"}), body)).authors == ["adminn"]


def test_site_named_person_yields_to_the_byline_by_the_headline() -> None:
    head = (
        _ld({"@type": "Person", "name": "Example News"})
        + '<meta property="og:site_name" content="Example News">'
    )
    body = "<article><h1>Ten ways to rest well</h1><p>By Tracy Parkes</p><p>Text.</p></article>"
    assert meta(_page(head, body)).authors == ["Tracy Parkes"]


def test_metadata_author_the_page_never_shows_yields_to_the_prefixed_byline() -> None:
    body = "<article><h1>Managing legal issues in fitness</h1><p>By: Paul Fennel</p><p>Text.</p></article>"
    assert meta(_page('<meta name="author" content="Luke Dagle">', body)).authors == ["Paul Fennel"]
    # the page shows the metadata author too (a bio box): the metadata stays
    body2 = body.replace("<p>Text.</p>", "<p>Text.</p><aside>Luke Dagle is our editor.</aside>")
    assert meta(_page('<meta name="author" content="Luke Dagle">', body2)).authors == ["Luke Dagle"]


def test_microdata_author_element_read_line_by_line() -> None:
    body = (
        '<article><h1>Find an efficient vehicle</h1><div itemprop="author"><span>By</span> <a>Keith Barrow</a>'
        "<div>Senior Autos Reporter</div></div><p>Text.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Keith Barrow"]
    # a name element inside the microdata author is read as before
    body = (
        '<article><h1>Find an efficient vehicle</h1><div itemprop="author"><span itemprop="name">Kim Barrow'
        "</span><div>Senior Autos Reporter</div></div><p>Text.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Kim Barrow"]


def test_name_row_above_a_job_title_row_after_the_headline() -> None:
    body = (
        "<article><h1>Cloud computing: what is next?</h1><p>What does the year hold?</p>"
        "<p>Juliet Carrow</p><p>Tech Writer</p><p>Text of the story.</p></article>"
    )
    assert meta(_page("", body)).authors == ["Juliet Carrow"]
    # a desk that ends with a job word, or a lower-case continuation, is no person
    body = body.replace("Juliet Carrow", "Acme Blog Contributor")
    assert meta(_page("", body)).authors == []
    body = "<article><h1>Sign in</h1><p>Forgot Password?</p><p>or login with</p></article>"
    assert meta(_page("", body)).authors == []


def test_commenters_widget_is_no_byline() -> None:
    body = (
        "<article><h1>Metadata workflows at the archive</h1><p>Craig McCart</p>"
        "<p>Last updated on 17 December 2025</p><p>Text.</p></article>"
        '<ul class="jcomments-latest"><li><span class="author">George Oats</span>'
        '<span class="date">3 weeks ago</span></li></ul>'
    )
    assert meta(_page("", body)).authors == ["Craig McCart"]
    # an opinion column ("commentary") or a preview area is no comment list: its byline element is read
    for cls in ("commentary-header", "post-preview-area"):
        page = (
            f'<div class="{cls}"><h1>Why rates must fall now</h1><span class="author">Jane Doe</span></div>'
            "<article><p>Text of it.</p></article>"
        )
        assert meta(_page("", page)).authors == ["Jane Doe"]
    # the same byline element outside a comment list is read
    body = body.replace("jcomments-latest", "sidebar").replace("<p>Craig McCart</p>", "")
    assert meta(_page("", body)).authors == ["George Oats"]


def test_site_named_person_yields_to_a_name_after_the_date_or_above_the_site_row() -> None:
    head = (
        _ld({"@type": "Person", "name": "Example Times"})
        + '<meta property="og:site_name" content="Example Times">'
    )
    body = "<article><h1>From adversity to advocacy</h1><p>May 14, 2025</p><p>Mohla Mpesa</p><p>Text.</p></article>"
    assert meta(_page(head, body)).authors == ["Mohla Mpesa"]
    body = "<article><h1>Ten movies to stream</h1><p>Need a movie?</p><p>Bryan Truett</p><p>Example Times</p></article>"
    assert meta(_page(head, body)).authors == ["Bryan Truett"]
    # a button row after the date is no name: the metadata person stays
    body = "<article><h1>From adversity to advocacy</h1><p>May 14, 2025</p><p>Link Shared!</p><p>Text.</p></article>"
    assert meta(_page(head, body)).authors == ["Example Times"]
    # without the site-named metadata person, a bare row after the date is not read as a byline
    body = "<article><h1>From adversity to advocacy</h1><p>May 14, 2025</p><p>Mohla Mpesa</p><p>Text.</p></article>"
    assert meta(_page('<meta property="og:site_name" content="Example Times">', body)).authors == []


def test_a_desk_byline_row_lets_a_later_written_by_row_name_the_writer() -> None:
    end = "<p>Written by</p><p><a>Paulo Giovanni</a></p><p>Related posts</p></article>"
    filler = "<p>Text of the story, long enough to read.</p>" * 12
    body = "<article><h1>Query optimization on Postgres</h1><p>By Team Example Data</p>" + filler + end
    assert meta(_page("", body)).authors == ["Paulo Giovanni"]
    # a later bare "By" row is not read after a desk row: a comment's "By Sam Poe" is no writer
    body = f"<article><h1>Query optimization on Postgres</h1><p>By Team Example Data</p>{filler}<p>By Sam Poe</p></article>"
    assert meta(_page("", body)).authors == []


def test_article_written_by_label_across_blank_rows() -> None:
    blank = "<div>\n\t\t</div>" * 10
    body = (
        f"<main><h1>Top weight loss medications</h1><p>Text.</p><div><p>Article written by:</p>{blank}"
        "<h3>Doris Munoz, MD, FOMA</h3><p>Article reviewed by:</p><p>Anila Chad</p></div></main>"
    )
    assert meta(_page("", body)).authors == ["Doris Munoz"]
