"""``warta extract`` and ``warta schema``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import msgspec

from warta.article import json_schema
from warta.commands import add_format_argument, add_text_model_argument, apply_text_model
from warta.ingest.files import iter_sources, kind_of
from warta.render import to_markdown, to_text
from warta.run.executors import run_local
from warta.run.ingest import IngestStats, Progress, count_inputs

EXTRACT_HELP = """\
Extract articles from flattened text, HTML, or JSONL dumps.

One input file gives one article (pretty JSON, or --format text/markdown).
Several files, a directory, or a JSONL dump stream one JSON line per article, in input
order, in constant memory. Inputs that cannot be read or parsed give a record with
"errors" filled in; the exit code is 1 if any did, 0 otherwise.
"""

EXTRACT_EPILOG = """\
examples:
  warta extract page.txt                          flattened page text -> article JSON
  warta extract page.html --url https://x.id/a    HTML, with its URL for provenance
  cat page.html | warta extract -                 from standard input
  warta extract page.txt --format markdown        readable output
  warta extract pages/ > articles.jsonl           a directory, one JSON line each
  warta extract cc-news.jsonl.zst --text-field maintext --url-field url -w 2
  warta extract page.txt --enrich                 add entities, quotes, sources, dates
  warta extract dump.jsonl --text-model trained   the trained line judge: cleaner bodies, slower
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract clean, structured articles from text, HTML or JSONL",
        description=EXTRACT_HELP,
        epilog=EXTRACT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="FILE", help="files, directories, globs, or - for stdin")
    add_format_argument(p)
    p.add_argument(
        "--text-field",
        help="JSONL field holding the page text (default: first of text, content, maintext, …)",
    )
    p.add_argument("--url-field", help="JSONL field holding the page URL (default: url, link, …)")
    p.add_argument("--url", help="the page URL, for a single input (provenance, canonical links)")
    p.add_argument("--lang", help="language code if known (id, en, ms, …); detected otherwise")
    p.add_argument(
        "--enrich",
        action="store_true",
        help="also run enrichment: entities, quotes, sources, dates, keywords",
    )
    p.add_argument(
        "-w", "--workers", type=int, default=1, help="worker processes for batch input (default 1)"
    )
    add_text_model_argument(p)
    p.add_argument("--compact", action="store_true", help="one-line JSON even for a single article")
    p.add_argument(
        "--progress",
        action="store_true",
        help="report progress on stderr (default: when stderr is a terminal)",
    )
    p.set_defaults(func=run_extract)

    s = sub.add_parser("schema", help="print the JSON Schema of the Article record")
    s.set_defaults(func=lambda args: _print_schema())


def _print_schema() -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _single(inputs: list[str]) -> bool:
    return len(inputs) == 1 and (
        inputs[0] == "-" or (os.path.isfile(inputs[0]) and kind_of(inputs[0]) != "jsonl")
    )


def run_extract(args: argparse.Namespace) -> int:
    apply_text_model(args.text_model)
    single = _single(args.inputs)
    docs = iter_sources(args.inputs, text_field=args.text_field, url_field=args.url_field)
    if args.url:
        docs = (msgspec.structs.replace(d, url=args.url) for d in docs)
    articles = run_local(docs, workers=args.workers, enrich=args.enrich, lang=args.lang)
    out = sys.stdout.buffer
    show_progress = args.progress or (not single and sys.stderr.isatty())
    progress = Progress(total=count_inputs(args.inputs)) if show_progress else None
    stats = IngestStats()
    t0 = time.monotonic()
    for art in articles:
        stats.documents += 1
        if art.errors:
            stats.errors += 1
        if args.format == "json":
            if single and not args.compact:
                out.write(msgspec.json.format(art.to_json(), indent=2) + b"\n")
            else:
                out.write(art.to_json() + b"\n")
        else:
            text = to_markdown(art) if args.format == "markdown" else to_text(art)
            out.write(text.encode("utf-8"))
            if not single:
                out.write(b"\n---\n\n")
        if progress:
            progress.update(stats)
    out.flush()
    failed = stats.errors
    if show_progress or (not single and failed):
        dt = time.monotonic() - t0
        print(f"\r{stats.documents} docs in {dt:.1f}s, {failed} with errors", file=sys.stderr)
    return 1 if failed else 0
