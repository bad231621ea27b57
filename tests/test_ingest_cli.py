"""`warta ingest` / `warta errors` as a user runs them: exit codes, progress, summary, error listing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from warta.cli import main
from warta.run.ingest import IngestStats, Progress, count_inputs

pytest.importorskip("warta.store")


def _pages(root: Path, n: int) -> Path:
    d = root / "pages"
    d.mkdir()
    for i in range(n):
        (d / f"{i:03d}.txt").write_text(
            f"Judul {i}\n\nJAKARTA - Berita nomor {i} tentang hal {i * 31} yang berbeda dari yang lain.\n",
            encoding="utf-8",
        )
    return d


def test_ingest_ok_then_errors_then_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = _pages(tmp_path, 5)
    db = str(tmp_path / "w.db")
    assert main(["ingest", str(pages), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "ingested 5 documents" in err and "5 added" in err and "0 errors" in err

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"text": "Judul\\n\\nIsi yang baik."}\n[1, 2]\n')
    assert main(["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "bad.jsonl"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "2 errors" in err and "error: " in err and "empty.txt" in err  # the summary names what failed

    assert main(["errors", "--db", db, "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_source = {Path(r["source"]).name: r for r in rows}
    assert by_source["empty.txt"]["error"] == "empty-input" and by_source["empty.txt"]["stage"] == "extract"
    assert by_source["bad.jsonl#2"]["error"] == "BadRecord"

    assert main(["errors", "--db", db]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["SOURCE", "STAGE", "ERROR", "MESSAGE", "AT"] and len(table) == 3


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "*.nothing"), "--db", str(tmp_path / "w.db")]) == 2
    assert main(["ingest", str(tmp_path), "--workers", "0"]) == 2
    assert main(["errors", "--db", str(tmp_path / "missing.db")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--executor", "spark", "x"])
    assert exc.value.code == 2
    capsys.readouterr()


def test_workers_give_the_same_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = _pages(tmp_path, 30)
    from warta.store import Store

    ids = []
    for w in (1, 2):
        db = tmp_path / f"w{w}.db"
        assert main(["ingest", str(pages), "--db", str(db), "-w", str(w), "--batch", "7"]) == 0
        st = Store(db)
        ids.append(sorted(s for s in st.done_sources(str(pages))))
        assert st.stats()["articles"] == 30
        st.close()
    assert ids[0] == ids[1] and len(ids[0]) == 30
    capsys.readouterr()


def test_progress_line_has_rate_errors_and_eta(tmp_path: Path) -> None:
    pages = _pages(tmp_path, 4)
    assert count_inputs([str(pages)]) == 4
    assert count_inputs([str(pages), "x.warc.gz"]) is None
    out = io.StringIO()
    prog = Progress(out, total=200, every=0.0)
    prog.t0 -= 10  # as if 10 s had passed
    prog.update(IngestStats(documents=50, errors=3, skipped=50))
    line = out.getvalue()
    assert "50 docs, 5/s, 3 errors, 50 already stored, 50%" in line and "ETA 0:20" in line
    prog.done(IngestStats(documents=50, added=47, errors=3, seconds=10))
    assert out.getvalue().splitlines()[-1].startswith("ingested 50 documents in 10.0s (5/s): 47 added")
