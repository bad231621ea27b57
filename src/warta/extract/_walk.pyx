# cython: language_level=3, boundscheck=False, wraparound=True, cdivision=True
"""The DOM walk of :func:`warta.extract.content.build_dom`, reading Lexbor's node structs directly.

The pure-Python twin (:mod:`warta.extract._walk_py`) asks selectolax for a Python object per node
(``first_child``, ``next``, ``tag``, ``attributes``, ``text_content``: about 0.8 us a node). This
kernel takes the root's C pointer (``LexborNode.mem_id``) and follows the ``first_child`` / ``next``
pointers itself, reads element names from the tag ids, scans attributes for the eight names the
walk uses and decodes text exactly as selectolax does (UTF-8, errors replaced); everything else
(hint lookups, blocks, links, budgets) is the twin's logic line for line, so the ``Dom`` is equal.

Only struct *fields* are read; no Lexbor function is called (Lexbor lives in selectolax's shared
library, not ours). The struct mirrors (``_lexbor.pxd``, shared with ``_metak``) are interop
declarations of the layouts of the selectolax versions in :data:`VALIDATED` (Lexbor 2.x node /
element / attribute / character-data and hash-entry layouts). Safety: the kernel runs only when the installed selectolax is in that
range *and* a probe document, read both through selectolax's Python API and through the structs,
gives the same names, attributes, texts and links and the same ``Dom`` from both walks (checked
once, at first use). Otherwise every call goes to the twin, with one warning. A page with a tag id
the probe did not learn is walked by the twin.

>>> from selectolax.lexbor import LexborHTMLParser
>>> dom = build_dom(LexborHTMLParser("<p>Halo <a href='/x'>dunia</a></p>").body)
>>> dom.tags, [(b.text, b.kind, b.links) for b in dom.blocks]
(['body', 'p'], [('Halo dunia', 'p', [('dunia', '/x')])])
"""

from cpython.unicode cimport PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp, memcpy, memmove

import re
import threading
import warnings

from warta.extract._lexbor cimport (
    _Attr, _CharData, _Element, _entry_str, _HashEntry, _NSTD, _Node, _PTR_MIN, _Str, _T_ELEMENT, _T_TEXT,
    validated_range, version_validated,
)

VALIDATED = validated_range()
"""selectolax versions whose struct layouts this kernel was checked on: ``>= [0]`` and ``< [1]``
(1.0.2 only; any other version walks with the twin, with a warning, until checked and added to
``warta/extract/_lexbor.pxd``, which holds the struct mirrors and this range for both Lexbor kernels)."""

cdef enum:
    # the tag ids selectolax names "-text", "-document", "-comment", "-doctype" (checked by the probe)
    _ID_TEXT = 2
    _ID_DOCTYPE = 5
    # attribute names the walk reads
    A_OTHER = 0
    A_CLASS = 1
    A_ID = 2
    A_STYLE = 3
    A_HIDDEN = 4
    A_ARIA = 5
    A_ROLE = 6
    A_ITEMPROP = 7
    A_HREF = 8
    N_A = 9
    # element names the walk treats specially (S_NONE: any other)
    S_NONE = 0
    S_CODE = 1  # code, pre
    S_FORM = 2
    S_CELL = 3  # td, th
    S_HR = 4
    S_A = 5
    S_TR = 6

_ATTR_NAMES = ("", "class", "id", "style", "hidden", "aria-hidden", "role", "itemprop", "href")

cdef signed char _tcat[_NSTD]  # walk category per static tag id; -1: not learned
cdef list _tnames = [None] * _NSTD
cdef signed char _acode[_NSTD]  # A_* per static attribute id (A_OTHER for every other name)
cdef signed char _tspec[_NSTD]  # S_* per static tag id (the names the walk tests)
cdef int _ok = 0  # 0: not checked yet, 1: validated, -1: use the twin

cdef object _c  # warta.extract.content
cdef object _py  # warta.extract._walk_py
cdef dict _KIND = {}  # content._KIND
cdef object _Block = None  # content.Block
cdef int _C_INLINE, _C_SKIP, _C_BR, _C_BLOCK, _OPENED, _LINK
cdef long _PRICE, _CART, _POST, _DOC


class _Unknown(Exception):
    """A node the kernel cannot name safely (the page is walked by the twin)."""


cdef inline str _decode(const unsigned char *data, size_t n):
    return PyUnicode_DecodeUTF8(<const char *> data, n, "replace")


cdef int _spec_of(object tag):
    """S_* of an element name."""
    if tag == "code" or tag == "pre":
        return S_CODE
    if tag == "form":
        return S_FORM
    if tag == "td" or tag == "th":
        return S_CELL
    if tag == "hr":
        return S_HR
    if tag == "a":
        return S_A
    if tag == "tr":
        return S_TR
    return S_NONE


cdef int _name_code(const unsigned char *s, size_t n) noexcept:
    """A_* of an attribute name given as bytes."""
    if n == 2:
        return A_ID if memcmp(s, b"id", 2) == 0 else A_OTHER
    if n == 4:
        if memcmp(s, b"href", 4) == 0:
            return A_HREF
        if memcmp(s, b"role", 4) == 0:
            return A_ROLE
        return A_OTHER
    if n == 5:
        if memcmp(s, b"class", 5) == 0:
            return A_CLASS
        if memcmp(s, b"style", 5) == 0:
            return A_STYLE
        return A_OTHER
    if n == 6:
        return A_HIDDEN if memcmp(s, b"hidden", 6) == 0 else A_OTHER
    if n == 8:
        return A_ITEMPROP if memcmp(s, b"itemprop", 8) == 0 else A_OTHER
    if n == 11:
        return A_ARIA if memcmp(s, b"aria-hidden", 11) == 0 else A_OTHER
    return A_OTHER


cdef int _attr_code(_Attr *a) except -1:
    """A_* of an attribute (by its qualified name, as selectolax's ``attributes`` keys it)."""
    cdef uintptr_t aid = a.qualified_name if a.qualified_name != 0 else a.node.local_name
    cdef _HashEntry *e
    if aid < _NSTD:
        return _acode[aid]
    if aid < _PTR_MIN:
        raise _Unknown(aid)
    e = <_HashEntry *> aid
    return _name_code(_entry_str(e), e.length)


cdef object _tag_name(_Element *el, dict custom):
    """selectolax's ``node.tag`` of an element (``None`` when Lexbor has no name for it)."""
    cdef uintptr_t tid = el.qualified_name if el.qualified_name != 0 else el.node.local_name
    cdef _HashEntry *e
    cdef const unsigned char *s
    if tid < _NSTD:
        if _tcat[tid] < 0:
            raise _Unknown(tid)
        return _tnames[tid]
    if tid < _PTR_MIN:
        raise _Unknown(tid)
    name = custom.get(tid)
    if name is None:
        e = <_HashEntry *> tid
        s = _entry_str(e)
        if s == NULL:
            return None
        name = _decode(s, e.length)
        custom[tid] = name
    return name


# --- class / id hints: a C table from the attribute bytes to (hint, flags) -------------------------
# The twin memoises ``_raw_hint("<class> <id>")`` in a dict keyed by the decoded string; here the
# key is the attributes' bytes (hashed eight bytes a step, compared in full), so a known element costs no
# decoding, no string building and no dict lookup. A miss computes the same answer as the twin.

from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from libc.stdint cimport uint64_t

cdef struct _HSlot:
    uint64_t hash
    size_t klen
    unsigned char *key  # malloc'ed copy of "<class bytes> <id bytes>"
    PyObject *h  # the lower-cased hint string (owned reference)
    long f

cdef enum:
    _HBITS = 15
    _HSIZE = 1 << _HBITS
    _HMAX = _HSIZE // 2  # entries before the table is emptied (like the twin's cache limits)

cdef _HSlot *_htab = NULL
cdef uint64_t *_hhash = NULL  # _htab[i].hash, packed (0: empty): a probe reads 8 bytes, not a slot
cdef Py_ssize_t _hcount = 0


cdef void _hclear() noexcept:
    global _hcount
    cdef Py_ssize_t i
    for i in range(_HSIZE):
        if _htab[i].key != NULL:
            free(_htab[i].key)
            _htab[i].key = NULL
            Py_XDECREF(_htab[i].h)
            _htab[i].h = NULL
        _hhash[i] = 0
    _hcount = 0


cdef inline uint64_t _mix(uint64_t x, const unsigned char *s, size_t n) noexcept:
    """``x`` mixed with the bytes of ``s``, eight per step (a multiply per word, not per byte as
    FNV-1a: class values run to dozens of bytes). Equal keys hash equally; the table compares the
    keys in full, so the hash only spreads them."""
    cdef size_t i = 0
    cdef uint64_t w
    while i + 8 <= n:
        memcpy(&w, s + i, 8)
        x = (x ^ w) * 0x9E3779B97F4A7C15ULL
        x ^= x >> 32
        i += 8
    if i < n:
        w = 0
        memcpy(&w, s + i, n - i)
        x = (x ^ w ^ ((n - i) << 59)) * 0x9E3779B97F4A7C15ULL
        x ^= x >> 32
    return x


cdef inline const unsigned char *_vbytes(_Str *v, size_t *n) noexcept:
    """The bytes of an attribute value (empty for a missing attribute or one without a value)."""
    if v == NULL or v.data == NULL:
        n[0] = 0
        return <const unsigned char *> b""
    n[0] = v.length
    return v.data


