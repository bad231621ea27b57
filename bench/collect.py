"""Write BENCHMARKS.md: the hand-written summary (bench/summary.md) followed by every results file.

Run after re-running a benchmark: ``python bench/collect.py``.
"""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parent
ORDER = [
    "text-extract",
    "html-extract",
    "html-meta",
    "ner",
    "quotes",
    "summary",
    "enrich",
    "dedup",
    "store",
    "ingest",
    "serve",
]


def demote(markdown: str) -> str:
    """Shift headings one level down so each results file nests under 'Full tables'."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.splitlines())


def main() -> None:
    results = {p.stem: p for p in (BENCH / "results").glob("*.md")}
    names = [n for n in ORDER if n in results] + sorted(set(results) - set(ORDER))
    parts = [(BENCH / "summary.md").read_text(encoding="utf-8").rstrip(), "", "## Full tables", ""]
    for name in names:
        parts += [
            f"<!-- from bench/results/{name}.md -->",
            demote(results[name].read_text(encoding="utf-8")).rstrip(),
            "",
        ]
    (BENCH.parent / "BENCHMARKS.md").write_text("\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
