"""Text mode's per-line pass, pure Python: the twin of the compiled kernel ``_lines.pyx``.

:mod:`warta.extract.text` imports whichever of the two is usable through
``warta._compiled.kernel("warta.extract._lines")``; both give identical results
(``tests/test_lines_kernel.py`` runs them side by side on the benchmark pages).

- :class:`Line`: one non-empty line of a flattened page and what the steps learn about it;
- :class:`Classifier`: :func:`~warta.extract.chrome.classify_line` bound to one lexicon
  (``Classifier(lex).verdict(s)``); the compiled kernel answers most lines from one C pass over
  their characters and hands only those a rule may match to ``classify_line``;
- :func:`split_lines`: the lines of a text, hard-wrapped paragraphs joined, each with its verdict;
- :func:`score_lines`: step 3a of text mode, a score per line (positive for story-like lines);
- :func:`neighbour_starts`, :func:`mark_tables`, :func:`best_region`, :func:`removed_lines`: the
  other per-line loops of text mode (step 2's candidates, table runs, the story region, the last
  pass); :func:`letter_runs`: runs of letters (title and standfirst words, the language sample).

>>> from warta.extract.chrome import Lexicon
>>> from warta.article import Article
>>> clf = Classifier(Lexicon.for_lang("id"))
>>> lines = split_lines(["Judul", "", "Baca juga: Lain"], Article(), clf, {}, False, False, 100_000)
>>> [(ln.no, ln.text, ln.verdict.reason if ln.verdict else None) for ln in lines]
[(0, 'Judul', None), (2, 'Baca juga: Lain', 'related link')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from warta.article import Article, Removed
from warta.extract.chrome import (
    AD_REASON,
    TRAILING_INITIALS,
    Lexicon,
    LineKind,
    Verdict,
    boilerplate_hits,
    classify_line,
    is_section_break,
    parse_credit,
    strip_dateline,
)
from warta.extract.chrome import (
    guess_lang as _guess_lang,
)
from warta.extract.lines_model import positive_runs

SENT_END = frozenset(".!?\"”’'…。！？」』")
"""A line ending in one of these ends a sentence."""
MEMO_CHARS = 80
"""Lines up to this long have their verdict memoised (menus, labels and credits repeat across pages).
The compiled kernel memoises instead the lines its pre-check passes, of any length; both memos give
the verdict ``classify_line`` gives."""
_BREAKS = frozenset({"section break", "comment header"})
_K_CHROME = LineKind.CHROME
_K_DATELINE = LineKind.DATELINE
_K_BYLINE = LineKind.BYLINE
_K_DATE = LineKind.DATE
_K_BODY = LineKind.BODY
_STARTS = frozenset({LineKind.CREDIT, LineKind.CAPTION, LineKind.RELATED, LineKind.TAG})
_K_HEADING = LineKind.HEADING
_K_TITLE = LineKind.TITLE
_LIST_ITEM = re.compile(r"(?:[-•*·–—]|\d{1,2}[.)])\s")
_DIGIT = re.compile(r"\d")
_MISS = object()


class Line:
    """One non-empty line: number(s), text, shape and what the steps decided about it."""

    __slots__ = (
        "no",
        "last_no",
        "text",
        "words",
        "ends",
        "verdict",
        "kind",
        "reason",
        "score",
        "body_like",
        "dateline",
    )

    def __init__(self, no: int, text: str, words: int, last: str):
        # ``words`` is the line's space count + 1 and ``last`` its last character, both already at
        # hand in :func:`split_lines` (one pass over the text, no second count per line)
        if len(last) != 1:
            raise ValueError("last must be one character (the line's last)")
        self.no = no
        self.last_no = no
        self.text = text
        if len(text) > 15 * words:  # scripts written without spaces (CJK, Thai): count characters
            words = len(text) // 3
        self.words = words
        if last == ")":  # "… kata dia. (fyk/ash)": the sentence ends before the parenthesis
            bare = TRAILING_INITIALS.sub("", text[-60:])
            last = bare[-1] if bare else last
        self.ends = last in SENT_END
        self.verdict: Verdict | None = None
        self.kind: LineKind | None = None
        self.reason = ""
        self.score = 0.0
        self.body_like = False
        self.dateline: tuple[str | None, str | None, str] | None = None


class Classifier:
    """:func:`~warta.extract.chrome.classify_line` bound to one lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def verdict(self, s: str) -> Verdict | None:
        """``classify_line(s, lex)``."""
        return classify_line(s, self.lex)