cdef _HSlot *_hint_slot(_Str *cls, _Str *ident) except NULL:
    """(hint, flags) of an element's class and id, as ``content._raw_hint(f"{cls} {id}")``."""
    global _htab, _hhash, _hcount
    cdef size_t cn, idn, klen
    cdef const unsigned char *cs = _vbytes(cls, &cn)
    cdef const unsigned char *ids = _vbytes(ident, &idn)
    cdef uint64_t hv = _mix(_mix(14695981039346656037ULL ^ cn, cs, cn), ids, idn)
    cdef _HSlot *e
    cdef long fl = 0
    if hv == 0:
        hv = 1  # 0 marks an empty slot in _hhash
    klen = cn + 1 + idn
    if _htab == NULL:
        _hhash = <uint64_t *> calloc(_HSIZE, sizeof(uint64_t))
        _htab = <_HSlot *> calloc(_HSIZE, sizeof(_HSlot))
        if _htab == NULL or _hhash == NULL:
            free(_hhash)
            free(_htab)
            _hhash = NULL
            _htab = NULL
            raise MemoryError()
    e = _hfind(hv, cs, cn, ids, idn)
    if e.key != NULL:
        return e
    # a miss: the twin's answer (Python code: another thread may use the table meanwhile), then
    # look again for the slot to fill
    h = _ascii_hint(cs, cn, ids, idn, &fl) if _mat_on else None
    if h is not None:
        f = fl
    else:
        raw = _decode(cs, cn) + " " + _decode(ids, idn)
        h, f = _raw_hint(raw)
    if _hcount >= _HMAX:
        _hclear()
    e = _hfind(hv, cs, cn, ids, idn)
    if e.key != NULL:
        return e
    e.key = <unsigned char *> malloc(klen)
    if e.key == NULL:
        raise MemoryError()
    memcpy(e.key, cs, cn)
    e.key[cn] = 32
    memcpy(e.key + cn + 1, ids, idn)
    e.klen = klen
    e.hash = hv
    _hhash[e - _htab] = hv
    Py_INCREF(h)
    e.h = <PyObject *> h
    e.f = f
    _hcount += 1
    return e


cdef _HSlot *_hfind(uint64_t hv, const unsigned char *cs, size_t cn, const unsigned char *ids, size_t idn) noexcept:
    """The slot holding this key, or the empty slot where it belongs (the table is never full)."""
    cdef size_t i = <size_t> (hv ^ (hv >> 29)) & (_HSIZE - 1)
    cdef size_t klen = cn + 1 + idn
    cdef _HSlot *e
    cdef uint64_t x
    while True:
        x = _hhash[i]
        if x == 0:
            return &_htab[i]
        if x == hv:
            e = &_htab[i]
            if e.klen == klen and memcmp(e.key, cs, cn) == 0 and memcmp(e.key + cn + 1, ids, idn) == 0:
                return e
        i = (i + 1) & (_HSIZE - 1)


cdef inline bint _ascii_space(unsigned char c) noexcept:
    """``chr(c).isspace()`` for an ASCII byte."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef inline bint _all_ascii(const unsigned char *s, size_t n) noexcept:
    cdef size_t i
    for i in range(n):
        if s[i] >= 128:
            return False
    return True


cdef object _ascii_hint(
    const unsigned char *cs, size_t cn, const unsigned char *ids, size_t idn, long *f,
    const unsigned char *rs=NULL, size_t rn=0, const unsigned char *ips=NULL, size_t ipn=0,
):
    """``_raw_hint(f"{cls} {id}")`` for ASCII attribute bytes, tokens read by the C matcher; with a
    role / itemprop value, ``content._hint_of`` (``" role-<role>"``, ``" itemprop-<itemprop>"``
    appended when not empty) and its :func:`_hint_flags`. None for non-ASCII bytes (the caller
    takes the Python path)."""
    cdef size_t klen = cn + 1 + idn, i, start
    cdef unsigned char c
    cdef unsigned char *buf
    cdef bint blank = True
    cdef long acc = 0
    if not (_all_ascii(cs, cn) and _all_ascii(ids, idn) and _all_ascii(rs, rn) and _all_ascii(ips, ipn)):
        return None
    if rn:
        klen += 6 + rn
    if ipn:
        klen += 10 + ipn
    buf = <unsigned char *> malloc(klen)
    if buf == NULL:
        raise MemoryError()
    try:
        memcpy(buf, cs, cn)
        buf[cn] = 32
        memcpy(buf + cn + 1, ids, idn)
        i = cn + 1 + idn
        if rn:
            memcpy(buf + i, <const char *> b" role-", 6)
            memcpy(buf + i + 6, rs, rn)
            i += 6 + rn
        if ipn:
            memcpy(buf + i, <const char *> b" itemprop-", 10)
            memcpy(buf + i + 10, ips, ipn)
        for i in range(klen):
            c = buf[i]
            if not _ascii_space(c):
                blank = False
                if 65 <= c <= 90:
                    buf[i] = c + 32
        if blank:
            f[0] = 0
            return ""
        i = 0
        while i < klen:  # str.split(): runs of whitespace separate the tokens
            while i < klen and _ascii_space(buf[i]):
                i += 1
            start = i
            while i < klen and not _ascii_space(buf[i]):
                i += 1
            if i > start:
                acc |= _tok_flags(buf + start, i - start)
        f[0] = acc
        return PyUnicode_DecodeASCII(<const char *> buf, klen, NULL)
    finally:
        free(buf)


cdef tuple _raw_hint(str raw):
    """``content._raw_hint`` (the hint string and its flags) without its memo."""
    if raw.isspace():
        return "", 0
    h = raw.lower()
    return h, _hint_flags(h)


cdef long _hint_flags(str h) except? -1:
    """``content.hint_flags`` (the same caches, the same answer) plus the literal pre-check
    :func:`_may_hint` before a new token goes to ``content._token_flags``."""
    cdef dict fc = _c._FLAG_CACHE
    cdef dict tc = _c._TOKEN_CACHE
    cdef long f = 0
    got = fc.get(h)
    if got is not None:
        return got
    for tok in h.split():
        t = tc.get(tok)
        if t is None:
            if _mat_on and (<str> tok).isascii():
                b = (<str> tok).encode("ascii")
                t = _tok_flags(b, len(b))
            else:
                t = _c._token_flags(tok) if _may_hint(tok) else 0
            if len(tc) > 200_000:
                tc.clear()
            tc[tok] = t
        f |= <long> t
    if len(fc) > 100_000:
        fc.clear()
    fc[h] = f
    return f


# --- a literal pre-check before the hint patterns ------------------------------------------------
# Most new class / id tokens ("col-md-8", "wrapper") carry no hint. Every branch of the hint
# families that set flags (chrome, content, price, cart, post, doc; the others only refine a chrome
# hit) starts with a literal (after a ``(?<![a-z])`` guard): a token containing none of those
# literals matches none of the patterns, so its flags are 0 without asking the regex engine.

from cpython.unicode cimport PyUnicode_AsUTF8AndSize

cdef list _pre_first = [()] * 256  # first byte -> the literals starting with it
cdef bint _pre_on = False  # the literals were derived for every branch (else: always ask)
_LITERAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def _branch_literal(branch):
    """The literal every match of a hint-pattern branch starts with ("" when there is none).

    >>> _branch_literal("(?<![a-z])ads?(?![a-z])"), _branch_literal("read-?more"), _branch_literal("(?:a|b)c")
    ('ad', 'read', '')
    """
    if branch.startswith("(?<![a-z])"):
        branch = branch[len("(?<![a-z])") :]
    out = []
    for i, ch in enumerate(branch):
        if ch not in _LITERAL_CHARS:
            break
        nxt = branch[i + 1 : i + 2]
        if nxt in ("?", "*", "{"):
            break  # this character is optional
        out.append(ch)
        if nxt == "+":
            break
    return "".join(out)


def _hint_literals(content):
    """Every flag-setting family's branch literals, or None when a branch has none."""
    lits = set()
    for rx in (
        content._NEG_HINT,
        content._POS_OVERRIDE,
        content._POS_HINT,
        content._PRICE_HINT,
        content._CART_HINT,
        content._POST_HINT,
        content._DOC_HINT,
    ):
        for branch in content._top_level_branches(content.HINT_SOURCES.get(rx, rx.pattern)):
            lit = _branch_literal(branch)
            if not lit:
                return None
            lits.add(lit)
    return sorted(lits)


cdef void _pre_load(object content):
    global _pre_on
    lits = _hint_literals(content)
    if lits is None:
        _pre_on = False
        return
    by_first = {}
    for lit in lits:
        b = lit.encode("ascii")
        by_first.setdefault(b[0], []).append(b)
    for k, v in by_first.items():
        _pre_first[k] = tuple(v)
    _pre_on = True


cdef bint _may_hint(str tok):
    """False when ``tok`` contains none of the hint literals (its flags are then 0)."""
    cdef Py_ssize_t n, i, m
    cdef const char *s
    cdef tuple cands
    if not _pre_on:
        return True
    try:
        s = PyUnicode_AsUTF8AndSize(tok, &n)
    except UnicodeError:
        return True
    for i in range(n):
        cands = <tuple> _pre_first[<unsigned char> s[i]]
        for lit in cands:
            m = len(<bytes> lit)
            if m <= n - i and memcmp(s + i, <const char *> (<bytes> lit), m) == 0:
                return True
    return False


def may_hint(tok):
    """:func:`_may_hint` for the tests (False: no hint pattern can match ``tok``)."""
    if _c is None:
        _ensure()
    return _may_hint(tok)


