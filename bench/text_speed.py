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

``--baseline REV`` also times the package as it was at git revision ``REV`` (its public API and its
``extract_text``), interleaved with the current code (same load, same pages), and checks that both
give the same articles. ``REV``'s
``src/`` is exported (``git archive``) to a scratch folder, its text-mode kernel
(``extract/_lines.pyx``) compiled there with ``cythonize`` when it has one, and a worker process
(this script with ``--worker``, ``PYTHONPATH`` on that ``src/``) extracts the same pages on
request: each pass round times the current code in this process, then the baseline in the
worker. (So the baseline runs its own ``_lines`` kernel, ``chrome.py`` and line model, not the
current ones; the scratch folder is kept under the temp directory and reused for the same ``REV``.)

Run::

    python bench/text_speed.py                          # writes bench/results/text-speed.md
    python bench/text_speed.py --baseline 7979a21       # with the code before the speed work
    python bench/text_speed.py --limit 40 --repeat 1    # quick look, does not write results
    python bench/text_speed.py --baseline REV --identity-only   # same articles as REV? (no timing)
    python bench/text_speed.py --baseline REV --kernel-only     # HEAD vs HEAD with REV's _lines.pyx
    python bench/text_speed.py --model --baseline REV --identity-only   # the line model's path, both trees

``--model`` runs text mode with the trained line model (``WARTA_LINE_MODEL=1``, set for this process,
the baseline worker and the ``--instr`` children alike): identity, speed and instructions of the
model's path are then the same commands.

``--identity-only`` compares the two revisions on every flattened page (all 1,937: every wcxb
page type, not only articles), again with ``lang`` given (id, en, ms, de) on every fifth page,
and on a few hostile inputs; it exits 1 when any article differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
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
    callgrind_count,
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


