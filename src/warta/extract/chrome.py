"""Chrome rules shared by the text and HTML extractors: what on a news page is not the article.

"Chrome" is everything a page prints around the story: navigation, share / follow / comment
widgets, ads, "Baca juga" related links, photo credits and captions, bylines, copyright footers,
syndication notices ("Artikel ini telah tayang di …"), editor initials ("(fyk/ash)"), and the
dateline prefix of the first paragraph ("JAKARTA, KOMPAS.com -"). The phrases come from
``lang/<code>/chrome.toml`` (table ``[chrome]``); the rules here are language-independent.

Public API (all functions are pure and cheap; regexes are compiled once per lexicon)::

    from warta.extract.chrome import Lexicon, LineKind, classify_line, strip_dateline, parse_credit

    lex = Lexicon.for_lang("id")          # cached; None -> every language merged
    v = classify_line("Baca juga: Judul lain", lex)
    v.kind, v.reason, v.value             # (LineKind.RELATED, 'related link', 'Judul lain')
    classify_line("Pemimpin Korea Utara bertemu Xi.", lex)   # None: nothing chrome about it
    strip_dateline("JAKARTA, KOMPAS.com - Isi berita.", lex)
    # -> ('JAKARTA, KOMPAS.com', 'Kompas', 'Isi berita.')
    parse_credit("(Mark Schiefelbein/AP Photo)", lex)         # 'Mark Schiefelbein/AP Photo'
    is_related_prefix("Baca Juga: X", lex)                    # True
    split_caption_credit("Presiden X (Foto/AFP)", lex)        # ('Presiden X', 'Foto/AFP')
    parse_copyright("© 2021 TRIBUNnews.com, a subsidiary of KG Media.", lex)
    # -> Copyright(year=2021, outlet='Tribunnews', publisher='KG Media')
    outlet_name("KOMPAS.com", lex)                            # 'Kompas'
    parse_names("Tribunnews.com, Andari Wulan N", lex)       # ['Andari Wulan N']
    is_section_break("Comments (3)", lex)                     # True: the story ends here
    boilerplate_hits("We use cookies on our website to show personalised ads", lex)  # 3: a cookie banner
    guess_lang(["yang", "dan", ...], lex)                     # 'id' (or None)

Verdict reasons (``Verdict.reason``): ``advertisement``, ``chrome phrase``, ``widget``,
``section break``, ``comment header``, ``copyright``, ``syndication notice``, ``editor initials``,
``relative time``, ``bare link``, ``related link`` / ``related marker``, ``tags`` / ``tag label``,
``byline`` / ``editor`` / ``byline marker``, ``photo credit``, ``caption``, ``date line``, ``dateline``.
An HTML extractor can drop a block whose verdict kind is CHROME, move RELATED / TAG / BYLINE /
CREDIT / CAPTION blocks to their fields, and treat a ``section break`` as the end of the story.

:func:`classify_line` looks at one line (or text block) alone. Decisions that need neighbours
(a credit line followed by its caption, a caption printed twice, the title, the lead, the body
region) are made by the extractors (:mod:`warta.extract.text`). The ``value`` of a verdict
depends on its kind: RELATED -> title or None (bare "Baca juga" marker), TAG -> list of tags,
BYLINE -> :class:`Byline`, CREDIT -> credit text, CAPTION -> (caption, credit | None),
DATE -> the line, CHROME -> :class:`Copyright` for copyright footers, else None.

Only the first :data:`MAX_LINE` characters of a line are looked at, so a 10 MB line costs no
more than a short one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from warta import lang as _lang

MAX_LINE = 600
"""Characters of a line the rules look at (long lines are body text or junk, never chrome)."""


class LineKind(StrEnum):
    """What a line of a news page is."""

    TITLE = "title"
    LEAD = "lead"
    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"
    DATELINE = "dateline"
    DATE = "date"
    RELATED = "related"
    TAG = "tag"
    CHROME = "chrome"


# Enum attribute access is slow on Python 3.11: hot paths use these aliases
_K_BYLINE = LineKind.BYLINE
_K_CAPTION = LineKind.CAPTION
_K_CHROME = LineKind.CHROME
_K_CREDIT = LineKind.CREDIT
_K_DATE = LineKind.DATE
_K_DATELINE = LineKind.DATELINE
_K_RELATED = LineKind.RELATED
_K_TAG = LineKind.TAG


AD_REASON = "advertisement"
"""The verdict reason of an advertisement slot ("ADVERTISEMENT", Postmedia's "Article content"): chrome by
kind, but printed between a story's paragraphs, so text mode lets the story run past it."""


class Verdict(NamedTuple):
    kind: LineKind
    reason: str
    value: Any = None


class Byline(NamedTuple):
    """Names found on a byline line; ``role`` is ``author`` or ``editor``."""

    names: tuple[str, ...]
    role: str
    outlet: str | None = None


class Copyright(NamedTuple):
    year: int | None
    outlet: str | None
    publisher: str | None


_WS = re.compile(r"\s+")
_DOMAIN = re.compile(r"(?<![\w@])([A-Za-z][A-Za-z0-9-]*)((?:\.[A-Za-z]{2,6}){1,2})(?![\w])")
_COPY_NOISE = re.compile(r"©|\(c\)|copyright|(?<!\d)(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?(?!\d)", re.I)
_USERNAME = re.compile(r"^(?:[a-z][\w.-]*|\w*[\d_]\w*)\s+\S+:?$")
_DIGIT = re.compile(r"\d")
_NAME_SAYS = re.compile(r"^(?:[A-Z][\w.'-]*\s+){2,4}\S+:?$")
_URL = re.compile(r"(?:https?://|www\.)\S+$")
_GLUED = re.compile(r"(?<=[a-z]{3})[a-z](?=[A-Z][a-z]{2})")
_YEAR4 = re.compile(r"\d{4}")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_INITIALS = re.compile(r"^[(\[]\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5}){0,4}\s*[)\]]\.?$")
TRAILING_INITIALS = re.compile(r"\s*[(\[]\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5}){0,4}\s*[)\]]\s*$")
"""Detik/Kompas-style editor initials at the end of a paragraph: ``… kata dia. (fyk/ash)``."""
_PAREN_BYLINE = re.compile(r"^\(\s*([A-Za-z][\w-]*(?:\.[A-Za-z]{2,6}){1,2})\s*/\s*([^()/]{3,80})\)\.?$")
_TRAILING_PAREN = re.compile(r"^(?P<cap>.{3,}?)\s*\((?P<cr>[^()]{2,80})\)\s*$")
# the lookahead only skips head lengths where no separator can start (same matches, fewer tries)
_DATELINE_RE = re.compile(
    r"^(?P<head>[^\n]{2,90}?)(?=[\s:\-–—])(?:\s+[-–—]{1,2}\s*|\s*[-–—]{2}\s*|(?P<colon>:)\s+)(?=\S)"
)
_PAREN_AGENCY = re.compile(r"\(\s*([A-Za-z][\w .&]{0,25}?)\s*\)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\||\band\b|\bdan\b|\bdengan\b)\s*")
_NAME_JOINERS = frozenset(["and", "dan", "dengan", "&"])
_NAME_PARTICLES = frozenset(
    [
        "bin",
        "binti",
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "al",
        "el",
        "la",
        "le",
        "du",
        "dos",
        "bt",
        "b",
    ]
)
_SENT_END = ".!?\"”’'…"
_NAME_OUTLET = re.compile(r"^([^-–—|]{3,60}?)\s+[-–—|]\s+(\S{3,30})$")
_DATE_SPLIT = re.compile(r"[\s,|/()-]+")
_SPECIAL = re.compile(r"[\d/:()\[|©\-–—]")
"""Characters at least one rule after the prefix and copyright checks needs (see :func:`classify_line`)."""
KEY_STRIP = " :.!»›>|-–—•·"
"""Stripped off a short line's lower-cased form to give its key (whole-line phrases, section breaks)."""
FIRST_WORD_STRIP = ":：|-–—»›>.,"
"""Stripped off the end of a line's first word before the prefix-phrase lookup."""
_PLACE_SPLIT = re.compile(r"[\s,/]+")
_SEP_CHAR = re.compile(r"[-–—:]")
_LOWER_START = re.compile(r"(?<![^\s,/])[a-z]")
_WORD_END = re.compile(r"[\s,/]")
_TAG_SPLIT = re.compile(r"\s*[,|·•;/#]\s*")
_AUTHOR_END = re.compile(r"\s*[;|]\s*")
_PUBLISHER_END = re.compile(r"[.|;]\s|[.|;]$|\s[-–—]\s|,\s*(?:all|hak)\b", re.I)
_HOLDER_END = re.compile(r"\s[|–—-]\s")
_PARENS = re.compile(r"\s*\([^()]*\)")


def _first_chars(words: Iterable[str], extra: str = "") -> str:
    """A character class of the words' first characters (plus ``extra``), e.g. ``[ABab]``.

    Put in a lookahead before an alternation of the words, it lets a regex search skip the
    positions where none of them can start without trying each one (the matches are the same).

    >>> _first_chars(["Jan", "feb", "dok."], extra="0-9")
    '[0-9Jdf]'
    """
    return "[" + extra + "".join(re.escape(c) for c in sorted({w[0] for w in words if w})) + "]"


def _norm_phrase(p: str) -> str:
    """``p`` stripped, lower-cased, its runs of white space one space (remembered: the matched
    prefix phrases of a batch are few).

    >>> _norm_phrase(" Baca  Juga ")
    'baca juga'
    """
    got = _NORM_PHRASES.get(p)
    if got is None:
        if len(_NORM_PHRASES) >= 4096:
            _NORM_PHRASES.clear()
        got = _NORM_PHRASES[p] = _WS.sub(" ", p.strip().lower())
    return got


_NORM_PHRASES: dict[str, str] = {}


def _caps_ratio(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) / len(words)


def _is_all_caps(s: str) -> bool:
    return s.isupper() and len(s) >= 2


class Lexicon:
    """Compiled chrome knowledge for one language (or all merged). Build with :meth:`for_lang`.

    >>> lex = Lexicon.for_lang("id")
    >>> lex.is_chrome_line("KOMENTAR")
    True
    """

    def __init__(self, data: dict[str, Any], codes: tuple[str, ...]):
        c = data.get("chrome", {})
        self.codes = codes
        self.lines: frozenset[str] = frozenset(_norm_phrase(p).rstrip(":") for p in c.get("lines", []))
        self.advertising: frozenset[str] = frozenset(_norm_phrase(p) for p in c.get("advertising", []))
        self.outlets: dict[str, str] = {k.lower(): v for k, v in c.get("outlets", {}).items()}
        self.outlet_names: frozenset[str] = frozenset(v.lower() for v in self.outlets.values())
        """Display names of the known outlets, lower-cased ("kompas", "tribunnews")."""
        self.agencies: dict[str, str] = {a.lower(): a for a in c.get("agencies", [])}
        self.credit_words: frozenset[str] = frozenset(_norm_phrase(p) for p in c.get("credit_words", []))
        self.copyright_words: tuple[str, ...] = tuple(_norm_phrase(p) for p in c.get("copyright_words", []))
        self.copyright_words_longest_first = tuple(sorted(self.copyright_words, key=len, reverse=True))
        self.publisher_cues: tuple[str, ...] = tuple(_norm_phrase(p) for p in c.get("publisher_cues", []))
        cw = sorted({*self.copyright_words, "copyright", "hak cipta", "(c) "}, key=len, reverse=True)
        # phrases of 3+ words ("all rights reserved") may stand anywhere in a short line; shorter
        # ones ("copyright", "hak cipta") only open it: "pelanggaran hak cipta marak …" is a sentence
        self.copyright_re = re.compile("|".join(re.escape(p) for p in cw if p.count(" ") >= 2) or "(?!x)x")
        self.copyright_starts: tuple[str, ...] = tuple(cw)
        self.section_breaks: frozenset[str] = frozenset(_norm_phrase(p) for p in c.get("section_breaks", []))
        self.comment_cues: tuple[str, ...] = tuple(_norm_phrase(p) for p in c.get("comment_cues", []))
        bp = [w.lower() for w in c.get("boilerplate_words", [])]
        # with the punctuation a word may carry, so a plain split() finds it ("cookies," "privacy.")
        self.boilerplate_words: frozenset[str] = frozenset(
            w + p for w in bp for p in ("", ",", ".", ":", ";", ")")
        )
        self.company_words: frozenset[str] = frozenset(_norm_phrase(p) for p in c.get("company_words", []))
        self.company_phrases: tuple[str, ...] = tuple(w for w in self.company_words if " " in w)
        """The company words of more than one word (looked for anywhere in a copyright holder)."""
        labels = sorted({_norm_phrase(p) for p in c.get("date_labels", [])}, key=len, reverse=True)
        ago = sorted({_norm_phrase(p) for p in c.get("ago_words", [])}, key=len, reverse=True)
        self.date_label_words: frozenset[str] = frozenset(w for p in labels for w in p.split())
        self.ago_re = (
            re.compile(rf"\d+\s*\w+\s+(?:{'|'.join(map(re.escape, ago))})\.?$", re.I)
            if ago
            else re.compile(r"(?!x)x")
        )
        # what ago_re's match must end with: tested on a line's last characters first (cheap)
        self.ago_tail_re = (
            re.compile(rf"(?:{'|'.join(map(re.escape, ago))})\.?$", re.I) if ago else re.compile(r"(?!x)x")
        )
        self.ago_tail = max(map(len, ago), default=0) + 1
        self.ago_words: tuple[str, ...] = tuple(ago)
        """The "ago" phrases ("yang lalu", "ago") of ``ago_re``, longest first."""
        # prefix phrase -> kind, with priority: earlier groups win a phrase listed twice
        groups = (
            ("syndication", c.get("syndication_prefixes", [])),
            ("related", c.get("related_prefixes", [])),
            ("tag", c.get("tag_prefixes", [])),
            ("author", c.get("author_prefixes", [])),
            ("editor", c.get("editor_prefixes", [])),
            ("caption", c.get("caption_prefixes", [])),
            ("widget", c.get("prefixes", [])),
        )
        self.prefix_kind: dict[str, str] = {}
        self.needs_colon: set[str] = set()
        for kind, phrases in groups:
            for p in phrases:
                n = _norm_phrase(p)
                if n.endswith(":"):
                    n = n[:-1].rstrip()
                    self.needs_colon.add(n)
                if n:
                    self.prefix_kind.setdefault(n, kind)
        # one small regex per first word: a line only meets the phrases its first word can start
        by_first: dict[str, list[str]] = {}
        for p in self.prefix_kind:
            by_first.setdefault(p.split(" ", 1)[0], []).append(p)
        self.prefix_phrases: dict[str, tuple[str, ...]] = {
            fw: tuple(sorted(ps, key=len, reverse=True)) for fw, ps in by_first.items()
        }
        """First word -> its prefix phrases in the order ``prefix_by_first``'s regex tries them."""
        self.prefix_by_first: dict[str, re.Pattern[str]] = {
            fw: re.compile(rf"^(?:{'|'.join(re.escape(p) for p in ps)})(?![\w])", re.I)
            for fw, ps in self.prefix_phrases.items()
        }
        credit_alt = "|".join(
            re.escape(w) for w in sorted(self.credit_words | set(self.agencies), key=len, reverse=True)
        )
        # a lookahead on the words' first characters lets a search skip most positions (same matches)
        credit_first = _first_chars(self.credit_words | set(self.agencies))
        self.credit_word_re = (
            re.compile(rf"(?={credit_first})(?<![\w])(?:{credit_alt})(?![\w])", re.I) if credit_alt else None
        )
        labels = {f(w) for w in self.credit_words for f in (str.capitalize, str.upper)}
        label_alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
        # "Caption text. Foto: ANTARA/Budi" / "… Photo: Jane Doe"
        self.trailing_credit_re = (
            re.compile(rf"^(?P<cap>.{{8,}}?)\s+(?:{label_alt})\s*:\s*(?P<cr>[A-Z][^:]{{1,60}})$")
            if label_alt
            else re.compile(r"(?!x)x")
        )
        self.credit_start_re = (
            re.compile(rf"^(?={credit_first})(?:{credit_alt})\.?\s*[:/]\s*\S", re.I)
            if credit_alt
            else re.compile(r"(?!x)x")
        )
        # dates: month and weekday names of the languages in this lexicon
        dates = data.get("dates", {})
        months = sorted({m for names in dates.get("months", []) for m in names}, key=len, reverse=True)
        weekdays = sorted({w for names in dates.get("weekdays", []) for w in names}, key=len, reverse=True)
        self.month_words: frozenset[str] = frozenset(months)
        self.weekday_words: frozenset[str] = frozenset(weekdays)
        m_alt = "|".join(re.escape(m) for m in months) or "(?!x)x"
        date_first = _first_chars(months, extra=r"\d")
        self.abs_date_re = re.compile(
            rf"(?={date_first})(?<!\w)(?:\d{{1,2}}\s+(?:{m_alt})\.?,?\s+\d{{4}}|(?:{m_alt})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
            rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?!\w)",
            re.I,
        )
        self.hint_words: dict[str, frozenset[str]] = {}
        for code in codes:
            words = _lang.load(code).get("chrome", {}).get("hint_words", [])
            if words:
                self.hint_words[code] = frozenset(w.lower() for w in words)
        self.whole_line = self._whole_line_verdicts()
        self.hint_weights: dict[str, tuple[tuple[str, float], ...]] = {}
        for code, words in self.hint_words.items():
            for w in words:
                shared = any(w in other for c, other in self.hint_words.items() if c != code)
                self.hint_weights[w] = (*self.hint_weights.get(w, ()), (code, 1.0 if shared else 3.0))

    def _whole_line_verdicts(self) -> dict[str, Verdict]:
        """Verdicts of whole lines known in advance (ads, section breaks, chrome phrases): one lookup."""
        table: dict[str, Verdict] = {}
        for p in self.lines:
            v = _classify_prefix(p, p, self)
            if v is None:
                table[p] = Verdict(_K_CHROME, "chrome phrase")
            elif not v.value:  # a bare marker or label; a value would depend on the line's case
                table[p] = v
        for p in self.section_breaks:
            if is_related_prefix(p, self):  # "Related Posts": a marker whose headlines follow
                table[p] = Verdict(_K_RELATED, "related marker", None)
            else:
                table[p] = Verdict(_K_CHROME, "section break")
        for p in self.advertising:
            table[p] = Verdict(_K_CHROME, AD_REASON)
        return table

    @staticmethod
    @cache
    def for_lang(code: str | None = None) -> Lexicon:
        """The lexicon of one language, or of all languages merged when ``code`` is None or unknown."""
        if code and code in _lang.available() and _lang.load(code).get("chrome"):
            return Lexicon(_lang.load(code), (code,))
        return Lexicon(_lang.load_all(), _lang.available())

    def is_chrome_line(self, line: str) -> bool:
        v = classify_line(line, self)
        return v is not None and v.kind is _K_CHROME


