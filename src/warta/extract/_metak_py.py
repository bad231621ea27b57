"""Pure-Python twin of the metadata kernels (``_metak.pyx``): same functions, same results.

Code imports them through ``warta._compiled.kernel("warta.extract._metak")``.

>>> labels_in("Baca Juga: Banjir di Jakarta", ("baca juga", "read more"))
['baca juga']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

COLLECT = (
    'title, meta, link[rel~="canonical" i], script[type*="ld+json" i], time, h1, [itemprop], article, main, figure, '
    "[class*=caption i], [class*=related i], [class*=baca i], [class*=terkait i], [class*=breadcrumb i]"
)
"""The CSS selector list of ``warta.extract.metadata._collect``'s one pass over the document.

Lexbor lists a node once per selector of the list it matches, consecutively (``figure.caption``
comes twice); the compiled :func:`collect` gives the same list.
"""


_CRUMB_CLASS = re.compile(r"breadcrumb", re.I | re.A)  # CSS ``i`` folds ASCII letters only


def labels_in(text: str, labels: tuple[str, ...]) -> list[str]:
    """The ``labels`` (lower-case, in their order) found in ``text.lower()``.

    >>> labels_in("READ MORE", ("read more", "see also"))
    ['read more']
    """
    low = text.lower()
    return [label for label in labels if label in low]


def collect(tree: Any) -> list[Any]:
    """``tree.css(COLLECT)``: the nodes of a parsed page (``LexborHTMLParser``) that the metadata pass reads.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> [n.tag for n in collect(LexborHTMLParser("<title>T</title><h1 class=caption>H</h1>"))]
    ['title', 'h1', 'h1']
    """
    return tree.css(COLLECT)


def collect_page(tree: Any) -> tuple[list[Any], dict[str, list[str]], str | None, bool]:
    """:func:`collect` with the ``<meta>`` map, the canonical link and the breadcrumb probe read off.

    Returns ``(nodes, metas, canonical, has_crumbs)``: ``metas`` maps each ``<meta>`` key
    (``property`` / ``name`` / ``http-equiv`` stripped and lower-cased, ``itemprop:`` + each
    itemprop word) to its values in page order, ``content`` else ``datetime`` or ``value``;
    ``canonical`` is the first ``<link rel=canonical>``'s stripped ``href``; ``has_crumbs`` tells
    whether some element's class names a breadcrumb. ``nodes`` are the rest of :func:`collect`'s
    list in order: a node it lists twice (two selectors match) comes twice, less the breadcrumb
    selector's own match.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<meta property=" OG:Title " content="T"><link rel=canonical href=" /a ">'
    ...                      '<h1 class="breadcrumb caption">H</h1>')
    >>> nodes, metas, canonical, crumbs = collect_page(t)
    >>> [n.tag for n in nodes], metas, canonical, crumbs
    (['h1', 'h1'], {'og:title': ['T']}, '/a', True)
    """
    nodes: list[Any] = []
    metas: dict[str, list[str]] = {}
    canonical = None
    has_crumbs = False
    probed = -1
    for node in collect(tree):
        attrs = node.attributes
        probe = attrs.get("class")
        if probe and _CRUMB_CLASS.search(probe) and node.mem_id != probed:
            has_crumbs = True
            probed = node.mem_id  # the breadcrumb selector's match: skipped, the node's other matches follow
            continue
        tag = node.tag
        if tag == "meta":
            content = attrs.get("content")
            if content is None:
                content = attrs.get("datetime") or attrs.get("value")
            if content is None:
                continue
            for k in ("property", "name", "http-equiv"):
                key = attrs.get(k)
                if key:
                    metas.setdefault(key.strip().lower(), []).append(content)
            ip = attrs.get("itemprop")
            if ip:
                for key in ip.split():
                    metas.setdefault("itemprop:" + key.lower(), []).append(content)
        elif tag == "link":
            rel = (attrs.get("rel") or "").lower().split()
            if "canonical" in rel and canonical is None and attrs.get("href"):
                canonical = attrs["href"].strip()
        else:
            nodes.append(node)
    return nodes, metas, canonical, has_crumbs


def collect_page_with(
    tree: Any, queries: tuple[str, ...]
) -> tuple[list[Any], dict[str, list[str]], str | None, bool, list[list[Any]]]:
    """:func:`collect_page` plus ``tree.root.css(query)`` for each query (the kernel answers them in
    the same walk): ``(nodes, metas, canonical, has_crumbs, found)``, ``found[i]`` the matches of
    ``queries[i]`` in document order, in a form only :func:`within` reads (here the nodes):
    ``within(found[i], node)`` is ``node.css(queries[i])``.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<div class="Byline"><p class="byline post-date">A</p></div>')
    >>> *_, found = collect_page_with(t, ("[class*=byline i]", "[class*=date i], [class*=byline i]"))
    >>> [[n.tag for n in within(f, t.root)] for f in found]
    [['div', 'p'], ['div', 'p', 'p']]
    """
    root = tree.root
    found = [root.css(q) if root is not None else [] for q in queries]
    return (*collect_page(tree), found)


def within(nodes: list[Any], node: Any, limit: int = -1) -> list[Any]:
    """The ``nodes`` (a list in document order) that are ``node`` or inside it, at most ``limit``
    (all when ``limit < 0``): ``node.css(query)[:limit]`` when ``nodes`` is the page's
    :func:`collect_page_with` answer for ``query``.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<p class="a">1</p><div><p class="a">2</p><p class="a">3</p></div>')
    >>> [n.text() for n in within(t.css(".a"), t.css_first("div"), 1)]
    ['2']
    """
    out: list[Any] = []
    if limit == 0:
        return out
    rid = node.mem_id
    for n in nodes:
        p = n
        while p is not None and p.mem_id != rid:
            p = p.parent
        if p is not None:
            out.append(n)
            if len(out) == limit:
                break
    return out


def scope_labels(
    node: Any, labels: tuple[str, ...], long_script: int = 1000, row_prefixes: tuple[str, ...] | None = None
) -> Any:
    """The ``labels`` (lower-case, in their order) found in ``node.text(deep=True).lower()`` once the
    text of each ``<script>`` / ``<style>`` longer than ``long_script`` characters is cut out where
    the element stands (one space stands for it): script text is most of a page's text and holds
    no labels a reader sees.

    With ``row_prefixes``, the pair ``(labels found, row_prefixed(node, row_prefixes))``: the
    kernel answers both in one walk over the text.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser("<p>BACA <b>juga</b>: x</p><script>" + "1" * 2000 + "</script>").body
    >>> scope_labels(body, ("baca juga", "related")), scope_labels(body, ("related",), 1000, ("baca",))
    (['baca juga'], ([], True))
    """
    if row_prefixes is not None:
        return scope_labels(node, labels, long_script), row_prefixed(node, row_prefixes)
    cut = {c.mem_id for c in node.css("script, style") if len(c.text(deep=True)) > long_script}
    if not cut:
        return labels_in(node.text(deep=True), labels)
    pieces: list[str] = []
    skipping, resume = False, None
    for n in node.traverse(include_text=True):  # document order, the node itself first
        if skipping:
            if resume is None or n.mem_id != resume:
                continue
            skipping = False
        if n.mem_id in cut:
            pieces.append(" ")
            skipping, resume = True, _after(n, node)
        elif n.tag == "-text":
            pieces.append(n.text_content or "")
    return labels_in("".join(pieces), labels)


def _after(n: Any, root: Any) -> int | None:
    """The ``mem_id`` of the node after ``n``'s subtree in a walk of ``root`` (None: the walk ends)."""
    top = root.mem_id
    while n.mem_id != top and n.next is None:
        n = n.parent
    return None if n.mem_id == top else n.next.mem_id