# --- the hint patterns as a C matcher over a token's bytes --------------------------------------
# A page from an unseen site brings hundreds of new class / id tokens ("menu-item-4711",
# "css-1q2w3e"), each asked of RE2 through Python (and dict caches that never warm up on such
# tokens). Every hint family is a small regex: branches made of literal characters, ``x?``,
# ``(?:a|b)`` groups, a ``(?<![a-z])`` guard before and a ``(?![a-z])`` or
# ``(?![a-z]*-?(?:w|...))`` guard after. Such a branch is a finite set of literals with the same
# guards, so "which families occur in this token" is a scan of the token's bytes against the
# literals starting with each byte. The table is derived from the patterns at first use and
# checked against ``content._token_flags`` on probe tokens; any other construct (or a
# disagreement) turns the matcher off and the tokens go to ``_token_flags`` as before.

cdef struct _Lit:
    const unsigned char *s
    Py_ssize_t n
    int fam  # bit index of the family (content._FAMILIES order)
    bint guard  # (?<![a-z]) before
    int la  # 0: nothing after; 1: (?![a-z]); 2: (?![a-z]*-?(?:words))
    int w0, w1  # the words of la == 2: _mw_s[w0:w1]

cdef _Lit *_mlits = NULL
cdef enum:
    _NB = 1024  # buckets of the literals by their first two bytes

cdef int _mfirst[_NB + 1]  # the literals in bucket b (_bucket): _mlits[_mfirst[b]:_mfirst[b + 1]]


cdef inline int _bucket(unsigned char b0, unsigned char b1) noexcept:
    return (b0 * 37 + b1) & (_NB - 1)

cdef const unsigned char **_mw_s = NULL
cdef Py_ssize_t *_mw_n = NULL
cdef long *_mflags = NULL  # family mask -> content._mask_flags(mask); -1: not computed yet
cdef int _mnfam = 0
cdef bint _mat_on = False
_mat_why = "not loaded yet"
"""Why the C hint matcher is off (None: on)."""
cdef list _mkeep = []  # the bytes objects the pointers above point into
_GUARD_BEFORE = "(?<![a-z])"
_GUARD_AFTER = "(?![a-z])"
_WORDS_AFTER = re.compile(r"(.*)\(\?!\[a-z\]\*-\?\(\?:([a-z|]+)\)\)")


def _expand(seq):
    """Every string a lookaround-free branch of literal characters, ``?`` and ``(?:|)`` groups
    matches, or None for any other construct.

    >>> sorted(_expand("read-?more")), sorted(_expand("author-?(?:bio|box)"))[:2]
    (['read-more', 'readmore'], ['author-bio', 'author-box'])
    >>> _expand("a.b") is None
    True
    """
    from warta.extract.content import _top_level_branches

    out = [""]
    i = 0
    while i < len(seq):
        if seq.startswith("(?:", i):
            depth, j = 0, i
            while j < len(seq):
                if seq[j] == "(":
                    depth += 1
                elif seq[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= len(seq):
                return None
            alts = []
            for b in _top_level_branches(seq[i + 3 : j]):
                e = _expand(b)
                if e is None:
                    return None
                alts.extend(e)
            i = j + 1
        elif seq[i] in _LITERAL_CHARS:
            alts = [seq[i]]
            i += 1
        else:
            return None
        if i < len(seq) and seq[i] == "?":
            alts = alts + [""]
            i += 1
        out = [a + b for a in out for b in alts]
        if len(out) > 512:
            return None
    return out


def _branch_spec(branch):
    """``[(literal, guard_before, after, words)]`` for one hint-pattern branch, or None.

    >>> _branch_spec("(?<![a-z])ads?(?![a-z])")
    [('ad', True, 1, ()), ('ads', True, 1, ())]
    >>> _branch_spec("post(?![a-z]*-?(?:list|nav))")
    [('post', False, 2, ('list', 'nav'))]
    """
    guard = branch.startswith(_GUARD_BEFORE)
    if guard:
        branch = branch[len(_GUARD_BEFORE) :]
    after, words = 0, ()
    if branch.endswith(_GUARD_AFTER):
        after, branch = 1, branch[: -len(_GUARD_AFTER)]
    elif (m := _WORDS_AFTER.fullmatch(branch)) is not None:
        after, branch, words = 2, m[1], tuple(m[2].split("|"))
    lits = _expand(branch)
    if not lits or "" in lits or any(w == "" for w in words):
        return None
    return [(lit, guard, after, words) for lit in sorted(set(lits))]


def matcher_spec(content):
    """Per family (``content._FAMILIES`` order) the branch specs, or None when a branch has a
    construct the C matcher does not do."""
    fams = []
    for rx, _bit in content._FAMILIES:
        spec = []
        for branch in content._top_level_branches(content.HINT_SOURCES.get(rx, rx.pattern)):
            s = _branch_spec(branch)
            if s is None:
                return None
            spec.extend(s)
        fams.append(spec)
    return fams


cdef inline bint _az(unsigned char c) noexcept:
    return 97 <= c <= 122


cdef bint _words_at(const unsigned char *s, Py_ssize_t n, Py_ssize_t j, int w0, int w1) noexcept:
    cdef int k
    for k in range(w0, w1):
        if _mw_n[k] <= n - j and memcmp(s + j, _mw_s[k], _mw_n[k]) == 0:
            return True
    return False


cdef int _tok_mask(const unsigned char *s, Py_ssize_t n) noexcept:
    """Bit k set: family k of ``content._FAMILIES`` occurs in the (lower-cased, ASCII) token."""
    cdef int mask = 0, k
    cdef Py_ssize_t i, e, r, j
    cdef _Lit *L
    cdef bint hit
    cdef int b
    for i in range(n - 1):  # every literal has two bytes or more
        b = _bucket(s[i], s[i + 1])
        for k in range(_mfirst[b], _mfirst[b + 1]):
            L = &_mlits[k]
            if (
                mask & (1 << L.fam)
                or L.n > n - i
                or s[i] != L.s[0]
                or s[i + 1] != L.s[1]
                or memcmp(s + i, L.s, L.n) != 0
            ):
                continue
            if L.guard and i > 0 and _az(s[i - 1]):
                continue
            e = i + L.n
            if L.la == 1:
                if e < n and _az(s[e]):
                    continue
            elif L.la == 2:
                r = e
                hit = False
                while True:
                    if _words_at(s, n, r, L.w0, L.w1):
                        hit = True
                        break
                    if r < n and _az(s[r]):
                        r += 1
                    else:
                        break
                if hit or (r < n and s[r] == 45 and _words_at(s, n, r + 1, L.w0, L.w1)):
                    continue
            mask |= 1 << L.fam
    return mask


cdef long _mask_flags(int mask) except? -1:
    cdef long f
    if mask == 0:
        return 0
    f = _mflags[mask]
    if f < 0:
        f = _c._mask_flags(mask)
        _mflags[mask] = f
    return f


cdef long _tok_flags(const unsigned char *s, Py_ssize_t n) except? -1:
    """``content._token_flags`` of a lower-cased ASCII token (the matcher must be on)."""
    return _mask_flags(_tok_mask(s, n))


def tok_flags(tok):
    """The C matcher's flags for a lower-cased token (None when the matcher is off or ``tok`` is not ASCII)."""
    _ensure()
    if not _mat_on or not tok.isascii():
        return None
    b = tok.encode("ascii")
    return _tok_flags(b, len(b))


_PROBE_TOKENS = (
    "col-md-8 menu-item-4711 post-list posts-nav postcard post-content postlist-x post- post-x-list "
    "ads ad-slot header shadow load tags tag-x stage toc tocs docs doc api-v2 read__x read-more readmore "
    "nav navbar xnav sidebar-nav twitter-tweet share-embed related-posts entry-content text-center "
    "context next-prev prevnext reply-to answers offer-price author-bio authorbio photo-by photocredit "
    "add-to-cart addtocart add_to_cart buy-now itemprop-articlebody itemprop-comment"
).split()


cdef str _mat_load(object content):
    """Build the matcher's tables from the hint patterns; None when on, else why it is off."""
    global _mlits, _mw_s, _mw_n, _mflags, _mnfam, _mat_on
    fams = matcher_spec(content)
    if fams is None:
        return "a hint branch the matcher does not do"
    if len(fams) > 16:
        return "too many hint families"
    entries = []  # (bucket, literal bytes, family, guard, after, words)
    words = []
    for k, spec in enumerate(fams):
        for lit, guard, after, ws in spec:
            try:
                b = lit.encode("ascii")
                wb = [w.encode("ascii") for w in ws]
            except UnicodeEncodeError:
                return "a non-ASCII hint literal"
            if len(b) < 2:
                return "a one-character hint literal"
            entries.append((_bucket(b[0], b[1]), b, k, guard, after, len(words), len(words) + len(wb)))
            words.extend(wb)
    entries.sort(key=lambda x: x[0])
    _mlits = <_Lit *> calloc(len(entries) + 1, sizeof(_Lit))
    _mw_s = <const unsigned char **> calloc(len(words) + 1, sizeof(unsigned char *))
    _mw_n = <Py_ssize_t *> calloc(len(words) + 1, sizeof(Py_ssize_t))
    _mnfam = len(fams)
    _mflags = <long *> malloc((1 << _mnfam) * sizeof(long))
    if _mlits == NULL or _mw_s == NULL or _mw_n == NULL or _mflags == NULL:
        raise MemoryError()
    cdef int i, first
    for i in range(1 << _mnfam):
        _mflags[i] = -1
    for i in range(len(words)):
        _mkeep.append(words[i])
        _mw_s[i] = <bytes> words[i]
        _mw_n[i] = len(words[i])
    for i in range(_NB + 1):
        _mfirst[i] = len(entries)
    for i in range(len(entries) - 1, -1, -1):
        first, b, k, guard, after, w0, w1 = entries[i]
        _mkeep.append(b)
        _mlits[i].s = <bytes> b
        _mlits[i].n = len(b)
        _mlits[i].fam = k
        _mlits[i].guard = guard
        _mlits[i].la = after
        _mlits[i].w0 = w0
        _mlits[i].w1 = w1
        _mfirst[first] = i
    for i in range(_NB - 1, -1, -1):  # a bucket no literal falls in: an empty run
        if _mfirst[i] > _mfirst[i + 1]:
            _mfirst[i] = _mfirst[i + 1]
    # check: the probe tokens and every literal in a few surroundings give content._token_flags
    probe = list(_PROBE_TOKENS)
    for entry in entries:
        t = entry[1].decode()
        probe += [t, "x" + t, t + "x", "-" + t + "-", t + "s", "a" + t + "list", t + "-list", t + "x-nav", "0" + t + "0"]
    for t in probe:
        b = t.encode("ascii")
        if _mask_flags(_tok_mask(b, len(b))) != content._token_flags(t):
            return f"the matcher disagrees with the patterns on {t!r}"
    _mat_on = True
    return None


# --- the walk -------------------------------------------------------------------------------------


cdef class _Walk:
    """State of one walk (the twin's closure variables); the block's text is gathered as UTF-8 bytes."""

    cdef list tags, blocks, split, open_stack, links
    cdef dict row_of
    cdef Py_ssize_t link_chars, text_chars, limit, max_text
    cdef unsigned char *tb  # the twin's ``buf`` joined: well-formed UTF-8
    cdef size_t tlen, tcap
    cdef bint tany  # the twin's ``bool(buf)``
    cdef bint nul  # a NUL byte (a ``<br>`` mark, or one in the text) is in ``tb``

    def __cinit__(self):
        self.tcap = 4096
        self.tb = <unsigned char *> malloc(self.tcap)
        if self.tb == NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.tb)

    cdef int put(self, const unsigned char *s, size_t n) except -1:
        cdef unsigned char *grown
        cdef size_t cap = self.tcap
        if self.tlen + n > cap:
            while self.tlen + n > cap:
                cap *= 2
            grown = <unsigned char *> realloc(self.tb, cap)
            if grown == NULL:
                raise MemoryError()
            self.tb = grown
            self.tcap = cap
        memcpy(self.tb + self.tlen, s, n)
        self.tlen += n
        self.tany = True
        return 0

    cdef inline void clear(self) noexcept:
        self.tlen = 0
        self.tany = False
        self.nul = False

    cdef int flush(self) except -1:
        cdef Py_ssize_t owner, n, lc
        lchars = self.link_chars
        lks = self.links
        self.link_chars = 0
        self.links = []
        owner = self.open_stack[-1] if self.open_stack else -1
        kind = _KIND.get(self.tags[owner] if owner >= 0 else "body", "other")
        row = self.row_of.get(owner, -1) if self.row_of else -1
        if not self.nul:
            # " ".join(raw.split()) on the bytes: whitespace runs become one space, ends stripped
            n = _collapse(self.tb, self.tlen, &self.tlen)
            if n:
                text = PyUnicode_DecodeUTF8(<const char *> self.tb, self.tlen, NULL)
                self.blocks.append(_Block(text, kind, owner, min(lchars, n), lks, row))
                self.text_chars += n
                if self.text_chars > self.max_text:
                    self.limit = 0
            self.clear()
            return 0
        raw = PyUnicode_DecodeUTF8(<const char *> self.tb, self.tlen, NULL)
        self.clear()
        parts = _c._BR_SPLIT.split(raw)
        single = len(parts) == 1
        total = 0 if single else _c._plain_len(raw)
        for part in parts:
            text = " ".join(part.replace("\x00", " ").split())
            if not text:
                continue
            n = len(text)
            if single:
                lc = min(lchars, n)
            else:
                lc = min(n, round(lchars * n / total))
            b = _Block(text, kind, owner, lc, lks, row)
            self.blocks.append(b)
            if not single and lks:
                self.split.append(b)
            self.text_chars += n
        if self.text_chars > self.max_text:
            self.limit = 0
        return 0


