# cython: language_level=3, boundscheck=True, wraparound=True, cdivision=True
"""Text mode's per-line pass, compiled: the kernel of ``_lines_py.py`` (same functions, same results).

What it does faster than the twin:

- :class:`Classifier` answers most lines without running
  :func:`~warta.extract.chrome.classify_line`: one C pass over a line's characters collects the
  facts every rule of ``classify_line`` needs first (length, word count, first and last
  character, digits, a run of four digits, ALL-CAPS, the special characters ``/ : ( ) [ | © -``,
  where the last colon is ...), a few lexicon lookups follow, and only a line that some rule may
  match (about one in eight) goes to ``classify_line``, whose verdict is then returned. A line no
  rule can match gets ``None``, which is what ``classify_line`` would have said;
- :func:`split_lines`, :func:`score_lines`, :func:`neighbour_starts`, :func:`mark_tables`,
  :func:`best_region`, :func:`removed_lines` and :func:`letter_runs` are the twin's loops with C
  locals and typed :class:`Line` fields; ``score_lines`` also skips ``boilerplate_hits`` and
  ``strip_dateline`` where a C pre-check shows they find nothing.

>>> from warta.extract.chrome import Lexicon
>>> Classifier(Lexicon.for_lang("id")).verdict("Baca juga: Judul lain").reason
'related link'
"""

from cpython.unicode cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISLOWER,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISTITLE,
    Py_UNICODE_ISUPPER,
    PyUnicode_1BYTE_DATA,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    PyUnicode_READ_CHAR,
    PyUnicode_Tailmatch,
)

import re

cimport cython
from cpython.tuple cimport PyTuple_GET_ITEM
from libc.stdlib cimport free, malloc
from libc.stdint cimport uint64_t
from libc.string cimport memchr, memcpy


cdef extern from *:
    """
    #if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    #define WARTA_SWAR_LE 1
    #else
    #define WARTA_SWAR_LE 0
    #endif
    """
    # GCC/Clang's count of trailing zero bits; WARTA_SWAR_LE: code units read 8 bytes at a time sit
    # in a 64-bit word lowest first (little-endian), else _plain_end reads them one by one
    int __builtin_ctzll(unsigned long long x) nogil
    const bint WARTA_SWAR_LE

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)
    str PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)

from warta.article import Removed
from warta.extract.chrome import (
    AD_REASON,
    FIRST_WORD_STRIP,
    KEY_STRIP,
    MAX_LINE,
    TRAILING_INITIALS,
    Verdict,
    _DATE_SPLIT,
    _is_all_caps,
    _NAME_OUTLET,
    _paren_verdict,
    _URL,
    _outletish,
    _prefix_verdict,
    _prefix_verdict_at,
    Byline,
    outlet_name,
    parse_names,
    split_caption_credit,
    parse_copyright,
    LineKind,
    boilerplate_hits,
    classify_line,
    is_section_break,
    parse_credit,
    pick_lang,
    strip_dateline,
)

SENT_END = frozenset(".!?\"”’'…。！？」』")
"""A line ending in one of these ends a sentence."""
MEMO_CHARS = 80
"""The twin memoises the verdicts of lines up to this long (menus, labels and credits repeat across
pages). The kernel memoises those of the lines its pre-check passes, of any length (up to
``chrome.MAX_LINE``): fewer lines, and copyright footers are long."""
_BREAKS = frozenset({"section break", "comment header"})
_K_CHROME = LineKind.CHROME
cdef str _AD = AD_REASON


cdef inline bint _is_ad_slot(object v):
    """Whether a verdict (or None) is an advertisement slot's: its reason read as the tuple item for
    chrome's own ``Verdict`` (no attribute look-up) against a C-level constant (no module-dict look-up)."""
    if v is None:
        return False
    return (<object>PyTuple_GET_ITEM(v, 1) if type(v) is Verdict else v.reason) == _AD
_K_DATELINE = LineKind.DATELINE
_K_BYLINE = LineKind.BYLINE
_K_DATE = LineKind.DATE
_K_BODY = LineKind.BODY
_K_CREDIT = LineKind.CREDIT
_K_CAPTION = LineKind.CAPTION
_K_RELATED = LineKind.RELATED
_K_TAG = LineKind.TAG
_K_HEADING = LineKind.HEADING
_K_TITLE = LineKind.TITLE
_WS = re.compile(r"\s+")
_KEY_STRIP = KEY_STRIP
_FIRST_WORD_STRIP = FIRST_WORD_STRIP
# the ASCII characters of chrome's strip sets, as tables (the C pre-check's ASCII path)
cdef bint _KS_ASCII[128]
cdef bint _FWS_ASCII[128]
for _i in range(128):
    _KS_ASCII[_i] = chr(_i) in KEY_STRIP
    _FWS_ASCII[_i] = chr(_i) in FIRST_WORD_STRIP
_MISS = object()
cdef Py_ssize_t _MAX_LINE = MAX_LINE


cdef inline bint _sent_end(Py_UCS4 c) noexcept:
    return (
        c == u"." or c == u"!" or c == u"?" or c == u'"' or c == u"”" or c == u"’" or c == u"'"
        or c == u"…" or c == u"。" or c == u"！" or c == u"？" or c == u"」" or c == u"』"
    )


cdef inline bint _dash(Py_UCS4 c) noexcept:
    return c == u"-" or c == u"–" or c == u"—"


@cython.no_gc
@cython.freelist(1024)
cdef class Line:
    """One non-empty line: number(s), text, shape and what the steps decided about it.

    Not tracked by the garbage collector (``no_gc``: pages make hundreds of lines, which would
    drive collections): never store a Line, or anything holding one, in its object fields. A page's
    lines die with it: up to 1,024 freed ones are kept for the next page's (``freelist``).
    """

    cdef public Py_ssize_t no, last_no, words
    cdef public str text, reason
    cdef public bint ends, body_like
    cdef public object verdict, kind, dateline
    cdef public double score

    def __init__(self, Py_ssize_t no, str text, Py_ssize_t words, str last):
        if PyUnicode_GET_LENGTH(last) != 1:
            raise ValueError("last must be one character (the line's last)")
        self._set(no, text, words, PyUnicode_READ_CHAR(last, 0))

    cdef void _set(self, Py_ssize_t no, str text, Py_ssize_t words, Py_UCS4 last):
        cdef str bare
        self.no = no
        self.last_no = no
        self.text = text
        if PyUnicode_GET_LENGTH(text) > 15 * words:  # scripts without spaces (CJK, Thai): count characters
            words = PyUnicode_GET_LENGTH(text) // 3
        self.words = words
        if last == u")" and _may_end_initials(text):  # "… kata dia. (fyk/ash)": the sentence
            bare = TRAILING_INITIALS.sub("", text[-60:])  # ends before the parenthesis
            if bare:
                last = PyUnicode_READ_CHAR(bare, PyUnicode_GET_LENGTH(bare) - 1)
        self.ends = _sent_end(last)
        self.verdict = None
        self.kind = None
        self.reason = ""
        self.score = 0.0
        self.body_like = False
        self.dateline = None


cdef bint _may_end_initials(str t) noexcept:
    """False when ``TRAILING_INITIALS`` surely does not match the end of ``t`` (which ends in a
    bracket): between that bracket and the nearest opening one before it sits a character other
    than a-z, white space and "/"."""
    cdef Py_ssize_t i = PyUnicode_GET_LENGTH(t) - 2
    cdef Py_UCS4 c
    while i >= 0:
        c = PyUnicode_READ_CHAR(t, i)
        if c == u"(" or c == u"[":
            return True
        if not (97 <= c <= 122 or c == u"/" or Py_UNICODE_ISSPACE(c)):
            return False
        i -= 1
    return True


cdef enum:
    _BLOOM_WORDS = 1024  # 65,536 bits


cdef unsigned char _LOWER1[256]
"""A 1-byte code unit with A-Z lower-cased (the others unchanged)."""
cdef bint _SPACE1[256]
"""A 1-byte code unit is ASCII white space (``str.isspace``: 9-13, 28-32)."""
for _i in range(256):
    _LOWER1[_i] = _i + 32 if 65 <= _i <= 90 else _i
    _SPACE1[_i] = _i == 32 or 9 <= _i <= 13 or 28 <= _i <= 31


cdef inline unsigned long long _fnv_lower(str s, Py_ssize_t a, Py_ssize_t b) noexcept:
    """FNV-1a hash of ``s[a:b]`` lower-cased (ASCII letters only: callers pass ASCII spans)."""
    cdef unsigned long long h = 14695981039346656037ULL
    cdef unsigned long long c
    cdef Py_ssize_t i
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const unsigned char* d1
    if kind == 1:  # one byte a character: a table, no test per character
        d1 = <const unsigned char*>data
        for i in range(a, b):
            h = (h ^ <unsigned long long>_LOWER1[d1[i]]) * 1099511628211ULL
        return h
    for i in range(a, b):
        c = <unsigned long long>PyUnicode_READ(kind, data, i)
        if 65 <= c <= 90:
            c += 32
        h = (h ^ c) * 1099511628211ULL
    return h


ctypedef fused _cu:
    # one code unit of a str's storage (PyUnicode kinds 1, 2, 4)
    unsigned char
    unsigned short
    unsigned int


