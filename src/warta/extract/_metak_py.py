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


__all__ = ["COLLECT", "collect", "labels_in"]
