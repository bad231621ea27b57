"""Title choice of the flattened-text extractor: exact-match rate against fundus and WCXB titles.

    python bench/text_title_bench.py             # all fundus + wcxb article pages
    python bench/text_title_bench.py --limit 100 # quick subset
    python bench/text_title_bench.py --show 20   # also print 20 misses (id, truth, picked)

Pages are flattened with ``bench.common.render_flat`` (as in ``bench/text_bench.py``) and read with
``warta.extract.text.extract_text``. A title counts when its NFKC-normalised, whitespace-collapsed,
lower-cased text equals the truth; pages whose true title does not occur in the flat text at all
(client-side rendered, or a "kicker: headline" pair the page prints apart) are reported but not scored.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import fundus_pages, render_flat, wcxb_pages  # noqa: E402


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).lower()


def main(argv: list[str] | None = None) -> int:
    from warta.extract.text import extract_text

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    ap.add_argument("--show", type=int, default=0, help="print this many misses")
    args = ap.parse_args(argv)
    pages: list[tuple[str, str, str, str]] = []
    for pid, html, _url, gt in wcxb_pages(types={"article"}, limit=args.limit):
        pages.append(("wcxb", pid, render_flat(html), gt.get("title") or ""))
    for pub, country, version, html, _url, exp in fundus_pages(limit=args.limit):
        pages.append(("fundus", f"{country}/{pub}/{version}", render_flat(html), exp.get("title") or ""))
    stats: dict[str, list[int]] = {}
    misses: list[tuple[str, str, str | None]] = []
    cpu = 0.0
    for set_, pid, flat, title in pages:
        t0 = time.process_time()
        art = extract_text(flat)
        cpu += time.process_time() - t0
        row = stats.setdefault(set_, [0, 0, 0])  # pages, scored, exact
        row[0] += 1
        if not title or _norm(title) not in _norm(flat):
            continue
        row[1] += 1
        if _norm(art.title) == _norm(title):
            row[2] += 1
        else:
            misses.append((pid, title, art.title))
    print("| set | pages | title in flat text | exact | exact rate |")
    print("|---|---:|---:|---:|---:|")
    tot = [0, 0, 0]
    for set_, (n, scored, exact) in stats.items():
        print(f"| {set_} | {n} | {scored} | {exact} | {exact / max(scored, 1):.3f} |")
        tot = [tot[0] + n, tot[1] + scored, tot[2] + exact]
    print(f"| all | {tot[0]} | {tot[1]} | {tot[2]} | {tot[2] / max(tot[1], 1):.3f} |")
    print(f"\n{len(pages) / max(cpu, 1e-9):.0f} docs/CPU-s (extract_text only)")
    for pid, title, got in misses[: args.show]:
        print(f"{pid}\n  truth:  {title}\n  picked: {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
