# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Lexical line scores, compiled: the kernel of ``_lexk_py.py`` (same functions, same results).

What it does faster than the twin: a line whose text is pure ASCII (nearly every line of an
English, Indonesian or Malay page) is tokenised in C exactly as
:func:`warta.extract.lexscore.tokens` does for ASCII (strip ``\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f`` and
space, lower-case, digits to ``0``, words ``[a-z0-9_]+``, word bigrams, ``^first``, ``last$``, the
classes of the first and last character), its distinct tokens are found with a small per-line set
and looked up in a C open-addressing hash table of the table's keys (UTF-8; key bytes stored and
compared: no false hits), and the weights are summed in first-occurrence order, as the twin does.
A line with other characters is cut the same way in C from its ``strip().lower()`` (code points
read directly; ``\\d`` is ``Py_UNICODE_ISDECIMAL``, ``\\w`` ``Py_UNICODE_ISALNUM`` or ``_``, plus
the combining-mark and Indic ranges of ``lexscore._WORD``), unless it holds a character of a
script written without spaces (character bigrams) or a lone surrogate: those few lines go
through the twin's :func:`score_text`.

>>> w = {"share": -2.0, "article$": -1.0}
>>> round(score_text(w, 0.5, "Share this article!"), 3)
-0.5
>>> scores(table(w), 0.5, ["Share this article!", "  "]).round(3).tolist()
[-0.5, 0.5]
"""

from libc.math cimport sqrt
from libc.stdint cimport uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp, memcpy, memset

from warta._utf8 cimport put_utf8

import numpy as np

from warta.extract import lexscore as _lexscore
from warta.extract._lexk_py import score_text

if _lexscore.CLIP != 8.0 or tuple(_lexscore.WINDOWS) != (1, 3):  # what columns() is written for
    raise ImportError("_lexk.columns is written for CLIP 8 and WINDOWS (1, 3): edit it with lexscore")

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
    unsigned int PyUnicode_KIND(object o)

cdef extern from "Python.h" nogil:
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    bint Py_UNICODE_ISLOWER(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    bint Py_UNICODE_ISDIGIT(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)

cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define WARTA_PREFETCH(p) __builtin_prefetch(p)
    #else
    #define WARTA_PREFETCH(p) ((void)0)
    #endif
    """
    void WARTA_PREFETCH(const void* p) noexcept nogil

cdef struct Entry:
    # one slot of the table, 32 bytes: one cache line read finds a key of up to 16 bytes
    uint64_t h  # the key's FNV-1a hash, its low byte replaced by min(length, 255) (_tag); 0: empty
    double w
    uint64_t k0  # key bytes 0-7 and 8-15, zero-padded; a longer key: its offset in Table.keys ...
    uint64_t k1  # ... and its length


cdef inline uint64_t _fnv(const uint8_t* p, Py_ssize_t n) noexcept nogil:
    """FNV-1a, 64 bits."""
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ p[i]) * 1099511628211ULL
    return h


cdef inline uint64_t _tag(uint64_t h, Py_ssize_t n) noexcept nogil:
    """What a slot stores of a key's hash ``h`` and length ``n`` > 0 (never 0)."""
    return (h & ~(<uint64_t>0xFF)) | <uint64_t>(n if n < 255 else 255)


cdef inline bint _space(uint8_t c) noexcept nogil:
    """What ``str.strip()`` removes, among ASCII characters."""
    return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)


cdef inline bint _wordc(uint8_t c) noexcept nogil:
    """``\\w`` on a lower-cased ASCII character."""
    return (97 <= c <= 122) or (48 <= c <= 57) or c == 95


cdef inline uint8_t _cls(uint8_t c) noexcept nogil:
    """``lexscore._cls`` of an ASCII character."""
    if 48 <= c <= 57:
        return 48  # "0"
    if 65 <= c <= 90:
        return 65  # "A"
    if 97 <= c <= 122:
        return 97  # "a"
    return c


