"""Ingest benchmark: WARC.gz -> store, end to end, at 1 and 2 workers, against trafilatura in the same run;
and peak RSS over a long synthetic stream.

    python bench/ingest_bench.py                       # full run, writes bench/results/ingest.md
    python bench/ingest_bench.py --limit 200 --stream 20000 --no-write   # quick look

1. Builds a WARC.gz (in a temp dir, never in the repo) from the real HTML pages of zyte-aeb and
   wcxb-dev (one response record per page, its URL as WARC-Target-URI).
2. Warta: ``warta ingest crawl.warc.gz --db … -w N`` as a subprocess (reading, extraction, dedup,
   full-text indexing, SQLite commits: the whole job), wall time and CPU time of the process tree.
3. Peer: trafilatura doing the same job: FastWARC reads the archive, a process pool of N runs
   ``trafilatura.extract`` (with metadata), the parent writes rows to SQLite in batches.
4. Memory: ``warta ingest`` on a JSONL.zst of ``--stream`` generated small documents, sampling the
   RSS of the process tree (``/proc``) every half second: flat means constant memory on endless input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import RESULTS, markdown_table, wcxb_pages, write_result, zyte_pages  # noqa: E402
from warta.ingest.warc import write_warc  # noqa: E402


def build_warc(path: Path, limit: int | None) -> int:
    pages: list[tuple[str, bytes]] = []
    for _id, html, url, _truth in zyte_pages():
        pages.append((url or f"https://zyte.example/{_id}", html))
    for _id, html, url, _gt in wcxb_pages():
        pages.append((url or f"https://wcxb.example/{_id}", html))
    if limit:
        pages = pages[:limit]
    return write_warc(path, pages)


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(anonymous, file-backed) resident kB of a process and its descendants, from /proc.

    File-backed pages are mostly SQLite's memory-mapped database file (the store maps up to
    256 MiB): shared, reclaimable page cache, not heap growth. Anonymous memory is the heap.
    """
    anon = file = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("RssAnon:"):
                    anon += int(line.split()[1])
                elif line.startswith(("RssFile:", "RssShmem:")):
                    file += int(line.split()[1])
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            todo.extend(int(k) for k in kids)
        except (OSError, ValueError):
            continue
    return anon, file