cdef inline Py_ssize_t _spaces(const _cu* d, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, k = 0
    for i in range(n):
        k += d[i] == 32
    return k


cdef Py_ssize_t _count_spaces(str s) noexcept:
    """``s.count(" ")`` in a loop the C compiler vectorises (faster than CPython's count)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    if kind == 1:
        return _spaces(<const unsigned char*>PyUnicode_DATA(s), n)
    if kind == 2:
        return _spaces(<const unsigned short*>PyUnicode_DATA(s), n)
    return _spaces(<const unsigned int*>PyUnicode_DATA(s), n)


cdef inline unsigned int _odd(const _cu* d, Py_ssize_t n, _cu x, _cu y) noexcept nogil:
    # code unit ``x`` or ``y`` or two spaces in a row in ``d[:n]`` (n >= 1): blocks of 512 code
    # units without an early exit inside one, so the inner loop vectorises
    cdef unsigned int o = (d[n - 1] == x) | (d[n - 1] == y)
    cdef Py_ssize_t a = 0, e, i
    while a < n - 1 and o == 0:
        e = a + 512 if a + 512 < n - 1 else n - 1
        for i in range(a, e):
            o |= (d[i] == x) | (d[i] == y) | ((d[i] == 32) & (d[i + 1] == 32))
        a = e
    return o


cdef inline bint _odd_in(str s, unsigned int x, unsigned int y) noexcept:
    """``"  " in s or chr(x) in s or chr(y) in s`` (``x``, ``y`` < 256) in one vectorised pass."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    if n == 0:
        return False
    # x and y at the code units' width, so the compared vectors hold as many units as they can
    if kind == 1:
        return _odd(<const unsigned char*>PyUnicode_DATA(s), n, <unsigned char>x, <unsigned char>y) != 0
    if kind == 2:
        return _odd(<const unsigned short*>PyUnicode_DATA(s), n, <unsigned short>x, <unsigned short>y) != 0
    return _odd(<const unsigned int*>PyUnicode_DATA(s), n, x, y) != 0


def odd_spacing(str text) -> bool:
    """``"  " in text or "\\t" in text or "\\xa0" in text`` (does ``split_lines`` need to collapse
    white space?) in one pass the C compiler vectorises: no early exit inside a block of 512
    characters (CPython's three searches take ~5% of a page: ``"  "`` stops at every space).

    >>> odd_spacing("a b\\nc"), odd_spacing("a  b"), odd_spacing("a\\tb"), odd_spacing("a\\xa0b")
    (False, True, True, True)
    """
    return _odd_in(text, 9, 160)


cdef inline bint _odd_spacing(str s) noexcept:
    """``"  " in s or "\\t" in s or "\\n" in s`` (one vectorised pass)."""
    return _odd_in(s, 9, 10)


cdef inline void _bloom_add(unsigned long long* bloom, unsigned long long h) noexcept:
    cdef unsigned int b1 = h & 0xFFFF, b2 = (h >> 24) & 0xFFFF
    bloom[b1 >> 6] |= 1ULL << (b1 & 63)
    bloom[b2 >> 6] |= 1ULL << (b2 & 63)


cdef inline unsigned long long _bp_sig(
    Py_ssize_t n, unsigned long long c0, unsigned long long c1, unsigned long long last
) noexcept:
    """A word's signature for the boilerplate filter: its length, first two characters (0 for a
    one-letter word) and last character, lower-case ASCII, mixed (splitmix64's finaliser) so that
    the filter's two 16-bit slices are spread."""
    cdef unsigned long long h = (<unsigned long long>n << 48) ^ (c0 << 32) ^ (c1 << 16) ^ last
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL
    return h ^ (h >> 31)


cdef inline bint _bloom_in(const unsigned long long* bloom, unsigned long long h) noexcept:
    cdef unsigned int b1 = h & 0xFFFF, b2 = (h >> 24) & 0xFFFF
    return (bloom[b1 >> 6] >> (b1 & 63)) & 1 and (bloom[b2 >> 6] >> (b2 & 63)) & 1


cdef inline Py_UCS4 _lower_ascii(Py_UCS4 c) noexcept:
    if 65 <= c <= 90:
        return <Py_UCS4>(<unsigned int>c + 32)
    return c


cdef class Classifier:
    """:func:`~warta.extract.chrome.classify_line` bound to one lexicon, with a C pre-check.

    :meth:`verdict` returns ``classify_line(s, lex)``; it calls it only when :meth:`may_match`.
    An ASCII line meets the lexicon through a Bloom filter of its phrases' hashes, so most lines are
    decided without building their lower-cased form (``low``) or any other string.
    """

    cdef readonly object lex
    cdef dict whole_line, prefix_by_first, agencies
    cdef dict prefix_ascii  # first word -> its prefix phrases (in the regex's order) when all ASCII
    cdef object lines, credit_words, credit_word_re, copyright_re, section_breaks
    cdef object ago_tail_re, credit_start_re, abs_date_re, month_words, weekday_words
    cdef Py_ssize_t ago_tail
    cdef tuple credit_labels
    cdef tuple comment_cues, copyright_starts, copyright_needles
    cdef str cue_last, copy_first
    cdef unsigned long long bloom[_BLOOM_WORDS]
    cdef unsigned long long bloom_bp[_BLOOM_WORDS]
    # the lengths (bit n; bit 31: 31 and over) of the ASCII boilerplate words by their first two
    # characters' low five bits (case folded): a first filter, before the signature's hash
    cdef unsigned int bp_len[1024]
    cdef bint cue_ascii[128]
    cdef bint copy_ascii[128]
    cdef bint cue_any, copy_any
    cdef tuple ago_ascii
    cdef unsigned long long bloom_hint[_BLOOM_WORDS]
    # the ASCII hint words in a C hash table (open addressing on their _fnv_lower hashes): slot ->
    # entry (-1: empty), entry -> its (language index, weight) pairs hint_code/hint_w[start[e]:start[e+1]]
    cdef tuple hint_codes
    cdef dict hint_code_idx
    cdef list hint_keys
    cdef Py_ssize_t hint_mask
    cdef int* hint_slot
    cdef unsigned long long* hint_hash
    cdef int* hint_start
    cdef int* hint_code
    cdef double* hint_w
    cdef frozenset credit_runs, month_runs
    cdef object date_labels
    cdef str date_s
    cdef Py_ssize_t date_a, date_b  # the last line the pre-check found a date in (rule 19), and where
    cdef frozenset boilerplate_words
    cdef Py_ssize_t bp_min, bp_max
    cdef bint bp_ascii, starts_ascii, needles_ascii

    def __init__(self, lex):
        cdef str k
        cdef unsigned long long h
        cdef Py_ssize_t i
        self.lex = lex
        self.whole_line = lex.whole_line
        self.prefix_by_first = lex.prefix_by_first
        self.prefix_ascii = {
            fw: tuple(ps)
            for fw, ps in getattr(lex, "prefix_phrases", {}).items()
            if all(p.isascii() for p in ps) and fw in lex.prefix_by_first
        }
        self.agencies = lex.agencies
        self.lines = lex.lines
        self.credit_words = lex.credit_words
        self.credit_word_re = lex.credit_word_re
        self.copyright_re = lex.copyright_re
        self.section_breaks = lex.section_breaks
        self.ago_tail_re = lex.ago_tail_re
        self.ago_tail = lex.ago_tail
        self.credit_start_re = lex.credit_start_re
        self.abs_date_re = lex.abs_date_re
        self.month_words = lex.month_words
        self.date_labels = lex.date_label_words
        self.boilerplate_words = lex.boilerplate_words
        self.weekday_words = lex.weekday_words
        # the labels of chrome.Lexicon.trailing_credit_re ("Foto", "FOTO", "Photo" ...): its
        # match ends in "<label> : Credit" after the line's last colon
        self.credit_labels = tuple(
            sorted({f(w) for w in lex.credit_words for f in (str.capitalize, str.upper)})
        )
        self.comment_cues = tuple(lex.comment_cues)
        self.copyright_starts = tuple(lex.copyright_starts)
        # the copyright regex is the alternation of the 3+ word phrases of ``copyright_starts``
        # (chrome.Lexicon): a line holding none of their longest words cannot match it
        self.copyright_needles = tuple(
            dict.fromkeys(max(p.split(" "), key=len) for p in self.copyright_starts if p.count(" ") >= 2)
        )
        # a line ends with a cue only if it ends with the cue's last character (None: always look;
        # an empty phrase matches every line)
        self.cue_last = (
            None if "" in self.comment_cues else "".join(sorted({c[-1] for c in self.comment_cues}))
        )
        self.copy_first = (
            None if "" in self.copyright_starts else "".join(sorted({c[0] for c in self.copyright_starts}))
        )
        for i in range(128):
            self.cue_ascii[i] = self.cue_last is not None and chr(i) in self.cue_last
            self.copy_ascii[i] = self.copy_first is not None and chr(i) in self.copy_first
        self.cue_any = self.cue_last is None
        # what a credit phrase or a month name in a match of credit_word_re / credit_start_re /
        # abs_date_re starts with: a maximal run of ASCII letters (None: some phrase does not start
        # so, and those regexes always run)
        self.credit_runs = _first_runs(set(lex.credit_words) | set(lex.agencies))
        self.month_runs = _first_runs(lex.month_words, whole=True)
        # the "ago" phrases of ago_tail_re (phrase, optional ".", end), lower-cased, when all are
        # ASCII and non-empty (else None: the regex always runs)
        ago_words = tuple(w.lower() for w in getattr(lex, "ago_words", None) or ("",))
        self.ago_ascii = ago_words if all(w and w.isascii() for w in ago_words) else None
        self.copy_any = self.copy_first is None
        # every key an ASCII line's key, first word or whole line is looked up with (a non-ASCII
        # key never equals an ASCII string)
        for i in range(_BLOOM_WORDS):
            self.bloom[i] = 0
        groups = (
            self.whole_line,
            self.lines,
            self.prefix_by_first,
            self.agencies,
            self.credit_words,
            self.section_breaks,
        )
        for i in range(_BLOOM_WORDS):
            self.bloom_bp[i] = 0
        for i in range(1024):
            self.bp_len[i] = 0
        self.bp_min, self.bp_max = 1 << 30, 0  # lengths of the ASCII boilerplate words
        # all ASCII: a word holding a character past ASCII is none (unless that character is the
        # Kelvin sign, the only one whose lower case is ASCII, "k")
        self.bp_ascii = all(k.isascii() for k in lex.boilerplate_words)
        # the copyright phrases and their needles all ASCII: a line's lower case need not be built
        # to look for them (see _lower_keeps_ascii)
        self.starts_ascii = all(k.isascii() for k in self.copyright_starts)
        self.needles_ascii = all(k.isascii() for k in self.copyright_needles)
        for k in lex.boilerplate_words:
            if k and k.isascii() and k == k.lower():  # ("" is no word of a line)
                _bloom_add(self.bloom_bp, _bp_sig(
                    len(k), ord(k[0]), ord(k[1]) if len(k) > 1 else 0, ord(k[-1])
                ))
                self.bp_len[((ord(k[0]) & 31) << 5) | ((ord(k[1]) if len(k) > 1 else 0) & 31)] |= (
                    1U << (len(k) if len(k) < 31 else 31)
                )
                self.bp_min = min(self.bp_min, PyUnicode_GET_LENGTH(k))
                self.bp_max = max(self.bp_max, PyUnicode_GET_LENGTH(k))
        for i in range(_BLOOM_WORDS):
            self.bloom_hint[i] = 0
        for k in lex.hint_weights:  # the language hints (a run equal to one hashes the same)
            if k.isascii():
                _bloom_add(self.bloom_hint, _fnv_lower(k, 0, PyUnicode_GET_LENGTH(k)))
        self._hint_table(lex)
        for group in groups:
            for k in group:
                # a non-ASCII or upper-case key never equals an ASCII line's lower-cased span
                if k.isascii() and k == k.lower():
                    _bloom_add(self.bloom, _fnv_lower(k, 0, PyUnicode_GET_LENGTH(k)))

    def __dealloc__(self):
        free(self.hint_slot)
        free(self.hint_hash)
        free(self.hint_start)
        free(self.hint_code)
        free(self.hint_w)

    cdef void _hint_table(self, lex) except *:
        """The C hash table of the ASCII hint words of ``lex.hint_weights`` (see :func:`guess_lang`)."""
        cdef Py_ssize_t n, size = 16, e, p = 0, j
        cdef unsigned long long h
        cdef str k
        free(self.hint_slot)  # (a second __init__ builds the table again)
        free(self.hint_hash)
        free(self.hint_start)
        free(self.hint_code)
        free(self.hint_w)
        self.hint_slot = self.hint_start = self.hint_code = NULL
        self.hint_hash = NULL
        self.hint_w = NULL
        self.hint_codes = tuple(lex.hint_words)
        self.hint_code_idx = {c: i for i, c in enumerate(self.hint_codes)}
        self.hint_keys = [k for k in lex.hint_weights if k and k.isascii()]
        n = len(self.hint_keys)
        while size < 2 * n + 2:
            size <<= 1
        npairs = sum(len(lex.hint_weights[k]) for k in self.hint_keys)
        self.hint_slot = <int*>malloc(size * sizeof(int))
        self.hint_hash = <unsigned long long*>malloc(size * sizeof(unsigned long long))
        self.hint_start = <int*>malloc((n + 1) * sizeof(int))
        self.hint_code = <int*>malloc((npairs + 1) * sizeof(int))
        self.hint_w = <double*>malloc((npairs + 1) * sizeof(double))
        if not (self.hint_slot and self.hint_hash and self.hint_start and self.hint_code and self.hint_w):
            raise MemoryError()
        self.hint_mask = size - 1
        for j in range(size):
            self.hint_slot[j] = -1
            self.hint_hash[j] = 0
        for e in range(n):
            k = self.hint_keys[e]
            self.hint_start[e] = p
            for code, w in lex.hint_weights[k]:
                self.hint_code[p] = self.hint_code_idx[code]
                self.hint_w[p] = w
                p += 1
            h = _fnv_lower(k, 0, PyUnicode_GET_LENGTH(k))
            j = h & self.hint_mask
            while self.hint_slot[j] >= 0:
                j = (j + 1) & self.hint_mask
            self.hint_slot[j] = e
            self.hint_hash[j] = h
        self.hint_start[n] = p

    cdef int _hint_entry(
        self, str text, Py_ssize_t a, Py_ssize_t b, unsigned long long h, bint fold=False
    ) noexcept:
        """The entry of the hint word equal to ``text[a:b]`` (ASCII, case as it is; lower-cased
        with ``fold``), -1 when none."""
        cdef Py_ssize_t j = h & self.hint_mask, i, n = b - a
        cdef int e
        cdef str k
        cdef unsigned int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef const unsigned char* kd
        while True:
            e = self.hint_slot[j]
            if e < 0:
                return -1
            if self.hint_hash[j] == h:
                k = <str>(<list>self.hint_keys)[e]
                if PyUnicode_GET_LENGTH(k) == n:
                    kd = PyUnicode_1BYTE_DATA(k)
                    i = 0
                    if fold:
                        while i < n and _lower_ascii(PyUnicode_READ(kind, data, a + i)) == kd[i]:
                            i += 1
                    else:
                        while i < n and PyUnicode_READ(kind, data, a + i) == kd[i]:
                            i += 1
                    if i == n:
                        return e
            j = (j + 1) & self.hint_mask

    cdef inline bint _bloom_has(self, unsigned long long h) noexcept:
        return _bloom_in(self.bloom, h)

    cdef bint _may_break(self, str s, Py_ssize_t ka, Py_ssize_t kb) noexcept:
        """False when ``_break_key(s[ka:kb].lower())`` is surely False (ASCII ``s``; the filter
        holds the section breaks): the key, the key without digits and brackets around it, and
        after leading digits its first word and first two words."""
        cdef Py_ssize_t a = ka, b = kb, w1, w2
        if self._bloom_has(_fnv_lower(s, ka, kb)):
            return True
        while a < b and _break_strip(PyUnicode_READ_CHAR(s, a)):
            a += 1
        while b > a and _break_strip(PyUnicode_READ_CHAR(s, b - 1)):
            b -= 1
        if self._bloom_has(_fnv_lower(s, a, b)):
            return True
        if not 48 <= PyUnicode_READ_CHAR(s, ka) <= 57:
            return False
        a = ka
        while a < kb and (48 <= PyUnicode_READ_CHAR(s, a) <= 57 or PyUnicode_READ_CHAR(s, a) == u" "):
            a += 1
        w1 = a
        while w1 < kb and PyUnicode_READ_CHAR(s, w1) != u" ":
            w1 += 1
        if self._bloom_has(_fnv_lower(s, a, w1)):
            return True
        w2 = w1 + 1 if w1 < kb else w1
        while w2 < kb and PyUnicode_READ_CHAR(s, w2) != u" ":
            w2 += 1
        return self._bloom_has(_fnv_lower(s, a, w2))

    cdef bint _break_key(self, str key) except -1:
        """``chrome._is_break_key(key, lex)``."""
        cdef list rest
        sb = self.section_breaks
        if key in sb or key.strip("0123456789 ()[]") in sb:
            return True
        if key[:1].isdigit():  # "34 responses to “…”", "12 comments on …"
            rest = key.lstrip("0123456789 ").split(" ")
            return rest[0] in sb or " ".join(rest[:2]) in sb
        return False

    cdef bint _boilerplate(self, str line) except -1:
        """``boilerplate_hits(line, lex) >= 3``, read here: the words of ``line[:300]`` (split at
        white space, as ``line[:300].lower().split()``: lower-casing neither makes nor removes white
        space, and a word's own lower case is its span of the line's) that hold a character past
        ASCII (unless no boilerplate word does, see ``bp_ascii``), or that are ASCII, as long as some
        ASCII boilerplate word and pass the filter of their signatures (:func:`_bp_sig`, read at the
        word's ends: no work per character but finding the spaces), are lower-cased and looked up;
        the different hits, trailing ``,.:;)`` stripped, are counted."""
        cdef Py_ssize_t ls = PyUnicode_GET_LENGTH(line)
        cdef unsigned int kind = PyUnicode_KIND(line)
        if ls > 300:
            ls = 300
        # one loop per width of the line's code units (no test of the width a character)
        if kind == 1:
            return _bp_scan(self, <const unsigned char*>PyUnicode_DATA(line), ls, line)
        if kind == 2:
            return _bp_scan(self, <const unsigned short*>PyUnicode_DATA(line), ls, line)
        return _bp_scan(self, <const unsigned int*>PyUnicode_DATA(line), ls, line)

    cdef bint _no_dateline(self, str text) except -1:
        """True when ``strip_dateline(text, lex)`` surely finds no dateline: no dash or ": " in its
        first 96 characters, no separator its regex needs (see :func:`_dateline_separator` and
        :meth:`_colon_head_rejected`), or ``chrome._lower_word_before_separator`` on them (ported
        here)."""
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), q = -1, i, e
        cdef Py_UCS4 c
        cdef bint open_seen = False
        cdef str w, lw
        cdef int sep
        if not _may_dateline(text):
            return True
        sep = _dateline_separator(text)
        if sep == 0 or (sep == 2 and self._colon_head_rejected(text)):
            return True
        if n > 96:
            n = 96
        for i in range(n):  # the first of - – — :
            c = PyUnicode_READ_CHAR(text, i)
            if c == u"-" or c == u"–" or c == u"—" or c == u":":
                q = i
                break
        if q < 0:
            return False
        for i in range(q):
            c = PyUnicode_READ_CHAR(text, i)
            if c == u"(":
                open_seen = True
                continue
            # (?<![^\s,/])[a-z]: a lower-case ASCII letter opening a word
            if not (97 <= c <= 122):
                continue
            if i > 0:
                c = PyUnicode_READ_CHAR(text, i - 1)
                if not (Py_UNICODE_ISSPACE(c) or c == u"," or c == u"/"):
                    continue
            if open_seen:
                return False
            e = i
            while e < q:
                c = PyUnicode_READ_CHAR(text, e)
                if Py_UNICODE_ISSPACE(c) or c == u"," or c == u"/":
                    break
                e += 1
            if e >= q:  # glued to the separator: "covid-19", "tribun-medan.com"
                return False
            w = text[i:e]
            lw = w.lower().strip(".")
            if "." not in w and lw not in self.month_words and lw not in self.weekday_words:
                return True
        return False

    cdef bint _colon_head_rejected(self, str text) except -1:
        """True when a text whose only possible dateline separator is a colon ("KUALA LUMPUR: …")
        has, before its first colon, a word ``strip_dateline`` rejects in that form.

        Such a dateline's head must be an ALL-CAPS place (plus dates); any head the regex can take
        ends at or after the first colon, so a word wholly before it (ended by a space, comma or
        slash) is one of the place's words. A word of ASCII letters only with a lower-case letter,
        not a month or weekday name, is not ALL-CAPS: ``strip_dateline`` returns no dateline
        (whether or not a parenthesised agency or a domain sits in the head: with a colon, either
        also means none).

        When that first colon is 2-90 characters in and white space then more text follow it within
        the first 200 characters, the regex's head ends there (its lazy head stops at the first
        separator that matches, and no dash can), so the word glued to the colon ("Tip:") is one of
        the place's words too."""
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, a, j, lim
        cdef Py_UCS4 c
        cdef bint lower, letters, ends_head = False
        cdef str lw
        colon = text.find(":", 0, 200)
        if colon < 0:
            return False
        if 2 <= colon <= 90 and text.find("\n", 0, colon) < 0:
            lim = n if n < 200 else 200
            j = colon + 1
            while j < lim and Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, j)):
                j += 1
            ends_head = colon + 1 < j < lim
        while i < colon:
            a = i
            lower = False
            letters = True
            while i < colon:
                c = PyUnicode_READ_CHAR(text, i)
                if Py_UNICODE_ISSPACE(c) or c == u"," or c == u"/":
                    break
                if 97 <= c <= 122:
                    lower = True
                elif not (65 <= c <= 90):
                    letters = False
                i += 1
            if (i < colon or ends_head) and i > a and lower and letters:  # a word of the head
                lw = text[a:i].lower()
                if lw not in self.month_words and lw not in self.weekday_words:
                    return True
            i += 1
        return False

    def boilerplate(self, str line) -> bool:
        """``boilerplate_hits(line, lex) >= 3`` (a cookie banner, sign-up box or legal note)."""
        return self._boilerplate(line)

    def no_dateline(self, str text) -> bool:
        """True when ``strip_dateline(text, lex)`` surely finds no dateline (a cheap pre-check)."""
        return self._no_dateline(text)

    def verdict(self, str s):
        """``classify_line(s, lex)``.

        The pre-check's answer also says which rules cannot match: those before the first it let
        through. When that rule is the copyright footer opening with "©" or a copyright phrase, a
        prefix phrase, or a date line (whose pre-check is its full condition), its verdict is the
        line's; else (or when the rule declines the line) ``classify_line`` decides.
        """
        return self._verdict(s, self._may_match(s))

    cdef object _verdict(self, str s, int rule):
        """:meth:`verdict` once the pre-check said ``rule`` (``_may_match(s)``).

        ``classify_line`` tries its rules in order and returns the first verdict; the pre-check
        says which is the first that may match. Some rules are tried here on their own (a prefix
        phrase, copyright, "(fyk/ash)" and "(outlet/Name)", a bare link, relative time, "Name -
        outlet", a caption with its credit in parentheses, a date line, a bare dateline); when one
        declines the line, the pre-check names the next rule that may match (``after``), and so on.
        Any other rule goes to ``classify_line``, which then decides the line from scratch.
        """
        cdef object v, rx, m, phrases, lex = self.lex
        cdef str low, fw
        cdef Py_ssize_t i
        if rule == 0:
            return None
        if Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(s, 0)) or Py_UNICODE_ISSPACE(
            PyUnicode_READ_CHAR(s, PyUnicode_GET_LENGTH(s) - 1)
        ):
            s = s.strip()  # (classify_line strips first)
        while rule != 0:
            if rule == 3:  # the prefix phrase's match, as classify_line finds it
                # (the first word's lower case is its span of s.lower(), see _may_match)
                i = s.find(" ")
                fw = (s[:i] if i >= 0 else s).lower().rstrip(_FIRST_WORD_STRIP)
                i = self._phrase_index(fw, s)
                if i != -2:  # the regex's match, found in C
                    v = None
                    if i >= 0:
                        phrases = self.prefix_ascii[fw]
                        v = _prefix_verdict_at(
                            s, <str>(<tuple>phrases)[i], PyUnicode_GET_LENGTH((<tuple>phrases)[i]), lex
                        )
                    if v is not None:
                        return v
                else:
                    low = s.lower()
                    rx = self.prefix_by_first.get(fw)
                    m = rx.match(low) if rx is not None else None
                    v = _prefix_verdict(s, m, lex) if m is not None else None
                    if v is not None:
                        return v
            elif rule == 7 or rule == 8:  # opens with "©" or a copyright phrase
                return Verdict(_K_CHROME, "copyright", parse_copyright(s, lex))
            elif rule == 19:
                v = self._date_verdict(s)
                if v is not None:
                    return v
            elif rule == 6:
                if _URL.match(s):
                    return Verdict(_K_CHROME, "bare link")
            elif rule == 10:
                v = _paren_verdict(s, lex)
                if v is not None:
                    return v
            elif rule == 13:  # (a digit, and the "ago" tail: the pre-check's test)
                if lex.ago_re.search(s):
                    return Verdict(_K_CHROME, "relative time")
            elif rule == 14:  # (" - ", " | ", " – " or " — " in s: the pre-check's test)
                m = _NAME_OUTLET.match(s)
                if m and _outletish(m.group(2), lex):
                    names = parse_names(m.group(1), lex)
                    if names:
                        return Verdict(_K_BYLINE, "byline", Byline(tuple(names), "author", outlet_name(m.group(2), lex)))
            elif rule == 16:  # (45 words at most, a final ")")
                v = split_caption_credit(s, lex)
                if v:
                    return Verdict(_K_CAPTION, "caption", v)
            elif rule == 20:  # the last rule (6 words at most, a final dash)
                dl, outlet, _ = strip_dateline(s + " X", lex)
                if dl:
                    return Verdict(_K_DATELINE, "dateline", (dl, outlet))
                return None
            else:
                return classify_line(s, lex)
            # the rule declined the line: the next one that may match
            rule = self._may_match(s, rule)
        return None

    cdef object _date_verdict(self, str s):
        """classify_line's date-line rule once its regex found a date in ``s``: at most three words
        of ``s`` without that date (``abs_date_re.sub(" ", s, count=1)`` split at
        ``[\s,|/()-]+``) are other than a number, a weekday or date label (``.:`` stripped,
        any case) or an ALL-CAPS word. An ASCII line is read in C, around the date."""
        cdef str rest, w, lw
        cdef Py_ssize_t other = 0, n, da, db
        if self.date_s is s:  # the pre-check's search found the first match (the one sub replaces)
            self.date_s = None
            if PyUnicode_IS_ASCII(s):
                n = PyUnicode_GET_LENGTH(s)
                other = self._date_others(s, 0, self.date_a)
                if other <= 3:
                    other += self._date_others(s, self.date_b, n)
                return Verdict(_K_DATE, "date line", s) if other <= 3 else None
            rest = s[: self.date_a] + " " + s[self.date_b :]
        else:
            rest = self.abs_date_re.sub(" ", s, count=1)
        self.date_s = None
        for w in _DATE_SPLIT.split(rest):
            if not w or w[:1].isdigit():
                continue
            lw = w.lower().strip(".:")
            if lw in self.weekday_words or lw in self.date_labels or _is_all_caps(w):
                continue
            other += 1
            if other > 3:
                return None
        return Verdict(_K_DATE, "date line", s)

    cdef Py_ssize_t _date_others(self, str s, Py_ssize_t a, Py_ssize_t b) except -1:
        """The "other" words of the ASCII ``s[a:b]`` for :meth:`_date_verdict` (4 once over 3)."""
        cdef const unsigned char* d = PyUnicode_1BYTE_DATA(s)
        cdef Py_ssize_t i = a, w, other = 0
        cdef bint up, low
        cdef unsigned char c
        while i < b:
            c = d[i]
            if _SPACE1[c] or _date_split(c):
                i += 1
                continue
            w = i
            up = low = False
            while i < b and not (_SPACE1[d[i]] or _date_split(d[i])):
                c = d[i]
                if 65 <= c <= 90:
                    up = True
                elif 97 <= c <= 122:
                    low = True
                i += 1
            if _digit1(d[w]) or (up and not low and i - w >= 2):  # a number, ALL CAPS (isupper)
                continue
            lw = s[w:i].lower().strip(".:")
            if lw in self.weekday_words or lw in self.date_labels:
                continue
            other += 1
            if other > 3:
                return other
        return other

    def may_match(self, str s) -> int:
        """0 when no rule of ``classify_line`` can match ``s`` (its verdict is then None), else the
        number of the first pre-check that let it through (which rule may match)."""
        return self._may_match(s)

    cdef int _may_match(self, str s, int after=0, Py_ssize_t n_spaces=-1) except -1:
        """See :meth:`may_match`; ``after``: only rules after this one count (a rule's own test
        declined the line, see :meth:`_verdict`);
        ``n_spaces``: ``s.count(" ")`` when the caller has it (-1: not known)."""
        cdef Py_ssize_t ls = PyUnicode_GET_LENGTH(s)
        cdef Py_ssize_t i, j, sp = -1, spaces = 0, n, last_colon = -1, last_open = -1, run = 0
        cdef Py_ssize_t ka = 0, kb = 0, split_n = 0, first_wide = -1
        cdef const unsigned char* d1
        cdef Py_ssize_t dspan[2]
        cdef Py_UCS4 c, first, last
        cdef bint short, special = False, digit = False, digit4 = False, slash = False, ascii = True
        cdef bint ws_odd = False, dbl_tab = False, lower = False, cased = False, in_word = False
        cdef bint prev_space = False, close_after_open = False, many = False, sep_spaced = False
        cdef Py_ssize_t sep_at = -2  # where a separator (- | – —) follows a space
        cdef int r
        cdef str low = None, key = None, fw, cr
        cdef object rx, m
        if ls == 0:
            return 0
        first = PyUnicode_READ_CHAR(s, 0)
        last = PyUnicode_READ_CHAR(s, ls - 1)
        if Py_UNICODE_ISSPACE(first) or Py_UNICODE_ISSPACE(last):  # classify_line strips first
            s = s.strip()
            n_spaces = -1
            ls = PyUnicode_GET_LENGTH(s)
            if ls == 0:
                return 0
            first = PyUnicode_READ_CHAR(s, 0)
            last = PyUnicode_READ_CHAR(s, ls - 1)
        if ls > _MAX_LINE:
            return 0
        ascii = PyUnicode_IS_ASCII(s)  # CPython's flag: the 1-byte helpers (_ci_*) read such strings
        if ls > 120:
            return self._may_match_long(s, ls, first, last, ascii, after, n_spaces)
        cdef int kind = PyUnicode_KIND(s)
        cdef void* data = PyUnicode_DATA(s)
        # one pass: the facts the rules need (ASCII decided inline, other characters by CPython's
        # tables). A line of 160+ characters stops once it has over 60 words: of the rules, only
        # those on its first word and first character apply then.
        # (one loop for every width: a-z first, the commonest characters; then the rest of ASCII;
        # then CPython's tables)
        for i in range(ls):
            c = PyUnicode_READ(kind, data, i)
            if 97 <= c <= 122:
                prev_space = False
                if not in_word:
                    in_word = True
                    split_n += 1
                run = 0
                lower = True
                continue
            if c < 128:
                if c == 32:  # " "
                    if sep_at == i - 1:
                        sep_spaced = True
                    if sp < 0:
                        sp = i
                    spaces += 1
                    if prev_space:
                        ws_odd = True
                        dbl_tab = True
                    prev_space = True
                    in_word = False
                    run = 0
                    if spaces >= 60 and split_n > 60 and ls >= 160:
                        many = True
                        break
                    continue
                prev_space = False
                if 9 <= c <= 13 or 28 <= c <= 31:  # str.isspace()
                    if c == 9:
                        ws_odd = True
                        dbl_tab = True
                    elif c == 10:
                        ws_odd = True
                    in_word = False
                    run = 0
                    continue
                if not in_word:
                    in_word = True
                    split_n += 1
                if 48 <= c <= 57:
                    digit = True
                    special = True
                    run += 1
                    if run >= 4:
                        digit4 = True
                    continue
                run = 0
                if 65 <= c <= 90:  # (a-z: the fast path above)
                    cased = True
                elif c == 47:  # "/"
                    slash = True
                    special = True
                elif c == 58:  # ":"
                    last_colon = i
                    special = True
                elif c == 40:  # "("
                    last_open = i
                    close_after_open = False
                    special = True
                elif c == 41:  # ")"
                    if i < ls - 1:
                        close_after_open = True
                    special = True
                elif c == 91 or c == 124 or c == 45:  # [ | -
                    special = True
                    if c != 91 and i > 0 and PyUnicode_READ(kind, data, i - 1) == 32:
                        sep_at = i
                continue
            if first_wide < 0:
                first_wide = i
            prev_space = False
            if Py_UNICODE_ISSPACE(c):
                in_word = False
                run = 0
                continue
            if not in_word:
                in_word = True
                split_n += 1
            if Py_UNICODE_ISDECIMAL(c):
                digit = True
                special = True
                run += 1
                if run >= 4:
                    digit4 = True
                continue
            run = 0
            if c == u"©" or c == u"–" or c == u"—":
                special = True
                if c != u"©" and i > 0 and PyUnicode_READ(kind, data, i - 1) == 32:
                    sep_at = i
            elif Py_UNICODE_ISLOWER(c) or Py_UNICODE_ISTITLE(c):
                lower = True
            elif Py_UNICODE_ISUPPER(c):
                cased = True
        cdef bint caps = cased and not lower  # s.isupper()
        short = ls <= 80
        # ``low`` (``s.lower()``) is built only when a rule needs it
        # rules 1-2: the whole line is a known phrase, "12 Comments"
        if short:
            if ascii and not dbl_tab:
                ka = 0
                kb = ls
                while ka < kb and _key_strip(PyUnicode_READ_CHAR(s, ka)):
                    ka += 1
                while kb > ka and _key_strip(PyUnicode_READ_CHAR(s, kb - 1)):
                    kb -= 1
                if self._bloom_has(_fnv_lower(s, ka, kb)):
                    key = s[ka:kb].lower()
                    if key in self.whole_line:
                        if after < 1:
                            return 1
                if ka < kb and (
                    48 <= PyUnicode_READ_CHAR(s, ka) <= 57 or PyUnicode_READ_CHAR(s, kb - 1) == u")"
                ):
                    if self._may_break(s, ka, kb) and self._break_key(s[ka:kb].lower()):
                        if after < 2:
                            return 2
            else:
                if low is None:
                    low = s.lower()
                if "  " in low or "\t" in low:
                    key = _WS.sub(" ", low).strip(_KEY_STRIP)
                else:
                    key = low.strip(_KEY_STRIP)
                if key in self.whole_line:
                    if after < 1:
                        return 1
                if key and (key[0].isdigit() or key[-1] == ")") and self._break_key(key):
                    if after < 2:
                        return 2
        # rule 3: a prefix phrase its first word can start (an ASCII first word: its lower-cased
        # form is the same span of ``low``; the phrases' regexes ignore case)
        if sp < 0 and not many:
            sp = ls
        if sp >= 0 and (first_wide < 0 or first_wide > sp):
            j = sp
            while j > 0 and _first_word_strip(PyUnicode_READ_CHAR(s, j - 1)):
                j -= 1
            if self._bloom_has(_fnv_lower(s, 0, j)):
                fw = s[:j].lower()
                rx = self.prefix_by_first.get(fw)
                if rx is not None:  # (no lower-cased copy needed, see _prefix_in)
                    if after < 3 and self._prefix_in(fw, rx, s):
                        return 3
        else:
            # lower-casing neither makes nor removes spaces, and a first word's own lower case is
            # its span of ``low`` (a final sigma sees the same end of word)
            fw = s[:sp].lower().rstrip(_FIRST_WORD_STRIP)
            rx = self.prefix_by_first.get(fw)
            if rx is not None:
                if after < 3 and self._prefix_in(fw, rx, s):
                    return 3
        # rules 4-5: a chrome phrase, a comment header ("john said:")
        if short:
            if ascii:
                # ``key`` is None when the filter ruled out every phrase for it
                if key is not None and key in self.lines:
                    if after < 4:
                        return 4
                if (self.cue_any or self.cue_ascii[_lower_ascii(last)]) and _ci_endswith(
                    s, ls, self.comment_cues
                ):
                    if after < 5:
                        return 5
            else:
                if key in self.lines:
                    if after < 4:
                        return 4
                if (self.cue_last is None or low[-1] in self.cue_last) and low.endswith(self.comment_cues):
                    if after < 5:
                        return 5
        # rules 6-10: a bare link, copyright, "(fyk/ash)", "(outlet/Name)"
        r = self._rules_6_10(s, ls, first, spaces, ascii, low, after)  # ls < 160: never ``many``
        if r:
            return r
        if many:
            return 0
        n = split_n if ws_odd else spaces + 1
        if n > 60:
            return 0
        cdef bint no_end = not (last == u"." or last == u"!" or last == u"?" or last == u":")
        if short and not special:
            # of the rules below only a bare credit ("REUTERS", "Getty Images") can apply
            if n <= 10 and ls <= 90 and no_end:
                if caps and ls >= 2 and n <= 8 and self.credit_word_re is not None:
                    if self._may_credit(s) and self.credit_word_re.search(s):
                        if after < 11:
                            return 11
                if self._known_credit(s, ls, low, ascii):
                    if after < 12:
                        return 12
            return 0
        if n <= 8 and short:
            if digit and self._may_end_ago(s, ls) and self.ago_tail_re.search(s[-self.ago_tail :]) is not None:
                if after < 13:
                    return 13  # "3 jam lalu"
            if sep_spaced and _NAME_OUTLET.match(s):  # " - ", " | ", " – " or " — " in s
                if after < 14:
                    return 14  # "Name - outlet.com"
        if self._credit_tail(s, ls, last_colon):  # "Caption. Foto: Name"
            if after < 15:
                return 15
        if n <= 45 and last == u")":
            # "Caption (Credit/Agency)": the credit is in the last parentheses and parse_credit
            # takes only a slash, a credit word or ALL CAPS
            if last_open >= 0 and not close_after_open and 2 <= ls - 2 - last_open <= 80:
                cr = s[last_open + 1 : ls - 1]
                if "/" in cr or cr.isupper() or (
                    self.credit_word_re is not None and self._may_credit(cr) and self.credit_word_re.search(cr) is not None
                ):
                    if after < 16:
                        return 16
        if n <= 10 and ls <= 90 and no_end:
            if (slash or last_colon >= 0) and self._may_credit_start(s) and self.credit_start_re.match(s) is not None:
                if after < 17:
                    return 17
            if self._known_credit(s, ls, low, ascii):
                if after < 18:
                    return 18
            if (slash or caps and ls >= 2 and n <= 8) and (
                self.credit_word_re is not None and self._may_credit(s) and self.credit_word_re.search(s) is not None
            ):
                if after < 17:
                    return 17
            if slash and caps and ls >= 2 and n <= 8:
                if after < 17:
                    return 17
        if after < 19 and n <= 14 and ls <= 120 and digit4 and self._may_date(s):
            if self._date_find(s, dspan):
                # _date_verdict's sub(" ", s, count=1) replaces this match
                self.date_s = s
                self.date_a = dspan[0]
                self.date_b = dspan[1]
                if after < 19:
                    return 19
        if n <= 6 and _dash(last):
            if after < 20:
                return 20
        return 0

    cdef int _may_match_long(
        self, str s, Py_ssize_t ls, Py_UCS4 first, Py_UCS4 last, bint ascii, int after,
        Py_ssize_t n_spaces
    ) except -1:
        """:meth:`_may_match` for a stripped line of 121-600 characters.

        Of the rules, such a line meets only those on its first word and character, the copyright
        phrases (under 160 characters), the trailing credit after its last colon, a caption's
        parentheses and a dash at its end; the facts they need come from CPython's string
        searches (no pass over every character).
        """
        cdef Py_ssize_t spaces = n_spaces if n_spaces >= 0 else _count_spaces(s), n, sp, j, last_open
        cdef int r
        cdef str low = None, fw, cr
        cdef object rx
        if _odd_spacing(s):  # "  ", a tab or a newline
            n = len(s.split())
        else:
            n = spaces + 1
        sp = s.find(" ")
        if sp < 0:
            sp = ls
        # rule 3: a prefix phrase its first word can start
        j = 0
        if not ascii:
            while j < sp and PyUnicode_READ_CHAR(s, j) < 128:
                j += 1
        if ascii or j == sp:
            j = sp
            while j > 0 and _first_word_strip(PyUnicode_READ_CHAR(s, j - 1)):
                j -= 1
            if self._bloom_has(_fnv_lower(s, 0, j)):
                fw = s[:j].lower()
                rx = self.prefix_by_first.get(fw)
                if rx is not None:  # (no lower-cased copy of a long line, see _prefix_in)
                    if after < 3 and self._prefix_in(fw, rx, s):
                        return 3
        else:
            fw = s[:sp].lower().rstrip(_FIRST_WORD_STRIP)
            rx = self.prefix_by_first.get(fw)
            if rx is not None:
                if after < 3 and self._prefix_in(fw, rx, s):
                    return 3
        # rules 6-10
        r = self._rules_6_10(s, ls, first, spaces, ascii, low, after)
        if r:
            return r
        if n > 60:
            return 0
        # rule 15: "Caption. Foto: Name" after the last colon
        if self._credit_tail(s, ls, s.rfind(":")):
            if after < 15:
                return 15
        # rule 16: "Caption (Credit/Agency)"
        if n <= 45 and last == u")":
            last_open = s.rfind("(")
            if last_open >= 0 and 2 <= ls - 2 - last_open <= 80:
                cr = s[last_open + 1 : ls - 1]
                if ")" not in cr and (
                    "/" in cr
                    or cr.isupper()
                    or (
                        self.credit_word_re is not None
                        and self._may_credit(cr)
                        and self.credit_word_re.search(cr) is not None
                    )
                ):
                    if after < 16:
                        return 16
        # (the credit, date and bare-credit rules need 90 / 120 / 80 characters at most)
        if n <= 6 and _dash(last):
            if after < 20:
                return 20
        return 0

    cdef int _rules_6_10(
        self, str s, Py_ssize_t ls, Py_UCS4 first, Py_ssize_t spaces, bint ascii, str low, int after
    ) except -1:
        """The pre-check's rules 6-10 (a bare link, copyright, "(fyk/ash)", "(outlet/Name)") for a
        stripped line, shared by :meth:`_may_match` and :meth:`_may_match_long`: the rule's number,
        or 0 (``low``: ``s.lower()`` when the caller has it, else None)."""
        cdef object needle
        if (first == u"h" or first == u"w") and (s.startswith("http") or s.startswith("www.")):
            if after < 6:
                return 6
        if first == u"©":
            if after < 7:
                return 7
        if ascii and not self.copy_any:
            if self.copy_ascii[_lower_ascii(first)] and _ci_startswith(s, ls, self.copyright_starts):
                if after < 8:
                    return 8
        elif self.copy_any or (
            self.copy_ascii[_lower_ascii(first)] if first < 128 else s[:1].lower()[0] in self.copy_first
        ):  # low[0] in copy_first (an ASCII first character lower-cases to one ASCII character)
            if low is None and self.starts_ascii and _lower_keeps_ascii(s):
                if _ci_startswith(s, ls, self.copyright_starts):
                    if after < 8:
                        return 8
            else:
                if low is None:
                    low = s.lower()
                if low.startswith(self.copyright_starts):
                    if after < 8:
                        return 8
        if ls < 160 and 1 < spaces < 15:
            if ascii:
                for needle in self.copyright_needles:
                    if _ci_contains(s, ls, needle):
                        if after < 9:
                            return 9
            elif low is None and self.needles_ascii and _lower_keeps_ascii(s):
                for needle in self.copyright_needles:  # needle in s.lower(), no copy made
                    if _wide_contains(s, ls, needle):
                        if after < 9:
                            return 9
            else:
                if low is None:
                    low = s.lower()
                for needle in self.copyright_needles:
                    if needle in low:
                        if after < 9:
                            return 9
        if first == u"(" or first == u"[":
            if after < 10:
                return 10
        return 0

    cdef bint _prefix_in(self, str fw, object rx, str s) except -1:
        """``rx.match(s.lower()) is not None`` for ``s``, its first word ``fw`` (lower-cased, no
        ``FIRST_WORD_STRIP`` at its end) and that word's regex ``rx`` of ``Lexicon.prefix_by_first``:
        in C when :meth:`_phrase_index` can tell; else for an ASCII ``s`` ``rx.match(s)`` (sre
        lower-cases each character of the subject before comparing it under ``re.I``, so an ASCII
        line and its lower case match alike), for another the regex on ``s.lower()``."""
        cdef Py_ssize_t r = self._phrase_index(fw, s)
        if r != -2:
            return r >= 0
        if PyUnicode_IS_ASCII(s):
            return rx.match(s) is not None
        return rx.match(s.lower()) is not None

    cdef Py_ssize_t _phrase_index(self, str fw, str s) except -3:
        """Which phrase of ``Lexicon.prefix_phrases[fw]`` the regex ``prefix_by_first[fw]`` matches
        in ``s.lower()``: its index, -1 for none, -2 when this cannot tell (a phrase past ASCII, or a
        character past ASCII within the longest phrase's length + 1 characters of ``s``).

        When the phrases and the first ``L + 1`` characters of ``s`` are ASCII (``L`` the longest
        phrase), those characters lower-case one to one into ``s.lower()`` whatever follows, and the
        regex ``^(?:p1|p2|…)(?![\\w])`` (``re.I``, phrases tried in order) looks at no other: a
        phrase matches where ``s`` starts with it, ASCII case aside, and no word character follows.
        """
        cdef object phrases = self.prefix_ascii.get(fw)
        cdef Py_ssize_t ls, n, k, i
        cdef str p
        if phrases is None:
            return -2
        ls = PyUnicode_GET_LENGTH(s)
        if not PyUnicode_IS_ASCII(s):
            n = PyUnicode_GET_LENGTH((<tuple>phrases)[0]) + 1
            if n > ls:
                n = ls
            for i in range(n):
                if PyUnicode_READ_CHAR(s, i) >= 128:
                    return -2
        k = 0
        for p in <tuple>phrases:
            n = PyUnicode_GET_LENGTH(p)
            if n <= ls and _wide_at(s, 0, p, n) and (n == ls or not _word_ascii(PyUnicode_READ_CHAR(s, n))):
                return k
            k += 1
        return -1

    cdef bint _may_credit(self, str s) except -1:
        """False when ``credit_word_re.search(s)`` surely finds nothing: ``s`` is ASCII and none
        of its runs of letters is the first word of a credit phrase or agency (a match starts
        at a word start, and its phrase's first run of letters is followed by no letter)."""
        return self.credit_runs is None or not PyUnicode_IS_ASCII(s) or _has_run(s, self.credit_runs, False)

    cdef bint _may_credit_start(self, str s) except -1:
        """False when ``credit_start_re.match(s)`` surely fails: ``s`` is ASCII and its first run of
        letters (at its start) opens no credit phrase."""
        return self.credit_runs is None or not PyUnicode_IS_ASCII(s) or _has_run(s, self.credit_runs, True)

    cdef bint _may_date(self, str s) except -1:
        """False when ``abs_date_re.search(s)`` surely finds nothing: ``s`` is ASCII, holds no
        ``\\d[/.-]\\d{1,2}[/.-]\\d`` (part of both numeric forms, ``\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}``
        and ``\\d{4}-\\d{2}-\\d{2}``), and no run of letters is a month name followed by white space
        and a digit (the written forms, see :func:`_has_month_run`)."""
        cdef Py_ssize_t i, n
        cdef const unsigned char* d
        if self.month_runs is None or not PyUnicode_IS_ASCII(s):
            return True
        d = PyUnicode_1BYTE_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
        for i in range(n - 4):  # \d[/.-]\d{1,2}[/.-]\d: inside every numeric form
            if _digit1(d[i]) and _date_sep(d[i + 1]) and _digit1(d[i + 2]):
                if _date_sep(d[i + 3]) and _digit1(d[i + 4]):
                    return True
                if i + 5 < n and _digit1(d[i + 3]) and _date_sep(d[i + 4]) and _digit1(d[i + 5]):
                    return True
        return _has_month_run(s, self.month_runs)

    cdef bint _date_find(self, str s, Py_ssize_t* span) except -1:
        """``m = abs_date_re.search(s)``: True when found, with ``span[0], span[1] = m.span()``.

        For an ASCII ``s`` (and month names that are runs of ASCII letters, ``month_runs``), the
        regex is read in C at the places a match can start, left to right (the first match is the
        search's): where no word character precedes (``(?<!\w)``), a run of digits or a run of
        letters that is a month name (:meth:`_date_at`); else the regex searches.
        """
        cdef Py_ssize_t n, i = 0, a, e
        cdef const unsigned char* d
        cdef unsigned char c
        cdef object m
        if self.month_runs is None or not PyUnicode_IS_ASCII(s):
            m = self.abs_date_re.search(s)
            if m is None:
                return False
            span[0] = m.start()
            span[1] = m.end()
            return True
        d = PyUnicode_1BYTE_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
        while i < n:
            c = d[i]
            if not (_digit1(c) or _ascii_letter(c)):
                i += 1
                continue
            a = i  # a run of digits, or of letters
            if _digit1(c):
                while i < n and _digit1(d[i]):
                    i += 1
            else:
                while i < n and _ascii_letter(d[i]):
                    i += 1
            if a > 0 and _word1(d[a - 1]):  # (?<!\w)
                continue
            e = self._date_at(s, d, n, a, i)
            if e >= 0:
                span[0] = a
                span[1] = e
                return True
        return False

    cdef Py_ssize_t _date_at(self, str s, const unsigned char* d, Py_ssize_t n, Py_ssize_t a, Py_ssize_t r) except -2:
        """Where ``abs_date_re`` matches in the ASCII ``s`` (``d[:n]``) from ``a`` (no word character
        before it), whose run of digits or of letters ends at ``r``: the match's end, -1 if none.

        Its forms (``re.I``; ``\s`` white space, ``M`` a month name):
        ``\d{1,2}\s+M\.?,?\s+\d{4}``, ``M\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}``,
        ``\d{1,2}[/.-]\d{1,2}[/.-]\d{4}`` and ``\d{4}-\d{2}-\d{2}``, each then ``(?!\w)``.
        Backtracking changes none: a month is followed by "." or white space, so it is a whole run
        of letters (the alternation tries every name); a run of digits followed by another digit
        fails every form that stops it there; the optional ".", "," and ordinal suffix, when
        present, are what the rest needs taken. At a run of digits only one form can match (white
        space, a separator or four digits follow it).
        """
        cdef Py_ssize_t j = r, k
        cdef unsigned char c0, c1
        if _digit1(d[a]):
            k = r - a
            if k == 4:  # \d{4}-\d{2}-\d{2}
                if not (j < n and d[j] == 45):
                    return -1
                j = _digits_exactly(d, n, j + 1, 2)
                if j < 0 or not (j < n and d[j] == 45):
                    return -1
                j = _digits_exactly(d, n, j + 1, 2)
                return _word_end(d, n, j)
            if k > 2 or j >= n:
                return -1
            if _SPACE1[d[j]]:  # \d{1,2}\s+M\.?,?\s+\d{4}
                while j < n and _SPACE1[d[j]]:
                    j += 1
                j = self._month_at(s, d, n, j)
                if j < 0:
                    return -1
                if j < n and d[j] == 46:  # "."
                    j += 1
                if j < n and d[j] == 44:  # ","
                    j += 1
                if not (j < n and _SPACE1[d[j]]):
                    return -1
                while j < n and _SPACE1[d[j]]:
                    j += 1
                return _word_end(d, n, _digits_exactly(d, n, j, 4))
            if _date_sep(d[j]):  # \d{1,2}[/.-]\d{1,2}[/.-]\d{4}
                k = _digit_run(d, n, j + 1)
                if not (1 <= k <= 2):
                    return -1
                j += 1 + k
                if not (j < n and _date_sep(d[j])):
                    return -1
                return _word_end(d, n, _digits_exactly(d, n, j + 1, 4))
            return -1
        # M\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}
        j = self._month_at(s, d, n, a)
        if j < 0:
            return -1
        if j < n and d[j] == 46:
            j += 1
        if not (j < n and _SPACE1[d[j]]):
            return -1
        while j < n and _SPACE1[d[j]]:
            j += 1
        k = _digit_run(d, n, j)
        if not (1 <= k <= 2):
            return -1
        j += k
        if j + 1 < n:
            c0 = _LOWER1[d[j]]
            c1 = _LOWER1[d[j + 1]]
            if (
                (c0 == 115 and c1 == 116)  # st
                or (c0 == 110 and c1 == 100)  # nd
                or (c0 == 114 and c1 == 100)  # rd
                or (c0 == 116 and c1 == 104)  # th
            ):
                j += 2
        if j < n and d[j] == 44:
            j += 1
        if not (j < n and _SPACE1[d[j]]):
            return -1
        while j < n and _SPACE1[d[j]]:
            j += 1
        return _word_end(d, n, _digits_exactly(d, n, j, 4))

    cdef Py_ssize_t _month_at(self, str s, const unsigned char* d, Py_ssize_t n, Py_ssize_t j) except -2:
        """The end of the run of ASCII letters at ``j`` when it is a month name (any case), else -1."""
        cdef Py_ssize_t e = j
        while e < n and _ascii_letter(d[e]):
            e += 1
        if e == j or s[j:e].lower() not in self.month_runs:
            return -1
        return e

    def date_span(self, str s):
        """``lex.abs_date_re.search(s)``'s span (None when it finds nothing), found as the pre-check
        finds it (see :meth:`_date_find`)."""
        cdef Py_ssize_t span[2]
        if self._date_find(s, span):
            return span[0], span[1]
        return None

    cdef bint _may_end_ago(self, str s, Py_ssize_t ls) noexcept:
        """False when ``ago_tail_re`` surely finds nothing at the end of ``s``: ``s`` is ASCII and
        ends in no "ago" phrase (case aside), with or without a final "."."""
        if self.ago_ascii is None or not PyUnicode_IS_ASCII(s):
            return True
        if _ci_endswith(s, ls, self.ago_ascii):
            return True
        return ls >= 2 and PyUnicode_READ_CHAR(s, ls - 1) == u"." and _ci_endswith(s, ls - 1, self.ago_ascii)

    cdef bint _credit_tail(self, str s, Py_ssize_t ls, Py_ssize_t last_colon) except -1:
        """Pre-check rule 15, shared by :meth:`_may_match` and :meth:`_may_match_long`: after the
        line's last colon (``last_colon``, -1 when none) within its last 64 characters, a credit
        of 2-61 characters opening with a capital, and a credit label before the colon
        ("Caption. Foto: Name")."""
        # read in place: ``tail = s[last_colon + 1:].lstrip()``, ``head = s[:last_colon].rstrip()``
        cdef Py_ssize_t t = last_colon + 1, e = last_colon
        cdef unsigned int kind = PyUnicode_KIND(s)
        cdef void* data = PyUnicode_DATA(s)
        cdef str label
        if last_colon < 0 or last_colon < ls - 64:
            return False
        while t < ls and _space(PyUnicode_READ(kind, data, t)):
            t += 1
        if not (1 < ls - t <= 61 and 65 <= PyUnicode_READ(kind, data, t) <= 90):
            return False
        while e > 0 and _space(PyUnicode_READ(kind, data, e - 1)):
            e -= 1
        for label in self.credit_labels:  # head.endswith(self.credit_labels)
            if PyUnicode_Tailmatch(s, label, 0, e, 1):
                return True
        return False

    cdef bint _known_credit(self, str s, Py_ssize_t ls, str low, bint ascii) except -1:
        """``low in lex.agencies or low in lex.credit_words`` (``low``: ``s.lower()``, None for ASCII)."""
        if ascii:
            if not self._bloom_has(_fnv_lower(s, 0, ls)):
                return False
            low = s.lower()
        elif low is None:
            low = s.lower()
        return low in self.agencies or low in self.credit_words


