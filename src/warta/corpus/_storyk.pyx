# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Story-vector arithmetic, compiled: the kernel of ``_storyk_py.py`` (same functions, same results,
float for float). The store's single writer weighs every new article's story terms and compares it
with up to 25 candidates; here those loops run over the dicts with C doubles and ``libc`` ``log``
(what ``math.log`` calls), adding left to right as the twin does.

>>> round(cosine({"a": 1.0, "b": 1.0}, {"a": 2.0}, norm({"a": 1.0, "b": 1.0}), 2.0), 4)
0.7071
"""

from cpython.dict cimport PyDict_GetItem, PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject
from libc.math cimport log, sqrt
from libc.stdlib cimport free, malloc


def weigh(dict tf, dict dfs, doc_freq, long long n):
    """(weights, idf) of the terms of ``tf`` among ``n`` documents; see the twin."""
    cdef dict weights = {}
    cdef dict idf = {}
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef PyObject* hit
    cdef long long df, cnt
    cdef double w
    while PyDict_Next(tf, &pos, &key, &value):
        t = <object>key
        hit = PyDict_GetItem(dfs, t)
        if hit is NULL:
            got = doc_freq("text", t)
            PyDict_SetItem(dfs, t, got)
            df = got
        else:
            df = <object>hit
        cnt = <object>value
        w = log(1.0 + <double>n / <double>(df + 1))
        weights[t] = (1.0 + log(<double>cnt)) * w
        idf[t] = w if df != 0 else -1.0
    return weights, idf


def norm(dict v) -> float:
    """Euclidean length of a term vector."""
    cdef double total = 0.0, w
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    while PyDict_Next(v, &pos, &key, &value):
        w = <double><object>value
        total += w * w
    return sqrt(total)


def cosine(dict a, dict b, double na, double nb) -> float:
    """Cosine of two term vectors whose norms are ``na`` and ``nb`` (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    cdef double dot = 0.0, w
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef PyObject* other
    while PyDict_Next(a, &pos, &key, &value):
        w = <double><object>value
        other = PyDict_GetItem(b, <object>key)
        dot += w * (<double><object>other if other is not NULL else 0.0)
    return dot / (na * nb) if na and nb else 0.0


cdef Py_ssize_t _keep_best(double* vals, Py_ssize_t* best, Py_ssize_t m, Py_ssize_t keep, Py_ssize_t i) noexcept:
    """Insert item ``i`` into ``best[:m]`` (indices into ``vals``, largest value first, equal values
    in insertion order), keeping at most ``keep``; returns the new count."""
    cdef double v = vals[i]
    cdef Py_ssize_t j
    if m == keep:
        if not (v > vals[best[m - 1]]):  # a tie with the last stays out: the earlier one ranks first
            return m
        j = m - 1
    else:
        j = m
        m += 1
    while j > 0 and v > vals[best[j - 1]]:
        best[j] = best[j - 1]
        j -= 1
    best[j] = i
    return m


def top_terms(dict weights, dict idf, int keep, int query):
    """(the ``keep`` heaviest terms as {term: weight}, heaviest first, equal weights in ``weights``
    order; the at most ``query`` of those with a positive idf, highest first, ties in that order)."""
    cdef Py_ssize_t n = len(weights), pos = 0, i, m = 0, q = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef double* ws = NULL
    cdef double* idfs = NULL
    cdef Py_ssize_t* best = NULL
    cdef Py_ssize_t* sel = NULL
    cdef list keys = []
    cdef dict top = {}
    cdef list lookup = []
    if keep <= 0 or n == 0:
        return top, lookup
    ws = <double*>malloc(n * sizeof(double))
    idfs = <double*>malloc(n * sizeof(double))
    best = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    sel = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    try:
        if ws == NULL or idfs == NULL or best == NULL or sel == NULL:
            raise MemoryError()
        i = 0
        while PyDict_Next(weights, &pos, &key, &value):
            keys.append(<object>key)
            ws[i] = <double><object>value
            m = _keep_best(ws, best, m, keep, i)
            i += 1
        for i in range(m):
            top[keys[best[i]]] = ws[best[i]]
            idfs[i] = <double>idf[keys[best[i]]]
            if idfs[i] > 0 and query > 0:
                q = _keep_best(idfs, sel, q, query, i)
        for i in range(q):
            lookup.append(keys[best[sel[i]]])
        return top, lookup
    finally:
        free(ws)
        free(idfs)
        free(best)
        free(sel)