def run_timed(cmd: list[str], *, sample: float = 0.0) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds of the process tree, RSS samples (MB) if ``sample``."""
    r0 = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    if sample:
        while proc.poll() is None:
            anon, file = _tree_rss_kb(proc.pid)
            samples.append((time.perf_counter() - t0, anon / 1024, file / 1024))
            time.sleep(sample)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    r1 = os.times()
    cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": wall, "cpu": cpu, "stderr": err, "samples": samples}


# -- the peer: trafilatura doing the same job --------------------------------------------------


def _traf_extract(item: tuple[str, bytes]) -> tuple[str, str | None, str | None]:
    import trafilatura

    url, html = item
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception:  # noqa: BLE001 - the peer's failures are counted as empty
        return url, None, None
    if doc is None:
        return url, None, None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return url, d.get("title"), d.get("text")


def trafilatura_job(warc: str, db: str, workers: int) -> int:
    """Read the WARC with FastWARC, extract with trafilatura in a pool, write rows to SQLite."""
    import multiprocessing as mp

    from fastwarc import ArchiveIterator, WarcRecordType

    def records():
        with open(warc, "rb") as fh:
            for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, auto_decode="all"):
                if (rec.http_content_type or "").startswith("text/html"):
                    yield rec.headers.get("WARC-Target-URI"), rec.reader.read()

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS articles (url TEXT, title TEXT, body TEXT)")
    n = 0
    batch: list[tuple] = []
    pool = mp.get_context("fork").Pool(workers) if workers > 1 else None
    results = pool.imap(_traf_extract, records(), chunksize=8) if pool else map(_traf_extract, records())
    for row in results:
        batch.append(row)
        n += 1
        if len(batch) >= 256:
            with conn:
                conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
            batch = []
    if batch:
        with conn:
            conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
    if pool:
        pool.close()
        pool.join()
    conn.close()
    return n


# -- synthetic stream ------------------------------------------------------------------------------

_WORDS = [
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
    "presiden",
    "polisi",
    "pelabuhan",
    "kereta",
    "bandara",
    "nelayan",
    "petani",
    "beras",
    "minyak",
    "listrik",
    "gempa",
    "hujan",
    "kebakaran",
    "pemilu",
    "partai",
]


def build_stream(path: Path, n: int) -> None:
    import zstandard

    rng = random.Random(1)
    cctx = zstandard.ZstdCompressor(level=3)
    with open(path, "wb") as raw, cctx.stream_writer(raw) as out:
        for i in range(n):
            body = " ".join(rng.choice(_WORDS) for _ in range(60))
            rec = {
                "text": f"Kabar {i} {rng.choice(_WORDS)}\n\nJAKARTA - {body} ({i}).",
                "url": f"https://synthetic.example/{i}",
            }
            out.write(json.dumps(rec).encode() + b"\n")


def stage_breakdown(warc: Path, tmp: Path) -> list[list]:
    """CPU seconds per stage in this process (immune to other jobs' load): read, extract, store."""
    from warta.run.pipeline import default_pipeline
    from warta.store import Store

    t = time.process_time()
    from warta.ingest.warc import read_warc

    docs = list(read_warc(str(warc)))
    t_read = time.process_time() - t
    pipe = default_pipeline()
    t = time.process_time()
    arts = [pipe(d) for d in docs]
    t_extract = time.process_time() - t
    st = Store(tmp / "stages.db")
    t = time.process_time()
    for i in range(0, len(arts), 256):
        st.add(arts[i : i + 256])
    t_store = time.process_time() - t
    st.close()
    n = len(docs)
    total = t_read + t_extract + t_store
    return [
        ["read WARC.gz (FastWARC + gzip)", t_read, n / t_read, 100 * t_read / total],
        ["extract (warta.extract, HTML)", t_extract, n / t_extract, 100 * t_extract / total],
        ["store (dedup + FTS + SQLite, batches of 256)", t_store, n / t_store, 100 * t_store / total],
        ["all three", total, n / total, 100.0],
    ]


def sink_job(path: str) -> None:
    """The ingest driver with a store that keeps nothing: memory of reading + pipeline alone."""
    from warta.run.ingest import ingest

    class Sink:
        def add(self, articles: list) -> None:
            pass

        def has_source(self, source: str) -> bool:
            return False

        def done_sources(self, prefix: str) -> set[str]:
            return set()

    ingest([path], Sink())


def warc_section(args: argparse.Namespace, tmp: Path, warta: list[str]) -> str:
    """WARC.gz -> store at each worker count, warta and trafilatura, plus the stage breakdown."""
    workers = [int(w) for w in args.workers.split(",")]
    warc = tmp / "crawl.warc.gz"
    n = build_warc(warc, args.limit)
    size_mb = warc.stat().st_size / 1e6
    print(f"WARC: {n} HTML pages, {size_mb:.1f} MB gzip", file=sys.stderr)
    stages = markdown_table(
        ["stage", "CPU s", "pages per CPU-s", "% of CPU"], stage_breakdown(warc, tmp), digits=1
    )
    print(stages, file=sys.stderr)
    rows = []
    jobs = [("warta ingest (extract + dedup + FTS + SQLite)", "warta")]
    if not args.no_peer:
        jobs.append(("trafilatura 2 (bare_extraction + SQLite)", "traf"))
    for label, tool in jobs:
        base = None
        for w in workers:
            db = tmp / f"{tool}-{w}.db"
            if tool == "warta":
                r = run_timed([*warta, "ingest", str(warc), "--db", str(db), "-w", str(w), "-q"])
                count_sql = ("SELECT count(*) FROM inputs", "SELECT count(*) FROM errors")
            else:
                code = (
                    f"import sys; sys.path.insert(0, {str(REPO)!r}); from bench.ingest_bench import trafilatura_job; "
                    f"trafilatura_job({str(warc)!r}, {str(db)!r}, {w})"
                )
                r = run_timed([sys.executable, "-c", code])
                count_sql = (
                    "SELECT count(*) FROM articles",
                    "SELECT count(*) FROM articles WHERE body IS NULL",
                )
            st = sqlite3.connect(db)
            stored, errs = (st.execute(q).fetchone()[0] for q in count_sql)
            st.close()
            rate = n / r["wall"]
            base = base or rate
            rows.append(
                [label, w, n, stored, errs, r["wall"], rate, rate / w, rate / base, r["cpu"], n / r["cpu"]]
            )
            print(rows[-1], file=sys.stderr)
    headers = [
        "job",
        "workers",
        "pages",
        "stored",
        "errors / empty",
        "wall s",
        "pages/s",
        "pages/s per worker",
    ]
    table = markdown_table([*headers, "scaling", "CPU s", "pages per CPU-s"], rows, digits=2)
    return (
        f"Machine: {os.cpu_count()} cores shared with other jobs (load average {os.getloadavg()[0]:.1f} at the end).\n"
        f"Input: one WARC.gz of {n} real HTML pages (zyte-aeb + wcxb-dev), {size_mb:.1f} MB, built in a temp dir.\n"
        "Warta runs the whole `warta ingest` job (read, extract, exact + near-duplicate detection, FTS indexing,\n"
        "batched SQLite commits); enrichment off. pages/s is wall-clock; CPU s is the whole process tree.\n\n"
        f"{table}\n\n## Where the CPU goes (one process, CPU time, same pages)\n\n{stages}\n"
    )


def memory_section(args: argparse.Namespace, tmp: Path, warta: list[str]) -> str:
    """A long synthetic stream through the reader + pipeline alone, and through the whole ingest."""
    stream = tmp / "stream.jsonl.zst"
    build_stream(stream, args.stream)
    sink = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); from bench.ingest_bench import sink_job; "
        f"sink_job({str(stream)!r})"
    )
    jobs = [
        ("reader + pipeline, no store (sink)", [sys.executable, "-c", sink]),
        (
            "warta ingest: reader + pipeline + store",
            [*warta, "ingest", str(stream), "--db", str(tmp / "s.db"), "-q"],
        ),
    ]
    rows = []
    for name, cmd in jobs:
        r = run_timed(cmd, sample=0.5)
        samples = r["samples"]
        marks = []
        for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
            window = [a for t, a, _f in samples if t <= frac * r["wall"]]
            marks.append(max(window) if window else 0.0)
        peak_file = max((f for _t, _a, f in samples), default=0.0)
        rows.append([name, args.stream, r["wall"], args.stream / r["wall"], *marks, peak_file])
        print(rows[-1], file=sys.stderr)
    headers = ["job", "docs", "wall s", "docs/s", "heap MB at 10%", "25%", "50%", "75%", "100% (peak)"]
    table = markdown_table([*headers, "peak file-backed MB"], rows, digits=1)
    return (
        f"## Memory on a long stream\n\n`warta ingest stream.jsonl.zst` on {args.stream} generated small documents;\n"
        "resident memory of the process tree sampled every 0.5 s: anonymous (heap; max so far at each\n"
        "fraction of the run) and, apart, file-backed pages (mostly the store's memory-mapped SQLite file,\n"
        "up to 256 MiB by the store's settings: reclaimable page cache, not growth of the process).\n"
        "The store's heap share is SQLite's page cache (64 MiB by its settings) and the near-duplicate\n"
        "index, which grows with the corpus by design; the reader + pipeline alone stay flat.\n\n"
        f"{table}\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="pages for the WARC (default: all zyte + wcxb)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    ap.add_argument(
        "--stream", type=int, default=200_000, help="synthetic documents for the memory run (0: skip)"
    )
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    ap.add_argument(
        "--memory-only", action="store_true", help="only the stream run; replaces that section of the results"
    )
    ap.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/ingest.md"
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-ingest-bench-"))
    warta = [sys.executable, "-m", "warta"]
    cmd = "python bench/ingest_bench.py" + "".join(f" {a}" for a in sys.argv[1:])
    try:
        mem = memory_section(args, tmp, warta) if args.stream else ""
        if args.memory_only:
            print(mem)
            results = RESULTS / "ingest.md"
            if not args.no_write and results.exists():
                text = results.read_text(encoding="utf-8")
                head = text.split("\n## Memory on a long stream", 1)[0].rstrip()
                stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                results.write_text(
                    f"{head}\n\n{mem.rstrip()}\n\nMemory section: `{cmd}` ({stamp})\n", encoding="utf-8"
                )
                print(f"updated {results}", file=sys.stderr)
            return 0
        body = warc_section(args, tmp, warta) + (f"\n{mem}" if mem else "")
        print(body)
        if not args.no_write:
            path = write_result("ingest", "Ingest: WARC.gz to store, end to end", body, cmd)
            print(f"wrote {path}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
