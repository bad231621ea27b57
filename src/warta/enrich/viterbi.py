"""Compiled Viterbi decoding for the NER tagger (numba), one call per article.

    >>> import numpy as np
    >>> from warta.enrich.viterbi import decode
    >>> emit = np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]])  # three tokens, two labels
    >>> trans = np.array([[0.0, 0.0], [0.0, -5.0]])  # [previous label, label]
    >>> decode(emit, np.array([0, 2]), np.array([2, 1]), trans).tolist()  # sentences [0:2], [2:3]
    [1, 0, 1]

:func:`decode` labels every sentence of ``emit`` (token rows, one column per label) with its
best label sequence under the transition weights. It does the same floating-point additions and
comparisons as the batched numpy recursion it replaces (``Tagger._viterbi_batch``: the candidate
``score[previous] + trans[previous, label]``, the first of equal maxima, then ``emission + best``),
so the labels are the same; it only removes numpy's per-step call overhead, which made a 50-token
sentence cost ~1 ms. The kernel is compiled once and cached next to this module (``cache=True``);
:data:`AVAILABLE` is False when numba cannot be imported, and the tagger falls back to numpy.
"""

from __future__ import annotations

import numpy as np

try:  # numba is a declared dependency; the numpy fallback keeps the tagger working without it
    from numba import njit
except ImportError:  # pragma: no cover - exercised only where numba is missing
    njit = None

AVAILABLE = njit is not None
"""Whether the compiled decoder can be used."""


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


if AVAILABLE:
    decode = njit(cache=True, nogil=True)(_decode)
else:  # pragma: no cover
    decode = _decode
