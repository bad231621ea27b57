"""``warta ingest`` (read anything into the store, resumably) and ``warta errors``."""

from __future__ import annotations

import argparse
import json
import sys

from warta.commands import add_text_model_argument, apply_text_model

INGEST_HELP = """\
Read pages, dumps, archives, feeds and URLs into the store, in constant memory.

Inputs: files, directories, globs; flattened .txt; .html(.gz); .jsonl/.jsonl.gz/.jsonl.zst dumps
(CC-News maintext, mC4/OSCAR text and url fields found automatically); WARC / WARC.gz (HTML
responses only); RSS / Atom feeds and sitemaps (.rss/.atom/.xml, local or http URLs: every listed
page is fetched); http(s) URLs and .urls files (one URL a line). Fetching is polite: robots.txt,
a per-host delay, conditional GET, retries with backoff, a size cap.

Stopping is safe at any moment (Ctrl-C, kill -9, a crash): run the same command again and it
skips everything already stored, so each input ends up stored exactly once. Documents that fail
are stored as error records (see 'warta errors'). Exit code: 0 all fine, 1 if any document
errored, 2 on usage errors.
"""

INGEST_EPILOG = """\
examples:
  warta ingest pages/ --db news.db                      a directory of .txt/.html pages
  warta ingest CC-NEWS-*.warc.gz --db news.db -w 2      WARC archives, 2 worker processes
  warta ingest cc-news.jsonl.zst --text-field maintext --url-field url
  warta ingest https://x.id/rss https://x.id/sitemap.xml --delay 2
  warta ingest crawl/ --executor ray --enrich           on Ray (RAY_ADDRESS or a local instance)
  warta errors --db news.db --json                       what failed, and why
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="read pages, dumps, WARC, feeds and URLs into the store (resumable)",
        description=INGEST_HELP,
        epilog=INGEST_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs", nargs="+", metavar="SOURCE", help="files, directories, globs, URLs, feeds, or - for stdin"
    )
    p.add_argument(
        "--db", default="warta.db", help="the store (SQLite file, created if missing; default warta.db)"
    )
    p.add_argument(
        "-w",
        "--workers",
        type=int,
        default=1,
        help="processes that extract, for the local executor: this one and N-1 forked workers (default 1)",
    )
    p.add_argument(
        "--executor",
        choices=["local", "ray"],
        default="local",
        help="local process pool or Ray (default local)",
    )
    p.add_argument(
        "--enrich",
        action="store_true",
        help="also run enrichment: entities, quotes, sources, dates, keywords",
    )
    p.add_argument("--lang", help="language code if known (id, en, ms, …); detected otherwise")
    p.add_argument(
        "--text-field", help="JSONL field holding the page text (default: text, content, maintext, …)"
    )
    p.add_argument("--url-field", help="JSONL field holding the page URL (default: url, link, …)")
    add_text_model_argument(p)
    p.add_argument("--batch", type=int, default=256, help="documents per store transaction (default 256)")
    p.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests to one host (default 1)"
    )
    p.add_argument("--timeout", type=float, default=15.0, help="HTTP timeout in seconds (default 15)")
    p.add_argument(
        "--max-bytes", type=int, default=10 * 1024 * 1024, help="HTTP size cap per page (default 10 MiB)"
    )
    p.add_argument(
        "--ignore-robots", action="store_true", help="do not honour robots.txt (only for your own sites)"
    )
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--progress",
        action="store_true",
        help="report progress on stderr (default: when stderr is a terminal)",
    )
    g.add_argument("-q", "--quiet", action="store_true", help="only the summary line")
    p.set_defaults(func=run_ingest)

    e = sub.add_parser(
        "errors",
        help="list documents that failed, with their source and reason",
        description="List error records in the store: source, stage, error and message.",
        epilog="examples:\n  warta errors --db news.db\n  warta errors --db news.db --json --limit 1000 > errors.jsonl\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("--db", default="warta.db", help="the store (default warta.db)")
    e.add_argument("--limit", type=int, default=100, help="at most this many, newest first (default 100)")
    e.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    e.set_defaults(func=run_errors)


def _usage(msg: str) -> int:
    print(f"warta: error: {msg}", file=sys.stderr)
    return 2


def run_ingest(args: argparse.Namespace) -> int:
    from warta.ingest import http
    from warta.ingest.files import expand_paths
    from warta.run.ingest import Progress, count_inputs, ingest

    if args.workers < 1 or args.batch < 1:
        return _usage("--workers and --batch must be at least 1")
    if not any(True for _ in expand_paths(args.inputs)):
        return _usage("no input matched: " + " ".join(args.inputs))
    apply_text_model(args.text_model)
    if args.executor == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            return _usage("--executor ray needs Ray: pip install 'warta[ray]'")
    try:
        from warta.store import Store
    except ImportError as exc:
        print(f"warta: the store is not available: {exc}", file=sys.stderr)
        return 2
    import os

    validators = str(args.db) + ".http"
    if not os.path.exists(args.db) and os.path.exists(validators):
        os.remove(validators)  # a new store: validators of an old one would answer 304 for pages it lacks
    http.configure(
        delay=args.delay,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
        respect_robots=not args.ignore_robots,
        cache_path=validators,
    )
    show = args.progress or (not args.quiet and sys.stderr.isatty())
    progress = Progress(total=count_inputs(args.inputs)) if show else None
    store = Store(args.db)
    try:
        stats = ingest(
            args.inputs,
            store,
            workers=args.workers,
            executor=args.executor,
            enrich=args.enrich,
            lang=args.lang,
            text_field=args.text_field,
            url_field=args.url_field,
            batch_size=args.batch,
            progress=progress,
        )
    finally:
        store.close()
        http.configure()  # closes the run's fetcher and its validator cache
    (progress or Progress()).done(stats)
    for line in stats.error_samples if stats.errors and not args.quiet else ():
        print(f"  error: {line}", file=sys.stderr)
    if stats.errors > len(stats.error_samples) and not args.quiet:
        print(f"  … see all with: warta errors --db {args.db}", file=sys.stderr)
    return 1 if stats.errors else 0


def _field(row: object, name: str) -> object:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def run_errors(args: argparse.Namespace) -> int:
    import os

    if not os.path.exists(args.db):
        return _usage(f"no store at {args.db}")
    from warta.store import Store

    store = Store(args.db)
    try:
        rows = store.errors(limit=args.limit)
    finally:
        store.close()
    cols = ("source", "stage", "error", "message", "at")
    out = sys.stdout
    if args.json:
        for row in rows:
            out.write(json.dumps({c: _field(row, c) for c in cols}, ensure_ascii=False, default=str) + "\n")
        return 0
    if not rows:
        print("no errors", file=sys.stderr)
        return 0
    table = [[str(_field(r, c) or "") for c in cols] for r in rows]
    widths = [
        min(max(len(c), *(len(t[i]) for t in table)), 60 if c in ("source", "message") else 30)
        for i, c in enumerate(cols)
    ]
    out.write("  ".join(c.upper().ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
    for t in table:
        cells = [(v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(t, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
    return 0
