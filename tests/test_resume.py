"""Never lose work: `warta ingest` SIGKILLed at random moments, then re-run, stores each input once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warta.ingest.warc import write_warc

pytest.importorskip("warta.store")

N_TEXT, N_JSONL, N_WARC = 150, 120, 80


def _corpus(root: Path) -> set[str]:
    """A few hundred distinct documents in three containers; returns every expected source."""
    rng = random.Random(7)
    words = [
        "pemerintah",
        "kota",
        "warga",
        "jalan",
        "banjir",
        "harga",
        "pasar",
        "sekolah",
        "rumah",
        "sakit",
        "menteri",
        "desa",
    ]

    def para(i: int, k: int) -> str:
        return " ".join(rng.choice(words) for _ in range(25)) + f" nomor {i}-{k}."

    (root / "txt").mkdir()
    expected = set()
    for i in range(N_TEXT):
        p = root / "txt" / f"{i:04d}.txt"
        p.write_text(f"Judul berita {i}\n\nJAKARTA - {para(i, 1)}\n\n{para(i, 2)}\n", encoding="utf-8")
        expected.add(str(p))
    dump = root / "dump.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for i in range(N_JSONL):
            fh.write(
                json.dumps({"maintext": f"Kabar {i}\n\n{para(1000 + i, 1)}", "url": f"https://x.id/{i}"})
                + "\n"
            )
        fh.write("{not json\n")  # a broken line: must become an error record, once
    expected |= {f"{dump}#{i}" for i in range(1, N_JSONL + 2)}
    warc = root / "crawl.warc.gz"
    pages = [
        (
            f"https://berita.example/{i}",
            f"<html><head><title>Warta {i}</title></head><body><article><h1>Warta {i}</h1><p>{para(2000 + i, 1)}</p><p>{para(2000 + i, 2)}</p></article></body></html>".encode(),
        )
        for i in range(N_WARC)
    ]
    write_warc(warc, pages)
    expected |= {f"{warc}#{i}" for i in range(1, N_WARC + 1)}
    return expected


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM inputs").fetchone()[0]
    except sqlite3.Error:
        return 0


def _corpus_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return [
            *c.execute(
                "SELECT rowid, id, duplicate_of, story_id, body_hash, json FROM articles ORDER BY rowid"
            ),
            *c.execute("SELECT source, input_hash, article_id, status FROM inputs ORDER BY source"),
            *c.execute("SELECT * FROM story_vectors ORDER BY article_rowid"),
            *c.execute("SELECT * FROM lsh ORDER BY 1, 2, 3"),
        ]


def test_sigkill_and_resume_loses_nothing_and_stores_nothing_twice(tmp_path: Path) -> None:
    expected = _corpus(tmp_path)
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "warta", "ingest", str(tmp_path / "txt"), str(tmp_path / "dump.jsonl"),
           str(tmp_path / "crawl.warc.gz"), "--db", str(db), "--batch", "8", "-q"]  # fmt: skip
    rng = random.Random(int(os.environ.get("WARTA_TEST_SEED", "0")) or None)
    partial = []
    for k in range(4):
        before = _stored(db)
        workers = ["-w", str(1 + k % 2)]  # in-process, then the process pool, in turn
        proc = subprocess.Popen(cmd + workers, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while _stored(db) <= before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # wait for this run's first commit, then kill it somewhere after it
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        partial.append(_stored(db))
    assert any(0 < n < len(expected) for n in partial), partial  # some kill did land mid-run
    done = subprocess.run(cmd + ["-w", "2"], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert "ingested" in done.stderr

    from warta.store import Store

    st = Store(db)
    try:
        assert st.done_sources(str(tmp_path)) == expected
        with sqlite3.connect(db) as c:
            assert c.execute("SELECT count(*) FROM inputs").fetchone()[0] == len(expected)
            assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == len(expected) - 1
            twice = c.execute("SELECT source FROM articles GROUP BY source HAVING count(*) > 1").fetchall()
            assert twice == []
        errors = st.errors(limit=100)
        assert [e.source for e in errors] == [f"{tmp_path / 'dump.jsonl'}#{N_JSONL + 1}"]
    finally:
        st.close()
    # batches are cut by count, so the resumed runs cut the batches one uninterrupted run cuts:
    # the same duplicates, story vectors and index, row for row
    whole = tmp_path / "whole.db"
    once = subprocess.run([*cmd[:-5], "--db", str(whole), "--batch", "8", "-q", "-w", "2"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert once.returncode in (0, 1), once.stderr
    assert _corpus_rows(whole) == _corpus_rows(db)
    # a run with nothing left to do stores nothing and says so
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and f"{len(expected)} already stored" in again.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "warta", "errors", "--db", str(db), "--json"], capture_output=True, text=True
    )
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (
        len(rows) == 1
        and rows[0]["source"].endswith(f"dump.jsonl#{N_JSONL + 1}")
        and rows[0]["stage"] == "ingest"
    )
