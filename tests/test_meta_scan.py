"""The metadata kernel's one-walk label + row scan, and fill_metadata's shared per-page look-ups.

``_K.scope_labels(node, labels, long, row_prefixes)`` answers ``scope_labels`` and ``row_prefixed``
in one walk over an element's text (fill_metadata reads the editor rows and the "read also" labels
of the article scope together); it must equal the two separate calls, compiled and in the twin.
"""

from __future__ import annotations

import importlib

import pytest
from tests.conftest import DATA, need

TWIN = importlib.import_module("warta.extract._metak_py")
LABELS = ("baca juga", "read more", "related", "lihat juga")
PREFIXES = ("editor", "reviewed by", "by", "oleh")


def _compiled():
    try:
        return importlib.import_module("warta.extract._metak")
    except ImportError:
        pytest.skip("warta.extract._metak is not built (no C compiler)")


PAGES = (
    "<p>Text.</p><p>Baca juga: x</p><p>Editor: Budi</p>",  # both
    "<p>Text.</p><script>" + "x" * 2000 + "\neditor: y</script><p>related</p>",  # a row only in a long script
    "<p>Text.</p><style>" + "x" * 2000 + "</style><p>Reviewed\u2014</p>",  # non-ASCII after the prefix
    "<p>No labels, no rows.</p><p>an editor wrote</p>",  # neither (the prefix in a row's middle)
    "<p>\u0130stanbul baca juga</p><p>BY x</p>",  # U+0130: the labels take the twin's path
)


@pytest.mark.parametrize("html", PAGES)
def test_one_walk_equals_two_calls(html):
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(html)
    for node in [tree.body, *tree.css("p")]:
        for mod in (k, TWIN):
            want = (mod.scope_labels(node, LABELS, 1000), mod.row_prefixed(node, PREFIXES))
            assert mod.scope_labels(node, LABELS, 1000, PREFIXES) == want
        assert k.scope_labels(node, LABELS, 1000, PREFIXES) == TWIN.scope_labels(node, LABELS, 1000, PREFIXES)


def test_one_walk_answers():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    got = [k.scope_labels(LexborHTMLParser(h).body, LABELS, 1000, PREFIXES) for h in PAGES]
    assert got == [
        (["baca juga"], True),
        (["related"], True),
        ([], True),
        ([], False),
        (["baca juga"], True),
    ]
    assert k.scope_labels(LexborHTMLParser("<p>x</p>").body, LABELS, 1000, ("caf\u00e9",)) == ([], True)


def test_one_walk_on_real_pages():
    """Kernel = twin = the two separate calls, on the article scopes and bodies of 60 real pages."""
    from bench.common import decode_html, wcxb_pages, zyte_pages
    from selectolax.lexbor import LexborHTMLParser

    from warta.extract import metadata

    need(DATA / "zyte-aeb")
    k = _compiled()
    lex = metadata._lex()
    n = rows = 0
    for source in (zyte_pages(limit=30), wcxb_pages(limit=30)):
        for row in source:
            tree = LexborHTMLParser(decode_html(row[1]))
            scope = metadata._article_scope(tree, metadata._collect(tree))
            for node in {id(x): x for x in (scope, tree.body) if x is not None}.values():
                got = k.scope_labels(node, lex.related_labels, 1000, lex.editor_prefixes)
                want = (
                    k.scope_labels(node, lex.related_labels, 1000),
                    k.row_prefixed(node, lex.editor_prefixes),
                )
                assert got == want
                assert TWIN.scope_labels(node, lex.related_labels, 1000, lex.editor_prefixes) == want
                n += 1
                rows += got[1]
    assert n >= 60 and rows >= 1


def test_fill_metadata_reads_editor_rows_and_labels_once():
    """fill_metadata's page look-ups (site names, local dates, the scope scan) give what a fresh call gives."""
    from selectolax.lexbor import LexborHTMLParser

    from warta.article import Article
    from warta.extract import metadata

    html = (
        '<html lang="id"><head><meta property="og:site_name" content="Kabar">'
        '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Banjir besar di Jakarta hari ini",'
        ' "author": {"@type": "Person", "name": "Budi Santoso"}}</script></head><body><article>'
        "<h1>Banjir besar di Jakarta hari ini</h1><p>Penulis: Rina Ayu</p><time datetime='2025-12-18T21:41:41-05:00'>"
        "18 Des</time><p>Teks berita.</p><p>Baca juga: <a href='/a'>Banjir lain di kota yang sama</a></p>"
        "<p>Editor :</p><p>Budi Santoso</p></article></body></html>"
    )
    tree = LexborHTMLParser(html)
    art = Article()
    page = metadata.fill_metadata(tree, art, url="https://kabar.example/2025/12/18/banjir")
    assert art.authors == ["Rina Ayu"]  # the metadata name shows only as the editor
    assert art.published == "2025-12-18T21:41:41-05:00"  # UTC written at the page's offset
    assert [r.title for r in art.related] == ["Banjir lain di kota yang sama"]
    assert page.labels_seen is not None and page.labels_seen[1] == ["baca juga"]
    # the same answers from the functions called afresh
    fresh = metadata._collect(tree)
    scope = metadata._article_scope(tree, fresh)
    assert metadata._site_names(fresh, None, None) == metadata._site_names(page, page.site_names[0], None)
    assert metadata._writer_not_editor(fresh, scope, ["Budi Santoso"], set()) == (["Rina Ayu"], "dom")