cdef class Table:
    """A token-weight dict's keys (UTF-8) in a C open-addressing hash table (linear probing, at
    most half full), and the dict itself for the lines scored in Python."""

    cdef Entry* ents
    cdef uint64_t mask
    cdef uint8_t* keys
    cdef readonly object weights
    cdef readonly Py_ssize_t size

    def __cinit__(self):
        self.ents = NULL
        self.keys = NULL

    def __dealloc__(self):
        free(self.ents)
        free(self.keys)

    cdef const Entry* find(self, const uint8_t* p, Py_ssize_t n, uint64_t h) noexcept nogil:
        """The slot of the key ``p[:n]`` (hash ``h``, ``n`` > 0), or NULL."""
        cdef uint64_t t = _tag(h, n), i = (h >> 8) & self.mask
        cdef uint64_t k[2]
        cdef const Entry* e
        if n <= 16:
            k[0] = 0
            k[1] = 0
            memcpy(k, p, n)
        while True:
            e = &self.ents[i]
            if e.h == 0:
                return NULL
            if e.h == t:
                if n <= 16:
                    if e.k0 == k[0] and e.k1 == k[1]:
                        return e
                elif e.k1 == <uint64_t>n and memcmp(self.keys + e.k0, p, n) == 0:
                    return e
            i = (i + 1) & self.mask


def table(dict weights):
    """A :class:`Table` of ``weights`` (token -> weight) for :func:`scores`. Build it again if
    ``weights`` changes."""
    cdef Table t = Table()
    cdef list items = []
    for k, v in weights.items():
        if type(k) is str and k:  # a token is never empty
            try:
                items.append(((<str>k).encode("utf-8"), float(v)))
            except UnicodeEncodeError:  # a lone surrogate: only lines scored in Python can hold it
                pass
    cdef Py_ssize_t total = 0, off = 0, n
    cdef uint64_t cap = 16, h, i
    cdef uint64_t kk[2]
    cdef bytes kb
    cdef const uint8_t* kp
    cdef Entry* e
    for kb, _ in items:
        if len(kb) > 16:
            total += len(kb)
    while cap < 2 * <uint64_t>len(items) + 2:
        cap <<= 1
    t.weights = weights
    t.size = len(items)
    t.mask = cap - 1
    t.ents = <Entry*>calloc(cap, sizeof(Entry))
    t.keys = <uint8_t*>malloc(total + 1)
    if t.ents == NULL or t.keys == NULL:
        raise MemoryError()
    for kb, w in items:
        kp = <const uint8_t*>kb
        n = len(kb)
        h = _fnv(kp, n)
        i = (h >> 8) & t.mask
        while t.ents[i].h != 0:  # keys are distinct (dict keys): no equality check needed
            i = (i + 1) & t.mask
        e = &t.ents[i]
        e.h = _tag(h, n)
        e.w = w
        if n <= 16:
            kk[0] = 0
            kk[1] = 0
            memcpy(kk, kp, n)
            e.k0 = kk[0]
            e.k1 = kk[1]
        else:
            memcpy(t.keys + off, kp, n)
            e.k0 = off
            e.k1 = n
            off += n
    return t


cdef struct Work:
    # buffers for a line of at most `cap` UTF-8 bytes (lower-cased, digits folded)
    Py_ssize_t cap
    uint8_t* low  # cap + 1
    uint8_t* arena  # 5 cap + 16: words <= cap, bigrams <= 2 cap, ^ and $ <= 2 cap + 2, classes <= 10
    Py_ssize_t* ws  # word starts / ends: cap // 2 + 1 words at most
    Py_ssize_t* we
    uint64_t* sh  # the line's token set: 4 (cap // 2 + 1) + 4 slots at least, a power of two
    Py_ssize_t* so
    Py_ssize_t* sn
    uint64_t* th  # the line's distinct tokens in order: hash, offset in arena, length (ns each)
    Py_ssize_t* to
    Py_ssize_t* tn


cdef void* _re(void* p, size_t n) except NULL:
    """``realloc`` or MemoryError (``p`` stays owned by the caller's Work, freed by ``_free``)."""
    cdef void* q = realloc(p, n)
    if q == NULL:
        raise MemoryError()
    return q


