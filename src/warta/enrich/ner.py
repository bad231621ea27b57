"""Indonesian named-entity tagger: tokeniser, features and the shipped CRF model.

One feature function, :func:`sentence_features`, is what training sees (``training/train_ner.py``);
the run-time :class:`Tagger` sums the weights of the same attributes per word, and its labels are
checked against CRFsuite's on those features (``tests/test_ner_scoring.py``, ``eval_ner.py``).

    >>> from warta.enrich.ner import tagger, tokenize
    >>> text = "Presiden Joko Widodo tiba di Jakarta."
    >>> toks = tokenize(text)
    >>> [(text[s:e], t) for (s, e), t in zip(toks, tagger().tag([text[s:e] for s, e in toks]))][:3]
    [('Presiden', 'O'), ('Joko', 'B-PER'), ('Widodo', 'I-PER')]

The model (``models/ner-id.crfsuite``, a CRFsuite CRF trained on BIOES labels) labels PER, ORG
and LOC; :class:`Tagger` answers in BIO form. It scores with the model's weights itself (the
kernels of :data:`K`: compiled ``_nerk.pyx``, or its numpy twin ``_nerk_py``, same scores and
labels), so a whole article is tagged in one call (:meth:`Tagger.tag_many`). Its word resource
(``models/ner-id.words.tsv``) maps a lower-cased word to two cluster ids (distributional classes
computed from the training text) and a capitalisation prior (how often the word is capitalised
when it is not sentence-initial). Both are produced by ``python training/train_ner.py``.
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np

from warta._compiled import kernel

K = kernel("warta.enrich._nerk")
"""The tagger's kernels: compiled (``_nerk.pyx``) when built, else the pure-Python twin ``_nerk_py``."""

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


_SHORT: dict[str, str] = {}
"""Short shape of each long (untruncated) shape seen: far fewer shapes than words."""


def _short_shape(long: str) -> str:
    """``long`` (a full-length shape) with runs collapsed: ``Xxxxxx`` -> ``Xx``."""
    short = _SHORT.get(long)
    if short is None:
        if len(_SHORT) >= 100_000:  # bounded on endless input
            _SHORT.clear()
        if "\n" in long:  # "." of _RUNS does not match a newline; tokens never hold one
            short = _RUNS.sub(r"\1", long)
        else:
            short = "".join([k for k, _ in groupby(long)])
        _SHORT[long] = short
    return short


def _word_shape(word: str) -> tuple[str, str]:
    long = word.translate(_SHAPE_MAP)
    return long[:8], _short_shape(long)


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
    """Read a ``word<TAB>coarse<TAB>fine<TAB>cap`` file. Words with the same three values share one
    :class:`WordInfo` (~3,000 objects for ~30,000 words: fewer for the garbage collector to scan)."""
    out: dict[str, WordInfo] = {}
    shared: dict[tuple[str, str, str], WordInfo] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                key = (parts[1], parts[2], parts[3])
                info = shared.get(key)
                if info is None:
                    info = shared[key] = WordInfo(*key)
                out[parts[0]] = info
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
_NO_IDS = (0, 0, 0, 0, 0)


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
        self._phrase_lengths = {k: tuple(sorted(set(v), reverse=True)) for k, v in lengths.items()}
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
        out = [""] * len(keys)
        for a, b, typ in longest_matches(keys, self._phrase_lengths, self.res.phrases):
            out[a] = "B-" + typ
            for j in range(a + 1, b):
                out[j] = "I-" + typ
        return out


def _split_pair(pair: str) -> tuple[str, str]:
    """The two words of a word-pair attribute value ``a|b``; a word holding ``|`` is ``|`` itself (a
    one-symbol token): ``"||x"`` -> ``("|", "x")``, ``"FC||"`` -> ``("FC", "|")``."""
    if pair.startswith("||"):
        return "|", pair[2:]
    i = pair.index("|")
    return pair[:i], pair[i + 1 :]


longest_matches = K.longest_matches
"""``longest_matches(tokens, first_lengths, table, candidates=None)``: longest-first, non-overlapping
matches of ``table``'s token sequences in ``tokens`` as ``(start, end, value)``; ``first_lengths``
maps a first token to the lengths of the sequences that begin with it, longest first.
``candidates``, if given, are the positions (ascending) whose token is in ``first_lengths``
(see :mod:`warta.enrich._nerk_py`).

    >>> longest_matches(["a", "b", "c"], {"a": (2, 1)}, {("a", "b"): "X", ("a",): "Y"})
    [(0, 2, 'X')]
"""


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


