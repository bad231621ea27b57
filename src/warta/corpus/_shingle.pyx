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
>>> shingle_hashes(b"a b c d", 3)[0]
2

:func:`shingle_hashes` finds the word shingles of a body as byte ranges of its space-joined UTF-8
(no string per shingle, no set) and hashes each with the token hash rensa applies to a ``str``
token's UTF-8 (``rensa.RMinHash.hash_token_sets``), so ``rensa`` turns them into the very
signature it computes from the shingle strings (``digest_matrix_from_flat_token_hashes``).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.object cimport PyObject
from cpython.list cimport PyList_Append
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.unicode cimport Py_UNICODE_ISALNUM, PyUnicode_GET_LENGTH
from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcmp


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


cdef extern from *:
    """
    static inline uint64_t warta_mix64(uint64_t x, uint64_t y) {
        unsigned __int128 f = (unsigned __int128)x * (unsigned __int128)y;
        return (uint64_t)f ^ (uint64_t)(f >> 64);
    }
    """
    uint64_t warta_mix64(uint64_t x, uint64_t y) nogil


cdef inline uint64_t _rd64(const unsigned char* p) noexcept nogil:
    return (<uint64_t>p[0] | (<uint64_t>p[1] << 8) | (<uint64_t>p[2] << 16) | (<uint64_t>p[3] << 24)
            | (<uint64_t>p[4] << 32) | (<uint64_t>p[5] << 40) | (<uint64_t>p[6] << 48) | (<uint64_t>p[7] << 56))


cdef inline uint64_t _rd32(const unsigned char* p) noexcept nogil:
    return <uint64_t>p[0] | (<uint64_t>p[1] << 8) | (<uint64_t>p[2] << 16) | (<uint64_t>p[3] << 24)