cdef inline bint _bp_pass(Classifier clf, Py_ssize_t n, unsigned int c0, unsigned int c1, unsigned int cl) noexcept:
    """An ASCII word of ``n`` characters (first two ``c0``, ``c1``, last ``cl``) may be a
    boilerplate word: its length is one of theirs and its signature passes their filter."""
    if not (clf.bp_min <= n <= clf.bp_max):
        return False
    # (an ASCII letter's two cases share their low five bits)
    if not (clf.bp_len[((c0 & 31) << 5) | (c1 & 31)] >> (n if n < 31 else 31)) & 1:
        return False
    return _bloom_in(clf.bloom_bp, _bp_sig(n, _LOWER1[c0], _LOWER1[c1] if n > 1 else 0, _LOWER1[cl]))


cdef inline Py_ssize_t _plain_end(const _cu* d, Py_ssize_t i, Py_ssize_t n, unsigned int lo=33) noexcept nogil:
    """The first index from ``i`` (below ``n``) whose code unit is not ASCII from ``lo`` (1-127)
    up, else ``n``: 8 (1-byte units) or 4 (2-byte units) code units a step, read as one 64-bit
    word (a flag per unit: below ``lo`` once its top bit is cleared, or 0x80 and over; exact, no
    carry crosses units), so a run of ordinary characters costs no test each."""
    cdef uint64_t x, z, m
    if not WARTA_SWAR_LE:
        pass
    elif _cu is cython.uchar:
        while i + 8 <= n:
            memcpy(&x, d + i, 8)
            m = (
                ~((x & 0x7F7F7F7F7F7F7F7FULL) + 0x0101010101010101ULL * (0x80 - lo)) | x
            ) & 0x8080808080808080ULL
            if m:
                return i + (__builtin_ctzll(m) >> 3)
            i += 8
    elif _cu is cython.ushort:
        while i + 4 <= n:
            memcpy(&x, d + i, 8)
            z = x & 0xFF80FF80FF80FF80ULL
            m = (
                ~((x & 0x7FFF7FFF7FFF7FFFULL) + 0x0001000100010001ULL * (0x8000 - lo))
                | ((z & 0x7FFF7FFF7FFF7FFFULL) + 0x7FFF7FFF7FFF7FFFULL)
                | z
            ) & 0x8000800080008000ULL
            if m:
                return i + (__builtin_ctzll(m) >> 4)
            i += 4
    while i < n and lo <= d[i] < 128:
        i += 1
    return i


