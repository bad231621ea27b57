"""A store written by an older Warta (40-hex-digit SHA-1 input hashes) keeps each input once when the
same sources are ingested again with today's 32-digit hashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from warta.article import RawDoc
from warta.cli import main
from warta.run.executors import run_local
from warta.store import Store

PAGE = (
    "<html><head><title>Banjir di Jakarta</title></head><body><article><h1>Banjir di Jakarta</h1>"
    "<p>JAKARTA - Warga di bantaran kali mengungsi ke masjid terdekat setelah hujan deras semalam.</p>"
    "<p>Petugas membuka dapur umum dan menyiapkan perahu karet untuk warga yang masih bertahan.</p>"
    "</article></body></html>"
)


def _as_old_store(db: Path) -> None:
    """Rewrite every stored input hash as a 40-digit SHA-1-shaped one, as an older Warta stored it."""
    with sqlite3.connect(db) as c:
        c.execute("UPDATE inputs SET input_hash = substr(input_hash || input_hash, 1, 40)")
        c.execute("UPDATE articles SET input_hash = substr(input_hash || input_hash, 1, 40)")
        assert {len(h) for (h,) in c.execute("SELECT input_hash FROM inputs")} == {40}


def _count(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM articles").fetchone()[0], c.execute(
            "SELECT count(*) FROM inputs"
        ).fetchone()[0]


def test_store_add_skips_an_input_stored_with_a_sha1_hash(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    raw = RawDoc(data=PAGE.encode(), source="pages/banjir.html", url="https://kabar.example/banjir")
    art = next(run_local([raw]))
    assert len(art.provenance.input_hash) == 32
    with Store(db) as st:
        assert st.add([art]).added == 1
    _as_old_store(db)
    with Store(db) as st:
        res = st.add([next(run_local([raw]))])
    assert (res.added, res.skipped) == (0, 1)
    assert _count(db) == (1, 1)


def test_ingest_again_over_an_old_store_stores_nothing_twice(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.html").write_text(PAGE.replace("semalam", f"semalam ({i})"), encoding="utf-8")
    db = tmp_path / "old.db"
    assert main(["ingest", str(pages), "--db", str(db), "-q"]) == 0
    _as_old_store(db)
    assert main(["ingest", str(pages), "--db", str(db), "-q"]) == 0
    assert _count(db) == (3, 3)
