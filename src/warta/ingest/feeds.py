"""RSS 1.0/2.0, Atom and sitemaps: the pages they list become RawDocs.

>>> items = parse_feed(open("kompas.rss", "rb").read())   # doctest: +SKIP
>>> items[0].url, items[0].title, items[0].published     # doctest: +SKIP
('https://x.id/a', 'Judul', 'Mon, 01 Jan 2024 08:00:00 +0700')

:func:`read_feed` (a local file) and :func:`read_feed_bytes` (a fetched body) fetch every listed
page politely (:mod:`warta.ingest.http`). When a page cannot be fetched and the feed carries the
item's own content (``content:encoded``, Atom ``content``, a long ``description``), that inline
content is used instead, so the article is not lost. Sitemap indexes are followed (depth-limited).
Nothing here parses articles: items only carry what the feed says (title, date) in ``meta``.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from warta.article import RawDoc

MAX_SITEMAP_DEPTH = 3
MIN_INLINE_CHARS = 200
"""Inline feed content shorter than this is a teaser, not the article: not used as a fallback."""

_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
)


@dataclass
class FeedItem:
    url: str
    title: str | None = None
    published: str | None = None
    content: str | None = None
    """Inline HTML/text of the item, when the feed carries it."""
    is_sitemap: bool = False
    """A nested sitemap (from a sitemap index), not a page."""


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _atom_link(entry: etree._Element) -> str | None:
    best = None
    for child in entry:
        if _local(child.tag) == "link":
            href = child.get("href") or (child.text or "").strip()
            rel = child.get("rel", "alternate")
            if href and rel == "alternate":
                return href
            best = best or href
    return best


def parse_feed(body: bytes) -> list[FeedItem]:
    """Items of an RSS / Atom feed or the URLs of a sitemap (index), in document order."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    root = etree.fromstring(body, _PARSER) if body.strip() else None
    if root is None:
        return []
    kind = _local(root.tag)
    items: list[FeedItem] = []
    if kind in ("urlset", "sitemapindex"):
        for el in root:
            name = _local(el.tag)
            if name not in ("url", "sitemap"):
                continue
            loc = _child_text(el, "loc")
            if not loc:
                continue
            title = published = None
            for sub in el.iter():
                n = _local(sub.tag)
                if n == "title" and sub.text:
                    title = sub.text.strip()
                elif n in ("publication_date", "lastmod") and sub.text and not published:
                    published = sub.text.strip()
            items.append(FeedItem(url=loc, title=title, published=published, is_sitemap=name == "sitemap"))
        return items
    for el in root.iter():
        name = _local(el.tag)
        if name == "item":  # RSS 0.9x / 2.0 / 1.0 (RDF)
            url = _child_text(el, "link") or el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            if not url:
                guid = _child_text(el, "guid")
                url = guid if guid and guid.startswith("http") else None
            content = _child_text(el, "encoded") or _child_text(el, "description")
            published = _child_text(el, "pubdate", "date", "published")
        elif name == "entry":  # Atom
            url = _atom_link(el)
            content = _child_text(el, "content") or _child_text(el, "summary")
            published = _child_text(el, "published", "updated")
        else:
            continue
        if url:
            items.append(
                FeedItem(
                    url=url.strip(), title=_child_text(el, "title"), published=published, content=content
                )
            )
    return items


def read_feed_bytes(
    body: bytes,
    *,
    source: str,
    fetcher: object | None = None,
    skip: Callable[[str], bool] | None = None,
    depth: int = 0,
) -> Iterator[RawDoc]:
    """Fetch and yield every page a feed or sitemap lists (see module doc)."""
    from warta.ingest.http import Fetcher, FetchError, default_fetcher

    f: Fetcher = fetcher if isinstance(fetcher, Fetcher) else default_fetcher()
    try:
        items = parse_feed(body)
    except (etree.XMLSyntaxError, ValueError, OSError) as exc:
        yield RawDoc(
            data=b"", source=source, meta={"read_error": f"unreadable feed: {exc}", "error": "FeedError"}
        )
        return
    for item in items:
        if item.is_sitemap:
            if depth >= MAX_SITEMAP_DEPTH:
                continue
            try:
                res = f.fetch(item.url)
            except FetchError as exc:
                yield RawDoc(data=b"", source=item.url, meta={"read_error": str(exc), "error": exc.code})
                continue
            if not res.not_modified:
                yield from read_feed_bytes(res.body, source=item.url, fetcher=f, skip=skip, depth=depth + 1)
            continue
        if skip is not None and skip(item.url):
            continue
        meta = {"feed": source, "feed_title": item.title, "feed_published": item.published}
        try:
            res = f.fetch(item.url, conditional=False)  # not stored (skip said so): need the body
        except FetchError as exc:
            if item.content and len(item.content) >= MIN_INLINE_CHARS:
                meta["fetch_error"] = str(exc)
                yield RawDoc(
                    data=item.content, source=item.url, url=item.url, content_type="text/html", meta=meta
                )
            else:
                yield RawDoc(
                    data=b"",
                    source=item.url,
                    url=item.url,
                    meta={**meta, "read_error": str(exc), "error": exc.code},
                )
            continue
        if res.not_modified:
            continue
        yield RawDoc(
            data=res.body,
            source=item.url,
            url=res.url,
            fetched_at=res.fetched_at,
            content_type=res.content_type,
            meta=meta,
        )


def read_feed(
    path: str, *, skip: Callable[[str], bool] | None = None, fetcher: object | None = None
) -> Iterator[RawDoc]:
    """A local RSS / Atom / sitemap file: fetch the pages it lists."""
    from warta.ingest.files import open_maybe_compressed

    try:
        with open_maybe_compressed(path) as fh:
            body = fh.read()
    except (OSError, EOFError) as exc:
        yield RawDoc(data=b"", source=path, meta={"read_error": str(exc), "error": type(exc).__name__})
        return
    yield from read_feed_bytes(body, source=path, fetcher=fetcher, skip=skip)
