"""The DOM walk kernel (``warta.extract._walk``) against its pure-Python twin (``_walk_py``).

Two parts, both CPU time (``time.process_time``):

1. ``equality``: walks every zyte-aeb + wcxb-dev page with both modules (both ``skip_hidden``
   values) and chooses the container in the three modes; counts differences (must be 0) and pages the
   kernel handed to the twin.
2. ``ab``: ``extract_html`` over the 181 zyte pages in fresh processes, the kernel and the twin
   interleaved ``--rounds`` times; per process one cold pass (after one warm-up page, like the HTML
   benchmark's worker) and the best of two warm passes. Medians are printed.
3. ``stages`` (with ``--baseline-src``): CPU ms per page in each stage of ``extract_html``
   (``bench.html_bench.STAGES``) on zyte-aeb and wcxb-dev, this tree and an older checkout's
   ``src/`` alternated in fresh processes ``--rounds`` times (one cold pass after one warm-up page,
   like the HTML benchmark's worker); medians per stage. The older checkout's kernels must be built
   in place; nothing is installed from it::

       git worktree add /tmp/base 0c33014
       (cd /tmp/base && for f in $(find src -name '*.pyx'); do cythonize -i -q $f; done)
       python bench/walk_bench.py --parts stages --baseline-src /tmp/base/src --rounds 3

4. ``extract`` (with ``--baseline-src``): ``warta.extract`` on the page bytes (the ingest path:
   binary check, decode, provenance hash) and ``extract_html`` on decoded text, CPU ms per page over
   every zyte-aeb and wcxb-dev page, this tree and the older ``src/`` alternated in fresh processes
   (order flipped each round), medians of ``--rounds``.
5. ``golden`` (with ``--baseline-src``): a SHA-256 over every article's msgspec JSON (all fields), per
   set and input kind, for both trees: equal digests mean identical output.
7. ``instr`` (with ``--baseline-src``; needs valgrind): instructions executed by ``warta.extract`` on
   the bytes of every ``--step``-th wcxb-dev page (all types) and zyte-aeb page, this tree and the
   older ``src/``, counted by callgrind (a load-independent measure on a shared machine: CPU time
   swings 20 % between runs at a load of 8 on 2 cores). Each tree runs twice, with and without the
   extraction loop; the difference is the extraction's count.
6. ``parse``: Lexbor's parse (and tree teardown) of every zyte-aeb + wcxb-dev page's bytes with the
   default document options and with ``WO_EVENTS`` (no DOM mutation callbacks, what
   ``extract_html`` uses), alternated per page, order flipped each round; CPU ms per page.

    python bench/walk_bench.py                 # equality and ab
    python bench/walk_bench.py --parts ab --rounds 5
    python bench/walk_bench.py --parts golden,extract --baseline-src /tmp/base/src --rounds 6
    python bench/walk_bench.py --parts parse --rounds 4
    python bench/walk_bench.py --parts instr --baseline-src /tmp/base/src --step 10
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import callgrind_count  # noqa: E402

CHILD = r"""
import sys, time, json
sys.path.insert(0, sys.argv[2])
from bench.common import zyte_pages
from bench.html_bench import decode_html
from warta.extract import content, _walk_py
from warta.extract.html import extract_html
pages = [(decode_html(h), u) for _p, h, u, _t in zyte_pages()]
if sys.argv[1] == "twin":
    content._WALKER[:] = [_walk_py]
extract_html(pages[0][0])
name = content._walker().__name__
res = []
for _ in range(3):
    t0 = time.process_time()
    for t, u in pages:
        extract_html(t, url=u or None)
    res.append((time.process_time() - t0) / len(pages) * 1000)
print(json.dumps([name, res]))
"""


STAGES_CHILD = r"""
import sys, time, json, importlib
sys.path.insert(0, sys.argv[1])
from collections import Counter
from bench.common import zyte_pages, wcxb_pages, decode_html
from bench.html_bench import STAGES, time_stages
html = importlib.import_module("warta.extract.html")
rows = zyte_pages() if sys.argv[2] == "zyte" else ((p, h, u) for p, h, u, _g in wcxb_pages())
pages = [(decode_html(r[1]), r[2]) for r in rows]
acc = Counter()
time_stages(acc)
html.extract_html(decode_html(next(iter(zyte_pages(1)))[1]))
acc.clear()
t0 = time.process_time()
for text, url in pages:
    html.extract_html(text, url=url or None)