def odd_spacing(text: str) -> bool:
    """Does ``text`` have a run of spaces, a tab or a no-break space (``split_lines``' ``wide``)?

    >>> odd_spacing("a b\\nc"), odd_spacing("a  b"), odd_spacing("a\\tb"), odd_spacing("a\\xa0b")
    (False, True, True, True)
    """
    return "  " in text or "\t" in text or "\xa0" in text


def split_lines(
    raw: list[str],
    art: Article,
    clf: Classifier | None,
    cache: dict[str, Any] | None,
    wide: bool,
    huge: bool,
    max_paragraph: int,
) -> list[Line]:
    """The non-empty lines of ``raw`` (a text's lines) as :class:`Line`, hard-wrapped paragraphs joined.

    With ``clf``, each line also gets its verdict; lines up to :data:`MEMO_CHARS` long are looked
    up in, and added to, ``cache`` (the kernel: the lines its pre-check passes). ``wide``: the text has runs of spaces, tabs or no-break spaces
    (collapsed); ``huge``: it is longer than ``max_paragraph``, so a line may need cutting (recorded
    in ``art.removed``).
    """
    memo = cache.get if cache is not None else None
    # A hard-wrapped paragraph ("… used in a" / "fitness facility to help …") is joined back into
    # one line. When the last paragraph may continue (8+ words, no sentence end: ``p_open``), its
    # last line number and part, its number of parts and its word count.
    out: list[Line] = []
    append = out.append
    sent_end = SENT_END
    p_last = -2
    p_part = ""
    p_parts = 0
    p_words = 0
    p_open = False
    for no, line in enumerate(raw):
        if huge and len(line) > max_paragraph:
            art.removed.append(
                Removed(text=line[:80] + "…", reason=f"line cut to {max_paragraph} characters", line=no)
            )
            line = line[:max_paragraph]
        s = line.strip()
        if not s:
            continue
        if wide and ("  " in s or "\t" in s or "\xa0" in s):
            s = " ".join(s.split())
        words = s.count(" ") + 1
        last = s[-1]
        if (
            p_open
            and p_last == no - 1
            and s[:1].islower()
            and (words >= 4 or last in sent_end)
            and p_part.rsplit(" ", 1)[-1][:1].islower()
            and p_part[-1] not in ":;"
            and p_parts < 200
        ):
            prev = out[-1]
            joined = prev.text + " " + s
            first_no = prev.no
            prev.__init__(first_no, joined, joined.count(" ") + 1, last)
            prev.last_no = no
            if clf is not None:
                prev.verdict = clf.verdict(joined)
            p_last = no
            p_part = s
            p_parts += 1
            p_words += words
            p_open = p_words >= 8 and last not in sent_end
            continue
        ln = Line(no, s, words, last)
        if clf is not None:
            if memo is not None and len(s) <= MEMO_CHARS:
                v = memo(s, _MISS)
                if v is _MISS:
                    v = cache[s] = clf.verdict(s)  # type: ignore[index]
            else:
                v = clf.verdict(s)
            if v is not None:
                ln.verdict = v
        append(ln)
        p_open = words >= 8 and last not in sent_end
        if p_open:
            p_last = no
            p_part = s
            p_parts = 1
            p_words = words
    return out


def split_text(
    text: str,
    art: Article,
    clf: Classifier | None,
    cache: dict[str, Any] | None,
    wide: bool,
    max_paragraph: int,
    max_lines: int,
) -> tuple[list[Line], int]:
    """:func:`split_lines` of the first ``max_lines`` lines of ``text`` (``str.splitlines``), and how
    many lines ``text`` has (the kernel finds them in one pass over ``text``).

    >>> lines, n = split_text("Judul\\n\\n  Isi  \\n", Article(), None, None, False, 100_000, 10)
    >>> [(ln.no, ln.text) for ln in lines], n
    ([(0, 'Judul'), (2, 'Isi')], 3)
    """
    raw = text.splitlines()
    n = len(raw)
    if n > max_lines:
        raw = raw[:max_lines]
    return split_lines(raw, art, clf, cache, wide, len(text) > max_paragraph, max_paragraph), n


