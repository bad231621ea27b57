"""Compiled kernels of the NER tagger (numba): row sums, emission scores, Viterbi decoding.

    >>> import numpy as np
    >>> from warta.enrich.ner_kernels import decode
    >>> emit = np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]])  # three tokens, two labels
    >>> trans = np.array([[0.0, 0.0], [0.0, -5.0]])  # [previous label, label]
    >>> decode(emit, np.array([0, 2]), np.array([2, 1]), trans).tolist()  # sentences [0:2], [2:3]
    [1, 0, 1]

:func:`decode` labels every sentence of ``emit`` (token rows, one column per label) with its
best label sequence under the transition weights. It does the same floating-point additions and
comparisons as the batched numpy recursion it replaces (``Tagger._viterbi_batch``: the candidate
``score[previous] + trans[previous, label]``, the first of equal maxima, then ``emission + best``),
so the labels are the same; it only removes numpy's per-step call overhead, which made a 50-token
sentence cost ~1 ms.

:func:`fill_rows` (summed attribute rows of new words) and :func:`emissions` (each token's label
scores from its own and its neighbours' rows) replace numpy gathers that copied every row they
summed; they add in the order the numpy expressions did (left to right, one row at a time), so
the scores are bit-identical.

numba is imported on first use of a kernel (when the tagger is built), not with this module:
importing it and loading the cached kernels costs ~3 CPU-s and ~160 MB of resident memory once
per process (LLVM), which code that only tokenises or reads the gazetteer should not pay. The
kernels are compiled once and cached next to this module (``cache=True``), or compiled in memory
per process where numba finds no writable cache directory. numba is the optional ``fast`` extra
(``pip install "warta[fast]"``). :data:`AVAILABLE` is False when it is not installed or
``WARTA_NER_NUMBA=0`` is set (short-lived or memory-tight processes); the tagger then uses numpy:
same labels, ~1.7 ms more per 600-word article (7.0 vs 8.7 CPU ms cold, all stages).
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import Any

import numpy as np

AVAILABLE = importlib.util.find_spec("numba") is not None and os.environ.get("WARTA_NER_NUMBA") != "0"
"""Whether the compiled kernels can be used (numba comes with the optional ``fast`` extra)."""


def _decode(emit: np.ndarray, starts: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label id of every token of every sentence, concatenated in sentence order."""
    n_lab = trans.shape[0]
    total = 0
    longest = 0
    for k in range(len(lengths)):
        total += lengths[k]
        longest = max(longest, lengths[k])
    out = np.empty(total, dtype=np.int64)
    back = np.empty((max(longest, 1), n_lab), dtype=np.int64)
    score = np.empty(n_lab)
    new = np.empty(n_lab)
    done = 0
    for k in range(len(starts)):
        a, n = starts[k], lengths[k]
        if n == 0:
            continue
        for j in range(n_lab):
            score[j] = emit[a, j]
        for pos in range(1, n):
            for j in range(n_lab):
                best = score[0] + trans[0, j]
                arg = 0
                for i in range(1, n_lab):
                    v = score[i] + trans[i, j]
                    if v > best:  # strictly greater: the first of equal maxima wins, as np.argmax
                        best = v
                        arg = i
                back[pos, j] = arg
                new[j] = emit[a + pos, j] + best
            for j in range(n_lab):
                score[j] = new[j]
        y = 0
        for j in range(1, n_lab):
            if score[j] > score[y]:
                y = j
        out[done + n - 1] = y
        for pos in range(n - 1, 0, -1):
            y = back[pos, y]
            out[done + pos - 1] = y
        done += n
    return out


def _pairwise(table: np.ndarray, flat: np.ndarray, lo: int, hi: int, j: int) -> float:
    """Sum of ``table[flat[lo:hi], j]`` in numpy's pairwise order (``pairwise_sum`` of its add loop:
    plain left-to-right from 0.0 under 8 terms, eight interleaved partial sums up to 128, halves
    above)."""
    n = hi - lo
    if n < 8:
        res = 0.0
        for m in range(lo, hi):
            res += table[flat[m], j]
        return res
    if n <= 128:
        r0 = table[flat[lo], j]
        r1 = table[flat[lo + 1], j]
        r2 = table[flat[lo + 2], j]
        r3 = table[flat[lo + 3], j]
        r4 = table[flat[lo + 4], j]
        r5 = table[flat[lo + 5], j]
        r6 = table[flat[lo + 6], j]
        r7 = table[flat[lo + 7], j]
        m = lo + 8
        stop = hi - n % 8
        while m < stop:
            r0 += table[flat[m], j]
            r1 += table[flat[m + 1], j]
            r2 += table[flat[m + 2], j]
            r3 += table[flat[m + 3], j]
            r4 += table[flat[m + 4], j]
            r5 += table[flat[m + 5], j]
            r6 += table[flat[m + 6], j]
            r7 += table[flat[m + 7], j]
            m += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while m < hi:
            res += table[flat[m], j]
            m += 1
        return res
    half = n // 2
    half -= half % 8
    return pairwise(table, flat, lo, lo + half, j) + pairwise(table, flat, lo + half, hi, j)


