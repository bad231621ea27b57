# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The line model's numeric kernel in C: features, stacking and the tree walk.

Compiled twin of ``_linefeat_py.py`` (same functions, same results: the window means, runs and
regions are the same double operations in the same order; the per-line regular expressions are
character loops with the ``re`` module's own character classes; integer ``log1p`` values come
from a table numpy computed, so that they equal the twin's bit for bit). What still differs is
rounding in a few sums (a tree ensemble's leaves, added in tree order here, pairwise in numpy):
about 1e-15 of a log-odds. :mod:`warta.extract.lines_model` picks this module through
:func:`warta._compiled.kernel`.

>>> import numpy as np
>>> tree_predict(np.array([[0.2], [0.9]]), np.array([0, -1, -1]), np.array([0.5, 0.0, 0.0]),
...              np.array([1, 1, 2]), np.array([2, 1, 2]), np.array([0.0, -1.0, 2.0]), np.array([0])).tolist()
[-1.0, 2.0]
"""

from cpython.unicode cimport (
    PyUnicode_GET_LENGTH,
    PyUnicode_READ,
    PyUnicode_READ_CHAR,
    PyUnicode_KIND,
    PyUnicode_DATA,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISALNUM,
)
from cpython.dict cimport PyDict_GetItem
from cpython.long cimport PyLong_AsSsize_t
from cpython.ref cimport PyObject
from libc.math cimport isnan


from cpython.list cimport PyList_GET_ITEM
from cpython.tuple cimport PyTuple_GET_ITEM
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memset


cdef extern from "Python.h":
    ctypedef unsigned char Py_UCS1
    ctypedef unsigned short Py_UCS2
    enum:
        PyUnicode_1BYTE_KIND
        PyUnicode_2BYTE_KIND
    Py_ssize_t PyDict_GET_SIZE(object)
    bint PyUnicode_IS_ASCII(object)

cdef extern from *:
    """
    /* The object layout Cython gives text mode's compiled ``_lines.Line`` (its fields in
       declaration order after the vtable pointer); checked against a real Line at import. */
    typedef struct {
        PyObject_HEAD
        void *vtab;
        Py_ssize_t no, last_no, words;
        PyObject *text, *reason;
        int ends, body_like;
        PyObject *verdict, *kind, *dateline;
        double score;
    } warta_LineView;
    """
    ctypedef struct warta_LineView:
        Py_ssize_t words
        PyObject* text
        PyObject* reason
        int ends
        int body_like
        PyObject* verdict
        PyObject* kind
        PyObject* dateline
        double score

import numpy as np

from warta.extract.chrome import Verdict as _Verdict
from warta.extract._linefeat_py import pack_trees as _pack
from warta.extract.chrome import AD_REASON
from warta.extract._linefeat_py import is_furniture as _is_furniture
from warta.extract._linefeat_py import (
    _CHROME_KINDS,
    _PAGE_TOP,
    _STACK_WINDOWS,
    _WIN_IDX,
    _WINDOWS,
    BASE,
    CONTEXT,
    FEATURES,
    STACK,
)

cdef str _AD = AD_REASON  # a C-level constant: no module-dict look-up per line
cdef Py_ssize_t NB = len(BASE)
cdef Py_ssize_t NF = len(FEATURES)
cdef Py_ssize_t NS = len(STACK)
cdef Py_ssize_t NW = len(_WIN_IDX)
cdef Py_ssize_t NWIN = len(_WINDOWS)
cdef Py_ssize_t NCTX = len(CONTEXT)
cdef Py_ssize_t PAGE_TOP = _PAGE_TOP
_BASE_COLS = (
    "hand_score", "body_like", "ends", "log_words", "w_le3", "w_4_7", "w_8_15", "w_16_40", "w_gt40",
    "log_chars", "unclassified", "chrome", "section_break", "related_or_tag", "caption_or_credit",
    "byline_or_date", "dateline", "title_shape", "list_item", "digit_short", "stopword_share",
    "comma_rate", "caps_share", "sentences", "repeated", "teaser", "boilerplate", "table", "ellipsis",
    "separators", "colon_end", "in_hand_region", "wide_chars", "digit_share", "linkish", "page_words",
    "rel_chars", "long_run", "short_run", "same_opening", "page_wide",
)
"""The per-line columns this kernel fills, in its order (``x[:, 1 + k]``)."""
_CONTEXT_COLS = (
    "position", "before_first_body", "after_break", "after_region", "before_region", "lines_to_region",
    "run_share", "run_first", "run_len", "doc_log_lines",
)
if tuple(BASE) != _BASE_COLS or tuple(CONTEXT) != _CONTEXT_COLS or NF != 1 + NB + 2 * NWIN * NW + NCTX:
    # a feature added, renamed or moved in _linefeat_py: kernel() then warns and uses the twin
    raise ImportError("_linefeat: FEATURES changed in _linefeat_py; update the kernel's columns")
if tuple(STACK[:2]) != ("z", "z_minus_max") or STACK[len(STACK) - 1] != "pos_before_share":
    raise ImportError("_linefeat: STACK changed in _linefeat_py; update the kernel's stacking")
if NS != 3 + 4 * len(_STACK_WINDOWS):
    raise ImportError("_linefeat: STACK changed in _linefeat_py; update the kernel's stacking")
cdef Py_ssize_t[8] WIN_IDX
cdef Py_ssize_t[3] WINDOWS
cdef Py_ssize_t[5] STACK_WINDOWS
if NW != 8 or NWIN != 3 or len(_STACK_WINDOWS) != 5:
    raise ImportError("_linefeat: window lists changed in _linefeat_py; update the kernel")
for _i in range(8):
    WIN_IDX[_i] = _WIN_IDX[_i]
for _i in range(3):
    WINDOWS[_i] = _WINDOWS[_i]
for _i in range(5):
    STACK_WINDOWS[_i] = _STACK_WINDOWS[_i]

cdef enum:
    LOG_TABLE = 16384
    BLOCK = 16  # rows walked together through one tree

_LOG1P_ARR = np.log1p(np.arange(LOG_TABLE, dtype=np.float64))
cdef double[::1] LOG1P = _LOG1P_ARR
"""numpy's ``log1p`` of 0 .. 16,383 (numpy may use its own SIMD ``log1p``, not the C library's)."""


cdef inline double _log1p(Py_ssize_t k):
    """numpy's ``log1p(k)`` for a count ``k >= 0``."""
    if 0 <= k < LOG_TABLE:
        return LOG1P[k]
    return float(np.log1p(np.array([k], dtype=np.float64))[0])


cdef inline bint _word(Py_UCS4 c) noexcept:
    """``re``'s ``\\w`` on str patterns."""
    return c == u"_" or Py_UNICODE_ISALNUM(c)


cdef inline bint _cap(Py_UCS4 c) noexcept:
    """``[A-ZÀ-Þ]``."""
    return 65 <= c <= 90 or 192 <= c <= 222


cdef bint _list_item(str t, Py_ssize_t n, unsigned int kind, void* data) noexcept:
    """``re.match(r"(?:[-•*·–—]|\\d{1,2}[.)])\\s", t)``."""
    cdef Py_UCS4 c0, c1, c2
    if n < 2:
        return False
    c0 = PyUnicode_READ(kind, data, 0)
    c1 = PyUnicode_READ(kind, data, 1)
    if c0 == u"-" or c0 == u"•" or c0 == u"*" or c0 == u"·" or c0 == u"–" or c0 == u"—":
        if Py_UNICODE_ISSPACE(c1):
            return True
    if not Py_UNICODE_ISDECIMAL(c0):
        return False
    if (c1 == u"." or c1 == u")") and n > 2 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 2)):
        return True
    if Py_UNICODE_ISDECIMAL(c1) and n > 3:
        c2 = PyUnicode_READ(kind, data, 2)
        if (c2 == u"." or c2 == u")") and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 3)):
            return True
    return False


