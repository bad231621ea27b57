"""HTML pages to :class:`~warta.article.Article`: decode, parse (Lexbor), metadata, body, page type.

>>> html = '''<html><head><title>Banjir di Jakarta</title><meta property="og:type" content="article">
... </head><body><article>
... <h1>Banjir di Jakarta</h1>
... <p>JAKARTA, KOMPAS.com - Hujan deras sejak pagi membuat sejumlah jalan di Jakarta tergenang air.</p>
... <p>Petugas mengatakan air mulai surut pada sore hari setelah pompa dinyalakan di beberapa titik.</p>
... </article></body></html>'''
>>> art = extract_html(html)
>>> art.dateline, art.lead[:14], len(art.body)
('JAKARTA, KOMPAS.com', 'Hujan deras se', 1)

The parser is selectolax's Lexbor binding: on the Zyte benchmark pages it parses about twice as
fast as lxml (see ``bench/results/html-extract.md``). Work per page is bounded: the input is cut at
:data:`MAX_HTML_CHARS`, the DOM walk at :data:`warta.extract.content.MAX_NODES` nodes, and JSON-LD
at :data:`MAX_JSONLD_BYTES`; a cut is recorded in ``Article.errors`` (``truncated``).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from functools import cache
from typing import Any
from urllib.parse import urljoin

import msgspec
from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

from warta._compiled import kernel
from warta.article import Article, Related, Removed
from warta.extract import chrome
from warta.extract.content import Content, content_from_dom, extract_content
from warta.extract.decode import decode, plain_utf8_count
from warta.extract.metadata import fill_metadata
from warta.extract.pagetype import classify_page

_HK = kernel("warta.extract._htmlk")
"""Byte kernels (``_htmlk.pyx``, else the twin ``_htmlk_py.py``): UTF-8 encode, ``<`` count."""

MAX_HTML_CHARS = 8_000_000
"""Decoded characters parsed at most (a 50 MB page is cut, not parsed whole)."""
MAX_JSONLD_BYTES = 1_000_000
LIST_TYPES = frozenset({"listing", "collection", "forum"})
"""Page types whose content is read in list mode (items with linked titles)."""
RICH_TYPES = frozenset({"product", "documentation", "service"})
"""Page types whose content has many short lines (specs, parameters, contact facts)."""
RICH_CONF = 0.5
DUP_MIN = 200
"""A repeated paragraph this long is a duplicate copy (responsive markup); shorter ones may repeat
on purpose (the same interview question to each guest) and are dropped only when adjacent."""
NOSCRIPT_MIN = 2000
"""A ``<noscript>`` with this much markup may be the page's crawler copy (used when the body is empty)."""

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

PARSE_OPTIONS = LexborDocumentOptions.WO_EVENTS
"""Lexbor builds the tree without its DOM mutation callbacks (they emulate browser behaviour after
an insertion, such as copying the selected ``<option>`` into ``<selectedcontent>``; nothing here
reads that): about 3 % less parse time, the same articles on the 1,678 benchmark pages."""

MAX_DEPTH = 1500
"""Open elements at most before the page is cut. Lexbor's tree builder scans the stack of open
elements for many start tags, so parse time grows with depth x tags: 80,000 nested ``<div>`` take
16 CPU-seconds. Browsers stop nesting at a few hundred levels (the deepest of the 1,678 benchmark
pages estimates at 450), so real pages never need this many."""
DEPTH_CHECK_BYTES = 100_000
"""Pages shorter than this are not checked (at most ~20,000 tags: parsed in well under a second)."""
DEPTH_CHECK_TAGS = 20_000