def _outletish(token: str, lex: Lexicon) -> bool:
    """A domain, a known outlet, or a camel-case brand (``detikNews``)."""
    t = token.strip(" ,.()")
    if _DOMAIN.fullmatch(t) or t.lower() in lex.outlets or t.lower() in lex.agencies:
        return True
    return t[:1].islower() and any(ch.isupper() for ch in t[1:]) and t.isalnum()


def outlet_name(token: str, lex: Lexicon) -> str:
    """Display name of an outlet written as a domain or an agency: ``TRIBUNNEWS.COM`` -> ``Tribunnews``."""
    token = token.strip(" ,.()")
    stem = token.split(".")[0] if "." in token else token
    known = lex.outlets.get(stem.lower())
    if known:
        return known
    if stem.lower() in lex.agencies and not (stem.isupper() and len(stem) > 3):
        return lex.agencies[stem.lower()]
    if stem.isupper() and len(stem) > 3 or stem.islower():
        return stem.capitalize()
    if stem[:1].isupper() and stem[1:2].isupper() and any(ch.islower() for ch in stem):
        # TRIBUNnews -> Tribunnews; CNNIndonesia keeps its camel case
        upper_run = len(stem) - len(stem.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if stem[upper_run:].islower() and upper_run > 3:
            return stem.capitalize()
    return stem


def parse_names(text: str, lex: Lexicon) -> list[str]:
    """Person names from a byline remainder: ``"Tribunnews.com, Andari Wulan N"`` -> ``["Andari Wulan N"]``.

    Returns [] when any part does not look like a name (so "Oleh karena itu, …" is not a byline).
    """
    text = text.strip(" :-–—|")
    words = text.split()
    for j, w in enumerate(words):  # "Maria Okafor in Port Ellery, May 3" -> "Maria Okafor"
        if j and w[:1].islower() and w.lower() not in _NAME_PARTICLES and w.lower() not in _NAME_JOINERS:
            text = " ".join(words[:j]).rstrip(" ,;")
            break
    if not text or len(text) > 160 or text[-1:] in ".!?" and not text.endswith(" Jr."):
        return []
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        part = part.strip(" .-–—()")
        if not part:
            continue
        if _DOMAIN.fullmatch(part) or part.lower() in lex.agencies or part.lower() in lex.outlets:
            continue
        words = part.split()
        for j, w in enumerate(words):  # glued render: "Sophie FosterTravel News Reporter" -> "Sophie Foster"
            m = _GLUED.search(w)
            if j and m:
                words = [*words[:j], w[: m.start() + 1]]
                break
        for j, w in enumerate(words):  # "Maria Okafor in Port Ellery" -> "Maria Okafor"
            if j and w[:1].islower() and w.lower() not in _NAME_PARTICLES:
                words = words[:j]
                break
        if not 1 <= len(words) <= 5:
            return []
        for w in words:
            if w.lower() in _NAME_PARTICLES:
                continue
            # (the first character usually is the letter; a word of letters holds no digit: no code
            # point is both)
            if not (w[:1].isupper() and (w[0].isalpha() or any(ch.isalpha() for ch in w))) or (
                not w.isalpha() and any(ch.isdigit() for ch in w)
            ):
                return []
        if len(words) == 1 and len(words[0]) < 3:
            return []
        names.append(" ".join(words))
    return names


def parse_credit(s: str, lex: Lexicon) -> str | None:
    """The photo credit in ``s`` (parentheses and "Foto:" labels removed), or None if it is not one.

    >>> parse_credit("(Mark Schiefelbein/AP Photo)", Lexicon.for_lang("en"))
    'Mark Schiefelbein/AP Photo'
    """
    s = s.strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    if not s or len(s) > 100:
        return None
    words = s.split()
    if len(words) > 10 or s[-1] in "!?" or (s[-1] == "." and len(words) > 3 and not s.endswith("Dok.")):
        return None
    if "/" in s:
        parts = [p.strip() for p in s.split("/")]
        if all(p and (p[:1].isupper() or p.lower() in lex.credit_words) for p in parts):
            return s
        return None
    if (
        lex.credit_word_re is not None
        and lex.credit_word_re.search(s)
        and (_caps_ratio(words) >= 0.5 or len(words) <= 3)
    ):
        return s
    if _is_all_caps(s) and len(words) <= 6:
        return s
    return None


def split_caption_credit(line: str, lex: Lexicon) -> tuple[str, str] | None:
    """``"Caption text (Credit/Agency)"`` -> ``(caption, credit)``; None if the parenthesis is no credit.

    A sentence that ends before the parenthesis (``… kata dia. (AFP)``) is body text, not a caption,
    unless the credit names a photographer (``Name/Agency``).
    """
    m = _TRAILING_PAREN.match(line[:MAX_LINE])
    if not m:
        return None
    cap, cr = m.group("cap").strip(), m.group("cr").strip()
    credit = parse_credit(cr, lex)
    if not credit:
        return None
    if cap[-1:] in _SENT_END and "/" not in credit:
        return None
    return cap, credit


def is_section_break(line: str, lex: Lexicon) -> bool:
    """True for headings that end an article: "Comments (3)", "Related Posts", "Berita Terkait"."""
    return _is_break_key(_WS.sub(" ", line.strip().lower()).strip(KEY_STRIP), lex)


def _is_break_key(key: str, lex: Lexicon) -> bool:
    if key in lex.section_breaks or key.strip("0123456789 ()[]") in lex.section_breaks:
        return True
    if key[:1].isdigit():  # "34 responses to “…”", "12 comments on …"
        rest = key.lstrip("0123456789 ").split(" ")
        return rest[0] in lex.section_breaks or " ".join(rest[:2]) in lex.section_breaks
    return False


def is_related_prefix(s: str, lex: Lexicon) -> bool:
    """True when ``s`` starts with a related-link marker ("Baca juga", "Read more:", "Artikel berkaitan")."""
    m = _match_prefix(s.lstrip().lower(), lex)
    return bool(m) and lex.prefix_kind.get(_norm_phrase(m.group(0))) == "related"


def parse_copyright(line: str, lex: Lexicon) -> Copyright:
    """Year, outlet and publisher of a copyright footer ("© 2021 X.com, a subsidiary of Y")."""
    s = line[:MAX_LINE]
    years = [int(y) for y in _YEAR.findall(s)]
    low = s.lower()
    publisher = None
    for cue in lex.publisher_cues:
        i = low.find(cue)
        if i >= 0:
            rest = s[i + len(cue) :].strip(" :,")
            rest = _PUBLISHER_END.split(rest, maxsplit=1)[0].strip(" .,")
            if rest and len(rest.split()) <= 6:
                publisher = rest
            break
    outlet = None
    m = _DOMAIN.search(s) if "." in s else None  # (a domain has a dot)
    if m:
        outlet = outlet_name(m.group(0), lex)
    if publisher is None or outlet is None:
        # "© 2008 - 2025 PT Media Contoh. All rights reserved": the holder is a company or the outlet
        holder = _COPY_NOISE.sub(" ", s).strip(" .,-–—|:@")
        hl = holder.lower()  # lower-cased again only when the holder changes
        for w in lex.copyright_words_longest_first:
            i = hl.find(w)
            if i == 0:
                holder = holder[len(w) :].strip(" .,-–—|:@")
                hl = holder.lower()
            elif i > 0:
                holder = holder[:i]
                hl = holder.lower()
        holder = _HOLDER_END.split(holder, maxsplit=1)[0]
        holder = _PARENS.sub("", holder).strip(" .,-–—|:@")
        hw = holder.split()
        if holder and len(hw) <= 8 and holder[:1].isalnum():
            low_words = {w.lower().strip(",()") for w in hw}
            holder_low = holder.lower()
            if low_words & lex.company_words or any(c in holder_low for c in lex.company_phrases):
                publisher = publisher or holder
            elif outlet is None and len(hw) <= 3:
                outlet = outlet_name(holder, lex)
    return Copyright(max(years) if years else None, outlet, publisher)


def strip_dateline(paragraph: str, lex: Lexicon) -> tuple[str | None, str | None, str]:
    """Split the dateline off a paragraph: ``(dateline, outlet, rest)``; ``(None, None, paragraph)`` if none.

    Forms: "JAKARTA, KOMPAS.com - …", "TRIBUNNEWS.COM - …", "Jakarta (ANTARA) - …", "(ANTARA) - …",
    "Jakarta - …", "Liputan6.com, Jakarta - …", "WASHINGTON, June 3 (Reuters) - …",
    "KUALA LUMPUR, 3 Jan (Bernama) -- …", "KUALA LUMPUR: …" (colon only after an ALL-CAPS place).

    >>> strip_dateline("(ANTARA) - Harga naik.", Lexicon.for_lang("id"))
    ('(ANTARA)', 'Antara', 'Harga naik.')
    """
    head = paragraph[:96]
    if "-" not in head and "–" not in head and "—" not in head and ": " not in head:
        return None, None, paragraph
    if _lower_word_before_separator(head, lex):
        return None, None, paragraph
    m = _DATELINE_RE.match(paragraph[:200])
    if not m:
        return None, None, paragraph
    head = m.group("head").strip()
    rest = paragraph[m.end() :]
    outlet: str | None = None
    place = head
    am = _PAREN_AGENCY.search(head)
    if am:
        ag = am.group(1).strip()
        before = head[: am.start()]
        known = ag.lower() in lex.agencies or ag.lower() in lex.outlets or _DOMAIN.fullmatch(ag)
        # an unknown agency counts after an ALL-CAPS place or a date: "PORT X, June 3 (Wirenews) -"
        unknown_ok = (
            len(ag.split()) <= 2
            and ag[:1].isupper()
            and (_is_all_caps(before.split(",")[0]) or bool(lex.abs_date_re.search(before + " 2000")))
        )
        if known or unknown_ok:
            outlet = outlet_name(ag, lex)
            place = before + " " + head[am.end() :]
        else:
            return None, None, paragraph
    dm = _DOMAIN.search(place)
    if dm:
        if outlet is None:
            outlet = outlet_name(dm.group(0), lex)
        place = place[: dm.start()] + " " + place[dm.end() :]
    words = [w for w in _PLACE_SPLIT.split(place) if w]
    # what is left must be a place (capitalised words) and maybe a date
    place_words = []
    for w in words:
        lw = w.lower().strip(".")
        if w[:1].isdigit() or lw in lex.month_words or lw in lex.weekday_words:
            continue
        place_words.append(w)
    if len(place_words) > 4:
        return None, None, paragraph
    if any(not (w[:1].isupper() or w in ("-", "&")) for w in place_words):
        return None, None, paragraph
    caps = bool(place_words) and all(_is_all_caps(w) or not w.isalpha() for w in place_words)
    if m.group("colon"):
        if outlet or not caps:
            return None, None, paragraph
    elif outlet is None and not caps and len(place_words) > 2 and not _caps_place_then_name(place):
        return None, None, paragraph
    if outlet is None and not place_words:
        return None, None, paragraph
    if not rest or not (rest[:1].isupper() or rest[:1] in "\"“'‘(" or rest[:1].isdigit()):
        return None, None, paragraph
    return head, outlet, rest


def _lower_word_before_separator(head: str, lex: Lexicon) -> bool:
    """True when a word before the first dash or colon rules a dateline out: a cheap early exit.

    Every word before the first ``-–—:`` (when a space, comma or slash ends it) belongs to a
    dateline's head; one starting in lower case (a-z), with no dot (a domain), not a month or
    weekday name and with no parenthesis before it (an agency) is a word no dateline head may
    hold, so :func:`strip_dateline` would reject the paragraph after its regex anyway.
    """
    sep = _SEP_CHAR.search(head)
    if sep is None:
        return False
    q = sep.start()
    for m in _LOWER_START.finditer(head, 0, q):
        i = m.start()
        if "(" in head[:i]:
            return False
        end = _WORD_END.search(head, i, q)
        if end is None:  # glued to the separator: "covid-19", "tribun-medan.com"
            return False
        w = head[i : end.start()]
        lw = w.lower().strip(".")
        if "." not in w and lw not in lex.month_words and lw not in lex.weekday_words:
            return True
    return False


def _caps_place_then_name(head: str) -> bool:
    """ "SURABAYA, Harian Selat": an ALL-CAPS place of 1-3 words, a comma, then 1-3 capitalised words
    (an outlet without a domain). The outlet is not named from this form alone: "JAKARTA, Indonesia"
    has the same shape."""
    place, _, name = head.partition(",")
    pw, nw = place.split(), name.split()
    return (
        0 < len(pw) <= 3
        and all(_is_all_caps(w) for w in pw)
        and 0 < len(nw) <= 3
        and all(w[:1].isupper() for w in nw)
    )


def _match_prefix(low: str, lex: Lexicon) -> re.Match[str] | None:
    rx = lex.prefix_by_first.get(low.split(" ", 1)[0].rstrip(FIRST_WORD_STRIP))
    return rx.match(low) if rx is not None else None


def _classify_prefix(s: str, low: str, lex: Lexicon) -> Verdict | None:
    m = _match_prefix(low, lex)
    if not m:
        return None
    return _prefix_verdict(s, m, lex)


def _prefix_verdict(s: str, m: re.Match[str], lex: Lexicon) -> Verdict | None:
    """The verdict of a line whose lower-cased form matched a prefix phrase (``m``)."""
    return _prefix_verdict_at(s, m.group(0), m.end(), lex)


def _paren_verdict(s: str, lex: Lexicon) -> Verdict | None:
    """The rule for a line in parentheses: editor initials "(fyk/ash)", or a credit byline
    "(Tribunnews.com/Name)". Shared with the ``_lines`` kernel's rule 10."""
    if _INITIALS.match(s):
        return Verdict(_K_CHROME, "editor initials")
    m = _PAREN_BYLINE.match(s)
    if m:
        names = parse_names(m.group(2), lex)
        if names:
            return Verdict(_K_BYLINE, "byline", Byline(tuple(names), "author", outlet_name(m.group(1), lex)))
    return None


def _prefix_verdict_at(s: str, matched: str, end: int, lex: Lexicon) -> Verdict | None:
    """:func:`_prefix_verdict` given the match's text (``matched``) and end."""
    phrase = _norm_phrase(matched)
    kind = lex.prefix_kind.get(phrase)
    rest = s[end:]
    had_colon = rest.lstrip()[:1] in (":", "：")
    if phrase in lex.needs_colon and not had_colon:
        return None
    rest = rest.strip(" \t:：-–—|»›>")
    words = rest.split()
    n = len(words)
    if kind == "related":
        if not rest:
            return Verdict(_K_RELATED, "related marker", None)
        if n <= 40 and len(rest) <= 300:
            return Verdict(_K_RELATED, "related link", rest)
        return None
    if kind == "syndication":
        return Verdict(_K_CHROME, "syndication notice", rest or None)
    if kind == "tag":
        if not rest:
            return Verdict(_K_TAG, "tag label", [])
        if not had_colon and " " not in phrase and n > 4:
            return None
        items = [t.strip(" #.") for t in _TAG_SPLIT.split(rest) if t.strip(" #.")]
        if items and all(len(t.split()) <= 6 for t in items) and rest[-1:] not in "!?":
            return Verdict(_K_TAG, "tags", items)
        return None
    if kind in ("author", "editor"):
        if not rest and n == 0:  # "By" / "Penulis:" alone: the names are on the next line
            return Verdict(_K_BYLINE, "byline marker", Byline((), kind))
        if kind == "author":
            # "Reporting by X; Editing by Y": the author part ends at the first ';' or '|'
            rest = _AUTHOR_END.split(rest, maxsplit=1)[0]
        if len(rest.split()) > 10:  # "Author X, from Y, said she started reading …" is a sentence
            return None
        outlet = None
        dm = _DOMAIN.search(rest) if "." in rest else None  # (a domain has a dot)
        if dm:
            outlet = outlet_name(dm.group(0), lex)
        names = parse_names(rest, lex)
        if names:
            return Verdict(
                _K_BYLINE, "byline" if kind == "author" else "editor", Byline(tuple(names), kind, outlet)
            )
        return None
    if kind == "caption":
        if not rest:
            return None
        if phrase in lex.needs_colon or phrase.endswith(":"):
            credit = parse_credit(rest, lex)
            if credit and n <= 6:
                return Verdict(_K_CREDIT, "photo credit", credit)
        if n <= 60:
            sc = split_caption_credit(s, lex)
            if sc:
                return Verdict(_K_CAPTION, "caption", sc)
            return Verdict(_K_CAPTION, "caption", (s, None))
        return None
    if kind == "widget":
        if n <= 25:
            return Verdict(_K_CHROME, "widget", None)
        return None
    return None


def _credit_tail_ok(tail: str) -> bool:
    """Whether ``tail`` (what follows a line's last colon) can hold a trailing credit.

    A cheap test that :data:`Lexicon.trailing_credit_re` (``…:\\s*[A-Z][^:]{1,60}$``) needs to pass.
    """
    tail = tail.lstrip()
    return 1 < len(tail) <= 61 and "A" <= tail[0] <= "Z"


def classify_line(line: str, lex: Lexicon) -> Verdict | None:
    """Classify one line (or text block) on its own; None when it may be article text.

    >>> classify_line("ADVERTISEMENT", Lexicon.for_lang(None)).reason
    'advertisement'
    >>> classify_line("(fyk/ash)", Lexicon.for_lang(None)).reason
    'editor initials'
    """
    s = line.strip()
    if not s:
        return None
    ls = len(s)
    if ls > MAX_LINE:
        return None
    low = s.lower()
    short = ls <= 80
    key = ""
    if short:
        key = _WS.sub(" ", low).strip(KEY_STRIP) if "  " in low or "\t" in low else low.strip(KEY_STRIP)
        v = lex.whole_line.get(key)
        if v is not None:
            return v
        if (key[:1].isdigit() or key[-1:] == ")") and _is_break_key(
            key, lex
        ):  # "12 Comments", "Comments (3)"
            if is_related_prefix(key, lex):
                return Verdict(_K_RELATED, "related marker", None)
            return Verdict(_K_CHROME, "section break")
    # the prefix phrases a line's first word can start (most lines: none, one dict lookup)
    sp = low.find(" ")
    rx = lex.prefix_by_first.get((low[:sp] if sp >= 0 else low).rstrip(FIRST_WORD_STRIP))
    if rx is not None:
        m = rx.match(low)
        if m:
            v = _prefix_verdict(s, m, lex)
            if v is not None:
                return v
    if short:
        if key in lex.lines:
            return Verdict(_K_CHROME, "chrome phrase")
        if (
            low.endswith(lex.comment_cues)
            and len(s.split()) <= 15
            and not low.startswith(lex.comment_cues)
            and (any(d in s for d in "0123456789") or _USERNAME.match(s) or _NAME_SAYS.match(s))
        ):
            return Verdict(_K_CHROME, "comment header")
    first = s[0]
    if first in "hw" and _URL.match(s):
        return Verdict(_K_CHROME, "bare link")
    spaces = s.count(" ")
    if (
        first == "©"
        or low.startswith(lex.copyright_starts)
        # copyright_re's phrases have 3+ words, so a line with fewer than two spaces cannot hold one
        or (ls < 160 and 1 < spaces < 15 and lex.copyright_re.search(low))
    ):
        return Verdict(_K_CHROME, "copyright", parse_copyright(s, lex))
    if first in "([":
        v = _paren_verdict(s, lex)
        if v is not None:
            return v
    # word count without building the word list (long body lines are the common case)
    n = spaces + 1 if "  " not in s and "\t" not in s and "\n" not in s else len(s.split())
    if n > 60:  # every rule below is for short lines
        return None
    last = s[-1]
    if short and _SPECIAL.search(s) is None:
        # no digit, slash, colon, bracket, bar, dash or ©: of the rules below only a bare credit
        # ("REUTERS", "Getty Images") can apply
        credit = None
        if n <= 10 and ls <= 90 and last not in ".!?:":
            if s.isupper() and ls >= 2 and n <= 8 and lex.credit_word_re and lex.credit_word_re.search(s):
                credit = parse_credit(s, lex)
            elif low in lex.agencies or low in lex.credit_words:
                credit = s
        return Verdict(_K_CREDIT, "photo credit", credit) if credit else None
    has_digit = None  # searched for only when a rule needs it
    if n <= 8 and short:
        has_digit = _DIGIT.search(s) is not None
        if has_digit and lex.ago_tail_re.search(s[-lex.ago_tail :]) and lex.ago_re.search(s):
            return Verdict(_K_CHROME, "relative time")
        m = _NAME_OUTLET.match(s) if (" - " in s or " | " in s or " – " in s or " — " in s) else None
        if m and _outletish(m.group(2), lex):
            names = parse_names(m.group(1), lex)
            if names:
                return Verdict(
                    _K_BYLINE, "byline", Byline(tuple(names), "author", outlet_name(m.group(2), lex))
                )
    # trailing_credit_re's credit follows the last colon: 2-61 characters opening with A-Z
    if ":" in s[-64:] and _credit_tail_ok(s[s.rfind(":") + 1 :]):
        m = lex.trailing_credit_re.match(s)
        if m and len(m.group("cr").split()) <= 6 and m.group("cr")[:1].isupper():
            return Verdict(_K_CAPTION, "caption", (m.group("cap").strip(), m.group("cr").strip()))
    if n <= 45 and last == ")":
        sc = split_caption_credit(s, lex)
        if sc:
            return Verdict(_K_CAPTION, "caption", sc)
    if n <= 10 and ls <= 90 and last not in ".!?:":
        credit = None
        slash = "/" in s
        caps = s.isupper() and ls >= 2
        if ((slash or ":" in s) and lex.credit_start_re.match(s)) or (
            caps and n <= 8 and (slash or lex.credit_word_re and lex.credit_word_re.search(s))
        ):
            credit = parse_credit(s, lex)
        elif slash or low in lex.agencies or low in lex.credit_words:
            if low in lex.agencies or low in lex.credit_words:
                credit = s
            elif lex.credit_word_re and lex.credit_word_re.search(s):
                credit = parse_credit(s, lex)
        if credit:
            return Verdict(_K_CREDIT, "photo credit", credit)
    # four digits in a row imply a digit: no separate digit search when none was made yet
    if n <= 14 and ls <= 120 and has_digit is not False and _YEAR4.search(s) and lex.abs_date_re.search(s):
        rest = lex.abs_date_re.sub(" ", s, count=1)
        other = [
            w
            for w in _DATE_SPLIT.split(rest)
            if w
            and not w[:1].isdigit()
            and w.lower().strip(".:") not in lex.weekday_words
            and w.lower().strip(".:") not in lex.date_label_words
            and not _is_all_caps(w)
        ]
        if len(other) <= 3:
            return Verdict(_K_DATE, "date line", s)
    if n <= 6 and last in "-–—":
        dl, outlet, _ = strip_dateline(s + " X", lex)
        if dl:
            return Verdict(_K_DATELINE, "dateline", (dl, outlet))
    return None


def boilerplate_hits(line: str, lex: Lexicon) -> int:
    """How many different site-boilerplate words (cookies, privacy, subscribe …) a line uses.

    Three or more mean a cookie banner, sign-up box or legal note rather than article text.
    """
    words = line[:300].lower().split()
    if lex.boilerplate_words.isdisjoint(words):  # most lines: stops without building a set
        return 0
    hits = lex.boilerplate_words.intersection(words)
    return len({h.rstrip(",.:;)") for h in hits}) if len(hits) >= 3 else len(hits)


def guess_lang(tokens: list[str], lex: Lexicon, *, min_hits: int = 5) -> str | None:
    """The language whose frequent words cover most ``tokens`` (lower-case words), or None if unclear.

    A word only one language lists counts 3, a shared one 1; the winner needs ``min_hits`` and a
    20% margin over the runner-up.
    """
    weights = lex.hint_weights
    if len(lex.hint_words) < 2:
        return None
    counts = dict.fromkeys(lex.hint_words, 0.0)
    for t in tokens:
        hit = weights.get(t)
        if hit:
            for code, w in hit:
                counts[code] += w
    return pick_lang(counts, min_hits)


def pick_lang(counts: dict[str, float], min_hits: float = 5) -> str | None:
    """The language of :func:`guess_lang`'s ``counts`` (language -> weighted hits, two or more):
    the top one when it has ``min_hits`` and a 20% margin over the runner-up (ties: the first)."""
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    if score < min_hits or score <= ranked[1][1] * 1.2:
        return None
    return best


__all__ = [
    "MAX_LINE",
    "TRAILING_INITIALS",
    "boilerplate_hits",
    "Byline",
    "Copyright",
    "Lexicon",
    "LineKind",
    "Verdict",
    "classify_line",
    "guess_lang",
    "pick_lang",
    "is_related_prefix",
    "is_section_break",
    "outlet_name",
    "parse_copyright",
    "parse_credit",
    "parse_names",
    "split_caption_credit",
    "strip_dateline",
]
