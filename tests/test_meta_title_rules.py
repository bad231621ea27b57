"""Headline choice: an <h2> headline confirmed by metadata, marks the metadata lost, split words, dangling marks."""

from __future__ import annotations

from conftest import page_metadata


def _title(head: str, body: str) -> str | None:
    return page_metadata(head, body, url="https://site.example/a/1").title


def test_h2_headline_confirmed_by_metadata_beats_another_meta_title() -> None:
    head = (
        '<meta property="og:title" content="Robot vacuums: how do they find their way?">'
        "<title>How Does Robot Vacuum Mapping Work - Site Example</title>"
        '<meta name="twitter:title" content="How Does Robot Vacuum Mapping Work">'
    )
    body = (
        "<article><div class='crumbs'>Home / Guides</div><h2>How Does Robot Vacuum Mapping Work</h2>"
        "<p>Robot vacuums map rooms with lidar or cameras.</p><h2>Lidar</h2><p>More.</p></article>"
    )
    assert _title(head, body) == "How Does Robot Vacuum Mapping Work"


def test_h1_keeps_the_question_mark_the_metadata_dropped() -> None:
    head = '<meta property="og:title" content="Cloud Innovations: What Is Next in 2025">'
    body = "<article><h1>Cloud Innovations: What Is Next in 2025?</h1><p>Text.</p></article>"
    assert _title(head, body) == "Cloud Innovations: What Is Next in 2025?"


def test_metadata_spacing_wins_over_a_kicker_split_into_elements() -> None:
    head = '<meta property="og:title" content="Akkutechnik: Hat Quantumscape genug Akkus gebaut?">'
    body = (
        "<article><h1><span>Akkutechnik</span> : <span>Hat Quantumscape genug Akkus gebaut?</span></h1>"
        "<p>Text.</p></article>"
    )
    assert _title(head, body) == "Akkutechnik: Hat Quantumscape genug Akkus gebaut?"


def test_h1_with_a_word_split_by_markup_takes_the_metadata_wording() -> None:
    head = '<meta property="og:title" content="How AI Can Cut Your Planning Cycle to Two Days">'
    body = "<article><h1>How AI Can Cut Your Planning C<span>ycle</span> to Two Days</h1></article>"
    # the <h1> text reads "Planning C ycle" (element texts are joined with spaces)
    assert _title(head, body) == "How AI Can Cut Your Planning Cycle to Two Days"


def test_dangling_mark_left_after_the_site_name_is_dropped() -> None:
    head = "<title>Top Home Gym Must Haves For Every Budget ⋆</title>"
    assert _title(head, "<p>Text.</p>") == "Top Home Gym Must Haves For Every Budget"


def test_short_pipe_parts_after_the_headline_are_dropped() -> None:
    head = '<meta property="og:title" content="How meditation rewires brains | Opinion | Kabar Example">'
    assert _title(head, "<p>Text.</p>") == "How meditation rewires brains"


def test_a_headline_with_a_pipe_and_a_long_second_half_stays_whole() -> None:
    head = '<meta property="og:title" content="BUDGET 3.0 | Treasury gets R4bn to hire an army of debt collectors">'
    assert (
        _title(head, "<p>Text.</p>") == "BUDGET 3.0 | Treasury gets R4bn to hire an army of debt collectors"
    )
