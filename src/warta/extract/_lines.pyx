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
- :func:`split_lines` and :func:`score_lines` are the twin's loops with C locals and typed
  :class:`Line` fields.

>>> from warta.extract.chrome import Lexicon
>>> Classifier(Lexicon.for_lang("id")).verdict("Baca juga: Judul lain").reason
'related link'
"""

from cpython.unicode cimport (
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISLOWER,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISTITLE,
    Py_UNICODE_ISUPPER,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ_CHAR,
)

import re

from warta.article import Removed
from warta.extract.chrome import (
    MAX_LINE,
    TRAILING_INITIALS,
    _NAME_OUTLET,
    LineKind,
    boilerplate_hits,
    classify_line,
    is_section_break,
    strip_dateline,
)

SENT_END = frozenset(".!?\"”’'…。！？」』")
"""A line ending in one of these ends a sentence."""
MEMO_CHARS = 80
"""Lines up to this long have their verdict memoised (menus, labels and credits repeat across pages)."""
_BREAKS = frozenset({"section break", "comment header"})
_K_CHROME = LineKind.CHROME
_K_DATELINE = LineKind.DATELINE
_K_BYLINE = LineKind.BYLINE
_K_DATE = LineKind.DATE
_WS = re.compile(r"\s+")
_KEY_STRIP = " :.!»›>|-–—•·"
_FIRST_WORD_STRIP = ":：|-–—»›>.,"
_MISS = object()
cdef Py_ssize_t _MAX_LINE = MAX_LINE


cdef inline bint _sent_end(Py_UCS4 c):
    return (
        c == u"." or c == u"!" or c == u"?" or c == u'"' or c == u"”" or c == u"’" or c == u"'"
        or c == u"…" or c == u"。" or c == u"！" or c == u"？" or c == u"」" or c == u"』"
    )


cdef inline bint _dash(Py_UCS4 c):
    return c == u"-" or c == u"–" or c == u"—"


cdef class Line:
    """One non-empty line: number(s), text, shape and what the steps decided about it."""

    cdef public Py_ssize_t no, last_no, words
    cdef public str text, reason
    cdef public bint ends, body_like
    cdef public object verdict, kind, dateline
    cdef public double score

    def __init__(self, Py_ssize_t no, str text, Py_ssize_t words, str last):
        self._set(no, text, words, PyUnicode_READ_CHAR(last, 0))

    cdef void _set(self, Py_ssize_t no, str text, Py_ssize_t words, Py_UCS4 last):
        cdef str bare
        self.no = no
        self.last_no = no
        self.text = text
        if PyUnicode_GET_LENGTH(text) > 15 * words:  # scripts without spaces (CJK, Thai): count characters
            words = PyUnicode_GET_LENGTH(text) // 3
        self.words = words
        if last == u")":  # "… kata dia. (fyk/ash)": the sentence ends before the parenthesis
            bare = TRAILING_INITIALS.sub("", text[-60:])
            if bare:
                last = PyUnicode_READ_CHAR(bare, PyUnicode_GET_LENGTH(bare) - 1)
        self.ends = _sent_end(last)
        self.verdict = None
        self.kind = None
        self.reason = ""
        self.score = 0.0
        self.body_like = False
        self.dateline = None


cdef class Classifier:
    """:func:`~warta.extract.chrome.classify_line` bound to one lexicon, with a C pre-check.

    :meth:`verdict` returns ``classify_line(s, lex)``; it calls it only when :meth:`may_match`.
    """

    cdef readonly object lex
    cdef dict whole_line, prefix_by_first, agencies
    cdef object lines, credit_words, credit_word_re, copyright_re, section_breaks
    cdef object ago_tail_re, credit_start_re, abs_date_re
    cdef Py_ssize_t ago_tail
    cdef tuple credit_labels
    cdef tuple comment_cues, copyright_starts, copyright_needles
    cdef str cue_last, copy_first

    def __init__(self, lex):
        self.lex = lex
        self.whole_line = lex.whole_line
        self.prefix_by_first = lex.prefix_by_first
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
            max(p.split(" "), key=len) for p in self.copyright_starts if p.count(" ") >= 2
        )
        # a line ends with a cue only if it ends with the cue's last character (None: always look;
        # an empty phrase matches every line)
        self.cue_last = (
            None if "" in self.comment_cues else "".join(sorted({c[-1] for c in self.comment_cues}))
        )
        self.copy_first = (
            None if "" in self.copyright_starts else "".join(sorted({c[0] for c in self.copyright_starts}))
        )

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

    def verdict(self, str s):
        """``classify_line(s, lex)``."""
        if not self._may_match(s):
            return None
        return classify_line(s, self.lex)

    def may_match(self, str s) -> int:
        """0 when no rule of ``classify_line`` can match ``s`` (its verdict is then None), else the
        number of the first pre-check that let it through (which rule may match)."""
        return self._may_match(s)

    cdef int _may_match(self, str s) except -1:
        cdef Py_ssize_t ls = PyUnicode_GET_LENGTH(s)
        cdef Py_ssize_t i, sp, spaces = 0, n, last_colon = -1, run = 0
        cdef Py_UCS4 c, first, last
        cdef bint short, special = False, digit = False, digit4 = False, slash = False
        cdef bint ws_odd = False, lower = False, cased = False, in_word = False, prev_space = False
        cdef Py_ssize_t split_n = 0
        cdef str low, key, fw, tail
        cdef object needle
        if ls == 0:
            return False
        first = PyUnicode_READ_CHAR(s, 0)
        last = PyUnicode_READ_CHAR(s, ls - 1)
        if Py_UNICODE_ISSPACE(first) or Py_UNICODE_ISSPACE(last):  # classify_line strips first
            s = s.strip()
            ls = PyUnicode_GET_LENGTH(s)
            if ls == 0:
                return False
            first = PyUnicode_READ_CHAR(s, 0)
            last = PyUnicode_READ_CHAR(s, ls - 1)
        if ls > _MAX_LINE:
            return False
        # one pass: the facts the rules need (ASCII decided inline, other characters by CPython's tables)
        i = -1
        for c in s:
            i += 1
            if c < 128:
                if c == 32:  # " "
                    spaces += 1
                    if prev_space:
                        ws_odd = True
                    prev_space = True
                    in_word = False
                    run = 0
                    continue
                prev_space = False
                if 9 <= c <= 13 or 28 <= c <= 31:  # str.isspace()
                    if c == 9 or c == 10:
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
                if 97 <= c <= 122:
                    lower = True
                elif 65 <= c <= 90:
                    cased = True
                elif c == 47:  # "/"
                    slash = True
                    special = True
                elif c == 58:  # ":"
                    last_colon = i
                    special = True
                elif c == 40 or c == 41 or c == 91 or c == 124 or c == 45:  # ( ) [ | -
                    special = True
                continue
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
            elif Py_UNICODE_ISLOWER(c) or Py_UNICODE_ISTITLE(c):
                lower = True
            elif Py_UNICODE_ISUPPER(c):
                cased = True
        cdef bint caps = cased and not lower  # s.isupper()
        low = s.lower()
        short = ls <= 80
        if short:
            if "  " in low or "\t" in low:
                key = _WS.sub(" ", low).strip(_KEY_STRIP)
            else:
                key = low.strip(_KEY_STRIP)
            if key in self.whole_line:
                return 1
            if key and (key[0].isdigit() or key[-1] == ")") and self._break_key(key):
                return 2  # "12 Comments", "Comments (3)"
        sp = low.find(" ")
        fw = (low[:sp] if sp >= 0 else low).rstrip(_FIRST_WORD_STRIP)
        rx = self.prefix_by_first.get(fw)
        if rx is not None and rx.match(low) is not None:
            return 3
        if short:
            if key in self.lines:
                return 4
            if (self.cue_last is None or low[-1] in self.cue_last) and low.endswith(self.comment_cues):
                return 5
        if (first == u"h" or first == u"w") and (s.startswith("http") or s.startswith("www.")):
            return 6
        if first == u"©":
            return 7
        if (self.copy_first is None or low[0] in self.copy_first) and low.startswith(self.copyright_starts):
            return 8
        if ls < 160 and 1 < spaces < 15:
            for needle in self.copyright_needles:
                if needle in low:
                    return 9
        if first == u"(" or first == u"[":
            return 10
        n = split_n if ws_odd else spaces + 1
        if n > 60:
            return False
        cdef bint no_end = not (last == u"." or last == u"!" or last == u"?" or last == u":")
        if short and not special:
            # of the rules below only a bare credit ("REUTERS", "Getty Images") can apply
            if n <= 10 and ls <= 90 and no_end:
                if caps and ls >= 2 and n <= 8 and self.credit_word_re is not None:
                    if self.credit_word_re.search(s):
                        return 11
                if low in self.agencies or low in self.credit_words:
                    return 12
            return False
        if n <= 8 and short:
            if digit and self.ago_tail_re.search(s[-self.ago_tail :]) is not None:  # "3 jam lalu"
                return 13
            if (" - " in s or " | " in s or " – " in s or " — " in s) and _NAME_OUTLET.match(s):
                return 14  # "Name - outlet.com"
        if last_colon >= 0 and last_colon >= ls - 64:  # "Caption. Foto: Name"
            tail = s[last_colon + 1 :].lstrip()
            if (
                1 < PyUnicode_GET_LENGTH(tail) <= 61
                and u"A" <= PyUnicode_READ_CHAR(tail, 0) <= u"Z"
                and s[:last_colon].rstrip().endswith(self.credit_labels)
            ):
                return 15
        if n <= 45 and last == u")":
            return 16
        if n <= 10 and ls <= 90 and no_end:
            if (slash or last_colon >= 0) and self.credit_start_re.match(s) is not None:
                return 17
            if low in self.agencies or low in self.credit_words:
                return 18
            if (slash or caps and ls >= 2 and n <= 8) and (
                self.credit_word_re is not None and self.credit_word_re.search(s) is not None
            ):
                return 17
            if slash and caps and ls >= 2 and n <= 8:
                return 17
        if n <= 14 and ls <= 120 and digit4 and self.abs_date_re.search(s) is not None:
            return 19
        if n <= 6 and _dash(last):
            return 20
        return False


def split_lines(
    list raw, art, Classifier clf, dict cache, bint wide, bint huge, Py_ssize_t max_paragraph
):
    """The non-empty lines of ``raw`` (a text's lines) as :class:`Line`, hard-wrapped paragraphs joined.

    See ``_lines_py.split_lines``.
    """
    cdef list out = []
    cdef Py_ssize_t no, nraw = len(raw), ls, i, words, p_last = -2, p_parts = 0, p_words = 0
    cdef Py_ssize_t sp
    cdef bint p_open = False
    cdef str line, s, p_part = "", joined
    cdef Py_UCS4 last, c
    cdef Line ln, prev
    cdef object v
    for no in range(nraw):
        line = raw[no]
        if huge and PyUnicode_GET_LENGTH(line) > max_paragraph:
            art.removed.append(
                Removed(text=line[:80] + "…", reason=f"line cut to {max_paragraph} characters", line=no)
            )
            line = line[:max_paragraph]
        s = line.strip()
        ls = PyUnicode_GET_LENGTH(s)
        if ls == 0:
            continue
        if wide and ("  " in s or "\t" in s or "\xa0" in s):
            s = " ".join(s.split())
            ls = PyUnicode_GET_LENGTH(s)
        words = 1
        for i in range(ls):
            if PyUnicode_READ_CHAR(s, i) == u" ":
                words += 1
        last = PyUnicode_READ_CHAR(s, ls - 1)
        if (
            p_open
            and p_last == no - 1
            and Py_UNICODE_ISLOWER(PyUnicode_READ_CHAR(s, 0))
            and (words >= 4 or _sent_end(last))
        ):
            sp = p_part.rfind(" ") + 1
            c = PyUnicode_READ_CHAR(p_part, PyUnicode_GET_LENGTH(p_part) - 1)
            if (
                Py_UNICODE_ISLOWER(PyUnicode_READ_CHAR(p_part, sp))
                and c != u":"
                and c != u";"
                and p_parts < 200
            ):
                prev = out[-1]
                joined = prev.text + " " + s
                prev._set(prev.no, joined, words + prev.text.count(" ") + 1, last)
                prev.last_no = no
                if clf is not None:
                    prev.verdict = clf.verdict(joined)
                p_last = no
                p_part = s
                p_parts += 1
                p_words += words
                p_open = p_words >= 8 and not _sent_end(last)
                continue
        ln = Line.__new__(Line)
        ln._set(no, s, words, last)
        if clf is not None:
            if cache is not None and ls <= MEMO_CHARS:
                v = cache.get(s, _MISS)
                if v is _MISS:
                    v = cache[s] = clf.verdict(s)
            else:
                v = clf.verdict(s)
            if v is not None:
                ln.verdict = v
        out.append(ln)
        p_open = words >= 8 and not _sent_end(last)
        if p_open:
            p_last = no
            p_part = s
            p_parts = 1
            p_words = words
    return out


cdef inline bint _list_item(str t):
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


cdef inline bint _has_digit(str t):
    cdef Py_ssize_t i
    for i in range(PyUnicode_GET_LENGTH(t)):
        if Py_UNICODE_ISDECIMAL(PyUnicode_READ_CHAR(t, i)):
            return True
    return False


def score_lines(list lines, lex):
    """Step 3a of text mode: a score per line; positive for story-like lines (see ``_lines_py``)."""
    cdef Py_ssize_t i, n = len(lines), w, ls, datelines = 0, last_title = -10, header_until = -1
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
            ln.score = -4.0 if kind is _K_CHROME else -0.5
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
            if boilerplate_hits(text, lex) >= 3:
                ln.body_like = False
                ln.reason = "site boilerplate"
                ln.score = -3.0
                continue
            ln.body_like = True
            score = 2.0 + min(ls, 600) / 60.0
            if datelines < 2 and w >= 6:
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
            if 3 <= w <= 35 and ls <= 300 and lastc != u"." and lastc != u":":
                head = text[:3]
                if head != head.lower() or head == head.upper():
                    last_title = i


__all__ = ["MEMO_CHARS", "SENT_END", "Classifier", "Line", "score_lines", "split_lines"]
