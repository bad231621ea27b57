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

    python bench/walk_bench.py                 # equality and ab
    python bench/walk_bench.py --parts ab --rounds 5
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


def part_stages(rounds: int, baseline_src: str) -> None:
    import os

    here = str(ROOT / "src")
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
    ap.add_argument("--parts", default="equality,ab", help="comma list of equality, ab")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds for the A/B and stages parts")
    ap.add_argument("--baseline-src", help="src/ of an older checkout, kernels built in place (stages part)")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",")}
    if "equality" in parts:
        part_equality()
    if "ab" in parts:
        part_ab(args.rounds)
    if "stages" in parts:
        if not args.baseline_src:
            ap.error("--parts stages needs --baseline-src")
        part_stages(args.rounds, args.baseline_src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