cdef bint _bp_scan(Classifier clf, const _cu* d, Py_ssize_t ls, str line) except -1:
    """:meth:`Classifier._boilerplate` of a line (code units ``d[:ls]``, its first 300
    characters): a word holding a character past ASCII is skipped when no boilerplate word has one
    (``bp_ascii``; but the Kelvin sign, whose lower case is "k"), else looked up as it is. Runs of
    printable ASCII inside a word are stepped over several code units at a time (:func:`_plain_end`)."""
    cdef Py_ssize_t i = 0, a
    cdef unsigned int c
    cdef bint wide, other
    cdef bint bp_ascii = clf.bp_ascii
    cdef set found = None
    cdef str w
    while i < ls:
        c = d[i]
        if c < 128:
            if _SPACE1[c]:
                i += 1
                continue
        elif Py_UNICODE_ISSPACE(c):
            i += 1
            continue
        a = i
        wide = False
        other = False
        while i < ls:
            c = d[i]
            if 32 < c < 128:
                i = _plain_end(d, i + 1, ls)
                continue
            if c < 128:
                if _SPACE1[c]:
                    break
            else:
                if Py_UNICODE_ISSPACE(c):
                    break
                wide = True
                if bp_ascii and c != 0x212A:
                    other = True
            i += 1
        if other:
            continue
        if not wide and not _bp_pass(clf, i - a, d[a], d[a + 1] if i - a > 1 else 0, d[i - 1]):
            continue
        w = line[a:i].lower()  # (a word's own lower case is its span of the line's)
        if w in clf.boilerplate_words:
            if found is None:
                found = set()
            found.add(w.rstrip(",.:;)"))
            if len(found) >= 3:
                return True
    return False


