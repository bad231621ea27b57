# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Sentence-splitter kernel, compiled: the same function as the pure-Python twin ``_sentk_py.py``,
with the same results (see its docstring).

    >>> text = 'Harga naik 2.5 persen. "Satu. Dua," kata Kim.\\nBaru!'
    >>> [text[s:e] for s, e in split(text, [(23, 35)], frozenset())]
    ['Harga naik 2.5 persen.', '"Satu. Dua," kata Kim.', 'Baru!']
    >>> is_abbreviation("tiba di Jl. Sudirman", 10, frozenset({"Jl"})), is_abbreviation("oleh U.S. Army", 8, frozenset())
    (True, True)

What is compiled: the paragraph, end-punctuation and next-sentence patterns of the twin as one
loop over the code points (``\\s`` and ``str.isspace`` as ``Py_UNICODE_ISSPACE``; the character
sets are disjoint, so the greedy loops give what the patterns' backtracking gives), and the
quotation test by binary search, and the abbreviation test (the word before the dot found by a
backward scan: the leftmost start of the twin's ``([\\w.'’-]+)$`` search, including ``$`` matching
before a newline that ends the window; the initialism pattern as a character check).
"""

from libc.stdlib cimport free, malloc

from warta.enrich._ucs cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISUPPER,
)


cdef inline bint _in_word(Py_UCS4 c):
    # [\w.'’-]
    return Py_UNICODE_ISALNUM(c) or c == 95 or c == 46 or c == 39 or c == 0x2019 or c == 45


cdef inline bint _ascii_letter(Py_UCS4 c):
    return (65 <= c <= 90) or (97 <= c <= 122)


cpdef bint is_abbreviation(str text, Py_ssize_t dot, frozenset abbrevs):
    """Whether the ``.`` at ``dot`` ends an abbreviation (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t lo = dot - 40 if dot > 40 else 0
    cdef Py_ssize_t end = dot, p, n, k
    cdef Py_UCS4 c
    if dot > len(text):
        end = len(text)
    p = end
    while p > lo and _in_word(PyUnicode_READ(kind, data, p - 1)):
        p -= 1
    if p == end:
        # no word right before: "$" also matches before a newline that ends the window
        if end > lo and PyUnicode_READ(kind, data, end - 1) == 10:
            end -= 1
            p = end
            while p > lo and _in_word(PyUnicode_READ(kind, data, p - 1)):
                p -= 1
            if p == end:
                return False
        else:
            return False
    cdef str word = text[p:end].lstrip("(\"'“")
    if not word:
        return False
    cdef str core = word.rstrip(".")
    if word in abbrevs or core in abbrevs:
        return True
    n = len(core)
    if n == 1:
        c = core[0]
        if Py_UNICODE_ISALPHA(c) and Py_UNICODE_ISUPPER(c):
            return True  # initial: "H." in "Prof. Dr. H. Amir", "J. Smith"
    # ^(?:[A-Za-z]\.)+[A-Za-z]$ : "U.S", "a.n"
    if n < 3 or n % 2 == 0:
        return False
    for k in range(n):
        c = core[k]
        if k % 2 == 0:
            if not _ascii_letter(c):
                return False
        elif c != 46:
            return False
    return True


cdef inline bint _is_end(Py_UCS4 c):
    return c == 46 or c == 33 or c == 63 or c == 0x2026  # . ! ? …


cdef inline bint _is_closer(Py_UCS4 c):
    # " ” ’ ' » ) ]
    return c == 34 or c == 0x201D or c == 0x2019 or c == 39 or c == 0xBB or c == 41 or c == 93


cdef inline bint _is_opener(Py_UCS4 c):
    # " “ „ « ' ‘ ( [
    return c == 34 or c == 0x201C or c == 0x201E or c == 0xAB or c == 39 or c == 0x2018 or c == 40 or c == 91


cdef inline bint _is_capital(Py_UCS4 c):
    # [A-Z0-9À-ÖØ-Þ]
    return (65 <= c <= 90) or (48 <= c <= 57) or (0xC0 <= c <= 0xD6) or (0xD8 <= c <= 0xDE)


cdef inline void _append(list spans, int kind, void* data, Py_ssize_t s, Py_ssize_t e):
    while s < e and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, s)):
        s += 1
    while e > s and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, e - 1)):
        e -= 1
    if e > s:
        spans.append((s, e))


def split(str text, list regions, frozenset abbrevs):
    """Sentence spans ``(start, end)`` of ``text`` (see the twin)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), nr = len(regions)
    cdef Py_ssize_t ps, pe, start, i, j, ms, end, lo, hi, mid, run
    cdef Py_UCS4 c, last
    cdef list spans = []
    cdef Py_ssize_t* rs = NULL
    cdef Py_ssize_t* re_ = NULL
    cdef bint skip
    if nr:
        rs = <Py_ssize_t*>malloc(nr * sizeof(Py_ssize_t))
        re_ = <Py_ssize_t*>malloc(nr * sizeof(Py_ssize_t))
        if rs == NULL or re_ == NULL:
            free(rs)
            free(re_)
            raise MemoryError()
        for i in range(nr):
            rs[i] = (<tuple?>regions[i])[0]
            re_[i] = (<tuple?>regions[i])[1]
    try:
        ps = 0
        while ps < n:
            if PyUnicode_READ(kind, data, ps) == 10:
                ps += 1
                continue
            pe = ps + 1
            while pe < n and PyUnicode_READ(kind, data, pe) != 10:
                pe += 1
            start = ps
            i = ps
            while i < pe:
                if not _is_end(PyUnicode_READ(kind, data, i)):
                    i += 1
                    continue
                ms = i
                j = i + 1
                while j < pe and _is_end(PyUnicode_READ(kind, data, j)):
                    j += 1
                run = j - ms
                while j < pe and _is_closer(PyUnicode_READ(kind, data, j)):
                    j += 1
                end = j
                i = j  # the next end punctuation is looked for after this one (finditer)
                if end >= pe:
                    break
                # NEXT_OK: \s+ then opening quotes/brackets, then a capital or a digit
                j = end
                while j < pe and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
                    j += 1
                if j == end:
                    continue
                while j < pe and _is_opener(PyUnicode_READ(kind, data, j)):
                    j += 1
                if j >= pe or not _is_capital(PyUnicode_READ(kind, data, j)):
                    continue
                if run == 1 and PyUnicode_READ(kind, data, ms) == 46 and is_abbreviation(text, ms, abbrevs):
                    continue
                if nr:
                    last = PyUnicode_READ(kind, data, end - 1)
                    if not (last == 34 or last == 0x201D or last == 0xBB):
                        # the last region starting before ms (bisect_left(starts, ms) - 1)
                        lo = 0
                        hi = nr
                        while lo < hi:
                            mid = (lo + hi) // 2
                            if rs[mid] < ms:
                                lo = mid + 1
                            else:
                                hi = mid
                        if lo >= 1 and rs[lo - 1] < ms < re_[lo - 1]:
                            continue  # inside a quotation that closes later in the paragraph
                _append(spans, kind, data, start, end)
                start = end
            _append(spans, kind, data, start, pe)
            ps = pe
    finally:
        free(rs)
        free(re_)
    return tuple(spans)
