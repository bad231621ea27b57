"""``warta serve``: the reader web UI and the JSON API over a store."""

from __future__ import annotations

import argparse
import sys

SERVE_HELP = """\
Serve a store: reader pages (latest, article, search with operators, entity pages, most quoted,
audit) and a read-only JSON API under /api/v1 (OpenAPI at /docs and /openapi.json).

Keys in the browser: j/k next/previous, o or Enter open, v original page, / search, g h home, ? help.
Binds to 127.0.0.1 by default; pages are untrusted input, served with a strict Content-Security-Policy.
"""

SERVE_EPILOG = """\
examples:
  warta serve                                   warta.db on http://127.0.0.1:8080/
  warta serve --db news.db --port 9000
  warta serve --db news.db --remote-images      also show article figures from their https origin
  curl -s 'http://127.0.0.1:8080/api/v1/search?q=intitle:banjir+lang:id&limit=5' | jq .total
"""


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "serve",
        help="reader web UI and JSON API over the store",
        description=SERVE_HELP,
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument(
        "--db", default="warta.db", help="the store (SQLite file; default warta.db; created if missing)"
    )
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    s.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    s.add_argument(
        "--remote-images",
        action="store_true",
        help="load article images from their https origin (off: no third-party requests; CSP img-src 'self')",
    )
    s.add_argument("--threads", type=int, default=8, help="worker threads per process (default 8)")
    s.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    s.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from warta.serve import create_app

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warta serve: listening on {args.host}: reachable from other machines", file=sys.stderr)
    app = create_app(args.db, remote_images=args.remote_images, threads=args.threads)  # creates/migrates once
    print(f"warta serve: {args.db} on http://{args.host}:{args.port}/  (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0
