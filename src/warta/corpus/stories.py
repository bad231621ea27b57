"""Story clusters: non-duplicate articles about the same event, across outlets (``Article.story_id``).

An article joins the story of the most similar earlier-stored article published within
:data:`WINDOW_DAYS` days when their similarity reaches :data:`MIN_SCORE`; otherwise it starts a
story (``story_id`` = its own id). Similarity mixes

* text: cosine of IDF-weighted stemmed terms of title + lead + first paragraphs (IDF from the
  store's own full-text index), and
* entities: Jaccard overlap of the entity keys enrichment found (when both articles have some).

Candidates come from the full-text index (an OR query of the article's most specific terms within
the date window) plus the articles of the same ``add()`` batch, so each article costs one indexed
query, not a scan. Copies (``duplicate_of``)
take their original's story. Runs inside :meth:`warta.store.Store.add` (``stories=True``)::

    st = Store("warta.db")          # stories on by default
    st.add(batch)
    st.get(article_id).story_id
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from warta._compiled import kernel
from warta.article import Article
from warta.store import index as idx
from warta.store.analysis import analyze

if TYPE_CHECKING:
    from warta.store.index import TextIndex

WINDOW_DAYS = 3
MIN_SCORE = 0.3
TEXT_WEIGHT = 0.6
"""Share of the text cosine in the score when both articles have entities (else text alone)."""
LEAD_TOKENS = 120
"""Tokens of lead + body that describe the event (news puts it first)."""
TOP_TERMS = 24
"""Terms kept per article (its story vector)."""
QUERY_TERMS = 8
CANDIDATES = 25

# Table ``story_vectors(article_rowid, terms JSON, entities JSON)`` (schema v2 of the store).

_to_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(x, ensure_ascii=False)`` without building an encoder per call (the same text)."""

_K = kernel("warta.corpus._storyk")
"""Term weighting, norms and cosines in C (:mod:`warta.corpus._storyk`; twin ``_storyk_py``)."""


def _window(published: str | None) -> tuple[str, str] | None:
    if not published or len(published) < 10:
        return None
    try:
        d = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return (d - timedelta(days=WINDOW_DAYS)).isoformat(), (d + timedelta(days=WINDOW_DAYS)).isoformat() + "~"


def norm(v: dict[str, float]) -> float:
    """Euclidean length of a term vector."""
    return _K.norm(v)


def cosine(
    a: dict[str, float], b: dict[str, float], na: float | None = None, nb: float | None = None
) -> float:
    """Cosine of two term vectors; ``na`` / ``nb``: their :func:`norm` if the caller has it (a vector
    compared with many candidates computes its length once).

    >>> round(cosine({"a": 1.0, "b": 1.0}, {"a": 2.0}), 4)
    0.7071
    """
    if not a or not b:
        return 0.0
    return _K.cosine(a, b, _K.norm(a) if na is None else na, _K.norm(b) if nb is None else nb)


