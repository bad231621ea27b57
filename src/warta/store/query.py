"""The search query language, parsed into clauses the store compiles to FTS5 + SQL.

Syntax (all parts AND-ed; order does not matter)::

    banjir jakarta                 plain terms (stemmed: "banjir" also finds "kebanjiran")
    "harga beras"                  a phrase
    -hoaks   -"kata kunci"         exclude a term or phrase
    intitle:banjir  intitle:"harga beras"
    author:"Budi Santoso"   entity:"Joko Widodo"   quote:inflasi   tag:ekonomi
    outlet:kompas.com   lang:id   since:2024-01-01   until:2024-03   (YYYY, YYYY-MM or YYYY-MM-DD)

Unknown ``word:`` prefixes (``10:30``, ``http:``) are plain text. Use::

    >>> q = parse('intitle:banjir "harga beras" outlet:kompas since:2024-01 -hoaks')
    >>> [(c.field, c.text, c.phrase, c.negate) for c in q.clauses]
    [('title', 'banjir', False, False), ('text', 'harga beras', True, False), ('text', 'hoaks', False, True)]
    >>> q.outlets, q.since
    (['kompas'], '2024-01')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEXT_FIELDS = {
    "intitle": "title",
    "title": "title",
    "author": "authors",
    "entity": "entities",
    "quote": "quotes",
    "tag": "tags",
}
"""Operators that match inside the full-text index, mapped to its column."""
FILTER_FIELDS = {"outlet", "lang", "since", "until"}
"""Operators that filter on stored columns."""

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PART_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))""",
)


@dataclass
class Clause:
    """One full-text condition: ``text`` in index column ``field`` (``text`` = title + lead + body)."""

    field: str
    text: str
    phrase: bool = False
    negate: bool = False


@dataclass
class Query:
    clauses: list[Clause] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    warnings: list[str] = field(default_factory=list)
    """Parts that were ignored, e.g. a malformed date."""

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negate]

    @property
    def has_text(self) -> bool:
        return bool(self.positive)

    def highlight_terms(self) -> list[str]:
        """Words to highlight in snippets: body/title/quote clauses that are not negated."""
        out: list[str] = []
        for c in self.positive:
            if c.field in ("text", "title", "quotes"):
                out.extend(re.findall(r"\w+", c.text))
        return out


def parse(q: str) -> Query:
    """Parse a query string (never raises; odd input degrades to plain terms)."""
    query = Query()
    pos = 0
    q = q.strip()
    while pos < len(q):
        if q[pos].isspace():
            pos += 1
            continue
        m = _PART_RE.match(q, pos)
        if not m or m.end() == pos:  # a stray quote or similar
            pos += 1
            continue
        pos = m.end()
        neg = bool(m.group("neg"))
        fname = (m.group("field") or "").lower()
        is_phrase = m.group("phrase") is not None
        value = (m.group("phrase") if is_phrase else m.group("word")) or ""
        value = value.strip()
        if fname and fname not in TEXT_FIELDS and fname not in FILTER_FIELDS:
            # not an operator: keep the whole thing as text ("10:30", "http://…")
            value = f"{m.group('field')}:{value}"
            fname = ""
        if not value:
            continue
        if fname in FILTER_FIELDS:
            _add_filter(query, fname, value)
            continue
        col = TEXT_FIELDS.get(fname, "text")
        if not re.search(r"\w", value):
            continue
        multi = len(re.findall(r"\w+", value)) > 1
        query.clauses.append(Clause(col, value, phrase=is_phrase or multi, negate=neg))
    return query


def _add_filter(query: Query, name: str, value: str) -> None:
    if name == "outlet":
        query.outlets.append(value)
    elif name == "lang":
        query.langs.append(value.lower())
    elif _DATE_RE.match(value):
        setattr(query, name, value)
    else:
        query.warnings.append(f"{name}:{value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored")