# --- UTF-8 helpers: the same answers as str.isspace / str.split / str.strip on the decoded text ---


cdef inline bint _space_cp(unsigned int c) noexcept:
    """``chr(c).isspace()``."""
    if c <= 0x20:
        return c == 0x20 or 9 <= c <= 13 or 0x1C <= c <= 0x1F
    if c < 0x85:
        return False
    return (
        c == 0x85 or c == 0xA0 or c == 0x1680 or 0x2000 <= c <= 0x200A or c == 0x2028 or c == 0x2029
        or c == 0x202F or c == 0x205F or c == 0x3000
    )


cdef inline int _u8(const unsigned char *s, size_t n, size_t i, unsigned int *cp) noexcept:
    """Byte length of the well-formed UTF-8 sequence at ``s[i]`` (its code point in ``cp``); 0 if ill-formed."""
    cdef unsigned int b0 = s[i], b1, b2, b3, lo = 0x80, hi = 0xBF
    if b0 < 0x80:
        cp[0] = b0
        return 1
    if b0 < 0xC2 or b0 > 0xF4:
        return 0
    if b0 < 0xE0:
        if i + 1 >= n or (s[i + 1] & 0xC0) != 0x80:
            return 0
        cp[0] = ((b0 & 0x1F) << 6) | (s[i + 1] & 0x3F)
        return 2
    if b0 < 0xF0:
        if i + 2 >= n:
            return 0
        b1 = s[i + 1]
        b2 = s[i + 2]
        if b0 == 0xE0:
            lo = 0xA0
        elif b0 == 0xED:
            hi = 0x9F
        if b1 < lo or b1 > hi or (b2 & 0xC0) != 0x80:
            return 0
        cp[0] = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)
        return 3
    if i + 3 >= n:
        return 0
    b1 = s[i + 1]
    b2 = s[i + 2]
    b3 = s[i + 3]
    if b0 == 0xF0:
        lo = 0x90
    elif b0 == 0xF4:
        hi = 0x8F
    if b1 < lo or b1 > hi or (b2 & 0xC0) != 0x80 or (b3 & 0xC0) != 0x80:
        return 0
    cp[0] = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)
    return 4


cdef inline bint _plain8(const unsigned char *s) noexcept:
    """The 8 bytes at ``s`` are ASCII and none is NUL."""
    cdef uint64_t x
    memcpy(&x, s, 8)
    return (x & 0x8080808080808080ULL) == 0 and ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL) == 0


cdef int _scan(const unsigned char *s, size_t n, bint *space, bint *nul) noexcept:
    """Whether ``s`` is well-formed UTF-8 (1) or not (0); ``space``: every character is whitespace."""
    cdef size_t i = 0
    cdef int k
    cdef unsigned int cp = 0
    cdef bint sp = True, z = False
    while i < n:
        if not sp and i + 8 <= n and _plain8(s + i):
            i += 8  # eight ASCII characters, none NUL: nothing to learn from them
            continue
        if s[i] < 0x80:
            cp = s[i]
            i += 1
        else:
            k = _u8(s, n, i, &cp)
            if k == 0:
                return 0
            i += k
        if sp and not _space_cp(cp):
            sp = False
        if cp == 0:
            z = True
    space[0] = sp
    nul[0] = z
    return 1


cdef Py_ssize_t _strip_len(const unsigned char *s, size_t n) noexcept:
    """``len(text.strip())`` of well-formed UTF-8 ``s``."""
    cdef size_t i = 0
    cdef int k
    cdef unsigned int cp = 0
    cdef Py_ssize_t count = 0, keep = 0
    cdef bint started = False
    while i < n:
        if s[i] < 0x80:
            cp = s[i]
            k = 1
        else:
            k = _u8(s, n, i, &cp) or 1  # (always well-formed here)
        i += k
        if _space_cp(cp):
            if started:
                count += 1
        else:
            started = True
            count += 1
            keep = count
    return keep


cdef Py_ssize_t _collapse(unsigned char *s, size_t n, size_t *out_len) noexcept:
    """``" ".join(text.split())`` in place on well-formed UTF-8; returns the characters kept."""
    cdef size_t i = 0, o = 0
    cdef int k
    cdef unsigned int cp = 0
    cdef Py_ssize_t chars = 0
    cdef bint pending = False
    cdef unsigned char c
    while i < n:
        c = s[i]
        if c < 0x80:  # ASCII: no decoding, a one-byte move
            if c == 32 or 9 <= c <= 13 or 28 <= c <= 31:
                if o:
                    pending = True
            else:
                if pending:
                    s[o] = 32
                    o += 1
                    chars += 1
                    pending = False
                s[o] = c
                o += 1
                chars += 1
            i += 1
            continue
        k = _u8(s, n, i, &cp) or 1  # (always well-formed here)
        if _space_cp(cp):
            if o:
                pending = True
        else:
            if pending:
                s[o] = 32
                o += 1
                chars += 1
                pending = False
            memmove(s + o, s + i, k)
            o += k
            chars += 1
        i += k
    out_len[0] = o
    return chars


