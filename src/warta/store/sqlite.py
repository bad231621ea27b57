"""The embedded corpus store: one SQLite file (WAL) and its search index, duplicates, Parquet export.

Use::

    from warta.store import Store     # Store(path, dedup=True, stories=True, readonly=False)
    st = Store("warta.db")
    res = st.add(articles)            # AddResult(added, duplicates, errors, skipped)
    st.put(article); res = st.flush() # the same, one article at a time (the ingest driver)
    st.search('banjir outlet:kompas.com since:2024-01', limit=10)
    st.get(article_id), st.latest(), st.duplicates(article_id), st.stats()
    st.export_parquet("out/")         # partitioned by lang

Concurrency: one writer and many readers (WAL, ``synchronous=NORMAL``), in any processes. Each
``add()`` call (or ``put()``s up to a ``flush()``) is one transaction. A writable ``Store`` belongs to the thread that opened it; a
``Store(path, readonly=True)`` may be shared by threads (e.g. a web server's worker pool) and sees
the writer's commits on its next call.

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`; :data:`MIGRATIONS` upgrade older files)
----------------------------------------------------------------------------------------------
``articles``     rowid INTEGER PK, id TEXT UNIQUE (Article.id), title, outlet, lang, published
                 (ISO text), fetched_at, authors (JSON array), tags (JSON array), url, canonical_url,
                 canonical_norm (normalised URL, for exact dedup), source, input_hash, body_hash,
                 duplicate_of (id of the earliest stored copy), syndicated_from, story_id,
                 added_at, json (the full Article JSON, msgspec).
                 Indexes: published, (outlet, published), (lang, published), canonical_norm,
                 body_hash, duplicate_of, story_id.
``inputs``       source TEXT PK (RawDoc.source), input_hash, article_id, status (``article``,
                 ``duplicate``, ``error``), at. Resume: ``has_source`` / ``done_sources``.
``errors``       id PK, source, input_hash, article_id, stage, error, message, at.
``entities``     rowid PK, key TEXT UNIQUE (Entity.id, e.g. ``PER:joko widodo``), name, type.
``mentions``     article_rowid, entity_rowid, count (mentions in the article), PK both;
                 published (the article's), dup (1 when the article is a duplicate; kept in step
                 by the deduper); index on (entity_rowid, dup, published, count): an entity's
                 time series and newest articles without joining ``articles``.
``quotes``       id PK, article_rowid, text, type, speaker, speaker_key (entity key or NULL),
                 start, end. Index on speaker_key, article_rowid.
``sources``      article_rowid, name, cue, start, end (agencies/outlets an article credits).
``minhash``      article_rowid PK, nshingles, sig BLOB (128 x u32): near-duplicate signatures.
``lsh``          (band, hash, article_rowid) WITHOUT ROWID: LSH buckets, see warta.corpus.dedup.
``story_vectors`` article_rowid PK, terms (JSON {stem: weight}), entities (JSON keys): story
                 clustering input, see warta.corpus.stories.

Full-text search lives in a tantivy index beside the file (``warta.db.idx/``, see
warta.store.index): derived data, keyed by ``articles.rowid``, rebuilt from ``articles`` when
missing or behind. (Schema v1-v2 used an FTS5 table; v3 dropped it, see bench/results/store.md.)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from warta.article import Article
from warta.corpus import dedup as dedup_mod
from warta.store import index as idx
from warta.store.analysis import TOKEN_RE, query_forms, stem, stem_languages
from warta.store.prepare import Prepared, index_fields, prepare_batch
from warta.store.query import Clause, Query, parse
from warta.store.snippet import make_snippet

SCHEMA_VERSION = 4

_SCHEMA_V1 = (
    """
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT, outlet TEXT, lang TEXT, published TEXT, fetched_at TEXT,
    authors TEXT, tags TEXT, url TEXT, canonical_url TEXT, canonical_norm TEXT,
    source TEXT, input_hash TEXT, body_hash TEXT,
    duplicate_of TEXT, syndicated_from TEXT, story_id TEXT,
    added_at TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet COLLATE NOCASE, published);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang, published);
