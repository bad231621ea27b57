"""NER tagger kernels, pure Python + numpy: the twin of the compiled ``_nerk.pyx`` (same functions,
same results, bit for bit). :class:`warta.enrich.ner.Tagger` gets one of the two through
``warta._compiled.kernel("warta.enrich._nerk")``.

    >>> import numpy as np
    >>> emit = np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]])  # three tokens, two labels
    >>> trans = np.array([[0.0, 0.0], [0.0, -5.0]])  # [previous label, label]
    >>> decode(emit, np.array([0, 2]), np.array([2, 1]), trans).tolist()  # sentences [0:2], [2:3]
    [1, 0, 1]

An article is tagged in four steps (``Tagger._tag_many``):

- :func:`gather`: each token's cached word tuple (``Tagger._word`` builds a missing one), laid out
  as the base row and short-shape index of every token, two pads between sentences and at both
  ends, plus the headline flag of each sentence and the extra ``(position, row)`` contributions of
  known phrases and word pairs;
- :func:`fill_rows`: the summed weight rows of the words new in this call
  (``np.add.reduceat``: the first row plus numpy's pairwise sum of the others);
- :func:`emissions`: the label scores of every token from its own and its neighbours' rows;
- :func:`decode`: Viterbi, the best label id of every token.

The compiled kernel does the same float additions in the same order (left to right per token;
numpy's pairwise order for row sums; ``score[previous] + trans[previous, label]``, the first of
equal maxima, then ``emission + best`` in Viterbi), so scores and labels are identical;
``tests/test_ner_kernels.py`` runs both on real articles.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Any

import numpy as np

VITERBI_CELLS = 20_000
"""Most (sentence x position) cells one batched numpy Viterbi pass holds: sentences are grouped by
length so that one long sentence does not pad thousands of short ones to its length."""


def longest_matches(
    tokens: Sequence[str],
    first_lengths: dict[str, Sequence[int]],
    table: dict[tuple[str, ...], Any],
    candidates: Any = None,
) -> list[tuple[int, int, Any]]:
    """Longest-first, non-overlapping matches of ``table``'s token sequences in ``tokens``, as
    ``(start, end, value)``; ``first_lengths`` maps a first token to the lengths of the sequences that
    begin with it, longest first (only those are tried: most tokens begin none). ``candidates``, if
    given, are the positions (ascending) whose token is in ``first_lengths``, when the caller knows.

    >>> longest_matches(["a", "b", "c"], {"a": (2, 1)}, {("a", "b"): "X", ("a",): "Y"})
    [(0, 2, 'X')]
    """
    out: list[tuple[int, int, Any]] = []
    n = len(tokens)
    if candidates is None:
        candidates = [i for i, t in enumerate(tokens) if t in first_lengths]
    free = 0  # matches do not overlap: the next one starts at or after the last one's end
    for i in candidates:
        if i < free:
            continue
        for length in first_lengths[tokens[i]]:
            if i + length > n:
                continue
            hit = table.get(tuple(tokens[i : i + length]))
            if hit is not None:
                out.append((i, i + length, hit))
                free = i + length
                break
    return out


def gather(
    sentences: Sequence[Sequence[str]],
    words: dict[str, tuple],
    word_fn: Callable[[str], tuple],
    pad: int,
    no_shape: int,
    first_lengths: dict[str, Sequence[int]],
    phrases: dict[tuple[str, ...], str],
    phrase_rows: dict[tuple[str, str], int],
    phrase_fn: Callable[[str, str], int],
) -> tuple[np.ndarray, ...]:
    """Token layout of ``sentences``: ``(rows, sids, firsts, lengths, headline, ext_pos, ext_row)``.

    ``words`` maps a token to its word tuple (``Tagger.MAX_WORDS``: base row, key, short-shape
    index, capitalised, 0/1/2 for no letter/lower/upper case first, "True"/"False", may start a
    phrase, {next word: (row added to it or None, row added to this one or None)} or None);
    ``word_fn(token)`` makes and caches a missing one. ``rows``/``sids`` hold every token's base row
    and shape index with two pads (``pad``, ``no_shape``) at both ends and between sentences;
    ``firsts`` is each sentence's first position in the scores (``rows`` index - 2), ``lengths``
    its token count, ``headline`` whether it is in headline case (4+ tokens starting with a letter,
    70 %+ of them capitalised). ``ext_pos``/``ext_row`` are the extra rows added to a position, in
    order: per sentence the rows of the tokens inside known phrases (``phrases``: the longest
    match first; the row of ``(B-/I-TYPE, "True"/"False")`` from ``phrase_rows``, else
    ``phrase_fn``), then those of known word pairs.
    """
    rows = [pad, pad]
    sids = [no_shape, no_shape]
    ext_pos: list[int] = []
    ext_row: list[int] = []
    firsts: list[int] = []
    lengths: list[int] = []
    headline: list[bool] = []
    for toks in sentences:
        n = len(toks)
        start = len(rows)
        firsts.append(start - 2)
        lengths.append(n)
        if not n:
            headline.append(False)
            continue
        ents = [words.get(t) or word_fn(t) for t in toks]
        base, keys, shape_ids, _, case, capstr, ph, wp = zip(*ents, strict=True)
        rows += base
        rows += (pad, pad)
        sids += shape_ids
        sids += (no_shape, no_shape)
        n_alpha = n - case.count(0)
        headline.append(n_alpha >= 4 and case.count(2) >= 0.7 * n_alpha)
        if first_lengths and True in ph:
            for a, b, typ in longest_matches(keys, first_lengths, phrases, compress(range(n), ph)):
                for i in range(a, b):
                    tag = ("B-" if i == a else "I-") + typ
                    r = phrase_rows.get((tag, capstr[i]))
                    if r is None:
                        r = phrase_fn(tag, capstr[i])
                    ext_pos.append(start + i - 2)
                    ext_row.append(r)
        if any(wp):
            for i in compress(range(n - 1), wp):
                hit = wp[i].get(keys[i + 1])
                if hit is not None:
                    right, left = hit
                    if right is not None:
                        ext_pos.append(start + i - 1)
                        ext_row.append(right)
                    if left is not None:
                        ext_pos.append(start + i - 2)
                        ext_row.append(left)
    return (
        np.array(rows, dtype=np.intp),
        np.array(sids, dtype=np.intp),
        np.array(firsts, dtype=np.intp),
        np.array(lengths, dtype=np.intp),
        np.array(headline, dtype=np.bool_),
        np.array(ext_pos, dtype=np.intp),
        np.array(ext_row, dtype=np.intp),
    )


def fill_rows(table: np.ndarray, first: int, starts: np.ndarray, flat: np.ndarray) -> None:
    """``table[first + k]`` = the sum of rows ``flat[starts[k]:starts[k + 1]]`` (the last segment
    runs to the end of ``flat``; none is empty)."""
    if len(starts):
        table[first : first + len(starts)] = np.add.reduceat(table[flat], starts, axis=0)


def emissions(
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
    """Label scores of every position of ``rows`` (see :func:`gather`): for position ``p`` (token
    ``p + 2``) its own row, rows 1-4 of the tokens two before .. two after it, the shape-pair rows
    (``pair_right[previous, own]``, ``pair_left[own, next]``), then sentence start (row 6 of a
    sentence's first token), sentence end (``eos``), headline (row 5), then the extra rows."""
    t, b, sid = table, rows, sids
    emit = t[b[2:-2]] + t[b[:-4] + 1] + t[b[1:-3] + 2] + t[b[3:-1] + 3] + t[b[4:] + 4]
    emit += t[pair_right[sid[1:-3], sid[2:-2]]]  # with the previous token's shape
    emit += t[pair_left[sid[2:-2], sid[3:-1]]]  # with the next token's shape
    some = lengths > 0
    first, last = firsts[some], (firsts + lengths - 1)[some]
    emit[first] += t[b[first + 2] + 6]  # sentence start
    emit[last] += t[eos]  # sentence end
    for k in np.flatnonzero(headline & some).tolist():
        p, n = int(firsts[k]), int(lengths[k])
        emit[p : p + n] += t[b[p + 2 : p + 2 + n] + 5]
    if len(ext_pos):
        np.add.at(emit, ext_pos, t[ext_row])
    return emit


def decode(emit: np.ndarray, starts: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label id of every token of every sentence (``emit[starts[k]:starts[k] + lengths[k]]``),
    concatenated in sentence order; ``trans[previous, label]``. Sentences are decoded together, in
    length-sorted batches of at most :data:`VITERBI_CELLS` cells."""
    lens = [int(x) for x in lengths]
    firsts = [int(x) for x in starts]
    ids: list[np.ndarray] = [np.empty(0, dtype=np.intp)] * len(lens)
    order = sorted((i for i, n in enumerate(lens) if n), key=lens.__getitem__)
    i = 0
    while i < len(order):
        j = i + 1  # grow the batch while (sentences x longest length) stays under the cap
        while j < len(order) and (j + 1 - i) * lens[order[j]] <= VITERBI_CELLS:
            j += 1
        batch = order[i:j]
        got = _viterbi_batch(emit, [firsts[k] for k in batch], [lens[k] for k in batch], trans)
        for k, y in zip(batch, got, strict=True):
            ids[k] = y
        i = j
    return np.concatenate(ids) if ids else np.empty(0, dtype=np.intp)


def _viterbi_batch(
    emit: np.ndarray, starts: list[int], lengths: list[int], trans: np.ndarray
) -> list[np.ndarray]:
    """Best label ids of every sentence (none empty), all advanced together."""
    longest = max(lengths)
    idx = np.array(starts)[:, None] + np.arange(longest)
    np.minimum(idx, len(emit) - 1, out=idx)
    em = emit[idx].transpose(1, 0, 2).copy()  # (positions, sentences, labels)
    n_sent, n_lab = em.shape[1], em.shape[2]
    trans_t = trans.T  # [label, previous label]
    back = np.zeros((longest, n_sent, n_lab), dtype=np.intp)
    cand = np.empty((n_sent, n_lab, n_lab))
    flat = cand.reshape(n_sent * n_lab, n_lab)
    rows = np.arange(n_sent * n_lab)
    score = em  # score[pos]: best path score ending in each label at pos (in place of em)
    for pos in range(1, longest):
        np.add(score[pos - 1][:, None, :], trans_t, out=cand)  # (sentence, label, previous)
        arg = back[pos]
        cand.argmax(axis=2, out=arg)
        score[pos] += flat[rows, arg.ravel()].reshape(n_sent, n_lab)
    if n_sent == 1:  # one sentence: back-track in Python (cheaper than a numpy step per token)
        y = int(score[longest - 1, 0].argmax())
        steps = back[:, 0].tolist()
        out = [y]
        for pos in range(longest - 1, 0, -1):
            y = steps[pos][y]
            out.append(y)
        return [np.array(out[::-1], dtype=np.intp)]
    # back-track all sentences together; a sentence joins at its last position
    last = np.array(lengths) - 1
    every = np.arange(n_sent)
    final = score[last, every].argmax(axis=1)
    path = np.empty((longest, n_sent), dtype=np.intp)
    y = final
    ending = set(last.tolist())
    for pos in range(longest - 1, -1, -1):
        if pos in ending:
            y = np.where(last == pos, final, y)
        path[pos] = y
        if pos:
            y = back[pos, every, y]
    return [path[:n, j] for j, n in enumerate(lengths)]


class WordRows:
    """Makes the word tuple of a token new to a tagger (``Tagger.MAX_WORDS``): reserves its seven
    summed rows (own scores; what it adds to the tokens two before, one before, one after, two
    after it; headline; sentence start), queues their attribute rows for ``Tagger._flush`` and
    caches the tuple. The attributes are those of ``FeatureBuilder._word``, found by value: one
    dictionary probe per word, affix and shape, no attribute strings built.

    Made by ``Tagger._reset`` (it holds the tagger's current dictionaries and rows); ``shape_map``
    is the ``str.translate`` table of word shapes, ``no_ids`` the word rows of an unknown word.
    """

    def __init__(self, tagger: Any, shape_map: dict[int, str], no_ids: Sequence[int]) -> None:
        self.tagger = weakref.ref(tagger)  # the tagger holds this object: no reference cycle
        self.shape_map = shape_map
        self.no_ids = no_ids
        self.words = tagger._words
        self.shapes = tagger._shapes
        self.infos = tagger._infos
        self.unknown = tagger._unknown
        self.const = tagger._const
        self.word_ids = tagger._word_ids
        self.affixes = tagger._affixes
        self.lengths = tagger._lengths
        self.upper = tagger._upper
        self.gazetteer = tagger.res.gazetteer
        self.aid = tagger._aid
        self.phrase_lengths = tagger._features._phrase_lengths
        self.wp_follow = tagger._wp_follow
        self.flat = tagger._pflat
        self.starts = tagger._pstarts

    def shape(self, tok: str) -> str:
        """Full-length word shape of ``tok``: ``Jokowi`` -> ``Xxxxxx``."""
        return tok.translate(self.shape_map)

    def __call__(self, tok: str) -> tuple:
        """The word tuple of ``tok`` (cached in the tagger's word dictionary)."""
        t = self.tagger()
        upper = tok.isupper()
        w = tok if upper and len(tok) > 1 else tok.lower()  # word_key(tok)
        long = self.shape(tok)
        sh = self.shapes.get(long)
        if sh is None:
            sh = t._shape_of(long)
        info = self.infos.get(w)
        if info is None:
            info = self.unknown
        cap = tok[:1].isupper()
        const = self.const  # T, -1T, 1T, HL
        wid = self.word_ids.get(w, self.no_ids)  # w=, -2w=, -1w=, 1w=, 2w=
        p2, p3, x2, x3, x4 = self.affixes
        n = len(w)
        base = t._free
        if base + 7 > len(t._table):
            base = t._make_room(7)
        t._free = base + 7
        flat, starts = self.flat, self.starts
        g = self.gazetteer.get(w) if self.gazetteer else None
        get = self.aid.get
        # own attributes
        starts.append(len(flat))
        flat += (
            wid[0],
            p2.get(w[:2], 0),
            p3.get(w[:3], 0),
            x2.get(w[-2:], 0),
            x3.get(w[-3:], 0),
            x4.get(w[-4:], 0),
            self.lengths[n if n < 4 else 4],
        )
        flat += sh[0]
        flat += (info[0], info[5], info[6])  # c=, cf=, cp=
        if cap:
            flat += (const[0], info[7])  # T, cpT=
        if upper and n > 1:
            flat.append(self.upper)
        if g:
            flat.append(get("g=" + g, 0))
        # what it adds to the tokens two before, one before, one after, two after it
        snb = sh[1]
        starts.append(len(flat))
        flat += (wid[1], info[1])
        flat += snb[0]
        starts.append(len(flat))
        flat += (wid[2], info[2])
        flat += snb[1]
        if cap:
            flat.append(const[1])
        if g:
            flat.append(get("-1g=" + g, 0))
        starts.append(len(flat))
        flat += (wid[3], info[3])
        flat += snb[2]
        if cap:
            flat.append(const[2])
        if g:
            flat.append(get("1g=" + g, 0))
        starts.append(len(flat))
        flat += (wid[4], info[4])
        flat += snb[3]
        # headline case, sentence start
        starts.append(len(flat))
        flat += (const[3], info[8])
        flat += sh[2]
        starts.append(len(flat))
        flat.append(0)
        flat += sh[3]
        hit = self.words[tok] = (
            base,
            w,
            sh[4],
            cap,
            (2 if cap else 1) if tok[:1].isalpha() else 0,
            "True" if cap else "False",
            w in self.phrase_lengths,
            self.wp_follow.get(w),
        )
        return hit
