"""Shared evaluation harness for the Warta benchmarks: data loaders, scorers, flat rendering, timing, tables.

Every benchmark script in ``bench/`` imports this module, so all of them read the data and score
the same way. The data lives outside the repo (``../shared/data``) and is never copied into it.

>>> from bench.common import zyte_pages, zyte_score, render_flat
>>> pairs = [(truth, render_flat(html)) for _id, html, _url, truth in zyte_pages()]  # doctest: +SKIP
>>> zyte_score(pairs)["f1"]  # doctest: +SKIP

Loaders are generators of plain tuples; scorers take plain strings; :func:`render_flat` turns an
HTML page into the "flattened text" a naive scraper would keep (one line per block).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing as mp
import os
import re
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ZYTE = DATA / "zyte-aeb"
WCXB = DATA / "wcxb-dev"
FUNDUS = DATA / "fundus" / "test_data"
RESULTS = REPO / "bench" / "results"

# ---------------------------------------------------------------------------------------------
# loaders


def _read_gz(path: Path) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read()


def zyte_pages(limit: int | None = None) -> Iterator[tuple[str, bytes, str, str]]:
    """Yield ``(id, html_bytes, url, truth_body)`` for the Zyte article-extraction benchmark (181 pages).

    >>> next(zyte_pages())[0]  # doctest: +SKIP
    '042bb7b5…'
    """
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    for n, pid in enumerate(sorted(truth)):
        if limit is not None and n >= limit:
            return
        entry = truth[pid]
        yield (
            pid,
            _read_gz(ZYTE / "html" / f"{pid}.html.gz"),
            entry.get("url") or "",
            entry.get("articleBody") or "",
        )


def wcxb_pages(
    types: Iterable[str] | None = None, limit: int | None = None
) -> Iterator[tuple[str, bytes, str, dict[str, Any]]]:
    """Yield ``(id, html_bytes, url, ground_truth)`` for WCXB dev, optionally only some page types.

    ``ground_truth`` is the file's ``ground_truth`` dict (``title``, ``author``, ``publish_date``,
    ``main_content``, ``with``, ``without``) plus ``page_type`` (``article``, ``forum``, …).

    >>> ids = [pid for pid, *_ in wcxb_pages(types={"article"}, limit=3)]  # doctest: +SKIP
    """
    wanted = set(types) if types is not None else None
    n = 0
    for gt_path in sorted((WCXB / "ground-truth").glob("*.json")):
        meta = json.loads(gt_path.read_text(encoding="utf-8"))
        page_type = ((meta.get("_internal") or {}).get("page_type") or {}).get("primary") or ""
        if wanted is not None and page_type not in wanted:
            continue
        html_path = WCXB / "html" / f"{gt_path.stem}.html.gz"
        if not html_path.exists():
            continue
        if limit is not None and n >= limit:
            return
        n += 1
        gt = dict(meta.get("ground_truth") or {})
        gt["page_type"] = page_type
        for key in ("title", "author", "publish_date"):
            gt.setdefault(key, None)
        gt["main_content"] = gt.get("main_content") or ""
        gt["with"] = gt.get("with") or []
        gt["without"] = gt.get("without") or []
        yield gt_path.stem, _read_gz(html_path), meta.get("url") or "", gt


_VERSION_KEY = re.compile(r"\d+")
_FUNDUS_FILE = re.compile(r"^(?P<pub>.+)_(?P<date>\d{4}_\d{2}_\d{2})\.html\.gz$")


def _version_order(key: str) -> tuple[int, ...]:
    """``"V1" -> (1,)``, ``"V1_1" -> (1, 1)``, ``"V2" -> (2,)``: the order of page versions."""
    return tuple(int(x) for x in _VERSION_KEY.findall(key))


def fundus_pages(limit: int | None = None) -> Iterator[tuple[str, str, str, bytes, str, dict[str, Any]]]:
    """Yield ``(publisher, country, version, html_bytes, url, expected)`` for the Fundus fixtures.

    Each ``<Publisher>.json`` holds one entry per page version (``V1``, ``V1_1``, ``V2`` …) in the
    date order of that publisher's ``<Publisher>_<YYYY_MM_DD>.html.gz`` files; the i-th file (by
    date) is matched to the i-th version (by version number). A publisher whose file and entry
    counts differ is matched on the common prefix and the rest is skipped. ``url`` comes from
    ``meta.info``. ``expected`` is the entry as stored (``title``, ``authors``, ``publishing_date``,
    ``topics``, ``body`` {``summary``, ``sections``}, ``images`` …).
    """
    n = 0
    for country_dir in sorted(p for p in FUNDUS.iterdir() if p.is_dir()):
        meta_path = country_dir / "meta.info"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        files: dict[str, list[Path]] = {}
        for f in country_dir.glob("*.html.gz"):
            m = _FUNDUS_FILE.match(f.name)
            if m:
                files.setdefault(m["pub"], []).append(f)
        for json_path in sorted(country_dir.glob("*.json")):
            publisher = json_path.stem
            entries = json.loads(json_path.read_text(encoding="utf-8"))
            versions = sorted(entries, key=_version_order)
            pages = sorted(files.get(publisher, []), key=lambda p: _FUNDUS_FILE.match(p.name)["date"])
            for version, page in zip(versions, pages, strict=False):
                if limit is not None and n >= limit:
                    return
                n += 1
                url = (meta.get(page.name) or {}).get("url") or ""
                yield publisher, country_dir.name, version, _read_gz(page), url, entries[version]


def fundus_body(expected: dict[str, Any], *, summary: bool = True, headlines: bool = True) -> str:
    """The body text of a Fundus entry: lead (``summary``), then each section's headline and paragraphs.

    >>> fundus_body({"body": {"summary": ["Lead."], "sections": [{"headline": ["H"], "paragraphs": ["P."]}]}})
    'Lead.\\nH\\nP.'
    """
    body = expected.get("body") or {}
    parts: list[str] = []
    if summary:
        parts.extend(body.get("summary") or [])
    for section in body.get("sections") or []:
        if headlines:
            parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# scorers

_TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    """Unicode ``\\w+`` runs, as both benchmarks define tokens."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[str]:
    """Multiset of ``n`` consecutive tokens; a non-empty text shorter than ``n`` tokens is one shingle."""
    toks = tokens(text)
    if not toks:
        return Counter()
    return Counter(" ".join(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def zyte_page_pr(truth: str | None, pred: str | None) -> tuple[float, float]:
    """Per-page (precision, recall) on 4-token shingles; both empty = (1, 1); no overlap = (0, 0)."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def zyte_score(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Score ``(truth, prediction)`` pairs the Zyte way.

    Precision and recall are averaged over pages and F1 is the harmonic mean of those averages.

    >>> zyte_score([("a b c d e", "a b c d e")])
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'n': 1}
    """
    ps: list[float] = []
    rs: list[float] = []
    for truth, pred in pairs:
        p, r = zyte_page_pr(truth, pred)
        ps.append(p)
        rs.append(r)
    if not ps:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0}
    prec, rec = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "n": len(ps)}