cdef object _walk(object root, Py_ssize_t max_nodes, Py_ssize_t max_text, bint skip_hidden):
    cdef _Node *node = <_Node *> <uintptr_t> root.mem_id
    cdef _Node *child
    cdef _Node *nxt
    cdef _Element *el
    cdef _Attr *a
    cdef _CharData *cd
    cdef _Str *vals[N_A]
    cdef bint has[N_A]
    cdef int code, cat, st, pst = 0, k, spec
    cdef const unsigned char *cs
    cdef const unsigned char *ids
    cdef const unsigned char *rs
    cdef const unsigned char *ips
    cdef size_t cn, idn, rn, ipn
    cdef long fl = 0
    cdef bint block, hidden
    cdef long f
    cdef Py_ssize_t visited = 0, depth = 0, cap = 64, idx
    cdef Py_ssize_t n_price = 0, n_cart = 0, n_post = 0, n_doc = 0, n_code = 0, n_form = 0
    cdef size_t tn
    cdef bint allsp, znul
    cdef _HSlot *slot
    cdef const unsigned char *ts
    cdef _Node **path = <_Node **> malloc(cap * sizeof(_Node *))
    cdef int *path_st = <int *> malloc(cap * sizeof(int))
    cdef _Node **p2
    cdef int *s2
    if path == NULL or path_st == NULL:
        free(path)
        free(path_st)
        raise MemoryError()
    dom = _c.Dom()
    cdef _Walk w = _Walk()
    w.tags = dom.tags
    w.blocks = dom.blocks
    w.split = []
    w.open_stack = []
    w.links = []
    w.row_of = {}
    w.link_chars = 0
    w.text_chars = 0
    w.limit = max_nodes
    w.max_text = max_text
    cdef list tags = dom.tags
    cdef list parents = dom.parents
    cdef list hints = dom.hints
    cdef list flags = dom.flags
    cdef list open_stack = w.open_stack
    cdef dict cat_of = _c._TAG_CAT
    cdef dict custom = {}
    cdef list link_parts = []
    tag_category = _c._tag_category
    hint_of = _c._hint_of
    hidden_style = _c._HIDDEN_STYLE
    try:
        while True:
            visited += 1
            if visited > w.limit:  # the node budget, or 0 once the text budget is spent (set by flush)
                dom.truncated = True
                break
            if node.type == _T_TEXT and (<_CharData *> node).data.data != NULL:
                cd = <_CharData *> node
                ts = cd.data.data
                tn = cd.data.length
                if tn == 0:
                    pass  # "": neither space nor text
                elif _scan(ts, tn, &allsp, &znul):
                    if allsp:
                        if w.tany:
                            w.put(<const unsigned char *> b" ", 1)
                    else:
                        w.put(ts, tn)
                        if znul:
                            w.nul = True
                        if pst & _LINK:
                            w.link_chars += _strip_len(ts, tn)
                            link_parts.append(_decode(ts, tn))
                else:  # ill-formed UTF-8: decoded with U+FFFD as selectolax does, then kept as UTF-8
                    t = _decode(ts, tn)
                    if t.isspace():
                        if w.tany:
                            w.put(<const unsigned char *> b" ", 1)
                    else:
                        enc = (<str> t).encode("utf-8")
                        w.put(enc, len(enc))
                        if b"\x00" in enc:
                            w.nul = True
                        if pst & _LINK:
                            w.link_chars += len(t.strip())
                            link_parts.append(t)
                st = -1
            elif node.type != _T_ELEMENT or _ID_TEXT <= node.local_name <= _ID_DOCTYPE:
                st = -1  # comments, doctypes, text without data: skipped like "-comment" / None
            else:
                el = <_Element *> node
                if el.qualified_name == 0 and node.local_name < _NSTD and _tcat[node.local_name] >= 0:
                    tag = _tnames[node.local_name]
                    cat = _tcat[node.local_name]
                    spec = _tspec[node.local_name]
                else:
                    tag = _tag_name(el, custom)
                    c = cat_of.get(tag)
                    cat = tag_category(tag) if c is None else c
                    spec = _spec_of(tag)
                if cat == _C_INLINE:
                    st = pst & _LINK
                elif cat == _C_SKIP:
                    st = -1  # -1: do not descend
                elif cat == _C_BR:
                    w.put(<const unsigned char *> b"\x00", 1)
                    w.nul = True
                    st = -1
                else:
                    st = -1
                    block = cat == _C_BLOCK
                    h = ""
                    f = -1  # not looked up yet (role / itemprop hints)
                    hidden = False
                    a = el.first_attr
                    if a != NULL:
                        for k in range(N_A):
                            has[k] = False
                            vals[k] = NULL
                        while a != NULL:
                            code = _attr_code(a)
                            has[code] = True
                            vals[code] = a.value  # the last one wins, as in selectolax's dict
                            a = a.next
                        if (
                            skip_hidden
                            and (has[A_HIDDEN] or has[A_ARIA] or has[A_STYLE])
                            and (
                                has[A_HIDDEN]
                                or (
                                    vals[A_ARIA] != NULL
                                    and vals[A_ARIA].data != NULL
                                    and vals[A_ARIA].length == 4
                                    and memcmp(vals[A_ARIA].data, b"true", 4) == 0
                                )
                                or (
                                    vals[A_STYLE] != NULL
                                    and vals[A_STYLE].data != NULL
                                    and vals[A_STYLE].length > 0
                                    and _may_hide(vals[A_STYLE].data, vals[A_STYLE].length)
                                    and hidden_style.search(_value(vals[A_STYLE])) is not None
                                )
                            )
                        ):
                            hidden = True
                        elif has[A_ROLE] or has[A_ITEMPROP]:
                            h = None
                            if _mat_on:
                                cs = _vbytes(vals[A_CLASS] if has[A_CLASS] else NULL, &cn)
                                ids = _vbytes(vals[A_ID] if has[A_ID] else NULL, &idn)
                                rs = _vbytes(vals[A_ROLE] if has[A_ROLE] else NULL, &rn)
                                ips = _vbytes(vals[A_ITEMPROP] if has[A_ITEMPROP] else NULL, &ipn)
                                h = _ascii_hint(cs, cn, ids, idn, &fl, rs, rn, ips, ipn)
                                if h is not None:
                                    f = fl
                            if h is None:
                                d = {}
                                for k in (A_CLASS, A_ID, A_ROLE, A_ITEMPROP):
                                    if has[k]:
                                        d[_ATTR_NAMES[k]] = _value(vals[k])
                                h = hint_of(d)
                        else:
                            slot = _hint_slot(vals[A_CLASS] if has[A_CLASS] else NULL, vals[A_ID] if has[A_ID] else NULL)
                            h = <object> slot.h
                            f = slot.f
                        if h:
                            if f < 0:
                                f = _hint_flags(h)
                            if f & (_PRICE | _CART | _POST | _DOC):
                                n_price += (f & _PRICE) != 0
                                n_cart += (f & _CART) != 0
                                n_post += (f & _POST) != 0
                                n_doc += (f & _DOC) != 0
                    if f < 0:
                        f = 0
                    if not hidden:
                        if spec == S_CODE:
                            n_code += 1
                        elif spec == S_FORM:
                            n_form += 1
                        if block:
                            if w.tany:
                                w.flush()
                            idx = len(tags)
                            tags.append(tag)
                            parents.append(open_stack[-1] if open_stack else -1)
                            hints.append(h)
                            flags.append(f)
                            if spec == S_CELL and open_stack and tags[open_stack[-1]] == "tr":
                                w.row_of[idx] = open_stack[-1]
                            open_stack.append(idx)
                            if spec == S_HR:
                                if w.tany:
                                    w.flush()
                                open_stack.pop()
                            else:
                                st = (pst & _LINK) | _OPENED
                        elif spec == S_A:
                            if pst & _LINK:
                                st = _LINK  # a link inside a link: its text is the outer one's
                            else:
                                link_parts = []
                                href = None
                                if el.first_attr != NULL and has[A_HREF]:
                                    href = _value(vals[A_HREF])
                                w.links.append([link_parts, href])
                                st = _LINK
                        else:
                            st = pst & _LINK
            if st >= 0:
                child = node.first_child
                if child != NULL:
                    if depth == cap:
                        cap *= 2
                        p2 = <_Node **> realloc(path, cap * sizeof(_Node *))
                        if p2 == NULL:
                            raise MemoryError()
                        path = p2
                        s2 = <int *> realloc(path_st, cap * sizeof(int))
                        if s2 == NULL:
                            raise MemoryError()
                        path_st = s2
                    path[depth] = node
                    path_st[depth] = st
                    depth += 1
                    pst = st
                    node = child
                    continue
                if st & _OPENED:
                    if w.tany:
                        w.flush()
                    open_stack.pop()
            # Next node: the next sibling, or the next sibling of the nearest walked ancestor.
            while depth > 0:
                nxt = node.next
                if nxt != NULL:
                    node = nxt
                    break
                depth -= 1
                node = path[depth]
                if path_st[depth] & _OPENED:
                    if w.tany:
                        w.flush()
                    open_stack.pop()
                pst = path_st[depth - 1] if depth > 0 else 0
            else:
                break
    finally:
        free(path)
        free(path_st)
    if dom.truncated:
        w.clear()
    elif w.tany:
        w.flush()
    for b in dom.blocks:
        lks = b.links
        if lks:
            out = []
            for parts, href in lks:
                lt = " ".join((parts[0] if len(parts) == 1 else " ".join(parts)).split())
                if lt:
                    out.append((lt, href))
            b.links = out
    links_in = _c._links_in
    for b in w.split:
        b.links = links_in(b.links, b.text)
    dom.text_chars = w.text_chars
    dom.markers.update(price=n_price, cart=n_cart, post=n_post, doc=n_doc, code=n_code, form=n_form)
    return dom