def deep_nesting_cut(html: bytes, max_depth: int = MAX_DEPTH, lt_count: int | None = None) -> int | None:
    """Offset of the first tag opened deeper than ``max_depth`` levels, or None.

    Only pages with at least :data:`DEPTH_CHECK_TAGS` tags (``<`` bytes: ``lt_count`` when the
    caller has counted them, else counted here) are scanned. A tag-level estimate, no
    parsing: void elements, elements the parser closes itself and ``<x/>`` do not deepen the tree.

    >>> deep_nesting_cut(b"<b>x</b><svg><path/></svg>" * 20_000) is None
    True
    >>> deep_nesting_cut(b"<div>" * 30_000, max_depth=10)
    50
    """
    if (_count_lt(html) if lt_count is None else lt_count) < DEPTH_CHECK_TAGS:
        return None
    # one C pass over the bytes (the twin: a tag regex); comments, scripts and styles are stepped over
    return _HK.depth_cut(html, max_depth)


def _valid_utf8(data: bytes | str, enc: str, text: str) -> bool:
    """Whether ``data`` is bytes that decoded as strict UTF-8 into ``text`` (no BOM, nothing
    replaced), so ``text.encode("utf-8")`` would give ``data`` back and need not be computed.

    >>> _valid_utf8("é".encode(), "utf-8", "é"), _valid_utf8(b"\\xff", "utf-8", "\\ufffd")
    (True, False)
    """
    return (
        type(data) is bytes
        and enc == "utf-8"
        and not data.startswith(codecs.BOM_UTF8)
        and "\ufffd" not in text  # replaced bytes (decode's lenient path) or a real U+FFFD: encode
    )


def _count_lt(html: bytes) -> int:
    """``html.count(b"<")``, eight bytes per step in the compiled kernel (``bytes.count`` tests a
    one-byte needle byte by byte).

    >>> _count_lt(b"<p>a < b</p>")
    3
    """
    return _HK.count_byte(html, 0x3C)


@cache
def _lexicon(lang: str | None) -> chrome.Lexicon:
    return chrome.Lexicon.for_lang(lang)


