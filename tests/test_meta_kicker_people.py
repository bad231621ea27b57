"""HTML metadata, session 8: topic kickers before a headline, JSON-LD people given by name parts (invented pages)."""

from __future__ import annotations

from conftest import story_metadata as meta


def _page(h1: str, og: str, title: str | None = None) -> str:
    return (
        f'<html><head><title>{title or h1}</title><meta property="og:title" content="{og}"></head>'
        f"<body><article><h1>{h1}</h1><p>Text of the story.</p></article></body></html>"
    )


def test_topic_kicker_dropped_when_metadata_carries_the_headline_alone() -> None:
    art = meta(
        _page("Banjir Jakarta: Warga mengungsi ke masjid terdekat", "Warga mengungsi ke masjid terdekat")
    )
    assert art.title == "Warga mengungsi ke masjid terdekat"
    art = meta(_page("Neue Schule - Lehrer streiken ab Montag in Bonn", "Lehrer streiken ab Montag in Bonn"))
    assert art.title == "Lehrer streiken ab Montag in Bonn"


def test_long_lead_quote_or_unconfirmed_rest_stays_in_the_headline() -> None:
    # five words before the colon: a headline part, not a kicker
    h1 = "The 2024 City Music Awards Gala: Winners at a glance"
    assert meta(_page(h1, "Winners at a glance")).title == h1
    # a quoted lead belongs to the headline
    h1 = "'Ends the debate': economists weigh in on jobs data"
    assert meta(_page(h1, "economists weigh in on jobs data")).title == h1
    # no metadata title is the rest alone: the visible headline stays whole
    h1 = "Analysis: Rates stay high for another year"
    assert meta(_page(h1, h1)).title == h1
    assert meta(_page(h1, "Rates stay high for longer")).title == h1


def test_jsonld_person_given_by_given_and_family_name() -> None:
    art = meta(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Die Flut kommt",'
        '"author": [{"@type": "Person", "givenName": "Jana", "familyName": "Beispiel"},'
        '{"@type": "Person", "givenName": "Anna Maria", "familyName": "Muster"}]}</script></head>'
        "<body><h1>Die Flut kommt</h1><p>Text.</p></body></html>"
    )
    assert art.authors == ["Jana Beispiel", "Anna Maria Muster"]


def test_citation_elements_list_every_author_where_dc_creator_names_the_first() -> None:
    art = meta(
        '<html><head><title>A trial of sleep apps</title><meta name="dc.creator" content="Ann Lee">'
        '<meta name="citation_authors" content="Ann Lee"><meta name="citation_authors" content="Bo Kim">'
        '<meta name="citation_authors" content="Cy Day"></head>'
        "<body><h1>A trial of sleep apps</h1><p>Text.</p></body></html>"
    )
    assert art.authors == ["Ann Lee", "Bo Kim", "Cy Day"]
    # a citation list that does not hold the dc.creator name does not replace it
    art = meta(
        '<html><head><title>A trial</title><meta name="dc.creator" content="Ann Lee">'
        '<meta name="citation_author" content="Bo Kim"><meta name="citation_author" content="Cy Day">'
        "</head><body><h1>A trial</h1><p>Text.</p></body></html>"
    )
    assert art.authors == ["Ann Lee"]


def test_authors_label_above_a_column_of_names() -> None:
    body = (
        "<article><h1>Lessons for climate policy</h1><p>Text of the report, long enough to read.</p>"
        "<div><h4>Author(s)</h4><div><p>{}</p></div></div>{}</article>"
    )
    art = meta(
        f"<html><body>{body.format('</p><p>'.join(['Ann B. Lee', 'Bo C. Kim', 'Cy Day']), '')}</body></html>"
    )
    assert art.authors == ["Ann B. Lee", "Bo C. Kim", "Cy Day"]
    # a heading in another block after the name is not a second author
    art = meta(
        f"<html><body>{body.format('Ann B. Lee', '<div><h4>Related Program</h4></div>')}</body></html>"
    )
    assert art.authors == ["Ann B. Lee"]


