"""Shared fixtures: paths to the repo, the shared data and the seed page."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from warta.article import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEED = SHARED / "seed" / "000_6b20b64fa4afd3ed.txt"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


def html_metadata(html: str, url: str | None = None, fetched_at: str | None = None) -> Article:
    """The Article that ``fill_metadata`` fills from the page ``html``."""
    from selectolax.lexbor import LexborHTMLParser

    from warta.extract.metadata import fill_metadata

    art = Article()
    fill_metadata(LexborHTMLParser(html), art, url=url, fetched_at=fetched_at)
    return art


STORY_URL = "https://news.example.com/a/1"


def story_metadata(html: str, url: str | None = STORY_URL) -> Article:
    """:func:`html_metadata` of a page at a news site's story URL (outlet and host known)."""
    return html_metadata(html, url)


def page_metadata(head: str, body: str, url: str | None = "https://news.example/a/1") -> Article:
    """The Article that ``fill_metadata`` fills from a small page made of ``head`` and ``body``."""
    return html_metadata(f"<html><head>{head}</head><body>{body}</body></html>", url)


def nerui_sentences(split: str = "test.01", n: int | None = None) -> list[tuple[list[str], list[str]]]:
    """The first ``n`` (all when None) sentences of a NER-UI split (``train.01``, ``test.01`` …) as
    (tokens, BIO labels with PER/ORG/LOC types); skips the test when the shared data is missing."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    labs: list[str] = []
    for line in need(DATA / "ner-id" / "nerui" / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if toks:
                sents.append((toks, labs))
            toks, labs = [], []
            if n is not None and len(sents) >= n:
                return sents
            continue
        tok, lab = line.split("\t")
        toks.append(tok)
        labs.append(lab.replace("PERSON", "PER").replace("ORGANIZATION", "ORG").replace("LOCATION", "LOC"))
    if toks:
        sents.append((toks, labs))
    return sents[:n] if n is not None else sents


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return need(SEED)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return need(DATA)


def skip_unless_ci(reason: str) -> None:
    """Skip a test whose real component is missing on a developer's machine; fail under CI
    (``CI=true``), where ``.ci/run`` installs every component, so a missing one never passes silently."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)")
    pytest.skip(reason, allow_module_level=True)


def line_stub(text: str, words: int | None = None, score: float = 0.0) -> SimpleNamespace:
    """A stand-in for text.py's line object, with the fields the line model's features read."""
    if words is None:
        words = text.count(" ") + 1
        if len(text) > 15 * words:
            words = len(text) // 3
    return SimpleNamespace(
        text=text,
        words=words,
        ends=text[-1] in ".!?。！？",
        verdict=None,
        kind=None,
        score=score,
        body_like=score > 0,
        reason="",
        dateline=None,
    )