def wcxb_bow_f1(pred: str | None, truth: str | None) -> float:
    """WCXB bag-of-words F1 on lower-cased ``\\w+`` tokens (multiset overlap); both empty = 1.

    >>> round(wcxb_bow_f1("the cat sat", "The cat"), 3)
    0.8
    """
    p = Counter(t.lower() for t in tokens(pred))
    t = Counter(t.lower() for t in tokens(truth))
    if not p and not t:
        return 1.0
    overlap = sum((p & t).values())
    if overlap == 0:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(t.values())
    return 2 * prec * rec / (prec + rec)


_WS = re.compile(r"\s+")


def _norm_snippet(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def snippet_rates(pred: str | None, with_: Sequence[str], without: Sequence[str]) -> tuple[float, float]:
    """Share of ``with`` snippets found in ``pred`` and share of ``without`` snippets absent from it.

    Matching is case-insensitive with whitespace collapsed. An empty list scores 1.

    >>> snippet_rates("Hello  big World", ["big world"], ["cookie"])
    (1.0, 1.0)
    """
    text = _norm_snippet(pred or "")
    with_ = [s for s in with_ if s and s.strip()]
    without = [s for s in without if s and s.strip()]
    found = sum(1 for s in with_ if _norm_snippet(s) in text) / len(with_) if with_ else 1.0
    absent = sum(1 for s in without if _norm_snippet(s) not in text) / len(without) if without else 1.0
    return found, absent


# ---------------------------------------------------------------------------------------------
# flat rendering

_BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "noframes",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "select",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
        "audio",
        "canvas",
        "textarea",
        "button",
        "input",
        "img",
    )
)
"""Elements that start and end a line in the flat rendering (block-level plus a few form widgets)."""

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "object", "embed", "-comment"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_SELECTOR = "[hidden], [aria-hidden], [style]"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes | str) -> str:
    """Decode page bytes: UTF-8 (with BOM) first, then the ``<meta charset>``, then cp1252."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def _hidden_ids(root: Any) -> set[int]:
    ids: set[int] = set()
    for node in root.css(_HIDDEN_SELECTOR):
        attrs = node.attributes
        aria = (attrs.get("aria-hidden") or "").strip().lower()
        if "hidden" in attrs or aria == "true" or _HIDDEN_STYLE.search(attrs.get("style") or ""):
            ids.add(node.mem_id)
    return ids


def render_flat(html: bytes | str) -> str:
    """Render a page as a naive scraper would: one line per block element, visible text only.

    script/style/noscript/template and hidden nodes (``hidden``, ``aria-hidden="true"``,
    ``display:none`` / ``visibility:hidden`` inline styles) are dropped with their content,
    ``<br>`` breaks a line, whitespace is collapsed and empty lines are skipped. Never raises
    on bad HTML (an unparseable page renders as ``""``).

    >>> render_flat(b"<div>Menu<p>Hello <b>world</b></p><script>x()</script>tail</div>")
    'Menu\\nHello world\\ntail'
    """
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(decode_html(html))
    except Exception:
        return ""
    root = tree.body or tree.root
    if root is None:
        return ""
    hidden = _hidden_ids(root)
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = " ".join("".join(buf).split())
            if line:
                lines.append(line)
            buf.clear()

    # iterative DFS: (node, closing) pairs; closing markers end a block's line
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        tag = node.tag
        if tag == "-text":
            buf.append(node.text_content or "")
            continue
        if tag in _DROP_TAGS or (hidden and node.mem_id in hidden):
            continue
        if tag == "br":
            flush()
            continue
        if tag in _BLOCK_TAGS:
            flush()
            stack.append((node, True))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, False))
    flush()
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# timing and memory


_PROC_STATUS = Path("/proc/self/status")


def callgrind_count(src: str | Path, code: str, args: Sequence[str]) -> tuple[int, str]:
    """(instructions, stdout) of ``python -c code *args`` under callgrind with ``PYTHONPATH=src``.

    An instruction count does not move with the shared machine's load, unlike CPU time; run the
    same child once doing the work and once only loading it, and subtract (needs valgrind).
    """
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(src))
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code]
    res = subprocess.run([*argv, *args], env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", res.stderr)
    if m is None:
        raise RuntimeError(res.stderr[-2000:])
    return int(m[1]), res.stdout


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    On Linux this is ``VmHWM`` from ``/proc/self/status``: ``getrusage``'s ``ru_maxrss`` survives
    ``exec`` and would report the *forking parent's* peak in a freshly spawned child. Elsewhere it
    is ``resource.getrusage(RUSAGE_SELF).ru_maxrss``.
    """
    try:
        for line in _PROC_STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return ru / 1024 if sys.platform != "darwin" else ru / (1024 * 1024)


