"""Pure-Python twin of :mod:`warta.extract._walk`: the DOM walk through selectolax's node API.

:func:`build_dom` walks a parsed page (a ``selectolax.lexbor`` node) into a
:class:`warta.extract.content.Dom`; the compiled kernel gives the same result reading Lexbor's
node structs directly. Callers use :func:`warta.extract.content.build_dom`, which picks one.

>>> from selectolax.lexbor import LexborHTMLParser
>>> dom = build_dom(LexborHTMLParser("<p>Halo <a href='/x'>dunia</a></p>").body)
>>> dom.tags, [(b.text, b.kind, b.links) for b in dom.blocks]
(['body', 'p'], [('Halo dunia', 'p', [('dunia', '/x')])])
"""

from __future__ import annotations

from typing import Any

from warta.extract.content import (
    _BR_SPLIT,
    _C_BLOCK,
    _C_BR,
    _C_INLINE,
    _C_SKIP,
    _KIND,
    _LINK,
    _OPENED,
    _RAW_HINTS,
    _REASON_TAGS,
    _TAG_CAT,
    CART,
    DOC,
    MAX_NODES,
    MAX_TEXT,
    NEG,
    POST,
    PRICE,
    Block,
    Dom,
    _element_reason,
    _hint_of,
    _is_hidden,
    _links_in,
    _plain_len,
    _raw_hint,
    _tag_category,
    choose_container_py,
    hint_flags,
)

choose_container = choose_container_py
"""The container choice (:func:`warta.extract.content.choose_container`), same name as the kernel's."""


def mark_container(
    dom: Dom, container: int, sections: Any, scores: list[float], total_good: Any, mode: str = "article"
) -> tuple[list[bool], list[str | None]]:
    """Block selection's pass over the container's subtree (:func:`warta.extract.content.select_blocks`):
    per element, whether it is inside ``container`` (the pre-order run after it) and the reason it
    is chrome (an ancestor's reason, ``"related"`` for the ``sections``, else
    ``content._element_reason`` for a hinted or figure / nav / aside / footer element).

    >>> dom = Dom(tags=["body", "div", "nav", "p"], parents=[-1, 0, 1, 2], hints=[""] * 4, flags=[0] * 4)
    >>> mark_container(dom, 1, (), [10.0, 10.0, 1.0, 1.0], 10.0)
    ([False, True, True, True], [None, None, 'chrome', 'chrome'])
    """
    n = len(dom.tags)
    inside = [False] * n
    reason: list[str | None] = [None] * n
    if container < 0:
        return inside, reason
    inside[container] = True
    parents, flags, tags = dom.parents, dom.flags, dom.tags
    # The container's subtree is the run of elements after it (pre-order): stop where it ends.
    for i in range(container + 1, n):
        p = parents[i]
        if p < 0 or not inside[p]:
            break
        inside[i] = True
        if reason[p] is not None:
            reason[i] = reason[p]
            continue
        if i in sections:
            reason[i] = "related"
        elif flags[i] & NEG or tags[i] in _REASON_TAGS:  # else _element_reason says None
            reason[i] = _element_reason(dom, i, scores[i], total_good, mode)
    return inside, reason


def route_blocks(
    blocks: list[Block], inside: list[bool], reason: list[str | None], mode: str = "article"
) -> tuple[list[Block], list[tuple[str, str | None]], list[str], list[tuple[str, str]]]:
    """Block selection's pass over a page's blocks (:func:`warta.extract.content.select_blocks`):
    the blocks owned by an element ``inside`` the container, kept or routed by their owner's
    ``reason`` (captions; related and link-list blocks give their links of 20 characters or more;
    every routed block is recorded as removed). Returns ``(kept, related, captions, removed)``.

    >>> kept, rel, cap, rem = route_blocks([Block("Isi", "p", 1), Block("Foto", "caption", 1)], [False, True], [None, None])
    >>> [b.text for b in kept], cap, rem
    (['Isi'], ['Foto'], [('Foto', 'caption')])
    """
    kept: list[Block] = []
    related: list[tuple[str, str | None]] = []
    captions: list[str] = []
    removed: list[tuple[str, str]] = []
    for b in blocks:
        o = b.owner
        if o < 0 or not inside[o]:
            continue
        r = reason[o]
        if r is None:
            if b.kind == "caption":
                r = "caption"
            elif b.link_density > 0.6 and b.kind != "h" and (mode != "list" or len(b.text) < 20):
                r = "link-list"
        if r is None:
            kept.append(b)
            continue
        if r == "caption":
            captions.append(b.text)
        elif r in ("related", "link-list"):
            related.extend(lk for lk in b.links if len(lk[0]) >= 20)
        removed.append((b.text, r))
    return kept, related, captions, removed


