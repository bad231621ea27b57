"""A learned chooser between a page's title candidates (the headline, the metadata titles, their parts).

:func:`warta.extract.metadata.fill_metadata` first picks a title by hand rules (agreement between the
visible ``<h1>`` and the metadata titles). It then hands every wording the page offers — each
``<h1>`` as shown and without a site name, og:title, twitter:title, the JSON-LD headline and name,
the microdata headline, the ``<title>`` and its separator parts, the first article ``<h2>`` elements,
and the rules' own answer — to :func:`choose`. Wordings equal up to case, quotes, dashes and spacing
are one candidate. Each candidate gets page-evidence features (:data:`FEATURES`: which sources give
it, how many agree with it exactly / as a prefix / by word overlap, its length, separators, site-name
traces, case pattern; no site identity), and a small ensemble of regression trees (trained by
``training/train_titles.py``, evaluated out-of-fold by registered domain, shipped in
:data:`MODEL_PATH`) scores them; the best one is the title. When every candidate is one wording, the
rules' answer stands and no feature is computed.

**Status (session 9): not wired into** ``fill_metadata``. Trained and scored out-of-fold by registered
domain over WCXB dev (all page types) and Fundus, the chooser lost pages on WCXB articles (0.888 -> 0.879)
and tied on Fundus (0.806), winning only on WCXB's other page types (0.666 -> 0.679), while the oracle
ceiling of these candidates is 0.994 / 0.988 / 0.949: the two title conventions (metadata wording vs
visible ``<h1>``) are not told apart by page evidence (``bench/results/html-meta.md``, "Ninth session
(H4)"). So the module lives with its training script in ``training/``, outside the installed package: it
is the experiment's runtime half, and :func:`pick` is what ``_pick_title`` would call on its answer
(``title = pick(page, main, sites, scope, title)``) once a model wins and the module moves to
``warta.extract``.

>>> cands = [("Banjir di Jakarta", "rule"), ("Banjir di Jakarta", "h1"), ("Banjir di Jakarta | Kabar", "tt")]
>>> rows = features(group(cands), ["kabar"])
>>> len(rows) == 2 and len(rows[0]) == len(FEATURES)
True
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "warta" / "models" / "titles.json"
"""The committed chooser (feature names, trees, training notes); absent -> the rules decide alone."""

SOURCES = ("rule", "h1", "h1c", "og", "tw", "ldh", "ldn", "md", "tt", "ttc", "ttp", "h2")
"""Where a candidate comes from: the rules' answer, an ``<h1>`` as shown / with a site name dropped,
og:title, twitter:title, JSON-LD headline / name, microdata headline, the ``<title>`` as shown / with
site names dropped / one of its separator parts, an article ``<h2>``."""

_FAMILY = {"h1": "h1", "h1c": "h1", "og": "og", "tw": "tw", "ldh": "ld", "ldn": "ld", "md": "md"}
_FAMILY.update({"tt": "tt", "ttc": "tt", "ttp": "tt", "h2": "h2"})
_META_FAMILIES = frozenset({"og", "tw", "ld", "md", "tt"})

FEATURES = (
    *(f"src_{s}" for s in SOURCES),
    "n_families",  # distinct source families giving exactly this wording (rule aside)
    "n_meta",  # distinct metadata families (og, twitter, JSON-LD, microdata, <title>) among them
    "prefix_of",  # other candidates that start with this wording (a longer cut of it)
    "has_prefix",  # other candidates this wording starts with
    "inside",  # other candidates holding this wording elsewhere
    "holds",  # other candidates held inside this wording
    "jac_h1",  # best word overlap (Jaccard) with an <h1> candidate other than itself
    "jac_meta",  # best word overlap with a metadata candidate other than itself
    "jac_mean",  # mean word overlap with the other candidates
    "words",
    "chars",
    "len_vs_rule",  # characters over the rules' answer's
    "seps",  # separator marks ("|", " - ", ":", "·" …) in it
    "site_part",  # holds a site name (og:site_name, publisher, host label)
    "site_words",  # share of its words that are site-name / host words
    "title_case",  # share of words that start upper case
    "upper",  # share of letters upper case
    "end_mark",  # ends with ? ! . …
    "n_h1",  # page: <h1> elements
    "n_cands",  # page: distinct candidates
    "rule_dom",  # page: the rules' answer is the visible heading
    "og_article",  # page: og:type is "article"
    "ld_article",  # page: its main JSON-LD object is an article type (NewsArticle, BlogPosting …)
)

_SEP = re.compile(r"\s[|\-–—·•»«~/:]\s|:\s|\s::\s")
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def key(text: str) -> str:
    """The wording a reader compares: NFKC, case-folded, curly quotes and long dashes straight, single spaces.

    >>> key("“Banjir”  di — JAKARTA")
    '"banjir" di - jakarta'
    """
    t = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_QUOTES).casefold()
    return _SPACES.sub(" ", t).strip()


def group(cands: list[tuple[str, str]]) -> list[tuple[str, str, set[str]]]:
    """Candidates with one wording merged: ``(text, key, sources)`` in first-seen order (the first text kept).

    >>> [(t, sorted(s)) for t, _, s in group([("A b", "rule"), ("a  B", "og"), ("C", "tt")])]
    [('A b', ['og', 'rule']), ('C', ['tt'])]
    """
    out: dict[str, tuple[str, str, set[str]]] = {}
    for text, src in cands:
        if not text:
            continue
        k = key(text)
        if k:
            out.setdefault(k, (text, k, set()))[2].add(src)
    return list(out.values())


def features(
    groups: list[tuple[str, str, set[str]]], sites: list[str], flags: tuple[float, float] = (0.0, 0.0)
) -> list[list[float]]:
    """One row of :data:`FEATURES` per grouped candidate (page evidence only, no site identity);
    ``flags``: the page's og:type is article, its main JSON-LD object is an article."""
    site_keys = [k for k in (key(s) for s in sites) if len(k) >= 3]
    site_words = {w for k in site_keys for w in _WORD.findall(k)}
    words = [set(_WORD.findall(k)) for _, k, _ in groups]
    keys = [k for _, k, _ in groups]
    rule_len = next((len(k) for _, k, s in groups if "rule" in s), 0)
    n_h1 = sum(1 for _, _, s in groups if "h1" in s)
    rule_dom = float(any("rule" in s and ("h1" in s or "h1c" in s or "h2" in s) for _, _, s in groups))
    n = len(groups)
    rows: list[list[float]] = []
    for i, (text, k, srcs) in enumerate(groups):
        fams = {_FAMILY[s] for s in srcs if s != "rule"}
        w = words[i]
        pre_of = has_pre = inside = holds = 0
        jh = jm = js = 0.0
        for j in range(n):
            if j == i:
                continue
            o = keys[j]
            if o.startswith(k):
                pre_of += 1
            elif k.startswith(o):
                has_pre += 1
            elif k in o:
                inside += 1
            elif o in k:
                holds += 1
            ow = words[j]
            u = len(w | ow)
            jac = len(w & ow) / u if u else 0.0
            js += jac
            osrc = groups[j][2]
            if "h1" in osrc or "h1c" in osrc:
                jh = max(jh, jac)
            if any(_FAMILY[s] in _META_FAMILIES for s in osrc if s != "rule"):
                jm = max(jm, jac)
        letters = [c for c in text if c.isalpha()]
        tw = text.split()
        row = [1.0 if s in srcs else 0.0 for s in SOURCES]
        row += [
            float(len(fams)),
            float(len(fams & _META_FAMILIES)),
            float(pre_of),
            float(has_pre),
            float(inside),
            float(holds),
            jh,
            jm,
            js / (n - 1) if n > 1 else 1.0,
            float(len(tw)),
            float(len(k)),
            len(k) / rule_len if rule_len else 0.0,
            float(len(_SEP.findall(text))),
            float(any(s in k for s in site_keys)),
            len(w & site_words) / len(w) if w else 0.0,
            sum(1 for x in tw if x[:1].isupper()) / len(tw) if tw else 0.0,
            sum(1 for c in letters if c.isupper()) / len(letters) if letters else 0.0,
            float(text[-1:] in "?!.…"),
            float(n_h1),
            float(n),
            rule_dom,
            *flags,
        ]
        rows.append(row)
    return rows