def measure(fn: Callable[[Any], Any], docs: Sequence[Any], *, repeat: int = 1) -> dict[str, float]:
    """Run ``fn`` over ``docs`` in this process: docs per CPU-second and peak RSS.

    CPU time is ``time.process_time`` (this process only, all threads), so the rate is per core
    for single-threaded tools. Exceptions raised by ``fn`` are counted, not propagated.

    >>> measure(len, ["a", "bb"])["docs"]
    2
    """
    errors = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for doc in docs:
            try:
                fn(doc)
            except Exception:
                errors += 1
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    n = len(docs) * repeat
    return {
        "docs": n,
        "cpu_s": cpu,
        "wall_s": wall,
        "docs_per_cpu_s": n / cpu if cpu > 0 else float("inf"),
        "peak_rss_mb": peak_rss_mb(),
        "errors": errors,
    }


def _call_child(fn: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        base = peak_rss_mb()
        result = fn(*args)
        conn.send({"result": result, "peak_rss_mb": peak_rss_mb(), "base_rss_mb": base})
    except BaseException:
        conn.send({"error": traceback.format_exc()})
    finally:
        conn.close()


def call_isolated(fn: Callable[..., Any], *args: Any, timeout: float = 1800) -> dict[str, Any]:
    """Call ``fn(*args)`` in a fresh ``spawn``-ed interpreter; return its result and memory.

    Returns ``{"result", "peak_rss_mb", "base_rss_mb"}``: ``base_rss_mb`` is the child's peak
    before the call (interpreter + unpickled arguments), so each tool's peak is its own. ``fn``
    must be importable by name (a module-level function); args and result must pickle. Raises
    ``RuntimeError`` with the child's traceback if the call fails or times out.

    >>> call_isolated(len, "abc")["result"]  # doctest: +SKIP
    3
    """
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), old) if p)  # child imports ``bench``
    try:
        proc = ctx.Process(target=_call_child, args=(fn, args, child))
        proc.start()
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    child.close()
    res: dict[str, Any] = {"error": f"timeout after {timeout:.0f} s"}
    if parent.poll(timeout):
        try:
            res = parent.recv()
        except EOFError:
            res = {"error": "child died without an answer"}
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if "error" in res:
        raise RuntimeError(f"isolated call failed: {res['error']}")
    return res


