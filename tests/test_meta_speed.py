"""The metadata speed paths give the answers of the plain lookups they replace."""

from __future__ import annotations

import importlib

from selectolax.lexbor import LexborHTMLParser

from warta.article import Article

meta = importlib.import_module("warta.extract.metadata")  # `warta.extract` is also a function name

PAGE = """<html><head><title>Banjir di Jakarta - Kabar</title>
<link rel="canonical" class="{c}" href="https://kabar.example/banjir">
<script type="text/javascript" class="{c}">{{"@type": "NewsArticle", "headline": "not JSON-LD"}}</script>
<script type="application/ld+json" class="{c}">{{"@type": "NewsArticle", "headline": "Banjir di Jakarta"}}</script>
</head><body>
<nav class="{c}" itemprop="breadcrumb"><a href="/">Beranda</a> <a href="/metro">Metro</a></nav>
<article class="{c} related"><h1 class="{c}">Banjir di Jakarta</h1>
<time class="{c}" datetime="2024-01-02">2 Januari 2024</time>
<figure class="{c} caption"><img src="/a.jpg"><figcaption>Warga melintas. (Foto: Budi)</figcaption></figure>
<div class="caption related {c}" itemprop="x">Keterangan</div>
<p>Hujan deras sejak pagi membuat sejumlah jalan di Jakarta tergenang air setinggi lutut.</p>
</article></body></html>"""


def _shape(page: object) -> tuple:
    """What _collect found, by tag and text (node objects differ between trees)."""

    def tags(nodes: list) -> list[str]:
        return [n.tag for n in nodes]

    return (
        page.metas,
        page.canonical,
        page.title_tag,
        page.h1,
        [dt for _n, dt in page.times],
        {k: tags(v) for k, v in page.itemprops.items()},
        page.jsonld,
        tags(page.articles),
        tags(page.captions),
        tags(page.related_boxes),
    )


def test_breadcrumb_probe_changes_nothing_but_the_flag() -> None:
    # Lexbor lists a node once per selector it matches: the probe must not add a repeat of its own
    with_crumbs = meta._collect(LexborHTMLParser(PAGE.format(c="Breadcrumb")))
    without = meta._collect(LexborHTMLParser(PAGE.format(c="plain")))
    assert with_crumbs.has_crumbs and not without.has_crumbs
    assert _shape(with_crumbs) == _shape(without)
    assert [o["headline"] for o in with_crumbs.jsonld] == ["Banjir di Jakarta"]
    assert with_crumbs.canonical == "https://kabar.example/banjir"


def test_section_from_breadcrumbs_only_when_the_page_has_them() -> None:
    page = """<html><body><ol class="Breadcrumbs"><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ol>
    <h1>Match report from the weekend</h1><p>Text of the story goes here and on.</p></body></html>"""
    art = Article()
    meta.fill_metadata(LexborHTMLParser(page), art)
    assert (art.section, art.field_sources.get("section")) == ("Sport", "dom")
    art = Article()
    meta.fill_metadata(LexborHTMLParser(page.replace("Breadcrumbs", "trail")), art)
    assert art.section is None


def test_tag_links_match_the_css_lookup() -> None:
    cases = [
        '<article><p><a rel="tag" href="/t/a">Banjir</a></p></article>',
        '<article><ul class="Post-TAGS"><li><a href="/t/b">Jakarta</a></li></ul><a rel="tag" href="/t/a">Banjir</a></article>',
        '<div class="tags"><article><a href="/t/c">Hujan</a><a rel="tag nofollow" href="/t/d">Pompa</a></article></div>',
        "<article><p>No tags at all</p></article>",
    ]
    for html in cases:
        scope = LexborHTMLParser(html).css_first("article")
        expected = [a.text() for a in scope.css(meta._TAG_EL)]
        assert [a.text() for a in meta._tag_links(scope)] == expected, html
    assert [a.text() for a in meta._tag_links(LexborHTMLParser(cases[2]).css_first("article"))] == [
        "Hujan",
        "Pompa",
        "Pompa",
    ]


def test_related_label_ignores_long_scripts_but_reads_the_text_around_them() -> None:
    script = "<script>var s = 'baca juga: " + "x" * 1200 + "';</script>"
    links = '<a href="/a">Pompa air dinyalakan di sepuluh titik</a> <a href="/b">Warga mengungsi ke masjid terdekat</a>'
    visible = (
        f"<article><h1>Banjir</h1>{script}<p>Isi berita.</p>{script}<div>Baca juga: {links}</div></article>"
    )
    art = Article()
    meta.fill_metadata(
        LexborHTMLParser(f'<html lang="id"><body>{visible}</body></html>'), art, url="https://k.example/x"
    )
    assert [r.url for r in art.related] == ["https://k.example/a", "https://k.example/b"]
    hidden = f"<article><h1>Banjir</h1>{script}<p>Isi berita.</p><div>{links}</div></article>"
    art = Article()
    meta.fill_metadata(
        LexborHTMLParser(f'<html lang="id"><body>{hidden}</body></html>'), art, url="https://k.example/x"
    )
    assert art.related == []


def test_iter_text_walks_the_rows_after_the_headline() -> None:
    tree = LexborHTMLParser("<h1>T</h1><p>one</p><div><span>two</span> three</div><p>four</p>")
    h1 = tree.css_first("h1")
    walked = [n.text_content for n in meta._iter_text(h1, limit=400)]
    assert walked == ["one", "two", " three", "four"]
    assert [n.text_content for n in meta._iter_text(h1, limit=400, max_nodes=2)] == walked[:2]
    assert [n.text_content for n in meta._iter_text(h1, limit=4)] == walked[:2]  # "one" + "two" reach 4 chars


def test_join_is_urljoin() -> None:
    from urllib.parse import urljoin

    urls = ["https://cdn.example/p.jpg?w=1&h=2", "https://a.b/x?", "https://a.b/x#", "https://a.b/x;p", "HTTP://A.b/x",
            "https://a.b", "https://a.b?q=1", "http://[::1/x", " https://a.b/x", "https://a.b/x\n", "https://a.b:80/x",
            "https://a.b:/x", "https://a.b/x?a?b", "https://é.b/x", "//a.b/x", "/x", "../x", "x", ""]  # fmt: skip
    for base in ("https://s.example/a/b", "http://s.example", "https://s.example/a?q#f", "http://[bad/x"):
        for url in urls:
            try:
                want: object = urljoin(base, url)
            except ValueError as exc:
                want = type(exc)
            try:
                got: object = meta._join(base, url)
            except ValueError as exc:
                got = type(exc)
            assert got == want, (base, url)
