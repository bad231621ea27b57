"""The store's per-article work done in the ingest workers gives the same corpus as done in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_dedup import FLOOD_A, FLOOD_B

from warta.article import RawDoc
from warta.run.executors import run_local, run_prepared
from warta.store import Store
from warta.store.prepare import prepare_batch

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _docs() -> list[RawDoc]:
    docs = [
        RawDoc(data=p.read_bytes(), source=f"fx/{p.name}", url=f"https://fixture.example/{p.stem}")
        for p in sorted(FIXTURES.glob("*.html"))
    ]
    # flattened text (str data), copies of each other and a distinct story on the same topic
    for i, body in enumerate((FLOOD_A, FLOOD_A[1:] + ["Editor: Budi"], FLOOD_B, FLOOD_A)):
        text = "Banjir di Jakarta Timur\n\nJAKARTA, KOMPAS.com - " + "\n\n".join(body)
        docs.append(RawDoc(data=text, source=f"txt/{i}", url=f"https://kabar{i}.example/banjir"))
    docs.append(RawDoc(data=b"", source="empty", meta={"read_error": "gone", "error": "Gone"}))
    return docs


def _rows(db: Path) -> list[tuple]:
    c = sqlite3.connect(db)
    try:
        return (
            c.execute(
                "SELECT id, duplicate_of, syndicated_from, story_id, body_hash, json FROM articles ORDER BY rowid"
            ).fetchall()
            + c.execute("SELECT * FROM lsh ORDER BY 1, 2, 3").fetchall()
        )
    finally:
        c.close()


def test_workers_return_what_one_process_makes() -> None:
    docs = _docs()
    one = [a.to_dict() for a in run_local(docs, workers=1)]
    two = [a.to_dict() for a in run_local(docs, workers=2, chunksize=3)]
    assert one == two
    pairs = list(run_prepared(docs, workers=2, chunksize=3))
    assert [a.to_dict() for a, _ in pairs] == one
    assert [p for _, p in pairs] == prepare_batch([a for a, _ in pairs])
    assert any(p.sig is not None for _, p in pairs) and any(p.terms for _, p in pairs)


def test_store_with_prepared_equals_store_alone(tmp_path: Path) -> None:
    pairs = list(run_prepared(_docs(), workers=2, chunksize=4))
    arts = [a for a, _ in pairs]
    with Store(tmp_path / "a.db") as st:
        res_a = st.add(arts, [p for _, p in pairs])
    with Store(tmp_path / "b.db") as st:
        res_b = st.add(list(run_local(_docs())))
    assert res_a == res_b
    assert res_a.duplicates >= 2 and res_a.errors == 1
    assert _rows(tmp_path / "a.db") == _rows(tmp_path / "b.db")
    with Store(tmp_path / "a.db") as st:
        assert st.search("banjir").total >= 4  # the four flood texts (copies included), indexed