cdef inline bint _word_ascii(Py_UCS4 c) noexcept:
    """An ASCII ``c`` is a word character (``\\w``); callers pass ASCII characters."""
    return c < 128 and _word1(<unsigned char>c)


def _first_runs(phrases, bint whole=False):
    """The lower-cased first runs of ASCII letters of ``phrases`` (``whole``: each phrase must be
    one run), or None when a phrase is not ASCII, opens with no letter or (``whole``) has more."""
    out = set()
    for p in phrases:
        p = p.lower()
        if not p or not p.isascii() or not p[0].isalpha():
            return None
        n = 0
        while n < len(p) and p[n].isalpha():
            n += 1
        if whole and n < len(p):
            return None
        out.add(p[:n])
    return frozenset(out)


cdef bint _has_run(str s, frozenset runs, bint first_only) except -1:
    """Whether a maximal run of ASCII letters of the ASCII ``s`` (only the one at its start when
    ``first_only``), lower-cased, is in ``runs``."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0, a
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(s)
    while i < n:
        while i < n and not _ascii_letter(d[i]):
            if first_only:
                return False
            i += 1
        a = i
        while i < n and _ascii_letter(d[i]):
            i += 1
        if i > a and s[a:i].lower() in runs:
            return True
        if first_only:
            return False
    return False


cdef inline bint _digit1(unsigned char c) noexcept:
    return 48 <= c <= 57


cdef inline bint _word1(unsigned char c) noexcept:
    """An ASCII ``c`` is a word character (``\\w``: a letter, digit or "_")."""
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95


cdef inline bint _date_split(unsigned char c) noexcept:
    """An ASCII ``c`` other than white space is in ``chrome._DATE_SPLIT``'s class ``[\\s,|/()-]``."""
    return c == 44 or c == 124 or c == 47 or c == 40 or c == 41 or c == 45


