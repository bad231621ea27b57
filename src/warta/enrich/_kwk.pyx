# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Keyword ranking kernel, compiled: the same function as the pure-Python twin ``_kwk_py.py``,
with the same results bit for bit (see its docstring for what :func:`rank` does).

    >>> memo = {}
    >>> rank("Harga beras naik. Harga beras turun.", {"beras"}, memo, frozenset({"the"}), 100, {}, 5.0, 40)
    (('beras', 1.0), ('Harga', 0.6667), ('naik', 0.4206), ('turun', 0.4206))

``rank`` classifies every word in C and does not use ``memo`` (kept in the signature for the
twin, where a memo look-up is cheaper than the classification in Python): in the pipeline, after
the other stages, a look-up in a memo of tens of thousands of words misses the CPU caches and costs
more than lower-casing the word and one look-up in the small stopword set (0.75 -> 0.52 CPU ms per
article for this stage, measured interleaved in the enrichment pipeline).

What is compiled: the word classifier (character tests with the ``Py_UNICODE_IS*`` macros that
``str.isupper``/``str.isalpha`` use on one character), the tokeniser (the twin's ``TOKEN`` regex as a loop over the text's code
points, with the ``\\w``/``\\d`` tests of Python's ``re``: ``Py_UNICODE_ISALNUM`` or ``_``, and
``Py_UNICODE_ISDECIMAL``; punctuation and number tokens break a run without being looked up, as
the classifier always breaks them), the run loop counting words, pairs and triples straight into
dicts (pairs and triples keyed by their word tuples, whose hash comes from the words' cached
hashes; the ``"w1 w2"`` string is made only for the ones that recur, when scored; an ASCII word
without capitals is used as its own lower-case form), and the scoring loop, whose terms are
sorted by ``qsort`` over C arrays (negated score, then the key as Python orders two ``str``:
the twin's sort of ``(-score, key)`` tuples, without comparing Python floats and tuples).
Character tests take the ASCII fast paths of ``_ascii.pxd``. Arithmetic is the twin's, operation for operation.
"""

from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.ref cimport PyObject
from libc.math cimport log1p
from libc.stdlib cimport free, malloc, qsort

import builtins

from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISUPPER,
    Py_UNICODE_ISALPHA,
)
from warta.enrich._ascii cimport a_alnum, a_decimal, a_letter, a_upper, a_word_cont

_round = builtins.round
_LEN_WEIGHT = (1.0, 1.0, 1.0 + 0.3 * 1, 1.0 + 0.3 * 2)
"""``1.0 + 0.3 * (words - 1)``, computed by Python as the twin does."""


cdef inline bint _is_punct(Py_UCS4 c):
    # [,.;:!?()"“”\n]
    return (
        c == 44 or c == 46 or c == 59 or c == 58 or c == 33 or c == 63 or c == 40 or c == 41
        or c == 34 or c == 0x201C or c == 0x201D or c == 10
    )


cdef object _classify(str tok, frozenset stopwords):
    cdef Py_ssize_t n = len(tok)
    if n == 0:
        raise IndexError("empty token")  # as the twin's tok[-1]
    cdef int kind = PyUnicode_KIND(tok)
    cdef void* data = PyUnicode_DATA(tok)
    cdef Py_UCS4 last = PyUnicode_READ(kind, data, n - 1)
    cdef Py_UCS4 first
    cdef bint possessive = (
        n >= 2 and last == 115 and (PyUnicode_READ(kind, data, n - 2) in (39, 0x2019))
    )
    cdef str surface = tok
    cdef str low
    cdef bint cap
    if possessive:  # "WeWork’s" -> "WeWork"
        surface = tok[: n - 2]
    elif last == 39 or last == 0x2019:  # "bar’" -> "bar"
        surface = tok.rstrip("'’")
    if not surface:
        return ""
    low = surface.lower()
    if "’" in low:
        low = low.replace("’", "'")
    first = PyUnicode_READ(PyUnicode_KIND(surface), PyUnicode_DATA(surface), 0)
    cap = Py_UNICODE_ISUPPER(first)
    if len(low) < (2 if cap else 3) or low in stopwords or not Py_UNICODE_ISALPHA(first):
        return None
    return (low, cap, surface)


cdef extern from "Python.h":
    int PyUnicode_Compare(PyObject* left, PyObject* right) nogil  # called with the GIL held (see below)


cdef double* _sort_neg = NULL
cdef PyObject** _sort_keys = NULL


cdef int _by_score_then_key(const void* a, const void* b) noexcept nogil:
    # qsort's comparator over term indices: negated score, then the key (str order, as Python
    # compares two str); rank sets _sort_neg/_sort_keys right before it sorts (the GIL is held)
    cdef Py_ssize_t i = (<Py_ssize_t*>a)[0], j = (<Py_ssize_t*>b)[0]
    if _sort_neg[i] < _sort_neg[j]:
        return -1
    if _sort_neg[i] > _sort_neg[j]:
        return 1
    return PyUnicode_Compare(_sort_keys[i], _sort_keys[j])


def classify(str tok, frozenset stopwords, dict memo, Py_ssize_t memo_max):
    """``(lower-case key, capitalised, surface)``, ``None`` or ``""`` of a word (see the twin).

    >>> classify("WeWork’s", frozenset(), {}, 10), classify("dan", frozenset({"dan"}), {}, 10)
    (('wework', True, 'WeWork'), None)
    """
    out = _classify(tok, stopwords)
    if len(memo) >= memo_max:
        memo.clear()
    memo[tok] = out
    return out


def rank(
    str text,
    set title_words,
    dict memo,
    frozenset stopwords,
    Py_ssize_t memo_max,
    dict idf_of,
    double idf_unknown,
    Py_ssize_t max_terms,
):
    """Every kept term of ``text`` with its scaled score, best first (see the twin)."""
    global _sort_neg, _sort_keys
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0, j, k, e, m
    cdef bint plain_ascii
    cdef tuple tkey
    cdef Py_UCS4 first
    cdef str key
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef set lower_seen = set()
    cdef dict cased = {}
    cdef dict tf1 = {}
    cdef dict tf2 = {}
    cdef dict tf3 = {}
    cdef Py_ssize_t run = 0
    cdef int cap, cap_prev = -1
    cdef str p1 = "", p2 = "", low, surface
    cdef PyObject* hit
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if a_letter(c):
            # a word: [^\W\d_][\w'’-]*
            j = i + 1
            while j < n:
                c = PyUnicode_READ(kind, data, j)
                if a_word_cont(c):
                    j += 1
                else:
                    break
            # the classifier of the twin, on the text itself (no token string, no class tuple):
            # "WeWork’s" -> "WeWork", "bar’" -> "bar"
            e = j
            if j - i >= 2 and PyUnicode_READ(kind, data, j - 1) == 115 and (
                PyUnicode_READ(kind, data, j - 2) == 39 or PyUnicode_READ(kind, data, j - 2) == 0x2019
            ):
                e = j - 2
            else:
                while e > i and (
                    PyUnicode_READ(kind, data, e - 1) == 39 or PyUnicode_READ(kind, data, e - 1) == 0x2019
                ):
                    e -= 1
            first = PyUnicode_READ(kind, data, i)
            k = i
            i = j
            if e == k:
                continue  # nothing left: skipped, the run goes on
            # an ASCII word without capitals is its own lower-case form: one string, not two
            plain_ascii = True
            for m in range(k, e):
                c = PyUnicode_READ(kind, data, m)
                if c > 127 or (65 <= c <= 90):
                    plain_ascii = False
                    break
            if plain_ascii:
                low = text[k:e]
                surface = low
            else:
                surface = text[k:e]
                low = surface.lower()
                if "’" in low:
                    low = low.replace("’", "'")
            cap = 1 if a_upper(first) else 0
            # a first letter below 128 passed a_letter: A-Z a-z, alphabetic
            if len(low) < (2 if cap else 3) or low in stopwords or not (<unsigned int>first < 128u or Py_UNICODE_ISALPHA(first)):
                run = 0
                cap_prev = -1
                continue
            if plain_ascii or low == surface:
                lower_seen.add(low)
            elif low not in cased:
                cased[low] = surface
            if run and cap == cap_prev:
                # pairs and triples counted under their word tuples (hashes of the words, cached):
                # the "w1 w2" strings are made for the few that recur, when scored
                tkey = (p1, low)
                hit = PyDict_GetItem(tf2, tkey)
                if hit is NULL:
                    PyDict_SetItem(tf2, tkey, 1)
                else:
                    PyDict_SetItem(tf2, tkey, <long><object>hit + 1)
                if run >= 2:
                    tkey = (p2, p1, low)
                    hit = PyDict_GetItem(tf3, tkey)
                    if hit is NULL:
                        PyDict_SetItem(tf3, tkey, 1)
                    else:
                        PyDict_SetItem(tf3, tkey, <long><object>hit + 1)
                run += 1
            else:
                run = 1
            hit = PyDict_GetItem(tf1, low)
            if hit is NULL:
                PyDict_SetItem(tf1, low, 1)
            else:
                PyDict_SetItem(tf1, low, <long><object>hit + 1)
            p2 = p1
            p1 = low
            cap_prev = cap
        elif _is_punct(c):
            i += 1
            run = 0
            cap_prev = -1
        elif a_decimal(c):
            # a number: \d[\w.,]*
            j = i + 1
            while j < n:
                c = PyUnicode_READ(kind, data, j)
                if a_alnum(c) or c == 95 or c == 46 or c == 44:
                    j += 1
                else:
                    break
            i = j
            run = 0
            cap_prev = -1
        else:
            i += 1
    # every term's negated score and key; sorted below by (negated score, key) as the twin sorts
    # its (-score, key) tuples (keys are distinct, so the order is total)
    cdef list keys = []
    cdef list key_words = []
    cdef Py_ssize_t n_terms = len(tf1) + len(tf2) + len(tf3)
    cdef double* neg = <double*>malloc((n_terms + 1) * sizeof(double))
    cdef Py_ssize_t* order = <Py_ssize_t*>malloc((n_terms + 1) * sizeof(Py_ssize_t))
    cdef PyObject** key_ptrs = <PyObject**>malloc((n_terms + 1) * sizeof(PyObject*))
    if neg is NULL or order is NULL or key_ptrs is NULL:
        free(neg)
        free(order)
        free(key_ptrs)
        raise MemoryError()
    cdef Py_ssize_t m_terms = 0, t
    cdef double score, idf, boost, w2 = _LEN_WEIGHT[2], w3 = _LEN_WEIGHT[3]
    cdef long count
    cdef str w
    cdef tuple ws
    cdef list out = []
    cdef set taken = set()
    cdef bint clash, plain
    try:
        for key, count_o in tf1.items():
            count = count_o
            hit = PyDict_GetItem(idf_of, key)
            idf = idf_unknown if hit is NULL else <double><object>hit
            score = log1p(<double>count) * idf * (1.5 if key in title_words else 1.0)
            neg[m_terms] = -score
            keys.append(key)
            key_words.append((key,))
            m_terms += 1
        for tf, weight in ((tf2, w2), (tf3, w3)):
            for ws, count_o in (<dict>tf).items():
                count = count_o
                if count < 2:
                    continue
                idf = 0.0
                boost = 1.0
                for w in <tuple>ws:
                    hit = PyDict_GetItem(idf_of, w)
                    idf = idf + (idf_unknown if hit is NULL else <double><object>hit)
                    if boost == 1.0 and w in title_words:
                        boost = 1.5
                idf = idf / <double>len(<tuple>ws)
                score = log1p(<double>count) * idf * boost * <double>weight
                neg[m_terms] = -score
                keys.append(" ".join(<tuple>ws))
                key_words.append(ws)
                m_terms += 1
        for t in range(m_terms):
            order[t] = t
            key_ptrs[t] = <PyObject*>keys[t]
        _sort_neg = neg
        _sort_keys = key_ptrs
        qsort(order, m_terms, sizeof(Py_ssize_t), _by_score_then_key)
        for t in range(min(m_terms, max_terms * 8)):
            key = keys[order[t]]
            ws = <tuple>key_words[order[t]]
            clash = False
            for w in ws:
                if w in taken:
                    clash = True
                    break
            if clash:
                continue  # "kim" when "kim jong un" is in, or the other way round
            taken.update(ws)
            plain = True
            for w in ws:
                if w not in lower_seen:
                    plain = False
                    break
            term = key if plain else " ".join([cased.get(w, w) for w in ws])
            out.append((term, -neg[order[t]]))
            if len(out) >= max_terms:
                break
    finally:
        free(neg)
        free(order)
        free(key_ptrs)
    cdef double top = out[0][1] if out else 1.0
    return tuple([(term, _round(<double>sc / top, 4)) for term, sc in out])
