"""Indonesian named-entity tagger: tokeniser, features and the shipped CRF model.

One feature function, :func:`sentence_features`, is used both by training
(``training/train_ner.py``) and at run time, so the two never drift apart.

    >>> from warta.enrich.ner import tagger, tokenize
    >>> text = "Presiden Joko Widodo tiba di Jakarta."
    >>> toks = tokenize(text)
    >>> [(text[s:e], t) for (s, e), t in zip(toks, tagger().tag([text[s:e] for s, e in toks]))][:3]
    [('Presiden', 'O'), ('Joko', 'B-PER'), ('Widodo', 'I-PER')]

The model (``models/ner-id.crfsuite``) labels PER, ORG and LOC in BIO form. Its word resource
(``models/ner-id.words.tsv``) maps a lower-cased word to two cluster ids (distributional classes
computed from the training text) and a capitalisation prior (how often the word is capitalised
when it is not sentence-initial). Both are produced by ``python training/train_ner.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pycrfsuite

MODEL_NAME = "ner-id.crfsuite"
WORDS_NAME = "ner-id.words.tsv"
PHRASES_NAME = "ner-id.phrases.tsv"

_TOKEN = re.compile(
    r"\d+(?:[.,/:]\d+)*"  # numbers, dates, times: 7/4/2016, 5.700, 09.30
    r"|\w+(?:[-'’]\w+)*"  # words, reduplications, hyphenated names: anak-anak, PDI-P
    r"|[^\w\s]",  # any other single symbol
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token character spans of ``text[start:end]`` (offsets into ``text``)."""
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def word_key(token: str) -> str:
    """Lookup form of a token: lower case, except all-caps tokens ("XI", "KPK", "AS") keep their case,
    so acronyms and numerals do not share weights, clusters or priors with names ("Xi", "As")."""
    return token if len(token) > 1 and token.isupper() else token.lower()


# --- word shape -----------------------------------------------------------------------------------

_SHAPE_TABLE = {}
for _c in range(0x250):
    _ch = chr(_c)
    _SHAPE_TABLE[_c] = "X" if _ch.isupper() else "x" if _ch.islower() else "d" if _ch.isdigit() else _ch
_RUNS = re.compile(r"(.)\1+")


@cache
def word_shape(word: str) -> tuple[str, str]:
    """(long shape truncated to 8 chars, short shape with runs collapsed): ``Jokowi`` -> ``Xxxxxx``, ``Xx``."""
    long = "".join(_SHAPE_TABLE.get(ord(c), "x" if c.isalpha() else "?") for c in word)
    return long[:8], _RUNS.sub(r"\1", long)


@dataclass(frozen=True)
class WordInfo:
    """Per-word resource: distributional cluster ids (coarse, fine) and capitalisation prior bucket."""

    coarse: str
    fine: str
    cap: str


