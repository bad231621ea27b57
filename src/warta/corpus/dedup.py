"""Exact and near-duplicate detection, persistent and incremental in the store's SQLite file.

* **Exact**: same normalised canonical URL, or same normalised body hash (lower-cased ``\\w+`` tokens).
* **Near**: MinHash (``rensa.RMinHash``, 128 permutations) over word 3-shingles of lead + body,
  LSH with 32 bands of 4 rows. Band hashes live in the ``lsh`` table, signatures in ``minhash``;
  a new article queries the buckets of everything stored so far (nothing is recomputed), then
  candidates are verified on the estimated Jaccard similarity or containment (a copy with
  paragraphs dropped is mostly *contained* in the original).
* **Syndication**: a copy that credits an agency (``article.sources`` from enrichment, else a cue
  in the lead/dateline from ``lang/*/syndication.toml``) gets ``syndicated_from`` = the agency;
  a copy from another outlet gets the original's outlet.

Use through :class:`warta.store.Store` (``add`` runs it: words, signatures and band hashes come
from :func:`warta.store.prepare.prepare_batch` in the ingest workers), or directly::

    words = body_words(article)
    sh = shingles(words)
    sig = signatures([sh])[0] if len(sh) >= MIN_SHINGLES else None
    dd = Deduper(conn)            # conn: sqlite3 connection of a Store (tables exist)
    match = dd.match(article.canonical_url, body_hash(words), sig, len(sh))  # Match | None
    dd.index(rowid, sig, len(sh)) # remember it for later batches
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from array import array
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import rensa

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article

_K = kernel("warta.corpus._shingle")
words_of = _K.tokens
r"""``re.findall(r"\w+", text)`` in one compiled pass (:mod:`warta.corpus._shingle`)."""

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
SEED = 1729
MIN_SHINGLES = 20
"""Bodies with fewer shingles are only checked for exact copies (too short to compare reliably)."""
JACCARD_MIN = 0.5
CONTAINMENT_MIN = 0.75

SCHEMA = """
CREATE TABLE IF NOT EXISTS minhash (
    article_rowid INTEGER PRIMARY KEY,
    nshingles INTEGER NOT NULL,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL,
    PRIMARY KEY (band, hash, article_rowid)
) WITHOUT ROWID;
"""

_CANDIDATES_SQL = (
    "SELECT DISTINCT l.article_rowid FROM (VALUES "
    + ", ".join("(?, ?)" for _ in range(BANDS))
    + ") AS v JOIN lsh AS l ON l.band = v.column1 AND l.hash = v.column2"
)
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|ref$|source$|amp$|page$|src$|from$)")


@dataclass
class Match:
    """The stored article a new one copies."""

    rowid: int
    id: str
    kind: str
    """``url``, ``body`` (exact) or ``near``."""
    similarity: float
    outlet: str | None = None


def normalise_url(url: str | None) -> str | None:
    """Canonical form for exact matching: lower-case host, no scheme/www/fragment/tracking/trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = re.sub(r"/+$", "", parts.path) or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower())))
    return urlunsplit(("", host, path, query, "")).lstrip("/")


def body_words(article: Article) -> list[str]:
    """Lower-cased word tokens of lead + body: what duplicate detection compares."""
    text = "\n".join(p for p in (article.lead, *article.body) if p)
    return words_of(text.lower())


def body_hash(words: list[str]) -> str | None:
    """sha1 of the normalised body, or None for an empty body."""
    return body_hash_joined(" ".join(words).encode("utf-8"))


def body_hash_joined(joined: bytes) -> str | None:
    """:func:`body_hash` from ``" ".join(words).encode()``, for a caller that has those bytes already
    (:func:`warta.store.prepare.prepare_batch`: the shingles read them too)."""
    return hashlib.sha1(joined).hexdigest() if joined else None


def shingles(words: list[str], k: int = SHINGLE) -> set[str]:
    """Word k-shingles (as space-joined strings; the words joined when fewer than ``k``)."""
    return _K.shingles(words, k)


def signatures(shingle_sets: list[set[str]]) -> list[list[int]]:
    """MinHash signatures (``NUM_PERM`` u32 values each), computed in one rensa call."""
    return rensa.RMinHash.digests_from_token_sets(shingle_sets, NUM_PERM, SEED)


