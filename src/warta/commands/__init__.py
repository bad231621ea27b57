"""Subcommands of the ``warta`` CLI, one module per group."""

from __future__ import annotations

import argparse
import os


def add_format_argument(p: argparse.ArgumentParser) -> None:
    """``-f/--format json|text|markdown`` (default json), shared by the commands that print articles."""
    p.add_argument(
        "-f",
        "--format",
        choices=["json", "text", "markdown"],
        default="json",
        help="output format (default json)",
    )


TEXT_MODEL_HELP = (
    "how lines of flattened text are judged: 'rules' (hand rules, the default, fastest) or "
    "'trained' (the committed line model: body F1 0.923 vs 0.891 out-of-fold on the text benchmark, "
    "about 4x slower; see BENCHMARKS.md). Same as WARTA_LINE_MODEL=1|0. HTML input is not affected"
)


def add_text_model_argument(p: argparse.ArgumentParser) -> None:
    """``--text-model rules|trained``, shared by the commands that extract text."""
    p.add_argument("--text-model", choices=["rules", "trained"], default=None, help=TEXT_MODEL_HELP)


def apply_text_model(choice: str | None) -> None:
    """Switch text mode to the chosen line judge for this process and the workers it starts.

    The environment variable carries the choice to spawned workers (Ray, a fresh pool); the
    module flag covers this process and forked ones.
    """
    if choice is None:
        return
    from warta.extract import lines_model

    on = choice == "trained"
    os.environ["WARTA_LINE_MODEL"] = "1" if on else "0"
    lines_model.ENABLED = on