class TitleModel:
    """Regression trees over :data:`FEATURES` (flattened node arrays, :class:`~warta.extract.lines_model.Trees`).

    >>> m = TitleModel.default()
    >>> m is None or m.names == list(FEATURES)
    True
    """

    def __init__(self, data: dict[str, Any]):
        from warta.extract.lines_model import Trees

        self.names: list[str] = list(data["features"])
        self.trees = Trees.from_json(data["trees"])
        self.margin: float = float(data.get("margin", 0.0))
        """How much a candidate must out-score the rules' answer to replace it."""
        self.notes: dict[str, Any] = data.get("notes", {})

    def scores(self, rows: list[list[float]]) -> list[float]:
        """The trees' raw score per candidate row."""
        return self.trees.predict(np.asarray(rows, dtype=np.float64)).tolist()

    @staticmethod
    @cache
    def default() -> TitleModel | None:
        """The committed model, or None when the file is absent or ``WARTA_TITLE_MODEL=0``."""
        if os.environ.get("WARTA_TITLE_MODEL", "1") == "0" or not MODEL_PATH.exists():
            return None
        return TitleModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def candidates(
    page: Any, main: dict[str, Any] | None, sites: list[str], scope: Any, rule: str | None
) -> list[tuple[str, str]]:
    """Every title wording a page offers, with its source (:data:`SOURCES`).

    ``page``, ``main``, ``sites``, ``scope``: what :func:`~warta.extract.metadata.fill_metadata`
    collected (its ``_Page``, main JSON-LD object, site names, article element); ``rule``: the rules' title.
    """
    from warta.extract import metadata as md

    clean, tidy = md.clean_title, md._tidy_title
    out: list[tuple[str, str]] = [(rule, "rule")] if rule else []
    for h in page.h1[:4]:
        if 2 <= len(h) <= 400:
            out.append((h, "h1"))
            out.append((tidy(clean(h, sites)), "h1c"))
    metas: list[tuple[str, str]] = []
    if main is not None:
        for k, s in (("headline", "ldh"), ("name", "ldn")):
            v = main.get(k)
            if isinstance(v, str) and v.strip():
                metas.append((md._clean(v), s))
    for k, s in (("og:title", "og"), ("twitter:title", "tw"), ("itemprop:headline", "md")):
        v = page.meta(k)
        if v:
            metas.append((v, s))
    for node in page.itemprops.get("headline", ())[:1]:
        if node.tag != "meta":
            metas.append((md._text(node), "md"))
    out += [(tidy(clean(v, sites)), s) for v, s in metas]
    tt = page.title_tag
    if tt:
        out.append((tt, "tt"))
        out.append((tidy(clean(tt, sites)), "ttc"))
        parts = md._TITLE_TAG_PARTS.split(md._clean(tt))
        if 1 < len(parts) <= 5:
            out += [(tidy(p), "ttp") for p in parts if len(p) >= 8]
    if scope is not None:
        heads = (md._text(n) for n in md._css(scope, "h2", md._H2_HEADLINES))
        out += [(t, "h2") for t in heads if 8 <= len(t) <= 300]
    return [(t, s) for t, s in out if t]