def term_counts(title: list[str], text: list[str]) -> dict[str, int]:
    """Counts of the story terms of an article from its analysed title and lead + body tokens:
    the title counted twice, the first :data:`LEAD_TOKENS` of the text, no short or numeric terms.
    Needs nothing stored (the ingest workers compute it: :mod:`warta.store.prepare`)."""
    counts = Counter(title + title + text[:LEAD_TOKENS])  # in C; then the test once per distinct term
    return {t: n for t, n in counts.items() if len(t) > 2 and not t.isdigit()}  # (first-seen order kept)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class Storyteller:
    """Assigns ``story_id`` using a store's connection and search index."""

    def __init__(self, conn: sqlite3.Connection, index: TextIndex) -> None:
        self.conn = conn
        self.index = index
        self._batch: list[tuple[str, str, dict[str, float], set[str], str, float]] = []
        self._df: dict[str, int] = {}
        """Document frequencies looked up during the open batch (the index changes only on commit)."""
        """(id, story, vector, entities, published, vector norm) of articles added in the open batch (not in
        the index yet)."""

    def vector(
        self,
        art: Article,
        analysed: tuple[list[str], list[str]] | None = None,
        tf: dict[str, int] | None = None,
    ) -> tuple[dict[str, float], list[str]]:
        """IDF-weighted term vector of the title (counted twice) and the first :data:`LEAD_TOKENS`
        tokens of lead + body, and the terms to look candidates up with (the most specific ones that
        other articles contain). ``analysed``: (title tokens, lead + body tokens) if the caller has them;
        ``tf``: their :func:`term_counts`, if the caller has that."""
        if tf is None:
            if analysed is None:
                text = "\n".join(p for p in (art.lead, *art.body[:3]) if p)
                analysed = (analyze(art.title or "", art.lang), analyze(text, art.lang))
            tf = term_counts(*analysed)
        if not tf:
            return {}, []
        n = self.index.num_docs + len(self._batch) + 1
        # idf -1.0: no stored article has the term, useless for finding candidates
        weights, idf = _K.weigh(tf, self._df, self.index.searcher.doc_freq, n)
        return _K.top_terms(weights, idf, TOP_TERMS, QUERY_TERMS)  # ties: first counted first

    def _candidates(
        self, lookup: list[str], published: str
    ) -> list[tuple[str, str | None, dict, set[str], float | None]]:
        win = _window(published)
        out: list[tuple[str, str | None, dict, set[str], float | None]] = []
        if win is None:
            return out
        for cid, cstory, cvec, cents, cpub, cnorm in self._batch:
            if win[0] <= cpub <= win[1]:
                out.append((cid, cstory, cvec, cents, cnorm))
        if not lookup:
            return out
        terms = idx.fields_query(("title", "text"), [[t] for t in lookup])
        q = idx.all_of([terms, idx.date_range(win[0], win[1][:10])])
        _, hits = self.index.search(q, CANDIDATES, count=False, refresh=False)
        if not hits:
            return out
        rowids = [r for _, r in hits]
        rows = self.conn.execute(
            f"""SELECT a.id, a.story_id, v.terms, v.entities FROM articles a
                JOIN story_vectors v ON v.article_rowid = a.rowid
                WHERE a.rowid IN ({", ".join("?" for _ in rowids)}) AND a.duplicate_of IS NULL""",
            rowids,
        )
        out.extend((r[0], r[1], json.loads(r[2]), set(json.loads(r[3])), None) for r in rows)
        return out

    def pick(
        self,
        art: Article,
        analysed: tuple[list[str], list[str]] | None = None,
        tf: dict[str, int] | None = None,
    ) -> tuple[str, dict[str, float], list[str]]:
        """(story id, vector, entity keys) for an article about to be stored (``analysed``, ``tf``:
        see :meth:`vector`)."""
        vec, lookup = self.vector(art, analysed, tf)
        ents = sorted({e.id for e in art.entities})
        story = art.id
        nv = _K.norm(vec)
        if vec and art.published:
            best: tuple[float, str | None] = (MIN_SCORE, None)
            eset = set(ents)
            for cid, cstory, cvec, cents, cnorm in self._candidates(lookup, art.published):
                score = _K.cosine(vec, cvec, nv, _K.norm(cvec) if cnorm is None else cnorm)
                if eset and cents:
                    score = TEXT_WEIGHT * score + (1 - TEXT_WEIGHT) * jaccard(eset, cents)
                if score >= best[0]:
                    best = (score, cstory or cid)
            story = best[1] or art.id
        if art.published:
            self._batch.append((art.id, story, vec, set(ents), art.published, nv))
        return story, vec, ents

    def remember(self, rowid: int, vec: dict[str, float], ents: list[str]) -> None:
        """Store an article's vector so later articles can join its story."""
        self.conn.execute(
            "INSERT OR REPLACE INTO story_vectors(article_rowid, terms, entities) VALUES (?, ?, ?)",
            (rowid, _to_json(vec), _to_json(ents)),
        )

    def end_batch(self) -> None:
        """The batch is committed (or rolled back): its articles are found through the index now."""
        self._batch.clear()
        self._df.clear()
