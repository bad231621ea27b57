"""Flattened text -> Article: classify every line of a rendered news page, keep the story.

Flattened text is what a naive scraper keeps of a page: one line per block, chrome included
(navigation, "Baca juga" links, captions and credits, widgets, footers). :func:`extract_text`
classifies each line as title, lead, body, heading, caption, photo credit, byline, date,
dateline, related link, tag or chrome, and assembles an :class:`~warta.article.Article`:

>>> art = extract_text("Judul Berita Hari Ini\\n\\nJAKARTA, KOMPAS.com - Isi berita yang cukup panjang untuk jadi paragraf.\\n\\nBaca juga: Judul lain")
>>> art.title, art.outlet, art.related[0].title
('Judul Berita Hari Ini', 'Kompas', 'Judul lain')

How it decides (structure, not page-specific rules):

1. Each line alone (:func:`warta.extract.chrome.classify_line`): chrome phrases, related and tag
   prefixes, bylines, credits, captions with a credit in parentheses, date lines, copyright.
2. Neighbours: an ALL-CAPS credit line captions the line after it; a caption printed twice
   (bare, then with "(credit)") is one image; a bare "Baca juga" / "By" marker takes the next
   line(s) as related titles / author names.
3. The body region: each remaining line scores by length and sentence punctuation (long,
   punctuated lines score up, short link-like lines and chrome score down, a dateline opening or
   an article header (headline + byline/date) scores high, section breaks such as "12 Comments"
   and comment headers score very low, cell-per-line tables are mildly positive). Kadane's scan
   splits the lines into positive runs; the first run with at least half the best run's score is
   the story (stories come before their comments and "more stories" blocks). Linear time.
4. Title and lead: among the headline-shaped lines above the body start, the title is the one
   whose words the first paragraphs share most (plus closeness); before a dateline opening, the
   long line between the title and the opening is the lead (standfirst).

Every line that ends up in no field is listed in ``removed`` with its reason and line number.
Work is linear in the input; lines are capped (:data:`MAX_PARAGRAPH`) and regexes only ever
see the first :data:`~warta.extract.chrome.MAX_LINE` characters of a line.
"""

from __future__ import annotations

import re

from warta._compiled import kernel
from warta.article import Article, Image, Related, Removed
from warta.extract.chrome import (
    Byline,
    Copyright,
    Lexicon,
    LineKind,
    Verdict,
    parse_credit,
    parse_names,
    strip_dateline,
)
from warta.extract.dates import parse_text_date
from warta.extract.lines_model import current as _line_model
from warta.extract.lines_model import rescore as _rescore

_K = kernel("warta.extract._lines")
"""The per-line pass (``_lines.pyx`` compiled, else its twin ``_lines_py``; identical results)."""

# Enum attribute access is slow on Python 3.11: hot paths use these aliases
_K_BODY = LineKind.BODY
_K_BYLINE = LineKind.BYLINE
_K_CAPTION = LineKind.CAPTION
_K_CHROME = LineKind.CHROME
_K_CREDIT = LineKind.CREDIT
_K_DATE = LineKind.DATE
_K_DATELINE = LineKind.DATELINE
_K_HEADING = LineKind.HEADING
_K_LEAD = LineKind.LEAD
_K_RELATED = LineKind.RELATED
_K_TAG = LineKind.TAG
_K_TITLE = LineKind.TITLE


