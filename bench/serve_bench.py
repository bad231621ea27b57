"""Load benchmark of ``warta serve``: p50/p95/p99 per page on a 100,000-article store, on loopback.

Builds (or reuses) a store of synthetic articles made of real sentences of the shared data (the
store benchmark's generator, ``bench/search_bench.py``), starts ``warta serve`` in a subprocess,
then drives each page type with concurrent keep-alive clients: ``wrk`` (Debian package) with a
Lua script cycling through many distinct URLs per page type, or, without wrk, a bounded asyncio
httpx load generator. Same run, same server: the JSON API endpoints over the same queries as
peers (what the HTML rendering costs on top).

    python bench/serve_bench.py                          # 100k articles, 15 s per page, 8 connections
    python bench/serve_bench.py --n 20000 --duration 5   # quick
    python bench/serve_bench.py --client httpx           # without wrk

Writes ``bench/results/serve.md``. The built store stays in ``bench/out/serve/`` (git-ignored) for reuse.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(BENCH))

from common import markdown_table, write_result  # noqa: E402
from search_bench import OUTLETS, query_mix, synth_articles  # noqa: E402

WRK_LUA = r"""
local paths = {}
local i = 0
local counter = 0
setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = ((tid or 0) * 7919) % #paths
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WARTA requests=%d duration_us=%d p50=%d p90=%d p95=%d p99=%d max=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def build(db: Path, n: int, budget_s: float) -> tuple[int, float]:
    """Fill ``db`` up to ``n`` synthetic articles (resumes); returns (articles, build seconds)."""
    from warta.store import Store

    st = Store(db, dedup=False, stories=False)
    have = len(st)
    t0 = time.perf_counter()
    batch = []
    if have < n:
        for a in synth_articles(n):
            if int(a.id[1:]) < have:
                continue
            batch.append(a)
            if len(batch) >= 2000:
                st.add(batch)
                have += len(batch)
                batch = []
                if have % 20000 == 0:
                    print(f"  built {have:,} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
                if time.perf_counter() - t0 > budget_s:
                    print(f"  build budget reached at {have:,} articles", file=sys.stderr)
                    break
        if batch:
            st.add(batch)
            have += len(batch)
    st.close()
    return have, time.perf_counter() - t0


def workloads(db: Path, n_articles: int, seed: int = 5) -> dict[str, list[str]]:
    """Distinct URLs per page type (list pages with filters, search queries, articles, entities)."""
    from warta.store import Store, views

    rnd = random.Random(seed)
    Store(db).close()  # an older schema is upgraded once (as `warta serve` does), then read only
    st = Store(db, readonly=True)
    ents = [e.key for e in views.top_entities(st, limit=400)]
    st.close()
    outlets = OUTLETS["id"] + OUTLETS["en"]
    lists = ["/"] + [f"/?page={p}" for p in range(2, 60)]
    for _ in range(140):
        params = {}
        if rnd.random() < 0.5:
            params["outlet"] = rnd.choice(outlets)
        if rnd.random() < 0.4:
            params["lang"] = rnd.choice(["id", "en"])
        if rnd.random() < 0.3:
            y = rnd.randint(2019, 2025)
            params["since"], params["until"] = f"{y}-01-01", f"{y}-06-30"
        if rnd.random() < 0.5:
            params["page"] = str(rnd.randint(2, 20))
        lists.append("/?" + urlencode(params) if params else "/")
    queries = query_mix(300)
    ids = [f"s{rnd.randrange(n_articles):08d}" for _ in range(1000)]
    return {
        "list (/)": lists,
        "search (/search)": ["/search?q=" + quote(q) for q in queries],
        "article (/article/{id})": [f"/article/{i}" for i in ids],
        "entity (/entity/{key})": ["/entity/" + quote(k) for k in ents[100:]],
        "entity, frequent (top 100)": ["/entity/" + quote(k) for k in ents[:100]],
        "API list": [
            "/api/v1/articles?" + p.split("?", 1)[1] if "?" in p else "/api/v1/articles" for p in lists
        ],
        "API search": ["/api/v1/search?q=" + quote(q) for q in queries],
        "API article": [f"/api/v1/articles/{i}" for i in ids],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warta.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/articles?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("warta serve did not start")


def warm(base: str, loads: dict[str, list[str]]) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=30) as c:
        for paths in loads.values():
            for p in dict.fromkeys(paths):
                c.get(p)


def run_wrk(base: str, paths: list[str], duration: float, conns: int, threads: int, tmp: Path) -> dict:
    pf = tmp / "paths.txt"
    pf.write_text("\n".join(paths) + "\n")
    lua = tmp / "cycle.lua"
    lua.write_text(WRK_LUA)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{conns}",
            f"-d{max(1, int(duration))}s",
            "--timeout",
            "10s",
            "-s",
            str(lua),
            base,
            "--",
            str(pf),
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WARTA "))
    kv = dict(p.split("=") for p in line.split()[1:])
    secs = int(kv["duration_us"]) / 1e6
    return {
        "requests": int(kv["requests"]),
        "rps": int(kv["requests"]) / secs,
        **{k: int(kv[k]) / 1000 for k in ("p50", "p90", "p95", "p99", "max")},
        "errors": int(kv["errors"]) + int(kv["non2xx"]),
    }


async def _httpx_load(base: str, paths: list[str], duration: float, conns: int, max_requests: int) -> dict:
    import httpx

    lat: list[float] = []
    errors = 0
    stop = time.monotonic() + duration
    counter = iter(range(max_requests))

    async def worker(k: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        i = k * 7919
        for _ in counter:
            if time.monotonic() > stop:
                return
            i = (i + 1) % len(paths)
            t0 = time.perf_counter()
            try:
                r = await client.get(paths[i])
                if r.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            lat.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    async with httpx.AsyncClient(
        base_url=base, timeout=10, limits=httpx.Limits(max_connections=conns)
    ) as client:
        await asyncio.gather(*(worker(k, client) for k in range(conns)))
    secs = time.perf_counter() - t0
    lat.sort()

    def q(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

    return {
        "requests": len(lat),
        "rps": len(lat) / secs,
        "p50": q(0.5),
        "p90": q(0.9),
        "p95": q(0.95),
        "p99": q(0.99),
        "max": lat[-1] if lat else float("nan"),
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles in the store (default 100,000)")
    ap.add_argument("--db", type=Path, default=REPO / "bench" / "out" / "serve" / "serve.db")
    ap.add_argument("--budget", type=float, default=900, help="max seconds to build the store")
    ap.add_argument("--duration", type=float, default=15, help="seconds of load per page type")
    ap.add_argument(
        "--connections",
        default="1,4,8",
        help="concurrent keep-alive connections, one run per value (default 1,4,8)",
    )
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--max-requests", type=int, default=20_000, help="httpx client: cap per page type")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write bench/results/serve.md")
    ap.add_argument(
        "--pages", default="", help="only page types whose name contains one of these (comma-separated)"
    )
    args = ap.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"

    args.db.parent.mkdir(parents=True, exist_ok=True)
    total, build_s = build(args.db, args.n, args.budget)
    print(f"store: {total:,} articles ({build_s:.0f} s building)", file=sys.stderr)
    loads = workloads(args.db, total)
    if args.pages:
        wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
        loads = {k: v for k, v in loads.items() if any(w in k for w in wanted)}
    rows = []
    levels = [int(c) for c in str(args.connections).split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="warta-serve-bench-"))
    proc, base = start_server(args.db)
    try:
        t0 = time.perf_counter()
        warm(base, loads)  # every distinct URL once: OS page cache and per-thread stores warm
        print(f"warm-up pass: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for conns in levels:
            for name, paths in loads.items():
                if client == "wrk":
                    run_wrk(base, paths, 2, conns, min(args.threads, conns), tmp)
                    r = run_wrk(base, paths, args.duration, conns, min(args.threads, conns), tmp)
                else:
                    asyncio.run(_httpx_load(base, paths, 2, conns, 2000))
                    r = asyncio.run(_httpx_load(base, paths, args.duration, conns, args.max_requests))
                print(f"  {conns} conns, {name}: {r}", file=sys.stderr)
                rows.append(
                    [
                        name,
                        conns,
                        len(set(paths)),
                        r["requests"],
                        round(r["rps"]),
                        r["p50"],
                        r["p95"],
                        r["p99"],
                        r["max"],
                        r["errors"],
                    ]
                )
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    size_gb = sum(f.stat().st_size for f in args.db.parent.glob(args.db.name + "*") if f.is_file())
    size_gb += sum(f.stat().st_size for f in Path(str(args.db) + ".idx").glob("*") if f.is_file())
    table = markdown_table(
        [
            "page",
            "connections",
            "distinct URLs",
            "requests",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "errors",
        ],
        rows,
        digits=1,
    )
    load = os.getloadavg()[0]
    body = (
        f"Store: {total:,} synthetic articles (real sentences of the shared data, `bench/search_bench.py` "
        f"generator; {size_gb / 1e9:.2f} GB SQLite + search index). Server: `warta serve` (uvicorn with h11, "
        f"one process, FastAPI sync handlers in a pool of 8 threads, one read-only Store per thread) on "
        f"127.0.0.1. "
        f"Load: {client} with {args.connections} keep-alive connections (one run each)"
        + (f", {args.threads} threads" if client == "wrk" else "")
        + f", {args.duration:.0f} s per page type after one sequential pass over every URL and a 2 s "
        f"warm-up, cycling through the distinct URLs "
        f"(list pages with random outlet/lang/date/page filters, the store benchmark's 300-query operator "
        f"mix, 1,000 random articles, 300 entity pages ranked 100-400 and the 100 most mentioned entities). "
        f"Load generator and server share the "
        f"2 CPUs (load average {load:.1f} at the end: other engineers' jobs run too). Latency is per request, "
        f"as seen by the client, queueing included.\n\n" + table + "\n\nTarget: p95 <= 100 ms per page.\n"
    )
    print(body)
    if not args.no_write:
        cmd = "python bench/serve_bench.py " + " ".join(sys.argv[1:])
        write_result("serve", "Reader (`warta serve`) under load", body, cmd.strip())


if __name__ == "__main__":
    main()
