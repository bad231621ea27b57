# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Date-finder kernels, compiled: the same functions as the pure-Python twin ``_datek_py.py``,
with the same results (see its docstring).

    >>> text = "Pada 18 Juni 2021 dan kemarin, 5 orang."
    >>> digit_spans(text)
    [(5, 7), (13, 17), (31, 32)]

What is compiled: the digit runs (``\\d`` as Python's ``re`` tests it: ``Py_UNICODE_ISDECIMAL``),
the window merge (``str.isspace`` as ``Py_UNICODE_ISSPACE``) and the word-start scan
(``(?<!\\w)\\w+``, whose look-behind sees the character before a window; ``\\w`` is
``Py_UNICODE_ISALNUM`` or ``_``; one character's ``str.isdigit`` is ``Py_UNICODE_ISDIGIT``): only the
date pattern itself is run by ``re``, through ``match``. :func:`anchor_spots` finds each date
word with ``PyUnicode_Find`` and tries its pattern only there (``match``), not by ``finditer`` over the text.
"""

from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISDIGIT,
    Py_UNICODE_ISSPACE,
)
from warta.enrich._ascii cimport a_decimal, a_digit, a_word_char as _w


def digit_spans(str text):
    """Spans of the runs of decimal digits of ``text`` (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, j
    cdef list out = []
    while i < n:
        if a_decimal(PyUnicode_READ(kind, data, i)):
            j = i + 1
            while j < n and a_decimal(PyUnicode_READ(kind, data, j)):
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def merge_windows(str text, list spots, Py_ssize_t window):
    """Merged stretches around the (sorted) ``spots`` (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), s0, e0, s, e, cur_s = 0, cur_e = -1
    cdef bint have = False
    cdef list out = []
    for s0, e0 in spots:
        s = s0 - window
        if s < 0:
            s = 0
        e = e0 + window
        if e > n:
            e = n
        while e < n and not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, e)):
            e += 1
        if have and s <= cur_e:
            if e > cur_e:
                cur_e = e
        else:
            if have:
                out.append((cur_s, cur_e))
            cur_s = s
            cur_e = e
            have = True
    if have:
        out.append((cur_s, cur_e))
    return out


def word_matches(str text, list windows, frozenset starts, match):
    """Non-overlapping ``match(text, word start, window end)`` results over the windows (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), ws, we, i, j, done
    cdef Py_UCS4 c
    cdef list out = []
    for ws, we in windows:
        if we > n:
            we = n
        if ws < 0:
            ws = 0
        done = ws
        i = ws
        while i < we:
            c = PyUnicode_READ(kind, data, i)
            if not _w(c) or (i > 0 and _w(PyUnicode_READ(kind, data, i - 1))):
                i += 1
                continue
            j = i + 1
            while j < we and _w(PyUnicode_READ(kind, data, j)):
                j += 1
            if i >= done and (a_digit(c) or text[i:j].lower() in starts):
                m = match(text, i, we)
                if m is not None:
                    done = m.end()
                    out.append(m)
            i = j
    return out


cdef extern from "Python.h":
    Py_ssize_t PyUnicode_Find(object s, object sub, Py_ssize_t start, Py_ssize_t end, int direction) except -2


def anchor_spots(str low, tuple anchors):
    """Spans of the date words of ``anchors`` in ``low`` where a word starts (see the twin).

    Each pattern begins with its first word, so a match can only begin where ``str.find`` finds
    that word: the pattern is tried there (``match``) instead of scanning the text (``finditer``);
    after a match the next try is past its end, as ``finditer`` goes on.
    """
    cdef int kind = PyUnicode_KIND(low)
    cdef void* data = PyUnicode_DATA(low)
    cdef Py_ssize_t n = len(low), i, s0, e0, last_end
    cdef list spots = []
    cdef str first
    for pair in anchors:
        first = (<tuple>pair)[0]
        i = PyUnicode_Find(low, first, 0, n, 1)
        if i < 0:
            continue
        match = (<tuple>pair)[1].match
        last_end = 0
        while i >= 0:
            if i >= last_end:
                m = match(low, i)
                if m is not None:
                    s0 = i
                    e0 = m.end()
                    if s0 == 0 or not _w(PyUnicode_READ(kind, data, s0 - 1)):
                        spots.append((s0, e0))
                    last_end = e0
            i = PyUnicode_Find(low, first, i + 1, n, 1)
    return spots
