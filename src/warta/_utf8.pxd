# cython: language_level=3
"""UTF-8 writing shared by the kernels that encode text themselves (``_hashk``, ``extract/_lexk``).

Inline: each kernel compiles its own copy, so no module depends on another at run time.
"""

from libc.stdint cimport uint8_t, uint32_t


cdef inline Py_ssize_t put_utf8(uint8_t* out, Py_ssize_t o, uint32_t c) noexcept nogil:
    """Write code point ``c`` as UTF-8 at ``out[o]`` (``out`` has room for 4 more bytes); the new
    end. A lone surrogate is written as any unit of U+0800-U+FFFF, in three bytes (what
    ``encode("utf-8", "surrogatepass")`` gives)."""
    if c < 0x80:
        out[o] = <uint8_t>c
        return o + 1
    if c < 0x800:
        out[o] = <uint8_t>(0xC0 | (c >> 6))
        out[o + 1] = <uint8_t>(0x80 | (c & 0x3F))
        return o + 2
    if c < 0x10000:
        out[o] = <uint8_t>(0xE0 | (c >> 12))
        out[o + 1] = <uint8_t>(0x80 | ((c >> 6) & 0x3F))
        out[o + 2] = <uint8_t>(0x80 | (c & 0x3F))
        return o + 3
    out[o] = <uint8_t>(0xF0 | (c >> 18))
    out[o + 1] = <uint8_t>(0x80 | ((c >> 12) & 0x3F))
    out[o + 2] = <uint8_t>(0x80 | ((c >> 6) & 0x3F))
    out[o + 3] = <uint8_t>(0x80 | (c & 0x3F))
    return o + 4