CREATE INDEX IF NOT EXISTS articles_canonical ON articles(canonical_norm);
CREATE INDEX IF NOT EXISTS articles_body_hash ON articles(body_hash);
CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS inputs (
    source TEXT PRIMARY KEY,
    input_hash TEXT,
    article_id TEXT,
    status TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    source TEXT, input_hash TEXT, article_id TEXT,
    stage TEXT, error TEXT, message TEXT, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT, type TEXT
);
CREATE TABLE IF NOT EXISTS mentions (
    article_rowid INTEGER NOT NULL,
    entity_rowid INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (article_rowid, entity_rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_rowid);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_rowid INTEGER NOT NULL,
    text TEXT, type TEXT, speaker TEXT, speaker_key TEXT, start INTEGER, "end" INTEGER
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_rowid);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_key);
CREATE TABLE IF NOT EXISTS sources (
    article_rowid INTEGER NOT NULL,
    name TEXT, cue TEXT, start INTEGER, "end" INTEGER
);
CREATE INDEX IF NOT EXISTS sources_article ON sources(article_rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, text, authors, entities, quotes, tags,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
"""
    + dedup_mod.SCHEMA
)

_V3_TANTIVY = """
DROP TABLE IF EXISTS fts_vocab;
DROP TABLE IF EXISTS fts;
"""
"""v3: full-text search moved from FTS5 to a tantivy index beside the file (rebuilt from ``articles``)."""

_V2_STORIES = """
CREATE TABLE IF NOT EXISTS story_vectors (
    article_rowid INTEGER PRIMARY KEY,
    terms TEXT NOT NULL,
    entities TEXT NOT NULL
);
"""
"""v2: story clustering vectors (warta.corpus.stories)."""

_V4_MENTIONS_PUBLISHED = """
CREATE TABLE mentions_v4 (
    article_rowid INTEGER NOT NULL,
    entity_rowid INTEGER NOT NULL,
    count INTEGER NOT NULL,
    published TEXT,
    dup INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_rowid, entity_rowid)
) WITHOUT ROWID;
INSERT INTO mentions_v4(article_rowid, entity_rowid, count, published, dup)
    SELECT m.article_rowid, m.entity_rowid, m.count, a.published, coalesce(a.duplicate_of IS NOT NULL, 0)
    FROM mentions AS m LEFT JOIN articles AS a ON a.rowid = m.article_rowid
    ORDER BY m.article_rowid, m.entity_rowid;
