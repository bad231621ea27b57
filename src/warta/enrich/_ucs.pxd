# Declarations shared by the enrichment kernels: reading a str's code points in place and
# CPython's own character predicates (the ones `re`'s \w, \d, \s and str.isupper/isalpha use),
# so a kernel's character tests give the same answers as its pure-Python twin.

cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t i)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    bint Py_UNICODE_ISDIGIT(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)


cdef inline bint is_word_char(Py_UCS4 c):
    # \w as Python's re tests it
    return Py_UNICODE_ISALNUM(c) or c == 95


cdef inline bint is_letter(Py_UCS4 c):
    # [^\W\d_]: a word's first character
    return Py_UNICODE_ISALNUM(c) and c != 95 and not Py_UNICODE_ISDECIMAL(c)


cdef inline bint is_word_cont(Py_UCS4 c):
    # [\w'’-]: the rest of a word
    return Py_UNICODE_ISALNUM(c) or c == 95 or c == 39 or c == 0x2019 or c == 45
