"""Readers on their own: files, dumps, WARC, feeds (no network, no store)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import zstandard

from warta.ingest.feeds import parse_feed
from warta.ingest.files import iter_sources, kind_of
from warta.ingest.warc import read_warc, write_warc

PAGE = b"<html><head><title>Judul %d</title></head><body><article><p>Isi berita nomor %d.</p></article></body></html>"


def _pages(n: int) -> list[tuple[str, bytes]]:
    return [(f"https://berita.example/{i}", PAGE % (i, i)) for i in range(n)]


def test_kinds() -> None:
    assert kind_of("a/CC-NEWS-1.warc.gz") == "warc"
    assert kind_of("x.jsonl.zst") == "jsonl"
    assert kind_of("feed.rss") == "feed"
    assert kind_of("https://x.id/a") == "url"
    assert kind_of("p.html.gz") == "html"
    assert kind_of("p.txt") == "text"
    assert kind_of("list.urls") == "urls"


def test_directories_globs_text_and_html(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text("Judul\n\nIsi.", encoding="utf-8")
    (tmp_path / "d" / "sub" / "b.html.gz").write_bytes(gzip.compress(PAGE % (1, 1)))
    (tmp_path / "d" / ".hidden").write_text("x")
    docs = list(iter_sources([str(tmp_path / "d")]))
    assert [Path(d.source).name for d in docs] == ["a.txt", "b.html.gz"]
    assert docs[1].data == PAGE % (1, 1) and docs[1].content_type == "text/html"
    globbed = list(iter_sources([str(tmp_path / "d" / "**" / "*.gz")]))
    assert [Path(d.source).name for d in globbed] == ["b.html.gz"]
    missing = list(iter_sources([str(tmp_path / "nope.txt")]))
    assert missing[0].meta["error"] == "FileNotFoundError"


def test_jsonl_dumps_cc_news_mc4_oscar(tmp_path: Path) -> None:
    cc = [
        {"maintext": f"teks {i}", "url": f"https://x.id/{i}", "date_download": "2024-01-01"} for i in range(3)
    ]
    mc4 = [{"text": "mc4 text", "url": "https://y.id/1", "timestamp": "2020-01-01T00:00:00Z"}]
    oscar = [{"text": "oscar teks", "meta": {"lang": "id"}}]
    lines = lambda recs: b"".join(json.dumps(r).encode() + b"\n" for r in recs)  # noqa: E731
    (tmp_path / "cc.jsonl.gz").write_bytes(gzip.compress(lines(cc)))
    (tmp_path / "mc4.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines(mc4)))
    (tmp_path / "oscar.jsonl").write_bytes(lines(oscar) + b"{broken\n")
    docs = list(iter_sources([str(tmp_path / n) for n in ("cc.jsonl.gz", "mc4.jsonl.zst", "oscar.jsonl")]))
    assert [d.data for d in docs[:5]] == ["teks 0", "teks 1", "teks 2", "mc4 text", "oscar teks"]
    assert docs[0].url == "https://x.id/0" and docs[0].fetched_at == "2024-01-01"
    assert docs[3].url == "https://y.id/1" and docs[3].fetched_at == "2020-01-01T00:00:00Z"
    assert docs[4].url is None
    assert docs[1].source.endswith("cc.jsonl.gz#2")
    assert docs[5].meta["error"] == "JSONDecodeError" and docs[5].source.endswith("oscar.jsonl#2")
    # news-please / CC-News keep the headline apart: it leads the text, the record's claims go to meta
    news = [
        {
            "title": "Banjir di Jakarta",
            "maintext": "JAKARTA - Air naik.",
            "date_publish": "2024-01-02 08:00:00",
            "url": "u",
        }
    ]
    (tmp_path / "np.jsonl").write_bytes(lines(news))
    doc = next(iter_sources([str(tmp_path / "np.jsonl")]))
    assert (
        doc.data == "Banjir di Jakarta\n\nJAKARTA - Air naik."
        and doc.meta["date_publish"] == "2024-01-02 08:00:00"
    )
    # resume: stored sources are not yielded again
    skipped = list(iter_sources([str(tmp_path / "cc.jsonl.gz")], skip=lambda s: s.endswith("#1")))
    assert [d.data for d in skipped] == ["teks 1", "teks 2"]


def test_warc_html_responses_only(tmp_path: Path) -> None:
    pages = [*_pages(3), ("https://berita.example/logo.png", b"\x89PNG....", "image/png")]
    pages.append(
        (
            "https://berita.example/latin",
            "<html><body><p>caf\xe9</p></body></html>".encode("latin-1"),
            "text/html; charset=ISO-8859-1",
        )
    )
    path = tmp_path / "c.warc.gz"
    write_warc(path, pages, date="2024-05-06T07:08:09Z")
    docs = list(read_warc(str(path)))
    assert [d.url for d in docs] == [
        *(f"https://berita.example/{i}" for i in range(3)),
        "https://berita.example/latin",
    ]
    assert docs[0].data == PAGE % (0, 0)
    assert docs[0].fetched_at == "2024-05-06T07:08:09Z"
    assert docs[0].content_type == "text/html; charset=utf-8"
    assert docs[3].content_type == "text/html; charset=iso-8859-1"  # the HTTP charset travels with the page
    assert docs[3].source == f"{path}#5"  # the image was record 4: numbering stays stable
    assert not any(d.meta.get("read_error") for d in docs)
    # the same through iter_sources, uncompressed too
    plain = tmp_path / "p.warc"
    write_warc(plain, _pages(2), compress=False)
    assert [d.url for d in iter_sources([str(plain)])] == [
        "https://berita.example/0",
        "https://berita.example/1",
    ]


def test_truncated_warc_gives_good_records_and_one_error(tmp_path: Path) -> None:
    path = tmp_path / "t.warc.gz"
    write_warc(path, _pages(50))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    docs = list(read_warc(str(path)))
    good = [d for d in docs if not d.meta.get("read_error")]
    bad = [d for d in docs if d.meta.get("read_error")]
    assert len(good) == 49 and [d.data for d in good] == [p for _, p in _pages(49)]
    assert len(bad) == 1 and bad[0].source == f"{path}#50" and "truncated" in bad[0].meta["read_error"]


def test_corrupt_warc_member_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    write_warc(path, _pages(20))
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 16] = b"\x00" * 16
    path.write_bytes(bytes(data))
    docs = list(read_warc(str(path)))
    assert sum(1 for d in docs if d.meta.get("read_error")) == 1
    good = [d for d in docs if not d.meta.get("read_error")]
    assert 5 <= len(good) < 20 and all(d.data == PAGE % (i, i) for i, d in enumerate(good))


def test_warc_skip_resumes(tmp_path: Path) -> None:
    path = tmp_path / "s.warc.gz"
    write_warc(path, _pages(5))
    done = {f"{path}#1", f"{path}#2"}
    assert [d.url for d in iter_sources([str(path)], skip=done.__contains__)] == [
        f"https://berita.example/{i}" for i in (2, 3, 4)
    ]


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>X</title>
<item><title>Satu</title><link>https://x.id/1</link><pubDate>Mon, 01 Jan 2024 08:00:00 +0700</pubDate>
<content:encoded><![CDATA[<p>Isi lengkap</p>]]></content:encoded></item>
<item><title>Dua</title><guid>https://x.id/2</guid><description>ringkas</description></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Y</title>
<entry><title>A</title><link rel="self" href="https://y.id/a.xml"/><link href="https://y.id/a"/>
<published>2024-02-03T04:05:06Z</published><content type="html">&lt;p&gt;badan&lt;/p&gt;</content></entry></feed>"""