def score_lines(lines: list[Line], clf: Classifier) -> None:
    """Step 3a of text mode: a score per line; positive for story-like lines.

    Two openings add a bonus to the next story-like line: a dateline ("JAKARTA, KOMPAS.com -",
    only the first two seen count) and an article header (a headline-shaped line followed by a
    byline or date line).
    """
    lex = clf.lex
    datelines = 0
    last_title = -10
    header_until = -1
    digit = _DIGIT.search
    list_item = _LIST_ITEM.match
    for i, ln in enumerate(lines):
        v = ln.verdict
        if ln.kind is not None or v is not None:
            kind = ln.kind or v.kind  # type: ignore[union-attr]
            # an advertisement slot interleaves the story ("ADVERTISEMENT", Postmedia's "Article content"):
            # dropped, but it must not cut the story in two as other chrome does
            ln.score = -4.0 if kind is _K_CHROME and (v is None or v.reason != AD_REASON) else -0.5
            if v is not None and (
                v.reason in _BREAKS or v.reason == "related marker" and is_section_break(ln.text, lex)
            ):
                ln.score = -8.0  # comment sections and "more stories" blocks end the story
            if kind is _K_DATELINE and datelines < 2:  # "Jakarta -" on a line of its own opens the story
                datelines += 1
                ln.dateline = v.value  # type: ignore[union-attr]
                ln.score = 8.0
            elif (kind is _K_BYLINE or kind is _K_DATE) and i - last_title <= 4:
                header_until = i + 12
            continue
        w = ln.words
        text = ln.text
        ends = ln.ends
        if (w >= 8 and (ends or text[-1] == ":")) or w >= 30 or (w >= 5 and ends and ". " in text):
            if text.endswith(("...", "…")) and text[-4:-3] != " ":
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
            score = 2.0 + min(len(text), 600) / 60.0
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
        elif w >= 3 and list_item(text):
            ln.score = 0.0  # "1) Item", "- item": neutral, kept when inside the story
        elif len(text) < 40 and digit(text) is not None:
            # table cells with figures ("63", "85%") cost little
            ln.score = -0.3
        else:
            # link-like short lines cost
            ln.score = -1.5 if w < 4 else -1.0
            # headline-shaped (text.py's _title_like, inlined: this runs for most lines of a page)
            if 3 <= w <= 35 and len(text) <= 300 and text[-1] not in ".:":
                head = text[:3]
                if head != head.lower() or head == head.upper():
                    last_title = i


_RUNS: dict[int, re.Pattern[str]] = {}


def letter_runs(text: str, min_len: int) -> list[str]:
    """``re.findall(r"[^\\W\\d_]{min_len,}", text)``: the runs of letters (word characters but
    digits and "_") at least ``min_len`` long, in order.

    >>> letter_runs("Harga naik 5% di Jakarta_Pusat", 4)
    ['Harga', 'naik', 'Jakarta', 'Pusat']
    """
    min_len = max(min_len, 1)
    rx = _RUNS.get(min_len)
    if rx is None:
        rx = _RUNS[min_len] = re.compile(rf"[^\W\d_]{{{min_len},}}")
    return rx.findall(text)


def removed_lines(
    lines: list[Line],
    a: int,
    b: int,
    removed: list[Removed],
    kept: frozenset[LineKind],
    on_verdict: Callable[[int, Line], None],
    plain: frozenset[LineKind] = frozenset(),
) -> None:
    """Text mode's last pass, in line order: an unclassified line of no field (``kind`` None) is
    appended to ``removed`` (its reason, else "outside main text" / "short fragment" for lines
    outside / inside the story region ``a..b``); a classified one whose kind is not in ``kept``
    goes to ``on_verdict(k, line)``, unless its verdict holds no value and is of a kind in
    ``plain``: such a line is appended to ``removed`` with the verdict's reason, no call made
    (the caller's ``on_verdict`` would do just that: most classified lines are plain chrome)."""
    for k, ln in enumerate(lines):
        lk = ln.kind
        v = ln.verdict
        if v is None:
            if lk is None:
                reason = ln.reason or ("outside main text" if k < a or k > b else "short fragment")
                removed.append(Removed(ln.text, reason, ln.no))
            continue
        if lk is not None and lk in kept:
            continue
        if v.value is None and v.kind in plain:
            removed.append(Removed(ln.text, v.reason, ln.no))
            continue
        on_verdict(k, ln)


def neighbour_starts(lines: list[Line]) -> list[int]:
    """Indices of the lines that may start a decision on their neighbours (text mode's step 2): a
    line classified as a credit, caption, related link or tag, or as a byline marker, and an
    unclassified one the next line repeats with more text (a caption printed twice). (Other
    classified lines start none: ``text._pair_neighbours`` passes them by.)"""
    n = len(lines)
    texts = [ln.text for ln in lines]
    out = []
    for k, ln in enumerate(lines):
        v = ln.verdict
        if v is not None:
            if v.kind in _STARTS or v.reason == "byline marker":
                out.append(k)
        elif k + 1 < n and texts[k + 1].startswith(texts[k]):
            out.append(k)
    return out


