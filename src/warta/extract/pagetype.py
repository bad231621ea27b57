"""Page type: ``article``, ``listing``, ``forum``, ``product``, ``collection``, ``documentation``, ``service``.

Evidence is summed per type, then turned into a label and a confidence (the winner's share of the
positive evidence). Sources: schema.org types in JSON-LD, ``og:type``, the URL path, and DOM
features of the parsed page: repeated teaser cards (linked headlines), prose share, price and
cart markup, post/reply structures, code blocks and documentation navigation.

>>> from selectolax.lexbor import LexborHTMLParser
>>> from warta.extract.content import extract_content
>>> tree = LexborHTMLParser("<body><p>" + "Kalimat berita yang panjang. " * 40 + "</p></body>")
>>> classify_page(tree, extract_content(tree), ld_types=["NewsArticle"], og_type="article", url=None)[0]
'article'
"""

from __future__ import annotations

import re
from typing import Any

from warta.extract.content import Content, _walker

TYPES = ("article", "listing", "forum", "product", "collection", "documentation", "service")

_LD = {
    "newsarticle": ("article", 3.0),
    "article": ("article", 2.0),
    "blogposting": ("article", 3.0),
    "reportagenewsarticle": ("article", 3.0),
    "analysisnewsarticle": ("article", 3.0),
    "opinionnewsarticle": ("article", 3.0),
    "liveblogposting": ("article", 2.0),
    "scholarlyarticle": ("article", 2.0),
    "techarticle": ("documentation", 2.5),
    "apireference": ("documentation", 3.0),
    "howto": ("documentation", 1.0),
    "product": ("product", 3.0),
    "productgroup": ("product", 2.0),
    "offer": ("product", 1.0),
    "aggregateoffer": ("collection", 0.5),
    "itempage": ("product", 1.5),
    "discussionforumposting": ("forum", 4.0),
    "qapage": ("forum", 4.0),
    "socialmediaposting": ("forum", 2.0),
    "comment": ("forum", 0.5),
    "collectionpage": ("listing", 1.5),
    "itemlist": ("listing", 1.0),
    "searchresultspage": ("listing", 2.0),
    "service": ("service", 2.5),
    "localbusiness": ("service", 1.0),
    "contactpage": ("service", 1.5),
    "softwareapplication": ("service", 1.0),
    "professionalservice": ("service", 2.0),
    "faqpage": ("service", 0.8),
    "aboutpage": ("service", 1.0),
}
_OG = {
    "article": ("article", 1.5),
    "product": ("product", 2.5),
    "product.group": ("collection", 2.5),
    "product.item": ("product", 2.5),
    "og:product": ("product", 2.5),
    "ebay-objects:item": ("product", 2.5),
    "book": ("documentation", 0.5),
    "blog": ("listing", 0.5),
}
_URL_RULES = [
    (
        re.compile(
            r"/(?:forums?|threads?|topics?|discussions?|community|communities|questions|t)/|/showthread|viewtopic|/r/\w+/comments/"
        ),
        "forum",
        2.5,
    ),
    (
        re.compile(r"/(?:products?|dp|item|itm|p)/|/gp/product|/shop/[^/]+/[^/]+|\.html?\?.*(?:sku|pid)="),
        "product",
        1.5,
    ),
    (
        re.compile(r"/(?:collections?|categor(?:y|ies)|c|shop|catalog|store|brands?|departments?)(?:/|$)"),
        "collection",
        1.2,
    ),
    (
        re.compile(
            r"/(?:docs?|documentation|api|reference|manual|guides?|handbook|wiki|kb|knowledge-?base|tutorials?|learn|developers?|sdk)(?:/|$)|readthedocs|/man/"
        ),
        "documentation",
        1.8,
    ),
    (
        re.compile(
            r"/(?:tags?|topics?|archives?|authors?|search|page/\d+|kategori|indeks|index|news|blog|events|jobs|careers)/?$|[?&](?:page|q|s)="
        ),
        "listing",
        1.5,
    ),
    (
        re.compile(
            r"/(?:services?|solutions?|pricing|plans|contact(?:-us)?|about(?:-us)?|book|booking|appointments?|quote|features?|hire|support|help)(?:/|$|-)"
        ),
        "service",
        1.2,
    ),
    (
        re.compile(
            r"/20\d\d/\d{1,2}/|/(?:news|berita|read|artikel|article|story|stories|posts?|blog)/[^/]+[-_][^/]+|-\d{5,}(?:\.html?)?$|\d{6,}"
        ),
        "article",
        1.5,
    ),
]
_PRICE_TEXT = re.compile(r"(?:[$€£¥₹]|R(?<!\wR)(?:p\.?|M)|U(?<!\wU)SD|E(?<!\wE)UR|I(?<!\wI)DR)\s?\d[\d.,]*")
r"""A price: ``$5``, ``Rp 15.000``, ``RM12``, ``USD 3``. The same matches as
``(?:[$€£¥₹]|\bRp\.?|\bUSD|\bEUR|\bIDR|\bRM)\s?\d[\d.,]*``, written with a literal first
character in every branch (the look-behind after it) so ``re`` skips ahead to the few candidate
characters: 6x faster over a page's short texts."""