def _fill_rows(table: np.ndarray, first: int, starts: np.ndarray, flat: np.ndarray) -> None:
    """``table[first + k]`` = the sum of rows ``flat[starts[k]:starts[k + 1]]`` (the last segment
    runs to the end of ``flat``), bit-identical to ``np.add.reduceat(table[flat], starts, axis=0)``:
    the first row plus the pairwise sum of the others."""
    n_lab = table.shape[1]
    n = len(starts)
    for k in range(n):
        a = starts[k]
        b = starts[k + 1] if k + 1 < n else len(flat)
        r, f = first + k, flat[a]
        if b - a == 1:
            for j in range(n_lab):
                table[r, j] = table[f, j]
            continue
        for j in range(n_lab):
            table[r, j] = table[f, j] + pairwise(table, flat, a + 1, b, j)


def _emissions(
    table: np.ndarray,
    rows: np.ndarray,
    sids: np.ndarray,
    pair_right: np.ndarray,
    pair_left: np.ndarray,
    firsts: np.ndarray,
    lengths: np.ndarray,
    eos: int,
    headline: np.ndarray,
    ext_pos: np.ndarray,
    ext_row: np.ndarray,
) -> np.ndarray:
    """Label scores of every position of ``rows`` (each token's base row; two pad tokens at both
    ends and between sentences), as ``Tagger._tag_many``'s numpy expressions: for position ``p``
    (token ``p + 2``) its own row, rows 1-4 of the tokens two before .. two after, the shape-pair
    rows, then sentence start (row 6 of a sentence's first token), sentence end (``eos``), headline
    (row 5, sentences flagged in ``headline``), then the extra ``(position, row)`` contributions in
    order."""
    n_pos = len(rows) - 4
    n_lab = table.shape[1]
    emit = np.empty((n_pos, n_lab))
    for p in range(n_pos):
        r0, r1, r2, r3, r4 = rows[p + 2], rows[p] + 1, rows[p + 1] + 2, rows[p + 3] + 3, rows[p + 4] + 4
        r5 = pair_right[sids[p + 1], sids[p + 2]]
        r6 = pair_left[sids[p + 2], sids[p + 3]]
        for j in range(n_lab):
            v = table[r0, j] + table[r1, j]
            v += table[r2, j]
            v += table[r3, j]
            v += table[r4, j]
            v += table[r5, j]
            emit[p, j] = v + table[r6, j]
    for k in range(len(firsts)):
        n = lengths[k]
        if n == 0:
            continue
        a = firsts[k]
        r = rows[a + 2] + 6
        for j in range(n_lab):
            emit[a, j] += table[r, j]
        for j in range(n_lab):
            emit[a + n - 1, j] += table[eos, j]
    for k in range(len(firsts)):
        if headline[k] and lengths[k]:
            for p in range(firsts[k], firsts[k] + lengths[k]):
                r = rows[p + 2] + 5
                for j in range(n_lab):
                    emit[p, j] += table[r, j]
    for k in range(len(ext_pos)):
        p, r = ext_pos[k], ext_row[k]
        for j in range(n_lab):
            emit[p, j] += table[r, j]
    return emit


pairwise = _pairwise  # replaced by its compiled form before the kernels that call it compile


@cache
def _compiled() -> dict[str, Any]:
    """The kernels, compiled (or loaded from numba's cache) on first use; plain Python without numba."""
    global pairwise
    if not AVAILABLE:  # pragma: no cover
        return {"decode": _decode, "fill_rows": _fill_rows, "emissions": _emissions}
    from numba import njit

    try:  # numba caches next to this module, else in the user's cache dir
        jit = njit(cache=True, nogil=True)
        pairwise = jit(_pairwise)
    except RuntimeError:  # neither is writable ("no locator available"): compile in memory per process
        jit = njit(cache=False, nogil=True)
        pairwise = jit(_pairwise)
    return {"decode": jit(_decode), "fill_rows": jit(_fill_rows), "emissions": jit(_emissions)}


def decode(emit: np.ndarray, starts: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Compiled :func:`_decode`: the best label id of every token, sentences concatenated."""
    return _compiled()["decode"](emit, starts, lengths, trans)


def fill_rows(table: np.ndarray, first: int, starts: np.ndarray, flat: np.ndarray) -> None:
    """Compiled :func:`_fill_rows`: summed rows ``first``, ``first + 1`` … of ``table``."""
    _compiled()["fill_rows"](table, first, starts, flat)


def emissions(*args: Any) -> np.ndarray:
    """Compiled :func:`_emissions` (same arguments): label scores of every position."""
    return _compiled()["emissions"](*args)