MAX_CHARS = 16_000_000
"""Text beyond this many characters is not looked at (recorded as an error on the article)."""
MAX_LINES = 50_000
"""Lines beyond this are not looked at (recorded as an error on the article)."""
MAX_PARAGRAPH = 100_000
"""A longer line is cut to this many characters (recorded in ``removed``)."""
_KEPT = frozenset({_K_TITLE, _K_LEAD, _K_BODY, _K_HEADING, _K_CAPTION, _K_CREDIT})
"""Kinds of lines that end up in a field of their own (never listed in ``removed``)."""
_PLAIN = frozenset({_K_CHROME, _K_RELATED})
"""Verdict kinds whose lines, when the verdict holds no value, ``on_verdict`` only removes (with the
verdict's reason): ``removed_lines`` removes them itself, no call (about 60 % of the classified lines)."""
STANDFIRST = True
"""Take the long line right under a title (when no dateline opening found it) as the lead."""
STANDFIRST_OVERLAP = 0.3
"""Share of a standfirst's content words the first paragraphs must use (see :func:`_standfirst`)."""
STANDFIRST_REACH = 4
"""... within this many lines of the title."""
HEADINGS = True
"""Keep short subheadings that sit between story paragraphs (as ``body`` entries listed in ``headings``)."""
TABLE_MIN_LINES = 20
_TITLE_WINDOW = 40
OVERLAP_PRIOR = 5
"""Added to a title candidate's word count when sharing its words with the story: a two-word menu
item whose words the story uses ("Food & Nutrition") must not beat a headline sharing six."""
HEADER_REACH = 5
"""A byline or date line within this many lines below a headline-shaped line marks an article header."""
HEADER_BONUS = 0.5
"""Added to a title candidate that heads an article header (see :func:`_pick_title`)."""
EARLY_SHARE = 0.5
"""The first run of story lines scoring this share of the best run is the story (see :func:`_best_region`)."""
"""How many lines above the body start the title may be."""

VERDICT_CACHE = 200_000
"""Lines' verdicts are remembered per lexicon (the compiled kernel: lines its pre-check passes, at most
``chrome.MAX_LINE`` characters; the twin: lines of up to 80 characters); the memo is emptied when
it holds more lines than this."""
_VERDICTS: dict[int, dict[str, Verdict | None]] = {}

_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+([^-|–—]{2,60})$")
_DOMAINISH = re.compile(r"[A-Za-z0-9-]+\.(?:com|co\.id|id|net|org|my|com\.my|co\.uk|co)\b", re.I)


_Line = _K.Line
"""One non-empty line (``_lines.Line``: number, text, words, verdict, kind, score ...)."""
_CLASSIFIERS: dict[int, tuple[Lexicon, object]] = {}


def _classifier(lex: Lexicon) -> object:
    """The kernel's line classifier for ``lex`` (built once per lexicon)."""
    got = _CLASSIFIERS.get(id(lex))
    if got is None or got[0] is not lex:
        got = _CLASSIFIERS[id(lex)] = (lex, _K.Classifier(lex))
    return got[1]


def _split_lines(text: str, art: Article, lex: Lexicon | None = None) -> list[_Line]:
    """The non-empty lines of ``text`` as :class:`_Line`, hard-wrapped paragraphs joined.

    With ``lex``, each line also gets its verdict (:func:`~warta.extract.chrome.classify_line`,
    step 1), in the same pass (the kernel's :func:`split_lines`).
    """
    if len(text) > MAX_CHARS:
        art.add_error(
            "extract", "too-long", f"only the first {MAX_CHARS} of {len(text)} characters were read"
        )
        text = text[:MAX_CHARS]
    cache = None
    if lex is not None:
        cache = _VERDICTS.get(id(lex))
        if cache is None or len(cache) > VERDICT_CACHE:
            cache = _VERDICTS[id(lex)] = {}
    # checked once for the whole text: most texts have no runs of spaces and no long line
    wide = _K.odd_spacing(text)  # "  ", a tab or a no-break space (the kernel: one vectorised pass)
    clf = _classifier(lex) if lex is not None else None
    # the lines of text.splitlines(), found by the kernel in one pass (no list of raw lines)
    lines, n_raw = _K.split_text(text, art, clf, cache, wide, MAX_PARAGRAPH, MAX_LINES)
    if n_raw > MAX_LINES:
        art.add_error("extract", "too-many-lines", f"only the first {MAX_LINES} of {n_raw} lines were read")
    return lines


