# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Text kernels shared by enrichment stages, compiled: the same functions as the pure-Python twin
``_textk_py.py``, with the same results (see its docstring).

    >>> sorted(word_set("Kata-nya AS & PBB: katanya dia", "&-"))
    ['&', 'AS', 'Kata-nya', 'PBB', 'dia', 'katanya']
    >>> sorted(word_set("katanya menurutnya dia", "", ("nya",)))
    ['dia', 'kata', 'katanya', 'menurut', 'menurutnya']

What is compiled: the word scan (``\\w`` as Python's ``re`` tests it: ``Py_UNICODE_ISALNUM`` or
``_``, plus the ``extra`` characters) straight into the set, and the suffix stems.
"""

cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t i)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)


def word_set(str text, str extra="", tuple suffixes=()):
    """The distinct words of ``text`` plus the stems of ``suffixes`` (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, j, k, n_extra = len(extra), ls
    cdef Py_UCS4 e0 = 0, e1 = 0
    cdef bint many = n_extra > 2
    if n_extra >= 1:
        e0 = extra[0]
    if n_extra >= 2:
        e1 = extra[1]
    cdef set words = set()
    cdef Py_UCS4 c
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if Py_UNICODE_ISALNUM(c) or c == 95 or (n_extra and (c == e0 or (n_extra > 1 and c == e1) or (many and c in extra))):
            j = i + 1
            while j < n:
                c = PyUnicode_READ(kind, data, j)
                if Py_UNICODE_ISALNUM(c) or c == 95 or (n_extra and (c == e0 or (n_extra > 1 and c == e1) or (many and c in extra))):
                    j += 1
                else:
                    break
            words.add(text[i:j])
            i = j
        else:
            i += 1
    cdef str suf, w
    cdef list stems
    for suf in suffixes:
        ls = len(suf)
        stems = []
        for w in words:
            if len(w) > ls + 2 and w.endswith(suf):
                stems.append(w[: len(w) - ls] if ls else "")
        words.update(stems)
    return words
