"""``Store.put`` + ``flush`` (one article at a time, as the ingest driver stores) equals ``Store.add``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.test_prepared import _docs, _rows

from warta.run.executors import run_prepared
from warta.store import Store


def test_put_then_flush_stores_what_add_stores(tmp_path: Path) -> None:
    pairs = list(run_prepared(_docs()))
    half = len(pairs) // 2
    with Store(tmp_path / "add.db") as st:
        res_add = [
            st.add([a for a, _ in part], [p for _, p in part]) for part in (pairs[:half], pairs[half:])
        ]
    with Store(tmp_path / "put.db") as st:
        res_put = []
        for part in (pairs[:half], pairs[half:]):
            for art, prep in part:
                st.put(art, prep)
            res_put.append(st.flush())
        assert st.flush().added == 0  # nothing open: an empty result, no empty commit
    assert res_put == res_add and res_put[0].added + res_put[1].added > 0
    assert _rows(tmp_path / "put.db") == _rows(tmp_path / "add.db")


def test_nothing_is_stored_before_flush_and_discard_rolls_back(tmp_path: Path) -> None:
    pairs = list(run_prepared(_docs()))
    db = tmp_path / "s.db"
    with Store(db) as st:
        for art, prep in pairs[:3]:
            st.put(art, prep)
        with sqlite3.connect(db) as other:  # another process sees nothing of the open batch
            assert other.execute("SELECT count(*) FROM inputs").fetchone()[0] == 0
        st.discard()
        assert len(st) == 0 and st.search("banjir").total == 0
        with pytest.raises(RuntimeError):  # add() while a put() batch is open is a caller's bug
            st.put(*pairs[0])
            st.add([pairs[1][0]])
        st.discard()
        res = st.add([a for a, _ in pairs], [p for _, p in pairs])
        assert res.added > 0
        for art, prep in pairs:  # already stored: put skips each input, as add does
            st.put(art, prep)
        again = st.flush()
        assert again.added == 0 and again.skipped == res.added + res.errors