def block_stats(blocks: list[Block]) -> tuple[int, int, list[str]]:
    """``(linked headlines, link characters, short texts)`` of a page's blocks: the page-type
    step's one pass (:func:`warta.extract.pagetype._dom_evidence`). A linked headline is a heading
    or a 25-200 character block, mostly link text; short texts are those under 40 characters among
    the first 2,000 blocks.

    >>> block_stats([Block("Judul berita yang ditautkan", "h", 0, 27), Block("Rp 5", "p", 0)])
    (1, 27, ['Judul berita yang ditautkan', 'Rp 5'])
    """
    link_heads = link_chars = 0
    short: list[str] = []
    for k, b in enumerate(blocks):
        lc = b.link_chars
        n = len(b.text)
        if lc:
            link_chars += lc
            if lc > 0.5 * n and (b.kind == "h" or 25 <= n <= 200 and lc > 0.8 * n):
                link_heads += 1
        if n < 40 and k < 2000:
            short.append(b.text)
    return link_heads, link_chars, short


def status() -> str:
    """Which walk this module is (the compiled kernel says whether it validated)."""
    return "python"


def build_dom(
    root: Any, *, max_nodes: int = MAX_NODES, max_text: int = MAX_TEXT, skip_hidden: bool = True
) -> Dom:
    """Walk ``root`` (a selectolax node) into a :class:`Dom` (see :func:`warta.extract.content.build_dom`).

    One pre-order pass steered by hand (``first_child`` / ``next``, climbing back through a
    stack of the walked ancestors), so an element's end is known when the walk leaves it and
    skipped subtrees (hidden elements, ``img``, ``br``, form controls) are never entered.
    """
    dom = Dom()
    tags, parents, hints, flags, blocks = dom.tags, dom.parents, dom.hints, dom.flags, dom.blocks
    markers = dom.markers
    n_price = n_cart = n_post = n_doc = n_code = n_form = 0
    buf: list[str] = []
    link_chars = 0
    links: list[tuple[str, str | None]] = []
    open_stack: list[int] = []
    row_of: dict[int, int] = {}
    text_chars = 0
    limit = max_nodes

    def flush() -> None:
        nonlocal link_chars, links, text_chars, limit
        raw = "".join(buf)
        buf.clear()
        lchars, lks = link_chars, links
        link_chars = 0
        links = []
        owner = open_stack[-1] if open_stack else -1
        kind = _KIND.get(tags[owner] if owner >= 0 else "body", "other")
        row = row_of.get(owner, -1)
        if "\x00" not in raw:
            text = " ".join(raw.split())
            if text:
                blocks.append(Block(text, kind, owner, min(lchars, len(text)), lks, row))
                text_chars += len(text)
                if text_chars > max_text:
                    limit = 0
            return
        parts = _BR_SPLIT.split(raw)
        single = len(parts) == 1
        total = 0 if single else _plain_len(raw)
        for part in parts:
            text = " ".join(part.replace("\x00", " ").split())
            if not text:
                continue
            lc = min(lchars, len(text)) if single else min(len(text), round(lchars * len(text) / total))
            blocks.append(Block(text, kind, owner, lc, lks, row))
            if not single and lks:
                split.append(blocks[-1])  # keeps only its own links once their texts are known
            text_chars += len(text)
        if text_chars > max_text:
            limit = 0

    # Elements being walked (their subtree not finished), with their states (_OPENED | _LINK bits).
    path: list[Any] = []
    path_st: list[int] = []
    pst = 0  # state of the current node's parent
    # Links get their text from the text nodes the walk reads under them (not hidden ones, not
    # scripts or form controls): a record [text parts, href] now, a (text, href) pair at the end.
    link_parts: list[str] = []
    split: list[Block] = []
    visited = 0
    node = root
    cat_of = _TAG_CAT
    raw_hints = _RAW_HINTS
    while True:
        visited += 1
        if visited > limit:  # the node budget, or 0 once the text budget is spent (set by flush)
            dom.truncated = True
            break
        t = node.text_content
        if t is not None:
            if t.isspace():
                if buf:
                    buf.append(" ")
            elif t:
                buf.append(t)
                if pst & _LINK:
                    link_chars += len(t.strip())
                    link_parts.append(t)
        else:
            tag = node.tag
            cat = cat_of.get(tag)
            if cat is None:
                cat = _tag_category(tag)
            if cat == _C_INLINE:
                st = pst & _LINK
            elif cat == _C_SKIP:
                st = -1  # -1: do not descend
            elif cat == _C_BR:
                buf.append("\x00")
                st = -1
            else:
                st = -1
                block = cat == _C_BLOCK
                attrs = node.attributes
                h = ""
                f = -1  # not looked up yet (role / itemprop hints)
                hidden = False
                if attrs:
                    if (
                        skip_hidden
                        and ("hidden" in attrs or "aria-hidden" in attrs or "style" in attrs)
                        and _is_hidden(attrs)
                    ):
                        hidden = True
                    elif "role" in attrs or "itemprop" in attrs:
                        h = _hint_of(attrs)
                    else:
                        raw_h = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
                        hit = raw_hints.get(raw_h)
                        if hit is None:
                            hit = _raw_hint(raw_h)
                        h, f = hit
                    if h:
                        if f < 0:
                            f = hint_flags(h)
                        if f & (PRICE | CART | POST | DOC):
                            n_price += bool(f & PRICE)
                            n_cart += bool(f & CART)
                            n_post += bool(f & POST)
                            n_doc += bool(f & DOC)
                if f < 0:
                    f = 0
                if not hidden:
                    if tag == "code" or tag == "pre":
                        n_code += 1
                    elif tag == "form":
                        n_form += 1
                    if block:
                        if buf:
                            flush()
                        idx = len(tags)
                        tags.append(tag)
                        parents.append(open_stack[-1] if open_stack else -1)
                        hints.append(h)
                        flags.append(f)
                        if (tag == "td" or tag == "th") and open_stack and tags[open_stack[-1]] == "tr":
                            row_of[idx] = open_stack[-1]
                        open_stack.append(idx)
                        if tag == "hr":
                            if buf:
                                flush()
                            open_stack.pop()
                        else:
                            st = (pst & _LINK) | _OPENED
                    elif tag == "a":
                        if pst & _LINK:
                            st = _LINK  # a link inside a link: its text is the outer one's
                        else:
                            link_parts = []
                            links.append([link_parts, attrs.get("href") if attrs else None])  # type: ignore[arg-type]
                            st = _LINK
                    else:
                        st = pst & _LINK
            if st >= 0:
                child = node.first_child
                if child is not None:
                    path.append(node)
                    path_st.append(st)
                    pst = st
                    node = child
                    continue
                if st & _OPENED:
                    if buf:
                        flush()
                    open_stack.pop()
        # Next node: the next sibling, or the next sibling of the nearest walked ancestor.
        while path:
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            node = path.pop()
            if path_st.pop() & _OPENED:
                if buf:
                    flush()
                open_stack.pop()
            pst = path_st[-1] if path_st else 0
        else:
            break
    if dom.truncated:
        buf.clear()
    elif buf:
        flush()
    for b in blocks:
        lks = b.links
        if lks:
            # one text node (most links) needs no joining first
            b.links = [
                (lt, href)
                for parts, href in lks
                if (lt := " ".join((parts[0] if len(parts) == 1 else " ".join(parts)).split()))
            ]
    for b in split:
        b.links = _links_in(b.links, b.text)
    dom.text_chars = text_chars
    markers.update(price=n_price, cart=n_cart, post=n_post, doc=n_doc, code=n_code, form=n_form)
    return dom
