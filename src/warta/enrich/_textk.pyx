# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Text kernels shared by enrichment stages, compiled: the same functions as the pure-Python twin
``_textk_py.py``, with the same results (see its docstring).

    >>> sorted(word_set("Kata-nya AS & PBB: katanya dia", "&-"))
    ['&', 'AS', 'Kata-nya', 'PBB', 'dia', 'katanya']
    >>> sorted(word_set("katanya menurutnya dia", "", ("nya",)))
    ['dia', 'kata', 'katanya', 'menurut', 'menurutnya']
    >>> word_counts("uang dan uang 2 kata_nya")
    ({'uang': 2, 'dan': 1, 'kata': 1, 'nya': 1}, ['uang', 'dan', 'uang', 'kata', 'nya'])
    >>> title_case_line("Intro\\nTrump Says He Will Win Again\\nmore", 10), title_case_line("a b C D", 0)
    (True, False)

What is compiled: the word scan (``\\w`` as Python's ``re`` tests it: ``Py_UNICODE_ISALNUM`` or
``_``, plus the ``extra`` characters) straight into the set, and the suffix stems;
:func:`word_counts` counts letter runs straight into a dict; :func:`title_case_line` counts the line's tokens and capitalised ones without cutting any out
(one character's ``str.isupper`` is ``Py_UNICODE_ISUPPER``; the ratio is the same double division).
The quote stage's reporting-verb search (:func:`verb_hits`) and cue-word offsets (:func:`cue_offsets`,
:func:`occurrences`)
are the twin's ``str.find`` loops with ``PyUnicode_Find`` and C-level boundary tests.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject

from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
)
from warta.enrich._ascii cimport a_alnum, a_letter, a_upper, a_word_char as _w


def word_counts(str text):
    """``({word: count}, words in order)`` of the letter runs of ``text`` (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, j
    cdef Py_UCS4 c
    cdef dict counts = {}
    cdef list words = []
    cdef PyObject* hit
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if a_letter(c):
            j = i + 1
            while j < n:
                c = PyUnicode_READ(kind, data, j)
                if a_letter(c):
                    j += 1
                else:
                    break
            w = text[i:j]
            words.append(w)
            hit = PyDict_GetItem(counts, w)
            if hit is NULL:
                counts[w] = 1
            else:
                counts[w] = <long><object>hit + 1
            i = j
        else:
            i += 1
    return counts, words


cdef inline Py_ssize_t _token_end(int kind, void* data, Py_ssize_t i, Py_ssize_t end) noexcept:
    """The end of a token's tail ``[\\w.'’&-]*`` that starts at ``i`` (stops at ``end``)."""
    cdef Py_UCS4 c
    while i < end:
        c = PyUnicode_READ(kind, data, i)
        if _w(c) or c == 46 or c == 39 or c == 0x2019 or c == 38 or c == 45:
            i += 1
        else:
            break
    return i


def title_case_line(str text, Py_ssize_t pos):
    """Whether the line holding ``pos`` is in Title Case (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), ls, le, i, words = 0, upper = 0
    cdef Py_UCS4 c
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    if le < 0:
        le = n
    i = ls
    while i < le:
        c = PyUnicode_READ(kind, data, i)
        if not _w(c):
            i += 1
            continue
        words += 1
        if a_upper(c):
            upper += 1
        i = _token_end(kind, data, i + 1, le)
    if words < 4:
        return False
    return <double>upper / <double>words > 0.6


cdef inline bint _in_run(Py_UCS4 c, Py_ssize_t n_extra, Py_UCS4 e0, Py_UCS4 e1, bint many, str extra):
    # a word run's character: \w, or one of ``extra`` (its first two held in e0, e1)
    return a_alnum(c) or c == 95 or (n_extra and (c == e0 or (n_extra > 1 and c == e1) or (many and c in extra)))



cdef inline Py_ssize_t _run_end(int kind, void* data, Py_ssize_t j, Py_ssize_t n, Py_ssize_t n_extra,
                                Py_UCS4 e0, Py_UCS4 e1, bint many, str extra):
    # the end of the word run that continues at ``j`` (the first index not in the run, or ``n``)
    while j < n and _in_run(PyUnicode_READ(kind, data, j), n_extra, e0, e1, many, extra):
        j += 1
    return j

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
        if _in_run(c, n_extra, e0, e1, many, extra):
            j = _run_end(kind, data, i + 1, n, n_extra, e0, e1, many, extra)
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


cdef extern from "Python.h":
    Py_ssize_t PyUnicode_Find(object s, object sub, Py_ssize_t start, Py_ssize_t end, int direction) except -2
    int PySet_Contains(object s, object key) except -1


cdef inline bint _glued(int kind, void* data, Py_ssize_t i):
    # str.isalnum() of one character, or "_" / "-"
    cdef Py_UCS4 c = PyUnicode_READ(kind, data, i)
    return a_alnum(c) or c == 95 or c == 45


cdef inline bint _starts_with(int kind, void* data, Py_ssize_t n, str suf, Py_ssize_t j):
    # low.startswith(suf, j) for j <= n
    cdef Py_ssize_t ls = len(suf), m
    if j + ls > n:
        return False
    cdef int skind = PyUnicode_KIND(suf)
    cdef void* sdata = PyUnicode_DATA(suf)
    for m in range(ls):
        if PyUnicode_READ(kind, data, j + m) != PyUnicode_READ(skind, sdata, m):
            return False
    return True


