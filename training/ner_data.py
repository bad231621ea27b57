"""Reading and merging the Indonesian NER corpora in ``shared/data/ner-id`` (training only).

Every corpus is read into ``Sentence`` = (tokens, BIO labels over PER/ORG/LOC). Extra corpora
are deduplicated against each other and against NER-UI, and every sentence of an NER-UI test
fold is removed from them before they are used for that fold::

    >>> from ner_data import nerui, extras
    >>> train = nerui("train", 1) + extras(exclude=nerui("test", 1) + nerui("train", 1))
"""

from __future__ import annotations

import re
from pathlib import Path

Sentence = tuple[list[str], list[str]]

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ner-id"

LABEL_MAP = {
    "PERSON": "PER",
    "PER": "PER",
    "PPL": "PER",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "ORG": "ORG",
    "IND": "ORG",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "LOC": "LOC",
    "PLC": "LOC",
}
"""Corpus label -> PER/ORG/LOC; anything else (nerp EVT, FNB) becomes O."""


def _map(label: str) -> str:
    if label == "O" or "-" not in label:
        return "O"
    prefix, typ = label.split("-", 1)
    mapped = LABEL_MAP.get(typ)
    return f"{prefix}-{mapped}" if mapped else "O"


def _iob2(labels: list[str]) -> list[str]:
    """Repair stray ``I-X`` (after O or another type) into ``B-X``."""
    out: list[str] = []
    prev = "O"
    for lab in labels:
        if lab.startswith("I-") and (prev == "O" or prev[2:] != lab[2:]):
            lab = "B-" + lab[2:]
        out.append(lab)
        prev = lab
    return out


def read_columns(path: Path, sep: str | None = "\t") -> list[Sentence]:
    """Blank-line separated sentences; first column token, last column label. CRLF tolerated."""
    sents: list[Sentence] = []
    toks: list[str] = []
    labs: list[str] = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if toks:
                    sents.append((toks, _iob2(labs)))
                    toks, labs = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                continue
            toks.append(parts[0])
            labs.append(_map(parts[-1].strip()))
    if toks:
        sents.append((toks, _iob2(labs)))
    return sents


def nerui(split: str, fold: int) -> list[Sentence]:
    """NER-UI ``split`` (train/dev/test) of fold 1..5."""
    return read_columns(DATA / "nerui" / f"{split}.{fold:02d}.tsv")


def idner(split: str) -> list[Sentence]:
    """idner-news-2k ``train``/``dev``/``test`` (space separated ``token POS NER``)."""
    return read_columns(DATA / "idner-news-2k" / f"{split}.txt", sep=None)


def nergrit(split: str) -> list[Sentence]:
    """NERGrit ``train``/``valid``/``test``."""
    return read_columns(DATA / "nergrit" / f"{split}_preprocess.txt")


def nerp(split: str) -> list[Sentence]:
    """NERP ``train``/``valid``/``test`` (lower-cased text)."""
    return read_columns(DATA / "nerp" / f"{split}_preprocess.txt")


_NORM = re.compile(r"[^0-9a-z]+")


def norm(tokens: list[str]) -> str:
    """Dedup key: lower-cased letters and digits only."""
    return _NORM.sub("", "".join(tokens).lower())


class Excluder:
    """Answers "is this sentence (or a near copy of it) in the excluded set?".

    Exact match on :func:`norm`, plus containment either way for keys of 40+ characters
    (corpora split sentences differently).
    """

    def __init__(self, sents: list[Sentence]) -> None:
        self.keys = {norm(t) for t, _ in sents}
        self.long = [k for k in self.keys if len(k) >= 40]
        self._blob = "\n".join(self.long)

    def __contains__(self, key: str) -> bool:
        if key in self.keys:
            return True
        if len(key) >= 40:
            if key in self._blob:
                return True
            return any(k in key for k in self.long)
        return False


class Truecased(list):
    """Tokens whose capitalisation was restored by :func:`truecase` (not evidence of real casing)."""


def truecase(sents: list[Sentence], cased: list[Sentence]) -> list[Sentence]:
    """Restore plausible capitalisation of lower-cased sentences (NERP) using cased corpora.

    A word is capitalised if it is usually capitalised mid-sentence in ``cased``; tokens inside
    an entity are capitalised unless they are function words (mostly lower-case in ``cased``);
    the first token is capitalised. Words never seen cased stay as they are.
    """
    n: dict[str, int] = {}
    up: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for toks, _ in cased:
        for t in toks[1:]:
            w = t.lower()
            n[w] = n.get(w, 0) + 1
            if t[:1].isupper():
                up[w] = up.get(w, 0) + 1
                f = forms.setdefault(w, {})
                f[t] = f.get(t, 0) + 1

    def cap(t: str) -> str:
        f = forms.get(t)
        if f:
            return max(f.items(), key=lambda kv: kv[1])[0]
        return t[:1].upper() + t[1:]

    out: list[Sentence] = []
    for toks, labs in sents:
        new: list[str] = []
        for i, (t, lab) in enumerate(zip(toks, labs, strict=True)):
            w = t.lower()
            ratio = up.get(w, 0) / n[w] if n.get(w) else None
            if (
                ratio is not None
                and ratio >= 0.8
                or lab != "O"
                and not (ratio is not None and ratio < 0.1)
                or i == 0
            ):
                new.append(cap(t))
            else:
                new.append(t)
        out.append((Truecased(new), labs))
    return out


def extras(exclude: list[Sentence], *, with_nerp: bool = False) -> list[Sentence]:
    """Train/dev sentences of the extra corpora, deduplicated, minus anything in ``exclude``.

    Test splits of the extra corpora are never used.
    """
    return [s for _, s in extras_by_corpus(exclude, with_nerp=with_nerp)]


def extras_by_corpus(exclude: list[Sentence], *, with_nerp: bool = False) -> list[tuple[str, Sentence]]:
    """:func:`extras` with the corpus each sentence comes from (``idner``, ``nergrit``, ``nerp``)."""
    ex = Excluder(exclude)
    pools = [("idner", idner("train") + idner("dev")), ("nergrit", nergrit("train") + nergrit("valid"))]
    if with_nerp:
        cased = [s for _, p in pools for s in p]
        pools.append(("nerp", truecase(nerp("train") + nerp("valid"), cased)))
    seen: set[str] = set()
    out: list[tuple[str, Sentence]] = []
    for name, pool in pools:
        for toks, labs in pool:
            key = norm(toks)
            if not key or key in seen or key in ex:
                continue
            seen.add(key)
            out.append((name, (toks, labs)))
    return out


def unlabeled_text(
    sents: list[Sentence], *, with_nerp: bool = True, exclude: list[Sentence] = ()
) -> list[list[str]]:
    """Token lists for cluster induction: the given sentences plus (optionally) NERP's lower-cased text."""
    out = [t for t, _ in sents]
    if with_nerp:
        ex = Excluder(list(exclude))
        for toks, _ in nerp("train") + nerp("valid"):
            if norm(toks) not in ex:
                out.append(toks)
    return out
