"""Authors from byline rows, byline elements and JSON-LD."""

from __future__ import annotations

from conftest import page_metadata


def _authors(head: str, body: str) -> list[str]:
    return page_metadata(head, body).authors


def test_by_row_after_headline_with_linked_names() -> None:
    body = (
        "<article><h1>The best rain jackets for city cycling</h1><p class='x1'>by <a href='/a/k'>Marla Quintrell</a>, "
        "<a href='/a/d'>Oskar Vellamy</a>, and <a href='/a/h'>Jun Tabbert</a></p><p>Updated March 3, 2026</p>"
        "<p>Body text here.</p></article>"
    )
    assert _authors("", body) == ["Marla Quintrell", "Oskar Vellamy", "Jun Tabbert"]


def test_indonesian_byline_prefix_after_headline() -> None:
    body = "<h1>Banjir melanda Jakarta Utara</h1><div><span>Oleh Budi Santoso</span> <span>Senin, 3 Juni 2024</span></div>"
    assert _authors("", body) == ["Budi Santoso"]


def test_text_after_headline_without_prefix_is_not_an_author() -> None:
    body = "<h1>Banjir melanda Jakarta Utara</h1><p>Budi Santoso Menteri Dalam Negeri datang</p>"
    assert _authors("", body) == []


def test_role_in_its_own_element_is_not_part_of_the_name() -> None:
    body = (
        "<h1>Interior trends</h1><div class='author-box'><a href='/a/z'>Dorian Pelkey</a>"
        "<span>Writer</span></div><p>Text</p>"
    )
    assert _authors("", body) == ["Dorian Pelkey"]


def test_long_author_box_yields_its_name_line() -> None:
    bio = "Ilka Marozzi is a developer who writes about garden robots, sensor boards and solder fumes " * 2
    body = f"<h1>Wiring a greenhouse sensor</h1><p>Text</p><div class='blog-author'><h4>Ilka Marozzi</h4><p>{bio}</p></div>"
    assert _authors("", body) == ["Ilka Marozzi"]


def test_outlet_listed_among_jsonld_people_is_dropped() -> None:
    head = (
        '<meta property="og:site_name" content="The Riverside Ledger">'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":['
        '{"@type":"Person","name":"Teodor Anwary"},{"@type":"Person","name":"The Riverside Ledger"}]}</script>'
    )
    assert _authors(head, "<h1>H</h1>") == ["Teodor Anwary"]