cdef inline Py_ssize_t _digit_run(const unsigned char* d, Py_ssize_t n, Py_ssize_t j) noexcept:
    """The length of the run of ASCII digits at ``d[j]`` (``d[:n]``)."""
    cdef Py_ssize_t e = j
    while e < n and _digit1(d[e]):
        e += 1
    return e - j


cdef inline Py_ssize_t _digits_exactly(const unsigned char* d, Py_ssize_t n, Py_ssize_t j, Py_ssize_t k) noexcept:
    """``j + k`` when exactly ``k`` digits start at ``d[j]`` (a run of ``k``, no more), else -1."""
    if j < 0 or _digit_run(d, n, j) != k:
        return -1
    return j + k


cdef inline Py_ssize_t _word_end(const unsigned char* d, Py_ssize_t n, Py_ssize_t j) noexcept:
    """``j`` when no word character follows there (``(?!\\w)``), else -1 (-1 stays -1)."""
    if j < 0 or (j < n and _word1(d[j])):
        return -1
    return j


cdef inline bint _date_sep(unsigned char c) noexcept:
    """``c`` in ``[/.-]``."""
    return c == 47 or c == 46 or c == 45


cdef inline Py_ssize_t _ascii_run(const unsigned char* d, Py_ssize_t n, Py_ssize_t* i) noexcept:
    """The next maximal run of ASCII letters of ``d[:n]`` from ``i[0]``: its start is returned and
    ``i[0]`` moved to its end (start == end == n when there is none)."""
    cdef Py_ssize_t j = i[0], a
    while j < n and not _ascii_letter(d[j]):
        j += 1
    a = j
    while j < n and _ascii_letter(d[j]):
        j += 1
    i[0] = j
    return a


cdef bint _has_month_run(str s, frozenset runs) except -1:
    """Whether a maximal run of ASCII letters of the ASCII ``s``, lower-cased, is in ``runs`` (month
    names) and is followed by ``[.]?[,]?\\s+\\d``: the written forms of ``abs_date_re``
    ("5 Mei, 2024", "Jan. 5, 2024") put a month name so, before white space and a number."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0, a, j
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(s)
    while i < n:
        a = _ascii_run(d, n, &i)
        if i == a:
            continue
        j = i
        if j < n and d[j] == 46:  # "."
            j += 1
        if j < n and d[j] == 44:  # ","
            j += 1
        if j == n or not _SPACE1[d[j]]:
            continue
        while j < n and _SPACE1[d[j]]:
            j += 1
        if j < n and 48 <= d[j] <= 57 and s[a:i].lower() in runs:
            return True
    return False


cdef inline bint _key_strip(Py_UCS4 c) noexcept:
    """``c`` in ``chrome.KEY_STRIP`` (an ASCII ``c``: the callers read ASCII lines)."""
    return c < 128 and _KS_ASCII[c]


cdef inline bint _ascii_space(unsigned char c) noexcept:
    """``chr(c).isspace()`` for an ASCII ``c``."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef inline bint _space(Py_UCS4 c) noexcept:
    """``c.isspace()`` (str.split's separators)."""
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    return Py_UNICODE_ISSPACE(c)


cdef inline bint _may_dateline(str t) noexcept:
    """False when ``strip_dateline(t, lex)`` surely finds none: no dash and no ": " in its first 96
    characters (its own first test)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), i
    cdef unsigned int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef Py_UCS4 c
    if n > 96:
        n = 96
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c == u"-" or c == u"–" or c == u"—":
            return True
        if c == u":" and i + 1 < n and PyUnicode_READ(kind, data, i + 1) == u" ":
            return True
    return False


cdef int _dateline_separator(str t) noexcept:
    """Which separators ``chrome._DATELINE_RE`` may find in ``t[:200]``: 0 none (it surely does not
    match), 1 a dash (after white space, or two dashes), 2 only a colon before white space."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), i
    cdef Py_UCS4 c, prev
    if n > 200:
        n = 200
    cdef int found = 0
    cdef unsigned int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    if n < 2:
        return 0
    prev = PyUnicode_READ(kind, data, 0)
    for i in range(1, n):
        c = PyUnicode_READ(kind, data, i)
        if c == u"-" or c == u"–" or c == u"—":
            if Py_UNICODE_ISSPACE(prev) or prev == u"-" or prev == u"–" or prev == u"—":
                return 1
        elif prev == u":" and Py_UNICODE_ISSPACE(c):
            found = 2
        prev = c
    return found


cdef inline bint _break_strip(Py_UCS4 c) noexcept:
    """``c`` in "0123456789 ()[]"."""
    return (48 <= c <= 57) or c == u" " or c == u"(" or c == u")" or c == u"[" or c == u"]"


cdef inline bint _first_word_strip(Py_UCS4 c) noexcept:
    """``c`` in ``chrome.FIRST_WORD_STRIP`` (an ASCII ``c``: the callers read ASCII lines)."""
    return c < 128 and _FWS_ASCII[c]


cdef inline bint _ci_at(const unsigned char* d, Py_ssize_t i, str phrase, Py_ssize_t n) noexcept:
    """``s.lower()[i:i + n] == phrase`` for ASCII data ``d`` (``phrase`` lower-case, ``n`` its length)."""
    cdef Py_ssize_t j
    cdef unsigned int kind = PyUnicode_KIND(phrase)
    cdef void* pd = PyUnicode_DATA(phrase)
    for j in range(n):
        if _LOWER1[d[i + j]] != PyUnicode_READ(kind, pd, j):
            return False
    return True


cdef bint _ci_contains(str s, Py_ssize_t ls, str needle) noexcept:
    """``needle in s.lower()`` for an ASCII ``s`` (a non-ASCII needle is never found): ``memchr``
    finds the places of the needle's first letter, in either case."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(needle), k
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(s)
    cdef const unsigned char* p
    cdef const unsigned char* end
    cdef Py_UCS4 c0
    cdef int ch
    if n == 0:
        return True
    if n > ls:
        return False
    c0 = PyUnicode_READ_CHAR(needle, 0)
    if c0 >= 128:
        return False
    for k in range(2):
        ch = <int>c0 if k == 0 else <int>c0 - 32
        if k == 1 and not (97 <= c0 <= 122):
            break
        p = d
        end = d + ls - n + 1
        while p < end:
            p = <const unsigned char*>memchr(p, ch, end - p)
            if p == NULL:
                break
            if _ci_at(d, p - d, needle, n):
                return True
            p += 1
    return False


cdef bint _lower_keeps_ascii(str s) noexcept:
    """Whether the ASCII characters of ``s.lower()`` are exactly those of ``s``, lower-cased, in the
    same runs: ``s`` holds neither "İ" (U+0130) nor the Kelvin sign (U+212A), the only characters
    past ASCII whose lower case holds an ASCII character (every other one lower-cases to one or
    more characters past ASCII). An ASCII phrase then starts or occurs in ``s.lower()`` exactly
    where it does, case aside, in ``s`` (:func:`_ci_startswith`, :func:`_wide_contains`)."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(s)
    cdef unsigned int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_UCS4 c
    if kind == 1:
        return True
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c == 0x130 or c == 0x212A:
            return False
    return True


cdef inline bint _wide_at(str s, Py_ssize_t i, str phrase, Py_ssize_t n) noexcept:
    """``s[i:i + n]``, ASCII letters lower-cased, equals the ASCII ``phrase`` (a character past
    ASCII equals none of its characters)."""
    cdef Py_ssize_t j
    cdef unsigned int kind = PyUnicode_KIND(s), pkind = PyUnicode_KIND(phrase)
    cdef void* data = PyUnicode_DATA(s)
    cdef void* pd = PyUnicode_DATA(phrase)
    cdef Py_UCS4 c
    for j in range(n):
        c = PyUnicode_READ(kind, data, i + j)
        if c >= 128 or _LOWER1[c] != PyUnicode_READ(pkind, pd, j):
            return False
    return True


cdef bint _wide_contains(str s, Py_ssize_t ls, str needle) noexcept:
    """``needle in s.lower()`` for an ASCII ``needle`` when ``_lower_keeps_ascii(s)``."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(needle), i
    if n == 0:
        return True
    for i in range(ls - n + 1):
        if _wide_at(s, i, needle, n):
            return True
    return False


cdef bint _ci_startswith(str s, Py_ssize_t ls, tuple phrases) noexcept:
    """``s.lower().startswith(phrases)`` for an ASCII ``s``, or for ASCII ``phrases`` and an ``s``
    with :func:`_lower_keeps_ascii` (a character past ASCII equals none of theirs)."""
    cdef str p
    cdef Py_ssize_t n
    for p in phrases:
        n = PyUnicode_GET_LENGTH(p)
        if n <= ls and _wide_at(s, 0, p, n):
            return True
    return False


cdef bint _ci_endswith(str s, Py_ssize_t ls, tuple phrases) noexcept:
    """``s.lower().endswith(phrases)`` for an ASCII ``s``."""
    cdef const unsigned char* d = PyUnicode_1BYTE_DATA(s)
    cdef str p
    cdef Py_ssize_t n
    for p in phrases:
        n = PyUnicode_GET_LENGTH(p)
        if n <= ls and _ci_at(d, ls - n, p, n):
            return True
    return False


@cython.final
cdef class _Splitter:
    """The per-line work of :func:`split_lines` and :func:`split_text`: a stripped non-empty line
    becomes a :class:`Line` with its verdict, or joins the hard-wrapped paragraph before it."""

    cdef list out
    cdef Classifier clf
    cdef dict cache
    cdef bint wide, p_open
    cdef Py_ssize_t p_last, p_parts, p_words
    cdef str p_part

    def __cinit__(self, Classifier clf, dict cache, bint wide):
        self.out = []
        self.clf = clf
        self.cache = cache
        self.wide = wide
        self.p_open = False
        self.p_last = -2
        self.p_parts = 0
        self.p_words = 0
        self.p_part = ""

    cdef int add(self, Py_ssize_t no, str s, Py_ssize_t spaces) except -1:
        """Line ``no``: ``s``, stripped and not empty (``spaces``: its count of " ", -1 unknown)."""
        cdef Py_ssize_t ls = PyUnicode_GET_LENGTH(s), words, sp, j_spaces
        cdef int rule
        cdef str p_part, joined
        cdef Py_UCS4 last, c
        cdef Line ln, prev
        cdef object v
        cdef Classifier clf = self.clf
        cdef dict cache
        if self.wide and ("  " in s or "\t" in s or "\xa0" in s):
            s = " ".join(s.split())
            ls = PyUnicode_GET_LENGTH(s)
            spaces = -1
        if spaces < 0:
            spaces = _count_spaces(s)
        words = spaces + 1
        last = PyUnicode_READ_CHAR(s, ls - 1)
        if (
            self.p_open
            and self.p_last == no - 1
            and Py_UNICODE_ISLOWER(PyUnicode_READ_CHAR(s, 0))
            and (words >= 4 or _sent_end(last))
        ):
            p_part = self.p_part
            sp = p_part.rfind(" ") + 1
            c = PyUnicode_READ_CHAR(p_part, PyUnicode_GET_LENGTH(p_part) - 1)
            if (
                Py_UNICODE_ISLOWER(PyUnicode_READ_CHAR(p_part, sp))
                and c != u":"
                and c != u";"
                and self.p_parts < 200
            ):
                prev = self.out[-1]
                joined = prev.text + " " + s
                j_spaces = spaces + _count_spaces(prev.text) + 1
                prev._set(prev.no, joined, j_spaces + 1, last)
                prev.last_no = no
                if clf is not None:
                    prev.verdict = clf._verdict(joined, clf._may_match(joined, False, j_spaces))
                self.p_last = no
                self.p_part = s
                self.p_parts += 1
                self.p_words += words
                self.p_open = self.p_words >= 8 and not _sent_end(last)
                return 0
        ln = Line.__new__(Line)
        ln._set(no, s, words, last)
        if clf is not None:
            # the C pre-check first: a line it rules out (most) has no verdict and never meets the
            # memo, which then holds only the lines ``classify_line`` may judge (a small dict, so
            # long ones too: copyright footers repeat across a site's pages)
            rule = clf._may_match(s, False, spaces)
            if rule != 0:
                cache = self.cache
                if cache is not None:
                    v = cache.get(s, _MISS)
                    if v is _MISS:
                        v = cache[s] = clf._verdict(s, rule)
                else:
                    v = clf._verdict(s, rule)
                if v is not None:
                    ln.verdict = v
        self.out.append(ln)
        self.p_open = words >= 8 and not _sent_end(last)
        if self.p_open:
            self.p_last = no
            self.p_part = s
            self.p_parts = 1
            self.p_words = words
        return 0


def split_lines(
    list raw, art, Classifier clf, dict cache, bint wide, bint huge, Py_ssize_t max_paragraph
):
    """The non-empty lines of ``raw`` (a text's lines) as :class:`Line`, hard-wrapped paragraphs joined.

    See ``_lines_py.split_lines``.
    """
    cdef Py_ssize_t no, nraw = len(raw)
    cdef str line, s
    cdef _Splitter sp = _Splitter(clf, cache, wide)
    for no in range(nraw):
        line = raw[no]
        if huge and PyUnicode_GET_LENGTH(line) > max_paragraph:
            art.removed.append(
                Removed(text=line[:80] + "…", reason=f"line cut to {max_paragraph} characters", line=no)
            )
            line = line[:max_paragraph]
        s = line.strip()
        if PyUnicode_GET_LENGTH(s) == 0:
            continue
        sp.add(no, s, -1)
    return sp.out


cdef inline bint _line_break(Py_UCS4 c) noexcept nogil:
    """``c`` ends a line for ``str.splitlines`` (\\n \\r \\v \\f \\x1c \\x1d \\x1e \\x85 U+2028 U+2029)."""
    return (10 <= c <= 13) or (28 <= c <= 30) or c == 0x85 or c == 0x2028 or c == 0x2029


cdef inline Py_ssize_t _line_end(const _cu* d, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """Where the line starting at ``i`` ends: its break, or ``n`` (runs of ASCII from 0x1F up,
    which hold no break, stepped over several code units at a time)."""
    while True:
        i = _plain_end(d, i, n, 0x1F)
        if i >= n or _line_break(d[i]):
            return i
        i += 1


def split_text(
    str text, art, Classifier clf, dict cache, bint wide, Py_ssize_t max_paragraph, Py_ssize_t max_lines
):
    """``split_lines(text.splitlines()[:max_lines], ...)`` and ``len(text.splitlines())``, from one
    pass over ``text`` that finds the line breaks: no list of its lines, no string for an empty or
    white-space line (see ``_lines_py.split_text``)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, e, a, b, no = 0
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef _Splitter sp = _Splitter(clf, cache, wide)
    while i < n:
        if kind == 1:
            e = _line_end(<const unsigned char*>data, i, n)
        elif kind == 2:
            e = _line_end(<const unsigned short*>data, i, n)
        else:
            e = _line_end(<const unsigned int*>data, i, n)
        if no < max_lines:
            a = i
            b = e
            if b - a > max_paragraph:
                art.removed.append(
                    Removed(text=text[a : (a + 80 if a + 80 < b else b)] + "…", reason=f"line cut to {max_paragraph} characters", line=no)
                )
                b = a + max_paragraph
            # strip (str.strip: Unicode white space)
            while a < b and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)):
                a += 1
            while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
                b -= 1
            if b > a:
                sp.add(no, text[a:b], -1)
        no += 1
        if e >= n:
            break
        i = e + 1
        if PyUnicode_READ(kind, data, e) == 13 and i < n and PyUnicode_READ(kind, data, i) == 10:
            i += 1  # "\r\n" is one break
    return sp.out, no