SKIP_TEXT = frozenset(("script", "style", "noscript", "template", "svg", "button", "select", "nav"))
"""Elements :func:`text_nodes` never enters."""
SHORT_ROW = 80
"""A text (cleaned) longer than this is body prose for :func:`text_nodes`' ``short_rows``."""


def text_nodes(
    node: Any,
    forward: bool,
    limit: int,
    short_rows: bool,
    skip_prose: int,
    within: Any,
    max_nodes: int,
    clean: Callable[[str], str],
) -> list[Any]:
    """The non-blank text nodes next to ``node``, up to ``limit`` characters and ``max_nodes``
    nodes (-1: any number), nearest first; ``clean`` is the caller's text cleaner (the prose test
    measures cleaned text). Steps: at most 400 (each sibling or parent step is one).

    ``forward`` walks the following text in document order; otherwise the preceding text,
    backwards. Siblings come first, then the parents' siblings, descending into elements and
    skipping :data:`SKIP_TEXT`; the walk never leaves ``<body>``, nor ``within`` when given. With
    ``short_rows`` it stops at body prose (a ``<p>`` or a text node over :data:`SHORT_ROW`
    characters), after first passing over ``skip_prose`` such blocks unread.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> h1 = LexborHTMLParser("<div>Kicker</div><h1>T</h1><div>By Ann</div>").css_first("h1")
    >>> [n.text_content for n in text_nodes(h1, True, 400, False, 0, None, -1, str.strip)]
    ['By Ann']
    """
    out: list[Any] = []
    if max_nodes == 0:
        return out
    size = 0
    cur: Any = node
    steps = 0
    stop = within.mem_id if within is not None else None
    prose = 0
    while cur is not None and size < limit and steps < 400:
        steps += 1
        nxt = cur.next if forward else cur.prev
        while nxt is None:
            cur = cur.parent
            if cur is None or cur.tag in ("body", "html") or cur.mem_id == stop:
                return out
            nxt = cur.next if forward else cur.prev
        cur = nxt
        while True:
            tag = cur.tag
            if tag == "-text":
                t = cur.text_content
                if t and not t.isspace():
                    if short_rows and len(clean(t)) > SHORT_ROW:
                        prose += 1
                        if prose > skip_prose:
                            return out
                        break
                    out.append(cur)
                    if len(out) == max_nodes:
                        return out
                    size += len(t)
                break
            if short_rows and tag == "p" and len(clean(cur.text(deep=True))) > SHORT_ROW:
                prose += 1
                if prose > skip_prose:
                    return out
                break
            if tag in SKIP_TEXT:
                break
            inner = cur.first_child if forward else cur.last_child
            if inner is None:
                break
            cur = inner
    return out