total = time.process_time() - t0
n = len(pages)
out = {label: acc.get(label, 0.0) / n * 1000 for _m, _f, label in STAGES}
out["other"] = (total - sum(acc.values())) / n * 1000
out["total"] = total / n * 1000
walk = importlib.import_module("warta.extract.content")._walker()
print(json.dumps({"ms": out, "n": n, "src": html.__file__, "walk": walk.__name__}))
"""


EXTRACT_CHILD = r"""
import sys, time, json, hashlib
sys.path.insert(0, sys.argv[1])
from bench.common import zyte_pages, wcxb_pages, decode_html
import warta.extract
ex = sys.modules["warta.extract"]  # the module (the package re-exports a function of that name)
from warta.extract import extract
from warta.extract.html import extract_html
import msgspec
ds, mode = sys.argv[2], sys.argv[3]
rows = [(r[1], r[2]) for r in (zyte_pages() if ds == "zyte" else wcxb_pages())]
if mode == "str":
    rows = [(decode_html(h), u) for h, u in rows]
    fn = extract_html
else:
    fn = extract  # the ingest path: bytes through extract_raw (binary check, decode, provenance)
warm = next(iter(zyte_pages(1)))
fn(warm[1] if mode == "bytes" else decode_html(warm[1]), url=warm[2])
if len(sys.argv) > 4:  # golden: every article's msgspec JSON, hashed in order
    h = hashlib.sha256()
    for page, url in rows:
        h.update(msgspec.json.encode(fn(page, url=url or None)) + b"\n")
    print(json.dumps({"digest": h.hexdigest(), "n": len(rows), "src": ex.__file__}))
    raise SystemExit
t0 = time.process_time()
for page, url in rows:
    fn(page, url=url or None)
ms = (time.process_time() - t0) / len(rows) * 1000
print(json.dumps({"ms": ms, "n": len(rows), "src": ex.__file__}))
"""


def _extract_child(src: str, ds: str, mode: str, golden: bool = False) -> dict:
    import os

    env = dict(os.environ, PYTHONPATH=src)
    argv = [sys.executable, "-c", EXTRACT_CHILD, str(ROOT), ds, mode] + (["golden"] if golden else [])
    return json.loads(subprocess.check_output(argv, env=env))


def part_extract(
    rounds: int, baseline_src: str, here: str, modes: tuple[str, ...] = ("bytes", "str")
) -> None:
    """``warta.extract`` on page bytes (the ingest path) and ``extract_html`` on decoded text, this tree
    and ``baseline_src`` alternated in fresh processes (order flipped every round); medians."""
    for mode in modes:
        for ds in ("wcxb", "zyte"):
            got: dict[str, list[float]] = {"baseline": [], "this tree": []}
            for r in range(rounds):
                order = (("baseline", baseline_src), ("this tree", here))
                for name, src in order if r % 2 == 0 else order[::-1]:
                    res = _extract_child(src, ds, mode)
                    got[name].append(res["ms"])
            b, t = (sorted(got[k])[rounds // 2] for k in ("baseline", "this tree"))
            runs = " / ".join(
                f"{x:.2f}-{y:.2f}" for x, y in zip(got["baseline"], got["this tree"], strict=True)
            )
            print(
                f"| {ds} ({res['n']}) | {mode} | {b:.3f} ({1000 / b:.1f}) | {t:.3f} ({1000 / t:.1f}) | x{b / t:.3f} | {runs} |",
                flush=True,
            )


def part_golden(baseline_src: str, here: str) -> None:
    """Every article (msgspec JSON, all fields) of every zyte + wcxb page, bytes and str input: a
    digest per set and input for this tree and ``baseline_src``; equal digests = identical output."""
    for mode in ("bytes", "str"):
        for ds in ("zyte", "wcxb"):
            a, b = _extract_child(baseline_src, ds, mode, True), _extract_child(here, ds, mode, True)
            same = "identical" if a["digest"] == b["digest"] else "DIFFERENT"
            print(
                f"{ds} {mode}: {a['n']} articles {same} ({a['digest'][:12]} vs {b['digest'][:12]}; "
                f"{a['src']} vs {b['src']})",
                flush=True,
            )


def part_stages(rounds: int, baseline_src: str, here: str) -> None:
    import os

    for ds in ("zyte", "wcxb"):
        got: dict[str, list[dict[str, float]]] = {"baseline": [], "this tree": []}
        for _ in range(rounds):
            for name, src in (("baseline", baseline_src), ("this tree", here)):
                env = dict(os.environ, PYTHONPATH=src)
                res = json.loads(
                    subprocess.check_output([sys.executable, "-c", STAGES_CHILD, str(ROOT), ds], env=env)
                )
                got[name].append(res["ms"])
                print(
                    f"  {ds} {name:9} ({res['src']}, {res['walk']}): {res['ms']['total']:.3f} ms/page",
                    flush=True,
                )
        print(f"\n{ds} ({res['n']} pages), CPU ms per page, cold pass, median of {rounds} alternated runs\n")
        print("| stage | baseline | this tree |\n|---|---:|---:|")
        for label in got["baseline"][0]:
            med = [sorted(r[label] for r in got[k])[rounds // 2] for k in ("baseline", "this tree")]
            print(f"| {label} | {med[0]:.3f} | {med[1]:.3f} |")
        tot = [sorted(r["total"] for r in got[k])[rounds // 2] for k in ("baseline", "this tree")]
        print(f"| pages per CPU-second | {1000 / tot[0]:.1f} | {1000 / tot[1]:.1f} |")


INSTR_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
import json
from bench.common import WCXB, _read_gz, zyte_pages
from warta.extract import extract
step = int(sys.argv[2])
rows = []  # every step-th wcxb-dev page read directly (not every page decompressed under valgrind)
for gt in sorted((WCXB / "ground-truth").glob("*.json")):
    html = WCXB / "html" / f"{gt.stem}.html.gz"
    if html.exists():
        rows.append((gt, html))
rows = [(_read_gz(h), json.loads(g.read_text(encoding="utf-8")).get("url") or "") for g, h in rows[::step]]
rows += [(r[1], r[2]) for r in list(zyte_pages())[::step]]
extract(rows[0][0], url=rows[0][1])
if sys.argv[3] == "run":
    for page, url in rows:
        extract(page, url=url or None)
print(len(rows))
"""


