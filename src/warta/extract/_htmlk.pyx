# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Byte-level kernels of :func:`warta.extract.html.extract_html`: UTF-8 encode / validate, byte count.

Twin: ``_htmlk_py.py`` (same functions, same results); import through
``warta._compiled.kernel("warta.extract._htmlk")``.

>>> utf8_encode("Café – ok\\ud800"), utf8_valid(b"caf\\xc3\\xa9"), count_byte(b"<p>a < b</p>", 60)
(b'Caf\\xc3\\xa9 \\xe2\\x80\\x93 ok', True, 3)

A page is ~170,000 characters, mostly ASCII with a few curly quotes (which make the whole ``str``
two bytes per character): ``str.encode`` takes ~1.4 ns per such character and ``bytes.decode``
about as long, while an 8-byte ASCII test per step here runs several times faster.
"""

from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, realloc
from libc.string cimport memcpy
from cpython.bytes cimport PyBytes_FromStringAndSize, PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.unicode cimport PyUnicode_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)


ctypedef fused ucs_t:
    uint16_t
    uint32_t


cdef Py_ssize_t _enc(const ucs_t *s, Py_ssize_t n, uint8_t *out) noexcept nogil:
    """UTF-8 of a two- or four-byte ``str`` buffer into ``out``; lone surrogates dropped."""
    cdef Py_ssize_t i = 0, o = 0, j, step
    cdef uint64_t w, mask
    cdef uint32_t c
    if ucs_t is uint16_t:
        step, mask = 4, 0xFF80FF80FF80FF80ULL
    else:
        step, mask = 2, 0xFFFFFF80FFFFFF80ULL
    while i < n:
        if i + step <= n:
            memcpy(&w, s + i, 8)
            if (w & mask) == 0:  # ``step`` ASCII characters
                for j in range(step):
                    out[o + j] = <uint8_t>s[i + j]
                o += step
                i += step
                continue
        c = s[i]
        i += 1
        if c < 0x80:
            out[o] = <uint8_t>c
            o += 1
        elif c < 0x800:
            out[o] = <uint8_t>(0xC0 | (c >> 6))
            out[o + 1] = <uint8_t>(0x80 | (c & 0x3F))
            o += 2
        elif 0xD800 <= c <= 0xDFFF:
            continue  # a lone surrogate: "ignore" drops it
        elif c < 0x10000:
            out[o] = <uint8_t>(0xE0 | (c >> 12))
            out[o + 1] = <uint8_t>(0x80 | ((c >> 6) & 0x3F))
            out[o + 2] = <uint8_t>(0x80 | (c & 0x3F))
            o += 3
        else:
            out[o] = <uint8_t>(0xF0 | (c >> 18))
            out[o + 1] = <uint8_t>(0x80 | ((c >> 12) & 0x3F))
            out[o + 2] = <uint8_t>(0x80 | ((c >> 6) & 0x3F))
            out[o + 3] = <uint8_t>(0x80 | (c & 0x3F))
            o += 4
    return o


cdef uint8_t *_buf = NULL
cdef size_t _cap = 0
_KEEP = 1 << 25
"""Bytes of scratch kept between calls (a page needs up to 3 per character; larger ones are freed)."""


def utf8_encode(str text):
    """``text.encode("utf-8", "ignore")``: UTF-8 bytes, lone surrogates dropped.

    ASCII-only and one-byte-per-character strings go to ``str.encode`` (already a copy or a
    short loop); two- and four-byte strings are encoded here with an ASCII fast path into a
    scratch buffer kept between calls (a fresh large allocation costs its page faults each time).
    """
    global _buf, _cap
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), o
    cdef size_t need
    cdef uint8_t *tmp
    if kind == 1 or PyUnicode_IS_ASCII(text) or n < 64:
        return text.encode("utf-8", "ignore")
    need = <size_t>n * (3 if kind == 2 else 4) + 8
    if need > _cap:
        tmp = <uint8_t *>realloc(_buf, need)
        if tmp == NULL:
            return text.encode("utf-8", "ignore")
        _buf, _cap = tmp, need
    if kind == 2:
        o = _enc(<const uint16_t *>PyUnicode_DATA(text), n, _buf)
    else:
        o = _enc(<const uint32_t *>PyUnicode_DATA(text), n, _buf)
    out = PyBytes_FromStringAndSize(<char *>_buf, o)
    if _cap > <size_t>_KEEP:
        free(_buf)
        _buf, _cap = NULL, 0
    return out


cdef inline Py_ssize_t _seq(const uint8_t *s, Py_ssize_t n, Py_ssize_t i, bint no_fffd) noexcept nogil:
    """Byte length of the well-formed non-ASCII sequence at ``s[i]`` as CPython's strict decoder
    takes it (no overlong forms, no surrogates, nothing above U+10FFFF; with ``no_fffd``, not an
    encoded U+FFFD ``EF BF BD``); 0 when it is ill-formed."""
    cdef uint8_t c = s[i], d
    if 0xC2 <= c <= 0xDF:
        if i + 1 >= n or (s[i + 1] & 0xC0) != 0x80:
            return 0
        return 2
    if 0xE0 <= c <= 0xEF:
        if i + 2 >= n:
            return 0
        d = s[i + 1]
        if (d & 0xC0) != 0x80 or (c == 0xE0 and d < 0xA0) or (c == 0xED and d > 0x9F):
            return 0
        if (s[i + 2] & 0xC0) != 0x80:
            return 0
        if no_fffd and c == 0xEF and d == 0xBF and s[i + 2] == 0xBD:
            return 0
        return 3
    if 0xF0 <= c <= 0xF4:
        if i + 3 >= n:
            return 0
        d = s[i + 1]
        if (d & 0xC0) != 0x80 or (c == 0xF0 and d < 0x90) or (c == 0xF4 and d > 0x8F):
            return 0
        if (s[i + 2] & 0xC0) != 0x80 or (s[i + 3] & 0xC0) != 0x80:
            return 0
        return 4
    return 0


cdef Py_ssize_t _valid_count(const uint8_t *s, Py_ssize_t n, bint no_fffd, int byte) noexcept nogil:
    """-1 unless ``s`` is strict UTF-8 (with ``no_fffd``: holding no encoded U+FFFD); else how many
    bytes equal ``byte`` (an ASCII byte; -1 counts nothing). 64 bytes per step: the step's loop
    (an OR and a byte count, no branch) is vectorised by the C compiler; a step holding a
    non-ASCII byte is validated byte by byte."""
    cdef Py_ssize_t i = 0, k = 0, end, m
    cdef int j
    cdef uint8_t orv, cnt, c, b = <uint8_t>byte if 0 <= byte < 0x80 else 0x80
    while i < n:
        if i + 64 <= n:
            orv = 0
            cnt = 0
            for j in range(64):
                c = s[i + j]
                orv |= c
                cnt += c == b
            if orv < 0x80:
                k += cnt
                i += 64
                continue
            end = i + 64
        else:
            end = n
        while i < end:  # (a sequence may end past ``end``: the next step starts after it)
            c = s[i]
            if c < 0x80:
                k += c == b
                i += 1
            else:
                m = _seq(s, n, i, no_fffd)
                if m == 0:
                    return -1
                i += m
    return k


def utf8_valid(bytes data):
    """Whether ``data.decode("utf-8")`` would succeed (strict), without building the ``str``."""
    return _valid_count(<const uint8_t *>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), False, -1) >= 0


def utf8_plain(bytes data):
    """``utf8_valid(data) and b"\\xef\\xbf\\xbd" not in data``: strict UTF-8 holding no encoded U+FFFD,
    in the one validating pass (``bytes.__contains__`` with that three-byte needle scans a page
    about four times slower than the validation's eight-bytes-a-step ASCII test: 0.25 vs 0.06 ms
    on a 280 KB page).

    >>> utf8_plain("café".encode()), utf8_plain(b"a\\xef\\xbf\\xbd"), utf8_plain(b"\\xff")
    (True, False, False)
    """
    return _valid_count(<const uint8_t *>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), True, -1) >= 0


def utf8_plain_count(bytes data, int byte):
    """``data.count(bytes([byte]))`` (``byte`` ASCII) when ``utf8_plain(data)``, else -1: the
    validation and the count in one pass over the page.

    >>> utf8_plain_count("<p>café</p>".encode(), 0x3C), utf8_plain_count(b"<p>\\xff", 0x3C)
    (2, -1)
    """
    return _valid_count(<const uint8_t *>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), True, byte)


def count_byte(bytes data, int byte):
    """``data.count(bytes([byte]))``, 64 bytes per step (a byte-wise count the C compiler vectorises;
    at most 64 per step, so a byte counter cannot overflow)."""
    cdef const uint8_t *s = <const uint8_t *>PyBytes_AS_STRING(data)
    cdef Py_ssize_t i = 0, n = PyBytes_GET_SIZE(data), k = 0
    cdef uint8_t b = <uint8_t>byte, cnt
    cdef int j
    while i + 64 <= n:
        cnt = 0
        for j in range(64):
            cnt += s[i + j] == b
        k += cnt
        i += 64
    while i < n:
        k += s[i] == b
        i += 1
    return k


ctypedef fused anyucs_t:
    uint8_t
    uint16_t
    uint32_t


cdef inline void _ean(const anyucs_t *s, Py_ssize_t n, Py_ssize_t *out) noexcept nogil:
    """Counts of ``e``, ``a`` and ``n`` in either case (``c | 0x20`` folds only ``E`` onto ``e``)."""
    cdef Py_ssize_t i, e = 0, a = 0, k = 0
    cdef uint32_t c
    for i in range(n):
        c = s[i] | 0x20
        if c == 101:
            e += 1
        elif c == 97:
            a += 1
        elif c == 110:
            k += 1
    out[0] = e
    out[1] = a
    out[2] = k


def letter_key(str text):
    """``(low.count("e"), low.count("a"), low.count("n"))`` for ``low = text.lower()``, in one pass
    and without the lower-cased copy: only ``E`` and ``e`` lower-case to a string holding ``e``
    (likewise ``a``, ``n``; the tests check every code point), so counting both cases is the same.

    >>> letter_key("Ein Anak, ENAM"), letter_key("")
    ((2, 3, 3), (0, 0, 0))
    """
    cdef Py_ssize_t out[3]
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    if kind == 1:
        _ean(<const uint8_t *>PyUnicode_DATA(text), n, out)
    elif kind == 2:
        _ean(<const uint16_t *>PyUnicode_DATA(text), n, out)
    else:
        _ean(<const uint32_t *>PyUnicode_DATA(text), n, out)
    return (out[0], out[1], out[2])


cdef inline bint _word(uint8_t c) noexcept nogil:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95


cdef inline bint _alnum(uint8_t c) noexcept nogil:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef inline bint _ci_at(const uint8_t *s, Py_ssize_t n, Py_ssize_t i, const char *w, Py_ssize_t m) noexcept nogil:
    """Whether ``s[i:i+m]`` is ``w`` (lower-case ASCII), ASCII case folded."""
    cdef Py_ssize_t j
    cdef uint8_t c
    if i + m > n:
        return False
    for j in range(m):
        c = s[i + j]
        if 65 <= c <= 90:
            c += 32
        if c != <uint8_t>w[j]:
            return False
    return True


cdef Py_ssize_t _raw_end(const uint8_t *s, Py_ssize_t n, Py_ssize_t i, const char *name, Py_ssize_t m) noexcept nogil:
    """The end of ``</name\s*>`` at or after ``i`` (ASCII case folded), else ``n`` (runs to the end)."""
    cdef Py_ssize_t j
    while i < n:
        if s[i] == 60 and i + 1 < n and s[i + 1] == 47 and _ci_at(s, n, i + 2, name, m):
            j = i + 2 + m
            while j < n and (s[j] == 32 or 9 <= s[j] <= 13):
                j += 1
            if j < n and s[j] == 62:
                return j + 1
        i += 1
    return n


cdef bint _flat(const uint8_t *s, Py_ssize_t a, Py_ssize_t b) noexcept nogil:
    """Whether the tag name ``s[a:b]`` (ASCII case folded) is a void element or one the parser closes itself."""
    cdef Py_ssize_t m = b - a, k, j
    cdef const char *w
    for k in range(_NFLAT):
        w = _FLAT[k]
        j = 0
        while w[j] != 0:
            j += 1
        if j == m and _ci_at(s, b, a, w, m):
            return True
    return False


cdef const char *_FLAT[30]
_FLAT[:] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track",
    b"wbr", b"param", b"keygen", b"p", b"li", b"dt", b"dd", b"option", b"optgroup", b"tr", b"td", b"th", b"thead",
    b"tbody", b"tfoot", b"colgroup", b"rp", b"rt",
]
cdef int _NFLAT = 30


def depth_cut(bytes data, Py_ssize_t max_depth):
    """The twin's ``depth_cut``: the offset of the first tag opened deeper than ``max_depth``, or None.

    >>> depth_cut(b"<div>" * 30, 10), depth_cut(b"<div><br><p><img/><!-- <div> --></div>", 1)
    (50, None)
    """
    cdef const uint8_t *s = <const uint8_t *>PyBytes_AS_STRING(data)
    cdef Py_ssize_t n = PyBytes_GET_SIZE(data), i = 0, a, b, j, depth = 0
    cdef bint closing
    while i < n:
        if s[i] != 60:  # "<"
            i += 1
            continue
        if i + 3 < n and s[i + 1] == 33 and s[i + 2] == 45 and s[i + 3] == 45:  # "<!--"
            j = i + 4
            while j + 2 < n and not (s[j] == 45 and s[j + 1] == 45 and s[j + 2] == 62):
                j += 1
            i = j + 3 if j + 2 < n else n
            continue
        if _ci_at(s, n, i + 1, "script", 6) and (i + 7 >= n or not _word(s[i + 7])):
            i = _raw_end(s, n, i + 7, "script", 6)
            continue
        if _ci_at(s, n, i + 1, "style", 5) and (i + 6 >= n or not _word(s[i + 6])):
            i = _raw_end(s, n, i + 6, "style", 5)
            continue
        closing = i + 1 < n and s[i + 1] == 47
        a = i + 2 if closing else i + 1
        if a >= n or not ((65 <= s[a] <= 90) or (97 <= s[a] <= 122)):
            i += 1
            continue
        b = a + 1
        while b < n and _alnum(s[b]):
            b += 1
        j = b
        while j < n and s[j] != 62 and s[j] != 60:
            j += 1
        if j >= n or s[j] == 60:  # no ">" before the next "<": not a tag here
            i += 1
            continue
        if s[j - 1] == 47 and j - 1 >= b:  # "<x/>": self-closing
            i = j + 1
            continue
        if not _flat(s, a, b):
            if closing:
                depth = depth - 1 if depth > 0 else 0
            else:
                depth += 1
                if depth > max_depth:
                    return i
        i = j + 1
    return None


__all__ = ["count_byte", "depth_cut", "letter_key", "utf8_encode", "utf8_plain", "utf8_plain_count", "utf8_valid"]