cdef bint _at(unsigned int kind, void* data, Py_ssize_t n, Py_ssize_t i, str lit) noexcept:
    """Whether the text (``kind``/``data``, ``n`` characters) holds the ASCII ``lit`` at ``i``."""
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(lit)
    cdef Py_ssize_t j
    if i + m > n:
        return False
    for j in range(m):
        if PyUnicode_READ(kind, data, i + j) != PyUnicode_READ_CHAR(lit, j):
            return False
    return True


cdef bint _link_at(unsigned int kind, void* data, Py_ssize_t n, Py_ssize_t i, Py_UCS4 c) noexcept:
    """Whether ``r"https?:|www\\.|@\\w|\\.(?:com|net|org)\\b|#\\w"`` matches at ``i`` (``c``: the
    character there) in the text ``kind``/``data`` of ``n`` characters."""
    if c == u"h":
        return _at(kind, data, n, i, "http:") or _at(kind, data, n, i, "https:")
    if c == u"w":
        return _at(kind, data, n, i, "www.")
    if c == u"@" or c == u"#":
        return i + 1 < n and _word(PyUnicode_READ(kind, data, i + 1))
    if c == u".":
        return (
            _at(kind, data, n, i + 1, "com") or _at(kind, data, n, i + 1, "net") or _at(kind, data, n, i + 1, "org")
        ) and (i + 4 >= n or not _word(PyUnicode_READ(kind, data, i + 4)))
    return False


cdef void _runs(const double* score, Py_ssize_t n, Py_ssize_t* ra, Py_ssize_t* rb, list runs):
    """Kadane's positive runs of ``score`` (the twin's ``positive_runs``) appended to ``runs`` as
    (total, start, end); ``ra``/``rb`` get the first run scoring half the best (``region``).

    The ``_lines`` kernel's ``best_region`` runs the same scan over line objects' scores; this
    one reads a C array (both inputs are hot, neither converts cheaply to the other)."""
    cdef double cur = 0.0, best_t = 0.0, top = 0.0
    cdef Py_ssize_t start = 0, best_a = 0, best_b = 0, i
    cdef bint has_best = False
    for i in range(n):
        if cur <= 0:
            if has_best:
                runs.append((best_t, best_a, best_b))
                has_best = False
            cur = 0.0
            start = i
        cur += score[i]
        if cur > 0 and (not has_best or cur > best_t):
            best_t = cur
            best_a = start
            best_b = i
            has_best = True
    if has_best:
        runs.append((best_t, best_a, best_b))
    ra[0] = n
    rb[0] = n - 1
    if not runs:
        return
    top = max([r[0] for r in runs])
    for r in runs:
        if r[0] >= 0.5 * top:
            ra[0] = r[1]
            rb[0] = r[2]
            return


cdef void _run_lengths(double[:, ::1] x, Py_ssize_t col, const unsigned char* flag, Py_ssize_t n) noexcept:
    """``log1p(run length) / 4`` of each set ``flag``'s run of set flags into column ``col`` (0 elsewhere)."""
    cdef Py_ssize_t i = 0, j, k
    cdef double v
    while i < n:
        j = i
        while j < n and flag[j] == flag[i]:
            j += 1
        v = _log1p(j - i) / 4.0 if flag[i] else 0.0
        for k in range(i, j):
            x[k, col] = v
        i = j


cdef void _window_means(const double* src, Py_ssize_t sstride, Py_ssize_t ncol, const Py_ssize_t* cols,
                        Py_ssize_t n, const Py_ssize_t* windows, Py_ssize_t nwin, double* dst,
                        Py_ssize_t dstride, Py_ssize_t first, double* pre) noexcept:
    """The twin's ``_window_means`` of the columns ``cols`` of ``src`` (row-major, ``sstride``
    doubles a row) into ``dst[:, first:]`` (``dstride`` a row); ``pre``: (n + 1) x ncol scratch."""
    cdef Py_ssize_t i, c, w, k, lo, hi, cp, cn, out
    cdef double* d
    for c in range(ncol):
        pre[c] = 0.0
    for i in range(n):
        for c in range(ncol):
            pre[(i + 1) * ncol + c] = pre[i * ncol + c] + src[i * sstride + cols[c]]
    for i in range(n):
        out = first
        d = dst + i * dstride
        for k in range(nwin):
            w = windows[k]
            lo = i - w if i > w else 0
            hi = i + 1 + w if i + 1 + w < n else n
            cp = i - lo if i - lo > 1 else 1
            cn = hi - i - 1 if hi - i - 1 > 1 else 1
            for c in range(ncol):
                d[out + c] = (pre[i * ncol + c] - pre[lo * ncol + c]) / cp
            out += ncol
            for c in range(ncol):
                d[out + c] = (pre[hi * ncol + c] - pre[(i + 1) * ncol + c]) / cn
            out += ncol


cdef bint _SPACE[256]
"""An ASCII code unit is white space for ``str.split()`` (9-13, 28-32)."""
for _i in range(256):
    _SPACE[_i] = _i == 32 or 9 <= _i <= 13 or 28 <= _i <= 31


cdef inline unsigned long long _fnv_ascii(const unsigned char* d, Py_ssize_t a, Py_ssize_t b) noexcept:
    """FNV-1a of ``d[a:b]`` lower-cased (ASCII), by code point: equals :func:`_fnv_str` of the word."""
    cdef unsigned long long h = 14695981039346656037ULL
    cdef unsigned char c
    cdef Py_ssize_t i
    for i in range(a, b):
        c = d[i]
        if 65 <= c <= 90:
            c += 32
        h = (h ^ c) * 1099511628211ULL
    return h


cdef inline unsigned long long _fnv_str(str w) noexcept:
    """FNV-1a of ``w``'s code points."""
    cdef unsigned long long h = 14695981039346656037ULL
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(w)
    cdef unsigned int kind = PyUnicode_KIND(w)
    cdef void* data = PyUnicode_DATA(w)
    for i in range(n):
        h = (h ^ <unsigned long long>PyUnicode_READ(kind, data, i)) * 1099511628211ULL
    return h