SITEMAP = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://z.id/a</loc><news:news><news:publication_date>2024-03-01</news:publication_date><news:title>Berita A</news:title></news:news></url>
<url><loc> https://z.id/b </loc><lastmod>2024-03-02</lastmod></url></urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://z.id/s1.xml</loc></sitemap></sitemapindex>"""


def test_parse_rss_atom_sitemaps() -> None:
    rss = parse_feed(RSS)
    assert [(i.url, i.title) for i in rss] == [("https://x.id/1", "Satu"), ("https://x.id/2", "Dua")]
    assert rss[0].published == "Mon, 01 Jan 2024 08:00:00 +0700" and rss[0].content == "<p>Isi lengkap</p>"
    atom = parse_feed(ATOM)
    assert atom[0].url == "https://y.id/a" and atom[0].published == "2024-02-03T04:05:06Z"
    assert atom[0].content == "<p>badan</p>"
    sm = parse_feed(gzip.compress(SITEMAP))
    assert [(i.url, i.title, i.published) for i in sm] == [
        ("https://z.id/a", "Berita A", "2024-03-01"),
        ("https://z.id/b", None, "2024-03-02"),
    ]
    idx = parse_feed(INDEX)
    assert idx[0].is_sitemap and idx[0].url == "https://z.id/s1.xml"
    assert parse_feed(b"") == []
