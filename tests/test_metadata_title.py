"""Headline choice: agreement between metadata titles and the visible <h1>."""

from __future__ import annotations

from conftest import page_metadata


def _title(head: str, body: str) -> str | None:
    return page_metadata(head, body).title


def test_kicker_in_metadata_wins_when_sources_agree() -> None:
    head = (
        '<meta property="og:title" content="Nach dem Streit: Bäckerin soll Bürgermeisterin werden">'
        "<title>Nach dem Streit: Bäckerin soll Bürgermeisterin werden</title>"
    )
    assert (
        _title(head, "<h1>Bäckerin soll Bürgermeisterin werden</h1>")
        == "Nach dem Streit: Bäckerin soll Bürgermeisterin werden"
    )


def test_kicker_or_date_before_the_h1_is_dropped() -> None:
    head = (
        '<meta property="og:title" content="Moving the village library to a new shelf system">'
        "<title>Moving the village library to a new shelf system</title>"
    )
    assert _title(head, "<h1>Dec 18 2025 Moving the village library to a new shelf system</h1>") == (
        "Moving the village library to a new shelf system"
    )


def test_seo_tail_in_metadata_loses_to_the_h1() -> None:
    head = (
        '<meta property="og:title" content="Five Garden Habits for 2025 | Maple Falls, ZZ">'
        "<title>Five Garden Habits for 2025 | Maple Falls, ZZ</title>"
    )
    assert _title(head, "<h1>Five Garden Habits for 2025</h1>") == "Five Garden Habits for 2025"


def test_single_source_kicker_does_not_override_h1() -> None:
    head = '<meta property="og:title" content="Ruderregatta: Kleiner Verein überrascht, Favorit strauchelt">'
    assert _title(head, "<h1>Kleiner Verein überrascht, Favorit strauchelt</h1>") == (
        "Kleiner Verein überrascht, Favorit strauchelt"
    )


def test_site_name_in_the_h1_is_not_part_of_the_headline() -> None:
    head = (
        '<meta property="og:site_name" content="Galerieblatt">'
        '<meta property="og:title" content="Editors Pick: Best Harbour Town Exhibitions 2025">'
    )
    assert _title(head, "<h1>Editors Pick: Best Harbour Town Exhibitions 2025 – Galerieblatt</h1>") == (
        "Editors Pick: Best Harbour Town Exhibitions 2025"
    )


def test_markdown_marks_are_removed_from_metadata_titles() -> None:
    head = '<meta property="og:title" content="## A Short Essay on Lanterns (1811)"><title>"A Short Essay on Lanterns (1811)"</title>'
    assert _title(head, "<p>no headline element</p>") == "A Short Essay on Lanterns (1811)"


def test_titles_quoting_phrases_at_both_ends_keep_their_quotes() -> None:
    assert _title("<title>'Lantern' and 'Kettle' top the weekend box office</title>", "") == (
        "'Lantern' and 'Kettle' top the weekend box office"
    )
    assert _title("<title>'Lantern' and 'Kettle'</title>", "") == "'Lantern' and 'Kettle'"
    assert _title("<title>‘We will rebuild’: mayor promises ‘a new harbour’</title>", "") == (
        "‘We will rebuild’: mayor promises ‘a new harbour’"
    )
    assert _title("<title>__init__</title>", "") == "__init__"


def test_a_title_wholly_in_quotes_is_unwrapped() -> None:
    assert _title("<title>“Harbour reopens after the storm”</title>", "") == "Harbour reopens after the storm"