def _callgrind(src: str, step: int, mode: str) -> tuple[int, int]:
    """(instructions, pages) of one :data:`INSTR_CHILD` run under callgrind."""
    instructions, out = callgrind_count(src, INSTR_CHILD, [str(ROOT), str(step), mode])
    return instructions, int(out.split()[-1])


def part_instr(baseline_src: str, here: str, step: int) -> None:
    """Instructions per page of ``warta.extract`` on page bytes, both trees (callgrind)."""
    per = {}
    for name, src in (("baseline", baseline_src), ("this tree", here)):
        run, n = _callgrind(src, step, "run")
        load, _n = _callgrind(src, step, "load")
        per[name] = (run - load) / n
        print(
            f"{name} ({src}): {per[name] / 1e6:.3f} M instructions per page ({n} pages; run {run}, load {load})"
        )
    print(f"this tree / baseline: {per['this tree'] / per['baseline']:.4f}")


def part_parse(rounds: int) -> None:
    """Lexbor parse + teardown CPU per page, default options vs ``WO_EVENTS``, alternated per page."""
    from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

    from bench.common import wcxb_pages, zyte_pages

    pages = [r[1] for r in zyte_pages()] + [r[1] for r in wcxb_pages()]
    opts = (("default (0)", 0), ("WO_EVENTS", int(LexborDocumentOptions.WO_EVENTS)))
    got = {name: 0.0 for name, _o in opts}
    for r in range(rounds):
        for html in pages:
            for name, opt in opts if r % 2 == 0 else opts[::-1]:
                t0 = time.process_time()
                tree = LexborHTMLParser(html, options=opt)
                del tree
                got[name] += time.process_time() - t0
    n = len(pages) * rounds
    base = got[opts[0][0]]
    for name, t in got.items():
        print(f"{name}: {t / n * 1000:.4f} CPU ms per page ({len(pages)} pages x {rounds}); x{base / t:.3f}")


