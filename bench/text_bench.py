"""Flattened-text extraction benchmark: Warta's text mode against its peers, scored the Zyte way.

Each page of zyte-aeb, the *article* pages of wcxb-dev and every Fundus fixture is rendered to
flattened text with :func:`bench.common.render_flat` (what a naive scraper hands us: one line per
block, no DOM). Tools then pick the article body:

- ``warta``: ``warta.extract(flat, content_type="text/plain")`` → ``lead`` + ``body`` joined by newlines,
  the default text mode (hand rules; the line model is opt-in, ``WARTA_LINE_MODEL=1``);
- ``warta + line model (out-of-fold by site)``: text mode with the trained line classifier
  (:mod:`warta.extract.lines_model`); every page, of every set, is extracted with a model trained
  without its site's fold (site = the URL's registered domain across sets; 5 folds), whose
  decoding settings were chosen on the other folds' pages (``training/train_lines.py``, retrained
  inside the run; the committed model is trained on all three sets), so the row is held-out;
- ``all-lines``: every rendered line (the recall ceiling and precision floor of the input);
- ``justext``: jusText on the same lines wrapped as ``<p>`` paragraphs, stoplist picked by the
  page's language (``<html lang>``, else lingua on the text; English when unknown or no stoplist);
- ``trafilatura``: trafilatura on the *original HTML* (defaults, ``include_comments=False``): the
  reference that has the DOM, which text mode does not.

Truth per set: zyte = ``articleBody``; wcxb = ``main_content``; fundus = summary (lead) + section
headlines + paragraphs. All three truths are "the article text under the headline", which
includes a lead/standfirst when the page has one, so Warta's ``lead`` is counted in every set
(the ``warta (body only)`` row shows the score without it).

Run::

    python bench/text_bench.py                        # all sets, writes bench/results/text-extract.md
    python bench/text_bench.py --limit 30 --sets zyte # quick subset, does not overwrite results
"""

from __future__ import annotations

import argparse
import gc
import html as htmlmod
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    call_isolated,
    fundus_body,
    fundus_pages,
    markdown_table,
    peak_rss_mb,
    render_flat,
    snippet_rates,
    wcxb_bow_f1,
    wcxb_pages,
    write_result,
    zyte_pages,
    zyte_score,
)

SETS = ("zyte", "wcxb", "fundus")
TOOLS = (
    "warta",
    "warta (body only)",
    "warta + line model (out-of-fold by site)",
    "all-lines",
    "justext",
    "trafilatura",
)
_OOF = "warta + line model (out-of-fold by site)"
_WARTA = ("warta", _OOF)


# ---------------------------------------------------------------------------------------------
# pages


class Page:
    """One benchmark page: its set, id, HTML, flat rendering, truth and language hint."""

    __slots__ = ("set", "id", "html", "url", "truth", "flat", "lang_hint", "extra")

    def __init__(self, set_: str, id_: str, html: bytes, url: str, truth: str, extra: dict[str, Any]):
        self.set, self.id, self.html, self.url, self.truth, self.extra = set_, id_, html, url, truth, extra
        self.flat = render_flat(html)
        self.lang_hint = _html_lang(html)


def load_pages(sets: list[str], limit: int | None) -> list[Page]:
    pages: list[Page] = []
    if "zyte" in sets:
        for pid, html, url, truth in zyte_pages(limit=limit):
            pages.append(Page("zyte", pid, html, url, truth, {}))
    if "wcxb" in sets:
        for pid, html, url, gt in wcxb_pages(types={"article"}, limit=limit):
            pages.append(Page("wcxb", pid, html, url, gt.get("main_content") or "", gt))
    if "fundus" in sets:
        for pub, country, version, html, url, exp in fundus_pages(limit=limit):
            page = Page("fundus", f"{country}/{pub}/{version}", html, url, fundus_body(exp), {})
            page.extra["country"] = country
            pages.append(page)
    return pages


# ---------------------------------------------------------------------------------------------
# language for jusText