_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def read_crfsuite(path: Path | str) -> tuple[list[str], list[str], np.ndarray]:
    """Labels, attributes and features of a CRFsuite (CRF1d) model file, with the exact double
    weights (pycrfsuite's ``Tagger.info()`` rounds them to six decimals). Features are records
    ``(type, src, dst, weight)``: type 0 a state feature (attribute id -> label id), type 1 a
    transition (label id -> label id).

        >>> labels, attrs, feats = read_crfsuite(resources.files("warta") / "models" / MODEL_NAME)
        >>> labels[0], len(attrs) > 1000, int(feats["type"].max())
        ('O', True, 1)
    """
    buf = Path(path).read_bytes()
    magic, _, kind, _, _, _, _, off_f, off_l, off_a, _, _ = struct.unpack_from("<4sI4sIIIIIIIII", buf, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path}: not a CRFsuite CRF1d model")

    def strings(off: int) -> list[str]:  # a CQDB chunk: the backward array maps id -> record
        cid, _, _, _, n, bwd = struct.unpack_from("<4sIIIII", buf, off)
        if cid != b"CQDB":
            raise ValueError(f"{path}: bad string table")
        out = []
        for rec in struct.unpack_from(f"<{n}I", buf, off + bwd):
            _, size = struct.unpack_from("<iI", buf, off + rec)
            out.append(buf[off + rec + 8 : off + rec + 7 + size].decode("utf-8"))
        return out

    cid, _, n = struct.unpack_from("<4sII", buf, off_f)
    if cid != b"FEAT":
        raise ValueError(f"{path}: bad feature chunk")
    feats = np.frombuffer(buf, dtype=_FEATURE, count=n, offset=off_f + 12)
    return strings(off_l), strings(off_a), feats


TARGET_DOMAIN = "N:"
"""Prefix of the attribute copies private to NER-UI (the target corpus) in a model trained with
corpus-private copies (``training/train_ner.py``, ``DOMAIN``); the other corpora's copies start
with another capital letter and a colon."""
_DOMAIN_COPY = re.compile(r"[A-Z]:")


def with_domain(feats: list[list[str]]) -> list[list[str]]:
    """Attributes as a model with corpus-private copies sees new text: each attribute and its
    ``N:`` copy (what CRFsuite is given; :class:`Tagger` folds the copies into the weights instead)."""
    return [f + [TARGET_DOMAIN + x for x in f] for f in feats]