def measure_isolated(
    fn: Callable[[Any], Any], docs: Sequence[Any], *, repeat: int = 1, timeout: float = 1800
) -> dict[str, Any]:
    """Like :func:`measure` but in a fresh ``spawn``-ed interpreter, so peak RSS belongs to one tool.

    ``fn`` must be importable by name (a module-level function) and ``docs`` picklable. The
    result also has ``base_rss_mb``: the child's peak before running ``fn`` (interpreter + docs).
    """
    out = call_isolated(_measure_kw, fn, docs, repeat, timeout=timeout)
    res = out["result"]
    res["peak_rss_mb"], res["base_rss_mb"] = out["peak_rss_mb"], out["base_rss_mb"]
    return res


def _measure_kw(fn: Callable[[Any], Any], docs: Sequence[Any], repeat: int) -> dict[str, Any]:
    return measure(fn, docs, repeat=repeat)


# ---------------------------------------------------------------------------------------------
# tables


def fmt(value: Any, digits: int = 3) -> str:
    """Format a table cell: floats with ``digits`` decimals (``1,234`` from 1000 up), ints with
    thousands separators, ``None`` as an en dash."""
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.{digits}f}"
    return str(value)


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], digits: int = 3) -> str:
    """A GitHub Markdown table; numbers right-aligned.

    >>> print(markdown_table(["tool", "F1"], [["a", 0.5]]))
    | tool | F1 |
    |---|---:|
    | a | 0.500 |
    """
    rows = [list(r) for r in rows]
    numeric = [
        bool(rows) and all(isinstance(r[i], int | float) or r[i] is None for r in rows)
        for i in range(len(headers))
    ]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for r in rows:
        out.append("| " + " | ".join(fmt(c, digits).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def git_rev() -> str:
    """Short commit of the repo, with ``+dirty`` when ``src/`` has uncommitted changes (or ``unknown``)."""
    import subprocess

    git = ["git", "-C", str(REPO)]
    try:
        rev = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (rev.stdout.strip() or "unknown") + ("+dirty" if dirty.stdout.strip() else "")


def write_result(name: str, title: str, body: str, command: str) -> Path:
    """Write ``bench/results/<name>.md``: title, exact command, UTC date, commit, machine load, ``body``.

    A hand-written ``## Notes`` section already in the file (from that heading to the end) is kept
    after the new body, so re-running a benchmark does not erase its commentary.
    """
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        i = old.find("\n## Notes")
        if i >= 0:
            notes = "\n" + old[i:].strip() + "\n"
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count() or 1} CPUs"
    except OSError:
        load = "load unknown"
    head = f"# {title}\n\nCommand: `{command}`  \nDate: {date}; commit {git_rev()}; {load}\n\n"
    path.write_text(head + body.rstrip() + "\n" + notes, encoding="utf-8")
    return path


__all__ = [
    "DATA",
    "REPO",
    "RESULTS",
    "decode_html",
    "fundus_body",
    "fundus_pages",
    "git_rev",
    "markdown_table",
    "measure",
    "measure_isolated",
    "call_isolated",
    "peak_rss_mb",
    "render_flat",
    "shingles",
    "snippet_rates",
    "tokens",
    "wcxb_bow_f1",
    "wcxb_pages",
    "write_result",
    "zyte_page_pr",
    "zyte_pages",
    "zyte_score",
]
