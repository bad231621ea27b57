"""Text analysis for search: tokenising and light, rule-based stemming.

The rules are language data (``lang/<code>/stem.toml``); this module only runs them. Documents are
indexed with the stemmer of their language; a query term is looked up under the stems every
language gives it (plus its surface form), so a query needs no language::

    >>> stem("pemerintahannya", "id")
    'perintah'
    >>> stem("policies", "en")
    'policy'
    >>> analyze("Pemerintah menyampaikan kebijakannya", "id")
    ['perintah', 'sampai', 'bijak']
    >>> sorted(query_forms("kebijakan"))
    ['bijak', 'kebijakan']
    >>> sorted(query_forms("kata"))  # also finds "mengatakan" (indexed as "ata")
    ['ata', 'kata']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from warta import lang as langdata
from warta._compiled import kernel

_SK = kernel("warta.corpus._shingle")
_lookup = _SK.lookup

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
"""A token is a run of word characters (Unicode), as FTS5's unicode61 tokenizer sees them."""


class Stemmer:
    """Runs one language's ``[stem]`` rules. Build with :func:`stemmer`."""

    def __init__(self, spec: dict) -> None:
        self.min_stem = int(spec.get("min_stem", 3))
        self.min_syllables = int(spec.get("min_syllables", 0))
        self.variants = [(re.compile(p), r) for p, r in spec.get("query_variants", [])]
        vowels = spec.get("vowels", "aeiou")
        self._vowel = re.compile(f"[{re.escape(vowels)}]")
        self.steps: list[tuple[int, list[tuple[re.Pattern[str], str]]]] = [
            (int(step.get("repeat", 1)), [(re.compile(p), r) for p, r in step.get("rules", [])])
            for step in spec.get("steps", [])
        ]
        self._any = [_any_of([p for p, _ in rules]) for _, rules in self.steps]
        """Per step, one pattern that matches where any of its rules does (None: not built): a word
        none of a step's rules touches (most words, most steps) costs one search, not one per rule."""
        self._affixes = [_step_affixes([p for p, _ in rules]) for _, rules in self.steps]
        """Per step, ``(heads, tails)``: a word that neither starts with one of ``heads`` nor ends
        with one of ``tails`` matches none of the step's rules (see :func:`_step_affixes`), found
        with ``str`` calls instead of a regex search that tries every position (the alternation
        ``_any`` of ``$``-anchored rules does: 5 µs a word); None: no such test."""
        self.edit_bounds = _edit_bounds(self.steps)
        """``(head, tail)``: at most how many characters stemming writes at the start / end of a word
        (what is left is a substring of the word), or None when a rule writes mid-word. Lets
        snippets find a stem's surface forms by substring: ``stem[head:len(stem) - tail]``."""

    def __call__(self, word: str) -> str:
        plain = not word.endswith("\n")  # ("$" also matches before a final newline)
        for (repeat, rules), any_rule, affixes in zip(self.steps, self._any, self._affixes, strict=True):
            for _ in range(repeat):
                if plain and affixes is not None:
                    heads, tails = affixes
                    if not ((heads and word.startswith(heads)) or (tails and word.endswith(tails))):
                        break  # no rule of this step can match: its literal heads and tails are not there
                if any_rule is not None and any_rule.search(word) is None:
                    break  # no rule of this step matches: the loop below would change nothing
                for pattern, repl in rules:
                    if pattern.search(word):
                        new = pattern.sub(repl, word, count=1)
                        if new != word and self._long_enough(new):
                            word = new
                            break
                else:
                    break
        return word

    def _long_enough(self, word: str) -> bool:
        if len(word) < self.min_stem:
            return False
        return not self.min_syllables or len(self._vowel.findall(word)) >= self.min_syllables