def test_site_named_jsonld_person_yields_to_the_author_meta() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Example Reporter"><meta name="author" content="{}">'
        '<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Die Flut",'
        '"author": {{"@type": "Person", "name": "Example Reporter"}}}}</script></head>'
        "<body><h1>Die Flut</h1><p>Text.</p></body></html>"
    )
    assert meta(page.format("Shana Lit")).authors == ["Shana Lit"]
    # the author meta names the site too: the JSON-LD name stays (a personal site may be named so)
    assert meta(page.format("Example Reporter")).authors == ["Example Reporter"]


def test_place_parts_after_the_site_domain_are_no_authors() -> None:
    art = meta(
        '<html><head><meta name="author" content="example.de, Frankfurt, Germany"></head>'
        "<body><h1>Die Flut kommt</h1><p>Text.</p></body></html>"
    )
    assert art.authors == []


def _edited_page(editor_row: str, byline: str = "Penulis: Rina Ayu") -> str:
    return (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Banjir di Jakarta",'
        '"author": {"@type": "Person", "name": "Budi Santoso"}}</script></head><body><article>'
        f"<h1>Banjir di Jakarta hari ini</h1><p>{byline}</p><p>Hujan deras sejak pagi.</p>{editor_row}"
        "</article></body></html>"
    )


def test_metadata_author_shown_only_as_editor_yields_to_the_visible_byline() -> None:
    assert meta(_edited_page("<p>Editor :</p><p>Budi Santoso</p>")).authors == ["Rina Ayu"]
    assert meta(_edited_page("<p>Reviewed by Budi Santoso</p>", "By Rina Ayu")).authors == ["Rina Ayu"]


def test_metadata_author_kept_when_not_only_an_editor_or_no_other_byline() -> None:
    # the metadata name is also the byline: it wrote the page
    assert meta(_edited_page("<p>Editor :</p><p>Budi Santoso</p>", "Oleh Budi Santoso")).authors == [
        "Budi Santoso"
    ]
    # no editor label at all
    assert meta(_edited_page("<p>Budi Santoso</p>")).authors == ["Budi Santoso"]
    # an editor label but no other visible byline: the metadata stays
    assert meta(_edited_page("<p>Editor :</p><p>Budi Santoso</p>", "")).authors == ["Budi Santoso"]


def test_h1_naming_the_blog_beside_the_headline_in_the_title_tag_is_the_logo() -> None:
    page = (
        "<html><head><title>Field Notes Blog: {rest}</title>"
        '<meta property="og:title" content="Small adventures with small models"></head>'
        "<body><h1>Field Notes Blog</h1><h1>Small is the new large</h1><p>Text.</p></body></html>"
    )
    assert (
        meta(page.format(rest="Small adventures with small models")).title
        == "Small adventures with small models"
    )
    # the <title> holds another wording: its first part is no site name, the <h1> stays
    assert meta(page.format(rest="Other words here")).title == "Field Notes Blog"


def test_organisation_named_in_a_byline_element_is_no_author() -> None:
    page = (
        "<html><body><article><h1>How email open rates changed this year</h1>"
        '<div class="byline">{}</div><p>Text of the story, long enough.</p></article></body></html>'
    )
    assert meta(page.format("Jane Roe, Example Research Institute")).authors == ["Jane Roe"]
    assert meta(page.format("Example Community Development")).authors == []


def _own_site(byline: str, site: str = "Erin Spain") -> str:
    return (
        f'<html><head><meta property="og:site_name" content="{site}"><title>DIY tables - {site}</title></head>'
        f'<body><article><h1>Twelve DIY woodworking tables</h1><div class="author">{byline}</div>'
        "<p>Text of the story, long enough.</p></article></body></html>"
    )


def test_byline_naming_the_owner_of_a_site_the_host_spells_is_kept() -> None:
    assert meta(_own_site("By Erin Spain"), "https://www.erinspain.com/diy/").authors == ["Erin Spain"]
    # another host: the site's name in a byline is the outlet, not a writer
    assert meta(_own_site("By Erin Spain"), "https://news.example.com/diy/").authors == []
    # a brand on its own domain: a trade word is never part of a person's name
    page = _own_site("By Loona Construction", "Loona Construction")
    assert meta(page, "https://www.loona-construction.com/a/").authors == []
    assert meta(page, "https://www.loonaconstruction.com/a/").authors == []