cdef bint _may_hide(const unsigned char *s, size_t n) noexcept:
    """False when a style value surely does not match ``content._HIDDEN_STYLE``
    (``display\\s*:\\s*none|visibility\\s*:\\s*hidden``, case-insensitive): ASCII bytes holding
    neither "none" nor "hidden" in any case. Non-ASCII bytes: True (``re.I`` folds some
    non-ASCII letters, such as the long s, to ASCII ones)."""
    cdef size_t i
    cdef unsigned char c
    for i in range(n):
        c = s[i]
        if c >= 128:
            return True
        c |= 32
        if c == 110 and i + 4 <= n and (s[i + 1] | 32) == 111 and (s[i + 2] | 32) == 110 and (s[i + 3] | 32) == 101:
            return True  # none
        if (
            c == 104 and i + 6 <= n and (s[i + 1] | 32) == 105 and (s[i + 2] | 32) == 100
            and (s[i + 3] | 32) == 100 and (s[i + 4] | 32) == 101 and (s[i + 5] | 32) == 110
        ):
            return True  # hidden
    return False


def may_hide(style):
    """:func:`_may_hide` of a style value given as str (for the tests)."""
    b = style.encode("utf-8")
    return _may_hide(b, len(b))


cdef inline object _value(_Str *v):
    """selectolax's attribute value: ``None`` for an attribute without one."""
    if v == NULL or v.data == NULL:
        return None
    return _decode(v.data, v.length)


# --- first use: learn the static ids and validate against selectolax's Python API ----------------

_PROBE_TAGS = (
    "a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink "
    "blockquote body br button canvas caption center cite code col colgroup data datalist dd del desc "
    "details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset "
    "h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label "
    "legend li link listing main map mark marquee math menu meta meter multicol nav nextid nobr noembed "
    "noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp rt "
    "rtc ruby s samp script search section select selectedcontent slot small source spacer span strike "
    "strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track "
    "tt u ul var video wbr xmp altglyph altglyphdef altglyphitem animatecolor animatemotion "
    "animatetransform annotation-xml clippath feblend fecolormatrix fecomponenttransfer fecomposite "
    "feconvolvematrix fediffuselighting fedisplacementmap fedistantlight fedropshadow feflood fefunca "
    "fefuncb fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology feoffset "
    "fepointlight fespecularlighting fespotlight fetile feturbulence foreignobject glyphref "
    "lineargradient malignmark mfenced mglyph mi mn mo ms mtext path radialgradient textpath"
).split()
"""Element names (HTML, SVG, MathML) whose static Lexbor ids the probe learns through selectolax."""

_PROBE_HTML = """<!DOCTYPE html><html><head><title>t</title></head><body class="Body X" id=top>
<!-- a comment --><header role=banner><nav class="main-nav"><a href="/">Beranda</a> | <a>Tanpa</a></nav></header>
<article itemprop="articleBody" class="post-content"><h1 id="judul">Judul <b>berita</b></h1>
<p class="lead" data-x="1" DATA-Y='2' class="dup">Teks &amp; isi &nbsp; é 中文 😀 <a href="/a?b=1&amp;c=2" class="tautan">tautan
<span>dalam</span> <a href="/inner">nested</a></a> akhir.<br>baris dua<br><br>baris tiga</p>
<my-custom-element data-long-attribute-name-here="v">kustom <x-y>pendek</x-y></my-custom-element>
<a-very-long-custom-element-name-over-sixteen>panjang</a-very-long-custom-element-name-over-sixteen>
<div hidden>tersembunyi</div><div aria-hidden="true">juga</div><div aria-hidden="false">terlihat</div>
<div style="display: none">gaya</div><div style="color:red">merah</div><span style="visibility:hidden">x</span>
<template><p>di dalam template</p></template><svg viewBox="0 0 1 1"><use xlink:href="#i" href="#j"></use>
<foreignObject><p>asing</p></foreignObject></svg><math><mi>x</mi></math>
<table><tr><td class="price">Rp 10.000</td><th>harga</th></tr></table><hr class="sep">
<ul role="list"><li itemprop="name">satu</li><li>dua</li></ul><pre><code>kode()</code></pre>
<form class="search-form"><input value="x"><button>Cari</button></form><foreignobject>x</foreignobject>
<div class="" id="">kosong</div><section class="related-posts"><h3>Baca juga</h3><a href="/r">Judul terkait yang cukup panjang</a></section>
<img src="x.jpg" alt="gambar"><p>   </p><p>\u00a0</p><mi>mi</mi><svg:rect></svg:rect><label for=x>Label</label>
<footer class="site-footer">Hak cipta</footer></article></body></html>"""


cdef object _c_tag(_Node *node, dict custom):
    """``node.tag`` through the structs (for the probe)."""
    if node.type != _T_ELEMENT:
        return None
    return _tag_name(<_Element *> node, custom)


cdef dict _c_attributes(_Node *node):
    """``node.attributes`` through the structs, every name decoded (for the probe)."""
    cdef _Attr *a
    cdef uintptr_t aid
    cdef _HashEntry *e
    out = {}
    if node.type != _T_ELEMENT:
        return out
    a = (<_Element *> node).first_attr
    while a != NULL:
        aid = a.qualified_name if a.qualified_name != 0 else a.node.local_name
        if aid < _NSTD:
            name = _probe_attr_names.get(aid)
            if name is None:
                raise _Unknown(aid)
        else:
            e = <_HashEntry *> aid
            name = _decode(_entry_str(e), e.length)
        out[name] = _value(a.value)
        a = a.next
    return out


_probe_attr_names = {}
_node_type = ()


def _learn_and_check():
    """Learn the static tag and attribute ids from a probe, then compare struct reads and both walks."""
    global _c, _py, _node_type, _mat_why, _KIND, _Block, _C_INLINE, _C_SKIP, _C_BR, _C_BLOCK, _OPENED, _LINK, _PRICE, _CART, _POST, _DOC
    import selectolax
    from selectolax.lexbor import LexborHTMLParser, LexborNode

    from warta.extract import _walk_py as py
    from warta.extract import content as c

    _c, _py = c, py
    _KIND, _Block = c._KIND, c.Block
    _pre_load(c)
    _mat_why = _mat_load(c)
    _C_INLINE, _C_SKIP, _C_BR, _C_BLOCK = c._C_INLINE, c._C_SKIP, c._C_BR, c._C_BLOCK
    _OPENED, _LINK = c._OPENED, c._LINK
    _PRICE, _CART, _POST, _DOC = c.PRICE, c.CART, c.POST, c.DOC
    if not version_validated(selectolax.__version__):
        return f"selectolax {selectolax.__version__} is outside the validated range"
    cdef int i
    cdef uintptr_t tid
    cdef _Node *nd
    cdef _Node *child
    cdef _Attr *a
    cdef _CharData *cd
    for i in range(_NSTD):
        _tcat[i] = -1
        _acode[i] = A_OTHER
        _tspec[i] = S_NONE
    parser = LexborHTMLParser("<p></p>")
    for name in _PROBE_TAGS:
        node = parser.create_node(name)
        nd = <_Node *> <uintptr_t> node.mem_id
        tid = nd.local_name
        if node.tag_id != tid or nd.type != _T_ELEMENT or (<_Element *> nd).qualified_name != 0:
            return f"probe element {name!r} reads differently"
        if tid >= _PTR_MIN:
            continue  # not a static name in this Lexbor: named through its hash entry
        if tid >= _NSTD or node.tag != name:
            return f"probe element {name!r} has id {tid}"
        _tnames[tid] = name
        _tcat[tid] = c._tag_category(name)
        _tspec[tid] = _spec_of(name)
    # static attribute ids, read from an element carrying every name the walk uses
    attrs_html = "<div " + " ".join(f'{n}="v{k}"' for k, n in enumerate(_ATTR_NAMES) if n) + "></div>"
    probe_el = LexborHTMLParser(attrs_html).css_first("div")
    keys = list(probe_el.attributes)
    a = (<_Element *> <uintptr_t> probe_el.mem_id).first_attr
    i = 0
    while a != NULL:
        tid = a.qualified_name if a.qualified_name != 0 else a.node.local_name
        if i >= len(keys) or keys[i] != _ATTR_NAMES[i + 1]:
            return "probe attributes read differently"
        if tid < _NSTD:
            _acode[tid] = i + 1
            _probe_attr_names[tid] = keys[i]
        elif tid < _PTR_MIN:
            return f"probe attribute {keys[i]!r} has id {tid}"
        i += 1
        a = a.next
    if i != len(keys):
        return "probe attribute count differs"
    # every node of the probe page: names, attributes, texts and links as selectolax reads them
    tree = LexborHTMLParser(_PROBE_HTML)
    custom = {}
    stack = [tree.root]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        nd = <_Node *> <uintptr_t> node.mem_id
        kids = []
        ch = node.first_child
        while ch is not None:
            kids.append(ch)
            ch = ch.next
        child = nd.first_child
        for kid in kids:
            if child == NULL or <uintptr_t> child != kid.mem_id:
                return "child links differ"
            child = child.next
        if child != NULL:
            return "child links differ"
        stack.extend(kids)
        text = node.text_content
        if nd.type == _T_TEXT and nd.local_name != _ID_TEXT:
            return "a text node has another tag id"
        if (tag := node.tag) is not None and tag.startswith("-") and not _ID_TEXT <= nd.local_name <= _ID_DOCTYPE:
            return f"node {tag!r} has another tag id"
        if text is not None:
            cd = <_CharData *> nd
            if nd.type != _T_TEXT or cd.data.data == NULL or _decode(cd.data.data, cd.data.length) != text:
                return "a text node reads differently"
            continue
        tag = node.tag
        if nd.type == _T_ELEMENT and not (_ID_TEXT <= nd.local_name <= _ID_DOCTYPE):
            # a static id this Lexbor has but the probe names did not teach: learn it from selectolax
            tid = nd.local_name
            if (<_Element *> nd).qualified_name == 0 and tid < _NSTD and _tcat[tid] < 0 and tag:
                _tnames[tid] = tag
                _tcat[tid] = c._tag_category(tag)
                _tspec[tid] = _spec_of(tag)
            try:
                if _c_tag(nd, custom) != tag:
                    return f"element {tag!r} is named differently"
                # the attribute names beyond the eight come from the page: learn them for the check
                for_check = node.attributes
                a = (<_Element *> nd).first_attr
                for key in for_check:
                    if a == NULL:
                        return "attribute lists differ"
                    tid = a.qualified_name if a.qualified_name != 0 else a.node.local_name
                    if tid < _NSTD:
                        if _acode[tid] != A_OTHER and _ATTR_NAMES[_acode[tid]] != key:
                            return f"attribute {key!r} has another name's id"
                        _probe_attr_names.setdefault(tid, key)
                    a = a.next
                if _c_attributes(nd) != for_check:
                    return f"attributes of {tag!r} read differently"
            except _Unknown as exc:
                return f"unknown id {exc}"
        elif tag is not None and not tag.startswith("-"):
            return f"node {tag!r} has an unexpected type"
    if seen < 60:
        return "probe page too small"
    for skip_hidden in (True, False):
        for max_nodes in (c.MAX_NODES, 40):
            want = py.build_dom(tree.body, max_nodes=max_nodes, skip_hidden=skip_hidden)
            got = _walk(tree.body, max_nodes, c.MAX_TEXT, skip_hidden)
            if _dom_tuple(got) != _dom_tuple(want):
                return f"the walks differ on the probe (skip_hidden={skip_hidden}, max_nodes={max_nodes})"
    if not isinstance(tree.body, LexborNode):
        return "unexpected node type"
    _node_type = LexborNode
    return None