def _title_like(ln: _Line) -> bool:
    """Headline-shaped: 3-35 words, at most 300 characters, no final "." or ":", a capital in the
    first three characters (caseless scripts and "10 Ways …" qualify too)."""
    return _K.title_like(ln)


def _lead_like(ln: _Line) -> bool:
    return ln.words >= 8 and ln.verdict is None


def _clean_title(title: str, lex: Lexicon) -> str:
    """Drop breadcrumbs ("Home » News » Title") and site names ("Title | Site", "Title - site.com")."""
    for sep in (" » ", " › ", " > "):
        if sep in title:
            last = title.rsplit(sep, 1)[1].strip()
            if len(last.split()) >= 3:
                title = last
    if title.count(" | ") >= 2:
        title = max(title.split(" | "), key=len).strip()
    head, sep, tail = title.rpartition(" | ")
    if sep and len(tail.split()) <= 3 and len(head.split()) >= 4:  # "Title | wdr aktuell"
        return head.strip()
    m = _TITLE_SUFFIX.search(title)
    if m:
        tail = m.group(1).strip()
        low = tail.lower()
        if _DOMAINISH.search(tail) or low in lex.outlets or low in lex.outlet_names:
            return title[: m.start()].strip()
    return title


def _pair_neighbours(lines: list[_Line], lex: Lexicon, images: list[tuple[int, Image]]) -> None:
    """Step 2: decisions that need the next or previous line.

    Only two kinds of line start a decision: one classified as a credit, caption, related link, tag
    or byline marker, and one the next line repeats with more text (a caption printed twice); the
    others are skipped without a look (the kernel's :func:`neighbour_starts`).
    """
    n = len(lines)
    starts = _K.neighbour_starts(lines)
    n_starts = len(starts)
    c = 0
    i = 0
    while i < n:
        while c < n_starts and starts[c] < i:
            c += 1
        if c == n_starts:
            break
        i = starts[c]
        ln = lines[i]
        v = ln.verdict
        nxt = lines[i + 1] if i + 1 < n else None
        # a caption printed twice: bare, then with "(credit)" appended
        if (
            ln.kind is None
            and nxt is not None
            and nxt.kind is None
            and len(nxt.text) > len(ln.text) + 2
            and nxt.text.startswith(ln.text)
            and (v is None or v.kind is _K_CAPTION)
        ):
            tail = nxt.text[len(ln.text) :].strip()
            credit = parse_credit(tail, lex) if tail.startswith("(") and tail.endswith(")") else None
            if credit:
                images.append((ln.no, Image(caption=ln.text, credit=credit)))
                ln.kind = nxt.kind = _K_CAPTION
                i += 2
                continue
        if v is None or ln.kind is not None:
            i += 1
            continue
        if v.kind is _K_CREDIT:
            ln.kind = _K_CREDIT
            # an ALL-CAPS credit line ("KCNA VIA KNS/AFP") is printed above its caption; other
            # credits ("Photo by X/Getty Images") follow the caption or stand alone
            if nxt is not None and nxt.kind is None and nxt.words <= 60 and v.value.isupper():
                nv = nxt.verdict
                if nv is None and strip_dateline(nxt.text, lex)[0] is None:
                    images.append((ln.no, Image(caption=nxt.text, credit=v.value)))
                    nxt.kind = _K_CAPTION
                    i += 2
                    continue
                if nv is not None and nv.kind is _K_CAPTION and not nv.value[1]:
                    images.append((ln.no, Image(caption=nv.value[0], credit=v.value)))
                    nxt.kind = _K_CAPTION
                    i += 2
                    continue
            prev_img = images[-1][1] if images and i > 0 and images[-1][0] == lines[i - 1].no else None
            if prev_img is not None and not prev_img.credit:
                prev_img.credit = v.value
            else:
                images.append((ln.no, Image(credit=v.value)))
        elif v.reason == "byline marker":
            names = (
                parse_names(nxt.text, lex)
                if nxt is not None and nxt.verdict is None and nxt.kind is None
                else []
            )
            if names:
                by = Byline(tuple(names), v.value.role)
                reason = "byline" if by.role == "author" else "editor"
                ln.verdict = nxt.verdict = Verdict(_K_BYLINE, reason, by)
                ln.kind = nxt.kind = _K_BYLINE
                i += 2
                continue
        elif v.kind is _K_CAPTION:
            ln.kind = _K_CAPTION
            cap, credit = v.value
            images.append((ln.no, Image(caption=cap, credit=credit)))
        elif v.kind is _K_RELATED and v.value is None:
            # a bare "Baca juga" / "Related:" marker: the headline lines right after it
            ln.kind = _K_RELATED
            j = i + 1
            while j < n and j - i <= 10:
                t = lines[j]
                if (
                    t.verdict is not None
                    or t.kind is not None
                    or t.words > 25
                    or t.ends
                    or t.no - lines[j - 1].no > 2
                ):
                    break
                t.kind = _K_RELATED
                t.verdict = Verdict(_K_RELATED, "related link", t.text)
                j += 1
            i = j
            continue
        elif v.kind is _K_TAG and v.value == []:
            ln.kind = _K_TAG
            items: list[str] = []
            j = i + 1
            while j < n and len(items) < 20:
                t = lines[j]
                if (
                    t.verdict is not None
                    or t.kind is not None
                    or t.words > 5
                    or t.ends
                    or t.no - lines[j - 1].no > 2
                ):
                    break
                t.kind = _K_TAG
                t.verdict = Verdict(_K_TAG, "tags", [t.text.strip("#")])
                items.append(t.text)
                j += 1
            i = j
            continue
        i += 1