cdef int _grow(Work* w, Py_ssize_t m) except -1:
    """Make ``w`` hold a line of ``m`` bytes."""
    cdef Py_ssize_t nw, ns = 16
    if m <= w.cap:
        return 0
    m = max(m, 2 * w.cap, 256)
    nw = m // 2 + 1
    while ns < 4 * nw + 4:
        ns <<= 1
    w.low = <uint8_t*>_re(w.low, m + 1)
    w.arena = <uint8_t*>_re(w.arena, 5 * m + 16)
    w.ws = <Py_ssize_t*>_re(w.ws, nw * sizeof(Py_ssize_t))
    w.we = <Py_ssize_t*>_re(w.we, nw * sizeof(Py_ssize_t))
    w.sh = <uint64_t*>_re(w.sh, ns * sizeof(uint64_t))
    w.so = <Py_ssize_t*>_re(w.so, ns * sizeof(Py_ssize_t))
    w.sn = <Py_ssize_t*>_re(w.sn, ns * sizeof(Py_ssize_t))
    w.th = <uint64_t*>_re(w.th, ns * sizeof(uint64_t))
    w.to = <Py_ssize_t*>_re(w.to, ns * sizeof(Py_ssize_t))
    w.tn = <Py_ssize_t*>_re(w.tn, ns * sizeof(Py_ssize_t))
    w.cap = m
    return 0


cdef void _free(Work* w) noexcept:
    free(w.low)
    free(w.arena)
    free(w.ws)
    free(w.we)
    free(w.sh)
    free(w.so)
    free(w.sn)
    free(w.th)
    free(w.to)
    free(w.tn)


cdef inline bint _token(Table t, Work* w, Py_ssize_t* top, Py_ssize_t n, uint64_t smask,
                        Py_ssize_t nd) noexcept nogil:
    """The token at ``w.arena[top : top + n]``: when it is new on this line, keep it (advance
    ``top``, add it to the line's set, note it as distinct token ``nd``, prefetch its table slot)
    and return True; a repeat returns False."""
    cdef const uint8_t* p = w.arena + top[0]
    cdef uint64_t h = _fnv(p, n)
    cdef uint64_t i = h & smask
    while w.so[i] >= 0:
        if w.sh[i] == h and w.sn[i] == n and memcmp(w.arena + w.so[i], p, n) == 0:
            return False
        i = (i + 1) & smask
    w.sh[i] = h
    w.so[i] = top[0]
    w.sn[i] = n
    w.th[nd] = h
    w.to[nd] = top[0]
    w.tn[nd] = n
    top[0] += n
    WARTA_PREFETCH(&t.ents[(h >> 8) & t.mask])
    return True


cdef double _sum(Table t, double bias, Work* w, Py_ssize_t nw, const uint8_t* c0, Py_ssize_t n0,
                 const uint8_t* c1, Py_ssize_t n1) noexcept nogil:
    """The score of a line from its words ``w.low[w.ws[k] : w.we[k]]`` (UTF-8) and the bytes of
    the classes of its first (``c0[:n0]``) and last (``c1[:n1]``) characters: the tokens in the
    order :func:`warta.extract.lexscore.tokens` gives them, the distinct ones summed."""
    cdef Py_ssize_t k, top = 0, nd = 0, la, lb, i
    cdef uint64_t smask = 16
    cdef double s = 0.0
    cdef uint8_t* a = w.arena
    cdef uint8_t* low = w.low
    cdef const Entry* e
    while smask < 2 * <uint64_t>(2 * nw + 2):
        smask <<= 1
    for i in range(<Py_ssize_t>smask):
        w.so[i] = -1
    smask -= 1
    for k in range(nw):
        la = w.we[k] - w.ws[k]
        memcpy(a + top, low + w.ws[k], la)
        nd += _token(t, w, &top, la, smask, nd)
    for k in range(nw - 1):
        la = w.we[k] - w.ws[k]
        lb = w.we[k + 1] - w.ws[k + 1]
        memcpy(a + top, low + w.ws[k], la)
        a[top + la] = 32
        memcpy(a + top + la + 1, low + w.ws[k + 1], lb)
        nd += _token(t, w, &top, la + 1 + lb, smask, nd)
    if nw:
        la = w.we[0] - w.ws[0]
        a[top] = 94  # "^"
        memcpy(a + top + 1, low + w.ws[0], la)
        nd += _token(t, w, &top, la + 1, smask, nd)
        la = w.we[nw - 1] - w.ws[nw - 1]
        memcpy(a + top, low + w.ws[nw - 1], la)
        a[top + la] = 36  # "$"
        nd += _token(t, w, &top, la + 1, smask, nd)
    a[top] = 60  # "<"
    memcpy(a + top + 1, c0, n0)
    nd += _token(t, w, &top, n0 + 1, smask, nd)
    a[top] = 62  # ">"
    memcpy(a + top + 1, c1, n1)
    nd += _token(t, w, &top, n1 + 1, smask, nd)
    for k in range(nd):  # the lookups, their slots prefetched; the sum in first-occurrence order
        e = t.find(a + w.to[k], w.tn[k], w.th[k])
        if e != NULL:
            s += e.w
    return bias + s / sqrt(<double>nd)