def fold_domain(attrs: list[str], feats: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Merge the weights of each ``N:x`` attribute into ``x`` and drop the other corpora's private
    copies: plain attributes then score as the original model scores them plus their ``N:`` copies
    (:func:`with_domain`). A model without copies is returned unchanged.

        >>> f = np.array([(0, 0, 0, 1.0), (0, 1, 0, 0.5), (0, 2, 1, 2.0), (1, 0, 1, 0.3)], dtype=_FEATURE)
        >>> a, g = fold_domain(["x", "N:x", "G:x"], f)
        >>> a, g["type"].tolist(), g["src"].tolist(), g["weight"].tolist()
        (['x'], [0, 1], [0, 0], [1.5, 0.3])
    """
    if not any(_DOMAIN_COPY.match(a) for a in attrs):
        return attrs, feats
    names: dict[str, int] = {}
    remap = np.full(len(attrs), -1, dtype=np.int64)
    for i, a in enumerate(attrs):
        if a.startswith(TARGET_DOMAIN):
            a = a[len(TARGET_DOMAIN) :]
        elif _DOMAIN_COPY.match(a):
            continue
        remap[i] = names.setdefault(a, len(names))
    state = feats[feats["type"] == 0]
    src = remap[state["src"]]
    state, src = state[src >= 0], src[src >= 0]
    n_lab = int(feats["dst"].max()) + 1
    key, inverse = np.unique(src * n_lab + state["dst"], return_inverse=True)
    out = np.zeros(len(key), dtype=_FEATURE)
    out["src"], out["dst"] = key // n_lab, key % n_lab
    out["weight"] = np.bincount(inverse, weights=state["weight"], minlength=len(key))
    return list(names), np.concatenate([out, feats[feats["type"] == 1]])


class Tagger:
    """A loaded CRF model plus its resources; :meth:`tag` labels one tokenised sentence,
    :meth:`tag_many` several at once (faster per sentence: one batched Viterbi).

    Scoring is done here, not by CRFsuite: the model's weights are read once, and every
    per-word fragment of :class:`FeatureBuilder` (the word's own attributes, what it adds to each
    neighbour, its headline and sentence-start attributes) is summed into one label-score row
    the first time the word is seen. A sentence then costs a few row look-ups per token plus the
    Viterbi recursion, instead of ~25 attribute strings per token handed to CRFsuite. The labels
    are those CRFsuite gives (same attributes, same weights, same tie-breaking; checked on the
    NER-UI test folds by ``training/eval_ner.py --check``).

        >>> t = tagger()
        >>> t.tag_many([["Joko", "Widodo", "tiba"], ["di", "Jakarta", "."]])
        [['B-PER', 'I-PER', 'O'], ['O', 'B-LOC', 'O']]
    """

    MAX_WORDS = 50_000
    """Cached words; the cache is emptied when it is full (bounded memory on endless input).
    A word is ``(base row, key, short shape index, capitalised, 0/1/2 for no letter/lower/upper
    case first, "True"/"False", may start a known phrase, {word that may follow it in a known word
    pair: its two rows} or None)``; rows
    base..base+6 hold its own scores, what it adds to the tokens two and one before it and one
    and two after it, its headline and its sentence-start scores."""

    def __init__(self, model_path: Path | str, res: Resources) -> None:
        self.res = res
        self._lock = threading.Lock()
        labels, attrs, feats = read_crfsuite(model_path)
        attrs, feats = fold_domain(attrs, feats)  # NER-UI's private attribute copies, merged in
        self.labels = self.labels_bio(labels)
        self._label_array = np.array(self.labels, dtype=object)
        nl = len(labels)
        self._aid = {a: i + 1 for i, a in enumerate(attrs)}  # row 0 of the table is all zeros
        # the string features, restricted to the model's attributes (CRFsuite skips the others)
        self._features = FeatureBuilder(res, keep=frozenset(attrs))
        self._trans = np.zeros((nl, nl))
        weights = np.zeros((len(attrs) + 1, nl))
        state, trans = feats[feats["type"] == 0], feats[feats["type"] == 1]
        weights[state["src"].astype(np.int64) + 1, state["dst"]] = state["weight"]
        self._trans[trans["src"], trans["dst"]] = trans["weight"]
        self._n_attr_rows = len(attrs) + 1
        # room for every cached word's rows up front, so that the table is never copied to grow:
        # np.zeros pages are mapped when first written (resident memory grows with the words seen;
        # tracemalloc counts all ~37 MB at once)
        self._table = np.zeros((len(attrs) + 1 + 7 * self.MAX_WORDS + 4096, nl))
        self._table[: len(attrs) + 1] = weights
        self._words: dict[str, tuple] = {}
        # rows reserved but not yet summed (rows are handed out in order, so they are the rows
        # ``_pfirst`` .. ``_free - 1``): segment starts in ``_pflat``, attribute rows
        self._pfirst = 0
        self._pstarts: list[int] = []
        self._pflat: list[int] = []
        # word pairs known to the model: "a|b" -> row of "-1w|w=a|b" (right token), "w|+1w=a|b" (left)
        self._wp_right = {a[6:]: i for a, i in self._aid.items() if a.startswith("-1w|w=")}
        self._wp_left = {a[6:]: i for a, i in self._aid.items() if a.startswith("w|+1w=")}
        # first word -> {second word: (row added to the second or None, row added to the first or None)}
        self._wp_follow: dict[str, dict[str, tuple[int | None, int | None]]] = {}
        for k in {*self._wp_right, *self._wp_left}:
            first, second = _split_pair(k)
            self._wp_follow.setdefault(first, {})[second] = (self._wp_right.get(k), self._wp_left.get(k))
        # short shapes named by shape-pair attributes (every split of "a|b": shapes may hold "|");
        # any other shape is index len(shapes), as are the pads, and pairs with it score nothing
        shapes: set[str] = set()
        for a in attrs:
            if a.startswith(("-1s|s=", "s|+1s=")):
                pair = a[6:]
                for i, c in enumerate(pair):
                    if c == "|":
                        shapes |= {pair[:i], pair[i + 1 :]}
        self._shape_index = {x: i for i, x in enumerate(sorted(shapes))}
        self._phrase_rows: dict[tuple[str, str], int] = {}
        self._shapes: dict[str, tuple] = {}
        self._coarse: dict[str, tuple[int, ...]] = {}
        self._cap: dict[str, tuple[int, int, int]] = {}
        self._const = tuple(self._aid.get(x, 0) for x in ("T", "-1T", "1T", "HL"))
        # word and affix attributes by value: one look-up each, no string building
        self._word_ids: dict[str, Any] = {}
        word_slots = {"w": 0, "-2w": 1, "-1w": 2, "1w": 3, "2w": 4}
        affix_slots = {"p2": 0, "p3": 1, "x2": 2, "x3": 3, "x4": 4}
        self._affixes: tuple[dict[str, int], ...] = ({}, {}, {}, {}, {})
        for a, i in self._aid.items():
            kind, eq, value = a.partition("=")
            if not eq:
                continue
            if kind in word_slots:
                self._word_ids.setdefault(value, [0] * 5)[word_slots[kind]] = i
            elif kind in affix_slots:
                self._affixes[affix_slots[kind]][value] = i
        # tuples, which the garbage collector stops tracking (lists would be scanned by every full collection)
        self._word_ids = {w: tuple(ids) for w, ids in self._word_ids.items()}
        # every known word's cluster and prior rows, found with one look-up of the word
        self._infos = {w: self._info_rows(info) for w, info in res.words.items()}
        self._unknown = self._info_rows(_UNK)
        self._reset()

    def _reset(self) -> None:
        """Forget every cached word and summed row (the table keeps only the model's weights)."""
        self._pstarts.clear()
        self._pflat.clear()
        self._words.clear()
        self._phrase_rows.clear()
        self._shapes.clear()
        self._free = self._pfirst = self._n_attr_rows
        fb = self._features
        self._eos = self._sum(fb._eos)
        self._lengths = [self._sum(x) for x in fb._lengths]
        self._upper = self._sum(fb._upper)
        # padding between sentences: adds "-1w=<S>" to a sentence's first token, "1w=<S>" to its last
        self._pad = self._reserve([[], [], [self._sum(fb._no_prev)], [self._sum(fb._no_next)], [], [], []])
        # shape pairs: row of "-1s|s=a|b" (added to the right token) and of "s|+1s=a|b" (left one)
        n = len(self._shape_index)
        right = np.zeros((n + 1, n + 1), dtype=np.intp)
        left = np.zeros((n + 1, n + 1), dtype=np.intp)
        for a, i in self._shape_index.items():
            for b, j in self._shape_index.items():
                r, x = fb._shape_pair(a, b)
                if r or x:
                    right[i, j], left[i, j] = self._sum(r), self._sum(x)
        self._pair_right, self._pair_left = right, left
        fb._pairs.clear()  # ~22,000 cached (list, list) pairs the tagger no longer needs
        self._flush()
        # makes the rows and tuple of a word new to the cache (the same attributes as
        # FeatureBuilder._word, summed); holds the dictionaries and rows set above
        self._new_word = K.WordRows(self, _SHAPE_MAP, _NO_IDS)

    @staticmethod
    def labels_bio(labels: Sequence[str]) -> list[str]:
        """BIO form of a model's labels: a model trained on BIOES answers in BIO too (``S-X``, a
        one-token name, is ``B-X``; ``E-X`` is ``I-X``)."""
        return [{"S": "B", "E": "I"}.get(x[:1], x[:1]) + x[1:] for x in labels]

    # --- score table -------------------------------------------------------------------------

    def _reserve(self, parts: list[list[int]]) -> int:
        """Reserve consecutive rows, row ``k`` the sum of attribute rows ``parts[k]``; filled by
        :meth:`_flush`."""
        base = self._make_room(len(parts))
        for ids in parts:
            self._free += 1
            self._pstarts.append(len(self._pflat))
            self._pflat.append(0)  # every segment is non-empty
            self._pflat += ids
        return base

    def _make_room(self, rows: int) -> int:
        """First free row, the table grown (doubled) if fewer than ``rows`` rows are left."""
        if self._free + rows > len(self._table):
            extra = max(rows, len(self._table) - self._n_attr_rows)
            self._table = np.concatenate([self._table, np.zeros((extra, self._table.shape[1]))])
        return self._free

    def _sum(self, feats: list[str]) -> int:
        """A filled row holding the summed weights of ``feats`` (0 when empty)."""
        if not feats:
            return 0
        if len(feats) == 1:
            return self._aid[feats[0]]
        row = self._reserve([[self._aid[x] for x in feats]])
        self._flush()
        return row

    def _flush(self) -> None:
        """Fill the rows reserved since the last flush: one vectorised sum for all of them."""
        first, end = self._pfirst, self._free
        if first == end:
            return
        starts, flat = self._pstarts, self._pflat
        K.fill_rows(
            self._table,
            first,
            np.fromiter(starts, dtype=np.intp, count=len(starts)),
            np.fromiter(flat, dtype=np.intp, count=len(flat)),
        )
        self._pfirst = end
        self._pstarts.clear()
        self._pflat.clear()

    def _ids(self, feats: list[str]) -> tuple[int, ...]:
        aid = self._aid
        return tuple([aid[x] for x in feats])

    def _shape_part(self, lshape: str, sshape: str) -> tuple:
        """Attribute rows of :meth:`FeatureBuilder._shape_part`: own, per neighbour offset,
        headline, sentence start."""
        own, nb, hl, bos = self._features._shape_part(lshape, sshape)
        return (self._ids(own), tuple([self._ids(x) for x in nb]), self._ids(hl), self._ids(bos))

    def _cluster_part(self, coarse: str) -> tuple[int, ...]:
        """Rows of ``c=``, ``-2c=``, ``-1c=``, ``1c=``, ``2c=`` for a coarse cluster (0: not in the model)."""
        get = self._aid.get
        return tuple(get(p + coarse, 0) for p in ("c=", "-2c=", "-1c=", "1c=", "2c="))

    def _info_rows(self, info: WordInfo) -> tuple[int, ...]:
        """Attribute rows of a word's clusters and capitalisation prior, as in
        :meth:`FeatureBuilder._info_part`: ``c=``, ``-2c=``, ``-1c=``, ``1c=``, ``2c=`` (coarse
        cluster), ``cf=`` (fine cluster), ``cp=``, ``cpT=``, ``HL&cp=`` (prior); 0 when not in the model."""
        get = self._aid.get
        cc = self._coarse.get(info.coarse)
        if cc is None:
            cc = self._coarse[info.coarse] = self._cluster_part(info.coarse)
        cp = self._cap.get(info.cap)
        if cp is None:
            cp = self._cap[info.cap] = (
                get("cp=" + info.cap, 0),
                get("cpT=" + info.cap, 0),
                get("HL&cp=" + info.cap, 0),
            )
        return (*cc, get("cf=" + info.fine, 0), *cp)

    def _shape_of(self, long: str) -> tuple:
        """Shape attribute rows of a token whose full-length shape is ``long`` (see
        :meth:`_shape_part`), plus its short shape's index in the shape-pair tables."""
        if len(self._shapes) >= 100_000:  # bounded on endless input
            self._shapes.clear()
        lshape, sshape = long[:8], _short_shape(long)
        own, nb, hl, bos = self._shape_part(lshape, sshape)
        hit = self._shapes[long] = (own, nb, hl, bos, self._shape_index.get(sshape, len(self._shape_index)))
        return hit

    # --- tagging ----------------------------------------------------------------------------

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO labels of one sentence (a list of tokens)."""
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels of each sentence; the same labels as :meth:`tag` on each one. Thread-safe
        (one call at a time: the word cache and score table are shared)."""
        with self._lock:
            return self._tag_many(sentences)

    def _tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Lay the tokens out (new words get their rows), sum the new rows, score, decode."""
        if len(self._words) >= self.MAX_WORDS:
            self._reset()
        fb = self._features
        rows, sids, firsts, lengths, headline, ext_pos, ext_row = K.gather(
            sentences, self._words, self._new_word, self._pad, len(self._shape_index),
            fb._phrase_lengths, fb.res.phrases, self._phrase_rows, self._phrase_row,
        )  # fmt: skip
        if len(rows) == 2:
            return [[] for _ in sentences]
        self._flush()
        emit = K.emissions(
            self._table, rows, sids, self._pair_right, self._pair_left, firsts, lengths, self._eos,
            headline, ext_pos, ext_row,
        )  # fmt: skip
        tags = self._label_array[K.decode(emit, firsts, lengths, self._trans)].tolist()
        out, done = [], 0
        for n in lengths.tolist():
            out.append(tags[done : done + n])
            done += n
        return out

    def _phrase_row(self, tag: str, capstr: str) -> int:
        """Row of the phrase attributes ``ph=tag``, ``ph&T=tag+capstr`` (summed and cached)."""
        r = self._phrase_rows[(tag, capstr)] = self._sum(self._features._phrase(tag, capstr))
        return r


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
