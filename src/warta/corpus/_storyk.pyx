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