cdef uint64_t _token_hash(const unsigned char* b, Py_ssize_t n) noexcept nogil:
    """rensa's hash of one token's bytes (rustc-hash 2's byte hash, times its constant, rotated)."""
    cdef uint64_t s0 = 0x243F6A8885A308D3ULL, s1 = 0x13198A2E03707344ULL, t, h
    cdef Py_ssize_t off = 0
    if n <= 16:
        if n >= 8:
            s0 ^= _rd64(b)
            s1 ^= _rd64(b + n - 8)
        elif n >= 4:
            s0 ^= _rd32(b)
            s1 ^= _rd32(b + n - 4)
        elif n > 0:
            s0 ^= b[0]
            s1 ^= (<uint64_t>b[n - 1] << 8) | b[n // 2]
    else:
        while off < n - 16:
            t = warta_mix64(s0 ^ _rd64(b + off), 0xA4093822299F31D0ULL ^ _rd64(b + off + 8))
            s0 = s1
            s1 = t
            off += 16
        s0 ^= _rd64(b + n - 16)
        s1 ^= _rd64(b + n - 8)
    h = (warta_mix64(s0, s1) ^ <uint64_t>n) * 0xF1357AEA2E62A9C5ULL
    return (h << 26) | (h >> 38)


def token_hash(bytes token) -> int:
    """rensa's 64-bit hash of one token (``RMinHash.hash_token_sets([[token]])[0][0]``)."""
    return _token_hash(<const unsigned char*>PyBytes_AS_STRING(token), PyBytes_GET_SIZE(token))


def shingle_hashes(bytes joined, int k) -> tuple:
    """(distinct word ``k``-shingles, their rensa token hashes in order of first appearance as native
    ``uint64`` bytes) of ``joined``: words (no spaces inside) joined by single spaces, UTF-8. A
    shingle is ``k`` consecutive words with their spaces, the whole text when it has fewer words.
    Distinct means distinct bytes (hashes are only the first test)."""
    cdef const unsigned char* b = <const unsigned char*>PyBytes_AS_STRING(joined)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(joined), n = 0, i, m, cap, slot, j, start, ln
    cdef Py_ssize_t* starts = NULL
    cdef Py_ssize_t* ends = NULL
    cdef uint64_t* hs = NULL
    cdef Py_ssize_t* pos = NULL
    cdef uint32_t* table = NULL
    cdef uint64_t h
    cdef Py_ssize_t distinct = 0
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, not {k}")
    if size == 0:
        return 0, b""
    for i in range(size):
        n += b[i] == 32
    n += 1
    if n < k:
        h = _token_hash(b, size)
        return 1, PyBytes_FromStringAndSize(<char*>&h, 8)
    m = n - k + 1
    cap = 16
    while cap < 2 * m:
        cap *= 2
    starts = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    ends = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    hs = <uint64_t*>malloc(m * sizeof(uint64_t))
    pos = <Py_ssize_t*>malloc(m * sizeof(Py_ssize_t))
    table = <uint32_t*>malloc(cap * sizeof(uint32_t))
    try:
        if starts == NULL or ends == NULL or hs == NULL or pos == NULL or table == NULL:
            raise MemoryError()
        for slot in range(cap):
            table[slot] = 0
        j = 0
        starts[0] = 0
        for i in range(size):
            if b[i] == 32:
                ends[j] = i
                j += 1
                starts[j] = i + 1
        ends[j] = size
        for i in range(m):
            start = starts[i]
            ln = ends[i + k - 1] - start
            h = _token_hash(b + start, ln)
            slot = <Py_ssize_t>(h & <uint64_t>(cap - 1))
            while table[slot]:
                j = table[slot] - 1
                if hs[j] == h and ends[pos[j] + k - 1] - starts[pos[j]] == ln and memcmp(b + starts[pos[j]], b + start, ln) == 0:
                    break
                slot = (slot + 1) & (cap - 1)
            else:
                hs[distinct] = h
                pos[distinct] = i
                distinct += 1
                table[slot] = <uint32_t>distinct
        return distinct, PyBytes_FromStringAndSize(<char*>hs, distinct * 8)
    finally:
        free(starts)
        free(ends)
        free(hs)
        free(pos)
        free(table)


def lookup(list words, dict memo, object miss) -> list:
    """``[memo[w] for w in words]``, calling ``miss(w)`` (which must put ``w`` in ``memo`` and return
    its value) for a word not there yet: the stems of a body's tokens from the stem memo in one pass."""
    cdef Py_ssize_t n = len(words), i
    cdef list out = PyList_New(n)
    cdef PyObject* v
    cdef object w, got
    for i in range(n):
        w = words[i]
        v = PyDict_GetItem(memo, w)
        if v is NULL:
            got = miss(w)
            Py_INCREF(got)
            PyList_SET_ITEM(out, i, got)
        else:
            Py_INCREF(<object>v)
            PyList_SET_ITEM(out, i, <object>v)
    return out


def band_hashes(list sig, int bands, int rows) -> list:
    """One signed 64-bit hash per LSH band of ``sig`` (``bands * rows`` u32 values): for each band,
    ``h = ((h ^ v) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) mod 2**64`` over its values from 0."""
    cdef list out = []
    cdef Py_ssize_t b, r
    cdef uint64_t h
    if len(sig) < bands * rows:
        raise ValueError(f"a signature of {len(sig)} values has no {bands} bands of {rows}")
    for b in range(bands):
        h = 0
        for r in range(b * rows, b * rows + rows):
            h = (h ^ <uint64_t>(<unsigned long long>sig[r])) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL
        out.append(<long long>h)
    return out


cdef struct _Slot:
    uint64_t h
    PyObject* key
    PyObject* stem


cdef inline uint64_t _fmix(uint64_t h) noexcept nogil:
    h ^= h >> 29
    h *= 0xBF58476D1CE4E5B9ULL
    return h ^ (h >> 32)


cdef class StemTable:
    """``word -> stem_of(word)`` memo keyed by the word's characters, for :func:`body_analysis`:
    a token seen before is found from its place in the text, without slicing a ``str`` out of it.
    Holds at most ``limit`` words (emptied when full: a bound on endless streams).

    >>> t = StemTable(str.upper)
    >>> body_analysis("dia dan dia", t)
    (b'dia dan dia', ['DIA', 'DAN', 'DIA'])
    >>> len(t)
    2
    """

    cdef _Slot* slots
    cdef Py_ssize_t cap, used, limit
    cdef readonly object stem_of

    def __cinit__(self, object stem_of, Py_ssize_t limit=1 << 19):
        self.cap = 1 << 12
        self.slots = <_Slot*>calloc(self.cap, sizeof(_Slot))
        if self.slots == NULL:
            raise MemoryError()
        self.used = 0
        self.limit = max(limit, 1)
        self.stem_of = stem_of

    def __dealloc__(self):
        if self.slots != NULL:
            self._release()
            free(self.slots)

    def __len__(self) -> int:
        return self.used

    cdef void _release(self) noexcept:
        cdef Py_ssize_t i
        for i in range(self.cap):
            if self.slots[i].key != NULL:
                Py_XDECREF(self.slots[i].key)
                Py_XDECREF(self.slots[i].stem)
                self.slots[i].key = NULL
                self.slots[i].stem = NULL
        self.used = 0

    cdef int _grow(self) except -1:
        cdef Py_ssize_t cap = self.cap * 2, i, slot
        cdef _Slot* new = <_Slot*>calloc(cap, sizeof(_Slot))
        if new == NULL:
            raise MemoryError()
        for i in range(self.cap):
            if self.slots[i].key != NULL:
                slot = <Py_ssize_t>(self.slots[i].h & <uint64_t>(cap - 1))
                while new[slot].key != NULL:
                    slot = (slot + 1) & (cap - 1)
                new[slot] = self.slots[i]
        free(self.slots)
        self.slots = new
        self.cap = cap
        return 0

    cdef object get(self, str text, int kind, void* data, Py_ssize_t start, Py_ssize_t n, uint64_t h):
        """The stem of ``text[start:start + n]`` (hash ``h``): from the table, else ``stem_of``."""
        cdef Py_ssize_t mask = self.cap - 1, slot = <Py_ssize_t>(h & <uint64_t>mask), j
        cdef PyObject* key
        cdef int kkind
        cdef void* kdata
        cdef bint same
        while self.slots[slot].key != NULL:
            if self.slots[slot].h == h:
                key = self.slots[slot].key
                if PyUnicode_GET_LENGTH(<object>key) == n:
                    kkind = PyUnicode_KIND(<object>key)
                    kdata = PyUnicode_DATA(<object>key)
                    if kkind == kind:
                        same = memcmp(kdata, <char*>data + start * kind, n * kind) == 0
                    else:
                        same = True
                        for j in range(n):
                            if PyUnicode_READ(kkind, kdata, j) != PyUnicode_READ(kind, data, start + j):
                                same = False
                                break
                    if same:
                        return <object>self.slots[slot].stem
            slot = (slot + 1) & mask
        word = PyUnicode_Substring(text, start, start + n)
        stem = self.stem_of(word)
        if self.used >= self.limit:
            self._release()
        if (self.used + 1) * 2 > self.cap:
            self._grow()
        mask = self.cap - 1
        slot = <Py_ssize_t>(h & <uint64_t>mask)
        while self.slots[slot].key != NULL:
            slot = (slot + 1) & mask
        Py_INCREF(word)
        Py_INCREF(stem)
        self.slots[slot].h = h
        self.slots[slot].key = <PyObject*>word
        self.slots[slot].stem = <PyObject*>stem
        self.used += 1
        return stem


def body_analysis(str text, StemTable table) -> tuple:
    """``(" ".join(tokens(text)).encode("utf-8"), [table.stem_of(w) for w in tokens(text)])`` in one
    pass over ``text``, the stems memoised in ``table`` (``stem_of`` called once per distinct word
    while it is held): what :func:`warta.store.prepare.prepare_batch` needs of a body (the joined
    words for the body hash and the shingles, the stems for the index and the story terms)
    without a ``str`` per token or a second pass to join them."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, start, pos = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef uint32_t u
    cdef uint64_t h
    cdef list stems = []
    cdef unsigned char* buf = <unsigned char*>malloc(5 * n + 1)
    if buf == NULL:
        raise MemoryError()
    try:
        while i < n:
            c = PyUnicode_READ(kind, data, i)
            if not is_word(c):
                i += 1
                continue
            start = i
            h = 0xCBF29CE484222325ULL
            if pos:
                buf[pos] = 32
                pos += 1
            while True:  # (a word character is never a surrogate: the UTF-8 below is always valid)
                u = <uint32_t>c
                h = (h ^ <uint64_t>u) * 0x100000001B3ULL
                if u < 0x80:
                    buf[pos] = <unsigned char>u
                    pos += 1
                elif u < 0x800:
                    buf[pos] = <unsigned char>(0xC0 | (u >> 6))
                    buf[pos + 1] = <unsigned char>(0x80 | (u & 0x3F))
                    pos += 2
                elif u < 0x10000:
                    buf[pos] = <unsigned char>(0xE0 | (u >> 12))
                    buf[pos + 1] = <unsigned char>(0x80 | ((u >> 6) & 0x3F))
                    buf[pos + 2] = <unsigned char>(0x80 | (u & 0x3F))
                    pos += 3
                else:
                    buf[pos] = <unsigned char>(0xF0 | (u >> 18))
                    buf[pos + 1] = <unsigned char>(0x80 | ((u >> 12) & 0x3F))
                    buf[pos + 2] = <unsigned char>(0x80 | ((u >> 6) & 0x3F))
                    buf[pos + 3] = <unsigned char>(0x80 | (u & 0x3F))
                    pos += 4
                i += 1
                if i >= n:
                    break
                c = PyUnicode_READ(kind, data, i)
                if not is_word(c):
                    break
            PyList_Append(stems, table.get(text, kind, data, start, i - start, _fmix(h)))
        return PyBytes_FromStringAndSize(<char*>buf, pos), stems
    finally:
        free(buf)
