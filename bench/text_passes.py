"""Text mode pass by pass in one fresh process: is the first cold pass slower, and is GC why?

``bench/text_bench.py`` times Warta's row as *one* cold pass in a fresh process (after one warm-up
page). This script loads the same 1,232 pages the same way (:func:`bench.text_bench.load_pages`),
makes the same warm-up call, then times ``--passes`` passes of
``warta.extract(flat, content_type="text/plain")``, the verdict memo emptied before each, and
reports per pass: docs per CPU-second (``time.process_time``), and the CPU time spent in the
garbage collector per generation (``gc.callbacks``) with the number of collections.

``--collect`` runs ``gc.collect()`` once after loading the pages (before the warm-up): the
garbage the page rendering left then no longer counts in the first pass.

Run::

    python bench/text_passes.py                 # 3 passes
    python bench/text_passes.py --collect       # the same after a full collection
    python bench/text_passes.py --limit 40      # quick look
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.text_bench import SETS, load_pages  # noqa: E402


class GcClock:
    """CPU seconds and collections per generation, from ``gc.callbacks``."""

    def __init__(self) -> None:
        self.cpu = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.process_time()
        else:
            gen = info["generation"]
            self.cpu[gen] += time.process_time() - self._t0
            self.count[gen] += 1

    def reset(self) -> None:
        self.cpu, self.count = [0.0, 0.0, 0.0], [0, 0, 0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="pages per set")
    ap.add_argument("--collect", action="store_true", help="gc.collect() after loading the pages")
    args = ap.parse_args(argv)

    pages = load_pages(list(SETS), args.limit)
    if args.collect:
        gc.collect()
    import warta
    from warta.extract import text as cur

    warta.extract(pages[0].flat, content_type="text/plain")  # imports, lexicons (text_bench's warm-up)
    clock = GcClock()
    gc.callbacks.append(clock)
    print(f"{len(pages)} pages, kernel {cur._K.__name__}, collect={args.collect}")
    for k in range(args.passes):
        cur._VERDICTS.clear()
        clock.reset()
        t0 = time.process_time()
        for page in pages:
            warta.extract(page.flat, content_type="text/plain")
        cpu = time.process_time() - t0
        gcs = ", ".join(
            f"gen{g} {1000 * c:.1f} ms/{n}"
            for g, (c, n) in enumerate(zip(clock.cpu, clock.count, strict=True))
        )
        print(f"pass {k}: {len(pages) / cpu:7,.0f} docs/CPU-s  ({cpu:.3f} CPU-s; GC {gcs})", flush=True)
    gc.callbacks.remove(clock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
