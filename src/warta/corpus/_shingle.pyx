# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Word tokens and word shingles for duplicate detection, compiled: the kernel of ``_shingle_py.py``
(same functions, same results).

The ingest workers tokenise every article's lead + body (2.6 M words on the 1,678 bench pages) and
build its word 3-shingles for MinHash. Here :func:`tokens` is one C pass over the string's code
points (``\\w`` as ``re`` defines it for ``str``: ``Py_UNICODE_ISALNUM`` or ``_``) that slices the
runs out, and :func:`shingles` writes each shingle straight into a new string of the right width
(no tuple, no generic ``join``).

>>> tokens("banjir di jakarta, 2024_a")
['banjir', 'di', 'jakarta', '2024_a']
>>> sorted(shingles(["a", "b", "c", "d"], 3))
['a b c', 'b c d']
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, PyUnicode_GET_LENGTH


cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    void PyUnicode_WRITE(int kind, void* data, Py_ssize_t index, Py_UCS4 value)
    Py_UCS4 PyUnicode_MAX_CHAR_VALUE(object o)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    object PyUnicode_Substring(object s, Py_ssize_t start, Py_ssize_t end)
    Py_ssize_t PyUnicode_CopyCharacters(object to, Py_ssize_t to_start, object frm, Py_ssize_t from_start, Py_ssize_t how_many) except -1


cdef unsigned char ASCII_WORD[128]
for _c in range(128):
    ASCII_WORD[_c] = chr(_c).isalnum() or _c == 95


cdef inline bint is_word(Py_UCS4 ch) noexcept:
    if ch < 128:
        return ASCII_WORD[ch]
    return Py_UNICODE_ISALNUM(ch)


def tokens(str text) -> list:
    """``re.findall(r"\\w+", text)``: runs of word characters (Unicode alphanumerics and ``_``)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, start
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef list out = []
    while i < n:
        if is_word(PyUnicode_READ(kind, data, i)):
            start = i
            i += 1
            while i < n and is_word(PyUnicode_READ(kind, data, i)):
                i += 1
            out.append(PyUnicode_Substring(text, start, i))
        else:
            i += 1
    return out


def shingles(list words, int k) -> set:
    """Word ``k``-shingles as space-joined strings (the words themselves joined when fewer than ``k``)."""
    cdef Py_ssize_t n = len(words), i, j, size, pos, m
    cdef Py_UCS4 maxchar, mc
    cdef str w
    cdef object s
    cdef set out = set()
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, not {k}")
    if n < k:
        if n:
            out.add(" ".join(words))
        return out
    for i in range(n - k + 1):
        size = k - 1
        maxchar = 127
        for j in range(i, i + k):
            w = <str?>words[j]
            size += PyUnicode_GET_LENGTH(w)
            mc = PyUnicode_MAX_CHAR_VALUE(w)
            if mc > maxchar:
                maxchar = mc
        s = PyUnicode_New(size, maxchar)
        pos = 0
        for j in range(i, i + k):
            w = <str?>words[j]
            m = PyUnicode_GET_LENGTH(w)
            if j > i:
                PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), pos, 32)
                pos += 1
            PyUnicode_CopyCharacters(s, pos, w, 0, m)
            pos += m
        out.add(s)
    return out