def verb_hits(str low, tuple verb_list, tuple suffixes, set words):
    """``(start, end)`` of every reporting verb in ``low``, leftmost-longest, not overlapping (see the twin)."""
    cdef int kind = PyUnicode_KIND(low)
    cdef void* data = PyUnicode_DATA(low)
    cdef Py_ssize_t n = len(low), i, j, end, lv
    cdef list found = []
    cdef str verb, suf
    cdef object first
    for pair in verb_list:
        verb = (<tuple>pair)[0]
        first = (<tuple>pair)[1]
        if not PySet_Contains(words, first):
            continue
        lv = len(verb)
        i = PyUnicode_Find(low, verb, 0, n, 1)
        while i >= 0:
            j = i + lv
            if i == 0 or not _glued(kind, data, i - 1):
                end = j
                for suf in suffixes:
                    if _starts_with(kind, data, n, suf, j):
                        end = j + len(suf)
                        break
                if end >= n or not _glued(kind, data, end):
                    found.append((i, -end))
                elif end != j and (j >= n or not _glued(kind, data, j)):
                    found.append((i, -j))
            i = PyUnicode_Find(low, verb, i + 1, n, 1)
    found.sort()  # by start, then the longest first: the twin's key (start, -end)
    cdef list hits = []
    cdef Py_ssize_t last_end = -1, s0, e0
    for h in found:
        s0 = (<tuple>h)[0]
        e0 = -<Py_ssize_t>(<tuple>h)[1]
        if s0 >= last_end:
            hits.append((s0, e0))
            last_end = e0
    return hits


def occurrences(str low, list keys):
    """Starts and ends of every occurrence of each of ``keys`` in ``low``, sorted (see the twin)."""
    cdef Py_ssize_t n = len(low), i, lk
    cdef list occ = []
    cdef str key
    for key in keys:
        lk = len(key)
        i = PyUnicode_Find(low, key, 0, n, 1)
        while i >= 0:
            occ.append((i, i + lk))
            i = PyUnicode_Find(low, key, i + 1, n, 1)
    occ.sort()
    cdef list starts = [], ends = []
    for o in occ:
        starts.append((<tuple>o)[0])
        ends.append((<tuple>o)[1])
    return starts, ends


cdef extern from "Python.h":
    Py_ssize_t PyUnicode_FindChar(object s, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end, int direction) except -2


def words_starting(str text, str extra, str starts):
    """The distinct words of ``text`` whose first character is one of ``starts`` (see the twin):
    only those words are cut out of the text (an ASCII first character is tested on a bitmap)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, j, n_extra = len(extra), n_starts = len(starts), t
    cdef Py_UCS4 e0 = 0, e1 = 0, c
    cdef bint many = n_extra > 2
    cdef unsigned long long lo = 0, hi = 0  # ASCII members of starts: bit c of lo (c < 64) or hi
    cdef unsigned int u
    if n_extra >= 1:
        e0 = extra[0]
    if n_extra >= 2:
        e1 = extra[1]
    for t in range(n_starts):
        u = PyUnicode_READ(PyUnicode_KIND(starts), PyUnicode_DATA(starts), t)
        if u < 64u:
            lo |= 1ULL << u
        elif u < 128u:
            hi |= 1ULL << (u - 64u)
    cdef set words = set()
    cdef bint wanted
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if _in_run(c, n_extra, e0, e1, many, extra):
            u = c
            if u < 64u:
                wanted = (lo >> u) & 1ULL
            elif u < 128u:
                wanted = (hi >> (u - 64u)) & 1ULL
            else:
                wanted = PyUnicode_FindChar(starts, c, 0, n_starts, 1) >= 0
            j = _run_end(kind, data, i + 1, n, n_extra, e0, e1, many, extra)
            if wanted:
                words.add(text[i:j])
            i = j
        else:
            i += 1
    return words


cdef bint _isalnum_str(str s):
    # str.isalnum(): not empty, every character alphanumeric
    cdef Py_ssize_t n = len(s), i
    if n == 0:
        return False
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    for i in range(n):
        if not a_alnum(PyUnicode_READ(kind, data, i)):
            return False
    return True


def cue_offsets(str low, tuple cue_words, set words):
    """Offsets of the cue key words whose cue may occur in ``low`` (see the twin)."""
    cdef dict keys = {}
    cdef str first
    for pair in cue_words:
        first = (<tuple>pair)[0]
        if PySet_Contains(words, first) or not _isalnum_str(first):
            keys[(<tuple>pair)[1]] = None
    return occurrences(low, list(keys))


def count_tokens(str text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t limit):
    """How many tokens ``[\\w][\\w.'’&-]*`` the twin's ``TOKEN.finditer(text, start, end)`` gives,
    counting stopped at the ``limit``-th (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = 0, i, size = len(text)
    if start < 0:
        start = 0
    if end > size:
        end = size
    i = start
    while i < end:
        if _w(PyUnicode_READ(kind, data, i)):
            n += 1
            if n >= limit:
                return n
            i = _token_end(kind, data, i + 1, end)
        else:
            i += 1
    return n