DROP TABLE mentions;
ALTER TABLE mentions_v4 RENAME TO mentions;
CREATE INDEX mentions_entity_pub ON mentions(entity_rowid, dup, published, count);
"""
"""v4: ``mentions`` carries its article's ``published`` and whether it is a duplicate, so an entity's
timeline, article list and recent co-mentions read one index range instead of joining every
article. The table is rebuilt in key order (an in-place UPDATE of every row was 4x slower: 0.84M
mentions of 100k articles in 1.3 CPU-s; see bench/results/serve.md)."""

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _V2_STORIES, 3: _V3_TANTIVY, 4: _V4_MENTIONS_PUBLISHED}
"""``user_version`` N -> the SQL that upgrades a file at version N-1 to N."""


class Struct(msgspec.Struct, kw_only=True):
    pass


class AddResult(Struct):
    added: int = 0
    """New articles stored (duplicates included: they are stored and marked)."""
    duplicates: int = 0
    """Of the added, how many copy an earlier stored article (``duplicate_of`` set)."""
    errors: int = 0
    """Error records written to the ``errors`` table."""
    skipped: int = 0
    """Inputs already stored (same source and input hash)."""


class Hit(Struct):
    id: str
    title: str | None
    snippet: str
    """HTML: escaped text with ``<mark>…</mark>`` around matching words."""
    score: float
    outlet: str | None
    published: str | None
    lang: str | None
    duplicate_of: str | None = None


class SearchResult(Struct):
    total: int
    hits: list[Hit]
    warnings: list[str] = []


class ArticleSummary(Struct):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    lang: str | None
    url: str | None
    authors: list[str]
    tags: list[str]
    duplicate_of: str | None
    syndicated_from: str | None
    story_id: str | None


class ErrorRow(Struct):
    source: str | None
    stage: str | None
    error: str | None
    message: str | None
    at: str


_SUMMARY_COLS = "id, title, outlet, published, lang, coalesce(canonical_url, url), authors, tags, duplicate_of, syndicated_from, story_id"
SUMMARY_COLS_A = (
    "a.id, a.title, a.outlet, a.published, a.lang, coalesce(a.canonical_url, a.url), a.authors, a.tags, "
    "a.duplicate_of, a.syndicated_from, a.story_id"
)
"""The columns :func:`summary` reads, for queries that alias ``articles`` as ``a``."""


def summary(row: tuple) -> ArticleSummary:
    """An :class:`ArticleSummary` from a row of :data:`SUMMARY_COLS_A` (or ``_SUMMARY_COLS``)."""
    return ArticleSummary(
        id=row[0],
        title=row[1],
        outlet=row[2],
        published=row[3],
        lang=row[4],
        url=row[5],
        authors=json.loads(row[6] or "[]"),
        tags=json.loads(row[7] or "[]"),
        duplicate_of=row[8],
        syndicated_from=row[9],
        story_id=row[10],
    )


def _same_input(stored_hash: str | None, input_hash: str) -> bool:
    """An input is stored already when its source is and the hashes agree (or it has none).

    A store written by an older Warta holds 40-hex-digit SHA-1 input hashes; today's are 32-digit
    XXH3-128 (:meth:`warta.article.RawDoc.provenance`), which cannot be compared with them: such a
    stored input counts as the same input when its source matches (it is not stored twice). So an
    input edited in place since an old store recorded it is not stored again by ``add`` (``warta
    ingest`` skips stored sources before reading them anyway): re-ingest changed inputs into a fresh store.

    >>> _same_input("a" * 40, "b" * 32), _same_input("a" * 32, "b" * 32), _same_input(None, "b" * 32)
    (True, False, False)
    """
    if stored_hash is None:
        return False
    return not input_hash or stored_hash == input_hash or (len(stored_hash) == 40 != len(input_hash))


def _json_list(items: list[str]) -> str:
    """``json.dumps(items, ensure_ascii=False)``, with the common empty list spelled out."""
    return _to_json(items) if items else "[]"


_to_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(x, ensure_ascii=False)`` without building an encoder per call (the same text)."""

_clock: list = [-1, ""]


def _now() -> str:
    """The UTC time to the second, ISO (formatted once per second: two rows per article ask)."""
    t = int(time.time())
    if t != _clock[0]:
        _clock[:] = [t, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))]
    return _clock[1]


class StoreNeedsUpgrade(RuntimeError):
    """A read-only open found an older schema or no search index: open it once for writing."""