def _short(rev: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short=12", rev], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()


def baseline_tree(rev: str, kernel_only: bool = False) -> Path:
    """``src/`` of revision ``rev`` in a scratch folder, every kernel built in place (reused).

    Every kernel, not only the text kernel: text mode also calls the date, text and HTML-front-end
    kernels, whose pure-Python twins would make the baseline look slower than it was.

    With ``kernel_only``, ``src/`` of ``HEAD`` with only ``extract/_lines.pyx`` taken from ``rev``
    (``rev`` must have one): the gain of the kernel alone, whatever else changed since ``rev``.
    """
    sha = _short(rev)
    head = _short("HEAD") if kernel_only else sha
    name = f"warta-text-kbase-{head}-{sha}" if kernel_only else f"warta-text-base-{sha}"
    root = Path(tempfile.gettempdir()) / name
    src = root / "src"
    if not (root / ".ready-all").exists():
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", head, "src"], cwd=REPO, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
        pyx = src / "warta" / "extract" / "_lines.pyx"
        if kernel_only:
            old = subprocess.run(
                ["git", "show", f"{sha}:src/warta/extract/_lines.pyx"],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
            pyx.write_bytes(old.stdout)
        for each in sorted(src.rglob("*.pyx")):
            subprocess.run(["cythonize", "-i", "-q", str(each)], check=True, capture_output=True)
        (root / ".ready-all").write_text(sha, encoding="utf-8")
    return src


class Worker:
    """The baseline revision's ``extract_text`` in a child process, timed on request.

    The child is this script with ``--worker PAGES``: it reads the pickled page sets, then
    answers one JSON request per line (``{"set": name, "regime": "cold"}`` -> CPU seconds of one
    pass, of ``warta.extract`` (the public API: input hash and record too) with ``"api": true``;
    ``{"set": name, "warm": true}`` -> a pass to fill the memo; ``{"digests": name}`` -> a digest
    of each page's article per ``lang``).
    """

    def __init__(self, rev: str, pages: Path, kernel_only: bool = False):
        src = baseline_tree(rev, kernel_only)
        env = dict(os.environ, PYTHONPATH=str(src))
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(pages)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        self.kernel = self.ask({"hello": True})

    def ask(self, request: dict[str, Any]) -> Any:
        """Send one request, return the child's answer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the baseline worker died (see its stderr above)")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def cur_json(mod: ModuleType, text: str) -> bytes:
    """``mod.extract_text(text)`` as msgspec JSON."""
    import msgspec

    return msgspec.json.encode(mod.extract_text(text))


def digests(extract: Callable[..., Any], labelled: list[tuple[str, str]]) -> list[str]:
    """A digest of ``extract(text, lang=...)``'s msgspec JSON per page and ``lang`` (see :func:`identity`)."""
    import msgspec

    enc = msgspec.json.Encoder()
    out = []
    for i, (_label, text) in enumerate(labelled):
        for lang in (None, "id", "en", "ms", "de") if i % 5 == 0 else (None,):
            out.append(hashlib.sha1(enc.encode(extract(text, lang=lang))).hexdigest())
    return out


def worker(pages: Path) -> int:
    """The child side of :class:`Worker` (stdin/stdout, one JSON line each way)."""
    import warta
    from warta.extract import text as mod

    def api(t: str) -> Any:
        return warta.extract(t, content_type="text/plain")

    data = pickle.loads(pages.read_bytes())
    sets: dict[str, list[str]] = data["sets"]
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    for line in sys.stdin:
        req = json.loads(line)
        if "hello" in req:
            k = getattr(mod, "_K", None)  # a revision before the kernel has none
            ans: Any = f"{k.__name__} ({k.__file__})" if k is not None else f"no kernel ({mod.__file__})"
            mod.extract_text(sets[next(iter(sets))][0])  # imports, lexicons
        elif "digests" in req:
            ans = digests(mod.extract_text, data["labelled"])
        elif "digests_of" in req:
            ans = [hashlib.sha1(cur_json(mod, t)).hexdigest() for t in dict.fromkeys(sets[req["digests_of"]])]
        elif req.get("warm"):
            time_pass(api if req.get("api") else mod.extract_text, sets[req["set"]], None)
            ans = True
        else:
            cold = req["regime"] == "cold"
            ans = time_pass(
                api if req.get("api") else mod.extract_text,
                sets[req["set"]],
                mod._VERDICTS if cold else None,
                each=req["set"] == "seed",
            )
        out.write(json.dumps(ans) + "\n")
        out.flush()
    return 0


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


def labelled_texts(limit: int | None) -> list[tuple[str, str]]:
    """Every flattened page (all wcxb page types), the seed and :data:`EDGE_INPUTS`, labelled."""
    texts: list[tuple[str, str]] = [
        (f"zyte:{pid}", render_flat(h)) for pid, h, _u, _t in zyte_pages(limit=limit)
    ]
    texts += [(f"wcxb:{pid}", render_flat(h)) for pid, h, _u, _g in wcxb_pages(limit=limit)]
    texts += [(f"fundus:{p[0]}:{p[2]}", render_flat(p[3])) for p in fundus_pages(limit=limit)]
    if SEED.exists():
        texts.append(("seed", SEED.read_text(encoding="utf-8")))
    texts += [(f"edge:{i}", t) for i, t in enumerate(EDGE_INPUTS)]
    return texts


def identity(cur: ModuleType, base: Worker, labelled: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Compare ``cur.extract_text`` with the baseline's on every page of ``labelled``, with ``lang``
    unset, and also set to id, en, ms and de on every fifth page.

    Returns the number of comparisons and the labels of those that differ (msgspec JSON digests).
    """
    mine = digests(cur.extract_text, labelled)
    theirs = base.ask({"digests": True})
    names = [
        f"{label} lang={lang}"
        for i, (label, _t) in enumerate(labelled)
        for lang in ((None, "id", "en", "ms", "de") if i % 5 == 0 else (None,))
    ]
    return len(names), [n for n, x, y in zip(names, mine, theirs, strict=True) if x != y]


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


INSTR_CHILD = r"""
import gc, pickle, sys
import warta
from warta.extract import text
flats = pickle.load(open(sys.argv[1], "rb"))
warta.extract(flats[0], content_type="text/plain")  # imports, lexicons, first-use checks
text._VERDICTS.clear()
gc.collect()
gc.freeze()
if sys.argv[2] == "run":
    for f in flats:
        warta.extract(f, content_type="text/plain")
print(len(flats))
"""
"""One cold pass over pickled flat texts (``run``), or only its set-up (``load``): the difference is the pass."""


def instr(rev: str, step: int, limit: int | None, kernel_only: bool) -> int:
    """Instructions per document of a cold ``warta.extract`` pass, this tree vs ``rev`` (callgrind)."""
    flats = [t for name, texts in load_sets(limit).items() if name != "seed" for t in texts][::step]
    with tempfile.NamedTemporaryFile(prefix="warta-text-flats-", suffix=".pickle", delete=False) as fh:
        pickle.dump(flats, fh)
    per = {}
    for name, src in ((rev, baseline_tree(rev, kernel_only)), ("this tree", REPO / "src")):
        run, _ = callgrind_count(src, INSTR_CHILD, [fh.name, "run"])
        load, _ = callgrind_count(src, INSTR_CHILD, [fh.name, "load"])
        per[name] = (run - load) / len(flats)
        print(f"{name} ({src}): {per[name] / 1e6:.3f} M instructions per document ({len(flats)} documents)")
    print(f"this tree / {rev}: {per['this tree'] / per[rev]:.4f}")
    Path(fh.name).unlink()
    return 0


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
    ap.add_argument(
        "--kernel-only",
        action="store_true",
        help="with --baseline: the baseline is HEAD with only REV's extract/_lines.pyx (the kernel's own gain)",
    )
    ap.add_argument(
        "--instr",
        type=int,
        default=0,
        metavar="STEP",
        help="with --baseline: instructions of one cold pass of warta.extract over every STEP-th flat page, "
        "both trees, under callgrind (load-independent; needs valgrind; no timing)",
    )
    ap.add_argument(
        "--model",
        action="store_true",
        help="text mode with the trained line model (WARTA_LINE_MODEL=1, in every process of the run)",
    )
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.model:  # before warta is imported (lines_model reads it at import); inherited by children
        os.environ["WARTA_LINE_MODEL"] = "1"
    if args.worker:
        return worker(Path(args.worker))

    import warta
    from warta.article import Article
    from warta.extract import text as cur

    if args.identity_only and not args.baseline:
        ap.error("--identity-only needs --baseline REV")
    if args.kernel_only and not args.baseline:
        ap.error("--kernel-only needs --baseline REV")
    if args.instr:
        if not args.baseline:
            ap.error("--instr needs --baseline REV")
        return instr(args.baseline, args.instr, args.limit, args.kernel_only)
    sets = {} if args.identity_only else load_sets(args.limit)
    labelled = labelled_texts(args.limit) if args.identity_only else []
    base: Worker | None = None
    if args.baseline:
        with tempfile.NamedTemporaryFile(prefix="warta-text-pages-", suffix=".pickle", delete=False) as fh:
            pickle.dump({"sets": sets or {"edge": list(EDGE_INPUTS)}, "labelled": labelled}, fh)
        pages = Path(fh.name)
        base = Worker(args.baseline, pages, args.kernel_only)
        what = f"HEAD with {args.baseline}'s _lines.pyx" if args.kernel_only else args.baseline
        model = " (line model on)" if args.model else ""
        print(f"kernels{model}: current {cur._K.__name__}, baseline {what} {base.kernel}", flush=True)
    try:
        if args.identity_only:
            assert base is not None
            n, bad = identity(cur, base, labelled)
            print(f"{n - len(bad)}/{n} identical articles to {args.baseline}", *bad[:20], sep="\n")
            return 1 if bad else 0
        return timed(args, sets, cur, warta, Article, base)
    finally:
        if base is not None:
            base.close()
            pages.unlink(missing_ok=True)


def timed(
    args: argparse.Namespace,
    sets: dict[str, list[str]],
    cur: ModuleType,
    warta: ModuleType,
    article: type,
    base: Worker | None,
) -> int:
    """The timing table (current code, its public API and the baseline worker), written unless ``--limit``."""
    lines = {name: sum(len(cur._split_lines(t, article())) for t in texts) for name, texts in sets.items()}
    # a tool is a function and its memo here, or (a bool: the public API?) timed in the worker
    tools: dict[str, tuple[Callable[[str], Any], dict[int, Any]] | bool] = {
        "warta.extract (public API)": (
            lambda t: warta.extract(t, content_type="text/plain"),
            cur._VERDICTS,
        ),
        "extract_text": (cur.extract_text, cur._VERDICTS),
    }
    identical: dict[str, str] = {}
    if base is not None:
        label = f"HEAD, _lines.pyx @ {args.baseline}" if args.kernel_only else args.baseline
        tools[f"warta.extract (public API) @ {label}"] = True  # timed in the worker
        tools[f"extract_text @ {label}"] = False
        for name, texts in sets.items():
            uniq = list(dict.fromkeys(texts))
            mine = [hashlib.sha1(cur_json(cur, t)).hexdigest() for t in uniq]
            theirs = base.ask({"digests_of": name})
            identical[name] = f"{sum(x == y for x, y in zip(mine, theirs, strict=True))}/{len(uniq)}"

    rows = []
    for name, texts in sets.items():
        for regime in ("cold", "warm"):
            best: dict[str, float] = {}
            for entry in tools.values():  # warm-up: imports, lexicons, memo for "warm"
                if isinstance(entry, bool):
                    assert base is not None
                    if regime == "warm":
                        base.ask({"set": name, "warm": True, "api": entry})
                    continue
                entry[0](texts[0])
                if regime == "warm":
                    time_pass(entry[0], texts, None)
            for _ in range(args.repeat):
                for tool, entry in tools.items():  # interleaved: the same load for every tool
                    if isinstance(entry, bool):
                        assert base is not None
                        cpu = base.ask({"set": name, "regime": regime, "api": entry})
                    else:
                        fn, memo = entry
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
                print(f"{name:7} {regime:5} {tool:38} {len(texts) / cpu:8,.0f} docs/CPU-s", flush=True)

    headers = ["set", "memo", "code", "docs", "lines/doc", "CPU ms/doc", "docs/CPU-s"]
    body = (
        "Pages extracted one after the other in one process per code (the baseline in a worker "
        "process); CPU time (`time.process_time`), best of "
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
    # a kernel A/B or the model's path: printed only (the results file holds the default path)
    if args.limit is None and not args.no_write and not args.kernel_only and not args.model:
        cmd = "python bench/text_speed.py" + (f" --baseline {args.baseline}" if args.baseline else "")
        path = write_result("text-speed", "Text-mode extraction speed", body, cmd)
        print("wrote", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
