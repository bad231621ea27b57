"""Subcommands of the ``warta`` CLI, one module per group."""

from __future__ import annotations

import argparse


def add_format_argument(p: argparse.ArgumentParser) -> None:
    """``-f/--format json|text|markdown`` (default json), shared by the commands that print articles."""
    p.add_argument(
        "-f",
        "--format",
        choices=["json", "text", "markdown"],
        default="json",
        help="output format (default json)",
    )