def _score(lines: list[_Line], lex: Lexicon) -> None:
    """Step 3a: a score per line; positive for story-like lines (the kernel's :func:`score_lines`).

    Two openings add a bonus to the next story-like line: a dateline ("JAKARTA, KOMPAS.com -",
    only the first two seen count) and an article header (a headline-shaped line followed by a
    byline or date line).
    """
    _K.score_lines(lines, _classifier(lex))


def _mark_tables(lines: list[_Line]) -> None:
    """Step 3a': tables rendered one cell per line are content, not menus.

    A run of at least :data:`TABLE_MIN_LINES` short unclassified lines of which 40% or more hold
    figures ("107,764,591", "16.4", "85%") is a table: its cells score slightly positive and
    join the story when they are inside (or next to) it.
    """
    _K.mark_tables(lines, TABLE_MIN_LINES)


def _best_region(lines: list[_Line], share: float = EARLY_SHARE) -> tuple[int, int] | None:
    """Step 3b: the story's run of lines.

    Kadane's scan splits the lines into runs of positive total score (a run ends where the running
    total drops to zero). The first run scoring at least ``share`` of the best one wins: a story
    comes before its comments and "more stories" blocks, which can be longer.
    """
    return _K.best_region(lines, share)


def _pick_title(
    lines: list[_Line], ups: list[int], body_idx: list[int], lex: Lexicon, story: set[str] | None = None
) -> int | None:
    """The headline among the lines above the body: headline-shaped, close, and about the story.

    Each candidate scores by the share of its content words that the first paragraphs use (a
    headline summarises its story; menus, captions and promos do not), plus closeness, plus a
    bonus when a byline or date line follows it; captions ending in a credit score down. Then:

    - of two printings of the headline (same content words), the fuller one wins
      ("Bei Protesten 2022: Bericht: …" over "Bei Protesten 2022 Bericht: …");
    - a headline-shaped line directly above the winner, shorter and about the story as much,
      is the headline and the winner its standfirst.
    """
    if story is None:
        story = _story_words(lines, body_idx)
    return _K.pick_title(lines, ups, story, lex, OVERLAP_PRIOR, HEADER_REACH, HEADER_BONUS)