cdef inline bint _list_item(str t) noexcept:
    """``_LIST_ITEM.match(t)``: ``(?:[-•*·–—]|\\d{1,2}[.)])\\s`` at the start."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t)
    cdef Py_UCS4 c
    if n < 2:
        return False
    c = PyUnicode_READ_CHAR(t, 0)
    if c == u"-" or c == u"•" or c == u"*" or c == u"·" or c == u"–" or c == u"—":
        return Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, 1))
    if not Py_UNICODE_ISDECIMAL(c) or n < 3:
        return False
    c = PyUnicode_READ_CHAR(t, 1)
    if c == u"." or c == u")":
        return Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, 2))
    if Py_UNICODE_ISDECIMAL(c) and n >= 4:
        c = PyUnicode_READ_CHAR(t, 2)
        if c == u"." or c == u")":
            return Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(t, 3))
    return False


cdef inline bint _has_digit(str t) noexcept:
    """A decimal digit in ``t`` (ASCII ones tested inline: CPython's test is a call a character)."""
    cdef Py_ssize_t i
    cdef unsigned int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef Py_UCS4 c
    for i in range(PyUnicode_GET_LENGTH(t)):
        c = PyUnicode_READ(kind, data, i)
        if c < 128:
            if 48 <= c <= 57:
                return True
        elif Py_UNICODE_ISDECIMAL(c):
            return True
    return False


def score_lines(list lines, Classifier clf):
    """Step 3a of text mode: a score per line; positive for story-like lines (see ``_lines_py``)."""
    cdef Py_ssize_t i, n = len(lines), w, ls, datelines = 0, last_title = -10, header_until = -1
    lex = clf.lex
    cdef Line ln
    cdef object v, kind, dl
    cdef str text, head
    cdef bint ends
    cdef double score
    cdef Py_UCS4 lastc
    for i in range(n):
        ln = lines[i]
        v = ln.verdict
        if ln.kind is not None or v is not None:
            kind = ln.kind or v.kind
            # an advertisement slot interleaves the story (see _lines_py): dropped, but no story break
            ln.score = -4.0 if kind is _K_CHROME and not _is_ad_slot(v) else -0.5
            if v is not None and (
                v.reason in _BREAKS or v.reason == "related marker" and is_section_break(ln.text, lex)
            ):
                ln.score = -8.0  # comment sections and "more stories" blocks end the story
            if kind is _K_DATELINE and datelines < 2:  # "Jakarta -" on a line of its own opens the story
                datelines += 1
                ln.dateline = v.value
                ln.score = 8.0
            elif (kind is _K_BYLINE or kind is _K_DATE) and i - last_title <= 4:
                header_until = i + 12
            continue
        w = ln.words
        text = ln.text
        ls = PyUnicode_GET_LENGTH(text)
        ends = ln.ends
        lastc = PyUnicode_READ_CHAR(text, ls - 1)
        if (w >= 8 and (ends or lastc == u":")) or w >= 30 or (w >= 5 and ends and ". " in text):
            if (text.endswith("...") or lastc == u"…") and not (
                ls >= 4 and PyUnicode_READ_CHAR(text, ls - 4) == u" "
            ):
                ln.body_like = False
                ln.reason = "teaser"  # a teaser cut short ("… the new range are availab...")
                ln.score = -1.0
                continue
            if clf._boilerplate(text):
                ln.body_like = False
                ln.reason = "site boilerplate"
                ln.score = -3.0
                continue
            ln.body_like = True
            score = 2.0 + min(ls, 600) / 60.0
            if datelines < 2 and w >= 6 and not clf._no_dateline(text):
                dl = strip_dateline(text, lex)
                if dl[0] is not None:
                    datelines += 1
                    ln.dateline = dl
                    score += 8.0
            if i <= header_until:
                score += 10.0
                header_until = -1
            ln.score = score
            continue
        ln.body_like = False
        if ends and w >= 3:
            ln.score = 0.5
        elif w >= 3 and _list_item(text):
            ln.score = 0.0  # "1) Item", "- item": neutral, kept when inside the story
        elif ls < 40 and _has_digit(text):
            # table cells with figures ("63", "85%") cost little
            ln.score = -0.3
        else:
            # link-like short lines cost
            ln.score = -1.5 if w < 4 else -1.0
            # headline-shaped (text.py's _title_like, inlined: this runs for most lines of a page)
            if 3 <= w <= 35 and ls <= 300 and lastc != u"." and lastc != u":" and _capital_head(text):
                last_title = i


def letter_runs(str text, Py_ssize_t min_len):
    """``re.findall(r"[^\\W\\d_]{min_len,}", text)``: the runs of letters (word characters but
    digits and "_") at least ``min_len`` long, in order."""
    cdef list out = []
    _letter_runs(text, min_len, out, None)
    return out



cdef inline Py_ssize_t _wide_run(
    unsigned int kind, const void* data, Py_ssize_t n, Py_ssize_t* i, bint* run_ascii
) noexcept:
    """The next run of letters at or after ``i[0]`` in a text of any width: its start is returned,
    ``i[0]`` is left at its end, ``run_ascii[0]`` says whether every letter in it is ASCII."""
    cdef Py_ssize_t j = i[0], a
    cdef Py_UCS4 c
    cdef bint only_ascii = True
    while j < n and not _letter(PyUnicode_READ(kind, data, j)):
        j += 1
    a = j
    while j < n:
        c = PyUnicode_READ(kind, data, j)
        if not _letter(c):
            break
        if c >= 128:
            only_ascii = False
        j += 1
    i[0] = j
    run_ascii[0] = only_ascii
    return a

cdef void _letter_runs(
    str text, Py_ssize_t min_len, list into, set into_set, const unsigned long long* bloom=NULL
) except *:
    """The runs of :func:`letter_runs`, appended to ``into`` or (when it is None) added to ``into_set``;
    with ``bloom``, only those that may be (lower-cased) in it (a run holding a letter past ASCII: all)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, a
    cdef const unsigned char* d1
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef bint ascii = PyUnicode_IS_ASCII(text), run_ascii = True
    cdef Py_UCS4 c
    if min_len < 1:
        min_len = 1
    if ascii:
        d1 = <const unsigned char*>data
    while i < n:
        if ascii:
            a = _ascii_run(d1, n, &i)
        else:
            a = _wide_run(kind, data, n, &i, &run_ascii)  # an ASCII run in a wider text meets the filter too
        if i - a >= min_len:
            if bloom != NULL and run_ascii and not _bloom_in(bloom, _fnv_lower(text, a, i)):
                continue
            if into is not None:
                into.append(text[a:i])
            else:
                into_set.add(text[a:i])


cdef inline bint _ascii_letter(unsigned char c) noexcept:
    return (97 <= c <= 122) or (65 <= c <= 90)


cdef inline bint _letter(Py_UCS4 c) noexcept:
    """``[^\\W\\d_]`` in a str pattern: alphanumeric (sre's word class but "_") and not a decimal digit."""
    if c < 128:
        return (97 <= c <= 122) or (65 <= c <= 90)
    return Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c)


def removed_lines(
    list lines, Py_ssize_t a, Py_ssize_t b, list removed, kept, on_verdict, plain=frozenset()
):
    """Text mode's last pass, in line order (see ``_lines_py.removed_lines``)."""
    cdef Py_ssize_t k, n = len(lines)
    cdef Line ln
    cdef object lk, v
    cdef str reason
    cdef bint some_plain = len(plain) > 0
    for k in range(n):
        ln = lines[k]
        lk = ln.kind
        v = ln.verdict
        if v is None:
            if lk is None:
                reason = ln.reason
                if not reason:
                    reason = "outside main text" if k < a or k > b else "short fragment"
                removed.append(Removed(ln.text, reason, ln.no))
            continue
        if lk is not None and lk in kept:
            continue
        # (a Verdict is a named tuple: kind, reason, value)
        if some_plain and isinstance(v, tuple) and (<tuple>v)[2] is None and (<tuple>v)[0] in plain:
            removed.append(Removed(ln.text, (<tuple>v)[1], ln.no))
            continue
        on_verdict(k, ln)


def neighbour_starts(list lines):
    """Indices of the lines that may start a decision on their neighbours (text mode's step 2): a
    line classified as a credit, caption, related link or tag, or as a byline marker, and an
    unclassified one the next line repeats with more text (a caption printed twice). (Other
    classified lines start none: ``text._pair_neighbours`` passes them by.)"""
    cdef Py_ssize_t k, n = len(lines)
    cdef Line ln, nxt
    cdef list out = []
    cdef object v, kind
    for k in range(n):
        ln = lines[k]
        v = ln.verdict
        if v is not None:
            kind = v.kind
            if (
                kind is _K_CREDIT
                or kind is _K_CAPTION
                or kind is _K_RELATED
                or kind is _K_TAG
                or v.reason == "byline marker"
            ):
                out.append(k)
        elif k + 1 < n:
            nxt = lines[k + 1]
            if nxt.text.startswith(ln.text):
                out.append(k)
    return out


def mark_tables(list lines, Py_ssize_t min_lines):
    """Text mode's step 3a': runs of ``min_lines``+ short unclassified lines, 40 % of them holding
    a digit, are tables: their cells score 0.2 with the reason "table"."""
    cdef Py_ssize_t i, n = len(lines), start = 0, run = 0
    cdef Line ln
    for i in range(n):
        ln = lines[i]
        if ln.kind is None and ln.verdict is None and not ln.body_like and ln.words <= 8:
            if not run:
                start = i
            run += 1
            continue
        if run >= min_lines:
            _table_run(lines, start, i)
        run = 0
    if run >= min_lines:
        _table_run(lines, start, n)


cdef void _table_run(list lines, Py_ssize_t i, Py_ssize_t j):
    cdef Py_ssize_t k, digits = 0
    cdef Line ln
    for k in range(i, j):
        ln = lines[k]
        if _has_digit(ln.text):
            digits += 1
    if digits >= 0.4 * (j - i):
        for k in range(i, j):
            ln = lines[k]
            ln.score = 0.2
            ln.reason = "table"


def best_region(list lines, double share):
    """The story's run of lines (text mode's step 3b): Kadane's positive runs of the lines'
    scores, the first scoring ``share`` of the best one; None when no line scores above zero."""
    cdef Py_ssize_t i, n = len(lines), start = 0, best_a = -1, best_b = -1
    cdef double cur = 0.0, best = 0.0, top = 0.0
    cdef bint have = False
    cdef list runs = []
    cdef Line ln
    for i in range(n):
        ln = lines[i]
        if cur <= 0:
            if have:
                runs.append((best, best_a, best_b))
                if best > top:
                    top = best
                have = False
            cur = 0.0
            start = i
        cur += ln.score
        if cur > 0 and (not have or cur > best):
            best = cur
            best_a = start
            best_b = i
            have = True
    if have:
        runs.append((best, best_a, best_b))
        if best > top:
            top = best
    if not runs:
        return None
    for run in runs:
        if run[0] >= share * top:
            return run[1], run[2]
    return None



def select_body(list lines, Py_ssize_t a, Py_ssize_t b, list z, double keep, bint headings):
    """Text mode's story lines in the region ``a..b``: ``(body_idx, heading_positions, a)`` (see
    ``_lines_py.select_body``)."""
    cdef list body_idx = [], heads = []
    cdef Py_ssize_t k, j, nb = 0, last = -1, hi
    cdef Line ln, nxt
    cdef bint model = bool(z)
    for k in range(a, b + 1):
        ln = lines[k]
        if ln.kind is not None or ln.verdict is not None:
            continue
        if model and z[k] <= keep:  # the line model: not story text
            if not ln.reason:
                ln.reason = "not body (line model)"
            continue
        if (
            ln.body_like
            or (ln.ends and ln.words >= 3)
            or (ln.words >= 3 and _list_item(ln.text))
            or ln.reason == "table"
        ):
            ln.kind = _K_BODY
            body_idx.append(k)
            nb += 1
            last = k
        elif headings and 2 <= ln.words <= 15 and nb and (<Line?>lines[last]).body_like and last >= k - 2:
            hi = min(b + 1, k + 4)
            for j in range(k + 1, hi):
                nxt = lines[j]
                if nxt.verdict is None:
                    if nxt.body_like:
                        ln.kind = _K_HEADING
                        heads.append(nb)
                        body_idx.append(k)
                        nb += 1
                        last = k
                    break
        if model and ln.kind is None and nb:  # kept by the line model though not sentence-shaped
            ln.kind = _K_BODY
            body_idx.append(k)
            nb += 1
            last = k
    if model and nb and body_idx[0] > a:
        a = body_idx[0]
    return body_idx, heads, a


def free_above(list lines, Py_ssize_t a, Py_ssize_t window):
    """Indices of the unclassified lines among the ``window`` lines above line ``a``, nearest first."""
    cdef list out = []
    cdef Py_ssize_t k, stop = a - 1 - window
    cdef Line ln
    if stop < -1:
        stop = -1
    k = a - 1
    while k > stop:
        ln = lines[k]
        if ln.kind is None and ln.verdict is None:
            out.append(k)
        k -= 1
    return out


cdef bint _title_like(Line ln) except -1:
    cdef str t = ln.text
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t)
    cdef Py_UCS4 c
    if not (3 <= ln.words <= 35 and n <= 300):
        return False
    c = PyUnicode_READ_CHAR(t, n - 1)
    if c == u"." or c == u":":
        return False
    return _capital_head(t)