def extract_html(
    data: bytes | str, *, url: str | None = None, lang: str | None = None, fetched_at: str | None = None
) -> Article:
    """Extract one HTML page. Never raises on bad input: problems become ``Article.errors``."""
    art = Article()
    # the page's "<" count when its bytes are plain UTF-8 (counted in the validating pass), else -1
    lt = plain_utf8_count(data) if type(data) is bytes and len(data) <= MAX_HTML_CHARS else -1
    if lt >= 0:
        raw = data  # what decoding and encoding would give back: the text is never built
    else:
        try:
            text, enc = decode(data)
        except Exception as exc:  # pragma: no cover - decode never raises by contract
            art.add_error("extract", exc)
            return art
        if len(text) > MAX_HTML_CHARS:
            text = text[:MAX_HTML_CHARS]
            art.add_error("extract", "truncated", f"page longer than {MAX_HTML_CHARS} characters was cut")
            raw = _HK.utf8_encode(text)
        elif _valid_utf8(data, enc, text):
            raw = data  # type: ignore[assignment]  # the page's own bytes: what encoding the text gives
        else:
            raw = _HK.utf8_encode(text)  # text.encode("utf-8", "ignore"): what the parser does with a str
    if (
        len(raw) >= DEPTH_CHECK_BYTES
        and (cut := deep_nesting_cut(raw, lt_count=lt if lt >= 0 else None)) is not None
    ):
        raw = raw[:cut]
        art.add_error(
            "extract", "truncated", f"elements nested deeper than {MAX_DEPTH} levels; the page was cut there"
        )
    try:
        tree = LexborHTMLParser(raw, options=PARSE_OPTIONS)
    except Exception as exc:
        art.add_error("extract", exc, "the HTML parser failed")
        return art
    if lang:
        art.lang = lang
    page = None
    try:
        page = fill_metadata(tree, art, url=url, fetched_at=fetched_at)
    except Exception as exc:
        art.add_error("metadata", exc)
    if page is not None:  # reuse the metadata step's decoded JSON-LD and <meta> map
        ld = jsonld_from_objects(page.jsonld_raw)
        og_type = page.meta("og:type")
    else:
        ld = read_jsonld(tree)
        og_type = _meta(tree, "og:type")
    # No strip_tags pass: the walk never enters scripts, styles, <noscript>, svg or form controls.
    try:
        content = extract_content(tree)
        if sum(len(b.text) for b in content.blocks) < NOSCRIPT_MIN // 4 and (
            noscripts := [
                t for n in tree.css("body noscript") if len(t := n.text(deep=True) or "") > NOSCRIPT_MIN
            ]
        ):
            # Server-rendered copy for crawlers (Discourse and other JS apps): read that instead.
            alt_tree = LexborHTMLParser(max(noscripts, key=len), options=PARSE_OPTIONS)
            alt = extract_content(alt_tree)
            if sum(len(b.text) for b in alt.blocks) > sum(len(b.text) for b in content.blocks):
                content, tree = alt, alt_tree
                art.field_sources["body"] = "noscript"
    except Exception as exc:  # defensive: the walk is bounded, but a bad page must not stop a run
        art.add_error("extract", exc, "body extraction failed")
        return art
    if content.dom.truncated:
        art.add_error("extract", "truncated", "page has too many nodes; the rest was not read")
    page_type, conf = classify_page(tree, content, ld_types=ld.types, og_type=og_type, url=url)
    art.page_type, art.page_type_confidence = page_type, conf
    declared_article = (og_type or "").lower() == "article" or any(t in _ARTICLE_LD for t in ld.types)
    if page_type in LIST_TYPES and (
        conf >= LIST_CONF or (_prose_chars(content) < LIST_PROSE and not declared_article)
    ):
        # Listings, shops and forums: the content is the list of items, linked titles included.
        alt = content_from_dom(content.dom, mode="list")
        if sum(len(b.text) for b in alt.blocks) > sum(len(b.text) for b in content.blocks):
            content = alt
    elif page_type in RICH_TYPES and conf >= RICH_CONF:
        alt = content_from_dom(content.dom, mode="rich")
        if sum(len(b.text) for b in alt.blocks) > sum(len(b.text) for b in content.blocks):
            content = alt
    _fill_body(art, content, ld, lang, url)
    if art.page_type == "article":
        _split_lead(art, lang)
    return art


def _prose_chars(content: Content) -> int:
    return sum(len(b.text) for b in content.blocks if b.kind == "p" and len(b.text) >= 80)


_ARTICLE_LD = frozenset(
    {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "OpinionNewsArticle"}
)
LIST_CONF = 0.7
LIST_PROSE = 1000
"""List mode replaces the prose reading when the page type is sure, or the prose is thin."""


# --- JSON-LD ---------------------------------------------------------------------------------


class JsonLd(msgspec.Struct):
    """What the body and page-type steps need from a page's JSON-LD."""

    types: list[str] = []
    article_body: str | None = None


def read_jsonld(tree: Any) -> JsonLd:
    """Types (``@type``, flattened over ``@graph``) and ``articleBody`` of every JSON-LD block."""
    out = JsonLd(types=[])
    budget = MAX_JSONLD_BYTES
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True) or ""
        if not raw.strip() or len(raw) > budget:
            continue
        budget -= len(raw)
        try:
            obj = msgspec.json.decode(raw.strip().rstrip(";"))
        except msgspec.DecodeError:
            continue
        _walk_ld(obj, out, 0)
    return out


def jsonld_from_objects(objects: list[Any]) -> JsonLd:
    """Like :func:`read_jsonld` on already decoded scripts (``fill_metadata(...).jsonld_raw``).

    >>> jsonld_from_objects([{"@graph": [{"@type": "NewsArticle", "articleBody": "Isi."}]}]).types
    ['NewsArticle']
    """
    out = JsonLd(types=[])
    for obj in objects:
        _walk_ld(obj, out, 0)
    return out


