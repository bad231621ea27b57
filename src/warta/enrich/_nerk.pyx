# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""NER tagger kernels, compiled: the same functions as the pure-Python twin ``_nerk_py.py``, with
the same results bit for bit (see its docstring for what each step does).

    >>> import numpy as np
    >>> emit = np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]])
    >>> decode(emit, np.array([0, 2]), np.array([2, 1]), np.array([[0.0, 0.0], [0.0, -5.0]])).tolist()
    [1, 0, 1]

What is compiled: the per-token loop of :func:`gather` (word-cache probes with C-level dict access,
the word tuples read by index, phrase and word-pair look-ups), the row sums of :func:`fill_rows`
(numpy's pairwise summation order, as ``np.add.reduceat``), the emission scores of
:func:`emissions` (left to right per token, as the numpy expression) and Viterbi in
:func:`decode` (``score[previous] + trans[previous, label]``, the first of equal maxima wins,
then ``emission + best``: the numpy recursion's operations on each cell).
:class:`WordRows` builds a new word's rows without Python lists: its cluster, prior, word, word-pair
and phrase attributes come from one probe of a table merged at start, its affix attributes from
open-addressing tables keyed by the packed code points of the affix (no slice strings), and its
seven rows are summed at once into the score table, in :func:`fill_rows`' order of additions.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(object o)

from warta.enrich._ucs cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND

import weakref

import numpy as np


def longest_matches(tokens, dict first_lengths, dict table, candidates=None):
    """Longest-first, non-overlapping matches of ``table``'s token sequences in ``tokens``, as
    ``(start, end, value)`` (see the twin).

    >>> longest_matches(["a", "b", "c"], {"a": (2, 1)}, {("a", "b"): "X", ("a",): "Y"})
    [(0, 2, 'X')]
    """
    cdef list toks = list(tokens)
    cdef Py_ssize_t n = len(toks), i, length, free = 0
    cdef PyObject* p
    out = []
    if candidates is None:
        candidates = [i for i in range(n) if toks[i] in first_lengths]
    for i in candidates:
        if i < free:
            continue
        for length in first_lengths[toks[i]]:
            if i + length > n:
                continue
            p = PyDict_GetItem(table, tuple(toks[i : i + length]))
            if p != NULL and <object>p is not None:  # as table.get(...) is not None
                out.append((i, i + length, <object>p))
                free = i + length
                break
    return out


def gather(sentences, dict words, word_fn, Py_ssize_t pad, Py_ssize_t no_shape,
           dict first_lengths, dict phrases, dict phrase_rows, phrase_fn):
    """Token layout of ``sentences``: ``(rows, sids, firsts, lengths, headline, ext_pos, ext_row)``
    (see the twin)."""
    cdef list sents = [s if type(s) is list else list(s) for s in sentences]
    cdef Py_ssize_t n_sent = len(sents), total = 2, k, n, i, j, pos, start, length, free
    cdef Py_ssize_t n_alpha, n_upper, case
    cdef bint any_ph, any_wp, phrases_on = bool(first_lengths)
    cdef list toks, ents, keys, ext_pos = [], ext_row = []
    cdef tuple e, hit
    cdef PyObject* p
    cdef PyObject* q
    cdef object t, wp, typ, tag, capstr
    for k in range(n_sent):
        n = len(<list>sents[k])
        if n:  # an empty sentence takes no position (no pads either)
            total += n + 2
    rows = np.empty(total, dtype=np.intp)
    sids = np.empty(total, dtype=np.intp)
    firsts = np.empty(n_sent, dtype=np.intp)
    lengths = np.empty(n_sent, dtype=np.intp)
    flags = np.zeros(n_sent, dtype=np.uint8)
    cdef Py_ssize_t[::1] R = rows, S = sids, F = firsts, L = lengths
    cdef unsigned char[::1] H = flags
    R[0] = R[1] = pad
    S[0] = S[1] = no_shape
    pos = 2
    for k in range(n_sent):
        toks = <list>sents[k]
        n = len(toks)
        start = pos
        F[k] = start - 2
        L[k] = n
        if n == 0:
            continue
        ents = []
        n_alpha = n_upper = 0
        any_ph = any_wp = False
        for i in range(n):
            t = toks[i]
            p = PyDict_GetItem(words, t)
            if p == NULL:
                e = <tuple?>word_fn(t)
            else:
                e = <tuple?><object>p
            ents.append(e)
            R[pos] = <Py_ssize_t>e[0]
            S[pos] = <Py_ssize_t>e[2]
            case = <Py_ssize_t>e[4]
            if case:
                n_alpha += 1
                if case == 2:
                    n_upper += 1
            if e[6] is True:
                any_ph = True
            if e[7] is not None:
                any_wp = True
            pos += 1
        R[pos] = R[pos + 1] = pad
        S[pos] = S[pos + 1] = no_shape
        pos += 2
        if n_alpha >= 4 and n_upper >= 0.7 * n_alpha:  # headline case
            H[k] = 1
        if phrases_on and any_ph:
            keys = [(<tuple>x)[1] for x in ents]
            free = 0
            for i in range(n):
                if i < free or (<tuple>ents[i])[6] is not True:
                    continue
                for length in first_lengths[keys[i]]:
                    if i + length > n:
                        continue
                    p = PyDict_GetItem(phrases, tuple(keys[i : i + length]))
                    if p == NULL or <object>p is None:
                        continue
                    typ = <object>p
                    for j in range(i, i + length):
                        tag = ("B-" if j == i else "I-") + typ
                        capstr = (<tuple>ents[j])[5]
                        hit = (tag, capstr)
                        q = PyDict_GetItem(phrase_rows, hit)
                        ext_pos.append(start + j - 2)
                        ext_row.append(phrase_fn(tag, capstr) if q == NULL else <object>q)
                    free = i + length
                    break
        if any_wp:
            for i in range(n - 1):
                wp = (<tuple>ents[i])[7]
                if wp is None:
                    continue
                p = PyDict_GetItem(<dict?>wp, (<tuple>ents[i + 1])[1])
                if p == NULL:
                    continue
                hit = <tuple?><object>p
                if hit[0] is not None:
                    ext_pos.append(start + i - 1)
                    ext_row.append(hit[0])
                if hit[1] is not None:
                    ext_pos.append(start + i - 2)
                    ext_row.append(hit[1])
    return (
        rows,
        sids,
        firsts,
        lengths,
        flags.view(np.bool_),
        np.array(ext_pos, dtype=np.intp),
        np.array(ext_row, dtype=np.intp),
    )


cdef inline double _pairwise(const double[:, ::1] table, const Py_ssize_t[::1] flat,
                             Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t j) noexcept nogil:
    """Sum of ``table[flat[lo:hi], j]`` in numpy's pairwise order (:func:`_pairwise_p`)."""
    if hi <= lo:
        return 0.0
    return _pairwise_p(&table[0, 0], table.shape[1], &flat[0], lo, hi, j)


def fill_rows(double[:, ::1] table, Py_ssize_t first, const Py_ssize_t[::1] starts,
              const Py_ssize_t[::1] flat):
    """``table[first + k]`` = the sum of rows ``flat[starts[k]:starts[k + 1]]`` (the last segment
    runs to the end of ``flat``; none is empty), as ``np.add.reduceat``: the first row plus the
    pairwise sum of the others."""
    cdef Py_ssize_t n_lab = table.shape[1], n = starts.shape[0], k, a, b, r, f, j
    with nogil:
        for k in range(n):
            a = starts[k]
            b = starts[k + 1] if k + 1 < n else flat.shape[0]
            r = first + k
            f = flat[a]
            if b - a == 1:
                for j in range(n_lab):
                    table[r, j] = table[f, j]
                continue
            for j in range(n_lab):
                table[r, j] = table[f, j] + _pairwise(table, flat, a + 1, b, j)


def emissions(const double[:, ::1] table, const Py_ssize_t[::1] rows, const Py_ssize_t[::1] sids,
              const Py_ssize_t[:, ::1] pair_right, const Py_ssize_t[:, ::1] pair_left,
              const Py_ssize_t[::1] firsts, const Py_ssize_t[::1] lengths, Py_ssize_t eos,
              headline, const Py_ssize_t[::1] ext_pos, const Py_ssize_t[::1] ext_row):
    """Label scores of every position of ``rows`` (see the twin), added in the twin's order."""
    cdef Py_ssize_t n_pos = rows.shape[0] - 4, n_lab = table.shape[1], p, j, k, a, n, r
    cdef Py_ssize_t r0, r1, r2, r3, r4, r5, r6
    cdef const unsigned char[::1] H = np.ascontiguousarray(headline, dtype=np.bool_).view(np.uint8)
    cdef double v
    out = np.empty((n_pos, n_lab))
    cdef double[:, ::1] emit = out
    with nogil:
        for p in range(n_pos):
            r0 = rows[p + 2]
            r1 = rows[p] + 1
            r2 = rows[p + 1] + 2
            r3 = rows[p + 3] + 3
            r4 = rows[p + 4] + 4
            r5 = pair_right[sids[p + 1], sids[p + 2]]
            r6 = pair_left[sids[p + 2], sids[p + 3]]
            for j in range(n_lab):
                v = table[r0, j] + table[r1, j]
                v += table[r2, j]
                v += table[r3, j]
                v += table[r4, j]
                v += table[r5, j]
                emit[p, j] = v + table[r6, j]
        for k in range(firsts.shape[0]):
            n = lengths[k]
            if n == 0:
                continue
            a = firsts[k]
            r = rows[a + 2] + 6
            for j in range(n_lab):
                emit[a, j] += table[r, j]
            for j in range(n_lab):
                emit[a + n - 1, j] += table[eos, j]
        for k in range(firsts.shape[0]):
            if H[k] and lengths[k]:
                for p in range(firsts[k], firsts[k] + lengths[k]):
                    r = rows[p + 2] + 5
                    for j in range(n_lab):
                        emit[p, j] += table[r, j]
        for k in range(ext_pos.shape[0]):
            p = ext_pos[k]
            r = ext_row[k]
            for j in range(n_lab):
                emit[p, j] += table[r, j]
    return out


def decode(const double[:, ::1] emit, starts, lengths, const double[:, ::1] trans):
    """Best label id of every token of every sentence, concatenated in sentence order (see the
    twin)."""
    cdef const Py_ssize_t[::1] A = np.ascontiguousarray(starts, dtype=np.intp)
    cdef const Py_ssize_t[::1] N = np.ascontiguousarray(lengths, dtype=np.intp)
    cdef Py_ssize_t n_lab = trans.shape[0], total = 0, longest = 1, k, a, n, pos, i, j, y, arg, done = 0
    cdef double best, v
    for k in range(N.shape[0]):
        total += N[k]
        if N[k] > longest:
            longest = N[k]
    result = np.empty(total, dtype=np.intp)
    cdef Py_ssize_t[::1] out = result
    cdef Py_ssize_t[:, ::1] back = np.empty((longest, n_lab), dtype=np.intp)
    cdef double[::1] score = np.empty(n_lab), new = np.empty(n_lab)
    with nogil:
        for k in range(A.shape[0]):
            a = A[k]
            n = N[k]
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
                        if v > best:  # strictly greater: the first of equal maxima wins, as argmax
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
    return result


cdef double _pairwise_p(const double* table, Py_ssize_t n_lab, const Py_ssize_t* flat,
                        Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t j) noexcept nogil:
    """Sum of ``table[flat[lo:hi] * n_lab + j]`` (a C-contiguous table of ``n_lab`` columns) in
    numpy's pairwise order (``pairwise_sum``: plain left to right from 0.0 under 8 terms, eight
    interleaved partial sums up to 128, halves above)."""
    cdef Py_ssize_t n = hi - lo, m, stop, half
    cdef double res, r0, r1, r2, r3, r4, r5, r6, r7
    if n < 8:
        res = 0.0
        for m in range(lo, hi):
            res += table[flat[m] * n_lab + j]
        return res
    if n <= 128:
        r0 = table[flat[lo] * n_lab + j]
        r1 = table[flat[lo + 1] * n_lab + j]
        r2 = table[flat[lo + 2] * n_lab + j]
        r3 = table[flat[lo + 3] * n_lab + j]
        r4 = table[flat[lo + 4] * n_lab + j]
        r5 = table[flat[lo + 5] * n_lab + j]
        r6 = table[flat[lo + 6] * n_lab + j]
        r7 = table[flat[lo + 7] * n_lab + j]
        m = lo + 8
        stop = hi - n % 8
        while m < stop:
            r0 += table[flat[m] * n_lab + j]
            r1 += table[flat[m + 1] * n_lab + j]
            r2 += table[flat[m + 2] * n_lab + j]
            r3 += table[flat[m + 3] * n_lab + j]
            r4 += table[flat[m + 4] * n_lab + j]
            r5 += table[flat[m + 5] * n_lab + j]
            r6 += table[flat[m + 6] * n_lab + j]
            r7 += table[flat[m + 7] * n_lab + j]
            m += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while m < hi:
            res += table[flat[m] * n_lab + j]
            m += 1
        return res
    half = n // 2
    half -= half % 8
    return _pairwise_p(table, n_lab, flat, lo, lo + half, j) + _pairwise_p(table, n_lab, flat, lo + half, hi, j)


cdef enum:
    MAX_LABELS = 32  # _seg_sum's partial sums; more labels take _pairwise_p label by label


cdef void _seg_sum(double* table, Py_ssize_t n_lab, const Py_ssize_t* flat, Py_ssize_t a,
                   Py_ssize_t b, Py_ssize_t r) noexcept nogil:
    """Row ``r`` = row ``flat[a]`` + the pairwise sum of rows ``flat[a + 1:b]``, as
    :func:`fill_rows` computes it, every label at once (each label's additions in the same order
    as :func:`_pairwise_p`: labels are independent, so only the loop nesting differs)."""
    cdef Py_ssize_t n = b - a - 1, m, j, k, stop
    cdef double acc[8][MAX_LABELS]
    cdef double res[MAX_LABELS]
    cdef double* out = table + r * n_lab
    cdef const double* first = table + flat[a] * n_lab
    cdef const double* row
    if n == 0:
        for j in range(n_lab):
            out[j] = first[j]
        return
    if n > 128 or n_lab > MAX_LABELS:
        for j in range(n_lab):
            out[j] = first[j] + _pairwise_p(table, n_lab, flat, a + 1, b, j)
        return
    if n < 8:
        for j in range(n_lab):
            res[j] = 0.0
        for m in range(a + 1, b):
            row = table + flat[m] * n_lab
            for j in range(n_lab):
                res[j] += row[j]
    else:
        for k in range(8):
            row = table + flat[a + 1 + k] * n_lab
            for j in range(n_lab):
                acc[k][j] = row[j]
        m = a + 9
        stop = b - n % 8
        while m < stop:
            for k in range(8):
                row = table + flat[m + k] * n_lab
                for j in range(n_lab):
                    acc[k][j] += row[j]
            m += 8
        for j in range(n_lab):
            res[j] = ((acc[0][j] + acc[1][j]) + (acc[2][j] + acc[3][j])) + (
                (acc[4][j] + acc[5][j]) + (acc[6][j] + acc[7][j])
            )
        while m < b:
            row = table + flat[m] * n_lab
            for j in range(n_lab):
                res[j] += row[j]
            m += 1
    for j in range(n_lab):
        out[j] = first[j] + res[j]


cdef inline object _get0(dict d, object key):
    """``d.get(key, 0)``."""
    cdef PyObject* p = PyDict_GetItem(d, key)
    return 0 if p == NULL else <object>p


# --- affix tables: an affix of up to 4 code points below U+FFFF packed into one 64-bit key ---

cdef enum:
    MAX_IDS = 256  # attribute rows of one new word (about 35)


cdef inline bint _pack(int kind, void* data, Py_ssize_t a, Py_ssize_t b,
                       unsigned long long* out) noexcept:
    """Code points ``a:b`` (1 to 4 of them) as base-65536 digits ``c + 1``; False when one is
    U+FFFF or above (or the range is empty or longer than 4): such affixes use the dictionary."""
    cdef unsigned long long key = 0
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    if b <= a or b - a > 4:
        return False
    for i in range(a, b):
        c = PyUnicode_READ(kind, data, i)
        if c >= 0xFFFF:
            return False
        key = (key << 16) | (<unsigned long long>c + 1)
    out[0] = key
    return True


cdef inline Py_ssize_t _slot(unsigned long long key, int shift) noexcept nogil:
    return <Py_ssize_t>((key * 0x9E3779B97F4A7C15ULL) >> shift)


cdef class _AffixTable:
    """``dict.get(affix, 0)`` of one affix dictionary (``p2``, ``p3``, ``x2``, ``x3`` or ``x4``
    attribute rows by value), probed with the packed code points of a word's slice: no slice string
    is made or hashed. Exact: a packed key is the affix itself, and affixes that cannot be packed
    are looked up in the dictionary."""

    cdef unsigned long long[::1] keys
    cdef Py_ssize_t[::1] vals
    cdef int shift
    cdef Py_ssize_t mask
    cdef dict d

    def __init__(self, dict d):
        cdef Py_ssize_t size = 16, i
        cdef int bits = 4
        cdef unsigned long long key
        cdef str k
        while size < 2 * len(d):
            size *= 2
            bits += 1
        self.keys = np.zeros(size, dtype=np.uint64)
        self.vals = np.zeros(size, dtype=np.intp)
        self.shift = 64 - bits
        self.mask = size - 1
        self.d = d
        for k, v in d.items():
            if _pack(PyUnicode_KIND(k), PyUnicode_DATA(k), 0, len(k), &key):
                i = _slot(key, self.shift)
                while self.keys[i] != 0:
                    i = (i + 1) & self.mask
                self.keys[i] = key
                self.vals[i] = v

    cdef inline Py_ssize_t get(self, str w, int kind, void* data, Py_ssize_t a, Py_ssize_t b) except -1:
        """The row of affix ``w[a:b]`` (0 when the model has none)."""
        cdef unsigned long long key, k
        cdef Py_ssize_t i
        cdef PyObject* p
        if not _pack(kind, data, a, b, &key):
            p = PyDict_GetItem(self.d, w[a:b])
            return 0 if p == NULL else <Py_ssize_t><object>p
        i = _slot(key, self.shift)
        while True:
            k = self.keys[i]
            if k == key:
                return self.vals[i]
            if k == 0:
                return 0
            i = (i + 1) & self.mask


cdef class _WordTables:
    """What :class:`WordRows` looks words up in, built once per tagger (from its model's
    attributes only, so it outlives :meth:`Tagger._reset`): every word key's cluster and prior
    rows (9), word rows (5) and phrase flag in one row of ``ids``, its word pairs in ``wp``, both
    found with one probe of ``index``; the five affix tables."""

    cdef dict index
    cdef list wp
    cdef Py_ssize_t[:, ::1] ids
    cdef Py_ssize_t unknown_ids[15]
    cdef _AffixTable p2, p3, x2, x3, x4

    def __init__(self, tagger, no_ids):
        cdef dict infos = tagger._infos, word_ids = tagger._word_ids, wp = tagger._wp_follow
        cdef dict phrase_lengths = tagger._features._phrase_lengths
        cdef tuple unknown = tuple(tagger._unknown), nid = tuple(no_ids), x
        cdef Py_ssize_t k, c
        cdef PyObject* p
        keys = list(dict.fromkeys([*infos, *word_ids, *wp, *phrase_lengths]))
        self.index = {w: k for k, w in enumerate(keys)}
        self.ids = np.zeros((len(keys), 15), dtype=np.intp)
        for k in range(len(keys)):
            w = keys[k]
            p = PyDict_GetItem(infos, w)
            x = unknown if p == NULL else <tuple?><object>p
            for c in range(9):
                self.ids[k, c] = <Py_ssize_t>x[c]
            p = PyDict_GetItem(word_ids, w)
            x = nid if p == NULL else <tuple?>tuple(<object>p)
            for c in range(5):
                self.ids[k, 9 + c] = <Py_ssize_t>x[c]
            self.ids[k, 14] = 1 if w in phrase_lengths else 0
        self.wp = [wp.get(w) for w in keys]
        for c in range(9):
            self.unknown_ids[c] = unknown[c]
        for c in range(5):
            self.unknown_ids[9 + c] = nid[c]
        self.unknown_ids[14] = 0
        self.p2, self.p3, self.x2, self.x3, self.x4 = [_AffixTable(d) for d in tagger._affixes]


cdef class WordRows:
    """Makes the word tuple of a token new to a tagger (see the twin): the same tuple and the same
    summed rows. Unlike the twin it sums the word's seven rows at once (``fill_rows``' order of
    additions) instead of queueing them for ``Tagger._flush``, and finds a word's attribute rows
    in :class:`_WordTables` (kept on the tagger as ``_word_tables``): one probe for its cluster,
    prior, word, word-pair and phrase attributes, affixes by packed code points (no slice strings)."""

    cdef object tagger, shape_map, no_ids, upper, table_obj
    cdef dict words, shapes, gazetteer, aid, kidx
    cdef list kwp
    cdef tuple const
    cdef list lengths
    cdef _WordTables tables
    cdef _AffixTable p2, p3, x2, x3, x4
    cdef double[:, ::1] table
    cdef Py_UCS4 small[0x250]

    def __init__(self, tagger, shape_map, no_ids):
        cdef Py_ssize_t c
        for c in range(0x250):  # shape_map is a str.translate table of one-character values
            self.small[c] = ord(shape_map[c])
        self.tagger = weakref.ref(tagger)  # the tagger holds this object: no reference cycle
        self.shape_map = shape_map
        self.no_ids = no_ids
        self.words = tagger._words
        self.shapes = tagger._shapes
        self.const = tuple(tagger._const)
        self.lengths = list(tagger._lengths)
        self.upper = tagger._upper
        self.gazetteer = tagger.res.gazetteer
        self.aid = tagger._aid
        self.table_obj = None
        tables = tagger.__dict__.get("_word_tables")
        if type(tables) is not _WordTables:
            tables = tagger._word_tables = _WordTables(tagger, no_ids)
        self.tables = <_WordTables>tables
        self.kidx = self.tables.index
        self.kwp = self.tables.wp
        self.p2, self.p3, self.x2 = self.tables.p2, self.tables.p3, self.tables.x2
        self.x3, self.x4 = self.tables.x3, self.tables.x4

    cpdef object shape(self, str tok):
        """``tok.translate(shape_map)``: the table's character below U+0250, else ``x`` for a letter
        and ``?`` for anything else (``_ShapeMap.__missing__``)."""
        cdef Py_UCS4 buf[64]
        cdef Py_ssize_t i = 0
        cdef Py_UCS4 ch
        if len(tok) > 64:
            return tok.translate(self.shape_map)
        for ch in tok:
            if ch < 0x250:
                buf[i] = self.small[ch]
            elif ch.isalpha():
                buf[i] = 120  # x
            else:
                buf[i] = 63  # ?
            i += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, i)

    def __call__(self, str tok):
        """The word tuple of ``tok`` (cached in the tagger's word dictionary)."""
        cdef object t = self.tagger()
        cdef bint upper = tok.isupper()
        cdef str w = tok if upper and len(tok) > 1 else tok.lower()  # word_key(tok)
        cdef Py_ssize_t n = len(w), base, k = -1, m = 0, s, a, b, r, f, j, n_lab
        cdef int kind = PyUnicode_KIND(w)
        cdef void* data = PyUnicode_DATA(w)
        cdef PyObject* p
        cdef bint cap, alpha, inph = False
        cdef Py_UCS4 c0
        cdef tuple sh, snb, const = self.const
        cdef const Py_ssize_t* ki
        cdef Py_ssize_t ids[MAX_IDS + 16]  # _put checks MAX_IDS at each call; at most 7 ids are set between calls
        cdef Py_ssize_t seg[8]
        cdef object long, g = None, wp = None, tbl
        cdef double* T
        long = self.shape(tok)
        p = PyDict_GetItem(self.shapes, long)
        sh = <tuple?>(t._shape_of(long) if p == NULL else <object>p)
        p = PyDict_GetItem(self.kidx, w)
        if p == NULL:
            ki = self.tables.unknown_ids
        else:
            k = <Py_ssize_t><object>p
            ki = &self.tables.ids[k, 0]
            inph = ki[14] != 0
            wp = self.kwp[k]
        if len(tok):
            c0 = tok[0]
            cap = c0.isupper()
            alpha = c0.isalpha()
        else:
            cap = alpha = False
        if self.gazetteer:
            p = PyDict_GetItem(self.gazetteer, w)
            if p != NULL:
                g = <object>p
        # info rows ki[0..8]: c=, -2c=, -1c=, 1c=, 2c=, cf=, cp=, cpT=, HL&cp=; word rows ki[9..13]
        # own attributes
        seg[0] = m
        ids[m] = ki[9]
        ids[m + 1] = self.p2.get(w, kind, data, 0, 2 if n > 2 else n)
        ids[m + 2] = self.p3.get(w, kind, data, 0, 3 if n > 3 else n)
        ids[m + 3] = self.x2.get(w, kind, data, n - 2 if n > 2 else 0, n)
        ids[m + 4] = self.x3.get(w, kind, data, n - 3 if n > 3 else 0, n)
        ids[m + 5] = self.x4.get(w, kind, data, n - 4 if n > 4 else 0, n)
        ids[m + 6] = <Py_ssize_t>self.lengths[n if n < 4 else 4]
        m += 7
        m = _put(ids, m, <tuple?>sh[0])
        ids[m] = ki[0]  # c=
        ids[m + 1] = ki[5]  # cf=
        ids[m + 2] = ki[6]  # cp=
        m += 3
        if cap:
            ids[m] = <Py_ssize_t>const[0]  # T
            ids[m + 1] = ki[7]  # cpT=
            m += 2
        if upper and n > 1:
            ids[m] = <Py_ssize_t>self.upper
            m += 1
        if g:
            ids[m] = <Py_ssize_t>_get0(self.aid, "g=" + g)
            m += 1
        # what it adds to the tokens two before, one before, one after, two after it
        snb = <tuple?>sh[1]
        seg[1] = m
        ids[m] = ki[10]
        ids[m + 1] = ki[1]
        m = _put(ids, m + 2, <tuple?>snb[0])
        seg[2] = m
        ids[m] = ki[11]
        ids[m + 1] = ki[2]
        m = _put(ids, m + 2, <tuple?>snb[1])
        if cap:
            ids[m] = <Py_ssize_t>const[1]
            m += 1
        if g:
            ids[m] = <Py_ssize_t>_get0(self.aid, "-1g=" + g)
            m += 1
        seg[3] = m
        ids[m] = ki[12]
        ids[m + 1] = ki[3]
        m = _put(ids, m + 2, <tuple?>snb[2])
        if cap:
            ids[m] = <Py_ssize_t>const[2]
            m += 1
        if g:
            ids[m] = <Py_ssize_t>_get0(self.aid, "1g=" + g)
            m += 1
        seg[4] = m
        ids[m] = ki[13]
        ids[m + 1] = ki[4]
        m = _put(ids, m + 2, <tuple?>snb[3])
        # headline case, sentence start
        seg[5] = m
        ids[m] = <Py_ssize_t>const[3]
        ids[m + 1] = ki[8]
        m = _put(ids, m + 2, <tuple?>sh[2])
        seg[6] = m
        ids[m] = 0
        m = _put(ids, m + 1, <tuple?>sh[3])
        seg[7] = m
        # seven rows, summed now (rows queued by the tagger before are summed first, in order)
        if t._pfirst != t._free:
            t._flush()
        base = t._free
        if base + 7 > len(t._table):
            base = t._make_room(7)
        t._free = t._pfirst = base + 7
        tbl = t._table
        if tbl is not self.table_obj:
            self.table = tbl
            self.table_obj = tbl
        T = &self.table[0, 0]
        n_lab = self.table.shape[1]
        for s in range(7):
            _seg_sum(T, n_lab, ids, seg[s], seg[s + 1], base + s)
        hit = (
            base,
            w,
            sh[4],
            True if cap else False,
            (2 if cap else 1) if alpha else 0,
            "True" if cap else "False",
            True if inph else False,
            wp,
        )
        if wp is None:
            # ints, strings, bools and None only: no cycle can pass through it, so the collector
            # need not track it (it would find that out itself at its first collection)
            PyObject_GC_UnTrack(hit)
        self.words[tok] = hit
        return hit


cdef inline Py_ssize_t _put(Py_ssize_t* ids, Py_ssize_t m, tuple rows) except -1:
    """Appends the row ids of ``rows`` at ``ids[m:]``; the new end. Checked on every call (empty
    ``rows`` too), so ``m`` stays under ``MAX_IDS`` plus the few ids written between calls."""
    cdef object x
    if m + len(rows) > MAX_IDS:
        raise ValueError("too many attribute rows for one word")
    for x in rows:
        ids[m] = <Py_ssize_t>x
        m += 1
    return m
