"""Training of text mode's lexical line score (:mod:`warta.extract.lexscore`), shared by
``training/train_lines.py`` (the shipped model) and ``training/lexical_looks.py`` (the session-10 look).

A logistic regression over a line's distinct tokens (:func:`warta.extract.lexscore.tokens`, binary,
scaled by ``1/sqrt(count)``; L2 :data:`LEX_L2`; bias unpenalised; L-BFGS on a sparse matrix). Its
vocabulary is refitted per training set: the tokens on lines of at least :data:`MIN_DOMAINS`
registered domains of that set's pages, so one site's menu items never enter it.

>>> pages = [["Share this", "Menu"], ["Share this", "Menu"], ["share this", "Menu"], ["Share this"]]
>>> c = Corpus(pages, ["a.com", "a.com", "b.com", "c.com"])   # "Menu": 3 pages, 2 domains
>>> sorted(c.tokens[k] for k in c.vocab([0, 1, 2, 3]))
['<A', '>a', '^share', 'share', 'share this', 'this', 'this$']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.optimize as so
import scipy.sparse as sp

from warta.extract import lexscore

LEX_L2 = 1.0
"""L2 penalty of the lexical regression (sample weights scaled to mean 1, as ``train_lines.fit_lr``)."""
MIN_DOMAINS = 3
"""A token enters a training set's vocabulary when lines of this many registered domains carry it."""
INNER = 4
"""Inner folds (by domain) of the lexical columns a stage-1 fit trains on."""


class Corpus:
    """Every line's distinct tokens as one sparse matrix (rows: the pages' lines in order), and
    which domains use each token. ``texts``: per page, its line texts; ``groups``: per page, its domain."""

    def __init__(self, texts: Sequence[Sequence[str]], groups: Sequence[str]):
        vocab: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        vals: list[float] = []
        self.start = [0]
        dom_ids = {g: k for k, g in enumerate(sorted(set(groups)))}
        drow: list[int] = []
        dcol: list[int] = []
        for page, g in zip(texts, groups, strict=True):
            seen: set[int] = set()
            for t in page:
                toks = {vocab.setdefault(tok, len(vocab)) for tok in lexscore.tokens(t)}
                indices.extend(toks)
                v = 1.0 / np.sqrt(len(toks)) if toks else 0.0
                vals.extend([v] * len(toks))
                indptr.append(len(indices))
                seen |= toks
            self.start.append(len(indptr) - 1)
            drow.extend([dom_ids[g]] * len(seen))
            dcol.extend(seen)
        self.tokens = [""] * len(vocab)
        for tok, k in vocab.items():
            self.tokens[k] = tok
        self.x = sp.csr_matrix(
            (np.array(vals), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(vocab)),
        )
        self.dom = sp.csr_matrix(
            (np.ones(len(drow)), (np.array(drow, dtype=np.int64), np.array(dcol, dtype=np.int64))),
            shape=(len(dom_ids), len(vocab)),
        )
        self.dom_ids = dom_ids
        self.groups = list(groups)

    def rows(self, pages: Sequence[int]) -> Any:
        return np.concatenate([np.arange(self.start[i], self.start[i + 1]) for i in pages])

    def vocab(self, pages: Sequence[int]) -> Any:
        """Token ids used by lines of at least :data:`MIN_DOMAINS` domains among ``pages``."""
        doms = sorted({self.dom_ids[self.groups[i]] for i in pages})
        counts = np.asarray((self.dom[doms] > 0).sum(axis=0)).ravel()
        return np.flatnonzero(counts >= MIN_DOMAINS)


def fit_sparse_lr(x: Any, y: Any, w: Any, l2: float = LEX_L2) -> tuple[Any, float]:
    """Weighted L2 logistic regression on a sparse matrix (bias unpenalised), by Newton-CG
    (Hessian-vector products ``X^T D X v``: a few hundred sparse products, no dense Hessian).

    >>> import scipy.sparse as sp
    >>> x = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]))
    >>> th, b = fit_sparse_lr(x, np.array([1.0, 1.0, 0.0, 0.0]), np.ones(4), l2=0.1)
    >>> bool(th[0] > 1.0 > -1.0 > th[1])
    True
    """
    w = w / w.mean()
    d = x.shape[1]
    xt = x.T.tocsr()
    state: dict[str, Any] = {}

    def f(theta: Any) -> tuple[float, Any]:
        b, th = theta[0], theta[1:]
        z = x @ th + b
        loss = np.logaddexp(0.0, z) - y * z  # log(1 + e^z) - y z, stably
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        g = w * (p - y)
        state["d"] = w * p * (1.0 - p)
        val = float(w @ loss) + 0.5 * l2 * float(th @ th)
        return val, np.concatenate(([g.sum()], xt @ g + l2 * th))

    def hessp(theta: Any, v: Any) -> Any:
        dv = state["d"] * (x @ v[1:] + v[0])
        return np.concatenate(([dv.sum()], xt @ dv + l2 * v[1:]))

    res = so.minimize(
        f, np.zeros(d + 1), jac=True, hessp=hessp, method="Newton-CG", options={"xtol": 1e-6, "maxiter": 100}
    )
    return res.x[1:], float(res.x[0])


LexModel = tuple[Any, Any, float]
"""A fitted lexical model: (vocabulary token ids of a :class:`Corpus`, their weights, bias)."""


def lex_fit(c: Corpus, ys: Sequence[Any], ws: Sequence[Any], pages: Sequence[int]) -> LexModel:
    """The lexical model on ``pages`` (``ys`` / ``ws``: per page, line labels and weights)."""
    pages = [i for i in pages if len(ys[i])]
    voc = c.vocab(pages)
    x = c.x[c.rows(pages)][:, voc]
    th, b = fit_sparse_lr(x, np.concatenate([ys[i] for i in pages]), np.concatenate([ws[i] for i in pages]))
    return voc, th, b


def lex_score(c: Corpus, model: LexModel, page: int) -> Any:
    """Log-odds of a page's lines under ``model``."""
    voc, th, b = model
    return c.x[c.start[page] : c.start[page + 1]][:, voc] @ th + b


def inner_scores(
    c: Corpus, ys: Sequence[Any], ws: Sequence[Any], pages: Sequence[int], inner: Sequence[int]
) -> dict[int, Any]:
    """Out-of-fold log-odds of ``pages``: each scored by a model fitted on the pages of the other
    ``inner`` folds (``inner[k]``: the fold of ``pages[k]``)."""
    z: dict[int, Any] = {}
    for g in sorted(set(inner)):
        m = lex_fit(c, ys, ws, [i for i, h in zip(pages, inner, strict=True) if h != g])
        for i, h in zip(pages, inner, strict=True):
            if h == g:
                z[i] = lex_score(c, m, i)
    return z


def to_table(c: Corpus, model: LexModel) -> lexscore.LexTable:
    """A fitted model as the runtime :class:`~warta.extract.lexscore.LexTable`."""
    voc, th, b = model
    return lexscore.LexTable({c.tokens[k]: float(v) for k, v in zip(voc, th, strict=True)}, b)
