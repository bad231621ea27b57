"""HTML body-extraction benchmark: Warta against trafilatura, readability, newspaper4k, resiliparse.

One command, one table per section, all tools measured in the same run on the same decoded
pages (``bench.common.decode_html``):

- ``body``: zyte-aeb precision / recall / F1 with the Zyte scorer (4-token shingles, P and R
  averaged over pages), and wcxb-dev bag-of-words F1 per page type plus the share of ``with``
  snippets found and ``without`` snippets absent; pages per CPU-second (extraction calls only,
  ``time.process_time``) and peak RSS of the worker (each tool runs in its own spawned process).
- ``pagetype``: Warta's ``page_type`` against wcxb-dev's labels (accuracy, per-type recall).
- ``stages``: CPU ms per zyte-aeb page in each stage of ``extract_html`` (cold first pass, warm).

Warta's prediction is ``lead`` + ``body`` (the benchmarks' truth includes the standfirst);
newspaper4k runs with images off; resiliparse is ``extract_plain_text(main_content=True)``.

Run::

    python bench/html_bench.py                                  # everything, writes bench/results/html-extract.md
    python bench/html_bench.py --limit 40 --tools warta,trafilatura --sections body   # quick look, no file
    python bench/html_bench.py --sections stages --limit 1000   # Warta's per-stage CPU ms, no file
    python bench/html_bench.py --tools warta --no-re2           # Warta with the plain-``re`` hint matcher, no file

More sections (metadata accuracy, captions) plug in through :data:`SECTIONS`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    call_isolated,
    decode_html,
    markdown_table,
    snippet_rates,
    wcxb_bow_f1,
    wcxb_pages,
    write_result,
    zyte_pages,
    zyte_score,
)

PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")

# --- tools: each maps (html_text, url) to the extracted body text ----------------------------


_LAST_PAGE_TYPE: list[str] = [""]


def _warta(html: str, url: str) -> str:
    from warta.extract.html import extract_html

    art = extract_html(html, url=url or None)
    _LAST_PAGE_TYPE[0] = art.page_type or ""
    return "\n".join(p for p in ([art.lead] if art.lead else []) + art.body)


def _trafilatura(html: str, url: str, **kw: Any) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None, **kw) or ""


def _trafilatura_precision(html: str, url: str) -> str:
    return _trafilatura(html, url, favor_precision=True)


def _readability(html: str, url: str) -> str:
    from readability import Document
    from selectolax.lexbor import LexborHTMLParser

    summary = Document(html).summary(html_partial=True)
    return LexborHTMLParser(summary).text(separator="\n") if summary else ""


def _newspaper(html: str, url: str) -> str:
    from newspaper import Article

    art = Article(url or "http://example.com/", fetch_images=False)
    art.download(input_html=html)
    art.parse()
    return art.text or ""


def _resiliparse(html: str, url: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True) or ""


TOOLS: dict[str, Callable[[str, str], str]] = {
    "warta": _warta,
    "trafilatura": _trafilatura,
    "trafilatura (favor_precision)": _trafilatura_precision,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
    "resiliparse": _resiliparse,
}
TOOL_KEYS = {"warta": "warta", "trafilatura": "trafilatura", "trafilatura-precision": "trafilatura (favor_precision)",
             "readability": "readability-lxml", "newspaper4k": "newspaper4k", "resiliparse": "resiliparse"}  # fmt: skip


def _hint_matcher_setup() -> None:
    """With ``--no-re2`` (the environment variable it sets, inherited by the workers), Warta's
    class/id hint flags use the plain ``re`` patterns instead of the RE2 set (same flags, slower)."""
    if os.environ.get("WARTA_BENCH_NO_RE2"):
        import importlib

        importlib.import_module("warta.extract.content")._RE2 = None


def run_tool(tool: str, dataset: str, limit: int | None) -> dict[str, Any]:
    """Run one tool over one data set in this process (called in a spawned worker).

    Returns predictions keyed by page id, the CPU seconds spent inside the tool, page count and
    the number of pages where the tool raised (counted as empty output).
    """
    import warnings

    warnings.filterwarnings("ignore")
    _hint_matcher_setup()
    fn = TOOLS[tool]
    pages = (
        zyte_pages(limit)
        if dataset == "zyte"
        else ((pid, html, url) for pid, html, url, _gt in wcxb_pages(limit=limit))
    )
    preds: dict[str, str] = {}
    warm = next(iter(zyte_pages(1)))
    with contextlib.suppress(Exception):  # imports and caches are not per-page costs
        fn(decode_html(warm[1]), warm[2])
    cpu = 0.0
    errors = 0
    extra: dict[str, str] = {}
    for page in pages:
        pid, html, url = page[0], page[1], page[2]
        text = decode_html(html)
        t0 = time.process_time()
        try:
            out = fn(text, url)
        except Exception:
            out = ""
            errors += 1
        cpu += time.process_time() - t0
        preds[pid] = out
        if tool == "warta":
            extra[pid] = _LAST_PAGE_TYPE[0]
    return {"preds": preds, "cpu": cpu, "n": len(preds), "errors": errors, "page_types": extra}


# --- sections ---------------------------------------------------------------------------------


def _collect(tools: list[str], limit: int | None) -> dict[str, dict[str, Any]]:
    """Run every tool on both sets in isolated workers; ``{tool: {"zyte": res, "wcxb": res}}``."""
    out: dict[str, dict[str, Any]] = {}
    for tool in tools:
        out[tool] = {}
        for ds in ("zyte", "wcxb"):
            t0 = time.time()
            from bench.html_bench import run_tool as worker  # importable by name in the spawned process

            res = call_isolated(worker, tool, ds, limit)
            r = res["result"]
            r["peak_rss_mb"] = res["peak_rss_mb"]
            out[tool][ds] = r
            print(f"  {tool:<30} {ds:<5} {r['n']:>5} pages {time.time() - t0:6.1f} s", file=sys.stderr)
    return out


def section_body(runs: dict[str, dict[str, Any]], limit: int | None) -> str:
    zyte_truth = {pid: truth for pid, _h, _u, truth in zyte_pages(limit)}
    wcxb_gt = {pid: gt for pid, _h, _u, gt in wcxb_pages(limit=limit)}
    rows_z, rows_w, rows_s, rows_speed = [], [], [], []
    for tool, by in runs.items():
        z = by["zyte"]
        sc = zyte_score((zyte_truth[pid], z["preds"].get(pid, "")) for pid in zyte_truth)
        rows_z.append([tool, sc["precision"], sc["recall"], sc["f1"], z["errors"]])
        w = by["wcxb"]
        per: dict[str, list[float]] = defaultdict(list)
        found: list[float] = []
        absent: list[float] = []
        for pid, gt in wcxb_gt.items():
            pred = w["preds"].get(pid, "")
            per[gt["page_type"]].append(wcxb_bow_f1(pred, gt.get("main_content") or ""))
            f, a = snippet_rates(pred, gt.get("with") or [], gt.get("without") or [])
            found.append(f)
            absent.append(a)
        allf = [x for v in per.values() for x in v]
        non_article = [x for t, v in per.items() if t != "article" for x in v]
        rows_w.append(
            [tool]
            + [sum(per[t]) / len(per[t]) if per.get(t) else None for t in PAGE_TYPES]
            + [
                sum(non_article) / len(non_article) if non_article else None,
                sum(allf) / len(allf) if allf else None,
            ]
        )
        rows_s.append([tool, sum(found) / len(found), sum(absent) / len(absent)])
        n = z["n"] + w["n"]
        rows_speed.append(
            [tool, z["n"] / z["cpu"] if z["cpu"] else None, w["n"] / w["cpu"] if w["cpu"] else None,
             n / (z["cpu"] + w["cpu"]) if z["cpu"] + w["cpu"] else None, max(z["peak_rss_mb"], w["peak_rss_mb"])]
        )  # fmt: skip
    n_types = Counter(gt["page_type"] for gt in wcxb_gt.values())
    parts = [
        f"### zyte-aeb ({len(zyte_truth)} pages): Zyte scorer\n",
        markdown_table(["tool", "precision", "recall", "F1", "errors"], rows_z),
        f"\n### wcxb-dev ({len(wcxb_gt)} pages): bag-of-words F1 by page type\n",
        markdown_table(
            ["tool"] + [f"{t} ({n_types.get(t, 0)})" for t in PAGE_TYPES] + ["non-article", "all"], rows_w
        ),
        "\n### wcxb-dev snippets (all pages)\n",
        markdown_table(["tool", "`with` found", "`without` absent"], rows_s),
        "\n### speed and memory (same run; CPU time inside the tool only, one worker process per tool)\n",
        markdown_table(
            ["tool", "zyte pages/CPU-s", "wcxb pages/CPU-s", "all pages/CPU-s", "peak RSS MB"], rows_speed
        ),
    ]
    return "\n".join(parts)


def section_pagetype(runs: dict[str, dict[str, Any]], limit: int | None) -> str:
    if "warta" not in runs:
        return "(page type needs the warta tool)"
    pred = runs["warta"]["wcxb"]["page_types"]
    conf: dict[str, Counter[str]] = defaultdict(Counter)
    for pid, _h, _u, gt in wcxb_pages(limit=limit):
        conf[gt["page_type"]][pred.get(pid, "")] += 1
    total = sum(sum(c.values()) for c in conf.values())
    ok = sum(conf[t][t] for t in conf)
    rows = []
    for t in PAGE_TYPES:
        c = conf.get(t, Counter())
        n = sum(c.values())
        predicted = sum(conf[x][t] for x in conf)
        rows.append([t, n, c[t] / n if n else None, c[t] / predicted if predicted else None,
                     ", ".join(f"{k or '–'} {v}" for k, v in c.most_common(4))])  # fmt: skip
    return (
        f"### Warta page type on wcxb-dev labels: accuracy {ok / total:.3f} ({ok}/{total})\n\n"
        + markdown_table(["label", "pages", "recall", "precision", "predicted as"], rows)
    )


STAGES = [
    ("warta.extract.html", "LexborHTMLParser", "parse (Lexbor)"),
    ("warta.extract.html", "fill_metadata", "metadata (fill_metadata)"),
    ("warta.extract.content", "build_dom", "DOM walk (build_dom)"),
    ("warta.extract.content", "choose_container", "container scoring"),
    ("warta.extract.content", "select_blocks", "block selection"),
    ("warta.extract.html", "classify_page", "page type"),
    ("warta.extract.html", "_fill_body", "body chrome filter"),
    ("warta.extract.html", "_split_lead", "lead / dateline"),
]
"""(module, function, label) timed by :func:`section_stages`; the rest of ``extract_html`` is "other"."""


def time_stages(acc: Counter[str]) -> list[tuple[Any, str, Any]]:
    """Wrap each :data:`STAGES` function so its CPU time adds up in ``acc[label]``.

    Returns ``(module, name, original)`` triples; ``setattr`` them back to undo the wrapping.
    """
    import importlib

    saved = []
    for mod_name, fn_name, label in STAGES:
        mod = importlib.import_module(mod_name)
        fn = getattr(mod, fn_name)
        saved.append((mod, fn_name, fn))

        def timed(*a: Any, _fn: Any = fn, _label: str = label, **kw: Any) -> Any:
            t0 = time.process_time()
            try:
                return _fn(*a, **kw)
            finally:
                acc[_label] += time.process_time() - t0

        setattr(mod, fn_name, timed)
    return saved


def section_stages(runs: dict[str, dict[str, Any]], limit: int | None) -> str:
    """CPU ms per zyte-aeb page in each stage of ``extract_html`` (this process, functions wrapped).

    The first pass starts with empty class/id hint caches after one warm-up page, like the
    benchmark's worker; the best of two more passes is the warm figure (a long ingest run, where
    most class names have been seen before).
    """
    import importlib

    html = importlib.import_module("warta.extract.html")
    _hint_matcher_setup()
    pages = [(decode_html(h), u) for _p, h, u, _t in zyte_pages(limit)]
    acc: Counter[str] = Counter()
    saved = time_stages(acc)
    passes = []
    html.extract_html(pages[0][0])  # imports and lexicons, as in the benchmark's worker
    try:
        for _ in range(3):
            acc.clear()
            t0 = time.process_time()
            for text, url in pages:
                html.extract_html(text, url=url or None)
            passes.append((time.process_time() - t0, dict(acc)))
    finally:
        for mod, fn_name, fn in saved:
            setattr(mod, fn_name, fn)
    n = len(pages)
    cold = passes[0]
    warm = min(passes[1:], key=lambda p: p[0])
    rows = []
    for _m, _f, label in STAGES:
        rows.append([label, cold[1].get(label, 0.0) / n * 1000, warm[1].get(label, 0.0) / n * 1000])
    rows.append(["other (decode, depth check, JSON-LD, noscript)", (cold[0] - sum(cold[1].values())) / n * 1000,
                 (warm[0] - sum(warm[1].values())) / n * 1000])  # fmt: skip
    rows.append(["**total**", cold[0] / n * 1000, warm[0] / n * 1000])
    rows.append(["pages per CPU-second", n / cold[0], n / warm[0]])
    return (
        f"### Warta stage costs on zyte-aeb ({n} pages): CPU ms per page (`time.process_time`, one process)\n\n"
        + markdown_table(["stage", "first pass (cold caches)", "warm (best of 2 more passes)"], rows)
    )


SECTIONS: dict[str, Callable[[dict[str, dict[str, Any]], int | None], str]] = {
    "body": section_body,
    "pagetype": section_pagetype,
    "stages": section_stages,
}
"""Section name -> function(runs, limit) returning Markdown. Add sections here."""
RUN_FREE = frozenset({"stages"})
"""Sections that do not use the tools' runs (``--sections stages`` alone runs no tool)."""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sections", default=",".join(SECTIONS), help="comma list of " + ", ".join(SECTIONS))
    ap.add_argument("--tools", default=",".join(TOOL_KEYS), help="comma list of " + ", ".join(TOOL_KEYS))
    ap.add_argument("--limit", type=int, default=None, help="first N pages per set (no results file written)")
    ap.add_argument(
        "--no-re2", action="store_true", help="Warta without the RE2 hint matcher (no results file written)"
    )
    args = ap.parse_args(argv)
    if args.no_re2:
        os.environ["WARTA_BENCH_NO_RE2"] = "1"
    tools = [TOOL_KEYS[t.strip()] for t in args.tools.split(",") if t.strip()]
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    # Sections that time Warta in this process need no tool runs.
    runs = {} if set(sections) <= RUN_FREE else _collect(tools, args.limit)
    body = "\n\n".join(SECTIONS[s](runs, args.limit) for s in sections)
    print(body)
    if args.limit is None and not args.no_re2:
        cmd = "python bench/html_bench.py" + (
            "" if args.sections == ",".join(SECTIONS) else f" --sections {args.sections}"
        )
        if args.tools != ",".join(TOOL_KEYS):
            cmd += f" --tools {args.tools}"
        path = write_result("html-extract", "HTML body extraction and page type", _notes() + body, cmd)
        print(f"\nwritten: {path}", file=sys.stderr)
    return 0


def _notes() -> str:
    return (
        "Warta = `warta.extract.html.extract_html` (lead + body). Peers on the same decoded text. "
        "Parser choice: Lexbor (selectolax) parses the zyte-aeb pages in "
        f"{_parse_times()}.\n\n"
    )


def _parse_times() -> str:
    """Mean parse time per zyte-aeb page, Lexbor vs lxml (the justification for the parser choice)."""
    import lxml.html
    from selectolax.lexbor import LexborHTMLParser

    docs = [decode_html(h) for _p, h, _u, _t in zyte_pages()]
    t0 = time.process_time()
    for d in docs:
        LexborHTMLParser(d)
    t1 = time.process_time()
    for d in docs:
        lxml.html.document_fromstring(d)
    t2 = time.process_time()
    n = len(docs)
    return f"{(t1 - t0) / n * 1000:.2f} ms vs {(t2 - t1) / n * 1000:.2f} ms for lxml.html"


if __name__ == "__main__":
    raise SystemExit(main())