def classify_page(
    tree: Any, content: Content, *, ld_types: list[str], og_type: str | None, url: str | None
) -> tuple[str, float]:
    """``(page_type, confidence)`` for a parsed page and its extracted content."""
    score = dict.fromkeys(TYPES, 0.0)
    score["article"] = 0.5  # the prior: Warta reads news
    for t in {t.lower() for t in ld_types}:
        hit = _LD.get(t)
        if hit:
            score[hit[0]] += hit[1]
    if og_type:
        hit = _OG.get(og_type.strip().lower())
        if hit:
            score[hit[0]] += hit[1]
    if url:
        path = url.split("://", 1)[-1]
        path = path[path.find("/") :] if "/" in path else "/"
        low = path.lower()
        for rx, kind, w in _URL_RULES:
            if rx.search(low):
                score[kind] += w
        if low in ("/", "") or low.startswith("/?"):
            score["service"] += 1.0
            score["listing"] += 0.5
    _dom_evidence(tree, content, score)
    best = max(TYPES, key=lambda k: score[k])
    pos = sum(v for v in score.values() if v > 0)
    conf = score[best] / pos if pos > 0 else 0.0
    return best, round(min(1.0, max(0.0, conf)), 3)


def _dom_evidence(tree: Any, content: Content, score: dict[str, float]) -> None:
    dom = content.dom
    blocks = dom.blocks
    total = dom.text_chars or 1
    body_chars = sum(len(b.text) for b in content.blocks)
    prose = [
        b for b in content.blocks if b.kind == "p" and len(b.text) >= 80 and b.link_chars < 0.2 * len(b.text)
    ]
    prose_chars = sum(len(b.text) for b in prose)
    # One pass over the page's blocks: linked headlines, link characters, short texts (prices).
    link_heads, link_chars, short = _walker().block_stats(blocks)
    link_share = link_chars / total
    # Prose: long paragraphs, most of the page's text in the container.
    if prose_chars >= 1500:
        score["article"] += 1.5
    elif prose_chars >= 600:
        score["article"] += 0.7
    if len(prose) >= 4:
        score["article"] += 0.5
    # Teaser cards and link-heavy pages: listings.
    if link_heads >= 8:
        score["listing"] += 1.0 + min(2.0, link_heads / 20)
    teasers = dom.markers.get("teaser_blocks", 0)
    if teasers >= 6 and dom.markers.get("teaser_chars", 0) > 0.5 * prose_chars:
        score["listing"] += 1.0  # summaries under linked headlines: teaser cards, not a story
    if link_share > 0.5:
        score["listing"] += 1.0
    if body_chars < 0.25 * total and link_heads >= 5:
        score["listing"] += 0.5
    m = dom.markers
    prices, carts, posts = m.get("price", 0), m.get("cart", 0), m.get("post", 0)
    price_text = len(_PRICE_TEXT.findall(" ".join(short)))
    if carts:
        score["product"] += 1.5
    if prices >= 1 or price_text >= 1:
        score["product"] += 0.7
    many_prices = max(prices, price_text)
    if many_prices >= 8:
        score["collection"] += 1.5 + (1.0 if link_heads >= 6 else 0.0)
        score["product"] -= 0.5
    if posts >= 6:
        score["forum"] += 1.0 + min(1.5, posts / 30)
    n_pre = m.get("code", 0)
    if n_pre >= 3:
        score["documentation"] += 1.0 + min(1.5, n_pre / 10)
    if m.get("doc", 0) >= 3:
        score["documentation"] += 0.4
    forms = m.get("form", 0)
    if forms >= 2 and prose_chars < 1500:
        score["service"] += 0.6
    if prose_chars < 400 and link_heads < 8 and not carts:
        score["service"] += 0.8