def _hashes_kernel() -> Any:
    """The kernel whose ``shingle_hashes`` to use: the compiled one only if its copy of rensa's token
    hash gives what the installed rensa gives (probes of every length class of that hash); else the
    twin, which asks rensa itself, with a warning (a rensa release with another hash would otherwise
    make the compiled path's signatures differ from rensa's, silently)."""
    if not hasattr(_K, "token_hash") or _K.__name__.endswith("_py"):
        return _K
    probes = [bytes(range(97, 97 + n)) for n in (0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 40)]
    probes.append("jakarta 日本 ñ".encode())
    if [_K.token_hash(p) for p in probes] == rensa.RMinHash.hash_token_sets([probes])[0]:
        return _K
    import importlib
    import warnings

    warnings.warn(
        f"rensa {getattr(rensa, '__version__', '?')} hashes tokens differently from "
        "warta.corpus._shingle: using the pure-Python shingle hashing",
        RuntimeWarning,
        stacklevel=2,
    )
    return importlib.import_module("warta.corpus._shingle_py")


shingle_hashes = _hashes_kernel().shingle_hashes
"""``shingle_hashes(joined, k)``: (distinct word ``k``-shingles, their rensa token hashes as native
``uint64`` bytes) of ``" ".join(words).encode()``, without a string per shingle
(:mod:`warta.corpus._shingle`); :func:`signatures_from_hashes` makes the signatures."""


def signatures_from_hashes(hashes: list[bytes]) -> list[list[int]]:
    """MinHash signatures from the token hashes of :func:`shingle_hashes` (one ``bytes`` per
    document), in one rensa call: equal to :func:`signatures` of the shingle sets.

    >>> words = "warga kota menunggu kereta pagi ini di stasiun".split()
    >>> n, hashes = shingle_hashes(" ".join(words).encode(), SHINGLE)
    >>> n == len(shingles(words)), signatures_from_hashes([hashes]) == signatures([shingles(words)])
    (True, True)
    """
    if not hashes:
        return []
    offsets = array("Q", [0])
    total = 0
    for h in hashes:
        total += len(h) // 8
        offsets.append(total)
    flat = memoryview(b"".join(hashes)).cast("Q")
    return rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED).to_rows()


def band_hashes(sig: list[int]) -> list[int]:
    """One signed 64-bit hash per LSH band (SQLite INTEGER); pure arithmetic, stable across runs
    (compiled: :func:`warta.corpus._shingle.band_hashes`)."""
    return _K.band_hashes(sig, BANDS, ROWS)


def jaccard(a: list[int] | array, b: list[int] | array) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def containment(j: float, na: int, nb: int) -> float:
    """Share of the smaller set inside the larger one, from the Jaccard estimate and set sizes."""
    if not na or not nb:
        return 0.0
    inter = j * (na + nb) / (1.0 + j)
    return min(1.0, inter / min(na, nb))


def is_near(j: float, na: int, nb: int) -> bool:
    """The verification rule applied to LSH candidates."""
    return j >= JACCARD_MIN or containment(j, na, nb) >= CONTAINMENT_MIN


_NON_WORD = re.compile(r"\W")


@cache
def _credit_patterns() -> tuple[list[re.Pattern[str]], dict[str, str]]:
    data = langdata.load_all().get("syndication", {})
    agencies = sorted(set(data.get("agencies", [])), key=len, reverse=True)
    if not agencies:
        return [], {}
    alt = "|".join(re.escape(a) for a in agencies)
    pats = [re.compile(c.replace("{agency}", alt)) for c in data.get("cues", [])]
    # canonical spelling: the first listed agency that equals it case-insensitively
    canon: dict[str, str] = {}
    for a in data.get("agencies", []):
        canon.setdefault(a.lower(), a)
    return pats, canon


def agency_credit(article: Article, window: int = 400) -> str | None:
    """The agency an article credits: ``article.sources`` if enrichment ran, else a lead/dateline cue.

    >>> agency_credit(Article(lead="Jakarta (ANTARA) - Harga beras naik."))
    'ANTARA'
    """
    if article.sources:
        return article.sources[0].name
    pats, canon = _credit_patterns()
    head = " ".join(p for p in (article.dateline, article.lead, *article.body[:3]) if p)[:window]
    best: tuple[int, str] | None = None
    for pat in pats:
        m = pat.search(head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.group("agency"))
    if best is None:
        return None
    return canon.get(best[1].lower(), best[1])


