# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Metadata kernels: one pass over a page's text instead of ``text.lower()`` plus a search per label.

Twin: ``_metak_py.py`` (same functions, same results); import through
``warta._compiled.kernel("warta.extract._metak")``.

>>> labels_in("Baca Juga: Banjir di Jakarta", ("baca juga", "read more"))
['baca juga']
"""

from libc.string cimport memset
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from cpython.unicode cimport PyUnicode_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH

ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t

cdef enum:
    MAX_LABELS = 64


cdef struct Labels:
    Py_ssize_t n
    Py_ssize_t left
    const unsigned char *ptr[MAX_LABELS]
    Py_ssize_t len[MAX_LABELS]
    char found[MAX_LABELS]
    int order[MAX_LABELS]       # label indexes grouped by first character
    int start[129]              # labels with first character c: order[start[c]:start[c + 1]]
    unsigned char pair[128][129]  # 1 when some label starts with these two characters (129th: any non-ASCII)


cdef int _scan(const char_t *s, Py_ssize_t n, Labels *L) noexcept nogil:
    """Mark the labels found in ``s`` (ASCII case folded); -1 when a U+0130 / U+212A is met first."""
    cdef Py_ssize_t i, j, m, q
    cdef uint32_t c, d
    cdef int k
    cdef const unsigned char *lab
    for i in range(n):
        c = s[i]
        if c >= 128:
            if c == 0x130 or c == 0x212A:
                return -1
            continue
        if 65 <= c <= 90:
            c += 32
        if L.start[c] == L.start[c + 1]:
            continue
        if i + 1 < n:
            d = s[i + 1]
            if 65 <= d <= 90:
                d += 32
            if d >= 128:
                d = 128
            if not L.pair[c][d]:
                continue
        for q in range(L.start[c], L.start[c + 1]):
            k = L.order[q]
            m = L.len[k]
            if L.found[k] or i + m > n:
                continue
            lab = L.ptr[k]
            j = 1
            while j < m:
                d = s[i + j]
                if 65 <= d <= 90:
                    d += 32
                if d != lab[j]:
                    break
                j += 1
            if j == m:
                L.found[k] = 1
                L.left -= 1
                if L.left == 0:
                    return 0
    return 0


def labels_in(str text, tuple labels):
    """The ``labels`` (lower-case, in their order) found in ``text.lower()``.

    ASCII labels are matched in one left-to-right pass, folding ASCII case on the fly. A non-ASCII
    character lower-cases to non-ASCII characters only, except U+0130 and U+212A (whose lower case
    holds an ASCII letter): a text holding either, or a non-ASCII, upper-case or empty label, takes
    the twin's path.
    """
    cdef Labels L
    cdef Py_ssize_t nl = len(labels), k, n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text), c, pos, rc
    cdef bytes b
    cdef list keep = []
    cdef int count[128]
    if nl > MAX_LABELS or nl == 0:
        return _slow(text, labels)
    for c in range(128):
        count[c] = 0
    for k in range(nl):
        label = labels[k]
        if (
            type(label) is not str or not (<str>label).isascii() or len(<str>label) == 0
            or (<str>label).lower() != label
        ):
            return _slow(text, labels)
        b = (<str>label).encode("ascii")
        keep.append(b)
        L.ptr[k] = b
        L.len[k] = len(b)
        L.found[k] = 0
        count[L.ptr[k][0]] += 1
    L.n = nl
    memset(L.pair, 0, sizeof(L.pair))
    for k in range(nl):
        c = L.ptr[k][0]
        if L.len[k] == 1:
            memset(L.pair[c], 1, 129)  # a one-character label: any next character
        else:
            L.pair[c][L.ptr[k][1]] = 1
    L.left = nl
    pos = 0
    for c in range(128):
        L.start[c] = pos
        pos += count[c]
    L.start[128] = pos
    for c in range(128):
        count[c] = L.start[c]
    for k in range(nl):
        c = L.ptr[k][0]
        L.order[count[c]] = <int>k
        count[c] += 1
    if kind == 1:
        rc = _scan(<const uint8_t *>PyUnicode_DATA(text), n, &L)
    elif kind == 2:
        rc = _scan(<const uint16_t *>PyUnicode_DATA(text), n, &L)
    else:
        rc = _scan(<const uint32_t *>PyUnicode_DATA(text), n, &L)
    if rc < 0:
        return _slow(text, labels)
    return [labels[k] for k in range(nl) if L.found[k]]


def _slow(str text, tuple labels):
    low = text.lower()
    return [label for label in labels if label in low]


__all__ = ["labels_in"]
