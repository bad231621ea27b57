# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The input hash of a document, compiled: the kernel of ``_hashk_py.py`` (same function, same value).

``input_hash(data)`` is ``xxhash.xxh3_128_hexdigest`` of the document's bytes, a ``str`` taken as its
UTF-8 with lone surrogates kept (``s.encode("utf-8", "surrogatepass")``): the value
:meth:`warta.article.RawDoc.provenance` records. The kernel writes that UTF-8 itself, into a scratch
buffer the hash reads without a ``bytes`` copy: an ASCII ``str`` is hashed straight from its own
buffer (CPython keeps ASCII text as its UTF-8), and a 1- or 2-byte ``str`` is encoded 16 code units
at a time while they are ASCII (SSE2: two loads, one test, one pack), else 8 or 4 (one 64-bit read),
else one by one (CPython's own encoder tests every code unit). With ``surrogatepass`` a code unit's
UTF-8 depends on that unit alone (a surrogate is written as any other unit of U+0800-U+FFFF, three
bytes), so the output is the same bytes, hence the same hash.

(``extract/_htmlk._enc`` is the HTML front end's encoder: it drops lone surrogates, as
``encode("utf-8", "ignore")`` does, and keeps a scratch buffer across calls; this one keeps them, and
takes a buffer per call: no state shared between calls or threads while ``xxhash`` reads it.)

>>> input_hash("abc") == input_hash(b"abc")
True
"""

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

from warta._utf8 cimport put_utf8

import xxhash

cdef extern from *:
    """
    #if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    #define WARTA_HASHK_LE 1
    #else
    #define WARTA_HASHK_LE 0
    #endif
    """
    # WARTA_HASHK_LE: code units read 8 bytes at a time sit in a 64-bit word lowest first
    # (little-endian); elsewhere the encoder goes unit by unit
    const bint WARTA_HASHK_LE

cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* The units of d[:n] copied as bytes to out while they are ASCII, 16 at a time (two 128-bit
       loads, one test, one pack); the count copied (a multiple of 16). */
    static inline Py_ssize_t warta_ascii16_2(const uint16_t* d, Py_ssize_t n, uint8_t* out) {
        Py_ssize_t i = 0;
        const __m128i hi = _mm_set1_epi16((short)0xFF80);
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i a = _mm_loadu_si128((const __m128i*)(d + i));
            __m128i b = _mm_loadu_si128((const __m128i*)(d + i + 8));
            if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(_mm_or_si128(a, b), hi), zero)) != 0xFFFF)
                break;
            _mm_storeu_si128((__m128i*)(out + i), _mm_packus_epi16(a, b));
            i += 16;
        }
        return i;
    }
    static inline Py_ssize_t warta_ascii16_1(const uint8_t* d, Py_ssize_t n, uint8_t* out) {
        Py_ssize_t i = 0;
        while (i + 16 <= n) {
            __m128i a = _mm_loadu_si128((const __m128i*)(d + i));
            if (_mm_movemask_epi8(a) != 0)
                break;
            _mm_storeu_si128((__m128i*)(out + i), a);
            i += 16;
        }
        return i;
    }
    #else
    static inline Py_ssize_t warta_ascii16_2(const uint16_t* d, Py_ssize_t n, uint8_t* out) { return 0; }
    static inline Py_ssize_t warta_ascii16_1(const uint8_t* d, Py_ssize_t n, uint8_t* out) { return 0; }
    #endif
    """
    # the ASCII units at the start of d[:n] copied as bytes to out, 16 a step (SSE2: x86-64's
    # baseline; elsewhere none, and the encoder below goes 4 or 8 units a step)
    Py_ssize_t warta_ascii16_2(const uint16_t* d, Py_ssize_t n, uint8_t* out) noexcept nogil
    Py_ssize_t warta_ascii16_1(const uint8_t* d, Py_ssize_t n, uint8_t* out) noexcept nogil

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)
    object PyMemoryView_FromMemory(char* mem, Py_ssize_t size, int flags)
    int PyBUF_READ

_xxh3 = xxhash.xxh3_128_hexdigest

cdef uint64_t _HI1 = 0x8080808080808080ULL  # a 1-byte unit of 0x80 or more, 8 at a time
cdef uint64_t _HI2 = 0xFF80FF80FF80FF80ULL  # a 2-byte unit of 0x80 or more, 4 at a time


