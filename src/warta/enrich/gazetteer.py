"""Known entities from language data (``lang/<code>/entities.toml``) and a fast token matcher.

    >>> from warta.enrich.gazetteer import gazetteer
    >>> g = gazetteer("id")
    >>> g.by_name["Tiongkok"].key, g.by_name["Tiongkok"].name
    ('china', 'China')
    >>> text = "Presiden Tiongkok tiba di Jakarta."
    >>> [(text[s:e], k.key) for s, e, k in g.find(text)]
    [('Tiongkok', 'china'), ('Jakarta', 'jakarta')]

Matching is case-sensitive on token boundaries and prefers the longest name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from warta import lang as langdata
from warta.enrich.ner import longest_matches, tokenize


@dataclass(frozen=True)
class Known:
    """One gazetteer entity: language-neutral key, type, canonical name in the language, aliases."""

    key: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.type}:{self.key}"


@dataclass
class Gazetteer:
    by_name: dict[str, Known] = field(default_factory=dict)
    """Every surface form (canonical name or alias) -> entity."""
    _seqs: dict[tuple[str, ...], Known] = field(default_factory=dict)
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """First token -> the token lengths of the names that begin with it, longest first."""

    def add(self, known: Known) -> None:
        for surface in (known.name, *known.aliases):
            self.by_name.setdefault(surface, known)
            toks = tuple(surface[s:e] for s, e in tokenize(surface))
            if toks:
                self._seqs.setdefault(toks, known)
                lengths = set(self._lengths.get(toks[0], ())) | {len(toks)}
                self._lengths[toks[0]] = tuple(sorted(lengths, reverse=True))

    def lookup(self, surface: str) -> Known | None:
        """The entity a surface form names, tolerant of spacing (``Korea  Utara``)."""
        hit = self.by_name.get(surface)
        if hit is None:
            hit = self._seqs.get(tuple(surface[s:e] for s, e in tokenize(surface)))
        return hit

    def lookup_tokens(self, surface: str, tokens: tuple[str, ...]) -> Known | None:
        """:meth:`lookup` when the caller already has ``surface``'s tokens (``tokenize(surface)``)."""
        hit = self.by_name.get(surface)
        if hit is None:
            hit = self._seqs.get(tokens)
        return hit

    def sequences(self) -> dict[tuple[str, ...], Known]:
        """Token sequence of every surface form -> entity."""
        return self._seqs

    def first_lengths(self) -> dict[str, tuple[int, ...]]:
        """First token of a name -> the token lengths of the names that begin with it, longest first."""
        return self._lengths

    def find_tokens(self, tokens: list[str]) -> list[tuple[int, int, Known]]:
        """Longest-first, non-overlapping matches as ``(first_token, end_token, entity)``."""
        return longest_matches(tokens, self._lengths, self._seqs)

    def find(self, text: str) -> list[tuple[int, int, Known]]:
        """Character-offset matches in ``text``."""
        spans = tokenize(text)
        toks = [text[s:e] for s, e in spans]
        return [(spans[a][0], spans[b - 1][1], k) for a, b, k in self.find_tokens(toks)]


def gazetteer(code: str | None = None) -> Gazetteer:
    """The gazetteer of one language.

    ``None`` or a code without ``entities.toml``: every language's entries, named as in English
    (or the first language that has the entry), with the other languages' names as aliases (one
    shared table, built once, whatever the code).
    """
    return _gazetteer(code if code in _codes_with_entities() else None)


@cache
def _codes_with_entities() -> frozenset[str]:
    return frozenset(c for c in langdata.available() if langdata.load(c).get("entities", {}).get("known"))


@cache
def _gazetteer(code: str | None) -> Gazetteer:
    codes = [code] if code else sorted(langdata.available(), key=lambda c: (c != "en", c))
    merged: dict[str, Known] = {}
    for c in codes:
        for key, entry in sorted(langdata.load(c).get("entities", {}).get("known", {}).items()):
            surfaces = (entry["name"], *entry.get("aliases", ()))
            prev = merged.get(key)
            if prev is None:
                merged[key] = Known(
                    key=key, type=entry["type"], name=entry["name"], aliases=tuple(surfaces[1:])
                )
            else:
                extra = tuple(s for s in surfaces if s != prev.name and s not in prev.aliases)
                merged[key] = Known(key=key, type=prev.type, name=prev.name, aliases=prev.aliases + extra)
    g = Gazetteer()
    for key in sorted(merged):
        g.add(merged[key])
    return g
