"""The full-text index of a store: tantivy, next to the SQLite file (``warta.db`` -> ``warta.db.idx/``).

Chosen over SQLite FTS5 by measurement (``bench/results/store.md``: on 100k articles tantivy
answered top-20 + count 20x faster at p50/p95 and indexed faster, with an index 2.3x smaller; FTS5
had no way under the 50 ms p95 target at 1M articles). SQLite stays the source of truth: the index
holds analysed text plus a few filter fields, keyed by ``articles.rowid``, and is rebuilt from
SQLite when missing or behind (a crash between the SQLite commit and the index commit loses
nothing: :meth:`TextIndex.catch_up` re-indexes the missing rows on the next open).

Fields: ``title``, ``text`` (lead + body), ``quotes`` hold stemmed tokens of the article's
language; ``authors``, ``entities``, ``tags`` lower-cased tokens (all whitespace-tokenised: the
analysis is ours, :mod:`warta.store.analysis`); ``outlet`` and ``lang`` raw; ``published``
as an integer ``YYYYMMDD`` (0 when unknown); ``rowid``.

    idx = TextIndex(Path("warta.db.idx"))
    idx.add(rowid, fields); idx.commit()
    total, hits = idx.search(query, limit=20)   # hits: [(score, rowid)]
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import tantivy


def _drop_inherited_locks() -> None:
    """In a forked child: point every inherited descriptor of a tantivy lock file at ``/dev/null``.

    tantivy guards its index with ``flock`` locks on ``.tantivy-writer.lock`` / ``.tantivy-meta.lock``
    and releases one by closing its file. A child forked while the driver holds one (``warta ingest
    -w 2`` forks its workers with the store open; tantivy's own threads take the meta lock at any
    time) shares that open file, so the lock outlives the driver's close and the driver's next commit
    waits forever for a child that waits for work. The child never touches the index, so it lets go
    of the files at once; the descriptor numbers stay taken (by ``/dev/null``), so nothing the
    child opens later can be closed by mistake. Linux only (``/proc/self/fd``); elsewhere a no-op.
    """
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return
    null = -1
    for fd in fds:
        try:
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
        if name.startswith(".tantivy-") and name.endswith(".lock"):
            if null < 0:
                null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, int(fd))
    if null >= 0:
        os.close(null)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


TEXT_FIELDS = ("title", "text", "authors", "entities", "quotes", "tags")
BOOSTS = {"title": 4.0, "text": 1.0, "authors": 2.0, "entities": 2.0, "quotes": 1.0, "tags": 2.0}
"""Per-field score multipliers: a title match counts four times a body match."""
TOKENIZER = "warta_ws"
INDEX_VERSION = "1"
"""Bumped when the fields or their analysis change: an index of another version is rebuilt."""


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for f in TEXT_FIELDS:
        sb.add_text_field(f, stored=False, tokenizer_name=TOKENIZER, index_option="position")
    sb.add_text_field("outlet", stored=False, tokenizer_name="raw")
    sb.add_text_field("lang", stored=False, tokenizer_name="raw")
    sb.add_integer_field("published", stored=False, indexed=True, fast=True)
    sb.add_integer_field("rowid", stored=True, indexed=True, fast=True)
    return sb.build()


SCHEMA = _schema()


def ymd(date: str | None, fill: str = "00") -> int:
    """``2021-03-04…`` -> 20210304; partial dates padded with ``fill`` ("00" lower, "99" upper bound)."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return 0
    parts = date[:10].split("-")
    y = parts[0]
    m = parts[1] if len(parts) > 1 and parts[1].isdigit() else fill
    d = parts[2] if len(parts) > 2 and parts[2][:2].isdigit() else fill
    return int(f"{y}{m.zfill(2)[:2]}{d.zfill(2)[:2]}")


