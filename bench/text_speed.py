"""Text-mode extraction speed: documents per CPU-second, per core, in batch mode.

Every page of zyte-aeb, the article pages of wcxb-dev and every Fundus fixture is rendered flat
with :func:`bench.common.render_flat` (as in ``bench/text_bench.py``), plus the seed page. One
process extracts them one after the other (``extract_text`` on each flat text), timed with
``time.process_time`` (CPU time of this process, so other jobs on the machine count less than in
wall time; on a loaded machine CPU time still rises, hence the best of ``--repeat`` passes).

Two regimes:

- ``cold``: the per-lexicon memo of short lines' verdicts is emptied before each pass, so a
  line is classified the first time it is seen in the pass (a batch of pages from many sites);
- ``warm``: the memo keeps what an earlier pass over the same pages filled in (a long batch
  from the same sites, where menus and footers repeat). This is an upper bound: here even the
  short story lines repeat.

``--baseline REV`` also loads ``warta/extract/text.py`` and ``chrome.py`` as they were at git
revision ``REV`` into a scratch module and times them in the same run, interleaved with the
current code (same load, same pages), and checks that both give the same articles.

Run::

    python bench/text_speed.py                          # writes bench/results/text-speed.md
    python bench/text_speed.py --baseline 7979a21       # with the code before the speed work
    python bench/text_speed.py --limit 40 --repeat 1    # quick look, does not write results
    python bench/text_speed.py --baseline REV --identity-only   # same articles as REV? (no timing)

``--identity-only`` compares the two revisions on every flattened page (all 1,937: every wcxb
page type, not only articles), again with ``lang`` given (id, en, ms, de) on every fifth page,
and on a few hostile inputs; it exits 1 when any article differs.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    REPO,
    fundus_pages,
    markdown_table,
    render_flat,
    wcxb_pages,
    write_result,
    zyte_pages,
)

SEED = REPO.parent / "shared" / "seed" / "000_6b20b64fa4afd3ed.txt"
SEED_REPEAT = 200
"""The seed is one page: each pass extracts it this many times."""


def load_sets(limit: int | None) -> dict[str, list[str]]:
    """Flat texts per set: ``{"zyte": [...], "wcxb": [...], "fundus": [...], "seed": [...]}``."""
    sets: dict[str, list[str]] = {
        "zyte": [render_flat(html) for _id, html, _url, _truth in zyte_pages(limit=limit)],
        "wcxb": [render_flat(html) for _id, html, _url, _gt in wcxb_pages(types={"article"}, limit=limit)],
        "fundus": [render_flat(page[3]) for page in fundus_pages(limit=limit)],
    }
    sets = {name: [t for t in texts if t.strip()] for name, texts in sets.items()}
    if SEED.exists():
        sets["seed"] = [SEED.read_text(encoding="utf-8")] * SEED_REPEAT
    return sets


def load_baseline(rev: str) -> ModuleType:
    """``text.py`` of revision ``rev``, importing ``chrome.py`` of the same revision."""
    tmp = Path(tempfile.mkdtemp(prefix="warta-text-base-"))

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout

    (tmp / "base_chrome.py").write_text(show("src/warta/extract/chrome.py"), encoding="utf-8")
    text_src = show("src/warta/extract/text.py").replace(
        "from warta.extract.chrome import", "from base_chrome import"
    )
    (tmp / "base_text.py").write_text(text_src, encoding="utf-8")
    sys.path.insert(0, str(tmp))
    spec = importlib.util.spec_from_file_location("base_text", tmp / "base_text.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["base_text"] = mod
    spec.loader.exec_module(mod)
    return mod


EDGE_INPUTS = (
    "",
    "\x00\x00",
    "\n\n\n",
    "Baca juga",
    "By\nJohn Smith",
    "(fyk/ash)",
    "© 2021 X.com",
    "a" * 200_000,
    "x\n" * 60_000,
)
"""Hostile inputs for ``--identity-only``: empty, NUL bytes, bare markers, an over-long line, too many lines."""


def identity(cur: ModuleType, base: ModuleType, limit: int | None) -> tuple[int, list[str]]:
    """Compare ``cur.extract_text`` with ``base.extract_text`` on every flattened page.

    Returns the number of comparisons and the labels of those that differ (msgspec JSON).
    """
    import msgspec

    enc = msgspec.json.Encoder()
    texts: list[tuple[str, str]] = [
        (f"zyte:{pid}", render_flat(h)) for pid, h, _u, _t in zyte_pages(limit=limit)
    ]
    texts += [(f"wcxb:{pid}", render_flat(h)) for pid, h, _u, _g in wcxb_pages(limit=limit)]
    texts += [(f"fundus:{p[0]}:{p[2]}", render_flat(p[3])) for p in fundus_pages(limit=limit)]
    if SEED.exists():
        texts.append(("seed", SEED.read_text(encoding="utf-8")))
    texts += [(f"edge:{i}", t) for i, t in enumerate(EDGE_INPUTS)]
    n = 0
    bad: list[str] = []
    for i, (label, text) in enumerate(texts):
        for lang in (None, "id", "en", "ms", "de") if i % 5 == 0 else (None,):
            n += 1
            if enc.encode(cur.extract_text(text, lang=lang)) != enc.encode(
                base.extract_text(text, lang=lang)
            ):
                bad.append(f"{label} lang={lang}")
    return n, bad


def time_pass(
    extract: Callable[[str], Any], texts: list[str], memo: dict[int, Any] | None, *, each: bool = False
) -> float:
    """CPU seconds of one pass over ``texts``.

    ``memo`` (the verdict memo), when given, is emptied before the pass, or before every text
    when ``each`` (the seed: one page repeated).
    """
    if memo is not None:
        memo.clear()
    t0 = time.process_time()
    if each and memo is not None:
        for text in texts:
            memo.clear()
            extract(text)
    else:
        for text in texts:
            extract(text)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--limit", type=int, default=None, help="pages per set (a quick look; results not written)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="passes per regime; the best one counts")
    ap.add_argument("--baseline", default=None, help="git revision to time in the same run")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument(
        "--identity-only",
        action="store_true",
        help="with --baseline: compare the articles on all 1,937 flattened pages (no timing)",
    )
    args = ap.parse_args(argv)

    import msgspec

    import warta
    from warta.article import Article
    from warta.extract import text as cur

    if args.identity_only:
        if not args.baseline:
            ap.error("--identity-only needs --baseline REV")
        n, bad = identity(cur, load_baseline(args.baseline), args.limit)
        print(f"{n - len(bad)}/{n} identical articles to {args.baseline}", *bad[:20], sep="\n")
        return 1 if bad else 0

    sets = load_sets(args.limit)
    lines = {name: sum(len(cur._split_lines(t, Article())) for t in texts) for name, texts in sets.items()}
    tools: dict[str, tuple[Callable[[str], Any], dict[int, Any]]] = {
        "warta.extract (public API)": (
            lambda t: warta.extract(t, content_type="text/plain"),
            cur._VERDICTS,
        ),
        "extract_text": (cur.extract_text, cur._VERDICTS),
    }
    identical: dict[str, str] = {}
    if args.baseline:
        base = load_baseline(args.baseline)
        tools[f"extract_text @ {args.baseline}"] = (base.extract_text, base._VERDICTS)
        enc = msgspec.json.Encoder()
        for name, texts in sets.items():
            same = sum(
                enc.encode(cur.extract_text(t)) == enc.encode(base.extract_text(t))
                for t in dict.fromkeys(texts)
            )
            identical[name] = f"{same}/{len(dict.fromkeys(texts))}"

    rows = []
    for name, texts in sets.items():
        for regime in ("cold", "warm"):
            best: dict[str, float] = {}
            for fn, _memo in tools.values():  # warm-up: imports, lexicons, memo for "warm"
                fn(texts[0])
                if regime == "warm":
                    time_pass(fn, texts, None)
            for _ in range(args.repeat):
                for tool, (fn, memo) in tools.items():  # interleaved: the same load for every tool
                    cpu = time_pass(fn, texts, memo if regime == "cold" else None, each=name == "seed")
                    best[tool] = min(best.get(tool, cpu), cpu)
            for tool, cpu in best.items():
                rows.append(
                    [
                        name,
                        regime,
                        tool,
                        len(texts),
                        round(lines[name] / len(texts)),
                        1000 * cpu / len(texts),
                        round(len(texts) / cpu),
                    ]
                )
                print(f"{name:7} {regime:5} {tool:30} {len(texts) / cpu:8,.0f} docs/CPU-s", flush=True)

    headers = ["set", "memo", "code", "docs", "lines/doc", "CPU ms/doc", "docs/CPU-s"]
    body = (
        "One process, pages extracted one after the other; CPU time (`time.process_time`), best of "
        f"{args.repeat} passes per row; tools interleaved within each pass round. `cold`: the verdict "
        "memo emptied before each pass; `warm`: filled by an earlier pass over the same pages (upper "
        f"bound). Seed: one page extracted {SEED_REPEAT} times per pass (`cold` empties the memo before "
        "each extraction).\n\n" + markdown_table(headers, rows) + "\n"
    )
    if identical:
        body += "\nIdentical articles (msgspec JSON) to the baseline: " + ", ".join(
            f"{k} {v}" for k, v in identical.items()
        )
        body += "\n"
    print(body)
    if args.limit is None and not args.no_write:
        cmd = "python bench/text_speed.py" + (f" --baseline {args.baseline}" if args.baseline else "")
        path = write_result("text-speed", "Text-mode extraction speed", body, cmd)
        print("wrote", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