cdef class _Vocab:
    """A page's words, numbered in first-seen order: an open-addressing table of ids keyed by
    the lower-cased word, so that a word seen again in an ASCII line costs no ``str``."""

    cdef list words
    cdef int* slot
    cdef unsigned long long* hashes
    cdef Py_ssize_t mask, size, cap

    def __cinit__(self):
        self.words = []
        self.mask = 1023
        self.size = 0
        self.cap = 1024
        self.slot = <int*>malloc((self.mask + 1) * sizeof(int))
        self.hashes = <unsigned long long*>malloc(self.cap * sizeof(unsigned long long))
        if self.slot == NULL or self.hashes == NULL:
            raise MemoryError()
        memset(self.slot, 0xFF, (self.mask + 1) * sizeof(int))

    def __dealloc__(self):
        free(self.slot)
        free(self.hashes)

    cdef int reset(self) except -1:
        """Forget every word (a table grown for a big page shrinks back)."""
        cdef int* p
        self.words = []
        self.size = 0
        if self.mask > 4095:
            p = <int*>malloc(1024 * sizeof(int))
            if p == NULL:
                raise MemoryError()
            free(self.slot)
            self.slot = p
            self.mask = 1023
        memset(self.slot, 0xFF, (self.mask + 1) * sizeof(int))
        return 0

    cdef int find_ascii(self, const unsigned char* d, Py_ssize_t a, Py_ssize_t b) except -2:
        """The id of ``d[a:b]`` lower-cased, or -1."""
        cdef unsigned long long h = _fnv_ascii(d, a, b)
        cdef Py_ssize_t i = <Py_ssize_t>(h & <unsigned long long>self.mask), j, m = b - a
        cdef int k
        cdef str w
        cdef unsigned char c
        cdef const unsigned char* wd
        while True:
            k = self.slot[i]
            if k < 0:
                return -1
            if self.hashes[k] == h:
                w = <str>PyList_GET_ITEM(self.words, k)
                if PyUnicode_GET_LENGTH(w) == m and PyUnicode_IS_ASCII(w):
                    wd = <const unsigned char*>PyUnicode_DATA(w)
                    for j in range(m):
                        c = d[a + j]
                        if 65 <= c <= 90:
                            c += 32
                        if c != wd[j]:
                            break
                    else:
                        return k
            i = (i + 1) & self.mask

    cdef int find_str(self, str w, unsigned long long h) except -2:
        """The id of the word ``w`` (hash ``h``), or -1."""
        cdef Py_ssize_t i = <Py_ssize_t>(h & <unsigned long long>self.mask)
        cdef int k
        while True:
            k = self.slot[i]
            if k < 0:
                return -1
            if self.hashes[k] == h and <str>PyList_GET_ITEM(self.words, k) == w:
                return k
            i = (i + 1) & self.mask

    cdef int add(self, str w, unsigned long long h) except -1:
        """Number the new word ``w`` (hash ``h``)."""
        cdef int k = <int>self.size
        cdef Py_ssize_t i, k2
        if self.size == self.cap:
            self.cap *= 2
            self.hashes = <unsigned long long*>_grow(self.hashes, self.cap * sizeof(unsigned long long))
        self.words.append(w)
        self.hashes[k] = h
        self.size += 1
        if 2 * self.size > self.mask + 1:  # keep the table at most half full
            self.mask = 2 * self.mask + 1
            free(self.slot)
            self.slot = <int*>malloc((self.mask + 1) * sizeof(int))
            if self.slot == NULL:
                raise MemoryError()
            memset(self.slot, 0xFF, (self.mask + 1) * sizeof(int))
            for k2 in range(self.size):
                i = <Py_ssize_t>(self.hashes[k2] & <unsigned long long>self.mask)
                while self.slot[i] >= 0:
                    i = (i + 1) & self.mask
                self.slot[i] = <int>k2
            return k
        i = <Py_ssize_t>(h & <unsigned long long>self.mask)
        while self.slot[i] >= 0:
            i = (i + 1) & self.mask
        self.slot[i] = k
        return k


cdef void* _grow(void* p, size_t size) except NULL:
    cdef void* q = realloc(p, size)
    if q == NULL:
        raise MemoryError()
    return q


cdef inline Py_ssize_t _intern(dict ids, object key, int* count):
    """``key``'s id in ``ids`` (a new id, the next integer, when unseen); counts one occurrence."""
    cdef PyObject* got = PyDict_GetItem(ids, key)
    cdef Py_ssize_t k
    if got == NULL:
        k = PyDict_GET_SIZE(ids)
        ids[key] = k
        count[k] = 1
    else:
        k = PyLong_AsSsize_t(<object>got)
        count[k] += 1
    return k


ctypedef fused _unit:
    Py_UCS1
    Py_UCS2
    Py_UCS4


cdef void _scan(const _unit* d, Py_ssize_t nh, Py_ssize_t nchars, unsigned int tk, void* td,
                Py_ssize_t* cnt) noexcept:
    """A line's character counts, its code units read directly (``d``; ``tk``/``td``: the same
    text for :func:`_link_at`): in the head (``nh`` characters) commas, capitalised words, digits,
    UTF-8 size, a link; in the whole line (``nchars``) sentence marks ([.!?] before white space or
    the end, a CJK mark), a separator (" | ", " • ", " · "), a digit. ``cnt`` gets those 8 values."""
    cdef Py_ssize_t j, ncomma = 0, ncaps = 0, ndig = 0, nutf = 0, nsent = 0
    cdef bint link = False, sep = False, digit = False
    cdef Py_UCS4 c, c1
    for j in range(nh):
        c = d[j]
        if c < 0x80:
            nutf += 1
            if c == u"," or c == u";":
                ncomma += 1
            elif 48 <= c <= 57:
                ndig += 1
            elif 65 <= c <= 90:
                if j == 0 or Py_UNICODE_ISSPACE(d[j - 1]):
                    ncaps += 1
            elif not link and (c == u"h" or c == u"w" or c == u"@" or c == u"#" or c == u"."):
                link = _link_at(tk, td, nh, j, c)
            continue
        nutf += 2 if c < 0x800 else (3 if c < 0x10000 else 4)
        if c == u"、" or c == u"，" or c == u"；":
            ncomma += 1
        elif Py_UNICODE_ISDECIMAL(c):
            ndig += 1
        elif 192 <= c <= 222 and (j == 0 or Py_UNICODE_ISSPACE(d[j - 1])):
            ncaps += 1
    for j in range(nchars):
        c = d[j]
        if c == u"." or c == u"!" or c == u"?":
            if j + 1 == nchars or Py_UNICODE_ISSPACE(d[j + 1]):
                nsent += 1
        elif c == u" ":
            if not sep and j + 2 < nchars and d[j + 2] == u" ":
                c1 = d[j + 1]
                sep = c1 == u"|" or c1 == u"•" or c1 == u"·"
        elif c < 0x80:
            if 48 <= c <= 57:
                digit = True
        elif c == u"。" or c == u"！" or c == u"？":
            nsent += 1
        elif not digit and Py_UNICODE_ISDECIMAL(c):
            digit = True
    cnt[0] = ncomma
    cnt[1] = ncaps
    cnt[2] = ndig
    cnt[3] = nutf
    cnt[4] = link
    cnt[5] = nsent
    cnt[6] = sep
    cnt[7] = digit