def _walk_ld(obj: Any, out: JsonLd, depth: int) -> None:
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj[:50]:
            _walk_ld(x, out, depth + 1)
        return
    if not isinstance(obj, dict):
        return
    t = obj.get("@type")
    for x in t if isinstance(t, list) else [t]:
        if isinstance(x, str):
            out.types.append(x.rsplit("/", 1)[-1])
    body = obj.get("articleBody")
    if isinstance(body, str) and len(body) > len(out.article_body or ""):
        out.article_body = body
    for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
        if key in obj:
            _walk_ld(obj[key], out, depth + 1)


def _meta(tree: Any, prop: str) -> str | None:
    node = tree.css_first(f'meta[property="{prop}"], meta[name="{prop}"]')
    if node is None:
        return None
    val = node.attributes.get("content")
    return val.strip() if val else None


# --- body ------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


@cache
def _line_classifier(lang: str | None) -> Any:
    """The compiled line classifier (:mod:`warta.extract._lines`) for ``lang``'s lexicon:
    ``verdict(s) == chrome.classify_line(s, lex)``, most blocks answered by its C pre-check."""
    from warta._compiled import kernel

    return kernel("warta.extract._lines").Classifier(_lexicon(lang))


def _fill_body(
    art: Article, content: Content, ld: JsonLd, lang: str | None = None, url: str | None = None
) -> None:
    verdict_of = _line_classifier(lang).verdict
    title_n = _norm(art.title) if art.title else ""
    body: list[str] = []
    headings: list[int] = []
    # Paragraphs already kept, bucketed by a cheap key that equal normal forms share (letter
    # counts of the lower-cased text, counted in C without lower-casing): the word-list normal
    # form is computed only on a bucket hit.
    seen: dict[tuple[int, int, int], str | set[str]] = {}
    letter_key = _HK.letter_key
    for text, reason in content.removed:
        art.removed.append(Removed(text=text, reason=reason))
    related = list(content.related)
    for b in content.blocks:
        text = b.text
        heading = b.kind == "h"
        if heading:
            n: str | None = _norm(text)
            if not n:
                continue
            if title_n and (n == title_n or (len(n) > 20 and (n in title_n or title_n in n))):
                continue  # the headline repeated in the body
        elif _WORD.search(text) is None:
            continue  # no word at all (an empty normal form)
        else:
            n = None
        # Text-level chrome (None = keep the block): chrome.classify_line's verdict through the
        # compiled Classifier; classify_line, not is_related_prefix: only the former honours
        # "more:"-style colon markers. A heading is dropped only as chrome or a related marker.
        verdict = None
        if len(text) <= 400 and (v := verdict_of(text)) is not None:
            kind = v.kind.value
            if kind in _DROP_KINDS and (not heading or kind == "chrome" or kind == "related"):
                verdict = kind
        if verdict == "related":
            related.extend(b.links or [(text, None)])
            art.removed.append(Removed(text=text, reason="related"))
            continue
        if verdict is not None:
            art.removed.append(Removed(text=text, reason=verdict))
            continue
        key = letter_key(text)
        bucket = seen.get(key)
        if bucket is None:
            seen[key] = text  # one text in the bucket: its normal form is not needed yet
        else:
            if isinstance(bucket, str):  # a second text: the bucket becomes a set of normal forms
                bucket = seen[key] = {" ".join(_WORD.findall(bucket.lower()))}
            if n is None:
                n = " ".join(_WORD.findall(text.lower()))
            if not heading and n in bucket and (len(n) > DUP_MIN or (body and _norm(body[-1]) == n)):
                art.removed.append(Removed(text=text, reason="duplicate"))
                continue
            bucket.add(n)
        if heading:
            headings.append(len(body))
        body.append(text)
    # Trailing headings are section labels of whatever follows the article, not content.
    while headings and headings[-1] == len(body) - 1:
        art.removed.append(Removed(text=body.pop(), reason="trailing-heading"))
        headings.pop()
    art.body, art.headings = body, headings
    art.field_sources.setdefault("body", "dom")
    _crosscheck_article_body(art, ld)
    base = art.canonical_url or url
    art.related = _dedupe_related(
        art.related + [Related(title=t, url=_abs(u, base)) for t, u in related if not _is_anchor(u)]
    )