def _standfirst(
    lines: list[_Line], title_k: int, a: int, body_idx: list[int], story: set[str] | None = None
) -> int | None:
    """The standfirst: the first long unclassified line right under the title, about the story.

    It must share at least :data:`STANDFIRST_OVERLAP` of its content words with the first
    paragraphs (a disclaimer or promo printed there does not).
    """
    for k in range(title_k + 1, min(a, title_k + 1 + STANDFIRST_REACH)):
        ln = lines[k]
        if ln.kind is not None or ln.verdict is not None:
            continue
        if _lead_like(ln) and ln.words <= 80 and not ln.reason:
            words = _content_words(ln.text)
            if story is None:
                story = _story_words(lines, body_idx)
            if words and len(words & story) >= STANDFIRST_OVERLAP * len(words):
                return k
            return None
        if ln.words >= 3:  # a headline-shaped or other text line first: no standfirst
            return None
    return None


def _caps_credit_like(ln: _Line) -> bool:
    """A short ALL-CAPS line such as "BPBD KOTA BEKASI" or "REUTERS/JOHN DOE" (a photo credit shape)."""
    t = ln.text
    return (
        ln.words <= 8
        and len(t) <= 60
        and not ln.ends
        and t[-1] not in ":,;"
        and t.upper() == t
        and t.lower() != t
    )


def _header_credits(lines: list[_Line], a: int, b: int, lex: Lexicon, images: list[tuple[int, Image]]) -> int:
    """Credit + caption pairs printed between the article header and the story; returns the new start.

    Above the story a picture is printed as an ALL-CAPS credit line ("BPBD KOTA BEKASI") directly
    followed by its caption. The pair counts only when a headline-shaped line sits above it (so an
    ALL-CAPS headline with its standfirst is never mistaken for one) and the caption is not the
    dateline opening. When the region began at the credit or the caption, the story starts after it.
    """
    lo = max(1, a - 12)
    # the caption may be the region's first line when no dateline opened it, and the credit too (a
    # trained line model can score a short credit line above a story-like caption just above zero)
    hi = min(a + 1, b)
    k = lo
    while k < hi:
        ln = lines[k]
        nxt = lines[k + 1]
        if (
            ln.kind is None
            and ln.verdict is None
            and nxt.kind is None
            and nxt.verdict is None
            and nxt.words >= 5
            and nxt.dateline is None
            and _caps_credit_like(ln)
            and not _caps_credit_like(nxt)
            and strip_dateline(ln.text, lex)[0] is None
            and strip_dateline(nxt.text, lex)[0] is None
            and any(
                _title_like(lines[j]) and not _caps_credit_like(lines[j])
                for j in range(max(0, k - _TITLE_WINDOW), k)
                if lines[j].kind is None and lines[j].verdict is None
            )
        ):
            images.append((ln.no, Image(caption=nxt.text, credit=ln.text)))
            ln.kind = _K_CREDIT
            nxt.kind = _K_CAPTION
            if k + 1 >= a:
                a = k + 2
            k += 2
            continue
        k += 1
    # the credit printed under its caption, right above the story: "caption" / "BPBD KOTA BEKASI"
    k = a - 1
    if k >= 2 and a <= b:
        ln, prev = lines[k], lines[k - 1]
        if (
            ln.kind is None
            and ln.verdict is None
            and prev.kind is None
            and prev.verdict is None
            and prev.words >= 5
            and prev.dateline is None
            and _caps_credit_like(ln)
            and not _caps_credit_like(prev)
            and strip_dateline(ln.text, lex)[0] is None
            and any(
                _title_like(lines[j]) and not _caps_credit_like(lines[j])
                for j in range(max(0, k - 1 - _TITLE_WINDOW), k - 1)
                if lines[j].kind is None and lines[j].verdict is None
            )
        ):
            images.append((prev.no, Image(caption=prev.text, credit=ln.text)))
            ln.kind = _K_CREDIT
            prev.kind = _K_CAPTION
    return a