def page_flags(page: Any, main: dict[str, Any] | None) -> tuple[float, float]:
    """Whether the page calls itself an article: og:type, the main JSON-LD object's type."""
    from warta.extract import metadata as md

    og = (page.meta("og:type") or "").lower() == "article"
    ld = main is not None and bool(md._types(main) & md.ARTICLE_TYPES)
    return float(og), float(ld)


def pick(
    page: Any, main: dict[str, Any] | None, sites: list[str], scope: Any, rule: str | None
) -> str | None:
    """:func:`choose` over the page's :func:`candidates` (what ``fill_metadata`` calls)."""
    return choose(candidates(page, main, sites, scope, rule), sites, rule, page_flags(page, main))


def choose(
    cands: list[tuple[str, str]], sites: list[str], rule: str | None, flags: tuple[float, float] = (0.0, 0.0)
) -> str | None:
    """The title among ``cands`` (``(text, source)`` pairs, :data:`SOURCES`; the rules' answer is ``rule``).

    Returns ``rule`` unchanged when the candidates are one wording or no model is shipped; else the
    text of the best-scored candidate (the rules' answer unless another beats it by the model's margin).
    """
    groups = group(cands)
    if len(groups) < 2:
        return rule
    model = TitleModel.default()
    if model is None:
        return rule
    scores = model.scores(features(groups, sites, flags))
    best = max(range(len(groups)), key=scores.__getitem__)
    r = next((i for i, g in enumerate(groups) if "rule" in g[2]), None)
    if r is not None and scores[best] - scores[r] <= model.margin:
        return rule
    return groups[best][0]


__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "SOURCES",
    "TitleModel",
    "candidates",
    "choose",
    "features",
    "group",
    "key",
    "pick",
]
