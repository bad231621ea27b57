"""``warta search``, ``warta show``, ``warta stats`` and ``warta export``: reading the store."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import msgspec

from warta.commands import add_format_argument

DB_HELP = "the store (SQLite file; default warta.db)"

SEARCH_HELP = """\
Search the store: BM25 ranking (title-weighted), Indonesian/English/Malay stemming, operators.

Query syntax (all parts must match):
  banjir jakarta            plain terms ("banjir" also finds "kebanjiran")
  "harga beras"             a phrase
  -hoaks                    exclude a term or "phrase"
  intitle:WORD  author:NAME  entity:NAME  quote:WORD  tag:TAG     (quote multi-word values)
  outlet:DOMAIN  lang:CODE  since:YYYY[-MM[-DD]]  until:YYYY[-MM[-DD]]
A query with only filters lists matching articles newest first.
"""

SEARCH_EPILOG = """\
examples:
  warta search banjir --db news.db
  warta search 'intitle:banjir outlet:kompas.com since:2024-01' --limit 5
  warta search 'entity:"Joko Widodo" quote:inflasi' --json | jq .hits[0]
  warta search 'lang:en election -"opinion poll"' --offset 20
"""


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "search",
        help="full-text search of the store, with operators",
        description=SEARCH_HELP,
        epilog=SEARCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("query", nargs="+", help="the query (words are joined with spaces)")
    s.add_argument("--db", default="warta.db", help=DB_HELP)
    s.add_argument("-n", "--limit", type=int, default=10, help="hits to show (default 10)")
    s.add_argument("--offset", type=int, default=0, help="skip this many hits (paging)")
    s.add_argument("--json", action="store_true", help="the SearchResult as JSON (snippets are HTML)")
    s.set_defaults(func=run_search)

    sh = sub.add_parser(
        "show",
        help="print one stored article",
        description="Print one stored article by id (from 'warta search' or 'warta stats').",
        epilog="examples:\n  warta show 3f2a9c0d1e2b4a67 --db news.db\n  warta show 3f2a9c0d1e2b4a67 --format markdown > article.md\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sh.add_argument("id", help="the article id")
    sh.add_argument("--db", default="warta.db", help=DB_HELP)
    add_format_argument(sh)
    sh.add_argument("--duplicates", action="store_true", help="also list stored copies of the article")
    sh.set_defaults(func=run_show)

    st = sub.add_parser(
        "stats",
        help="counts: articles, duplicates, errors, outlets, languages, entities",
        description="Summary counts of the store.",
        epilog="examples:\n  warta stats --db news.db\n  warta stats --db news.db --json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    st.add_argument("--db", default="warta.db", help=DB_HELP)
    st.add_argument("--json", action="store_true", help="JSON instead of a table")
    st.set_defaults(func=run_stats)

    ex = sub.add_parser(
        "export",
        help="export the store as a Parquet dataset (DuckDB, Polars, pandas, Spark)",
        description="Write every stored article as a hive-partitioned Parquet dataset "
        "(one row per article, flat columns plus the full Article JSON). DIR is replaced.",
        epilog="examples:\n"
        "  warta export --parquet corpus/ --db news.db                 corpus/lang=id/part-0.parquet …\n"
        "  warta export --parquet corpus/ --partition year\n"
        "  duckdb -c \"SELECT lang, count(*) FROM read_parquet('corpus/*/*.parquet', hive_partitioning=1) GROUP BY 1\"\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "--parquet", required=True, metavar="DIR", help="output directory (replaced if it exists)"
    )
    ex.add_argument("--db", default="warta.db", help=DB_HELP)
    ex.add_argument(
        "--partition", default="lang", help="column to partition by: lang (default), year, outlet …"
    )
    ex.set_defaults(func=run_export)


def _open(db: str):  # -> Store | None
    """Open read-only (safe while an ingest writes); upgrade an older store first."""
    from warta.store import Store
    from warta.store.sqlite import StoreNeedsUpgrade

    if not Path(db).exists():
        print(f"warta: no store at {db} (create one with 'warta ingest … --db {db}')", file=sys.stderr)
        return None
    try:
        return Store(db, readonly=True)
    except StoreNeedsUpgrade:
        print(f"warta: upgrading {db} (schema, search index) …", file=sys.stderr)
        Store(db).close()
        return Store(db, readonly=True)


_TAG_RE = re.compile(r"<mark>(.*?)</mark>")


def _terminal_snippet(snippet: str) -> str:
    import html

    bold = sys.stdout.isatty()
    text = _TAG_RE.sub(lambda m: f"\033[1m{m.group(1)}\033[0m" if bold else f"[{m.group(1)}]", snippet)
    return html.unescape(text)


def run_search(args: argparse.Namespace) -> int:
    st = _open(args.db)
    if st is None:
        return 2
    t0 = time.perf_counter()
    res = st.search(" ".join(args.query), limit=args.limit, offset=args.offset)
    ms = (time.perf_counter() - t0) * 1000
    if args.json:
        sys.stdout.write(msgspec.json.encode(res).decode("utf-8") + "\n")
        return 0
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"{res.total} result(s) in {ms:.0f} ms")
    for i, h in enumerate(res.hits, start=args.offset + 1):
        meta = " · ".join(x for x in (h.outlet, (h.published or "")[:10], h.lang, h.id) if x)
        dup = f"  (copy of {h.duplicate_of})" if h.duplicate_of else ""
        print(f"\n{i}. {h.title or '(untitled)'}{dup}\n   {meta}\n   {_terminal_snippet(h.snippet)}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from warta.render import to_markdown, to_text

    st = _open(args.db)
    if st is None:
        return 2
    art = st.get(args.id)
    if art is None:
        print(f"warta: no article {args.id} in {args.db}", file=sys.stderr)
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(art.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(to_markdown(art) + "\n")
    else:
        sys.stdout.write(to_text(art) + "\n")
    if args.duplicates:
        dups = st.duplicates(args.id)
        print(f"\n{len(dups)} stored cop{'y' if len(dups) == 1 else 'ies'}:", file=sys.stderr)
        for d in dups:
            print(
                f"  {d.id}  {d.outlet or '?'}  {(d.published or '')[:10]}  {d.title or ''}", file=sys.stderr
            )
    return 0


def run_stats(args: argparse.Namespace) -> int:
    st = _open(args.db)
    if st is None:
        return 2
    stats = st.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        print(f"{key:<16} {value}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    st = _open(args.db)
    if st is None:
        return 2
    t0 = time.perf_counter()
    try:
        files = st.export_parquet(args.parquet, partition=args.partition)
    except ValueError as exc:
        print(f"warta: error: {exc}", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in files)
    print(
        f"wrote {len(st)} articles to {len(files)} file(s) in {args.parquet} "
        f"({size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    return 0