@dataclass
class Resources:
    """What the features look up besides the token itself."""

    words: dict[str, WordInfo] = field(default_factory=dict)
    gazetteer: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Names seen in the training data (:func:`word_key` tokens -> majority type); empty = feature off."""
    """Lower-cased token -> ``B-TYPE``/``I-TYPE`` for tokens of known multi-token names (language data)."""


def load_words(path: Path | str) -> dict[str, WordInfo]:
    """Read a ``word<TAB>coarse<TAB>fine<TAB>cap`` file."""
    out: dict[str, WordInfo] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                out[parts[0]] = WordInfo(parts[1], parts[2], parts[3])
    return out


def gazetteer_token_map(names: dict[str, str]) -> dict[str, str]:
    """Token -> gazetteer feature from ``{name: TYPE}``: the first token of a name gets ``B-TYPE``."""
    out: dict[str, str] = {}
    for name, typ in names.items():
        toks = [name[s:e].lower() for s, e in tokenize(name)]
        for i, t in enumerate(toks):
            if len(t) < 2:
                continue
            out.setdefault(t, ("B-" if i == 0 else "I-") + typ)
    return out


_UNK = WordInfo("u", "u", "u")


def sentence_features(tokens: Sequence[str], res: Resources) -> list[list[str]]:
    """CRF attributes for each token of one sentence (window of two tokens either side)."""
    n = len(tokens)
    words = res.words
    gaz = res.gazetteer
    low = [word_key(t) for t in tokens]
    # headline case ("Presiden Ucapkan Selamat Atas ..."): capitalisation says little, the prior more
    alpha = [t for t in tokens if t[:1].isalpha()]
    headline = len(alpha) >= 4 and sum(t[:1].isupper() for t in alpha) >= 0.7 * len(alpha)
    shapes = [word_shape(t) for t in tokens]
    info = [words.get(w, _UNK) for w in low]
    # per-token "local" attributes, reused by neighbours
    local: list[tuple[str, str, str, str, bool]] = []
    for i in range(n):
        local.append((low[i], shapes[i][1], info[i].coarse, info[i].fine, tokens[i][:1].isupper()))
    phrase = _phrase_tags(low, res.phrases) if res.phrases else None
    out: list[list[str]] = []
    for i in range(n):
        tok = tokens[i]
        w, sshape, coarse, fine, cap = local[i]
        lshape = shapes[i][0]
        f = [
            "w=" + w,
            "s=" + lshape,
            "ss=" + sshape,
            "c=" + coarse,
            "cf=" + fine,
            "cp=" + info[i].cap,
            "p2=" + w[:2],
            "p3=" + w[:3],
            "x2=" + w[-2:],
            "x3=" + w[-3:],
            "x4=" + w[-4:],
            "l=" + (str(len(w)) if len(w) < 4 else "4+"),
        ]
        if cap:
            f.append("T")
            f.append("cpT=" + info[i].cap)
        if tok.isupper() and len(tok) > 1:
            f.append("U")
        g = gaz.get(w)
        if g:
            f.append("g=" + g)
        if phrase is not None and phrase[i]:
            f.append("ph=" + phrase[i])
            f.append("ph&T=" + phrase[i] + str(cap))
        if headline:
            f.append("HL")
            f.append("HL&cp=" + info[i].cap)
            f.append("HL&ss=" + sshape)
        if i == 0:
            f.append("BOS")
            f.append("BOS&s=" + sshape)
        if i == n - 1:
            f.append("EOS")
        for o in (-2, -1, 1, 2):
            j = i + o
            if 0 <= j < n:
                wj, sj, cj, _fj, capj = local[j]
                f.append(f"{o}w={wj}")
                f.append(f"{o}s={sj}")
                f.append(f"{o}c={cj}")
                if capj and abs(o) == 1:
                    f.append(f"{o}T")
                gj = gaz.get(wj)
                if gj and abs(o) == 1:
                    f.append(f"{o}g={gj}")
            elif abs(o) == 1:
                f.append(f"{o}w=<S>")
        if i > 0:
            f.append("-1w|w=" + low[i - 1] + "|" + w)
            f.append("-1s|s=" + local[i - 1][1] + "|" + sshape)
        if i < n - 1:
            f.append("w|+1w=" + w + "|" + low[i + 1])
            f.append("s|+1s=" + sshape + "|" + local[i + 1][1])
        out.append(f)
    return out


def _phrase_tags(keys: list[str], phrases: dict[tuple[str, ...], str], longest: int = 6) -> list[str]:
    """``B-TYPE``/``I-TYPE`` for tokens inside the longest known phrase starting at each position."""
    out = [""] * len(keys)
    i, n = 0, len(keys)
    while i < n:
        for length in range(min(longest, n - i), 0, -1):
            typ = phrases.get(tuple(keys[i : i + length]))
            if typ is not None:
                out[i] = "B-" + typ
                for j in range(i + 1, i + length):
                    out[j] = "I-" + typ
                i += length
                break
        else:
            i += 1
    return out


def phrase_table(sents: Sequence[tuple[Sequence[str], Sequence[str]]]) -> dict[tuple[str, ...], str]:
    """Entity phrases of labelled sentences, each with its majority type."""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for toks, labs in sents:
        for a, b, typ in bio_spans(labs):
            if b - a > 6:
                continue
            key = tuple(word_key(t) for t in toks[a:b])
            v = votes.setdefault(key, {})
            v[typ] = v.get(typ, 0) + 1
    return {k: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, v in votes.items()}


def load_phrases(path: Path | str) -> dict[tuple[str, ...], str]:
    """Read ``type<TAB>token token …`` lines (tokens separated by spaces)."""
    out: dict[tuple[str, ...], str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            typ, _, phrase = line.rstrip("\n").partition("\t")
            if phrase:
                out[tuple(phrase.split(" "))] = typ
    return out


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first_token, end_token, TYPE)`` from BIO labels (a stray ``I-`` starts a span)."""
    spans: list[tuple[int, int, str]] = []
    start = -1
    typ = ""
    for i, lab in enumerate(labels):
        if lab == "O" or lab.startswith("B-") or (lab.startswith("I-") and lab[2:] != typ):
            if start >= 0:
                spans.append((start, i, typ))
                start = -1
            if lab != "O":
                start, typ = i, lab[2:]
    if start >= 0:
        spans.append((start, len(labels), typ))
    return spans


class Tagger:
    """A loaded CRF model plus its resources; :meth:`tag` labels one tokenised sentence."""

    def __init__(self, model_path: Path | str, res: Resources) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.res = res

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return self._tagger.tag(sentence_features(tokens, self.res))


def _gazetteer_names() -> dict[str, str]:
    from warta.enrich.gazetteer import gazetteer

    return {name: e.type for name, e in gazetteer().by_name.items()}


@cache
def tagger() -> Tagger:
    """The shipped Indonesian model (loaded once per process)."""
    models = resources.files("warta") / "models"
    words = load_words(str(models / WORDS_NAME))
    phrases_path = models / PHRASES_NAME
    phrases = load_phrases(str(phrases_path)) if phrases_path.is_file() else {}
    res = Resources(words=words, phrases=phrases)  # no gazetteer features (see training/train_ner.py)
    return Tagger(str(models / MODEL_NAME), res)
