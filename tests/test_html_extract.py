"""HTML extraction: body, related links, captions, dateline, page type, hostile input, real pages."""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import DATA, need
from warta.extract import extract
from warta.extract.html import extract_html, read_jsonld
from warta.extract.pagetype import classify_page

FIX = Path(__file__).parent / "fixtures" / "html"


def _page(name: str, url: str = "https://news.example/2024/03/05/story-123") -> object:
    return extract_html((FIX / name).read_bytes(), url=url)


def _all_text(art) -> str:
    return "\n".join([art.lead or "", *art.body])


def test_detik_like_body_related_caption_dateline():
    art = _page("detik_like.html")
    text = _all_text(art)
    assert art.page_type == "article"
    assert art.dateline == "Jakarta"
    assert art.lead.startswith("Ratusan warga Kampung Rambutan")
    assert "Rencana Pengerukan" in art.body
    assert art.body.index("Rencana Pengerukan") in art.headings
    assert art.body[-1].startswith("Warga berharap kegiatan serupa")
    # chrome never in the body
    for chrome in ("Baca juga", "Pompa Air Baru", "Bagikan", "Komentar", "Mantap sekali", "Terpopuler",
                   "Harga Cabai", "Copyright", "(rmr/dpr)", "Foto: Dimas", "script text"):  # fmt: skip
        assert chrome not in text, chrome
    # related link kept with its URL
    rel = {r.title: r.url for r in art.related}
    assert "Pompa Air Baru Dipasang di Jakarta Timur Jelang Musim Hujan" in rel
    assert rel["Pompa Air Baru Dipasang di Jakarta Timur Jelang Musim Hujan"].endswith(
        "/123/pompa-air-baru-dipasang-di-jakarta-timur"
    )
    assert any(r.reason in ("caption", "related", "link-list") for r in art.removed)


def test_kompas_like_dateline_lists_tables_quotes():
    art = _page("kompas_like.html")
    assert art.page_type == "article"
    assert art.dateline == "SUMENEP, WARTANUSANTARA.com"
    assert art.lead.startswith("Petani garam di Kabupaten Sumenep")
    body = "\n".join(art.body)
    assert "Harga di tingkat petani" in art.body
    assert "KW1 | Rp 1.200.000" in art.body  # a table row is one paragraph
    assert any(p.startswith("Koperasi desa diminta") for p in art.body)  # list item kept
    assert any(p.startswith('"Kalau harga terus begini') for p in art.body)  # blockquote kept
    assert "Baca juga" not in body and "Terpopuler" not in body and "Bagikan" not in body
    assert "Gempa Magnitudo" not in body
    assert any("Harga Garam Rakyat Turun" in r.title for r in art.related)
    # order of paragraphs is the page's order
    i = next(i for i, p in enumerate(art.body) if p.startswith("Menurut Hadi"))
    j = next(i for i, p in enumerate(art.body) if p.startswith("Pemerintah daerah berjanji"))
    assert i < j


def test_english_news_widgets_and_caption_excluded():
    art = _page("english_news.html", url="https://ledger.example/local/2023/04/bike-lanes")
    text = _all_text(art)
    assert art.page_type == "article"
    assert art.title == "City Council Approves New Bike Lanes"
    assert art.lead.startswith("The Riverside city council voted 7-2")
    assert art.body[-1].startswith("Opponents argued")
    for chrome in (
        "newsletter",
        "Subscribe",
        "A cyclist rides",
        "Photo: Lee Chan",
        "Share on Facebook",
        "Privacy Policy",
        "Bus routes will change",
    ):
        assert chrome not in text, chrome
    urls = [r.url for r in art.related]
    assert "https://ledger.example/local/2023/03/bus-routes-change" in urls
    assert len(urls) == len(set(urls))


def test_listing_page_type_and_items():
    art = _page("listing.html", url="https://harbor.example/local/")
    assert art.page_type == "listing"
    assert 0 < art.page_type_confidence <= 1
    text = _all_text(art)
    assert "Harbor ferry schedule changes for the winter season" in text
    assert "Marathon route announced with road closures downtown" in text
    assert art.lead is None  # a listing has no news lead


def test_forum_page_type_and_posts():
    art = _page("forum.html", url="https://garden.example/t/tomato-seedlings-turning-yellow/991")
    assert art.page_type == "forum"
    text = _all_text(art)
    for start in (
        "Hi all, my tomato seedlings",
        "Sounds like transplant shock",
        "Also check the soil",
        "Thanks both!",
    ):
        assert start in text
    assert "Reply Quote Like" not in text
    assert "Peppers not growing" not in text


def test_jsonld_article_body_fallback_when_dom_is_empty():
    body = "Kalimat pertama berita ini cukup panjang untuk dihitung. " * 10
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "Judul", "articleBody": body})
        + "</script></head><body><div id='app'></div></body></html>"
    )
    art = extract_html(html)
    assert art.field_sources.get("body") == "json-ld"
    assert "Kalimat pertama berita" in _all_text(art)
    assert read_jsonld(__import__("selectolax.lexbor").lexbor.LexborHTMLParser(html)).types == ["NewsArticle"]


