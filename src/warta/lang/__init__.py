"""Per-language knowledge, kept as data.

Each language is a folder ``lang/<code>/`` of TOML files (``chrome.toml``, ``dates.toml``,
``enrich.toml`` …). :func:`load` merges a folder's files into one mapping; tables of the same
name in different files are merged key by key. Adding a language means adding a folder.

Algorithms never branch on a language code: they ask for data (``load("id")["dates"]["months"]``)
and work with whatever the language provides, or with :func:`load_all` when the language is unknown.
"""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from importlib import resources
from typing import Any

_ROOT = resources.files(__name__)


@cache
def available() -> tuple[str, ...]:
    """Language codes that have a data folder."""
    return tuple(sorted(p.name for p in _ROOT.iterdir() if p.is_dir() and not p.name.startswith("_")))


def _merge(dst: dict[str, Any], src: dict[str, Any]) -> None:
    for key, value in src.items():
        if isinstance(value, dict) and isinstance(dst.get(key), dict):
            _merge(dst[key], value)
        elif isinstance(value, list) and isinstance(dst.get(key), list):
            dst[key] = dst[key] + [v for v in value if v not in dst[key]]
        else:
            dst[key] = value


@cache
def load(code: str) -> dict[str, Any]:
    """All data files of one language merged into one read-only-by-convention mapping.

    Unknown codes give an empty mapping, so callers degrade gracefully.
    """
    folder = _ROOT / code
    data: dict[str, Any] = {}
    if not folder.is_dir():
        return data
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".toml"):
            _merge(data, tomllib.loads(f.read_text(encoding="utf-8")))
    return data


@cache
def load_all() -> dict[str, Any]:
    """Every language's data merged: what rules use when the language is not known yet."""
    data: dict[str, Any] = {}
    for code in available():
        _merge(data, copy.deepcopy(load(code)))  # never share (and so mutate) load()'s cached dicts
    return data