_DROP_KINDS = frozenset({"chrome", "related", "tag", "byline", "credit", "caption", "date", "dateline"})


def _crosscheck_article_body(art: Article, ld: JsonLd) -> None:
    """Compare the DOM body with JSON-LD ``articleBody``; fall back to it when the DOM lost the text."""
    ab = ld.article_body
    if not ab or len(ab) < 200:
        return
    ab_words = _WORD.findall(ab.lower())
    dom_words = _WORD.findall(" ".join(art.body).lower())
    total = len(ab_words)
    if len(dom_words) > 2 * total:
        return  # the DOM body is much longer: keep it (tested first, it needs no counting)
    ab_tokens, dom_tokens = Counter(ab_words), Counter(dom_words)
    covered = sum((ab_tokens & dom_tokens).values()) / total if total else 1.0
    if covered >= 0.5:
        return
    paras = [_WS.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\r?\n", ab)]
    paras = [p for p in paras if p]
    if len(paras) == 1 and len(paras[0]) > 1500:
        paras = [s for s in re.split(r"(?<=[.!?])\s{2,}", paras[0]) if s]
    art.body, art.headings = paras, []
    art.field_sources["body"] = "json-ld"


def _abs(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if base and not href.startswith(("http://", "https://")):
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def _is_anchor(href: str | None) -> bool:
    return bool(href) and href.strip().startswith(("#", "javascript:", "mailto:"))


def _dedupe_related(items: list[Related]) -> list[Related]:
    out: list[Related] = []
    seen: set[str] = set()
    for r in items:
        key = r.url or _norm(r.title)
        if key in seen or not r.title.strip():
            continue
        seen.add(key)
        out.append(r)
    return out


def strip_dateline(text: str, lang: str | None = None) -> tuple[str | None, str]:
    """``("JAKARTA, KOMPAS.com", rest)`` for a paragraph opening with a dateline, else ``(None, text)``
    (the rules are :func:`warta.extract.chrome.strip_dateline`, shared with text mode)."""
    dl, _outlet, rest = chrome.strip_dateline(text, _lexicon(lang))
    return (dl, rest) if dl else (None, text)


def _split_lead(art: Article, lang: str | None) -> None:
    """Settle ``lead``: the metadata standfirst if any (dropped from the body), else the first paragraph.

    The dateline ("JAKARTA, KOMPAS.com -") is cut from the lead into ``dateline``.
    """
    if art.lead:
        key = _norm(art.lead)
        for i, p in enumerate(art.body):
            if i in art.headings:
                continue
            n = _norm(p)
            if n == key or (len(key) > 40 and (n.startswith(key) or key.startswith(n) and len(n) > 40)):
                if n != key and len(n) > len(key):
                    art.lead = p  # the body has the full paragraph, the description was cut
                del art.body[i]
                art.headings = [h if h < i else h - 1 for h in art.headings]
                break
    else:
        for i, p in enumerate(art.body):
            if i in art.headings:
                continue
            if len(p) < 40:
                return
            art.lead = p
            del art.body[i]
            art.headings = [h if h < i else h - 1 for h in art.headings]
            art.field_sources["lead"] = "dom"
            break
    if art.lead:
        dl, rest = strip_dateline(art.lead, lang)
        if dl and rest.strip():
            if not art.dateline or dl.startswith(art.dateline):
                art.dateline = dl
            art.lead = rest.strip()


__all__ = ["MAX_HTML_CHARS", "JsonLd", "extract_html", "jsonld_from_objects", "read_jsonld", "strip_dateline"]