def test_story_feed_next_to_the_main_article_is_left_out():
    # A main <article> followed by a feed of headed story cards, all inside one wrapper.
    para = (
        "<p>Warga Kampung Rambutan membersihkan kali bersama petugas sejak pagi hari ini, kata ketua RT. </p>"
    )
    card = (
        "<article><span>KABAR {n}</span><h2>Judul cerita lain nomor {n} tentang kota</h2>"
        "<p>Ringkasan cerita lain nomor {n} yang cukup panjang untuk dibaca sebagai kalimat utuh.</p></article>"
    )
    html = (
        "<html><body><div class='page'><article><h1>Kerja bakti di kali</h1>"
        + para * 12
        + "</article>"
        + "".join(card.format(n=n) for n in range(6))
        + "</div></body></html>"
    )
    text = _all_text(extract_html(html))
    assert "Warga Kampung Rambutan" in text
    assert "Ringkasan cerita lain" not in text and "KABAR" not in text


def test_noscript_crawler_copy_is_read():
    posts = "".join(
        f"<p>Post number {i} explains how the scheduler handles retries and timeouts in detail.</p>"
        for i in range(40)
    )
    html = f"<html><body><div id='ember'></div><noscript><div class='topic-body'>{posts}</div></noscript></body></html>"
    art = extract_html(html)
    assert "Post number 7 explains" in _all_text(art)


def test_charset_declared_and_wrong_or_missing():
    text = "<p>Café résumé naïve — " + "paragraf panjang tentang kopi di Bandung. " * 4 + "</p>"
    page = f'<html><head><meta charset="windows-1252"></head><body><article>{text}</article></body></html>'
    art = extract_html(page.encode("cp1252"))
    assert "Café résumé naïve" in _all_text(art)
    # declared utf-8 but really cp1252 bytes: no crash, text still there
    bad = page.replace("windows-1252", "utf-8").encode("cp1252")
    art = extract_html(bad)
    assert "paragraf panjang tentang kopi" in _all_text(art)
    # no declaration at all, latin-1 bytes
    art = extract_html(page.replace('<meta charset="windows-1252">', "").encode("latin-1", "replace"))
    assert "paragraf panjang tentang kopi" in _all_text(art)


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><p>Truncated paragraph that never ends because the download was cut in the mid",
        b"<p>No html, head or body elements here, just a paragraph of text that is long enough.</p>",
        b"",
        b"   ",
        b"<html><body></body></html>",
        bytes(range(256)) * 40,
        b"<html>" + b"<div>" * 20000 + b"deep text" + b"</div>" * 20000 + b"</html>",
        b"<<<>>><//p><p <a href=>x</a>",
    ],
    ids=["truncated", "no-body", "empty", "blank", "empty-body", "binary", "deeply-nested", "garbage"],
)
def test_hostile_input_never_crashes(data):
    art = extract(data, content_type="text/html")
    assert art is not None
    assert isinstance(art.body, list)


def test_huge_page_is_bounded():
    para = (
        "<p>Paragraf {}: " + "sebuah kalimat yang diulang untuk membuat halaman sangat besar. " * 8 + "</p>\n"
    )
    data = (
        "<html><body><article>" + "".join(para.format(i) for i in range(30_000)) + "</article></body></html>"
    ).encode()
    assert len(data) > 15_000_000
    t0 = time.process_time()
    art = extract(data, content_type="text/html")
    assert time.process_time() - t0 < 20
    assert art.body
    assert any(e.error == "truncated" for e in art.errors)


def test_truncated_html_keeps_text():
    art = extract_html(b"<html><body><article><p>" + b"Teks berita yang terpotong di tengah jalan. " * 5)
    assert "Teks berita yang terpotong" in _all_text(art)


def test_pagetype_from_jsonld_product():
    from selectolax.lexbor import LexborHTMLParser

    from warta.extract.content import extract_content

    tree = LexborHTMLParser(
        "<body><h1>Blue kettle</h1><span class='price'>$24.99</span><button class='add-to-cart'>Add to cart</button>"
        "<p>A small kettle.</p></body>"
    )
    kind, conf = classify_page(
        tree,
        extract_content(tree),
        ld_types=["Product", "Offer"],
        og_type="product",
        url="https://shop.example/products/blue-kettle",
    )
    assert kind == "product" and conf > 0.5


# --- real pages ------------------------------------------------------------------------------

_W = re.compile(r"\w+")


def _shingles(s: str) -> Counter:
    t = _W.findall(s)
    return Counter(tuple(t[i : i + 4]) for i in range(max(1, len(t) - 3))) if t else Counter()


def test_real_zyte_pages_mean_f1():
    root = need(DATA / "zyte-aeb")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[::18][:10]
    ps, rs = [], []
    for pid in ids:
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        art = extract_html(html, url=truth[pid].get("url"))
        p, t = _shingles(_all_text(art)), _shingles(truth[pid]["articleBody"])
        tp = sum((p & t).values())
        ps.append(tp / sum(p.values()) if p else 0.0)
        rs.append(tp / sum(t.values()) if t else 0.0)
    prec, rec = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * prec * rec / (prec + rec)
    assert f1 >= 0.9, (prec, rec, f1)