def _html_lang(html: bytes) -> str | None:
    """The primary subtag of ``<html lang>``, lower-cased (``"en-US" -> "en"``)."""
    head = html[:4096].lower()
    i = head.find(b"<html")
    if i < 0:
        return None
    end = head.find(b">", i)
    tag = head[i:end] if end > 0 else head[i : i + 300]
    for key in (b" lang=", b" xml:lang="):
        j = tag.find(key)
        if j >= 0:
            val = tag[j + len(key) :].lstrip(b"\"' ").split(b'"')[0].split(b"'")[0].split(b" ")[0]
            code = val.split(b"-")[0].split(b"_")[0].decode("ascii", "ignore").strip()
            return code or None
    return None


_STOPLIST_ALIASES = {"SLOVENE": "Slovenian", "BOKMAL": "Norwegian_Bokmal", "NYNORSK": "Norwegian_Nynorsk"}


@lru_cache(maxsize=1)
def _lingua() -> tuple[Any, dict[Any, str]]:
    """A lingua detector over the languages jusText has stoplists for, and their stoplist names."""
    import justext
    from lingua import Language, LanguageDetectorBuilder

    names = set(justext.get_stoplists())
    mapping = {}
    for lang in Language.all():
        name = _STOPLIST_ALIASES.get(lang.name, lang.name.title())
        if name in names:
            mapping[lang] = name
    detector = LanguageDetectorBuilder.from_languages(*mapping).with_low_accuracy_mode().build()
    return detector, mapping


def stoplist_name(page: Page) -> str:
    """jusText stoplist for the page: from ``<html lang>``, else detected; ``English`` by default."""
    import justext
    from lingua import IsoCode639_1, Language

    detector, mapping = _lingua()
    if page.lang_hint:
        try:
            lang = Language.from_iso_code_639_1(IsoCode639_1.from_str(page.lang_hint))
        except (ValueError, AttributeError):
            lang = None
        if lang is not None:
            name = _STOPLIST_ALIASES.get(lang.name, lang.name.title())
            return name if name in justext.get_stoplists() else "English"
    found = detector.detect_language_of(page.flat[:3000]) if page.flat else None
    return mapping.get(found, "English") if found is not None else "English"


# ---------------------------------------------------------------------------------------------
# tools: each takes a Page and returns the predicted body text


def tool_all_lines(page: Page) -> str:
    return page.flat