class Store:
    """A corpus in one SQLite file. See the module docstring for the schema."""

    def __init__(
        self, path: str | Path, *, readonly: bool = False, dedup: bool = True, stories: bool = True
    ) -> None:
        self.path = Path(path)
        self.dedup_enabled = dedup
        self.stories_enabled = stories
        if readonly:
            # a read-only store may be shared by threads (a web server's pool): SQLite serialises access
            self.conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.execute("PRAGMA journal_mode=WAL")
        c = self.conn
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA foreign_keys=OFF")
        c.execute("PRAGMA cache_size=-65536")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute("PRAGMA mmap_size=268435456")
        if not readonly:
            self._migrate()
        else:
            version = c.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION or not Path(str(self.path) + ".idx").exists():
                c.close()
                raise StoreNeedsUpgrade(
                    f"{self.path}: schema {version} < {SCHEMA_VERSION} or no search index"
                )
        self._tmp_index: str | None = None
        if str(path) == ":memory:":
            self._tmp_index = tempfile.mkdtemp(prefix="warta-idx-")
            # an in-memory store never closed still leaves no index folder behind (at collection or exit)
            self._tmp_cleanup = weakref.finalize(self, shutil.rmtree, self._tmp_index, True)
            index_path = Path(self._tmp_index) / "idx"
        else:
            index_path = Path(str(self.path) + ".idx")
        self.index = idx.TextIndex(index_path, readonly=readonly)
        self._dedup = dedup_mod.Deduper(c)
        from warta.corpus import stories as stories_mod  # (it imports warta.store modules)

        self._stories = stories_mod.Storyteller(c, self.index)
        self._entities: dict[str, int] = {}
        self._entities_new: dict[str, int] = {}
        self._reindex_after: int | None = None
        self._open: tuple[AddResult, set[tuple[str, str]], dict[str, str | None]] | None = None
        """The open batch (see :meth:`put`): its result so far, the inputs it has taken, and the
        stored input hash (or None) of each source it has looked up."""
        self._before = 0
        """The highest article rowid when the open batch began."""
        if not readonly:
            self.catch_up()

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path}: schema version {version} is newer than this Warta ({SCHEMA_VERSION})"
            )
        for v in range(version + 1, SCHEMA_VERSION + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in _split_sql(MIGRATIONS[v]):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {v}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def catch_up(self, batch: int = 2000, after: int | None = None) -> int:
        """Index rows the search index lacks (after a crash, a migration, or a deleted index).

        Rows with a rowid above the index's highest (or above ``after``) are (re-)indexed; a row
        already in the index is replaced, never doubled.
        """
        start = self.index.max_rowid() if after is None else after
        if after is not None:
            self.index.delete_after(after)
        done = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, json FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (start, batch)
            ).fetchall()
            if not rows:
                break
            for rowid, js in rows:
                self._index_article(rowid, Article.from_json(js))
            self.index.commit()
            done += len(rows)
            start = rows[-1][0]
        self._reindex_after = None
        return done

    def _index_article(self, rowid: int, art: Article) -> None:
        self.index.add(rowid, _index_fields(art), art.outlet, art.lang, art.published)

    def close(self) -> None:
        self.index.close()
        self.conn.close()
        if self._tmp_index:
            self._tmp_cleanup()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def add(
        self, articles: Iterable[Article], prepared: Sequence[Prepared | None] | None = None
    ) -> AddResult:
        """Store a batch in one transaction: articles, errors, entities, quotes, sources, duplicates.

        Idempotent: an input whose (source, input_hash) is already stored is skipped.
        ``prepared``: one :class:`~warta.store.prepare.Prepared` (or None) per article, computed
        elsewhere (the ingest workers) so this writer does not compute it again.
        """
        batch = list(articles)
        if not batch:
            return AddResult()
        preps: list[Prepared | None] = list(prepared) if prepared is not None else [None] * len(batch)
        if len(preps) != len(batch):
            raise ValueError(f"{len(preps)} prepared for {len(batch)} articles")
        self._begin([a.provenance.source for a in batch if a.provenance.source])
        try:
            stored = self._open[2]  # type: ignore[index]
            missing = [
                i
                for i, (a, p) in enumerate(zip(batch, preps, strict=True))
                if p is None
                and (a.body or not a.errors)
                and not _same_input(stored.get(a.provenance.source), a.provenance.input_hash)
            ]
            if missing:  # what put() would compute one by one, with the MinHash signatures in one call
                made = prepare_batch([batch[i] for i in missing], near=self.dedup_enabled)
                for i, p in zip(missing, made, strict=True):
                    preps[i] = p
            for art, prep in zip(batch, preps, strict=True):
                self.put(art, prep)
        except BaseException:
            self.discard()
            raise
        return self.flush()

    def put(self, article: Article, prepared: Prepared | None = None) -> None:
        """Write one article into the open batch (opened on the first ``put``); nothing is visible
        to readers, or durable, until :meth:`flush` commits it. ``add(batch)`` is ``put`` of each
        article then ``flush()``, with the same result; a writer that receives articles one by one
        (the ingest driver) stores each as it arrives, so only the commit is left when the last
        one comes. Articles whose input is already stored are skipped; see :meth:`add`.
        On an exception, call :meth:`discard` (the batch is rolled back)."""
        if self._open is None:
            self._begin([])
        res, seen, stored = self._open
        art = article
        prov = art.provenance
        if prov.source:
            key = (prov.source, prov.input_hash)
            if prov.source not in stored:  # as the store was when the batch began (add looks them up at once)
                stored.update(self._stored_inputs([prov.source]))
                stored.setdefault(prov.source, None)
            if key in seen or _same_input(stored[prov.source], prov.input_hash):
                res.skipped += 1
                return
            seen.add(key)
        if art.errors and not art.body:
            self._add_error(art)
            res.errors += 1
            return
        prep = prepared if prepared is not None else prepare_batch([art], near=self.dedup_enabled)[0]
        if self._add_article(art, prep):
            res.duplicates += 1
        res.added += 1
        if art.errors:  # partial failures of an otherwise usable article are logged too
            self._log_errors(art)

    def flush(self) -> AddResult:
        """Commit the open batch (one SQLite transaction, then one search-index commit) and return
        what it stored; an empty result when no batch is open."""
        if self._open is None:
            return AddResult()
        res = self._open[0]
        c = self.conn
        try:
            c.execute("COMMIT")
            if len(self._entities) > 1_000_000:
                self._entities.clear()
            self._entities.update(self._entities_new)
            try:
                self.index.commit()
            except BaseException:
                # SQLite has the batch, the index does not: re-index it before anything else
                self._reindex_after = min(self._reindex_after or self._before, self._before)
                self.index.rollback()
                raise
        except BaseException:
            self.discard()
            raise
        self._close_batch()
        return res

    def discard(self) -> None:
        """Roll the open batch back (after an exception in :meth:`put`); nothing of it is stored."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
            self.index.rollback()
        self._close_batch()

    def _begin(self, sources: list[str]) -> None:
        """Open a batch: ``BEGIN IMMEDIATE``; ``sources``: inputs to look up at once (see ``put``)."""
        if self._open is not None:
            raise RuntimeError("a batch is already open: flush() or discard() it first")
        c = self.conn
        if self._reindex_after is not None:
            self.catch_up(after=self._reindex_after)
        c.execute("BEGIN IMMEDIATE")
        try:
            self._before = c.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
            stored: dict[str, str | None] = dict(self._stored_inputs(sources))
            stored.update((s, None) for s in sources if s not in stored)
        except BaseException:
            c.execute("ROLLBACK")
            raise
        self._open = (AddResult(), set(), stored)

    def _close_batch(self) -> None:
        self._open = None
        self._entities_new.clear()
        self._stories.end_batch()

    def _stored_inputs(self, sources: list[str]) -> dict[str, str]:
        """``{source: input_hash}`` of the given sources already stored (one query per 500)."""
        out: dict[str, str] = {}
        for i in range(0, len(sources), 500):
            part = sources[i : i + 500]
            marks = ",".join("?" * len(part))
            out.update(
                self.conn.execute(f"SELECT source, input_hash FROM inputs WHERE source IN ({marks})", part)
            )
        return out

    def _mark_input(self, art: Article, status: str) -> None:
        p = art.provenance
        if p.source:
            self.conn.execute(
                "INSERT OR REPLACE INTO inputs(source, input_hash, article_id, status, at) VALUES (?, ?, ?, ?, ?)",
                (p.source, p.input_hash, art.id, status, _now()),
            )

    def _log_errors(self, art: Article) -> None:
        p = art.provenance
        now = _now()
        self.conn.executemany(
            "INSERT INTO errors(source, input_hash, article_id, stage, error, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(p.source, p.input_hash, art.id, e.stage, e.error, e.message, now) for e in art.errors],
        )

    def _add_error(self, art: Article) -> None:
        self._log_errors(art)
        self._mark_input(art, "error")

    def _add_article(self, art: Article, prep: Prepared) -> bool:
        """Insert one article (inside the open transaction); True if it duplicates a stored one."""
        c = self.conn
        p = art.provenance
        bhash, sig, nsh = prep.body_hash, prep.sig, prep.nshingles
        if not art.id:
            art.id = (p.input_hash or bhash or str(time.time_ns()))[:16]
        existing = c.execute("SELECT input_hash FROM articles WHERE id = ?", (art.id,)).fetchone()
        if existing is not None:
            # same id (same canonical URL) from another input: keep both, the later one as a copy
            base = art.id
            art.id = f"{base}~{(p.input_hash or str(time.time_ns()))[:8]}"
            if c.execute("SELECT 1 FROM articles WHERE id = ?", (art.id,)).fetchone():
                self._mark_input(art, "duplicate")
                return True
        match = None
        if self.dedup_enabled:
            match = self._dedup.match(
                art.canonical_url or p.url, bhash, sig, nsh, bands=prep.bands, nurl=prep.url_norm
            )
        if match is not None:
            art.duplicate_of = match.id
        if self.dedup_enabled:
            art.syndicated_from = art.syndicated_from or dedup_mod.syndication(art, match, prep.agency)
        story = None
        fields = prep.fields
        if match is not None:
            if not art.story_id:
                row = c.execute("SELECT story_id FROM articles WHERE id = ?", (match.id,)).fetchone()
                art.story_id = row[0] if row else None
        elif self.stories_enabled and not art.story_id:
            analysed = None if prep.terms is not None else (fields["title"].split(), fields["text"].split())
            art.story_id, *story = self._stories.pick(art, analysed, prep.terms)
        cur = c.execute(
            """INSERT INTO articles(id, title, outlet, lang, published, fetched_at, authors, tags, url,
               canonical_url, canonical_norm, source, input_hash, body_hash, duplicate_of, syndicated_from,
               story_id, added_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))""",
            (
                art.id,
                art.title,
                art.outlet,
                art.lang,
                art.published,
                p.fetched_at,
                _json_list(art.authors),
                _json_list(art.tags),
                p.url,
                art.canonical_url,
                prep.url_norm
                if prep.url_norm is not None
                else dedup_mod.normalise_url(art.canonical_url or p.url),
                p.source,
                p.input_hash,
                bhash,
                art.duplicate_of,
                art.syndicated_from,
                art.story_id,
                _now(),
                art.to_json(),  # UTF-8 bytes stored as TEXT as they are: no str made and encoded again
            ),
        )
        rowid = cur.lastrowid
        assert rowid is not None
        self.index.add(rowid, fields, art.outlet, art.lang, art.published)
        self._add_enrichment(rowid, art)
        if self.dedup_enabled:
            self._dedup.index(rowid, sig, nsh, prep.bands)
        if story:
            self._stories.remember(rowid, *story)
        self._mark_input(art, "duplicate" if match else "article")
        return match is not None

    def _add_enrichment(self, rowid: int, art: Article) -> None:
        c = self.conn
        counts: dict[int, int] = {}
        for ent in art.entities:
            erow = self._entity_rowid(ent.id, ent.name, ent.type)
            counts[erow] = counts.get(erow, 0) + max(1, len(ent.mentions))
        if counts:
            dup = int(art.duplicate_of is not None)
            c.executemany(
                "INSERT INTO mentions(article_rowid, entity_rowid, count, published, dup) VALUES (?, ?, ?, ?, ?)",
                [(rowid, e, n, art.published, dup) for e, n in counts.items()],
            )
        if art.quotes:
            c.executemany(
                'INSERT INTO quotes(article_rowid, text, type, speaker, speaker_key, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
                [(rowid, q.text, q.type, q.speaker, q.speaker_id, q.start, q.end) for q in art.quotes],
            )
        if art.sources:
            c.executemany(
                'INSERT INTO sources(article_rowid, name, cue, start, "end") VALUES (?, ?, ?, ?, ?)',
                [(rowid, s.name, s.cue, s.start, s.end) for s in art.sources],
            )

    def _entity_rowid(self, key: str, name: str, type_: str) -> int:
        erow = self._entities.get(key) or self._entities_new.get(key)
        if erow is None:
            row = self.conn.execute("SELECT rowid FROM entities WHERE key = ?", (key,)).fetchone()
            if row is None:
                cur = self.conn.execute(
                    "INSERT INTO entities(key, name, type) VALUES (?, ?, ?)", (key, name, type_)
                )
                erow = cur.lastrowid
                self._entities_new[key] = erow  # known for good only once the transaction commits
            else:
                erow = self._entities[key] = row[0]
        return erow

    # -- reading ----------------------------------------------------------------------------
    def has_source(self, source: str) -> bool:
        """Was this input (``RawDoc.source``) already stored, as an article or an error?"""
        return self.conn.execute("SELECT 1 FROM inputs WHERE source = ?", (source,)).fetchone() is not None

    def done_sources(self, prefix: str = "") -> set[str]:
        """Stored input sources starting with ``prefix`` (e.g. a file path, for ``#N`` records)."""
        rows = self.conn.execute(
            "SELECT source FROM inputs WHERE source >= ? AND source < ?", (prefix, prefix + "\U0010ffff")
        )
        return {r[0] for r in rows}

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            "SELECT json, duplicate_of, syndicated_from, story_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _with_columns(row) if row else None

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        """Every stored article in insertion order, in constant memory."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, json, duplicate_of, syndicated_from, story_id FROM articles "
                "WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield _with_columns(r[1:])
            last = rows[-1][0]

    def latest(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: str | None = None,
        lang: str | None = None,
        tag: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[ArticleSummary]:
        """Newest first (by published date; undated last: NULL sorts lowest in SQLite)."""
        q = Query(outlets=[outlet] if outlet else [], langs=[lang] if lang else [], since=since, until=until)
        where, params = _filters(q)
        if tag:
            where.append("EXISTS (SELECT 1 FROM json_each(a.tags) WHERE lower(value) = lower(?))")
            params.append(tag)
        sql = f"SELECT {_SUMMARY_COLS} FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?"
        return [summary(r) for r in self.conn.execute(sql, (*params, limit, offset))]

    def duplicates(self, article_id: str) -> list[ArticleSummary]:
        """All stored copies of an article's story text: the original and every duplicate, minus itself."""
        row = self.conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return []
        root = row[0] or article_id
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM articles WHERE (id = ? OR duplicate_of = ?) AND id != ? ORDER BY rowid",
            (root, root, article_id),
        )
        return [summary(r) for r in rows]

    def story(self, story_id: str) -> list[ArticleSummary]:
        """The articles of one story cluster (originals and copies), oldest first."""
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM articles WHERE story_id = ? ORDER BY published, rowid", (story_id,)
        )
        return [summary(r) for r in rows]

    def errors(self, limit: int = 100) -> list[ErrorRow]:
        rows = self.conn.execute(
            "SELECT source, stage, error, message, at FROM errors ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [ErrorRow(source=r[0], stage=r[1], error=r[2], message=r[3], at=r[4]) for r in rows]

    def stats(self) -> dict[str, Any]:
        c = self.conn

        def one(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0] or 0)

        return {
            "articles": one("SELECT count(*) FROM articles"),
            "errors": one("SELECT count(*) FROM errors"),
            "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "syndicated": one("SELECT count(*) FROM articles WHERE syndicated_from IS NOT NULL"),
            "stories": one("SELECT count(DISTINCT story_id) FROM articles"),
            "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
            "languages": dict(
                c.execute(
                    "SELECT coalesce(lang, 'und'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
                ).fetchall()
            ),
            "entities": one("SELECT count(*) FROM entities"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "inputs": one("SELECT count(*) FROM inputs"),
            "first_published": c.execute("SELECT min(published) FROM articles").fetchone()[0],
            "last_published": c.execute("SELECT max(published) FROM articles").fetchone()[0],
            "schema_version": c.execute("PRAGMA user_version").fetchone()[0],
            "file_bytes": self.path.stat().st_size if self.path.exists() else 0,
            "index_bytes": sum(f.stat().st_size for f in self.index.path.iterdir() if f.is_file()),
            "indexed": self.index.num_docs,
        }

    # -- search -----------------------------------------------------------------------------
    def search(
        self, query: str | Query, limit: int = 20, offset: int = 0, *, count: bool = True
    ) -> SearchResult:
        """Ranked search (BM25, title-weighted) with operators; see :mod:`warta.store.query`.

        Queries with only filters (``outlet:x since:2024``) list matching articles newest first.
        """
        q = parse(query) if isinstance(query, str) else query
        c = self.conn
        cols = "a.rowid, a.id, a.title, a.outlet, a.published, a.lang, a.duplicate_of"
        if not q.clauses:  # filters only: SQLite, newest first
            where, params = _filters(q)
            cond = " AND ".join(where) or "1"
            total = (
                c.execute(f"SELECT count(*) FROM articles a WHERE {cond}", params).fetchone()[0]
                if count
                else -1
            )
            rows = [
                (*r, 0.0)
                for r in c.execute(
                    f"SELECT {cols} FROM articles a WHERE {cond} "
                    "ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?",
                    (*params, limit, offset),
                )
            ]
        else:
            total, ranked = self.index.search(
                compile_query(q), limit, offset, count=count, by_date=not q.has_text
            )
            byid = {
                r[0]: r
                for r in c.execute(
                    f"SELECT {cols} FROM articles a WHERE a.rowid IN ({', '.join('?' for _ in ranked)})",
                    [rowid for _, rowid in ranked],
                )
            }
            rows = [(*byid[rowid], score) for score, rowid in ranked if rowid in byid]
        forms: set[str] = set()
        for w in q.highlight_terms():
            forms |= query_forms(w)
        frozen = frozenset(forms)
        texts = {
            r[0]: _snippet_text(r[1], r[2])
            for r in c.execute(
                "SELECT rowid, json_extract(json, '$.lead'), json_extract(json, '$.body') FROM articles "
                f"WHERE rowid IN ({', '.join('?' for _ in rows)})",
                [r[0] for r in rows],
            )
        }
        hits = []
        for r in rows:
            hits.append(
                Hit(
                    id=r[1],
                    title=r[2],
                    snippet=make_snippet(texts.get(r[0], ""), frozen, r[5]),
                    score=round(float(r[7]), 4),
                    outlet=r[3],
                    published=r[4],
                    lang=r[5],
                    duplicate_of=r[6],
                )
            )
        return SearchResult(total=total, hits=hits, warnings=q.warnings)

    # -- export -----------------------------------------------------------------------------
    def export_parquet(self, out_dir: str | Path, partition: str = "lang", batch: int = 5000) -> list[Path]:
        """Write the corpus as a Parquet dataset (hive-partitioned by ``lang``); returns the files."""
        from warta.store.export import export_parquet

        return export_parquet(self, Path(out_dir), partition=partition, batch=batch)


# -- helpers ---------------------------------------------------------------------------------
def _snippet_text(lead: str | None, body_json: str | None) -> str:
    """The text snippets are cut from: lead and body paragraphs (``body`` as stored JSON)."""
    body = json.loads(body_json) if body_json else []
    return "\n".join(p for p in (lead, *body) if p)


def _with_columns(row: tuple) -> Article:
    """The stored Article with the corpus columns, which later batches may update, applied."""
    art = Article.from_json(row[0])
    art.duplicate_of, art.syndicated_from, art.story_id = row[1], row[2], row[3]
    return art


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


_index_fields = index_fields
"""(The analysed index fields of an article: :func:`warta.store.prepare.index_fields`.)"""


_STEMMED = {"text": ("title", "text"), "title": ("title",), "quotes": ("quotes",)}


def clause_query(cl: Clause):  # -> tantivy.Query
    """The index query for one clause (negation is applied by :func:`compile_query`).

    Stemmed fields match any language's stem of each word (or of the whole phrase); names,
    tags and authors match their lower-cased tokens.
    """
    words = TOKEN_RE.findall(cl.text.lower())
    fields = _STEMMED.get(cl.field)
    if fields is None:
        return idx.fields_query((cl.field,), [words])
    if cl.phrase and len(words) > 1:
        variants = {tuple(words)} | {tuple(stem(w, code) for w in words) for code in stem_languages()}
        return idx.fields_query(fields, [list(v) for v in sorted(variants)])
    per_word = [idx.fields_query(fields, [[f] for f in sorted(query_forms(w))]) for w in words]
    return per_word[0] if len(per_word) == 1 else idx.all_of(per_word)


def compile_query(q: Query):  # -> tantivy.Query
    """The whole query: clauses AND-ed, negated clauses excluded, filters applied."""
    must = [clause_query(c) for c in q.clauses if not c.negate]
    must_not = [clause_query(c) for c in q.clauses if c.negate]
    if q.outlets:
        must.append(idx.any_raw("outlet", [o.lower() for o in q.outlets]))
    if q.langs:
        must.append(idx.any_raw("lang", q.langs))
    if q.since or q.until:
        must.append(idx.date_range(q.since, q.until))
    return idx.all_of(must, must_not)


def _filters(q: Query) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if q.outlets:
        where.append("(" + " OR ".join("a.outlet = ? COLLATE NOCASE" for _ in q.outlets) + ")")
        params.extend(q.outlets)
    if q.langs:
        where.append("a.lang IN (" + ", ".join("?" for _ in q.langs) + ")")
        params.extend(q.langs)
    if q.since:  # ISO text compares in date order; "2024-01" <= "2024-01-15"
        where.append("a.published >= ?")
        params.append(q.since)
    if q.until:  # inclusive: until:2024-03 keeps "2024-03-31T…" ("~" sorts after ISO characters)
        where.append("a.published <= ?")
        params.append(q.until + "~")
    return where, params
