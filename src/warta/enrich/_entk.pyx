# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Entity-stage kernels, compiled: the same functions as the pure-Python twin ``_entk_py.py``,
with the same results (see its docstring).

    >>> text = "Presiden Joko Widodo tiba di Jakarta pukul 09.30. Anak-anak menyambut."
    >>> toks, words = sentence_tokens(text, [(0, 50), (51, 72)])
    >>> words[0][-4:], toks[1][:2]
    (['Jakarta', 'pukul', '09.30', '.'], [51, 59])

What is compiled: the NER tokeniser's pattern (``warta.enrich.ner._TOKEN``: a number with
``.,/:``-joined digit groups, a word with ``-'’``-joined parts, or one other non-space symbol) as
one loop over the code points of each sentence, with the tests Python's ``re`` uses for ``\\d``,
``\\w`` and ``\\s`` (``Py_UNICODE_ISDECIMAL``, ``Py_UNICODE_ISALNUM`` or ``_``,
``Py_UNICODE_ISSPACE``); the token strings are cut out in the same pass. :func:`starts_in` probes
the two dicts at C level.
"""

from cpython.dict cimport PyDict_Contains


from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    is_word_char as _w,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
)


def sentence_tokens(str text, spans):
    """Token offsets (flat: start, end of each token) and token strings of each sentence span
    that holds a token (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), s, e, i, j
    cdef Py_UCS4 c, d
    cdef list toks_all = [], words_all = [], toks, words
    for s, e in spans:
        if e > n:
            e = n
        if s < 0:
            s = 0
        toks = []
        words = []
        i = s
        while i < e:
            c = PyUnicode_READ(kind, data, i)
            if Py_UNICODE_ISDECIMAL(c):
                # \d+(?:[.,/:]\d+)*
                j = i + 1
                while j < e and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, j)):
                    j += 1
                while j + 1 < e:
                    d = PyUnicode_READ(kind, data, j)
                    if (d == 46 or d == 44 or d == 47 or d == 58) and Py_UNICODE_ISDECIMAL(
                        PyUnicode_READ(kind, data, j + 1)
                    ):
                        j += 2
                        while j < e and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, j)):
                            j += 1
                    else:
                        break
            elif _w(c):
                # \w+(?:[-'’]\w+)*
                j = i + 1
                while j < e and _w(PyUnicode_READ(kind, data, j)):
                    j += 1
                while j + 1 < e:
                    d = PyUnicode_READ(kind, data, j)
                    if (d == 45 or d == 39 or d == 0x2019) and _w(PyUnicode_READ(kind, data, j + 1)):
                        j += 2
                        while j < e and _w(PyUnicode_READ(kind, data, j)):
                            j += 1
                    else:
                        break
            elif Py_UNICODE_ISSPACE(c):
                i += 1
                continue
            else:
                j = i + 1  # [^\w\s]
            toks.append(i)
            toks.append(j)
            words.append(text[i:j])
            i = j
        if toks:
            toks_all.append(toks)
            words_all.append(words)
    return toks_all, words_all


def starts_in(list words, dict first, dict more):
    """Indices of the ``words`` that are keys of ``first`` or of ``more`` (see the twin)."""
    cdef list out = []
    cdef Py_ssize_t i
    for i in range(len(words)):
        w = words[i]
        if PyDict_Contains(first, w) or PyDict_Contains(more, w):
            out.append(i)
    return out
