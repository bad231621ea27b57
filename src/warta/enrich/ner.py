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
from itertools import groupby
from pathlib import Path
from typing import Any

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


class _ShapeMap(dict):
    """``str.translate`` table: characters past the table are ``x`` (letters) or ``?``."""

    def __missing__(self, c: int) -> str:
        v = self[c] = "x" if chr(c).isalpha() else "?"
        return v


_SHAPE_MAP = _ShapeMap(_SHAPE_TABLE)


def _word_shape(word: str) -> tuple[str, str]:
    long = word.translate(_SHAPE_MAP)
    if "\n" in long:  # "." of _RUNS does not match a newline; tokens never hold one
        return long[:8], _RUNS.sub(r"\1", long)
    return long[:8], "".join([k for k, _ in groupby(long)])


@cache
def word_shape(word: str) -> tuple[str, str]:
    """(long shape truncated to 8 chars, short shape with runs collapsed): ``Jokowi`` -> ``Xxxxxx``, ``Xx``."""
    return _word_shape(word)


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
    _builder: FeatureBuilder | None = field(default=None, init=False, repr=False, compare=False)
    """Feature cache of :func:`sentence_features` (rebuilt when a dictionary above is replaced;
    do not change them in place after use)."""


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
    """CRF attributes for each token of one sentence (window of two tokens either side).

    Per-word fragments are built once per distinct token and reused (see :class:`FeatureBuilder`);
    the output is the same as building every string anew.
    """
    b = res._builder
    if b is None or not b.fits(res):
        b = res._builder = FeatureBuilder(res)
    return b(tokens)


class _Word:
    """Feature fragments of one token (everything that depends on the token alone)."""

    __slots__ = ("key", "sshape", "capstr", "alpha", "upper", "own", "hl", "bos", "nb")

    def __init__(
        self,
        key: str,
        sshape: str,
        capstr: str,
        alpha: bool,
        upper: bool,
        own: list[str],
        hl: list[str],
        bos: list[str],
        nb: tuple[list[str], list[str], list[str], list[str]],
    ) -> None:
        self.key, self.sshape, self.capstr, self.alpha, self.upper = key, sshape, capstr, alpha, upper
        self.own, self.hl, self.bos, self.nb = own, hl, bos, nb