ctypedef fused unit_t:  # a str's code unit: PyUnicode_1BYTE_KIND, 2BYTE, 4BYTE
    uint8_t
    uint16_t
    uint32_t


cdef Py_ssize_t _utf8(const unit_t* d, Py_ssize_t n, uint8_t* out) noexcept nogil:
    """UTF-8 of ``n`` code units into ``out`` (room for 2, 3 or 4 bytes a unit, by width); its length.

    1- and 2-byte units go 16 at a time while ASCII, then 8 or 4 at a time (one 64-bit read, on
    little-endian machines), else one by one; 4-byte units one by one.
    """
    cdef Py_ssize_t i = 0, o = 0, k, e
    cdef uint64_t w, v
    cdef uint32_t c
    if unit_t is uint32_t:
        while i < n:
            o = put_utf8(out, o, d[i])
            i += 1
        return o
    else:
        while i < n:
            if unit_t is uint8_t:
                k = warta_ascii16_1(d + i, n - i, out + o)  # runs of 16 ASCII units
            else:
                k = warta_ascii16_2(d + i, n - i, out + o)
            i += k
            o += k
            e = i + 16 if i + 16 < n else n  # then 16 units (or the rest) the short way
            while i < e:
                if unit_t is uint8_t:
                    if WARTA_HASHK_LE and i + 8 <= n:
                        memcpy(&w, d + i, 8)
                        if (w & _HI1) == 0:
                            memcpy(out + o, &w, 8)
                            i += 8
                            o += 8
                            continue
                else:
                    if WARTA_HASHK_LE and i + 4 <= n:
                        memcpy(&w, d + i, 8)
                        if (w & _HI2) == 0:  # four ASCII units: their low bytes, in order, one 32-bit store
                            v = (w | (w >> 8)) & 0x0000FFFF0000FFFFULL
                            c = <uint32_t>(v | (v >> 16))
                            memcpy(out + o, &c, 4)
                            i += 4
                            o += 4
                            continue
                o = put_utf8(out, o, d[i])
                i += 1
        return o


cdef uint8_t* _encode(str s, Py_ssize_t* size) except NULL:
    """A ``malloc``'d buffer holding the UTF-8 of a non-ASCII ``s`` (lone surrogates kept), its
    length in ``size``; the caller frees it."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef int kind = PyUnicode_KIND(s)
    # room: 2 bytes a Latin-1 unit, 3 a 2-byte unit, 4 a 4-byte unit
    cdef uint8_t* buf = <uint8_t*>malloc((2 * n if kind == 1 else 3 * n if kind == 2 else 4 * n) + 8)
    if buf == NULL:
        raise MemoryError()
    if kind == 1:
        size[0] = _utf8(<const uint8_t*>PyUnicode_DATA(s), n, buf)
    elif kind == 2:
        size[0] = _utf8(<const uint16_t*>PyUnicode_DATA(s), n, buf)
    else:
        size[0] = _utf8(<const uint32_t*>PyUnicode_DATA(s), n, buf)
    return buf


def utf8(str s):
    """``s.encode("utf-8", "surrogatepass")``, written by the kernel's encoder (for the tests).

    >>> t = "a\\u00e9\\u20ac\\U0001f600\\ud800"
    >>> utf8(t) == t.encode("utf-8", "surrogatepass")
    True
    """
    cdef Py_ssize_t size = 0
    cdef uint8_t* buf
    if PyUnicode_IS_ASCII(s):
        return (<char*>PyUnicode_DATA(s))[:PyUnicode_GET_LENGTH(s)]
    buf = _encode(s, &size)
    try:
        return (<char*>buf)[:size]
    finally:
        free(buf)


def input_hash(data):
    """``xxhash.xxh3_128_hexdigest`` of ``data`` (bytes), or of a ``str``'s UTF-8 (lone surrogates kept).

    >>> input_hash("Harga naik.") == input_hash("Harga naik.".encode())
    True
    """
    cdef Py_ssize_t size = 0
    cdef uint8_t* buf
    cdef str s
    if not isinstance(data, str):
        return _xxh3(data)
    s = <str>data
    if PyUnicode_IS_ASCII(s):  # its own bytes are its UTF-8
        return _xxh3(PyMemoryView_FromMemory(<char*>PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s), PyBUF_READ))
    buf = _encode(s, &size)
    try:
        return _xxh3(PyMemoryView_FromMemory(<char*>buf, size, PyBUF_READ))
    finally:
        free(buf)