def part_equality() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from bench.common import wcxb_pages, zyte_pages
    from warta.extract import _walk, _walk_py

    print(f"kernel: {_walk.__file__.rsplit('/', 1)[-1]} status={_walk.status()}")
    fallbacks = []
    twin_walk = _walk_py.build_dom

    def counted(*a, **kw):
        fallbacks.append(1)
        return twin_walk(*a, **kw)

    n = walk_diffs = cont_diffs = 0
    t_twin = t_kernel = 0.0
    for pages in (zyte_pages(), wcxb_pages()):
        for row in pages:
            tree = LexborHTMLParser(row[1])
            root = tree.body or tree.root
            if root is None:
                continue
            n += 1
            for skip_hidden in (True, False):
                t0 = time.process_time()
                want = twin_walk(root, skip_hidden=skip_hidden)
                t1 = time.process_time()
                _walk_py.build_dom = counted
                try:
                    got = _walk.build_dom(root, skip_hidden=skip_hidden)
                finally:
                    _walk_py.build_dom = twin_walk
                t_kernel += time.process_time() - t1
                t_twin += t1 - t0
                walk_diffs += _walk._dom_tuple(got) != _walk._dom_tuple(want)
            if want.blocks:
                for mode in ("article", "list", "rich"):
                    a, b = copy.deepcopy(want), copy.deepcopy(want)
                    ra = _walk_py.choose_container(a, mode=mode)
                    rb = _walk.choose_container(b, mode=mode)
                    cont_diffs += (ra, a.signed, a.markers) != (rb, b.signed, b.markers)
    print(
        f"{n} pages: walk differences {walk_diffs} (of {2 * n}), pages walked by the twin {len(fallbacks)}, "
        f"container differences {cont_diffs}; walk CPU twin {t_twin / (2 * n) * 1000:.3f} ms, "
        f"kernel {t_kernel / (2 * n) * 1000:.3f} ms per walk"
    )


def part_ab(rounds: int) -> None:
    out: dict[str, list[list[float]]] = {"twin": [], "kernel": []}
    for _ in range(rounds):
        for mode in ("twin", "kernel"):
            name, res = json.loads(subprocess.check_output([sys.executable, "-c", CHILD, mode, str(ROOT)]))
            out[mode].append(res)
            print(f"  {mode:6} ({name}): cold {res[0]:.3f}, warm {min(res[1:]):.3f} ms/page", flush=True)
    print("| walk | cold ms/page (pages/CPU-s) | warm ms/page (pages/CPU-s) |\n|---|---:|---:|")
    for mode, runs in out.items():
        cold = sorted(r[0] for r in runs)[len(runs) // 2]
        warm = sorted(min(r[1:]) for r in runs)[len(runs) // 2]
        print(f"| {mode} | {cold:.3f} ({1000 / cold:.0f}) | {warm:.3f} ({1000 / warm:.0f}) |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--parts",
        default="equality,ab",
        help="comma list of equality, ab, stages, extract, golden, parse, instr",
    )
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds for the A/B and stages parts")
    ap.add_argument("--step", type=int, default=10, help="instr part: every step-th page of each set")
    ap.add_argument("--baseline-src", help="src/ of an older checkout, kernels built in place (stages part)")
    ap.add_argument(
        "--src",
        default=str(ROOT / "src"),
        help="src/ of 'this tree' for the stages, extract and golden parts (default: this checkout; a worktree of one "
        "helper's commits keeps other work in progress out of the comparison)",
    )
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",")}
    if "equality" in parts:
        part_equality()
    if "parse" in parts:
        part_parse(args.rounds)
    if "ab" in parts:
        part_ab(args.rounds)
    if parts & {"stages", "extract", "golden", "instr"} and not args.baseline_src:
        ap.error("--parts stages / extract / golden / instr need --baseline-src")
    if "instr" in parts:
        part_instr(args.baseline_src, args.src, args.step)
    if "stages" in parts:
        part_stages(args.rounds, args.baseline_src, args.src)
    if "extract" in parts:
        print(
            "| set (pages) | input | baseline ms/page (pages/CPU-s) | this tree | speedup | runs baseline-this |"
        )
        print("|---|---|---:|---:|---:|---|")
        part_extract(args.rounds, args.baseline_src, args.src)
    if "golden" in parts:
        part_golden(args.baseline_src, args.src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