cdef class _Scratch:
    """A C buffer kept from one call to the next (a page's work arrays cost no allocation and
    no fresh, zero-filled memory pages), or a one-off one while it is in use or when a call needs
    more than :data:`SCRATCH_KEEP` bytes (a huge page does not pin its memory)."""

    cdef char* buf
    cdef size_t cap
    cdef bint busy

    def __dealloc__(self):
        free(self.buf)

    cdef char* take(self, size_t size, bint* own) except NULL:
        """``size`` bytes: this buffer (``own[0]`` False; :meth:`give` back) or a new one (True: free it)."""
        cdef char* p
        if self.busy or size > SCRATCH_KEEP:
            p = <char*>malloc(size if size else 1)
            if p == NULL:
                raise MemoryError()
            own[0] = True
            return p
        if size > self.cap:
            p = <char*>malloc(size)
            if p == NULL:
                raise MemoryError()
            free(self.buf)
            self.buf = p
            self.cap = size
        self.busy = True
        own[0] = False
        return self.buf

    cdef void give(self, char* p, bint own) noexcept:
        if own:
            free(p)
        else:
            self.busy = False


cdef enum:
    SCRATCH_KEEP = 8 << 20  # bytes a scratch buffer may keep between calls

cdef _Scratch _FEAT_SCRATCH = _Scratch()
cdef _Scratch _LOGIT_SCRATCH = _Scratch()

cdef list _KIND_OBJS = []
"""Line kinds seen so far (held, so that their addresses stay theirs) and, in :data:`_KIND_CODES`,
their ``_CHROME_KINDS`` code: a kind's code is a pointer comparison, not ``kind.value`` (an enum
property in Python) and a dict look-up."""
cdef int[64] _KIND_CODES


cdef inline Py_ssize_t _kind_code(object kind) except -2:
    """``_CHROME_KINDS.get(kind.value, -1)`` for a line kind (an enum member), by its address."""
    cdef Py_ssize_t j, m = len(_KIND_OBJS)
    cdef PyObject* p = <PyObject*>kind
    for j in range(m):
        if <PyObject*>PyList_GET_ITEM(_KIND_OBJS, j) == p:
            return _KIND_CODES[j]
    code = _CHROME_KINDS.get(kind.value, -1)  # Python code (an enum property): another thread may run
    m = len(_KIND_OBJS)  # so the slot is taken only now (no Python code from here to the append)
    if m < 64:
        _KIND_CODES[m] = code
        _KIND_OBJS.append(kind)
    return code


cdef inline unsigned long long _fnv_head(unsigned int kind, void* data, Py_ssize_t m) noexcept:
    """FNV-1a of the first ``m`` code points of a text."""
    cdef unsigned long long h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(m):
        h = (h ^ <unsigned long long>PyUnicode_READ(kind, data, i)) * 1099511628211ULL
    return h


cdef bint _same_head(str a, str b, Py_ssize_t m) noexcept:
    """Whether the first ``m`` code points of ``a`` and ``b`` (both at least ``m`` long) agree."""
    cdef unsigned int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b)
    cdef void* da = PyUnicode_DATA(a)
    cdef void* db = PyUnicode_DATA(b)
    cdef Py_ssize_t i
    for i in range(m):
        if PyUnicode_READ(ka, da, i) != PyUnicode_READ(kb, db, i):
            return False
    return True


cdef object _LINE_TYPE = None
"""The compiled ``_lines.Line`` when its fields sit where :c:type:`warta_LineView` says (then
:func:`features` reads them straight from the object, no attribute look-ups), else None."""


def _line_layout_ok():
    """Whether a compiled ``_lines.Line`` lays its fields out as ``warta_LineView`` (each field
    set through Python to a distinct value and read back through the struct); sets
    :data:`_LINE_TYPE`. False for the pure-Python twin or any other layout."""
    global _LINE_TYPE
    _LINE_TYPE = None
    try:
        from warta.extract import _lines
    except ImportError:
        return False
    line_type = getattr(_lines, "Line", None)
    if not isinstance(line_type, type) or getattr(line_type, "__basicsize__", 0) != sizeof(warta_LineView):
        return False
    cdef warta_LineView* view
    probe = (object(), object(), object())
    for ends, body_like in ((True, False), (False, True)):
        ln = line_type(3, "Abc def ghi jkl.", 4, ".")
        ln.text = "a probe line"
        ln.reason = "a reason"
        ln.words = 123457
        ln.ends = ends
        ln.body_like = body_like
        ln.verdict, ln.kind, ln.dateline = probe
        ln.score = -2.75
        view = <warta_LineView*><PyObject*>ln
        if not (
            view.text == <PyObject*>ln.text and view.reason == <PyObject*>ln.reason and view.words == 123457
            and (view.ends != 0) == ends and (view.body_like != 0) == body_like
            and view.verdict == <PyObject*>probe[0] and view.kind == <PyObject*>probe[1]
            and view.dateline == <PyObject*>probe[2] and view.score == -2.75
        ):
            return False
    _LINE_TYPE = line_type
    return True


_line_layout_ok()


def features(list lines, frozenset sw, Py_ssize_t extra=0):
    """The line model's input matrix (one row per line, ``FEATURES`` columns, then ``extra``
    columns left for the caller to fill: not initialised); see the twin.

    One pass per line over its characters (the twin's regular expressions as character tests)
    and its head's lower-cased words, which get page-wide ids (first-seen order, as the twin's
    dict): a word's count, whether it is a hint word and whether it is one of the page's
    frequent words are C arrays, so a line's share of them is a loop over its ids."""
    cdef Py_ssize_t n = len(lines)
    if extra < 0:
        raise ValueError("features: extra < 0")
    if n == 0:
        return np.zeros((0, NF + extra))
    arr = np.empty((n, NF + extra))  # every FEATURES column is written below
    cdef double[:, ::1] x = arr
    # the work arrays, in one kept buffer (:class:`_Scratch`): doubles, then 8-byte hashes and
    # counts, then ints, then flags
    cdef Py_ssize_t osize = 16
    while osize < 2 * n:
        osize *= 2
    cdef Py_ssize_t nints = 4 * n + 3 * (81 * n + 1) + (n + 1) + osize + n
    cdef size_t nbytes = (
        ((n + 1) * NW + n) * sizeof(double) + n * sizeof(unsigned long long) + n * sizeof(Py_ssize_t)
        + nints * sizeof(int) + 2 * n
    )
    cdef bint own
    cdef char* buf = _FEAT_SCRATCH.take(nbytes, &own)
    try:
        return _features(lines, sw, n, arr, x, buf, osize, own)
    finally:
        _FEAT_SCRATCH.give(buf, own)


cdef _Vocab _VOCAB = _Vocab()