class FeatureBuilder:
    """Builds :func:`sentence_features` from per-word fragments cached by token.

    With ``keep`` (the attribute dictionary of a trained model) it drops attributes the model does
    not know: CRFsuite ignores those anyway, so the tags do not change, and they are never
    converted or looked up.

        >>> fb = FeatureBuilder(Resources())
        >>> fb(["Joko", "tiba"])[1][:3]
        ['w=tiba', 's=xxxx', 'ss=x']
    """

    MAX_WORDS = 50_000
    """Cached tokens; the cache is emptied when it is full (bounded memory on endless input)."""

    def __init__(self, res: Resources, keep: frozenset[str] | set[str] | None = None) -> None:
        self.res = res
        self._ids = (id(res.words), id(res.gazetteer), id(res.phrases))
        self.keep = keep
        self._canon = {x: x for x in keep} if keep is not None else None
        self._words: dict[str, _Word] = {}
        self._strings: dict[str, str] = {}
        self._pairs: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._ph: dict[tuple[str, str], list[str]] = {}
        lengths: dict[str, list[int]] = {}
        for k in res.phrases:
            if 0 < len(k) <= _PHRASE_LONGEST:
                lengths.setdefault(k[0], []).append(len(k))
        self._phrase_lengths = {k: sorted(set(v), reverse=True) for k, v in lengths.items()}
        self._parts: dict[tuple, Any] = {}
        self._lengths = [self._list(x) for x in _LENGTH]
        self._upper = self._list(["U"])
        self._eos = self._keep(["EOS"])
        self._no_prev = self._keep(["-1w=<S>"])
        self._no_next = self._keep(["1w=<S>"])

    def fits(self, res: Resources) -> bool:
        """Whether this builder was made for ``res``'s current dictionaries."""
        return res is self.res and self._ids == (id(res.words), id(res.gazetteer), id(res.phrases))

    def _keep(self, feats: list[str]) -> list[str]:
        keep = self.keep
        if keep is None:
            return feats
        return [x for x in feats if x in keep]

    def _list(self, feats: list[str]) -> list[str]:
        """Filtered, with equal strings shared between words (memory)."""
        canon = self._canon
        if canon is not None:  # the model's own string objects
            return [y for x in feats if (y := canon.get(x)) is not None]
        strings = self._strings
        return [strings.setdefault(x, x) for x in feats]

    def _word(self, tok: str) -> _Word:
        if len(self._words) >= self.MAX_WORDS:
            self._words.clear()
            self._strings.clear()
            self._pairs.clear()
            self._parts.clear()
        w = word_key(tok)
        lshape, sshape = _word_shape(tok)
        info = self.res.words.get(w, _UNK)
        cap = tok[:1].isupper()
        g = self.res.gazetteer.get(w)
        # fragments shared by many words (same shape / same clusters and prior): built once
        parts = self._parts
        sh = parts.get(sshape + "\t" + lshape)
        if sh is None:
            sh = parts[sshape + "\t" + lshape] = self._shape_part(lshape, sshape)
        ci = parts.get(info)
        if ci is None:
            ci = parts[info] = self._info_part(info)
        ci = ci[cap]
        n = len(w)
        canon = self._canon
        if canon is not None:
            # one dictionary probe filters a string and returns the model's copy of it
            get = canon.get
            x = get("w=" + w)
            own = ([x] if x is not None else []) + sh[0] + ci[0]
            own += [
                y
                for x in ("p2=" + w[:2], "p3=" + w[:3], "x2=" + w[-2:], "x3=" + w[-3:], "x4=" + w[-4:])
                if (y := get(x)) is not None
            ]
            ws = [get("-2w=" + w), get("-1w=" + w), get("1w=" + w), get("2w=" + w)]
        else:
            own = [
                "w=" + w,
                *sh[0],
                *ci[0],
                "p2=" + w[:2],
                "p3=" + w[:3],
                "x2=" + w[-2:],
                "x3=" + w[-3:],
                "x4=" + w[-4:],
            ]
            ws = ["-2w=" + w, "-1w=" + w, "1w=" + w, "2w=" + w]
        own += _LENGTH[n if n < 4 else 4] if canon is None else self._lengths[n if n < 4 else 4]
        own += ci[1]
        if tok.isupper() and len(tok) > 1:
            own += self._upper
        if g:
            own += self._list(["g=" + g])
        nb = []
        for k in range(4):
            x = ws[k]
            f = [x] if x is not None else []
            f += sh[1][k]
            f += ci[2][k]
            if g and (k == 1 or k == 2):
                f += self._list([("-1" if k == 1 else "1") + "g=" + g])
            nb.append(f)
        entry = _Word(
            key=w,
            sshape=sshape,
            capstr="True" if cap else "False",
            alpha=tok[:1].isalpha(),
            upper=cap,
            own=own,
            hl=ci[3] + sh[2],
            bos=sh[3],
            nb=(nb[0], nb[1], nb[2], nb[3]),
        )
        self._words[tok] = entry
        return entry

    def _shape_part(self, lshape: str, sshape: str) -> tuple:
        """Shape fragments: own (s, ss), per neighbour offset (os), HL&ss, BOS&s."""
        L = self._list
        return (
            L(["s=" + lshape, "ss=" + sshape]),
            [L([f"{o}s={sshape}"]) for o in (-2, -1, 1, 2)],
            L(["HL&ss=" + sshape]),
            L(["BOS", "BOS&s=" + sshape]),
        )

    def _info_part(self, info: WordInfo) -> tuple[tuple, tuple]:
        """Cluster/prior fragments, (lower-case token, capitalised token): own (c, cf, cp),
        capitalised (T, cpT), per neighbour offset (oc, oT), HL + HL&cp."""
        L = self._list
        own = L(["c=" + info.coarse, "cf=" + info.fine, "cp=" + info.cap])
        hl = L(["HL", "HL&cp=" + info.cap])
        out = []
        for cap in (False, True):
            nb = [
                L([f"{o}c={info.coarse}"] + ([f"{o}T"] if cap and abs(o) == 1 else []))
                for o in (-2, -1, 1, 2)
            ]
            out.append((own, L(["T", "cpT=" + info.cap]) if cap else [], nb, hl))
        return (out[0], out[1])

    def _shape_pair(self, a: str, b: str) -> tuple[list[str], list[str]]:
        """(``-1s|s=a|b`` for the right token, ``s|+1s=a|b`` for the left one), filtered."""
        hit = self._pairs.get((a, b))
        if hit is None:
            hit = self._pairs[(a, b)] = (
                self._keep(["-1s|s=" + a + "|" + b]),
                self._keep(["s|+1s=" + a + "|" + b]),
            )
        return hit

    def _phrase(self, tag: str, capstr: str) -> list[str]:
        hit = self._ph.get((tag, capstr))
        if hit is None:
            hit = self._ph[(tag, capstr)] = self._keep(["ph=" + tag, "ph&T=" + tag + capstr])
        return hit

    def __call__(self, tokens: Sequence[str]) -> list[list[str]]:
        cache = self._words
        ents = [cache.get(t) or self._word(t) for t in tokens]
        n = len(ents)
        # headline case ("Presiden Ucapkan Selamat Atas ..."): capitalisation says little, the prior more
        n_alpha = n_upper = 0
        for e in ents:
            if e.alpha:
                n_alpha += 1
                n_upper += e.upper
        headline = n_alpha >= 4 and n_upper >= 0.7 * n_alpha
        phrase = self._phrase_tags([e.key for e in ents]) if self._phrase_lengths else None
        keep = self.keep
        pairs = [self._shape_pair(ents[k].sshape, ents[k + 1].sshape) for k in range(n - 1)]
        wpairs = [ents[k].key + "|" + ents[k + 1].key for k in range(n - 1)]
        out: list[list[str]] = []
        last = n - 1
        for i in range(n):
            e = ents[i]
            f = e.own.copy()
            if phrase is not None and phrase[i]:
                f += self._phrase(phrase[i], e.capstr)
            if headline:
                f += e.hl
            if i == 0:
                f += e.bos
            if i == last:
                f += self._eos
            if i >= 2:
                f += ents[i - 2].nb[0]
            if i >= 1:
                f += ents[i - 1].nb[1]
            else:
                f += self._no_prev
            if i < last:
                f += ents[i + 1].nb[2]
            else:
                f += self._no_next
            if i + 2 <= last:
                f += ents[i + 2].nb[3]
            if i > 0:
                x = "-1w|w=" + wpairs[i - 1]
                if keep is None or x in keep:
                    f.append(x)
                f += pairs[i - 1][0]
            if i < last:
                x = "w|+1w=" + wpairs[i]
                if keep is None or x in keep:
                    f.append(x)
                f += pairs[i][1]
            out.append(f)
        return out

    def _phrase_tags(self, keys: list[str]) -> list[str]:
        """``B-TYPE``/``I-TYPE`` for tokens inside the longest known phrase starting at each position
        (trying only the phrase lengths known for each first token)."""
        phrases = self.res.phrases
        lengths = self._phrase_lengths
        out = [""] * len(keys)
        i, n = 0, len(keys)
        while i < n:
            for length in lengths.get(keys[i], ()):
                if i + length > n:
                    continue
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


_PHRASE_LONGEST = 6
_LENGTH = [["l=0"], ["l=1"], ["l=2"], ["l=3"], ["l=4+"]]


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
        # only attributes in the model's dictionary reach CRFsuite (it skips the others anyway)
        self._features = FeatureBuilder(res, keep=frozenset(self._tagger.info().attributes))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return self._tagger.tag(self._features(tokens))


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
