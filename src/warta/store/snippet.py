"""Search-result snippets: the best window of an article's text, HTML-escaped, matches in ``<mark>``.

>>> make_snippet("Harga <beras> naik lagi di pasar.", {"beras"}, None, width=10)
'Harga &lt;<mark>beras</mark>&gt; naik lagi di pasar.'
"""

from __future__ import annotations

import html
from itertools import islice

from warta.store.analysis import TOKEN_RE, stem, stem_cache

MAX_CHARS = 20_000
"""Snippets come from the first 20k characters of an article (long enough for any news story)."""


def make_snippet(text: str, forms: set[str], lang: str | None, width: int = 32) -> str:
    """A window of about ``width`` words around the densest run of matching words.

    ``forms`` are indexed forms (surface or stems, see :func:`warta.store.analysis.query_forms`);
    a word matches when its lower-cased form or its stem in ``lang`` is one of them.
    """
    text = text[:MAX_CHARS]
    low = text.lower()
    if len(low) == len(text):  # (a few characters change length when lower-cased)
        words = TOKEN_RE.findall(low)
    else:
        words = [w.lower() for w in TOKEN_RE.findall(text)]
    if not words:
        return html.escape(text[:200])
    memo = stem_cache(lang).get
    matched = {w for w in set(words) if w in forms or (memo(w) or stem(w, lang)) in forms}
    hits = [i for i, w in enumerate(words) if w in matched] if matched else []
    start = 0
    if hits:
        # the window start that covers the most distinct matched words (earliest on ties)
        best = (-1, 0)
        j = 0
        for i, h in enumerate(hits):
            while hits[j] < h - width + 1:
                j += 1
            score = len({words[k] for k in hits[j : i + 1]}) * 1000 + (i - j)
            if score > best[0]:
                best = (score, hits[j])
        start = max(0, best[1] - 4)
    end = min(len(words), start + width)
    toks = list(islice(TOKEN_RE.finditer(text), start, end))
    a = toks[0].start() if start else 0
    b = toks[-1].end() if end < len(words) else len(text)
    hitset = set(hits)
    out = ["…" if a else ""]
    pos = a
    for k, m in enumerate(toks, start):
        if k in hitset:
            out.append(html.escape(text[pos : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            pos = m.end()
    out.append(html.escape(text[pos:b]))
    if b < len(text):
        out.append("…")
    return "".join(out).replace("\n", " ")