cdef object _features(list lines, frozenset sw, Py_ssize_t n, object arr, double[:, ::1] x, char* buf,
                      Py_ssize_t osize, bint own):
    """:func:`features` in the work buffer ``buf`` (``own``: a one-off buffer, so a fresh vocabulary)."""
    cdef Py_ssize_t i, j, k, nt, nw, nh, nchars, words, kc, ncomma, ncaps, nsent, ndig, nutf
    cdef Py_ssize_t ra, rb, first_body, maxchars, a, b, dist, ntok, nsw, ntop, tid, nopen, m, slot
    cdef str t, head, reason
    cdef object ln, v, kind, lk
    cdef list runs
    cdef unsigned int tk
    cdef void* td
    cdef Py_UCS4 c, last, first, c1
    cdef double score, wide, maxlog, top_run, nw40, tt, wide_sum
    cdef bint brk, title_flag, link, sep, digit, body_like, ends, fast, has_dl
    cdef unsigned long long h
    cdef warta_LineView* lv = NULL
    cdef Py_ssize_t[8] cnt
    cdef double* pre = <double*>buf  # (n + 1) x NW: prefix sums for the window means
    cdef double* scores = pre + (n + 1) * NW
    cdef unsigned long long* open_hash = <unsigned long long*>(scores + n)
    cdef Py_ssize_t* chars_of = <Py_ssize_t*>(open_hash + n)
    # ids: each line's text and opening (repetition), each head word (vocabulary)
    cdef int* text_id = <int*>(chars_of + n)
    cdef int* text_count = text_id + n
    cdef int* open_id = text_count + n
    cdef int* open_count = open_id + n
    cdef int* tok_id = open_count + n  # every line's word ids, line after line (<= 80 a line)
    cdef int* tok_count = tok_id + 81 * n + 1  # per id: occurrences on the page
    cdef int* tok_flags = tok_count + 81 * n + 1  # per id: 1 hint word, 2 frequent, 4/8 seen (stamp)
    cdef int* tok_start = tok_flags + 81 * n + 1  # line i's ids: tok_id[tok_start[i]:tok_start[i + 1]]
    cdef int* open_slot = tok_start + n + 1  # openings: an open-addressing table of ids ...
    cdef int* open_rep = open_slot + osize  # ... and each id's first line
    cdef unsigned char* flags = <unsigned char*>(open_rep + n)  # 2 x n: long lines, short lines
    cdef Py_ssize_t omask = osize - 1
    wide_arr = np.empty(n)  # (numpy's own mean below)
    cdef double[::1] wide_col = wide_arr
    cdef dict text_ids = {}
    cdef list texts = [None] * n
    cdef _Vocab voc
    if own:
        voc = _Vocab()
    else:
        voc = _VOCAB
        voc.reset()
    cdef const unsigned char* ad
    cdef unsigned long long hw
    cdef bint has_sw = len(sw) > 0
    memset(open_slot, 0xFF, osize * sizeof(int))
    nopen = 0
    first_body = n
    maxchars = 0
    ntok = 0
    wide_sum = 0.0
    for i in range(n):
        ln = lines[i]
        fast = type(ln) is _LINE_TYPE
        if fast:  # text mode's own line: its fields straight from the object
            lv = <warta_LineView*><PyObject*>ln
            t = <str>lv.text
            v = <object>lv.verdict
            lk = <object>lv.kind
            words = lv.words
            score = lv.score
            body_like = lv.body_like != 0
            ends = lv.ends != 0
            has_dl = lv.dateline != <PyObject*>None
        else:
            t = ln.text
            v = ln.verdict
            lk = ln.kind
            has_dl = body_like = ends = False
            words = 0
            score = 0.0
        texts[i] = t
        text_id[i] = _intern(text_ids, t, text_count)
        nchars = PyUnicode_GET_LENGTH(t)
        if nchars == 0:
            raise IndexError("string index out of range (an empty line)")
        tk = PyUnicode_KIND(t)
        td = PyUnicode_DATA(t)
        # the opening (the first 12 characters): its id in the openings' table
        m = nchars if nchars < 12 else 12
        h = _fnv_head(tk, td, m)
        slot = <Py_ssize_t>(h & <unsigned long long>omask)
        while True:
            k = open_slot[slot]
            if k < 0:
                open_slot[slot] = <int>nopen
                open_hash[nopen] = h
                open_rep[nopen] = <int>i
                open_count[nopen] = 1
                open_id[i] = <int>nopen
                nopen += 1
                break
            if open_hash[k] == h:
                head = <str>PyList_GET_ITEM(texts, open_rep[k])
                if (PyUnicode_GET_LENGTH(head) if PyUnicode_GET_LENGTH(head) < 12 else 12) == m and _same_head(
                    head, t, m
                ):
                    open_count[k] += 1
                    open_id[i] = <int>k
                    break
            slot = (slot + 1) & omask
        if v is None:
            kind = lk or None
            reason = <str>lv.reason if fast else ln.reason
        elif type(v) is _Verdict:  # a NamedTuple (kind, reason, value): read its items
            kind = lk or <object>PyTuple_GET_ITEM(v, 0)
            reason = <object>PyTuple_GET_ITEM(v, 1)
        else:
            kind = lk or v.kind
            reason = v.reason
        kc = _kind_code(kind) if kind is not None else -1
        head = t[:160] if nchars > 160 else t
        nh = PyUnicode_GET_LENGTH(head)
        tok_start[i] = ntok
        nt = 0
        nsw = 0
        if PyUnicode_IS_ASCII(t):  # lower-case and split the head in place: a str only per new word
            ad = <const unsigned char*>PyUnicode_DATA(t)
            j = 0
            while j < nh:
                while j < nh and _SPACE[ad[j]]:
                    j += 1
                if j == nh:
                    break
                a = j
                while j < nh and not _SPACE[ad[j]]:
                    j += 1
                tid = voc.find_ascii(ad, a, j)
                if tid < 0:
                    w = head[a:j].lower()
                    tid = voc.add(w, _fnv_ascii(ad, a, j))
                    tok_flags[tid] = 1 if has_sw and w in sw else 0
                    tok_count[tid] = 0
                tok_count[tid] += 1
                if tok_flags[tid] & 4 == 0:  # each word once a line (the twin's set intersection)
                    tok_flags[tid] |= 4
                    nsw += tok_flags[tid] & 1
                tok_id[ntok] = tid
                ntok += 1
                nt += 1
        else:
            for w in head.lower().split():
                hw = _fnv_str(w)
                tid = voc.find_str(w, hw)
                if tid < 0:
                    tid = voc.add(w, hw)
                    tok_flags[tid] = 1 if has_sw and w in sw else 0
                    tok_count[tid] = 0
                tok_count[tid] += 1
                if tok_flags[tid] & 4 == 0:
                    tok_flags[tid] |= 4
                    nsw += tok_flags[tid] & 1
                tok_id[ntok] = tid
                ntok += 1
                nt += 1
        for j in range(tok_start[i], ntok):
            tok_flags[tok_id[j]] &= ~4
        nt = nt or 1
        if not fast:
            words = ln.words
        nw = words or 1
        if not fast:
            score = ln.score
        tk = PyUnicode_KIND(t)
        td = PyUnicode_DATA(t)
        last = PyUnicode_READ(tk, td, nchars - 1)
        first = PyUnicode_READ(tk, td, 0)
        # the head (first 160 characters): commas, capitalised words, digits, UTF-8 size, links;
        # the whole line: sentence marks, separators, a digit (one loop per code unit width)
        if tk == PyUnicode_1BYTE_KIND:
            _scan(<const Py_UCS1*>td, nh, nchars, tk, td, cnt)
        elif tk == PyUnicode_2BYTE_KIND:
            _scan(<const Py_UCS2*>td, nh, nchars, tk, td, cnt)
        else:
            _scan(<const Py_UCS4*>td, nh, nchars, tk, td, cnt)
        ncomma = cnt[0]
        ncaps = cnt[1]
        ndig = cnt[2]
        nutf = cnt[3]
        link = cnt[4] != 0
        nsent = cnt[5]
        sep = cnt[6] != 0
        digit = cnt[7] != 0
        if last == u"." or last == u":":
            title_flag = False
        elif first < 0x80:
            title_flag = 65 <= first <= 90
        else:
            title_flag = t[:1] != t[:1].lower()
        chars_of[i] = nchars
        scores[i] = score
        if nchars > maxchars:
            maxchars = nchars
        if not fast:
            body_like = ln.body_like
            ends = ln.ends
        if first_body == n and body_like:
            first_body = i
        # base columns (1 + BASE index), the twin's order
        x[i, 0] = 1.0
        x[i, 1] = (12.0 if score > 12.0 else (-12.0 if score < -12.0 else score)) / 10.0
        x[i, 2] = 1.0 if body_like else 0.0
        x[i, 3] = 1.0 if ends else 0.0
        x[i, 4] = _log1p(words) / 4.0
        x[i, 5] = words <= 3
        x[i, 6] = 4 <= words <= 7
        x[i, 7] = 8 <= words <= 15
        x[i, 8] = 16 <= words <= 40
        x[i, 9] = words > 40
        x[i, 10] = _log1p(nchars) / 7.0
        x[i, 11] = v is None and lk is None
        x[i, 12] = kc == 0
        x[i, 13] = score <= -8.0
        x[i, 14] = kc == 1
        x[i, 15] = kc == 2
        x[i, 16] = kc == 3
        x[i, 17] = kc == 4 or (has_dl if fast else ln.dateline is not None)
        x[i, 18] = 3 <= words <= 35 and title_flag
        x[i, 19] = _list_item(t, nchars, tk, td)
        x[i, 20] = nchars < 40 and digit
        x[i, 21] = nsw / <double>nt if has_sw else 0.0
        nw40 = ncomma / <double>(nw if nw < 40 else 40)
        x[i, 22] = (nw40 if nw40 < 0.5 else 0.5) * 2.0
        tt = ncaps / <double>nt
        x[i, 23] = tt if tt < 1.0 else 1.0
        tt = nsent + (1.0 if ends else 0.0)
        x[i, 24] = (tt if tt < 5.0 else 5.0) / 5.0
        x[i, 26] = reason == "teaser"
        x[i, 27] = reason == "site boilerplate"
        x[i, 28] = reason == "table"
        x[i, 29] = last == u"…" or (
            nchars >= 3 and last == u"." and PyUnicode_READ(tk, td, nchars - 2) == u"."
            and PyUnicode_READ(tk, td, nchars - 3) == u"."
        )
        x[i, 30] = sep
        x[i, 31] = last == u":"
        wide = (nutf / <double>nh - 1.0) / 2.0
        wide = 0.0 if wide < 0.0 else (1.0 if wide > 1.0 else wide)
        x[i, 33] = wide
        wide_col[i] = wide
        tt = ndig / <double>nh * 4.0
        x[i, 34] = tt if tt < 1.0 else 1.0
        x[i, 35] = link
        flags[i] = words >= 12
        flags[n + i] = words <= 5
    tok_start[n] = ntok
    # page-level columns: repetition, the page's frequent words (the 40 most frequent seen 3+
    # times; ties in first-seen order), runs, relative length
    ranked = sorted([(-tok_count[k], k) for k in range(voc.size) if tok_count[k] >= 3])
    for _c, k in ranked[:PAGE_TOP]:
        tok_flags[k] |= 2
    maxlog = _log1p(maxchars)
    page_wide = float(np.add.reduce(wide_arr)) / n  # numpy's mean: its pairwise sum over the count
    for i in range(n):
        x[i, 25] = text_count[text_id[i]] > 1
        x[i, 40] = open_count[open_id[i]] > 2
        ntop = 0
        for j in range(tok_start[i], tok_start[i + 1]):
            k = tok_id[j]
            if tok_flags[k] & 8 == 0:
                tok_flags[k] |= 8
                ntop += (tok_flags[k] & 2) >> 1
        for j in range(tok_start[i], tok_start[i + 1]):
            tok_flags[tok_id[j]] &= ~8
        nt = tok_start[i + 1] - tok_start[i]
        x[i, 36] = ntop / <double>(nt or 1)
        x[i, 37] = _log1p(chars_of[i]) / maxlog
        x[i, 41] = page_wide
    _run_lengths(x, 38, flags, n)
    _run_lengths(x, 39, flags + n, n)
    # the hand rules' runs and region
    runs = []
    _runs(scores, n, &ra, &rb, runs)
    for i in range(n):
        x[i, 32] = ra <= i <= rb
    # window means of some base columns (x's base block starts at column 1)
    cdef Py_ssize_t[8] wcols
    for k in range(NW):
        wcols[k] = 1 + WIN_IDX[k]
    cdef Py_ssize_t wfirst = 1 + NB
    _window_means(&x[0, 0], x.shape[1], NW, wcols, n, WINDOWS, NWIN, &x[0, 0], x.shape[1], wfirst, pre)
    # document context
    cdef Py_ssize_t cfirst = wfirst + 2 * NWIN * NW
    top_run = max([r[0] for r in runs]) if runs else 1.0
    if top_run == 0:
        top_run = 1.0
    for i in range(n):
        x[i, cfirst + 6] = 0.0
        x[i, cfirst + 7] = 0.0
        x[i, cfirst + 8] = 0.0
    for k, r in enumerate(runs):
        a = r[1]
        b = r[2]
        tt = r[0] / top_run
        for i in range(a, b + 1):
            x[i, cfirst + 6] = tt
            x[i, cfirst + 8] = _log1p(b - a + 1) / 5.0
            if k == 0:
                x[i, cfirst + 7] = 1.0
    brk = False
    tt = _log1p(n) / 8.0
    for i in range(n):
        x[i, cfirst] = i / <double>n
        x[i, cfirst + 1] = i < first_body
        x[i, cfirst + 2] = brk
        if x[i, 13] > 0:
            brk = True
        x[i, cfirst + 3] = i > rb
        x[i, cfirst + 4] = i < ra
        dist = ra - i if i < ra else (i - rb if i > rb else 0)
        x[i, cfirst + 5] = (dist if dist < 50 else 50) / 50.0
        x[i, cfirst + 9] = tt
    return arr


