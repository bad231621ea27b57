"""The same inputs give the same store: at 1 or 2 workers, and however slowly the machine runs.

Story clustering sees earlier batches through the committed search index and the open batch
directly, so the stored stories (and the IDF weights of the story vectors) depend on where batches
end. Batches are cut by document count only; these runs would differ if the clock cut them.
"""

from __future__ import annotations

import random
import sqlite3
import time
import types
from pathlib import Path

import pytest

from warta.ingest.warc import write_warc
from warta.run import ingest as ingest_mod
from warta.store import Store

TOPICS = [
    ("banjir", "sungai", "mengungsi", "tanggul", "hujan"),
    ("gempa", "magnitudo", "bmkg", "retak", "tsunami"),
    ("beras", "harga", "pasar", "bulog", "operasi"),
    ("pemilu", "kpu", "suara", "kampanye", "partai"),
    ("kereta", "stasiun", "jadwal", "penumpang", "rel"),
    ("kebakaran", "hutan", "asap", "titik", "api"),
    ("nelayan", "pelabuhan", "solar", "kapal", "ikan"),
    ("vaksin", "puskesmas", "dosis", "anak", "imunisasi"),
]
FILLER = [
    "warga",
    "kota",
    "pemerintah",
    "jalan",
    "sekolah",
    "rumah",
    "desa",
    "menteri",
    "pagi",
    "malam",
    "hari",
    "minggu",
    "laporan",
    "petugas",
]
OUTLETS = ["kabar.id", "warta.id", "berita.id", "harian.id", "suara.id"]


def _page(rng: random.Random, t: int, k: int, day: int) -> tuple[str, bytes]:
    words = TOPICS[t]

    def para(n: int) -> str:
        pool = list(words) * 6 + FILLER
        return " ".join(rng.choice(pool) for _ in range(n)).capitalize() + "."

    title = f"{words[0].title()} {words[1]} {rng.choice(FILLER)} {words[2]}"
    paras = "".join(f"<p>{para(35)}</p>" for _ in range(4))
    outlet = OUTLETS[k % len(OUTLETS)]
    html = (
        f'<html><head><title>{title}</title><meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="2024-03-{day:02d}T08:00:00+07:00"></head>'
        f"<body><article><h1>{title}</h1>{paras}</article></body></html>"
    )
    return f"https://{outlet}/{t}/{k}", html.encode()


def _corpus(path: Path) -> int:
    """Eight topics in a few dated waves from five outlets, plus exact and near copies."""
    rng = random.Random(11)
    pages = []
    for wave in range(3):
        for t in range(len(TOPICS)):
            for k in range(3):
                pages.append(_page(rng, t, wave * 3 + k, 4 + wave * 2 + k % 2))
    rng.shuffle(pages)
    for i in range(0, 12, 3):  # copies at other URLs: one exact, one with a paragraph dropped
        url, html = pages[i]
        pages.append((url.replace("://", "://m."), html))
        pages.append((url + "?copy=1", html.replace(b"<p>", b"<p hidden>", 1).replace(b"</p>", b"", 1)))
    write_warc(path, pages, date="2024-04-01T00:00:00Z")  # fetched after publication
    return len(pages)


def _dump(db: Path) -> dict[str, list[tuple]]:
    c = sqlite3.connect(db)
    try:
        return {
            "articles": c.execute(
                "SELECT rowid, id, published, duplicate_of, syndicated_from, story_id, body_hash, json "
                "FROM articles ORDER BY rowid"
            ).fetchall(),
            "inputs": c.execute(
                "SELECT source, input_hash, article_id, status FROM inputs ORDER BY 1"
            ).fetchall(),
            "story_vectors": c.execute("SELECT * FROM story_vectors ORDER BY 1").fetchall(),
            "lsh": c.execute("SELECT * FROM lsh ORDER BY 1, 2, 3").fetchall(),
        }
    finally:
        c.close()


def _ingest(warc: Path, db: Path, **kw) -> None:
    with Store(db) as st:
        stats = ingest_mod.ingest([str(warc)], st, batch_size=8, **kw)
    assert stats.errors == 0 and stats.documents > 0


class _SlowClock(types.SimpleNamespace):
    """The ``time`` module as a heavily loaded machine sees it: a minute passes between any two looks."""

    def __init__(self) -> None:
        super().__init__(**{k: getattr(time, k) for k in dir(time) if k[0] != "_" and k != "monotonic"})
        self._now = time.monotonic()

    def monotonic(self) -> float:
        self._now += 60.0
        return self._now


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[tuple]]]:
    tmp = tmp_path_factory.mktemp("repro")
    warc = tmp / "crawl.warc.gz"
    n = _corpus(warc)
    _ingest(warc, tmp / "one.db", workers=1)
    _ingest(warc, tmp / "two.db", workers=2)
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(ingest_mod, "time", _SlowClock())
        _ingest(warc, tmp / "slow.db", workers=1)
    finally:
        mp.undo()
    out = {name: _dump(tmp / f"{name}.db") for name in ("one", "two", "slow")}
    assert len(out["one"]["articles"]) == n
    return out


def test_corpus_has_stories_and_copies(runs: dict) -> None:
    arts = runs["one"]["articles"]
    stories = {r[5] for r in arts}
    assert 4 <= len(stories) < len(arts) - 8  # topics grouped, not one story per article
    assert sum(r[3] is not None for r in arts) >= 6  # the exact and near copies found
    assert len(runs["one"]["story_vectors"]) >= len(arts) - 8


def test_two_workers_store_what_one_stores(runs: dict) -> None:
    for table, rows in runs["one"].items():
        assert runs["two"][table] == rows, table


def test_a_slow_clock_changes_nothing(runs: dict) -> None:
    for table, rows in runs["one"].items():
        assert runs["slow"][table] == rows, table
