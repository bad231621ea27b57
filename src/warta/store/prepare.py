"""The store's per-article work that needs nothing stored: done where the article is made.

:meth:`warta.store.Store.add` needs, for each article, the normalised body hash (exact
duplicates), the MinHash signature and shingle count (near duplicates) and the analysed text of
each search-index field. None of it depends on what is already stored, so the ingest workers
compute it next to extraction (:func:`warta.run.executors.run_prepared`) and the single writer
only matches, inserts and indexes: the serial part of a parallel run shrinks.

>>> from warta.article import Article
>>> art = Article(title="Banjir di Jakarta", lang="id", body=["Warga mengungsi ke masjid."])
>>> prep = prepare_batch([art])[0]
>>> prep.body_hash == dedup.body_hash(dedup.body_words(art)), prep.sig is None  # too short for MinHash
(True, True)
>>> prep.fields["text"]
'warga ungsi ke masjid'

``store.add(articles, prepared)`` takes one :class:`Prepared` per article, in the same order.
"""

from __future__ import annotations

import msgspec

from warta.article import Article
from warta.corpus import dedup, stories
from warta.corpus.dedup import words_of
from warta.store.analysis import analyze, analyze_body, analyze_tokens, index_text


class Prepared(msgspec.Struct, array_like=True):
    """What :func:`prepare_batch` computes for one article (msgpack-friendly, array-encoded)."""

    body_hash: str | None
    """sha1 of the lower-cased word tokens of lead + body (``None`` for an empty body)."""
    nshingles: int
    """Distinct word 3-shingles of lead + body (0 when not computed)."""
    sig: list[int] | None
    """MinHash signature (``dedup.NUM_PERM`` u32), ``None`` when the body is too short to compare."""
    fields: dict[str, str]
    """Analysed text of each search-index field (see :func:`index_fields`)."""
    bands: list[int] | None = None
    """LSH band hashes of ``sig`` (:func:`warta.corpus.dedup.band_hashes`)."""
    terms: dict[str, int] | None = None
    """Story term counts (:func:`warta.corpus.stories.term_counts`)."""
    url_norm: str | None = None
    """:func:`warta.corpus.dedup.normalise_url` of the canonical URL (else the fetched URL)."""
    agency: str | None = None
    """:func:`warta.corpus.dedup.agency_credit` ("" when the article credits none; None: not computed)."""


def body_text(art: Article) -> str:
    """Lead + body paragraphs, one per line: what duplicates compare and the ``text`` field holds."""
    return "\n".join(p for p in (art.lead, *art.body) if p)


def index_fields(art: Article, words: list[str] | None = None) -> dict[str, str]:
    """The analysed text of each search-index field (see :mod:`warta.store.index`).

    ``words``: the lower-cased tokens of :func:`body_text`, when the caller already has them.
    """
    return _fields_and_terms(art, words)[0]


def _fields_and_terms(
    art: Article, words: list[str] | None, stems: list[str] | None = None
) -> tuple[dict[str, str], dict[str, int]]:
    """(index fields, story term counts); ``stems``: :func:`analyze_tokens` of the body's words, if
    the caller has them (then ``words`` is not needed)."""
    code = art.lang
    if stems is None:
        if words is None:
            words = words_of(body_text(art).lower())
        stems = analyze_tokens(words, code)
    title = analyze(art.title or "", code)
    text = stems
    ents = " ".join(" ".join((e.name, *e.aliases)) for e in art.entities)
    fields = {
        "title": " ".join(title),
        "text": " ".join(text),
        "authors": index_text(" ".join(art.authors), None),
        "entities": index_text(ents, None),
        "quotes": index_text(" ".join(q.text for q in art.quotes), code),
        "tags": index_text(" ; ".join(art.tags), None),
    }
    return fields, stories.term_counts(title, text)


def prepare_batch(articles: list[Article], *, near: bool = True) -> list[Prepared]:
    """One :class:`Prepared` per article; the MinHash signatures in one rensa call.

    ``near=False`` skips shingles and signatures (a store without near-duplicate detection).
    """
    # per body: its words space-joined (what the body hash and the shingles read) and their stems
    bodies = [analyze_body(body_text(a).lower(), a.lang) for a in articles]
    joined = [j for j, _ in bodies]
    out = []
    for a, (j, stems) in zip(articles, bodies, strict=True):
        fields, terms = _fields_and_terms(a, None, stems)
        url = dedup.normalise_url(a.canonical_url or a.provenance.url)
        out.append(
            Prepared(
                body_hash=dedup.body_hash_joined(j),  # = dedup.body_hash(w)
                nshingles=0,
                sig=None,
                fields=fields,
                terms=terms,
                url_norm=url,
                agency=dedup.agency_credit(a) or "",
            )
        )
    if near:  # shingles as hashed byte ranges of the joined words: = dedup.shingles + dedup.signatures
        sketches = [dedup.shingle_hashes(j, dedup.SHINGLE) for j in joined]
        long_idx = [i for i, (n, _) in enumerate(sketches) if n >= dedup.MIN_SHINGLES]
        sigs = dedup.signatures_from_hashes([sketches[i][1] for i in long_idx])
        for prep, (n, _) in zip(out, sketches, strict=True):
            prep.nshingles = n
        for i, sig in zip(long_idx, sigs, strict=True):
            out[i].sig = list(sig)
            out[i].bands = dedup.band_hashes(out[i].sig)
    return out