cdef void _stack_into(const double* z, Py_ssize_t n, double* o, double* src, double* pre) noexcept:
    """The ``STACK`` columns from the line model's log-odds ``z`` (``n`` > 0 lines) into ``o``
    (row-major, ``NS`` a row); ``src``: n x 2 and ``pre``: (n + 1) x 2 scratch."""
    cdef Py_ssize_t i
    cdef double zmax, possum, before
    cdef Py_ssize_t[2] cols
    cols[0] = 0
    cols[1] = 1
    zmax = z[0] / 5.0
    possum = 0.0
    for i in range(n):
        src[2 * i] = z[i] / 5.0
        src[2 * i + 1] = 1.0 if z[i] > 0 else 0.0
        if src[2 * i] > zmax:
            zmax = src[2 * i]
        possum += src[2 * i + 1]
    _window_means(src, 2, 2, cols, n, STACK_WINDOWS, 5, o, NS, 2, pre)
    before = 0.0
    if possum < 1.0:
        possum = 1.0
    for i in range(n):
        o[i * NS] = src[2 * i]
        o[i * NS + 1] = src[2 * i] - zmax
        o[i * NS + NS - 1] = before / possum
        before += src[2 * i + 1]


cdef object _stack_block(double[::1] z):
    """The ``STACK`` columns from the line model's log-odds ``z`` (one row per line)."""
    cdef Py_ssize_t n = z.shape[0]
    out = np.empty((n, NS))
    if n == 0:
        return out
    cdef double[:, ::1] o = out
    work_arr = np.empty(2 * n + 2 * (n + 1))
    cdef double[::1] work = work_arr
    _stack_into(&z[0], n, &o[0, 0], &work[0], &work[2 * n])
    return out