_BACKREF = re.compile(r"\\(?:(\d+)|.)")  # an escape; group 1: a numbered back-reference


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match exactly where one of ``patterns`` does: the alternation of
    them, their back-references renumbered (``(a)\\1`` after a pattern with two groups is
    ``(a)\\3``). None for a single rule (nothing to save), flags or a character class that holds
    an escaped digit (left alone), or an alternation that does not compile.

    >>> bool(_any_of([re.compile("kan$"), re.compile(r"([^aeiou])\\1ing$")]).search("running"))
    True
    """
    if len(patterns) < 2 or any(p.flags & ~re.UNICODE for p in patterns):
        return None
    parts, shift = [], 0
    for p in patterns:
        refs = [m.group(1) for m in _BACKREF.finditer(p.pattern) if m.group(1)]
        if any(r[0] == "0" or len(r) > 2 for r in refs) or re.search(r"\[[^\]]*\\\d", p.pattern):
            return None  # an octal escape, or a digit escape inside a class: not a back-reference

        def renumber(m: re.Match[str], shift: int = shift) -> str:
            return f"\\{int(m.group(1)) + shift}" if m.group(1) else m.group(0)

        parts.append(f"(?:{_BACKREF.sub(renumber, p.pattern)})")
        shift += p.groups
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


_LITERAL = re.compile(r"\w", re.ASCII)
"""A character that stands for itself in a pattern (unless an escape or a quantifier touches it)."""


def _top_level_bar(src: str) -> bool:
    """Does ``src`` have a ``|`` outside every group and class (an alternative of the whole pattern)?"""
    depth, i, n, cls = 0, 0, len(src), False
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]" or (i > 0 and src[i - 1] == "[")
        elif c == "[":
            cls = True
            if src[i + 1 : i + 2] == "^":
                i += 1
            if src[i + 1 : i + 2] == "]":  # a "]" first in a class is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


_GROUP_TAIL = re.compile(r"\((?:\?:)?(\w+(?:\|\w+)*)\)\$", re.ASCII)
"""A whole pattern that is one group of literal alternatives at the end: ``(lah|kah|pun)$``."""

_ESCAPE_LEN = {"x": 3, "u": 5, "U": 9}
"""Characters after a backslash that an escape takes (``\x41``, ``\u00e9``); digits: up to 3."""


def _literal_affix(pattern: re.Pattern[str]) -> tuple[str, tuple[str, ...]] | None:
    """``("head", (s, …))`` when every match of ``pattern`` starts the word with one of the ``s``
    (``^s…``), ``("tail", (s, …))`` when every match ends it with one (``…s$``, ``(s|t)$``); None
    when neither can be read off the pattern safely (flags, a top-level ``|``, no literal next to
    the anchor). What it reads may be shorter than the pattern's literal (never wrong, less selective).

    >>> _literal_affix(re.compile(r"([^aeiou])\\1ing$")), _literal_affix(re.compile(r"^meny([aiueo])"))
    (('tail', ('ing',)), ('head', ('meny',)))
    >>> _literal_affix(re.compile(r"^ab?c")), _literal_affix(re.compile(r"x|ing$"))
    (('head', ('a',)), None)
    >>> _literal_affix(re.compile(r"(lah|kah|pun)$"))
    ('tail', ('lah', 'kah', 'pun'))
    """
    src = pattern.pattern
    if pattern.flags & ~re.UNICODE:
        return None
    if m := _GROUP_TAIL.fullmatch(src):
        return ("tail", tuple(m.group(1).split("|")))
    if _top_level_bar(src):
        return None
    if src.endswith("$") and not src.endswith("\\$"):
        end = start = len(src) - 1
        while start > 0 and _LITERAL.fullmatch(src[start - 1]):
            start -= 1
        if start > 0 and src[start - 1] == "\\":  # the run begins inside an escape: skip its end
            c = src[start]
            if c.isdigit():  # a back-reference (\1, \12) or an octal escape (\123)
                start += len(re.match(r"\d{1,3}", src[start : start + 3]).group())  # type: ignore[union-attr]
            else:
                start += _ESCAPE_LEN.get(c, 1)
        if start < end:
            return ("tail", (src[start:end],))
    if src.startswith("^"):
        end = 1
        while end < len(src) and _LITERAL.fullmatch(src[end]):
            end += 1
        if src[end : end + 1] in ("?", "*", "{", "+"):
            end -= 1  # the last literal is quantified: not certain
        if end > 1:
            return ("head", (src[1:end],))
    return None


def _step_affixes(patterns: list[re.Pattern[str]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """``(heads, tails)`` of a stemming step: every rule has a literal head or tail, so a word with
    none of them matches no rule (None when some rule has neither)."""
    heads: list[str] = []
    tails: list[str] = []
    for p in patterns:
        found = _literal_affix(p)
        if found is None:
            return None
        (heads if found[0] == "head" else tails).extend(found[1])
    return tuple(heads), tuple(tails)


_HEAD_REPL = re.compile(r"[^\\]*(?:\\(\d+))?")  # literals, then at most one group: ``s\1``
_TAIL_REPL = re.compile(r"(?:\\(\d+))?[^\\]*")  # at most one group, then literals: ``\1y``
_WHOLE_REPL = re.compile(r"(?:\\(\d+))?")  # the kept group only: ``\1``


def _edit_bounds(steps: list[tuple[int, list[tuple[re.Pattern[str], str]]]]) -> tuple[int, int] | None:
    """Characters the rules may write at a word's start and end (see ``Stemmer.edit_bounds``).

    A ``^``-anchored rule may replace its match by literals then the group that ends the pattern
    (``^meny([aiueo])`` -> ``s\1``); a ``$``-anchored one by the group that starts the pattern then
    literals (``([^ae])ies$`` -> ``\1y``); a rule anchored at both ends by one group. Literals
    count toward the head or tail, times the step's ``repeat``; any other rule gives None.
    """
    head = tail = 0
    for repeat, rules in steps:
        h = t = 0
        for pattern, repl in rules:
            src = pattern.pattern
            at_start, at_end = src.startswith("^"), src.endswith("$") and not src.endswith("\\$")
            if at_start and at_end:
                m = _WHOLE_REPL.fullmatch(repl)
            elif at_start:
                m = _HEAD_REPL.fullmatch(repl)
                if m and m.group(1) and (int(m.group(1)) != pattern.groups or not src.endswith(")")):
                    return None
                h = max(h, len(repl) - (len(m.group(1)) + 1 if m and m.group(1) else 0))
            elif at_end:
                m = _TAIL_REPL.fullmatch(repl)
                if m and m.group(1) and (m.group(1) != "1" or not src.startswith("(")):
                    return None
                t = max(t, len(repl) - (len(m.group(1)) + 1 if m and m.group(1) else 0))
            else:
                return None
            if m is None:
                return None
        head += h * repeat
        tail += t * repeat
    return head, tail


@cache
def stemmer(code: str | None) -> Stemmer | None:
    """The stemmer for a language code, or None when the language has no stem rules."""
    if not code:
        return None
    spec = langdata.load(code).get("stem")
    return Stemmer(spec) if spec else None


@cache
def stem_languages() -> tuple[str, ...]:
    """Languages that ship stem rules."""
    return tuple(c for c in langdata.available() if stemmer(c) is not None)


_CACHE_MAX = 1 << 19
_caches: dict[str | None, dict[str, str]] = {}


def stem_cache(code: str | None) -> dict[str, str]:
    """The memo ``word -> stem`` of one language (bounded: cleared when it grows past ~500k words)."""
    c = _caches.get(code)
    if c is None or len(c) > _CACHE_MAX:
        c = _caches[code] = {}
    return c


def _stem_raw(word: str, code: str | None) -> str:
    st = stemmer(code)
    return word if st is None or len(word) <= 3 or not word.isalpha() else st(word)


def _stem_miss(word: str, code: str | None, memo: dict[str, str]) -> str:
    out = memo[word] = _stem_raw(word, code)
    return out


def stem(word: str, code: str | None) -> str:
    """Stem one lower-cased token; digits and very short words are kept as they are."""
    memo = stem_cache(code)
    out = memo.get(word)
    return out if out is not None else _stem_miss(word, code, memo)


def tokens(text: str) -> Iterator[re.Match[str]]:
    """Token matches (with offsets) of ``text``."""
    return TOKEN_RE.finditer(text)


def analyze(text: str, code: str | None) -> list[str]:
    """Lower-cased, stemmed tokens of ``text`` in language ``code`` (one output token per input token)."""
    return analyze_tokens(TOKEN_RE.findall(text.lower()), code)


def analyze_tokens(words: list[str], code: str | None) -> list[str]:
    """Stems of already lower-cased tokens (``TOKEN_RE.findall(text.lower())``): :func:`analyze`
    without tokenising again, for callers that need the tokens themselves too."""
    memo = stem_cache(code)
    return _lookup(words, memo, lambda w: _stem_miss(w, code, memo))  # one pass (compiled: _shingle)


_tables: dict[str | None, object] = {}


def analyze_body(text: str, code: str | None) -> tuple[bytes, list[str]]:
    """``(" ".join(words).encode("utf-8"), analyze_tokens(words, code))`` for ``words =
    TOKEN_RE.findall(text)`` (``text`` already lower-cased), in one pass (compiled:
    :func:`warta.corpus._shingle.body_analysis`): a body's joined words (its hash and shingles) and
    its stems (its index text and story terms), without a string per token.

    >>> analyze_body("pemerintah menyampaikan kebijakannya", "id")
    (b'pemerintah menyampaikan kebijakannya', ['perintah', 'sampai', 'bijak'])
    """
    table = _tables.get(code)
    if table is None:
        # body words are memoised in the table only (not also in stem_cache: one copy per word)
        table = _tables[code] = _SK.StemTable(lambda w: _stem_raw(w, code), _CACHE_MAX)
    return _SK.body_analysis(text, table)


def index_text(text: str, code: str | None) -> str:
    """Space-joined :func:`analyze` output: what is stored in the full-text index."""
    return " ".join(analyze(text, code))


@lru_cache(maxsize=1 << 16)
def query_forms(word: str) -> frozenset[str]:
    """Every indexed form a query word may have: its surface form, each language's stem, and the
    stem's ``query_variants`` (readings the stemmer cannot tell apart without a dictionary)."""
    w = word.lower()
    forms = {w}
    for c in stem_languages():
        s = stem(w, c)
        forms.add(s)
        st = stemmer(c)
        if st is not None and s.isalpha():
            for pattern, repl in st.variants:
                v = pattern.sub(repl, s, count=1)
                if v != s and len(v) >= st.min_stem:
                    forms.add(v)
    return frozenset(forms)