def _dom_tuple(dom):
    """Everything :func:`build_dom` fills, as comparable values."""
    blocks = [(b.text, b.kind, b.owner, b.link_chars, b.links, b.row) for b in dom.blocks]
    return (dom.tags, dom.parents, dom.hints, dom.flags, blocks, dom.markers, dom.truncated, dom.text_chars)


_why = None


def status():
    """``"compiled"`` when the kernel validated, else ``"python (<reason>)"`` (calls go to the twin)."""
    _ensure()
    return "compiled" if _ok == 1 else f"python ({_why})"


_LOCK = threading.Lock()


cdef int _ensure() except -1:
    global _ok, _why
    if _ok != 0:
        return 0
    with _LOCK:  # one thread learns; the others wait for the tables (no walk sees half of them)
        if _ok != 0:
            return 0
        try:
            why = _learn_and_check()
        except Exception as exc:  # any surprise in the probe: the twin walks
            why = f"probe failed: {exc!r}"
        _settle(why)
    return 0


cdef int _settle(object why) except -1:
    global _ok, _why
    if why is None:
        _ok = 1
    else:
        _ok = -1
        _why = why
        warnings.warn(
            f"warta.extract._walk: {why}; the DOM walk uses the pure-Python twin", RuntimeWarning, stacklevel=4
        )
    return 0


def build_dom(root, *, max_nodes=None, max_text=None, skip_hidden=True):
    """Walk ``root`` (a ``selectolax.lexbor`` node) into a :class:`warta.extract.content.Dom`.

    Same arguments and result as :func:`warta.extract._walk_py.build_dom` (the defaults are
    :data:`~warta.extract.content.MAX_NODES` and :data:`~warta.extract.content.MAX_TEXT`).
    """
    _ensure()
    py = _py
    if py is None:  # the version check failed before the modules were loaded
        from warta.extract import _walk_py as py
    if max_nodes is None:
        max_nodes = _c.MAX_NODES if _c is not None else py.MAX_NODES
    if max_text is None:
        max_text = _c.MAX_TEXT if _c is not None else py.MAX_TEXT
    if _ok != 1 or not isinstance(root, _node_type):
        return py.build_dom(root, max_nodes=max_nodes, max_text=max_text, skip_hidden=skip_hidden)
    try:
        return _walk(root, max_nodes, max_text, skip_hidden)
    except _Unknown:
        return py.build_dom(root, max_nodes=max_nodes, max_text=max_text, skip_hidden=skip_hidden)


# --- container choice: content.choose_container_py in typed loops ---------------------------------

from libc.math cimport pow

cdef object _Cm = None  # warta.extract.content, once loaded
_TWO = 2.0
"""The exponent of ``(1 - ld) ** 2``, read at run time: the compiler must call libm's ``pow`` as
Python does (it would turn a constant ``pow(x, 2.0)`` into ``x * x``, 1 ulp off now and then)."""


cdef inline int _kind_code(object kind):
    if kind == "p":
        return 1
    if kind == "h":
        return 2
    if kind == "caption":
        return 3
    if kind == "cell" or kind == "li":
        return 4
    return 0


cdef double _block_weight(Py_ssize_t n, Py_ssize_t lc, int kind, object text, object punct, double two) except? -1e300:
    """``content.block_weight`` (``kind``: :func:`_kind_code`)."""
    cdef double ld = (<double> lc) / n if n else 0.0
    cdef double w
    if kind == 3:
        return -2.0
    if ld > 0.5:
        return -0.6 * lc - 5.0
    if n < 25:
        if kind == 2:
            return 2.0
        return -4.0 if ld > 0 else -1.5
    w = n * pow(1.0 - ld, two)
    if n < 80 and punct.search(text) is None:
        w *= 0.3
    if kind == 1:
        w *= 1.4
    elif kind == 4:
        w *= 0.7
    return w


cdef inline void _subtree_sums(double *acc, const Py_ssize_t *par, Py_ssize_t n) noexcept:
    """``content.subtree_sums`` in place: last element first, the same additions in the same order."""
    cdef Py_ssize_t i
    for i in range(n - 1, -1, -1):
        if par[i] >= 0:
            acc[par[i]] += acc[i]


