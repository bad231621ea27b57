# ASCII fast paths of the character tests in _ucs.pxd, with the same answers for every code point:
# below 128 an unsigned range check or two, above it CPython's predicate (Py_UNICODE_ISALNUM,
# ISDECIMAL and ISUPPER are function calls into the Unicode database, even for ASCII letters).
# Cimported by _datek, _kwk, _sumk and _textk, whose loops test every character of an article.
# (Cython turns a Py_UCS4 in `|` or `-` into a one-character str: the code point is read as an
# unsigned int first.) tests/test_enrich_kernels.py runs the kernels and their twins on every code
# point below U+3000.

from warta.enrich._ucs cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISDIGIT,
    Py_UNICODE_ISUPPER,
    is_letter,
    is_word_char,
    is_word_cont,
)


cdef inline bint _az(unsigned int u):
    return ((u | 32u) - 97u) < 26u  # A-Z a-z


cdef inline bint _09(unsigned int u):
    return (u - 48u) < 10u  # 0-9


cdef inline bint a_letter(Py_UCS4 c):
    # [^\W\d_]: A-Z a-z below 128
    cdef unsigned int u = c
    if u < 128u:
        return _az(u)
    return is_letter(c)


cdef inline bint a_word_char(Py_UCS4 c):
    # \w: A-Z a-z 0-9 _ below 128
    cdef unsigned int u = c
    if u < 128u:
        return _az(u) or _09(u) or u == 95u
    return is_word_char(c)


cdef inline bint a_word_cont(Py_UCS4 c):
    # [\w'’-]: A-Z a-z 0-9 _ ' - below 128
    cdef unsigned int u = c
    if u < 128u:
        return _az(u) or _09(u) or u == 95u or u == 39u or u == 45u
    return is_word_cont(c)


cdef inline bint a_alnum(Py_UCS4 c):
    # str.isalnum of one character: A-Z a-z 0-9 below 128
    cdef unsigned int u = c
    if u < 128u:
        return _az(u) or _09(u)
    return Py_UNICODE_ISALNUM(c)


cdef inline bint a_upper(Py_UCS4 c):
    # str.isupper of one character: A-Z below 128
    cdef unsigned int u = c
    if u < 128u:
        return (u - 65u) < 26u
    return Py_UNICODE_ISUPPER(c)


cdef inline bint a_decimal(Py_UCS4 c):
    # \d, str.isdecimal of one character: 0-9 below 128
    cdef unsigned int u = c
    if u < 128u:
        return _09(u)
    return Py_UNICODE_ISDECIMAL(c)


cdef inline bint a_digit(Py_UCS4 c):
    # str.isdigit of one character: 0-9 below 128
    cdef unsigned int u = c
    if u < 128u:
        return _09(u)
    return Py_UNICODE_ISDIGIT(c)