class TextIndex:
    """A tantivy index directory with one writer (opened lazily) and a reloading searcher."""

    def __init__(self, path: Path, *, readonly: bool = False, heap_bytes: int = 128_000_000) -> None:
        self.path = path
        self.readonly = readonly
        self.heap_bytes = heap_bytes
        self._writer: tantivy.IndexWriter | None = None
        self._dirty = False
        """Documents added or deleted since the last commit (``close`` commits only then)."""
        self._lock = threading.Lock()
        self._reloaded = 0.0
        version_file = path / "warta-index-version"
        if (
            not readonly
            and path.exists()
            and (not version_file.exists() or version_file.read_text() != INDEX_VERSION)
        ):
            shutil.rmtree(path)  # another layout: rebuilt from SQLite by catch_up()
        if not path.exists():
            if readonly:
                raise FileNotFoundError(
                    f"no search index at {path} (open the store once for writing to build it)"
                )
            path.mkdir(parents=True)
            version_file.write_text(INDEX_VERSION)
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self.index.register_tokenizer(
            TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        self.searcher = self.index.searcher()

    # -- writing --------------------------------------------------------------------------------
    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            if self.readonly:
                raise RuntimeError("read-only store")
            self._writer = self.index.writer(heap_size=self.heap_bytes, num_threads=1)
        return self._writer

    def add(
        self, rowid: int, fields: dict[str, str], outlet: str | None, lang: str | None, published: str | None
    ) -> None:
        doc = tantivy.Document(rowid=rowid, published=ymd(published))
        for name in TEXT_FIELDS:
            value = fields.get(name)
            if value:
                doc.add_text(name, value)
        if outlet:
            doc.add_text("outlet", outlet.lower())
        if lang:
            doc.add_text("lang", lang.lower())
        self.writer.add_document(doc)
        self._dirty = True

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._dirty = False
            self.refresh(force=True)

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._dirty = False

    def close(self) -> None:
        if self._writer is not None:
            if self._dirty:  # (after a store's last batch there is nothing left: no empty commit)
                self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    def delete_after(self, rowid: int) -> None:
        """Remove documents with a higher rowid (before re-indexing them)."""
        self.writer.delete_documents_by_query(
            Q.range_query(SCHEMA, "rowid", tantivy.FieldType.Integer, rowid, None, include_lower=False)
        )
        self._dirty = True

    def max_rowid(self) -> int:
        """Highest indexed rowid (0 when empty): where :meth:`catch_up` starts."""
        self.refresh(force=True)
        if self.searcher.num_docs == 0:
            return 0
        res = self.searcher.search(tantivy.Query.all_query(), 1, count=False, order_by_field="rowid")
        return int(res.hits[0][0]) if res.hits else 0

    # -- reading --------------------------------------------------------------------------------
    def refresh(self, force: bool = False, every: float = 0.0) -> None:
        """Pick up commits from this or another process (a reload costs ~0.1 ms; ``every`` throttles it)."""
        now = time.monotonic()
        if force or now - self._reloaded > every:
            with self._lock:
                self.index.reload()
                self.searcher = self.index.searcher()
                self._reloaded = now

    def doc_freq(self, field: str, term: str) -> int:
        return self.searcher.doc_freq(field, term)

    @property
    def num_docs(self) -> int:
        return self.searcher.num_docs

    def search(
        self,
        query: tantivy.Query,
        limit: int,
        offset: int = 0,
        *,
        count: bool = True,
        by_date: bool = False,
        refresh: bool = True,
    ) -> tuple[int, list[tuple[float, int]]]:
        """(total matches or -1, [(score, rowid)]) best first, or newest first with ``by_date``.

        ``refresh=False`` skips looking for new commits (the writer refreshes on its own commits)."""
        if refresh:
            self.refresh()
        searcher = self.searcher
        kw = {"order_by_field": "published"} if by_date else {}
        res = searcher.search(query, limit, count=count, offset=offset, **kw)
        hits = [
            (float(score) if not by_date else 0.0, searcher.doc(addr)["rowid"][0]) for score, addr in res.hits
        ]
        return (res.count if count and res.count is not None else -1), hits


# -- query building -------------------------------------------------------------------------------

Q = tantivy.Query
Occur = tantivy.Occur


def terms_query(field: str, alternatives: list[list[str]]) -> tantivy.Query:
    """Match any of several token sequences (each a term or a phrase) in one field."""
    subs = []
    for words in alternatives:
        if not words:
            continue
        if len(words) == 1:
            subs.append(Q.term_query(SCHEMA, field, words[0]))
        else:
            subs.append(Q.phrase_query(SCHEMA, field, words))
    if not subs:
        return Q.empty_query()
    if len(subs) == 1:
        return subs[0]
    return Q.boolean_query([(Occur.Should, s) for s in subs])


def fields_query(fields: tuple[str, ...], alternatives: list[list[str]]) -> tantivy.Query:
    """Match in any of ``fields``, each boosted by :data:`BOOSTS`."""
    subs = []
    for f in fields:
        q = terms_query(f, alternatives)
        boost = BOOSTS.get(f, 1.0)
        subs.append(Q.boost_query(q, boost) if boost != 1.0 else q)
    return subs[0] if len(subs) == 1 else Q.boolean_query([(Occur.Should, s) for s in subs])


def all_of(must: list[tantivy.Query], must_not: list[tantivy.Query] = ()) -> tantivy.Query:  # type: ignore[assignment]
    clauses = [(Occur.Must, q) for q in must] or [(Occur.Must, Q.all_query())]
    clauses += [(Occur.MustNot, q) for q in must_not]
    if len(clauses) == 1:
        return clauses[0][1]
    return Q.boolean_query(clauses)


def any_raw(field: str, values: list[str]) -> tantivy.Query:
    qs = [Q.term_query(SCHEMA, field, v) for v in values]
    return qs[0] if len(qs) == 1 else Q.boolean_query([(Occur.Should, q) for q in qs])


def date_range(since: str | None, until: str | None) -> tantivy.Query:
    lo = ymd(since, "00") if since else 1  # undated articles (0) never match a date filter
    hi = ymd(until, "99") if until else None
    return Q.range_query(SCHEMA, "published", tantivy.FieldType.Integer, lo, hi)


def remove_index(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