cdef bint _capital_head(str t) except -1:
    """``head != head.lower() or head == head.upper()`` for ``head = t[:3]``: a capital in the first
    three characters, or no lower-case letter there (caseless scripts, "10 Ways …")."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), i
    cdef Py_UCS4 c
    cdef bint upper = False, lower = False
    cdef str head
    if n > 3:
        n = 3
    for i in range(n):
        c = PyUnicode_READ_CHAR(t, i)
        if c >= 128:  # past ASCII: CPython's case mappings decide
            head = t[:3]
            return head != head.lower() or head == head.upper()
        if 65 <= c <= 90:
            upper = True
        elif 97 <= c <= 122:
            lower = True
    # head != head.lower(): an upper-case letter; head == head.upper(): no lower-case one
    return upper or not lower


def title_like(Line ln) -> bool:
    """Headline-shaped (see ``_lines_py.title_like``)."""
    return _title_like(ln)


cdef bint _lowers_per_char(str s, Py_ssize_t n) except -1:
    """``s[:n].lower()`` is the lower case of each character in place, and each keeps its being a
    letter or not (:func:`_letter`), so the runs of letters of the lower-cased text are the
    lower-cased runs of ``s[:n]``: true unless ``s[:n]`` holds U+0130 (whose lower case is two
    characters, the second no letter) or U+03A3 (Σ, whose lower case depends on its neighbours).
    Every other code point qualifies (``tests/test_lines_kernel.py`` checks them all)."""
    cdef unsigned int kind = PyUnicode_KIND(s)
    if kind == 1:
        return True
    if kind == 2:
        return not _has_unit(<const unsigned short*>PyUnicode_DATA(s), n, 0x130, 0x3A3)
    return not _has_unit(<const unsigned int*>PyUnicode_DATA(s), n, 0x130, 0x3A3)


cdef inline bint _has_unit(const _cu* d, Py_ssize_t n, unsigned int x, unsigned int y) noexcept nogil:
    """Code unit ``x`` or ``y`` in ``d[:n]``: one loop without an early exit (the C compiler
    vectorises it)."""
    cdef Py_ssize_t i
    cdef unsigned int o = 0
    for i in range(n):
        o |= (d[i] == x) | (d[i] == y)
    return o != 0


cdef set _content_words(str text, set out=None):
    """``set(letter_runs(text[:2000].lower(), 4))`` (added to ``out`` when given).

    Each run is lower-cased as it is copied (no lower-cased copy of the whole text first): an ASCII
    run byte by byte, a run holding a letter past ASCII with ``str.lower`` (the same strings, see
    :func:`_lowers_per_char`; a text for which that does not hold is lower-cased whole)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, a, j
    cdef const unsigned char* d
    cdef unsigned char* w
    cdef str run
    cdef unsigned int kind
    cdef void* data
    cdef Py_UCS4 c
    cdef bint run_ascii
    if out is None:
        out = set()
    if n > 2000:
        n = 2000
    if not PyUnicode_IS_ASCII(text):
        if not _lowers_per_char(text, n):
            _letter_runs((text[:2000] if PyUnicode_GET_LENGTH(text) > 2000 else text).lower(), 4, None, out)
            return out
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        while i < n:
            a = _wide_run(kind, data, n, &i, &run_ascii)
            if i - a >= 4:
                if run_ascii:
                    run = PyUnicode_New(i - a, 127)
                    w = PyUnicode_1BYTE_DATA(run)
                    for j in range(i - a):
                        w[j] = _LOWER1[PyUnicode_READ(kind, data, a + j)]
                    out.add(run)
                else:
                    out.add(text[a:i].lower())
        return out
    d = PyUnicode_1BYTE_DATA(text)
    while i < n:
        a = _ascii_run(d, n, &i)
        if i - a >= 4:
            run = PyUnicode_New(i - a, 127)
            w = PyUnicode_1BYTE_DATA(run)
            for j in range(i - a):
                w[j] = _LOWER1[d[a + j]]
            out.add(run)
    return out


def content_words(str text) -> set:
    """Lower-case words of 4+ letters in the first 2,000 characters."""
    return _content_words(text)


def story_words(list lines, list body_idx) -> set:
    """Content words of the first four story paragraphs (see ``_lines_py.story_words``)."""
    cdef set story = set()
    cdef Py_ssize_t i, n = min(len(body_idx), 4)
    for i in range(n):
        _content_words((<Line?>lines[body_idx[i]]).text, story)
    return story


cdef bint _has_header_meta(list lines, Py_ssize_t k, Py_ssize_t reach) except -1:
    cdef Py_ssize_t j, hi = min(len(lines), k + 1 + reach)
    cdef Line ln
    cdef object kind, v
    for j in range(k + 1, hi):
        ln = lines[j]
        kind = ln.kind
        if kind is None:
            v = ln.verdict
            if v is not None:
                kind = v.kind
        if kind is _K_BYLINE or kind is _K_DATE:
            return True
        if ln.body_like or kind is _K_TITLE:
            return False
    return False


def has_header_meta(list lines, Py_ssize_t k, Py_ssize_t reach) -> bool:
    """True when a byline or date line follows line ``k`` within ``reach`` lines."""
    return _has_header_meta(lines, k, reach)


cdef bint _caption_shaped(str text, lex) except -1:
    cdef Py_ssize_t cut
    if "©" in text:
        return True
    cut = text.rfind(". ")
    return cut > 20 and parse_credit(text[cut + 2 :], lex) is not None


def caption_shaped(str text, lex) -> bool:
    """A photo caption that ends in its credit ("… umbenannt. Getty Images", "… Bild © X")."""
    return _caption_shaped(text, lex)


def pick_title(
    list lines, list ups, set story, lex, double prior, Py_ssize_t reach, double bonus
):
    """The headline among the lines ``ups`` above the body (see ``_lines_py.pick_title``)."""
    cdef Py_ssize_t nups = len(ups), dist, k, best = -1, m = 0, i, up, best_i = -1
    cdef double score, overlap, best_score = 0.0, best_overlap
    cdef Line ln, upper
    cdef set words
    cdef bint have_story = bool(story)
    cdef list cand_k = [], cand_words = [], cand_score = [], cand_overlap = []
    cdef object best_words
    for dist in range(nups):
        k = ups[dist]
        ln = lines[k]
        if not _title_like(ln):
            continue
        words = _content_words(ln.text)
        if words and have_story:
            overlap = len(words & story) / (len(words) + prior)
        else:
            overlap = 0.0
        score = 2.0 * overlap + (0.3 if 4 <= ln.words <= 25 else 0.0) + 0.3 / (1 + dist)
        if _has_header_meta(lines, k, reach):
            score += bonus
        if _caption_shaped(ln.text, lex):
            score -= 1.0
        cand_k.append(k)
        cand_words.append(frozenset(words))
        cand_score.append(score)
        cand_overlap.append(overlap)
        if score > best_score:
            best, best_score, best_i = k, score, m
        m += 1
    if best < 0:
        return None
    best_words = cand_words[best_i]
    best_overlap = cand_overlap[best_i]
    for i in range(m):  # of two printings of the headline, the fuller one
        k = cand_k[i]
        if k != best and cand_words[i] == best_words and PyUnicode_GET_LENGTH(
            (<Line?>lines[k]).text
        ) > PyUnicode_GET_LENGTH((<Line?>lines[best]).text):
            best = k
    up = best - 1
    for i in range(m):  # a shorter headline right above the winner, about the story as much
        if cand_k[i] == up:
            upper = lines[up]
            if (
                upper.words >= 5
                and upper.words < (<Line?>lines[best]).words
                and <double>cand_overlap[i] >= 0.5 * best_overlap
                and <double>cand_score[i] > 0.5 * best_score
            ):
                best = up
            break
    return best



cdef void _hint_scan(
    const _cu* d, Py_ssize_t n, str sample, Classifier clf, double* cnt, dict weights, bint fold
) except *:
    """:func:`guess_lang`'s walk over the runs of letters of ``sample`` (code units ``d[:n]``): the
    weights of the hint words among them added to ``cnt`` (per language index), in order. A run of
    ASCII letters is hashed as it is read (``_fnv_lower``'s hash) and looked up in C. With ``fold``,
    ``sample`` is not lower-cased yet: each run is (see :func:`_lowers_per_char`)."""
    cdef Py_ssize_t i = 0, a, p
    cdef unsigned long long h
    cdef unsigned int c
    cdef bint run_ascii
    cdef int e
    cdef object hit
    while i < n:
        c = d[i]
        if c < 128:
            if not ((97 <= c <= 122) or (65 <= c <= 90)):
                i += 1
                continue
        elif not _letter(c):
            i += 1
            continue
        a = i
        run_ascii = True
        h = 14695981039346656037ULL
        while i < n:
            c = d[i]
            if c < 128:
                if not ((97 <= c <= 122) or (65 <= c <= 90)):
                    break
                h = (h ^ <unsigned long long>_LOWER1[c]) * 1099511628211ULL
            elif _letter(c):
                run_ascii = False
            else:
                break
            i += 1
        if run_ascii:
            if not _bloom_in(clf.bloom_hint, h):
                continue
            e = clf._hint_entry(sample, a, i, h, fold)
            if e >= 0:
                for p in range(clf.hint_start[e], clf.hint_start[e + 1]):
                    cnt[clf.hint_code[p]] += clf.hint_w[p]
        else:
            hit = weights.get(sample[a:i].lower() if fold else sample[a:i])
            if hit:
                for code, w in hit:
                    cnt[<Py_ssize_t>clf.hint_code_idx[code]] += <double>w


def guess_lang(str sample, Classifier clf, min_hits=5, bint lower=False):
    """``chrome.guess_lang(letter_runs(sample, 1), clf.lex)``: the language whose frequent words
    cover most runs of letters of ``sample`` (lower-case text; with ``lower``, ``sample.lower()``
    is meant, and each run is lower-cased instead of the whole text), or None if unclear (the
    ranking: ``chrome.pick_lang``). A run of ASCII letters is looked up in C (a filter of the hint
    words' hashes, then the classifier's hash table of them): no string is made for it; a run
    holding a letter past ASCII is looked up in ``lex.hint_weights``. Each language's weights are
    added in the runs' order, as ``chrome.guess_lang`` adds them, so the sums are the same floats."""
    lex = clf.lex
    cdef dict weights = lex.hint_weights
    cdef tuple codes = clf.hint_codes
    cdef Py_ssize_t nc = len(codes), n = PyUnicode_GET_LENGTH(sample), p
    cdef double cnt[64]
    cdef unsigned int kind = PyUnicode_KIND(sample)
    cdef void* data = PyUnicode_DATA(sample)
    cdef object hit
    if len(lex.hint_words) < 2:
        return None
    if lower and not _lowers_per_char(sample, n):
        sample = sample.lower()
        lower = False
        n = PyUnicode_GET_LENGTH(sample)
        kind = PyUnicode_KIND(sample)
        data = PyUnicode_DATA(sample)
    if nc > 64:
        if lower:
            sample = sample.lower()  # (never with this project's languages) the lookups as chrome.guess_lang makes them
        counts = dict.fromkeys(lex.hint_words, 0.0)
        for tok in letter_runs(sample, 1):
            hit = weights.get(tok)
            if hit:
                for code, w in hit:
                    counts[code] += w
        return pick_lang(counts, min_hits)
    for p in range(nc):
        cnt[p] = 0.0
    if kind == 1:
        _hint_scan(<const unsigned char*>data, n, sample, clf, cnt, weights, lower)
    elif kind == 2:
        _hint_scan(<const unsigned short*>data, n, sample, clf, cnt, weights, lower)
    else:
        _hint_scan(<const unsigned int*>data, n, sample, clf, cnt, weights, lower)
    counts = {}
    for p in range(nc):
        counts[codes[p]] = cnt[p]
    return pick_lang(counts, min_hits)


def paragraphs(list lines, list body_idx, str first, list removed):
    """The body's paragraphs: the text of each line of ``body_idx`` (``first``, when given, for the
    first: its text after the dateline), a trailing "(fyk/ash)" of editor initials cut off and
    appended to ``removed`` (see ``_lines_py.paragraphs``)."""
    cdef list out = []
    cdef Py_ssize_t pos, n = len(body_idx), lp, cut
    cdef Line ln
    cdef str para
    cdef Py_UCS4 c
    for pos in range(n):
        ln = lines[body_idx[pos]]
        para = first if pos == 0 and first is not None else ln.text
        lp = PyUnicode_GET_LENGTH(para)
        if lp:
            c = PyUnicode_READ_CHAR(para, lp - 1)
            if c == u")" or c == u"]":
                m = TRAILING_INITIALS.search(para[-40:])
                if m and lp > len(m.group(0)) + 20:
                    cut = lp - 40 + m.start() if lp > 40 else m.start()
                    removed.append(Removed(text=para[cut:].strip(), reason="editor initials", line=ln.no))
                    para = para[:cut].rstrip()
        out.append(para)
    return out


__all__ = [
    "MEMO_CHARS",
    "SENT_END",
    "Classifier",
    "Line",
    "best_region",
    "caption_shaped",
    "content_words",
    "free_above",
    "guess_lang",
    "has_header_meta",
    "letter_runs",
    "mark_tables",
    "neighbour_starts",
    "paragraphs",
    "pick_title",
    "removed_lines",
    "score_lines",
    "select_body",
    "odd_spacing",
    "split_lines",
    "split_text",
    "story_words",
    "title_like",
]