def choose_container(dom, *, mode="article"):
    """:func:`warta.extract.content.choose_container` (same result as ``choose_container_py``)."""
    global _Cm
    if _Cm is None:
        from warta.extract import content

        _Cm = content
    c = _Cm
    cdef list tags = dom.tags
    cdef list parents_l = dom.parents
    cdef list flags_l = dom.flags
    cdef list blocks = dom.blocks
    cdef Py_ssize_t n = len(tags), nb = len(blocks), i, j, o, k, p, n_card = 0, n_teaser = 0, teaser_chars = 0
    if len(parents_l) != n or len(flags_l) != n:
        return c.choose_container_py(dom, mode=mode)
    cdef bint is_list = mode == "list", is_rich = mode == "rich", is_article = mode == "article"
    cdef long NEG = c.NEG, POSO = c.POSO, POS = c.POS, COMMENT = c.COMMENT, STRONG = c.STRONG
    cdef double card_chars = c.CARD_CHARS, teaser = c.TEASER, neg_scale = c.NEG_SCALE
    punct = c._PUNCT
    neg_tags = c._NEG_TAGS
    cdef double two = _TWO
    cdef double *dbl = <double *> calloc(3 * n + nb + 1, sizeof(double))
    cdef Py_ssize_t *ints = <Py_ssize_t *> calloc(n + 3 * nb + 1, sizeof(Py_ssize_t))
    cdef long *flg = <long *> calloc(n + 1, sizeof(long))
    cdef char *bits = <char *> calloc(5 * n + 2 * nb + 1, 1)
    if dbl == NULL or ints == NULL or flg == NULL or bits == NULL:
        free(dbl)
        free(ints)
        free(flg)
        free(bits)
        raise MemoryError()
    cdef double *pos = dbl
    cdef double *scores = dbl + n
    cdef double *chars = dbl + 2 * n
    cdef double *w = dbl + 3 * n
    cdef Py_ssize_t *par = ints
    cdef Py_ssize_t *b_owner = ints + n
    cdef Py_ssize_t *b_len = ints + n + nb
    cdef Py_ssize_t *b_lc = ints + n + 2 * nb
    cdef char *card = bits
    cdef char *neg = bits + n
    cdef char *neg_under = bits + 2 * n
    cdef char *heads = bits + 3 * n
    cdef char *b_kind = bits + 3 * n + nb
    cdef char *is_art = bits + 3 * n + 2 * nb  # the element is an <article>
    cdef char *under = bits + 4 * n + 2 * nb  # in the chosen container's subtree (_dominant_story)
    cdef Py_ssize_t n_tops = 0, q
    cdef double total, s, best_score = float("-inf"), v, bl
    cdef Py_ssize_t best = -1, lc, nl
    cdef bint any_head = False, any_neg = False
    cdef long f
    try:
        for i in range(n):
            par[i] = parents_l[i]
            flg[i] = flags_l[i]
            if par[i] < -1 or par[i] >= i:  # not a walk's pre-order Dom: the twin (it raises where C would not)
                return c.choose_container_py(dom, mode=mode)
        for j in range(nb):
            b = blocks[j]
            text = b.text
            b_owner[j] = b.owner
            if b_owner[j] < -1 or b_owner[j] >= n:
                return c.choose_container_py(dom, mode=mode)
            b_len[j] = len(text)
            b_lc[j] = b.link_chars
            b_kind[j] = _kind_code(b.kind)
            nl = b_len[j]
            lc = b_lc[j]
            if is_list:
                if b_kind[j] == 3:
                    w[j] = -2.0
                elif lc > 0.5 * nl and nl < 20:
                    w[j] = -(<double> nl) - 3.0
                elif len(b.links) >= 5 and lc > 0.7 * nl and lc < 15 * len(b.links):
                    w[j] = -0.5 * nl
                elif nl < 4:
                    w[j] = -1.0
                else:
                    w[j] = (<double> nl) * (1.2 if b_kind[j] == 1 or b_kind[j] == 2 else 1.0)
            elif is_rich and nl < 25 and lc == 0 and b_kind[j] != 3:
                w[j] = 0.8 * nl
            else:
                w[j] = _block_weight(nl, lc, b_kind[j], text, punct, two)
            if not is_list:
                # content._is_link_heading
                heads[j] = lc > 0 and lc > 0.5 * nl and (b_kind[j] == 2 or 25 <= nl <= 200 and lc > 0.8 * nl)
                if heads[j]:
                    any_head = True
        if not is_list:
            # content._discount_teasers
            if any_head:
                for j in range(nb):
                    if b_owner[j] >= 0:
                        chars[b_owner[j]] += b_len[j]
                _subtree_sums(chars, par, n)
                for j in range(nb):
                    if heads[j]:
                        o = b_owner[j]
                        k = 0
                        while o >= 0 and k < 3:
                            if chars[o] < card_chars:
                                t = tags[o]
                                if not (t == "body" or t == "html" or t == "main" or t == "article"):
                                    card[o] = True
                                    n_card += 1
                            o = par[o]
                            k += 1
            if n_card:
                for j in range(nb):
                    if w[j] > 0 and not heads[j]:
                        o = b_owner[j]
                        k = 0
                        while o >= 0 and k < 3:
                            if card[o]:
                                w[j] *= teaser
                                n_teaser += 1
                                teaser_chars += b_len[j]
                                break
                            o = par[o]
                            k += 1
            dom.markers["teaser_blocks"] = n_teaser
            dom.markers["teaser_chars"] = teaser_chars
        for j in range(nb):
            if w[j] > 0 and b_owner[j] >= 0:
                pos[b_owner[j]] += w[j]
        _subtree_sums(pos, par, n)
        # content._neg_elements (its pos[0] is the roots' total, equal to pos[0] when the one root is 0)
        roots = [i for i in range(n) if par[i] < 0]
        total = sum([pos[i] for i in roots]) if roots == [0] else (pos[0] if n else 0.0)
        if total < 1.0:
            total = 1.0
        for i in range(n):
            f = flg[i]
            t = tags[i]
            if not f & NEG:
                if t not in neg_tags:
                    continue
            if t == "body" or t == "html" or t == "main":
                continue
            if t == "nav" or t == "footer":
                neg[i] = True
            elif t == "aside":
                neg[i] = pos[i] < 0.5 * total
            elif f & NEG and not f & POSO:
                if is_list and (f & COMMENT or not f & STRONG):
                    continue
                neg[i] = pos[i] < 0.6 * total or (f & COMMENT) != 0
            elif t == "form" and "search" in dom.hints[i]:
                neg[i] = True
            if neg[i]:
                any_neg = True
        if any_neg:
            for i in range(n):
                neg_under[i] = neg[i]
            for i in range(n):
                p = par[i]
                if p >= 0 and neg_under[p]:
                    neg_under[i] = True
        for j in range(nb):
            o = b_owner[j]
            if o < 0:
                continue
            v = w[j]
            if v > 0 and any_neg and neg_under[o]:
                v = -0.3 * v
            scores[o] += v
        _subtree_sums(scores, par, n)
        for i in range(n):
            s = pos[i] + neg_scale * (scores[i] - pos[i])
            f = flg[i]
            if f and s > 0:
                if f & POSO:
                    s *= 1.25
                elif f & POS:
                    s *= 1.08
            t = tags[i]
            if t == "article":
                is_art[i] = True
            if t == "article" or t == "main":
                s *= 1.05
            if s > best_score:
                best = i
                best_score = s
        pos_l = [pos[i] for i in range(n)]
        dom.signed = [scores[i] for i in range(n)]
        if is_article and best >= 0:
            # content._dominant_story's first pass: the outermost <article> elements in the
            # container's subtree (a pre-order run). Under three, it returns the container itself;
            # else the Python function decides (it recounts them the same way).
            under[best] = True
            for i in range(best + 1, n):
                p = par[i]
                if p < 0 or not under[p]:
                    break
                under[i] = True
                if is_art[i]:
                    q = p  # content._in_article(dom, p, best)
                    while q >= 0 and q != best and not is_art[q]:
                        q = par[q]
                    if q < 0 or q == best:
                        n_tops += 1
    finally:
        free(dbl)
        free(ints)
        free(flg)
        free(bits)
    if is_article and best >= 0 and n_tops >= 3:
        best = c._dominant_story(dom, best, pos_l)
    return best, best_score, pos_l


def mark_container(dom, Py_ssize_t container, sections, list scores, total_good, mode="article"):
    """:func:`warta.extract._walk_py.mark_container` (which elements are inside the container, and
    their chrome reasons) in one typed loop; a Dom that is not a walk's pre-order goes to the twin."""
    global _Cm
    if _Cm is None:
        from warta.extract import content

        _Cm = content
    c = _Cm
    cdef list tags = dom.tags, parents = dom.parents, flags = dom.flags
    cdef Py_ssize_t n = len(tags), i, p
    cdef list inside = [False] * n
    cdef list reason = [None] * n
    cdef long neg = c.NEG
    cdef char *ins
    if container < 0:
        return inside, reason
    if container >= n or len(parents) != n or len(flags) != n:
        return _py_mark(dom, container, sections, scores, total_good, mode)
    reason_tags = c._REASON_TAGS
    element_reason = c._element_reason
    ins = <char *> calloc(n + 1, 1)
    if ins == NULL:
        raise MemoryError()
    try:
        ins[container] = 1
        inside[container] = True
        for i in range(container + 1, n):
            p = parents[i]
            if p >= i:  # not a walk's pre-order Dom: the twin
                return _py_mark(dom, container, sections, scores, total_good, mode)
            if p < 0 or not ins[p]:
                break
            ins[i] = 1
            inside[i] = True
            r = reason[p]
            if r is not None:
                reason[i] = r
                continue
            if i in sections:
                reason[i] = "related"
            elif (<long> flags[i]) & neg or tags[i] in reason_tags:
                reason[i] = element_reason(dom, i, scores[i], total_good, mode)
    finally:
        free(ins)
    return inside, reason


def _py_mark(dom, container, sections, scores, total_good, mode):
    from warta.extract import _walk_py

    return _walk_py.mark_container(dom, container, sections, scores, total_good, mode)


def route_blocks(list blocks, list inside, list reason, mode="article"):
    """:func:`warta.extract._walk_py.route_blocks` (block selection's pass over the blocks) in one
    typed loop: the same lists, the same order."""
    cdef bint is_list = mode == "list"
    cdef Py_ssize_t k, o, n = len(inside), tn, lc
    cdef list kept = [], related = [], captions = [], removed = []
    for k in range(len(blocks)):
        b = blocks[k]
        o = b.owner
        if o < 0:
            continue
        if o >= n:
            raise IndexError("list index out of range")
        if not inside[o]:
            continue
        r = reason[o]
        if r is None:
            kind = b.kind
            if kind == "caption":
                r = "caption"
            elif kind != "h":
                text = b.text
                tn = len(text)
                lc = b.link_chars
                # Block.link_density > 0.6: the same division (exact ints to double, rounded once)
                if tn and (<double> lc) / tn > 0.6 and (not is_list or tn < 20):
                    r = "link-list"
        if r is None:
            kept.append(b)
            continue
        if r == "caption":
            captions.append(b.text)
        elif r == "related" or r == "link-list":
            for lk in b.links:
                if len(lk[0]) >= 20:
                    related.append(lk)
        removed.append((b.text, r))
    return kept, related, captions, removed


def block_stats(list blocks):
    """:func:`warta.extract._walk_py.block_stats` (linked headlines, link characters, short texts)
    in one typed loop."""
    cdef Py_ssize_t k, n, lc, link_heads = 0, link_chars = 0
    cdef list short = []
    for k in range(len(blocks)):
        b = blocks[k]
        text = b.text
        n = len(text)
        lc = b.link_chars
        if lc:
            link_chars += lc
            if lc > 0.5 * n and (b.kind == "h" or 25 <= n <= 200 and lc > 0.8 * n):
                link_heads += 1
        if n < 40 and k < 2000:
            short.append(text)
    return link_heads, link_chars, short


def _forget_tag(name):
    """Make the kernel treat the static tag ``name`` as unknown (tests: a page holding one is walked
    by the twin); returns its id for :func:`_learn_tag`."""
    _ensure()
    for i in range(_NSTD):
        if _tnames[i] == name and _tcat[i] >= 0:
            _tcat[i] = -1
            return i
    raise KeyError(name)


def _learn_tag(int tid, name):
    """Undo :func:`_forget_tag`."""
    _tnames[tid] = name
    _tcat[tid] = _c._tag_category(name)
    _tspec[tid] = _spec_of(name)