cdef double _ascii_score(Table t, double bias, const uint8_t* src, Py_ssize_t m, Work* w) noexcept nogil:
    """The score of an ASCII line ``src[:m]`` (``w`` holds ``m`` bytes)."""
    cdef Py_ssize_t a = 0, b = m, i, j, nw = 0
    cdef uint8_t c, c0, c1
    while a < b and _space(src[a]):
        a += 1
    while b > a and _space(src[b - 1]):
        b -= 1
    if a == b:
        return bias
    for i in range(a, b):  # lower-case, digits to "0"
        c = src[i]
        if 65 <= c <= 90:
            c += 32
        elif 48 <= c <= 57:
            c = 48
        w.low[i - a] = c
    i = 0
    while i < b - a:  # words
        if _wordc(w.low[i]):
            j = i + 1
            while j < b - a and _wordc(w.low[j]):
                j += 1
            w.ws[nw] = i
            w.we[nw] = j
            nw += 1
            i = j
        else:
            i += 1
    c0 = _cls(src[a])
    c1 = _cls(src[b - 1])
    return _sum(t, bias, w, nw, &c0, 1, &c1, 1)


cdef inline bint _nospace(Py_UCS4 c) noexcept nogil:
    """``lexscore._NOSPACE``: scripts written without spaces (those lines are scored in Python)."""
    return ((0x3040 <= c <= 0x30FF) or (0x3400 <= c <= 0x4DBF) or (0x4E00 <= c <= 0x9FFF)
            or (0xF900 <= c <= 0xFAFF) or (0x0E00 <= c <= 0x0EFF) or (0x1000 <= c <= 0x109F)
            or (0x1780 <= c <= 0x17FF))


cdef inline bint _uword(Py_UCS4 c) noexcept nogil:
    """``lexscore._WORD``'s class, outside the scripts without spaces: ``\\w`` (alphanumeric or
    ``_``), combining diacritics, Indic scripts."""
    return c == 95 or Py_UNICODE_ISALNUM(c) or (0x300 <= c <= 0x36F) or (0x900 <= c <= 0xDFF)


cdef inline Py_ssize_t _ucls(Py_UCS4 c, uint8_t* out) noexcept nogil:
    """``lexscore._cls`` of ``c`` as UTF-8 in ``out``; its length."""
    if Py_UNICODE_ISDIGIT(c):
        out[0] = 48
        return 1
    if Py_UNICODE_ISALPHA(c):
        out[0] = 65 if Py_UNICODE_ISUPPER(c) else (97 if Py_UNICODE_ISLOWER(c) else 120)
        return 1
    return put_utf8(out, 0, <uint32_t>c)


cdef double _unicode_score(Table t, double bias, str text, Work* w, bint* done) except? -1:
    """The score of a line that is not pure ASCII; ``done[0]`` False when it must be scored in
    Python instead (a script without spaces, or a lone surrogate)."""
    cdef str s = text.strip()
    cdef str low
    cdef Py_ssize_t m, j, pos = 0, nw = 0, n0, n1
    cdef int kind
    cdef void* data
    cdef Py_UCS4 c
    cdef bint inword = False, word
    cdef uint8_t b0[4]
    cdef uint8_t b1[4]
    done[0] = True
    m = PyUnicode_GET_LENGTH(s)
    if m == 0:
        return bias
    low = s.lower()
    m = PyUnicode_GET_LENGTH(low)
    _grow(w, 4 * m)
    kind = PyUnicode_KIND(low)
    data = PyUnicode_DATA(low)
    for j in range(m):
        c = PyUnicode_READ(kind, data, j)
        if c < 128:  # ASCII in a line that is not: as in _ascii_score (already lower-cased)
            if 48 <= c <= 57:
                c = 48
            word = _wordc(<uint8_t>c)
        else:
            if Py_UNICODE_ISDECIMAL(c):  # re's \d
                c = 48
            elif _nospace(c) or (0xD800 <= c <= 0xDFFF):
                done[0] = False
                return 0.0
            word = _uword(c)
        if word:
            if not inword:
                w.ws[nw] = pos
                inword = True
        elif inword:
            w.we[nw] = pos
            nw += 1
            inword = False
        pos = put_utf8(w.low, pos, <uint32_t>c)
    if inword:
        w.we[nw] = pos
        nw += 1
    c = PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), 0)
    if 0xD800 <= c <= 0xDFFF:
        done[0] = False
        return 0.0
    n0 = _ucls(c, b0)
    c = PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s) - 1)
    if 0xD800 <= c <= 0xDFFF:
        done[0] = False
        return 0.0
    n1 = _ucls(c, b1)
    return _sum(t, bias, w, nw, b0, n0, b1, n1)


