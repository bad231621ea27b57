"""Search-result snippets: the best window of an article's text, HTML-escaped, matches in ``<mark>``.

>>> make_snippet("Harga <beras> naik lagi di pasar.", {"beras"}, None, width=10)
'Harga &lt;<mark>beras</mark>&gt; naik lagi di pasar.'
"""

from __future__ import annotations

import html

from warta.store.analysis import TOKEN_RE, stem


def make_snippet(text: str, forms: set[str], lang: str | None, width: int = 32) -> str:
    """A window of about ``width`` words around the densest run of matching words.

    ``forms`` are indexed forms (surface or stems, see :func:`warta.store.analysis.query_forms`);
    a word matches when its lower-cased form or its stem in ``lang`` is one of them.
    """
    toks = list(TOKEN_RE.finditer(text))
    if not toks:
        return html.escape(text[:200])
    hits = []
    for i, m in enumerate(toks):
        w = m.group().lower()
        if w in forms or stem(w, lang) in forms:
            hits.append(i)
    start = 0
    if hits:
        # window start maximising distinct matched words, earliest on ties
        best = (-1, 0)
        j = 0
        for i, h in enumerate(hits):
            while hits[j] < h - width + 1:
                j += 1
            words = {toks[k].group().lower() for k in hits[j : i + 1]}
            score = len(words) * 100 + (i - j)
            if score > best[0]:
                best = (score, hits[j])
        start = max(0, best[1] - 4)
    end = min(len(toks), start + width)
    a = toks[start].start() if start else 0
    b = toks[end - 1].end() if end < len(toks) else len(text)
    hitset = set(hits)
    out = ["…" if a else ""]
    pos = a
    for k in range(start, end):
        m = toks[k]
        if k in hitset:
            out.append(html.escape(text[pos : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            pos = m.end()
    out.append(html.escape(text[pos:b]))
    if b < len(text):
        out.append("…")
    return "".join(out).replace("\n", " ")
