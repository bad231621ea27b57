"""The record types every stage shares.

A reader yields :class:`RawDoc` (bytes or text plus provenance). Extraction turns it into an
:class:`Article`; enrichment and corpus stages fill more fields of the same record. The JSON form
(``to_json`` / ``warta schema``) is stable: fields are only ever added, and ``schema_version``
changes when a field's meaning does.

Offsets (entities, quotes, sources, dates) are character offsets into :meth:`Article.plain_text`:
title, lead and body paragraphs joined by blank lines, in that order.
"""

from __future__ import annotations

from typing import Any

import msgspec

from warta._compiled import kernel

SCHEMA_VERSION = "1"

_HASHK = kernel("warta._hashk")
"""``input_hash``: xxh3-128 of the bytes, or of a str's UTF-8 (surrogatepass), encoded in C (``_hashk.pyx``)."""


class Struct(msgspec.Struct, omit_defaults=False, kw_only=True):
    """Base for all record types (mutable, keyword-only)."""


class Provenance(Struct):
    """Where a record came from."""

    source: str = ""
    """Path or URL of the input, plus ``#N`` for the N-th record of a container (JSONL line, WARC record)."""
    input_hash: str = ""
    """XXH3-128 of the input bytes (or UTF-8 text), 32 hex digits: identifies the input across runs.

    Not a security hash: it tells inputs apart and notices when one changed. (Before session 6 it was
    SHA-1, 40 hex digits; the store treats such an older hash as the same input when the source matches.)
    """
    url: str | None = None
    """The page URL when known (JSONL url field, WARC-Target-URI, --url)."""
    fetched_at: str | None = None
    """ISO 8601 time the page was fetched (WARC-Date, HTTP Date), when known."""
    content_type: str | None = None
    """``text/plain``, ``text/html``, … as detected or declared."""


class RawDoc(Struct):
    """What a reader yields. Readers never parse articles."""

    data: bytes | str
    source: str = ""
    url: str | None = None
    fetched_at: str | None = None
    content_type: str | None = None
    meta: dict[str, Any] = {}

    def provenance(self) -> Provenance:
        return Provenance(
            source=self.source,
            input_hash=_HASHK.input_hash(self.data),
            url=self.url,
            fetched_at=self.fetched_at,
            content_type=self.content_type,
        )


class Image(Struct):
    caption: str | None = None
    credit: str | None = None
    url: str | None = None
    alt: str | None = None


class Related(Struct):
    """A related-article link ("Baca juga: …"), never part of the body."""

    title: str
    url: str | None = None


class Removed(Struct, gc=False):
    """A line or block dropped from the article, with the reason, for auditing.

    Not tracked by the garbage collector (``gc=False``: its fields are strings and an int, so it
    can hold no reference cycle); text mode makes ~200 a page.
    """

    text: str
    reason: str
    line: int | None = None
    """0-based line number in the flattened input, when the input was text."""


class ErrorInfo(Struct):
    """A stage that failed on this record. The record still flows on with what it has."""

    stage: str
    error: str
    """Exception class name or short code, e.g. ``UnicodeDecodeError``, ``empty-input``."""
    message: str = ""


class Span(Struct):
    start: int
    end: int
    text: str


class Entity(Struct):
    id: str
    """Stable within the document: ``<type>:<normalised canonical name>``."""
    name: str
    """Canonical name (the longest/fullest mention, or the gazetteer's canonical form)."""
    type: str
    """``PER``, ``ORG`` or ``LOC``."""
    aliases: list[str] = []
    mentions: list[Span] = []
    related: list[int] = []
    """Indices into ``Article.related`` of related-article titles that name this entity (such mentions
    have no offsets: the titles are not part of ``plain_text``). An entity may appear only there."""
    captions: list[int] = []
    """Indices into ``Article.images`` of image captions that name this entity (no offsets either)."""


class Quote(Struct):
    text: str
    start: int
    end: int
    type: str
    """``direct``, ``indirect`` or ``floating``."""
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    speaker_span: Span | None = None
    cue_span: Span | None = None


class Source(Struct):
    """A news agency or outlet the article cites as its source ("Melansir Reuters")."""

    name: str
    cue: str
    start: int
    end: int


class DateMention(Struct):
    text: str
    start: int
    end: int
    value: str | None
    """ISO date (``2021-06-18``), year-month (``2021-06``) or year (``1961``); None if unresolvable."""
    kind: str
    """``absolute``, ``weekday-daymonth``, ``relative``, ``year``."""
    checked: bool = False
    """True when a weekday in the text agreed with the resolved date."""
    note: str | None = None
    """How the value was resolved when not plain, e.g. ``weekday matches 2020, not the article's year 2021``."""


class Keyword(Struct):
    term: str
    score: float


class Article(Struct):
    """One news article, as every stage sees it."""

    schema_version: str = SCHEMA_VERSION
    id: str = ""
    """Stable id: 16 hex digits of the SHA-1 of the canonical URL when known, else of ``provenance.input_hash``."""
    title: str | None = None
    lead: str | None = None
    body: list[str] = []
    headings: list[int] = []
    """Indices into ``body`` of paragraphs that are subheadings."""
    outlet: str | None = None
    publisher: str | None = None
    authors: list[str] = []
    published: str | None = None
    """ISO 8601 date or datetime (with offset when known)."""
    modified: str | None = None
    date_hints: list[str] = []
    """Partial date evidence when ``published`` is unknown, e.g. ``year:2021`` from a copyright line."""
    dateline: str | None = None
    section: str | None = None
    canonical_url: str | None = None
    images: list[Image] = []
    related: list[Related] = []
    tags: list[str] = []
    lang: str | None = None
    lang_confidence: float | None = None
    page_type: str | None = None
    page_type_confidence: float | None = None
    field_sources: dict[str, str] = {}
    """Where each metadata field came from: ``text``, ``json-ld``, ``opengraph``, ``meta``, ``dom``, ``url`` …"""
    removed: list[Removed] = []
    # enrichment
    entities: list[Entity] = []
    quotes: list[Quote] = []
    sources: list[Source] = []
    dates: list[DateMention] = []
    keywords: list[Keyword] = []
    summary: list[str] = []
    # corpus
    duplicate_of: str | None = None
    syndicated_from: str | None = None
    story_id: str | None = None
    # provenance and errors
    provenance: Provenance = msgspec.field(default_factory=Provenance)
    errors: list[ErrorInfo] = []

    @property
    def ok(self) -> bool:
        return not self.errors

    def plain_text(self) -> str:
        """Title, lead and body joined by blank lines: the text that enrichment offsets index."""
        return "\n\n".join(p for p in (self.title, self.lead, *self.body) if p)

    def add_error(self, stage: str, exc: BaseException | str, message: str = "") -> None:
        if isinstance(exc, BaseException):
            self.errors.append(ErrorInfo(stage=stage, error=type(exc).__name__, message=message or str(exc)))
        else:
            self.errors.append(ErrorInfo(stage=stage, error=exc, message=message))

    def to_dict(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)

    def to_json(self) -> bytes:
        return _encoder.encode(self)

    @classmethod
    def from_json(cls, data: bytes | str) -> Article:
        return _decoder.decode(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return msgspec.convert(data, cls)


def error_article(raw: RawDoc, stage: str, exc: BaseException | str, message: str = "") -> Article:
    """The record for an input a stage could not handle: identity plus the error, nothing lost silently."""
    art = Article(provenance=raw.provenance())
    art.id = art.provenance.input_hash[:16]
    art.add_error(stage, exc, message)
    return art


def json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the Article record."""
    return msgspec.json.schema(Article)


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Article)