def stack_features(double[:, ::1] x, double[::1] z):
    """The context model's input: ``x`` plus the ``STACK`` columns from ``z`` (see the twin)."""
    return np.hstack((x, _stack_block(z)))


ctypedef struct Node:
    double thr
    int feat
    int kid


cdef void _walk(const double* xT, Py_ssize_t n, const Node* nodes, const double* value,
                const int* first, const int* depth, Py_ssize_t ntrees, double* out) noexcept nogil:
    """Add every tree's leaf value to ``out[i]`` for the ``n`` rows of the column-major ``xT``
    (feature ``f`` of row ``i`` at ``xT[f * n + i]``), trees in order.

    Branch-free: ``BLOCK`` rows step through a tree together, each step a table look-up (a
    leaf stays put), so the independent walks overlap in the CPU instead of waiting on one
    another's loads and mispredicted branches; the block stops at the tree's depth or once all
    its rows sit on leaves."""
    cdef Py_ssize_t t, i0, r, s, m
    cdef int root, d, k, moved
    cdef int at[BLOCK]
    cdef const double* xr
    cdef const Node* nd
    for t in range(ntrees):
        root = first[t]
        d = depth[t]
        i0 = 0
        while i0 < n:
            m = n - i0 if n - i0 < BLOCK else BLOCK
            xr = xT + i0
            for r in range(BLOCK):
                at[r] = root
            # at most ``d`` steps; stop once a step moved no row (all of them sit on leaves:
            # a split's children are numbered after it, so only a leaf keeps its number)
            # the same step twice on purpose: a full block's loop has a constant trip count (BLOCK),
            # which the C compiler unrolls and vectorises; only a page's last block takes the other
            if m == BLOCK:
                for s in range(d):
                    moved = 0
                    for r in range(BLOCK):
                        nd = nodes + at[r]
                        k = nd.kid + (xr[<Py_ssize_t>nd.feat * n + r] > nd.thr)
                        moved |= k ^ at[r]
                        at[r] = k
                    if moved == 0:
                        break
            else:
                for s in range(d):
                    moved = 0
                    for r in range(m):
                        nd = nodes + at[r]
                        k = nd.kid + (xr[<Py_ssize_t>nd.feat * n + r] > nd.thr)
                        moved |= k ^ at[r]
                        at[r] = k
                    if moved == 0:
                        break
            for r in range(m):
                out[i0 + r] += value[at[r]]
            i0 += BLOCK


cdef object _predict_T(double[:, ::1] xT, tuple packed):
    """The ensemble's raw score for the columns of ``xT`` (features × rows, NaN-free)."""
    return _predict_ptr(&xT[0, 0] if xT.shape[0] and xT.shape[1] else NULL, xT.shape[0], xT.shape[1], packed)


cdef object _predict_ptr(const double* xT, Py_ssize_t nfeat, Py_ssize_t n, tuple packed):
    """:func:`_predict_T` of ``nfeat`` x ``n`` doubles at ``xT``."""
    if max(<Py_ssize_t>packed[10], 0) >= nfeat:
        raise IndexError(f"the trees read column {packed[10]}; the input has {nfeat}")
    cdef const unsigned char[::1] raw = packed[6].view(np.uint8)
    cdef const double[::1] value = packed[7]
    cdef const int[::1] first = packed[8]
    cdef const int[::1] depth = packed[9]
    out = np.zeros(n)
    cdef double[::1] o = out
    if n == 0 or first.shape[0] == 0:
        return out
    with nogil:
        _walk(xT, n, <const Node*>&raw[0], &value[0], &first[0], &depth[0], first.shape[0], &o[0])
    return out


cdef void _put_T_ptr(const double* x, Py_ssize_t n, Py_ssize_t d, double* out) noexcept:
    """``out[j * n + i] = x[i * d + j]`` (a row-major n x d block, transposed), NaN read as 0."""
    cdef Py_ssize_t i, j
    cdef double v
    for i in range(n):
        for j in range(d):
            v = x[i * d + j]
            out[j * n + i] = 0.0 if isnan(v) else v


cdef void _put_T(double[:, ::1] x, double[:, ::1] out, Py_ssize_t row):
    """``out[row + j, i] = x[i, j]``, NaN read as 0 (what the twin's walk does)."""
    cdef Py_ssize_t n = x.shape[0], d = x.shape[1], i, j
    cdef double v
    for i in range(n):
        for j in range(d):
            v = x[i, j]
            out[row + j, i] = 0.0 if isnan(v) else v


def pack_trees(feature, threshold, left, right, value, roots):
    """The node arrays plus their branch-free form (see the twin); built once per model."""
    return _pack(feature, threshold, left, right, value, roots)


def tree_predict(x, feature, threshold, left, right, value, roots):
    """A flattened tree ensemble's raw score for each row of ``x`` (see the twin): leaves summed
    in tree order."""
    return predict_packed(x, _pack(feature, threshold, left, right, value, roots))