def tool_justext(page: Page) -> str:
    import justext

    doc = (
        "<html><body>"
        + "".join(f"<p>{htmlmod.escape(line)}</p>" for line in page.flat.split("\n"))
        + "</body></html>"
    )
    stop = justext.get_stoplist(page.extra.get("stoplist") or "English")
    paragraphs = justext.justext(doc, stop)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def tool_trafilatura(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def _warta_article(page: Page) -> Any:
    import warta

    return warta.extract(page.flat, content_type="text/plain")


def oof_models(pages: list[Page]) -> dict[int, Any]:
    """Line models for every page, each trained and decoded without its site's fold (page index -> model).

    Sites, folds, features, fitting and the nested choice of decoding settings are
    ``training/train_lines.py``'s (:func:`training.train_lines.oof_models`).
    """
    from training.train_lines import oof_models as train_oof
    from training.train_lines import site_of

    dicts = [
        {
            "set": p.set,
            "site": p.id.split("/")[1] if p.set == "fundus" else site_of(p.url),
            "url": p.url,
            "flat": p.flat,
            "truth": p.truth,
        }
        for p in pages
    ]
    return dict(enumerate(train_oof(dicts, log=sys.stderr)))


def warta_text(article: Any, *, lead: bool = True) -> str:
    parts = ([article.lead] if lead and article.lead else []) + list(article.body)
    return "\n".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# run


_SIMPLE: dict[str, Callable[[Page], str]] = {
    "all-lines": tool_all_lines,
    "justext": tool_justext,
    "trafilatura": tool_trafilatura,
}


def assign_stoplists(pages: list[Page]) -> dict[str, int]:
    """Pick each page's jusText stoplist (stored in ``page.extra``); return how many pages use each."""
    counts: dict[str, int] = {}
    for page in pages:
        page.extra["stoplist"] = name = stoplist_name(page)
        counts[name] = counts.get(name, 0) + 1
    return counts


def run_tool(name: str, pages: list[Page]) -> dict[str, Any]:
    """Run one tool over the pages: predictions (and body-only ones for Warta), errors, CPU seconds.

    Exceptions are caught per page (the prediction is empty and the message is counted). A first
    call on one page, outside the timed loop, pays for imports and lexicon loading. Before it, the
    benchmark's own objects (pages, rendering garbage) are collected and frozen (``gc.freeze``).
    """
    if name == "justext" and not all("stoplist" in p.extra for p in pages):
        assign_stoplists(pages)
    preds: list[str] = []
    preds_body: list[str] = []
    errors: dict[str, int] = {}
    from contextlib import nullcontext

    from warta.extract.lines_model import using

    per_page: dict[int, Any] = oof_models(pages) if name == _OOF else {}
    # The loaded pages and the rendering's garbage belong to the benchmark, not to the tool: collect them and
    # move the survivors out of the collector's sight, so a full collection inside the timed loop traverses
    # only what the tool itself allocates (as in a batch run, whose heap holds only the tool). Every tool alike.
    gc.collect()
    gc.freeze()
    try:
        if name in _WARTA:
            _warta_article(pages[0])
        else:
            _SIMPLE[name](pages[0])
    except Exception:
        pass
    cpu = 0.0
    for n, page in enumerate(pages):
        ctx: Any = nullcontext()
        if n in per_page:
            ctx = using(per_page[n])
        t0 = time.process_time()
        try:
            if name in _WARTA:
                with ctx:
                    art = _warta_article(page)
                cpu += time.process_time() - t0
                preds.append(warta_text(art))
                preds_body.append(warta_text(art, lead=False))
            else:
                pred = _SIMPLE[name](page)
                cpu += time.process_time() - t0
                preds.append(pred)
        except Exception as exc:
            cpu += time.process_time() - t0
            key = f"{type(exc).__name__}: {str(exc)[:80]}"
            errors[key] = errors.get(key, 0) + 1
            preds.append("")
            preds_body.append("")
    return {"preds": preds, "preds_body": preds_body, "errors": errors, "cpu_s": cpu, "peak_rss_mb": None}


def run_tool_fresh(name: str, sets: list[str], limit: int | None, stoplists: list[str]) -> dict[str, Any]:
    """:func:`run_tool` on freshly loaded pages (the entry point of the per-tool subprocess).

    ``stoplists`` are the parent's per-page jusText choices, so the child needs no language detector.
    """
    pages = load_pages(sets, limit)
    if stoplists:
        for page, stop in zip(pages, stoplists, strict=True):
            page.extra["stoplist"] = stop
    return run_tool(name, pages)


def run(
    pages: list[Page], tools: list[str], *, sets: list[str], limit: int | None, isolated: bool
) -> dict[str, dict[str, Any]]:
    """Run every tool; with ``isolated`` each in its own fresh interpreter so peak RSS is per tool."""
    out: dict[str, dict[str, Any]] = {}
    for name in tools:
        if name not in _WARTA and name not in _SIMPLE:
            raise SystemExit(f"unknown tool: {name}")
        if isolated:
            from bench import text_bench as mod  # importable reference for the spawned child

            stoplists = [p.extra["stoplist"] for p in pages] if name == "justext" else []
            res = call_isolated(mod.run_tool_fresh, name, sets, limit, stoplists)
            tool = res["result"]
            tool["peak_rss_mb"] = res["peak_rss_mb"]
        else:
            tool = run_tool(name, pages)
        print(f"{name}: {tool['cpu_s']:.1f} CPU-s, {sum(tool['errors'].values())} errors", file=sys.stderr)
        out[name] = tool
        if name == "warta":
            out["warta (body only)"] = {**tool, "preds": tool["preds_body"]}
    return out


def score(pages: list[Page], results: dict[str, dict[str, Any]], sets: list[str]) -> tuple[str, str]:
    """The main table (F1 per set, overall P/R/F1, speed, errors) and a per-set detail table."""
    main_rows: list[list[Any]] = []
    detail_rows: list[list[Any]] = []
    for name, res in results.items():
        preds = res["preds"]
        row: list[Any] = [name]
        for s in sets:
            idx = [i for i, p in enumerate(pages) if p.set == s]
            sc = zyte_score((pages[i].truth, preds[i]) for i in idx)
            row.append(sc["f1"])
            detail: list[Any] = [name, s, sc["n"], sc["precision"], sc["recall"], sc["f1"]]
            if s == "wcxb":
                bow = [wcxb_bow_f1(preds[i], pages[i].truth) for i in idx]
                snip = [
                    snippet_rates(preds[i], pages[i].extra["with"], pages[i].extra["without"]) for i in idx
                ]
                detail += [
                    sum(bow) / len(bow) if bow else None,
                    sum(a for a, _ in snip) / len(snip) if snip else None,
                    sum(b for _, b in snip) / len(snip) if snip else None,
                ]
            else:
                detail += [None, None, None]
            detail_rows.append(detail)
        overall = zyte_score(zip((p.truth for p in pages), preds, strict=True))
        n_err = sum(res["errors"].values())
        speed = round(len(pages) / res["cpu_s"]) if res["cpu_s"] > 0 else None
        rss = res.get("peak_rss_mb")
        row += [
            overall["precision"],
            overall["recall"],
            overall["f1"],
            speed,
            round(rss) if rss else None,
            n_err,
        ]
        main_rows.append(row)
    headers = [
        "tool",
        *[f"{s} F1" for s in sets],
        "all P",
        "all R",
        "all F1",
        "docs/CPU-s",
        "peak RSS MB",
        "errors",
    ]
    main = markdown_table(headers, main_rows)
    detail = markdown_table(
        ["tool", "set", "pages", "P", "R", "F1", "WCXB BoW F1", "with found", "without absent"], detail_rows
    )
    return main, detail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="at most N pages per set")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of zyte,wcxb,fundus")
    ap.add_argument("--tools", default=",".join(t for t in TOOLS if t != "warta (body only)"))
    ap.add_argument(
        "--in-process", action="store_true", help="run tools in this process (faster; no per-tool peak RSS)"
    )
    ap.add_argument("--no-write", action="store_true", help="print only (default when --limit is given)")
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    unknown = set(sets) - set(SETS)
    if unknown:
        ap.error(f"unknown sets: {', '.join(sorted(unknown))}")
    tools = [t for t in args.tools.split(",") if t]

    t0 = time.process_time()
    pages = load_pages(sets, args.limit)
    render_cpu = time.process_time() - t0
    print(
        f"{len(pages)} pages ({', '.join(f'{s}={sum(p.set == s for p in pages)}' for s in sets)}); "
        f"load+render {render_cpu:.1f} CPU-s",
        file=sys.stderr,
    )
    if "justext" in tools:
        counts = assign_stoplists(pages)
        print(
            "jusText stoplists: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr
        )
    results = run(pages, tools, sets=sets, limit=args.limit, isolated=not args.in_process)
    main_table, detail = score(pages, results, sets)
    errors = [
        f"- {name}: {k} × {v}"
        for name, res in results.items()
        if name != "warta (body only)"
        for k, v in res["errors"].items()
    ]
    print(main_table)
    print()
    print(detail)
    if errors:
        print("\nErrors:\n" + "\n".join(errors))
    if args.limit is None and not args.no_write:
        cmd = "python bench/text_bench.py" + ("" if args.sets == ",".join(SETS) else f" --sets {args.sets}")
        empty = sum(1 for p in pages if not p.flat)
        body = (
            f"{len(pages)} pages: "
            + ", ".join(f"{s} {sum(p.set == s for p in pages)}" for s in sets)
            + f" (wcxb: article pages only). Flattened with `bench.common.render_flat` ({empty} pages render "
            "empty: their text sits only in `noscript` or hidden streaming containers); "
            "scored with the Zyte 4-token-shingle scorer (P and R averaged over pages, F1 their harmonic "
            "mean; `all` pools every page). `docs/CPU-s`: per core, this process, tool call only "
            "(trafilatura parses HTML, the others read the flat text). `peak RSS MB`: peak of a fresh "
            "interpreter that loads all pages and runs one tool (`all-lines` is the data-only baseline). "
            "Errors count pages where the tool raised (scored as empty).\n\n"
            + main_table
            + "\n\nPer set (WCXB columns use WCXB's own bag-of-words F1 and snippet rates):\n\n"
            + detail
            + ("\n\nErrors:\n" + "\n".join(errors) if errors else "")
            + f"\n\nPeak RSS of the whole run: {peak_rss_mb():.0f} MB.\n"
        )
        path = write_result("text-extract", "Flattened-text extraction", body, cmd)
        print(f"\nwrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
