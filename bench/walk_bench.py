"""The DOM walk kernel (``warta.extract._walk``) against its pure-Python twin (``_walk_py``).

Two parts, both CPU time (``time.process_time``):

1. ``equality``: walks every zyte-aeb + wcxb-dev page with both modules (both ``skip_hidden``
   values) and chooses the container in the three modes; counts differences (must be 0) and pages the
   kernel handed to the twin.
2. ``ab``: ``extract_html`` over the 181 zyte pages in fresh processes, the kernel and the twin
   interleaved ``--rounds`` times; per process one cold pass (after one warm-up page, like the HTML
   benchmark's worker) and the best of two warm passes. Medians are printed.

    python bench/walk_bench.py                 # both parts
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
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds for the A/B part")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",")}
    if "equality" in parts:
        part_equality()
    if "ab" in parts:
        part_ab(args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
