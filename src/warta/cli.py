"""The ``warta`` command. Each command group lives in ``warta.commands.<name>`` with a ``register``."""

from __future__ import annotations

import argparse
import importlib
import sys

from warta import __version__

COMMAND_MODULES = [
    "warta.commands.extract",
    "warta.commands.ingest",
    "warta.commands.store",
    "warta.commands.serve",
]
"""Modules that add subcommands; each defines ``register(subparsers)``."""

EPILOG = """\
examples:
  warta extract page.txt                      one article as JSON
  warta extract page.html --format markdown   readable article
  warta extract dump.jsonl.gz --text-field text > articles.jsonl
  warta schema > article.schema.json          the Article record's JSON Schema

Run 'warta COMMAND --help' for the options and examples of each command.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warta",
        description="News intelligence: clean, structured, enriched articles from raw pages, text, WARC and feeds.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"warta {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `warta extract … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
