"""The HTML walk (``content.build_dom``), the hint patterns and the related-section rule."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from warta.extract.content import (
    _NEG_HINT,
    _POS_HINT,
    HINT_SOURCES,
    NEG,
    POS,
    RELATED,
    _hint_rx,
    build_dom,
    hint_flags,
)
from warta.extract.html import deep_nesting_cut, extract_html

CLOSING = "Penutup: kerja bakti berikutnya dijadwalkan bulan depan, menurut pengumuman pengurus kampung. "
STORY = "Warga Kampung Rambutan membersihkan kali bersama petugas sejak pagi hari ini, kata ketua RT. "


def _dom(html: str, **kw):
    tree = LexborHTMLParser(html)
    return build_dom(tree.body, **kw)


def test_walk_splits_mixed_content_into_owned_blocks():
    dom = _dom(
        "<body><div class='wrap'>Lead text <b>bold</b> <i>tail</i>"
        "<p>First <a href='/x'>linked words</a> para.</p>after para"
        "<ul><li>one</li><li>two<br>three</li><li>four<br><br>five</li></ul></div></body>"
    )
    got = [(b.text, dom.tags[b.owner], b.link_chars) for b in dom.blocks]
    assert got == [
        ("Lead text bold tail", "div", 0),
        ("First linked words para.", "p", len("linked words")),
        ("after para", "div", 0),
        ("one", "li", 0),
        ("two three", "li", 0),
        ("four", "li", 0),
        ("five", "li", 0),
    ]
    p = next(b for b in dom.blocks if dom.tags[b.owner] == "p")
    assert p.links == [("linked words", "/x")]
    assert dom.parents[p.owner] == dom.tags.index("div")


def test_walk_skips_hidden_scripts_and_controls_but_counts_markers():
    dom = _dom(
        "<body><div><p>Visible words here.</p><p style='display: none'>Hidden words.</p>"
        "<div aria-hidden='true'><p>Also hidden.</p></div><script>var x = 1;</script>"
        "<button>Click</button><span class='price'>$5</span><pre>code</pre><form></form></div></body>"
    )
    text = " ".join(b.text for b in dom.blocks)
    assert "Visible words here." in text and "$5" in text and "code" in text
    for gone in ("Hidden", "Also hidden", "var x", "Click"):
        assert gone not in text
    assert dom.markers["price"] == 1 and dom.markers["code"] == 1 and dom.markers["form"] == 1
    # with hidden elements read (the fallback for pages revealed by a script)
    shown = " ".join(
        b.text for b in _dom("<body><p hidden>Secret text.</p></body>", skip_hidden=False).blocks
    )
    assert shown == "Secret text."


def test_walk_is_bounded_and_table_cells_know_their_row():
    big = "<body>" + "<p>x</p>" * 500 + "</body>"
    dom = _dom(big, max_nodes=100)
    assert dom.truncated and 0 < len(dom.blocks) < 100
    dom = _dom("<body><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></body>")
    rows = [b.row for b in dom.blocks]
    assert rows[0] == rows[1] != rows[2] and dom.tags[rows[0]] == "tr"


def test_hint_patterns_match_like_the_plain_regex():
    tokens = [
        "nav", "navbar", "sub-nav", "canvas", "sidebar-nav", "share-buttons", "ad", "ads", "ad-slot",
        "adsense", "head", "shadow", "post-list", "postlist", "post-content", "post", "article-body",
        "toc", "tocbot", "doc", "docs", "doctor", "read-more", "also", "x", "tags", "hashtags", "tag",
        "stage", "next", "next-page", "annexed", "prev", "preview", "context", "text", "textarea",
        "related-posts", "photo-by", "myphoto-credit", "reply", "autoreply", "answer", "offer",
        "coffer", "meta", "metadata", "follow", "unfollow", "tts", "body", "nobody", "",
    ]  # fmt: skip
    assert len(HINT_SOURCES) >= 11
    for rx, src in HINT_SOURCES.items():
        plain = re.compile(src)
        hits = [tok for tok in tokens if plain.search(tok)]
        assert [tok for tok in tokens if rx.search(tok)] == hits, src[:40]
    # the comparison is not vacuous: the plain patterns hit some tokens and miss others
    neg = re.compile(HINT_SOURCES[_NEG_HINT])
    assert neg.search("sub-nav") and not neg.search("canvas") and not neg.search("shadow")
    assert _NEG_HINT.search("sub-nav") and not _NEG_HINT.search("canvas")
    assert _POS_HINT.search("post-content") and not _POS_HINT.search("post-list")
    assert _hint_rx(r"(?<![a-z])nav|next|menu").pattern == "n(?:(?<![a-z]n)av|ext)|menu"
    assert hint_flags("related-posts") & RELATED and hint_flags("navbar") & NEG
    assert not hint_flags("canvas") & NEG and hint_flags("entry-content") & POS
    assert hint_flags("col-md-8 row") == 0


def _related_page(lead_text_before_heading: bool) -> str:
    teaser = (
        "<article><p>"
        + "Cerita lain yang panjang tentang banjir dan kemacetan di kota besar. " * 4
        + "</p></article>"
    )
    before = "<p>" + CLOSING + "</p>" if lead_text_before_heading else ""
    return (
        "<html><body><div class='page'><article><h1>Kerja bakti</h1>"
        + ("<p>" + STORY * 2 + "</p>") * 3
        + "</article><section>"
        + before
        + "<h3 class='related-posts-title'>Anda mungkin suka</h3>"
        + teaser * 4
        + "</section></div></body></html>"
    )


def test_section_led_by_a_related_heading_is_not_body():
    art = extract_html(_related_page(False))
    text = "\n".join([art.lead or "", *art.body])
    assert "Warga Kampung Rambutan" in text
    assert "Cerita lain" not in text
    assert any(r.reason == "related" and "Cerita lain" in r.text for r in art.removed)


def test_related_heading_inside_running_text_does_not_cut_it():
    # The heading does not lead its section (text comes before it): the rule does not fire there.
    art = extract_html(_related_page(True))
    text = "\n".join([art.lead or "", *art.body])
    assert "Warga Kampung Rambutan" in text
    assert CLOSING.strip() in text


def test_deep_nesting_is_cut_before_parsing():
    # Lexbor's tree builder is quadratic in nesting depth: 200,000 nested <div> took ~100 CPU-s.
    import time

    html = "<html><body><p>" + STORY + "</p>" + "<div>" * 200_000 + "teks" + "</div>" * 200_000
    t0 = time.process_time()
    art = extract_html(html)
    assert time.process_time() - t0 < 5
    assert any(e.error == "truncated" for e in art.errors)
    assert "Warga Kampung Rambutan" in "\n".join([art.lead or "", *art.body])


def test_inline_scripts_styles_and_comments_do_not_count_as_nesting():
    # minified JS full of "<" comparisons once read as ~435 fake open tags and cut the story
    js = "for(var i=0;i<n.length;i++){if(a<b&&c>d){x=y}}" * 4000 + "var h='<div><span>';"
    css = ".a>b{color:red}" * 500
    html = (
        "<html><head><style>"
        + css
        + "</style><script>"
        + js
        + "</script>"
        + "<!-- <div><div><div> -->" * 2000
        + "</head><body><article><p>"
        + STORY
        + "</p></article>"
        + "<div><b>x</b></div>" * 10_000
        + "</body></html>"
    )
    assert len(html) > 400_000
    art = extract_html(html)
    assert not any(e.error == "truncated" for e in art.errors)
    assert "Warga Kampung Rambutan" in "\n".join([art.lead or "", *art.body])
    assert deep_nesting_cut(html.encode(), max_depth=50) is None


def test_link_text_is_the_visible_text_read_under_the_link():
    dom = _dom(
        "<body><p>See <a href='/a'>Seller's items<span style='display:none'>Seller's items</span>"
        "<script>track()</script></a> and <a href='/b'><svg><title>icon</title></svg>More</a>.</p>"
        "<div><a href='/card'><h3>Card title</h3><p>Card summary text.</p></a></div></body>"
    )
    p = dom.blocks[0]
    assert p.text == "See Seller's items and More."
    assert p.links == [("Seller's items", "/a"), ("More", "/b")]
    assert p.link_chars == len("Seller's items") + len("More")
    # a link wrapping block elements: its record travels with the first block flushed after it opens
    card = [lk for b in dom.blocks for lk in b.links if lk[1] == "/card"]
    assert card == [("Card title Card summary text.", "/card")]
