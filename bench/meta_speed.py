"""Speed of ``fill_metadata`` alone: CPU ms per page, where the time goes, and output identity.

Run: ``python bench/meta_speed.py`` (zyte-aeb pages; ``--set all`` adds WCXB dev and Fundus),
``--baseline REV`` (or ``--baseline-file PATH``, a ``metadata.py``) to time an older version in the
same run and check that both give byte-identical articles, ``--no-write`` to skip
``bench/results/html-meta-speed.md``. ``--whole`` (with a baseline) also times the whole
``extract_html`` on the raw zyte pages, once with each version's ``fill_metadata`` swapped in
(everything else the current code), passes interleaved: what the metadata change is worth in
pages per CPU-second of the full HTML extraction.

``--instr NAME=SRC`` (repeatable) counts the instructions of one warm ``fill_metadata`` pass per
zyte page under callgrind for each source tree (kernels built in place): a measure the shared
machine's load does not move, for changes too small for CPU time to show.

``--baseline-src DIR`` (the ``src/`` of an older checkout, its kernels built in place) instead
times ``fill_metadata`` per set (WCXB dev all types, zyte) in fresh processes, that tree and this
one (``--src``, default this checkout) alternated, ``--rounds`` each: the whole old code, kernel
included, against the new.

Method: pages are decoded and parsed once (the parse is not timed); ``time.process_time`` (CPU, not
wall: the machine is shared). *Cold* is the first pass over the pages in a fresh process (one
synthetic warm-up page loads the lexicons first), per version; *warm* is the best of ``--rounds``
further passes, the versions interleaved in one process. *Identity* compares
``msgspec.json.encode(article)`` of both versions page by page. The part table wraps the module's
functions (inclusive CPU, nested parts overlap) on the current version.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msgspec  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from bench.common import decode_html, fundus_pages, markdown_table, wcxb_pages, write_result, zyte_pages  # noqa: E402
from warta.article import Article  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PARTS = (
    "_collect", "_related", "_pick_authors", "_pick_lead", "_pick_title", "_figure_images", "_tags",
    "_published_from_dom", "_cover_image", "_dateline", "_pick_date", "_site_names", "_section",
)  # fmt: skip
"""Functions of ``warta.extract.metadata`` timed in the part table (those missing are skipped)."""
WARM_UP = (
    '<html lang="id"><head><title>Banjir - Kabar</title><meta property="og:site_name" content="Kabar">'
    '</head><body><article><h1>Banjir</h1><p class="byline">Oleh Budi Santoso</p><p>Isi.</p></article></body></html>'
)


def load_pages(which: str) -> list[tuple[str, str, str | None]]:
    """``(id, html, url)`` of the zyte-aeb pages, plus WCXB dev and Fundus with ``which == "all"``."""
    pages = [(f"zyte/{p}", decode_html(h), u or None) for p, h, u, _t in zyte_pages()]
    if which == "all":
        pages += [(f"wcxb/{p}", decode_html(h), u or None) for p, h, u, _t in wcxb_pages()]
        pages += [
            (f"fundus/{pub}/{ver}/{i}", decode_html(h), u or None)
            for i, (pub, _c, ver, h, u, _e) in enumerate(fundus_pages())
        ]
    return pages


def load_module(baseline: str | None, baseline_file: str | None) -> ModuleType:
    """The current ``warta.extract.metadata``, or another version of the file as its own module.

    ``baseline`` is a git revision (its ``metadata.py`` and ``dates.py``); ``baseline_file`` a path
    to a ``metadata.py`` (run against the current ``dates.py``).
    """
    if baseline is None and baseline_file is None:
        return importlib.import_module("warta.extract.metadata")
    tmp = Path(tempfile.mkdtemp(prefix="meta-speed-"))
    if baseline_file is not None:
        sources = {"metadata": Path(baseline_file).read_text(encoding="utf-8")}
    else:
        sources = {
            name: subprocess.run(
                ["git", "show", f"{baseline}:src/warta/extract/{name}.py"],
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            ).stdout  # fmt: skip
            for name in ("dates", "metadata")
        }
        sources["metadata"] = sources["metadata"].replace(
            "from warta.extract.dates import", "from warta_speed_base_dates import"
        )
    mod = None
    for name in ("dates", "metadata"):
        if name not in sources:
            continue
        path = tmp / f"warta_speed_base_{name}.py"
        path.write_text(sources[name], encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"warta_speed_base_{name}", path)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f"warta_speed_base_{name}"] = mod
        spec.loader.exec_module(mod)
    assert mod is not None
    return mod


def one_pass(mod: ModuleType, trees: list[tuple[Any, str | None]]) -> float:
    """CPU ms per page of one ``fill_metadata`` pass over pre-parsed trees."""
    fill = mod.fill_metadata
    t0 = time.process_time()
    for tree, url in trees:
        fill(tree, Article(), url=url, fetched_at=None)
    return 1000 * (time.process_time() - t0) / len(trees)


def cold(args: argparse.Namespace, version: str) -> float:
    """The first pass of one version, in a fresh process."""
    cmd = [sys.executable, __file__, "--cold-only", version, "--set", args.set]
    if args.baseline:
        cmd += ["--baseline", args.baseline]
    if args.baseline_file:
        cmd += ["--baseline-file", args.baseline_file]
    out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["ms"])


def parts(mod: ModuleType, trees: list[tuple[Any, str | None]], rounds: int = 3) -> list[list[Any]]:
    """Inclusive CPU ms per page of :data:`PARTS` (best pass of ``rounds``), functions wrapped in place."""
    acc: dict[str, float] = {}
    saved = {}
    for name in PARTS:
        fn = getattr(mod, name, None)
        if fn is None:
            continue
        saved[name] = fn

        def timed(*a: Any, _fn: Any = fn, _name: str = name, **kw: Any) -> Any:
            t0 = time.process_time()
            try:
                return _fn(*a, **kw)
            finally:
                acc[_name] = acc.get(_name, 0.0) + time.process_time() - t0

        setattr(mod, name, timed)
    best: tuple[float, dict[str, float]] | None = None
    try:
        for _ in range(rounds):
            acc.clear()
            total = one_pass(mod, trees)
            if best is None or total < best[0]:
                best = (total, dict(acc))
    finally:
        for name, fn in saved.items():
            setattr(mod, name, fn)
    assert best is not None
    n = len(trees)
    rows = [[name, 1000 * v / n] for name, v in sorted(best[1].items(), key=lambda kv: -kv[1])]
    return rows + [["**fill_metadata** (with the wrappers' own cost)", best[0]]]


def identity(
    base: ModuleType, cur: ModuleType, pages: list[tuple[str, str, str | None]]
) -> tuple[int, list[str]]:
    """Pages whose articles encode to the same JSON under both versions, and the first differing ids."""
    enc = msgspec.json.Encoder()
    same, diff = 0, []
    for pid, html, url in pages:
        a, b = Article(), Article()
        base.fill_metadata(LexborHTMLParser(html), a, url=url, fetched_at=None)
        cur.fill_metadata(LexborHTMLParser(html), b, url=url, fetched_at=None)
        if enc.encode(a) == enc.encode(b):
            same += 1
        elif len(diff) < 10:
            diff.append(pid)
    return same, diff


def whole(versions: dict[str, ModuleType], rounds: int) -> tuple[list[list[Any]], int]:
    """CPU ms per zyte page and pages per CPU-second of ``extract_html``, per ``fill_metadata`` version.

    One untimed pass per version first (lexicons, kernels' first-use checks, caches), then
    ``rounds`` passes per version, interleaved; best and median. Everything but ``fill_metadata``
    is the current code.
    """
    from warta.extract import html as html_mod

    raw = [(h, u or None) for _p, h, u, _t in zyte_pages()]
    saved = html_mod.fill_metadata
    times: dict[str, list[float]] = {name: [] for name in versions}
    try:
        for r in range(rounds + 1):
            for name in list(versions)[:: 1 if r % 2 else -1]:
                html_mod.fill_metadata = versions[name].fill_metadata
                t0 = time.process_time()
                for data, url in raw:
                    html_mod.extract_html(data, url=url)
                if r:
                    times[name].append(1000 * (time.process_time() - t0) / len(raw))
    finally:
        html_mod.fill_metadata = saved
    rows = []
    for name, ts in times.items():
        best, med = min(ts), sorted(ts)[len(ts) // 2]
        rows.append([name, best, med, 1000 / best, 1000 / med])
    return rows, len(raw)


SRC_CHILD = r"""
import sys, time, json, importlib
sys.path.insert(0, sys.argv[1])
from bench.common import decode_html, wcxb_pages, zyte_pages
from selectolax.lexbor import LexborHTMLParser
from warta.article import Article
M = importlib.import_module("warta.extract.metadata")
out = {"src": M.__file__, "kernel": M._K.__name__}
for name, rows in (("wcxb", wcxb_pages()), ("zyte", zyte_pages())):
    trees = [(LexborHTMLParser(decode_html(h)), u or None) for _p, h, u, _t in rows]
    for t, u in trees[:20]:  # warm-up: lexicons, kernel checks, caches
        M.fill_metadata(t, Article(), url=u, fetched_at=None)
    best = None
    for _ in range(int(sys.argv[2])):
        t0 = time.process_time()
        for t, u in trees:
            M.fill_metadata(t, Article(), url=u, fetched_at=None)
        ms = 1000 * (time.process_time() - t0) / len(trees)
        best = ms if best is None else min(best, ms)
    out[name] = best
print(json.dumps(out))
"""


def by_src(baseline_src: str, src: str, rounds: int) -> str:
    """``fill_metadata`` CPU ms per page per set, two source trees alternated in fresh processes."""
    import os

    got: dict[str, list[dict[str, Any]]] = {"baseline": [], "this tree": []}
    order = (("baseline", baseline_src), ("this tree", src))
    for r in range(rounds):
        for name, path in order if r % 2 == 0 else order[::-1]:
            env = dict(os.environ, PYTHONPATH=path)
            res = subprocess.run(
                [sys.executable, "-c", SRC_CHILD, str(REPO), "2"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            got[name].append(json.loads(res.strip().splitlines()[-1]))
    lines = [
        f"fill_metadata CPU ms per page (best of 2 passes per process, {rounds} processes per tree, alternated)",
        f"baseline: {got['baseline'][0]['src']} ({got['baseline'][0]['kernel']}); "
        f"this tree: {got['this tree'][0]['src']} ({got['this tree'][0]['kernel']})",
        "",
        "| set | baseline (runs) | this tree (runs) | median change |",
        "|---|---|---|---:|",
    ]
    for ds in ("wcxb", "zyte"):
        b = [g[ds] for g in got["baseline"]]
        t = [g[ds] for g in got["this tree"]]
        mb, mt = sorted(b)[len(b) // 2], sorted(t)[len(t) // 2]
        runs_b = " / ".join(f"{x:.3f}" for x in b)
        runs_t = " / ".join(f"{x:.3f}" for x in t)
        lines.append(f"| {ds} | {mb:.3f} ({runs_b}) | {mt:.3f} ({runs_t}) | {100 * (mt / mb - 1):+.1f} % |")
    return "\n".join(lines)


INSTR_CHILD = r"""
import sys, importlib
sys.path.append(sys.argv[1])
from bench.common import decode_html, zyte_pages
from selectolax.lexbor import LexborHTMLParser
from warta.article import Article
M = importlib.import_module("warta.extract.metadata")
trees = [(LexborHTMLParser(decode_html(h)), u or None) for _p, h, u, _t in zyte_pages()]
for _ in range(1 + int(sys.argv[2])):  # one warm-up pass (lexicons, caches), then the counted ones
    for t, u in trees:
        M.fill_metadata(t, Article(), url=u, fetched_at=None)
print(len(trees), M._K.__name__)
"""


def by_instr(trees: list[tuple[str, str]], passes: int = 2) -> str:
    """Instructions per zyte page of a warm ``fill_metadata`` pass under callgrind, per source tree.

    Each tree runs the child twice (no counted pass, ``passes`` counted passes); the difference
    divided by ``passes`` x pages is the cost of one warm pass, free of the shared machine's load.
    """
    from bench.common import callgrind_count

    lines = [
        "fill_metadata instructions per zyte page (callgrind, warm pass; parse and warm-up subtracted)",
        "",
        "| tree | src | kernel | M instructions / page | vs first |",
        "|---|---|---|---:|---:|",
    ]
    first = None
    for name, src in trees:
        n0, _ = callgrind_count(src, INSTR_CHILD, [str(REPO), "0"])
        n1, out = callgrind_count(src, INSTR_CHILD, [str(REPO), str(passes)])
        pages, kname = out.split()[-2:]
        per = (n1 - n0) / (passes * int(pages)) / 1e6
        first = first or per
        lines.append(f"| {name} | `{src}` | `{kname}` | {per:.3f} | {100 * (per / first - 1):+.1f} % |")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("zyte", "all"), default="zyte")
    ap.add_argument("--baseline", default=None, help="git revision to time and compare against")
    ap.add_argument("--baseline-file", default=None, help="a metadata.py to time and compare against")
    ap.add_argument("--rounds", type=int, default=5, help="warm passes per version (interleaved)")
    ap.add_argument("--no-write", action="store_true", help="print only, no bench/results/html-meta-speed.md")
    ap.add_argument("--whole", action="store_true", help="also time extract_html with each fill_metadata")
    ap.add_argument("--baseline-src", default=None, help="src/ of an older checkout: whole trees alternated")
    ap.add_argument("--src", default=str(REPO / "src"), help="src/ of this tree (with --baseline-src)")
    ap.add_argument(
        "--instr",
        action="append",
        metavar="NAME=SRC",
        help="callgrind instructions per zyte page of a warm pass for each NAME=SRC tree (repeatable; needs valgrind)",
    )
    ap.add_argument("--cold-only", choices=("current", "baseline"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.instr:
        print(by_instr([tuple(x.split("=", 1)) for x in args.instr]))  # type: ignore[misc]
        return 0
    if args.baseline_src:
        print(by_src(args.baseline_src, args.src, args.rounds))
        return 0
    with_base = args.baseline is not None or args.baseline_file is not None
    pages = load_pages(args.set)
    trees = [(LexborHTMLParser(html), url) for _pid, html, url in pages]
    if args.cold_only:
        mod = (
            load_module(args.baseline, args.baseline_file)
            if args.cold_only == "baseline"
            else load_module(None, None)
        )
        mod.fill_metadata(LexborHTMLParser(WARM_UP), Article(), url="https://kabar.example/2024/01/02/banjir")
        print(json.dumps({"ms": one_pass(mod, trees)}))
        return 0
    versions = {"current": load_module(None, None)}
    if with_base:
        versions["baseline"] = load_module(args.baseline, args.baseline_file)
    colds = {name: cold(args, name) for name in versions}
    warm: dict[str, list[float]] = {name: [] for name in versions}
    for r in range(args.rounds):
        for name in list(versions)[:: 1 if r % 2 else -1]:
            warm[name].append(one_pass(versions[name], trees))
    label = {"current": "current", "baseline": f"baseline {args.baseline or args.baseline_file}"}
    rows = [[label[n], colds[n], min(warm[n]), sorted(warm[n])[len(warm[n]) // 2]] for n in versions]
    body = (
        f"## fill_metadata CPU ms per page ({len(pages)} {args.set} pages, trees parsed once)\n\n"
        + markdown_table(
            ["version", "cold (first pass, fresh process)", "warm (best)", "warm (median)"], rows
        )
        + f"\n\nWarm: {args.rounds} interleaved passes per version, `time.process_time`.\n"
    )
    k = getattr(versions["current"], "_K", None)
    if k is not None:  # the compiled kernel or its twin (a stale or missing build falls back silently)
        walk = getattr(k, "enabled", lambda: False)()
        body += f"\nCurrent version's kernel: `{k.__name__}` (struct walk for the collection pass: {walk}).\n"
    if with_base:
        same, diff = identity(versions["baseline"], versions["current"], pages)
        body += f"\nIdentical `msgspec.json.encode(article)`: **{same} / {len(pages)}** pages"
        body += f" (first differing: {', '.join(diff)})\n" if diff else "\n"
    if args.whole and with_base:
        label2 = {"current": "current", "baseline": label["baseline"]}
        wrows, n_raw = whole(versions, args.rounds)
        wrows = [[label2[r[0]], *r[1:]] for r in wrows]
        body += (
            f"\n## Whole HTML extraction (`extract_html`, {n_raw} raw zyte pages), per fill_metadata\n\n"
            + markdown_table(
                ["fill_metadata", "CPU ms / page (best)", "(median)", "pages / CPU-s (best)", "(median)"],
                wrows,
            )
            + f"\n\nAfter one untimed pass per version, {args.rounds} passes each, interleaved; everything but"
            " `fill_metadata` is the current code; `time.process_time`.\n"
        )
    body += "\n## Where the time goes (current, inclusive, nested parts overlap)\n\n"
    body += markdown_table(["part", "CPU ms / page"], parts(versions["current"], trees)) + "\n"
    print(body)
    if not args.no_write:
        cmd = "python bench/meta_speed.py" + (f" --set {args.set}" if args.set != "zyte" else "")
        cmd += f" --baseline {args.baseline}" if args.baseline else ""
        cmd += f" --baseline-file {args.baseline_file}" if args.baseline_file else ""
        cmd += " --whole" if args.whole else ""
        path = write_result("html-meta-speed", "HTML metadata speed (fill_metadata alone)", body, cmd)
        print(f"\nwritten: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
