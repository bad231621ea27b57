"""Search-result snippets: the best window of an article's text, HTML-escaped, matches in ``<mark>``.

>>> make_snippet("Harga <beras> naik lagi di pasar.", {"beras"}, None, width=10)
'Harga &lt;<mark>beras</mark>&gt; naik lagi di pasar.'
>>> make_snippet("Menteri itu mengatakan harga naik.", {"kata", "ata"}, "id")
'Menteri itu <mark>mengatakan</mark> harga naik.'

A snippet never stems the whole text: the query's forms become one compiled regex (cached per
query and language) that finds only the words that *could* stem to a form — those containing the
form minus the characters the language's stemmer may rewrite at a word's ends, see
:attr:`warta.store.analysis.Stemmer.edit_bounds` — and only those few candidates are stemmed.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import islice

from warta.store.analysis import TOKEN_RE, stem, stemmer

MAX_CHARS = 20_000
"""Snippets come from the first 20k characters of an article (long enough for any news story)."""

_LOOKBACK = 200
"""Characters searched backwards for the words before the first match (widened when too few)."""


@lru_cache(maxsize=4096)
def _candidates(forms: frozenset[str], lang: str | None, fold: bool) -> re.Pattern[str]:
    """A regex matching every whole word that may have one of ``forms`` as its lower case or stem.

    ``fold``: match case-insensitively (for texts whose lower-casing changes their length).
    """
    st = stemmer(lang)
    bounds = (0, 0) if st is None else st.edit_bounds
    cores: set[str] = set()
    if bounds is not None:
        head, tail = bounds
        for f in forms:
            core = f[head : len(f) - tail]
            if not core or not TOKEN_RE.fullmatch(core):
                cores = set()
                break
            cores.add(core)
    if not cores:  # no safe substring: every word is a candidate
        return TOKEN_RE
    alt = "|".join(re.escape(c) for c in sorted(cores, key=len, reverse=True))
    return re.compile(alt, re.IGNORECASE if fold else 0)


def _word_start(text: str, i: int) -> int:
    """Where the word around position ``i`` starts (``\\w`` is ``str.isalnum()`` or ``_``)."""
    while i and (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    return i


def make_snippet(text: str, forms: set[str] | frozenset[str], lang: str | None, width: int = 32) -> str:
    """A window of about ``width`` words around the densest run of matching words.

    ``forms`` are indexed forms (surface or stems, see :func:`warta.store.analysis.query_forms`);
    a word matches when its lower-cased form or its stem in ``lang`` is one of them.
    """
    text = text[:MAX_CHARS]
    if TOKEN_RE.search(text) is None:
        return html.escape(text[:200])
    low = text.lower()
    fold = len(low) != len(text)  # (a few characters change length when lower-cased)
    hay = text if fold else low
    hits: list[tuple[int, int, int, str]] = []  # (word index, start, end, lower-cased word)
    if forms:
        forms = forms if isinstance(forms, frozenset) else frozenset(forms)
        verdict: dict[str, bool] = {}
        idx = -1
        prev = 0
        find = _candidates(forms, lang, fold).search
        word = TOKEN_RE.match
        m = find(hay)
        while m is not None:
            s = _word_start(hay, m.start())
            e = word(hay, s).end()
            m = find(hay, e)
            w = hay[s:e]
            if fold:
                w = w.lower()
            ok = verdict.get(w)
            if ok is None:
                ok = verdict[w] = w in forms or stem(w, lang) in forms
            if ok:
                idx += len(TOKEN_RE.findall(hay, prev, s)) + 1
                prev = e
                hits.append((idx, s, e, w))
    a = 0
    if hits:
        # the window start that covers the most distinct matched words (earliest on ties)
        best = (-1, 0)
        j = 0
        for i, h in enumerate(hits):
            while hits[j][0] < h[0] - width + 1:
                j += 1
            score = len({hits[k][3] for k in range(j, i + 1)}) * 1000 + (i - j)
            if score > best[0]:
                best = (score, j)
        first = hits[best[1]]
        back = min(4, first[0])  # up to 4 words of context before the first match
        if back == first[0]:  # the window starts with the text
            a = 0
        elif back:
            lo = max(0, first[1] - _LOOKBACK)
            before = list(TOKEN_RE.finditer(text, lo, first[1]))
            if len(before) <= back and lo:  # too few whole words in the look-back
                before = list(TOKEN_RE.finditer(text, 0, first[1]))
            a = before[-back].start()
        else:
            a = first[1]
    toks = list(islice(TOKEN_RE.finditer(text, a), width))
    b = toks[-1].end()
    if TOKEN_RE.search(text, b) is None:
        b = len(text)
    out = ["…" if a else ""]
    pos = a
    for _, s, e, _w in hits:
        if a <= s and e <= b:
            out.append(html.escape(text[pos:s]))
            out.append(f"<mark>{html.escape(text[s:e])}</mark>")
            pos = e
    out.append(html.escape(text[pos:b]))
    if b < len(text):
        out.append("…")
    return "".join(out).replace("\n", " ")