def predict_packed(x, tuple packed):
    """:func:`tree_predict` with the node arrays of :func:`pack_trees`."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.shape[0] == 0:
        return np.zeros(0)
    xt = np.empty((x.shape[1], x.shape[0]))
    _put_T(x, xt, 0)
    return _predict_T(xt, packed)


def stack_logits(x, w1, w2, packed=None, cascade=None):
    """The final log-odds for the rows of a ``features`` matrix (see the twin).

    With trees: the stacked inputs go straight into a kept column-major buffer (the walk reads
    one feature of many rows), no intermediate arrays. With a ``cascade``, only the rows the
    line model is not sure of are put there and walk (the twin's ``cascade``)."""
    if packed is None:
        return stack_features(x, x @ w1) @ w2
    if x.shape[0] == 0:
        return np.zeros(0)
    cdef const double[:, ::1] xx = x
    cdef Py_ssize_t n = xx.shape[0], d = xx.shape[1], s, i, m
    cdef bint cas = cascade is not None
    cdef double lo = 0.0, hi = 0.0, alo = 0.0, blo = 0.0, ahi = 0.0, bhi = 0.0, zi
    if cas:
        lo, hi, alo, blo, ahi, bhi = cascade
    # x @ w1 in pieces of at most ``rows`` rows, below the size where OpenBLAS wakes a second
    # thread (m * n < 9,216) whose start and spin cost more CPU than a page's product. That each
    # row's result is the same as in one product is a property of OpenBLAS's dgemv (a row's dot
    # product does not depend on how many rows one call gets; checked on all 277,946 lines of the
    # text bench), not a numpy guarantee: on another BLAS only the 1e-15 compiled-twin tolerance
    # would be at stake
    cdef Py_ssize_t rows = max(4, (9215 // max(d, 1)) & ~3)
    if n <= rows:
        z_arr = x @ w1
    else:
        z_arr = np.empty(n)
        for s in range(0, n, rows):
            np.matmul(x[s : s + rows], w1, out=z_arr[s : s + rows])
    cdef double[::1] z = z_arr
    cdef bint own
    cdef double* buf = <double*>_LOGIT_SCRATCH.take(
        ((d + NS) * n + NS * n + 2 * n + 2 * (n + 1) + 2 * n) * sizeof(double), &own)
    cdef double* xt = buf
    cdef double* block = xt + (d + NS) * n
    cdef double* work = block + NS * n
    cdef Py_ssize_t* walk = <Py_ssize_t*>(work + 2 * n + 2 * (n + 1))
    cdef double[::1] o, pv
    try:
        _stack_into(&z[0], n, block, work, work + 2 * n)
        if not cas:
            _put_T_ptr(&xx[0, 0], n, d, xt)
            _put_T_ptr(block, n, NS, xt + d * n)
            return _predict_ptr(xt, d + NS, n, packed)
        m = 0
        for i in range(n):
            zi = z[i]
            if not (zi < lo or zi > hi):  # NaN walks
                walk[m] = i
                m += 1
        _put_rows_T(&xx[0, 0], d, walk, m, xt)
        _put_rows_T(block, NS, walk, m, xt + d * m)
        pv = _predict_ptr(xt, d + NS, m, packed)
        out = np.empty(n)
        o = out
        for i in range(n):
            zi = z[i]
            o[i] = alo * zi + blo if zi < lo else (ahi * zi + bhi if zi > hi else 0.0)
        for i in range(m):
            o[walk[i]] = pv[i]
        return out
    finally:
        _LOGIT_SCRATCH.give(<char*>buf, own)


cdef void _put_rows_T(const double* x, Py_ssize_t d, const Py_ssize_t* rows, Py_ssize_t m,
                      double* out) noexcept:
    """``out[j * m + r] = x[rows[r] * d + j]`` (rows of a row-major block, transposed), NaN read as 0."""
    cdef Py_ssize_t r, j
    cdef double v
    cdef const double* xr
    for r in range(m):
        xr = x + rows[r] * d
        for j in range(d):
            v = xr[j]
            out[j * m + r] = 0.0 if isnan(v) else v


cdef list _FURN_OBJS = []
"""Verdict kinds seen by :func:`set_scores` (held) and, in :data:`_FURN_IN`, whether each is in
the ``kinds`` set of the same index in :data:`_FURN_SETS` (so one ``in`` per kind, not per line:
an enum member's hash is a Python method)."""
cdef list _FURN_SETS = []
cdef bint[64] _FURN_IN


cdef inline bint _in_kinds(object kind, frozenset kinds) except -1:
    """``kind in kinds``, remembered by the kind's address (and the set's)."""
    cdef Py_ssize_t j, m = len(_FURN_OBJS)
    cdef PyObject* p = <PyObject*>kind
    for j in range(m):
        if <PyObject*>PyList_GET_ITEM(_FURN_OBJS, j) == p and PyList_GET_ITEM(_FURN_SETS, j) == <PyObject*>kinds:
            return _FURN_IN[j]
    got = kind in kinds  # Python code (an enum's hash): another thread may run
    m = len(_FURN_OBJS)  # so the slot is taken only now (no Python code from here to the appends)
    if m < 64:
        _FURN_IN[m] = got
        _FURN_OBJS.append(kind)
        _FURN_SETS.append(kinds)
    return got


def set_scores(list lines, z, double offset, furniture, frozenset kinds):
    """Each line's ``score`` = its log-odds + ``offset`` (then at least ``furniture`` for a verdict
    kind in ``kinds`` or an advertisement slot, ``chrome.AD_REASON``); returns the log-odds as a list
    (see the twin). Text mode's own lines are written in place (:data:`_LINE_TYPE`), others through
    their attribute."""
    cdef const double[::1] zz = np.ascontiguousarray(z, dtype=np.float64)
    cdef Py_ssize_t n = len(lines), i
    cdef double fur = 0.0, sc
    cdef bint has_fur = furniture is not None
    cdef object ln, v
    cdef warta_LineView* lv
    if zz.shape[0] != n:
        raise ValueError(f"set_scores: {n} lines, {zz.shape[0]} log-odds")
    if has_fur:
        fur = furniture
    zl = [zz[i] for i in range(n)]
    for i in range(n):
        ln = <object>PyList_GET_ITEM(lines, i)
        sc = zz[i] + offset
        if type(ln) is _LINE_TYPE:
            lv = <warta_LineView*><PyObject*>ln
            lv.score = sc
            if has_fur and sc < fur and lv.verdict != <PyObject*>None:
                v = <object>lv.verdict
                if type(v) is _Verdict:
                    if _in_kinds(<object>PyTuple_GET_ITEM(v, 0), kinds) or <object>PyTuple_GET_ITEM(v, 1) == _AD:
                        lv.score = fur
                elif _is_furniture(v, kinds):
                    lv.score = fur
        else:
            ln.score = sc
    if has_fur:  # lines of another type (or all, without the compiled Line): through their attributes
        for i in range(n):
            ln = <object>PyList_GET_ITEM(lines, i)
            if type(ln) is not _LINE_TYPE:
                v = ln.verdict
                if v is not None and ln.score < furniture and _is_furniture(v, kinds):
                    ln.score = furniture
    return zl
