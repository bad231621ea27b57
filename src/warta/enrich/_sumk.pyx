# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Summary kernels, compiled: the same functions as the pure-Python twin ``_sumk_py.py``, with the
same results bit for bit (see its docstring).

    >>> text = "Banjir merendam rumah warga di Jakarta Timur.\\n\\nWarga mengungsi ke masjid."
    >>> spans, words = candidates(text, [(0, 45), (47, 73)], [(0, 45), (47, 73)], 3, 120)
    >>> spans, words[1]
    ([(0, 45), (47, 73)], ['warga', 'mengungsi', 'ke', 'masjid'])
    >>> pick(words, frozenset({"di", "ke"}), {"banjir": 1.0}, {"banjir"}, 1, 3.0, 60, 0.5)
    [0]

What is compiled: the word scan (the twin's ``WORD`` regex as a loop over code points, with the
``\\w``/``\\d`` tests of Python's ``re``: ``Py_UNICODE_ISALNUM`` or ``_``, ``Py_UNICODE_ISDECIMAL``;
words are counted first and only an accepted sentence's words are cut out and lower-cased, each on
its own, which is what lower-casing the space-joined sentence gives), the scoring loop (the same
set built in the same order, so the keyword weights are summed in the twin's order) and the
greedy picks (overlaps counted without building intersection and union sets).
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from libc.math cimport sqrt

from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
)
from warta.enrich._ascii cimport a_letter as _starts, a_word_cont as _goes_on


cdef Py_ssize_t _count(int kind, void* data, Py_ssize_t s, Py_ssize_t e, Py_ssize_t limit):
    """Words in ``[s, e)``, counting stops after ``limit``."""
    cdef Py_ssize_t i = s, n = 0
    while i < e:
        if _starts(PyUnicode_READ(kind, data, i)):
            n += 1
            if n > limit:
                return n
            i += 1
            while i < e and _goes_on(PyUnicode_READ(kind, data, i)):
                i += 1
        else:
            i += 1
    return n


cdef list _lower_words(str text, int kind, void* data, Py_ssize_t s, Py_ssize_t e):
    cdef list out = []
    cdef Py_ssize_t i = s, j, m
    cdef unsigned int u
    cdef bint folded  # a capital or a non-ASCII character: str.lower() decides
    while i < e:
        if _starts(PyUnicode_READ(kind, data, i)):
            j = i + 1
            while j < e and _goes_on(PyUnicode_READ(kind, data, j)):
                j += 1
            folded = False
            for m in range(i, j):
                u = PyUnicode_READ(kind, data, m)
                if u > 127 or (u - 65u) < 26u:
                    folded = True
                    break
            # an ASCII word without capitals is its own lower-case form: one string, not two
            out.append(text[i:j].lower() if folded else text[i:j])
            i = j
        else:
            i += 1
    return out


def candidates(str text, list spans, list keep, Py_ssize_t min_words, Py_ssize_t max_words):
    """Sentence spans inside a ``keep`` range with ``min_words``..``max_words`` words, and each
    one's lower-case words (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef list out = [], words = []
    cdef Py_ssize_t k_i = 0, n_keep = len(keep), s, e, ks, ke, n
    cdef tuple span
    for span in spans:
        s = span[0]
        e = span[1]
        while k_i < n_keep and <Py_ssize_t>(<tuple?>keep[k_i])[1] <= s:
            k_i += 1
        if k_i == n_keep:
            break
        ks = (<tuple?>keep[k_i])[0]
        ke = (<tuple?>keep[k_i])[1]
        if ks <= s and e <= ke:
            n = _count(kind, data, s, e, max_words)
            if min_words <= n <= max_words:
                out.append(span)
                words.append(_lower_words(text, kind, data, s, e))
    return out, words


cdef Py_ssize_t _common(set a, set b):
    """``len(a & b)``."""
    cdef Py_ssize_t n = 0
    if len(a) > len(b):
        a, b = b, a
    for w in a:
        if w in b:
            n += 1
    return n


def pick(
    list words,
    frozenset stop,
    dict unigram,
    set title,
    Py_ssize_t k,
    double position_weight,
    Py_ssize_t max_words,
    double redundancy,
):
    """Indices (ascending) of the ``k`` sentences picked (see the twin)."""
    cdef list pool = []
    cdef Py_ssize_t i, n_content, in_title, j, best_j, n_inter
    cdef double score, sc, best_v, overlap, o, v
    cdef list ws
    cdef set distinct, ds, p
    cdef PyObject* hit
    for i in range(len(words)):
        ws = <list?>words[i]
        distinct = set()
        n_content = 0
        for w in ws:
            if w not in stop:
                distinct.add(w)
                n_content += 1
        if n_content == 0:
            continue
        score = 0.0
        in_title = 0
        for w in distinct:
            hit = PyDict_GetItem(unigram, w)
            if hit is not NULL:
                score = score + <double><object>hit
            else:
                score = score + 0.0
            if w in title:
                in_title += 1
        score = score + 0.5 * <double>in_title
        score = score / sqrt(<double>n_content)
        score = score * (1.0 + position_weight / <double>(1 + i))
        if len(ws) > max_words:
            score = score * 0.7
        pool.append((-score, i, distinct))
    pool.sort()  # by score, best first; equal scores in text order (the twin's stable sort)
    cdef list picked_sets = [], picked = []
    while pool and len(picked) < k:
        best_j = 0
        best_v = -1.0
        for j in range(len(pool)):
            sc = -<double>(<tuple>pool[j])[0]
            if sc <= best_v:
                break  # sorted by score, and the discount never raises one: no later candidate wins
            ds = <set>(<tuple>pool[j])[2]
            overlap = 0.0
            for p in picked_sets:
                n_inter = _common(ds, p)
                o = <double>n_inter / <double>(len(ds) + len(p) - n_inter)
                if o > overlap:
                    overlap = o
            v = sc * (1.0 - redundancy * overlap)
            if v > best_v:
                best_j = j
                best_v = v
        entry = pool.pop(best_j)
        picked.append((<tuple>entry)[1])
        picked_sets.append((<tuple>entry)[2])
    return sorted(picked)