def _story_words(lines: list[_Line], body_idx: list[int]) -> set[str]:
    """Content words of the first four story paragraphs (what a headline or standfirst is about)."""
    return _K.story_words(lines, body_idx)


def _content_words(text: str) -> set[str]:
    """Lower-case words of 4+ letters in the first 2,000 characters."""
    return _K.content_words(text)


def _head(paras: list[str], chars: int) -> list[str]:
    """The first paragraphs of ``paras`` whose joined text reaches ``chars`` characters (all when shorter).

    ``" ".join(_head(p, n))[:n] == " ".join(p)[:n]`` without joining the whole body.

    >>> _head(["ab", "cd", "ef"], 4)
    ['ab', 'cd']
    """
    total = -1
    for k, p in enumerate(paras):
        total += len(p) + 1
        if total >= chars:
            return paras[: k + 1]
    return paras


def extract_text(text: str, *, lang: str | None = None) -> Article:
    """Extract an article from flattened page text (one block per line, chrome included).

    ``lang`` narrows the chrome lexicon to one language; by default every language's phrases apply
    and ``lang`` is guessed from frequent words (``field_sources["lang"] == "lexicon"``).
    """
    lex = Lexicon.for_lang(lang)
    art = Article()
    if text.find("\x00", 0, 4096) >= 0:  # no copy of the first 4 KiB
        text = text.replace("\x00", "")
    lines = _split_lines(text, art, lex)
    images: list[tuple[int, Image]] = []
    _pair_neighbours(lines, lex, images)
    _score(lines, lex)
    _mark_tables(lines)
    # the trained line model (warta.extract.lines_model) replaces the hand scores: z = log-odds of body
    model = _line_model()
    z = _rescore(lines, lex, model) if model is not None else []
    keep = model.keep if model is not None else 0.0
    span = _best_region(lines)
    n = len(lines)

    # body region, starting at the dateline opening when there is one
    a, b = span if span is not None else (n, n - 1)
    seen = 0
    for k in range(a, b + 1):  # the opening must be one of the first story lines of the region
        if lines[k].dateline is not None:
            a = k
            break
        if lines[k].body_like:
            seen += 1
            if seen >= 3:
                break
    if a <= b:
        a = _header_credits(lines, a, b, lex, images)
        images.sort(key=lambda x: x[0])
    # the story's lines (body paragraphs and subheadings), the line model's verdict first
    body_idx, headings, a = _K.select_body(lines, a, b, z, keep, HEADINGS)

    # title and lead: walk up from the body start
    title_k = lead_k = None
    ups = _K.free_above(lines, a, _TITLE_WINDOW)
    if ups:
        first = lines[ups[0]]
        second = lines[ups[1]] if len(ups) > 1 else None
        opening = a < n and lines[a].dateline is not None
        if (
            opening
            and second is not None
            and _title_like(second)
            and _lead_like(first)
            and first.words > second.words
        ):
            title_k, lead_k = ups[1], ups[0]
        else:
            story = _story_words(lines, body_idx)
            title_k = _pick_title(lines, ups, body_idx, lex, story)
            if title_k is not None and STANDFIRST:
                lead_k = _standfirst(lines, title_k, a, body_idx, story)
    if title_k is None and not body_idx:
        title_k = next(
            (k for k, ln in enumerate(lines) if ln.kind is None and ln.verdict is None and _title_like(ln)),
            None,
        )
    if title_k is not None:
        lines[title_k].kind = _K_TITLE
        art.title = _clean_title(lines[title_k].text, lex)
        art.field_sources["title"] = "text"
    if lead_k is not None:
        lines[lead_k].kind = _K_LEAD
        art.lead = lines[lead_k].text
        art.field_sources["lead"] = "text"

    # body paragraphs, dateline and editor initials stripped
    first = None
    if body_idx and lines[body_idx[0]].kind is _K_BODY:
        dl, outlet, rest = lines[body_idx[0]].dateline or strip_dateline(lines[body_idx[0]].text, lex)
        if dl is not None:
            art.dateline = dl
            art.field_sources["dateline"] = "text"
            if outlet:
                art.outlet = outlet
                art.field_sources["outlet"] = "dateline"
            first = rest
    body = _K.paragraphs(lines, body_idx, first, art.removed)
    art.body = body
    art.headings = headings

    # everything else: metadata from the classified lines, the rest is removed
    lo = (title_k if title_k is not None else a) - 5
    hi = b + 5
    published_line = None
    authors: list[str] = []
    copyright_info: list[Copyright] = []
    removed = art.removed
    presorted = not removed  # this loop appends in line order; earlier entries need a sort

    def on_verdict(k: int, ln: _Line) -> None:
        """A classified line outside the kept fields: to its field (related, tags, byline ...) or removed."""
        nonlocal published_line
        v = ln.verdict
        kind = v.kind
        if kind is _K_RELATED:
            if v.value:
                art.related.append(Related(title=v.value))
            else:
                art.removed.append(Removed(text=ln.text, reason=v.reason, line=ln.no))
            return
        if kind is _K_TAG:
            for t in v.value:
                if t and t not in art.tags:
                    art.tags.append(t)
            if not v.value:
                art.removed.append(Removed(text=ln.text, reason=v.reason, line=ln.no))
            return
        if kind is _K_BYLINE:
            by: Byline = v.value
            if by.role == "author":
                authors.extend(x for x in by.names if x not in authors)
                if by.outlet and not art.outlet:
                    art.outlet = by.outlet
                    art.field_sources["outlet"] = "byline"
        elif kind is _K_DATE:
            if published_line is None and lo <= k <= hi:
                published_line = ln.text
        elif kind is _K_CHROME and isinstance(v.value, Copyright):
            copyright_info.append(v.value)
        elif kind is _K_DATELINE and not art.dateline:
            art.dateline, outlet = v.value
            if outlet and not art.outlet:
                art.outlet = outlet
                art.field_sources["outlet"] = "dateline"
        art.removed.append(Removed(text=ln.text, reason=v.reason, line=ln.no))

    # unclassified lines outside the fields are removed (reason: the line's, else where it sits),
    # classified ones go through on_verdict, in line order
    _K.removed_lines(lines, a, b, removed, _KEPT, on_verdict, _PLAIN)
    if not presorted:
        art.removed.sort(key=lambda r: r.line if r.line is not None else -1)

    if authors:
        art.authors = authors
        art.field_sources["authors"] = "text"
    for c in copyright_info:
        if c.year and f"year:{c.year}" not in art.date_hints:
            art.date_hints.append(f"year:{c.year}")
        if c.publisher and not art.publisher:
            art.publisher = c.publisher
            art.field_sources["publisher"] = "copyright"
        if c.outlet and not art.outlet:
            art.outlet = c.outlet
            art.field_sources["outlet"] = "copyright"
    if published_line:
        published = parse_text_date(published_line)
        if published:
            art.published = published
            art.field_sources["published"] = "text"
    lo_line = lines[lo].no if 0 <= lo < n else -1
    hi_line = lines[hi].no if hi < n else 1 << 62
    art.images = [img for no, img in images if lo_line <= no <= hi_line]

    if lang:
        art.lang = lang
        art.field_sources["lang"] = "given"
    else:
        sample = " ".join(_head(body, 1500))[:1500]  # (lower-cased by guess_lang, run by run)
        guess = _K.guess_lang(sample, _classifier(lex), lower=True)
        if guess:
            art.lang = guess
            art.field_sources["lang"] = "lexicon"
    return art


__all__ = ["MAX_CHARS", "MAX_LINES", "MAX_PARAGRAPH", "extract_text"]