cdef Work _WORK
"""The line buffers :func:`scores` keeps between calls (a page's first lines used to grow a fresh set,
ten ``realloc`` copies a page); :data:`_WORK_BUSY` while a call uses them."""
memset(&_WORK, 0, sizeof(Work))
cdef bint _WORK_BUSY = False


def scores(Table tab not None, double bias, texts):
    """The lexical log-odds of each of ``texts`` (a float64 array), as the twin's
    :func:`score_text` of each; ``tab`` from :func:`table`."""
    global _WORK_BUSY
    if tab.ents == NULL:
        raise ValueError("a Table is built by table(weights)")
    cdef Py_ssize_t n = len(texts), i
    cdef object out = np.empty(n, dtype=np.float64)
    cdef double[::1] o = out
    cdef list items = list(texts)
    cdef object t
    cdef Work local
    cdef Work* w = &_WORK
    cdef bint done = False, kept = not _WORK_BUSY
    cdef double v
    if kept:  # the module's buffers, kept from call to call (sized by the longest line so far)
        _WORK_BUSY = True
    else:  # another call is running them (a thread, while score_text ran): buffers of its own
        memset(&local, 0, sizeof(Work))
        w = &local
    try:
        for i in range(n):
            t = items[i]
            if type(t) is str:
                if PyUnicode_IS_ASCII(t):
                    _grow(w, PyUnicode_GET_LENGTH(t))
                    o[i] = _ascii_score(tab, bias, <const uint8_t*>PyUnicode_DATA(t), PyUnicode_GET_LENGTH(t), w)
                    continue
                v = _unicode_score(tab, bias, <str>t, w, &done)
                if done:
                    o[i] = v
                    continue
            o[i] = score_text(tab.weights, bias, t)
    finally:
        if kept:
            if _WORK.cap > 8192:  # not kept after a long line (the hash tables take ~200 bytes a line byte)
                _free(&_WORK)
                memset(&_WORK, 0, sizeof(Work))
            _WORK_BUSY = False
        else:
            _free(&local)
    return out


def columns(Table tab not None, double bias, lines, out=None):
    """The twin's :func:`columns`: the lexical columns (clipped log-odds / 5, their means over 1
    and 3 lines either side; ``lexscore.window_columns``, same float operations in the same
    order) of the line objects' ``text``; written into ``out`` (n x 3, any strides: the last
    columns of the model's input matrix) when given."""
    cdef double[::1] z = scores(tab, bias, [ln.text for ln in lines])
    cdef Py_ssize_t n = z.shape[0], i, j, lo, hi
    if out is None:
        out = np.empty((n, 3), dtype=np.float64)
    cdef double[:, :] o = out
    if o.shape[0] != n or o.shape[1] != 3:
        raise ValueError(f"columns: out is {o.shape[0]} x {o.shape[1]}, not {n} x 3")
    cdef double[::1] cum = np.empty(n + 1, dtype=np.float64)
    cdef double v, c = 0.0
    cdef Py_ssize_t[2] ks = [1, 3]
    cum[0] = 0.0
    for i in range(n):
        v = z[i]
        if v < -8.0:  # np.clip(z, -CLIP, CLIP) / 5.0
            v = -8.0
        if v > 8.0:
            v = 8.0
        v = v / 5.0
        o[i, 0] = v
        c = c + v  # np.cumsum: left to right
        cum[i + 1] = c
    for j in range(2):
        for i in range(n):
            lo = i - ks[j] if i >= ks[j] else 0
            hi = i + ks[j] + 1 if i + ks[j] + 1 <= n else n
            o[i, j + 1] = (cum[hi] - cum[lo]) / <double>(hi - lo)
    return out