def mark_tables(lines: list[Line], min_lines: int) -> None:
    """Text mode's step 3a': runs of ``min_lines``+ short unclassified lines, 40 % of them holding
    a digit, are tables: their cells score 0.2 with the reason "table"."""
    start = 0
    run = 0
    for i, ln in enumerate(lines):
        if ln.kind is None and ln.verdict is None and not ln.body_like and ln.words <= 8:
            if not run:
                start = i
            run += 1
            continue
        if run >= min_lines:
            _table_run(lines, start, i)
        run = 0
    if run >= min_lines:
        _table_run(lines, start, len(lines))


def _table_run(lines: list[Line], i: int, j: int) -> None:
    """Mark the run ``lines[i:j]`` of short cells as a table when 40% of them hold figures."""
    digits = sum(1 for k in range(i, j) if _DIGIT.search(lines[k].text) is not None)
    if digits >= 0.4 * (j - i):
        for k in range(i, j):
            lines[k].score = 0.2
            lines[k].reason = "table"


def best_region(lines: list[Line], share: float) -> tuple[int, int] | None:
    """The story's run of lines (text mode's step 3b): Kadane's positive runs of the lines'
    scores (:func:`~warta.extract.lines_model.positive_runs`), the first scoring ``share`` of the
    best one; None when no line scores above zero."""
    runs = positive_runs([ln.score for ln in lines])
    if not runs:
        return None
    top = max(r[0] for r in runs)
    for total, a, b in runs:
        if total >= share * top:
            return a, b
    return None


def select_body(
    lines: list[Line], a: int, b: int, z: list[float], keep: float, headings: bool
) -> tuple[list[int], list[int], int]:
    """Text mode's story lines in the region ``a..b``: ``(body_idx, heading_positions, a)``.

    An unclassified line is body when it is sentence-like (``body_like``, or ends a sentence with 3+
    words), a list item or a table cell; with ``headings``, a 2-15 word line right after a body
    paragraph and followed (within three lines) by one is a subheading (its position in
    ``body_idx`` goes to the second list). ``z`` (the line model's log-odds, or empty): a line at or
    below ``keep`` is not story text; one above it is kept even when not sentence-shaped, and the
    region then starts at the first kept line. Sets each kept line's ``kind``.
    """
    body_idx: list[int] = []
    heads: list[int] = []
    for k in range(a, b + 1):
        ln = lines[k]
        if ln.kind is not None or ln.verdict is not None:
            continue
        if z and z[k] <= keep:  # the line model: not story text
            ln.reason = ln.reason or "not body (line model)"
            continue
        if (
            ln.body_like
            or (ln.ends and ln.words >= 3)
            or (ln.words >= 3 and _LIST_ITEM.match(ln.text))
            or ln.reason == "table"
        ):
            ln.kind = _K_BODY
            body_idx.append(k)
        elif (
            headings
            and 2 <= ln.words <= 15
            and body_idx
            and lines[body_idx[-1]].body_like
            and body_idx[-1] >= k - 2
        ):
            nxt = next((lines[j] for j in range(k + 1, min(b + 1, k + 4)) if lines[j].verdict is None), None)
            if nxt is not None and nxt.body_like:
                ln.kind = _K_HEADING
                heads.append(len(body_idx))
                body_idx.append(k)
        if z and ln.kind is None and body_idx:  # kept by the line model though not sentence-shaped
            ln.kind = _K_BODY
            body_idx.append(k)
    if z and body_idx and body_idx[0] > a:  # a headline-shaped line opening the region stays above
        a = body_idx[0]
    return body_idx, heads, a


def free_above(lines: list[Line], a: int, window: int) -> list[int]:
    """Indices of the unclassified lines among the ``window`` lines above line ``a``, nearest first."""
    return [
        k
        for k in range(a - 1, max(-1, a - 1 - window), -1)
        if lines[k].kind is None and lines[k].verdict is None
    ]


def title_like(ln: Line) -> bool:
    """Headline-shaped: 3-35 words, at most 300 characters, no final "." or ":", and a capital in
    the first three characters (caseless scripts and "10 Ways …" qualify too)."""
    t = ln.text
    return (
        3 <= ln.words <= 35
        and len(t) <= 300
        and t[-1] != "."
        and t[-1] != ":"  # "Author of the article:", "Spionagedrehscheibe Schweiz :"
        and (t[:3] != t[:3].lower() or t[:3] == t[:3].upper())
    )


