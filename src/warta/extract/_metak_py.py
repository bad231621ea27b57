"""Pure-Python twin of the metadata kernels (``_metak.pyx``): same functions, same results.

Code imports them through ``warta._compiled.kernel("warta.extract._metak")``.

>>> labels_in("Baca Juga: Banjir di Jakarta", ("baca juga", "read more"))
['baca juga']
"""

from __future__ import annotations

from typing import Any

COLLECT = (
    'title, meta, link[rel~="canonical" i], script[type*="ld+json" i], time, h1, [itemprop], article, main, figure, '
    "[class*=caption i], [class*=related i], [class*=baca i], [class*=terkait i], [class*=breadcrumb i]"
)
"""The CSS selector list of ``warta.extract.metadata._collect``'s one pass over the document.

Lexbor lists a node once per selector of the list it matches, consecutively (``figure.caption``
comes twice); the compiled :func:`collect` gives the same list.
"""


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


def select(node: Any, query: str) -> list[Any]:
    """``node.css(query)`` (the compiled kernel walks Lexbor's structs for simple selector lists).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser('<p class="Byline">A</p><a rel="AUTHOR">B</a>').body
    >>> [n.text() for n in select(body, 'a[rel="author"], [class*=byline i]')]
    ['A', 'B']
    """
    return node.css(query)


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


def enabled() -> bool:
    """Whether :func:`collect` and :func:`select` walk Lexbor's structs (never, in the twin)."""
    return False


__all__ = ["COLLECT", "collect", "contains", "enabled", "labels_in", "select", "select_first"]