class Deduper:
    """Duplicate lookups and LSH indexing on a store's connection (tables from :data:`SCHEMA`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def match(
        self,
        canonical_url: str | None,
        bhash: str | None,
        sig: list[int] | None,
        nshingles: int,
        exclude_rowid: int = -1,
        bands: list[int] | None = None,
        nurl: str | None = None,
    ) -> Match | None:
        """The earliest stored article this one copies, or None (``bands``: :func:`band_hashes`
        of ``sig``; ``nurl``: :func:`normalise_url` of ``canonical_url``; if the caller has them)."""
        c = self.conn
        nurl = nurl or normalise_url(canonical_url)
        if nurl:
            row = c.execute(
                "SELECT rowid, id, duplicate_of, outlet FROM articles WHERE canonical_norm = ? AND rowid != ? ORDER BY rowid LIMIT 1",
                (nurl, exclude_rowid),
            ).fetchone()
            if row:
                return self._root(Match(row[0], row[1], "url", 1.0, row[3]), row[2])
        if bhash:
            row = c.execute(
                "SELECT rowid, id, duplicate_of, outlet FROM articles WHERE body_hash = ? AND rowid != ? ORDER BY rowid LIMIT 1",
                (bhash, exclude_rowid),
            ).fetchone()
            if row:
                return self._root(Match(row[0], row[1], "body", 1.0, row[3]), row[2])
        if sig is None:
            return None
        bands = bands or band_hashes(sig)
        cands = {r[0] for r in c.execute(_CANDIDATES_SQL, [x for b, h in enumerate(bands) for x in (b, h)])}
        cands.discard(exclude_rowid)
        roots: dict[int, Match] = {}
        for rowid in sorted(cands):  # earliest stored first
            row = c.execute("SELECT nshingles, sig FROM minhash WHERE article_rowid = ?", (rowid,)).fetchone()
            if not row:
                continue
            other = array("I")
            other.frombytes(row[1])
            j = jaccard(sig, other)
            if is_near(j, nshingles, row[0]):
                sim = max(j, containment(j, nshingles, row[0]))
                art = c.execute(
                    "SELECT id, duplicate_of, outlet FROM articles WHERE rowid = ?", (rowid,)
                ).fetchone()
                m = self._root(Match(rowid, art[0], "near", sim, art[2]), art[1])
                if m.rowid not in roots or roots[m.rowid].similarity < sim:
                    roots[m.rowid] = m
        if not roots:
            return None
        first = roots[min(roots)]
        for rowid, m in roots.items():
            if rowid != first.rowid:  # this article bridges two groups: the later one joins the earlier
                self.merge(m.id, first.id)
        return first

    def merge(self, root_id: str, into_id: str) -> None:
        """Make the group rooted at ``root_id`` copies of ``into_id`` (an earlier stored article)."""
        self.conn.execute(
            "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
            (into_id, root_id, root_id),
        )
        # the old root is a copy now: its entity mentions leave the entity views (store schema v4)
        self.conn.execute(
            "UPDATE mentions SET dup = 1 WHERE article_rowid = (SELECT rowid FROM articles WHERE id = ?)",
            (root_id,),
        )

    def _root(self, m: Match, duplicate_of: str | None) -> Match:
        """Follow ``duplicate_of`` to the earliest stored copy."""
        seen = 0
        while duplicate_of and seen < 10:
            row = self.conn.execute(
                "SELECT rowid, id, duplicate_of, outlet FROM articles WHERE id = ?", (duplicate_of,)
            ).fetchone()
            if not row:
                break
            m = Match(row[0], row[1], m.kind, m.similarity, row[3])
            duplicate_of = row[2]
            seen += 1
        return m

    def index(
        self, rowid: int, sig: list[int] | None, nshingles: int, bands: list[int] | None = None
    ) -> None:
        """Store the signature and band hashes of an article so later batches can find it."""
        if sig is None:
            return
        self.conn.execute(
            "INSERT OR REPLACE INTO minhash(article_rowid, nshingles, sig) VALUES (?, ?, ?)",
            (rowid, nshingles, array("I", sig).tobytes()),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO lsh(band, hash, article_rowid) VALUES (?, ?, ?)",
            [(b, h, rowid) for b, h in enumerate(bands or band_hashes(sig))],
        )


def syndication(article: Article, match: Match | None, agency: str | None = None) -> str | None:
    """``syndicated_from``: the agency the article credits (unless it is the agency's own outlet),
    else, for a copy, the original's outlet when it differs. ``agency``: :func:`agency_credit` of
    the article if the caller has it ("" for none; it needs nothing stored, so the ingest workers
    find it: :mod:`warta.store.prepare`).

    >>> syndication(Article(outlet="kabar.id", lead="Jakarta (ANTARA) - Harga naik."), None)
    'ANTARA'
    >>> syndication(Article(outlet="antaranews.com", lead="Jakarta (ANTARA) - Harga naik."), None) is None
    True
    """
    if agency is None:
        agency = agency_credit(article)
    if agency:
        own = article.outlet and _NON_WORD.sub("", agency.lower()) in _NON_WORD.sub(
            "", article.outlet.lower()
        )
        if not own:
            return agency
    if match and match.outlet and article.outlet and match.outlet.lower() != article.outlet.lower():
        return match.outlet
    return None