def content_words(text: str) -> set[str]:
    """Lower-case words of 4+ letters in the first 2,000 characters."""
    return set(letter_runs(text[:2000].lower(), 4))


def story_words(lines: list[Line], body_idx: list[int]) -> set[str]:
    """Content words of the first four story paragraphs (what a headline or standfirst is about)."""
    story: set[str] = set()
    for k in body_idx[:4]:
        story |= content_words(lines[k].text)
    return story


def has_header_meta(lines: list[Line], k: int, reach: int) -> bool:
    """True when a byline or date line follows line ``k`` within ``reach`` lines (an article header)."""
    for j in range(k + 1, min(len(lines), k + 1 + reach)):
        ln = lines[j]
        v = ln.verdict
        kind = ln.kind or (v.kind if v is not None else None)
        if kind is _K_BYLINE or kind is _K_DATE:
            return True
        if ln.body_like or kind is _K_TITLE:
            return False
    return False


def caption_shaped(text: str, lex: Lexicon) -> bool:
    """A photo caption that ends in its credit ("… umbenannt. Getty Images", "… Bild © X")."""
    if "©" in text:
        return True
    cut = text.rfind(". ")
    return cut > 20 and parse_credit(text[cut + 2 :], lex) is not None


def pick_title(
    lines: list[Line],
    ups: list[int],
    story: set[str],
    lex: Lexicon,
    prior: float,
    reach: int,
    bonus: float,
) -> int | None:
    """The headline among the lines ``ups`` above the body (see ``text._pick_title``).

    A headline-shaped candidate (:func:`title_like`) scores ``2 * overlap`` (its content words
    the ``story`` uses, over their number plus ``prior``), plus 0.3 for 4-25 words, plus
    ``0.3 / (1 + distance)``, plus ``bonus`` when an article header follows it
    (:func:`has_header_meta` within ``reach``), minus 1 when :func:`caption_shaped`. Of two
    printings (same content words) the longer wins; a shorter headline-shaped line right above the
    winner, about the story as much, is the headline.
    """
    best, best_score = None, 0.0
    scored: dict[int, tuple[float, frozenset[str], float]] = {}
    for dist, k in enumerate(ups):
        ln = lines[k]
        if not title_like(ln):
            continue
        words = content_words(ln.text)
        overlap = len(words & story) / (len(words) + prior) if words and story else 0.0
        score = 2.0 * overlap + (0.3 if 4 <= ln.words <= 25 else 0.0) + 0.3 / (1 + dist)
        if has_header_meta(lines, k, reach):
            score += bonus
        if caption_shaped(ln.text, lex):
            score -= 1.0
        scored[k] = (score, frozenset(words), overlap)
        if score > best_score:
            best, best_score = k, score
    if best is None:
        return None
    _, best_words, best_overlap = scored[best]
    for k, (_s, words, _o) in scored.items():
        if k != best and words == best_words and len(lines[k].text) > len(lines[best].text):
            best = k
    up = best - 1
    if up in scored:
        upper = lines[up]
        if (
            upper.words >= 5
            and upper.words < lines[best].words
            and scored[up][2] >= 0.5 * best_overlap
            and scored[up][0] > 0.5 * best_score
        ):
            best = up
    return best


def guess_lang(sample: str, clf: Classifier, min_hits: int = 5, lower: bool = False) -> str | None:
    """``chrome.guess_lang(letter_runs(sample, 1), clf.lex)``: the language whose frequent words
    cover most runs of letters of ``sample`` (lower-case text; with ``lower``, of ``sample.lower()``),
    or None if unclear."""
    return _guess_lang(letter_runs(sample.lower() if lower else sample, 1), clf.lex, min_hits=min_hits)


def paragraphs(
    lines: list[Line], body_idx: list[int], first: str | None, removed: list[Removed]
) -> list[str]:
    """The body's paragraphs: the text of each line of ``body_idx`` (``first``, when given, for the
    first: its text after the dateline), a trailing "(fyk/ash)" of editor initials (at least 20
    characters of text before it) cut off and appended to ``removed``."""
    out: list[str] = []
    for pos, k in enumerate(body_idx):
        ln = lines[k]
        para = first if pos == 0 and first is not None else ln.text
        m = TRAILING_INITIALS.search(para[-40:]) if para.endswith((")", "]")) else None
        if m and len(para) > len(m.group(0)) + 20:
            cut = len(para) - 40 + m.start() if len(para) > 40 else m.start()
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