def select(node: Any, query: str, limit: int = -1) -> list[Any]:
    """``node.css(query)``, ``[:limit]`` when ``limit >= 0`` (the compiled kernel walks Lexbor's
    structs for simple selector lists and stops at the limit).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser('<p class="Byline">A</p><a rel="AUTHOR">B</a>').body
    >>> [n.text() for n in select(body, 'a[rel="author"], [class*=byline i]')]
    ['A', 'B']
    """
    return node.css(query) if limit < 0 else node.css(query)[:limit]


def select_first(node: Any, query: str) -> Any:
    """``node.css_first(query)``: the first match in document order, or None."""
    return node.css_first(query)


def contains(node: Any, text: str, limit: int = 20) -> list[Any]:
    """``node.css(f':lexbor-contains("{text}" i)')[:limit]``: elements with a text child holding ``text``.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> [n.tag for n in contains(LexborHTMLParser("<div><b>BACA JUGA:</b> x</div>").body, "baca juga")]
    ['b']
    """
    return node.css(f':lexbor-contains("{text}" i)')[:limit]


_ROW_END = r"(?=[ \t:\-\n]|[^\x00-\x7f]|\Z)"


def _prefix_rx(prefix: str) -> str:
    """``prefix`` (ASCII, lower case) compared ASCII-case-insensitively; a non-ASCII character at
    any place after the first ends the match (it might fold to the letter: "ſ", "İ")."""
    out = ""
    for i in range(len(prefix) - 1, -1, -1):
        ch = prefix[i]
        c = f"[{re.escape(ch)}{re.escape(ch.upper())}]" if ch.isalpha() else re.escape(ch)
        rest = out or _ROW_END
        out = c + (f"(?:[^\\x00-\\x7f]|{rest})" if i + 1 < len(prefix) or not out else rest)
    return out


_row_rx: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def row_prefixed(node: Any, prefixes: tuple[str, ...]) -> bool:
    """Whether a row of ``node.text(deep=True, separator="\\n")`` might open with one of ``prefixes``.

    A row starts a text node or follows a newline in it; after spaces and tabs it must hold a
    prefix (lower-case ASCII; the text's ASCII letters case folded) followed by a space, tab,
    colon, hyphen, newline, a non-ASCII character or the node's end. A non-ASCII character inside
    the prefix counts as a match (Unicode case folding might make it the letter). ``False`` proves
    that no such row exists (a prefilter for a regex over the joined text); prefixes that are not
    ASCII make it ``True``.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser("<p>Text.</p><p>  BY <a>Jane Doe</a></p>").body
    >>> row_prefixed(body, ("by", "oleh")), row_prefixed(body, ("oleh",))
    (True, False)
    """
    try:
        rx = _row_rx[prefixes]
    except KeyError:
        if not all(p.isascii() and p and p == p.lower() for p in prefixes):
            rx = None
        else:
            alts = "|".join(_prefix_rx(p) for p in prefixes) or "(?!)"
            rx = re.compile(rf"(?:^|\n)[ \t]*(?:{alts})")
        _row_rx[prefixes] = rx
    if rx is None:
        return True
    return rx.search(node.text(deep=True, separator="\n")) is not None


def enabled() -> bool:
    """Whether :func:`collect` and :func:`select` walk Lexbor's structs (never, in the twin)."""
    return False


__all__ = [
    "COLLECT",
    "collect",
    "collect_page",
    "scope_labels",
    "contains",
    "enabled",
    "labels_in",
    "row_prefixed",
    "select",
    "select_first",
]
