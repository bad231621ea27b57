"""Page metadata from HTML: title, authors, dates, outlet, section, tags, images, related links.

:func:`fill_metadata` reads JSON-LD, OpenGraph / ``<meta>``, microdata and a few small DOM
regions of a parsed page and fills an :class:`~warta.article.Article`, recording where each
field came from in ``article.field_sources`` (``json-ld``, ``opengraph``, ``meta``,
``microdata``, ``dom``, ``url``). It does not modify the tree.

>>> from selectolax.lexbor import LexborHTMLParser
>>> from warta.article import Article
>>> page = '''<html lang="id"><head><title>Banjir di Jakarta - Kabar Kita</title>
... <meta property="og:site_name" content="Kabar Kita"></head>
... <body><h1>Banjir di Jakarta</h1><p class="byline">Oleh Budi Santoso dan Sari Dewi</p></body></html>'''
>>> art = Article()
>>> _ = fill_metadata(LexborHTMLParser(page), art, url="https://kabarkita.example/2021/06/18/banjir", fetched_at=None)
>>> art.title, art.authors, art.published, art.field_sources["published"]
('Banjir di Jakarta', ['Budi Santoso', 'Sari Dewi'], '2021-06-18', 'url')

Performance: one pass collects ``meta``/``link``/``script``/``time``/``h1``/``title``;
figures, bylines and related blocks are looked up inside the article area only. The pass and the
simple lookups run in the compiled kernel ``warta.extract._metak`` (a walk over Lexbor's node
structs giving the same nodes as selectolax's ``css``), else in its twin ``_metak_py``.
"""

from __future__ import annotations

import html as _html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import msgspec
from selectolax.lexbor import LexborHTMLParser, LexborNode

from warta import lang
from warta._compiled import kernel
from warta.article import Article, Image, Related
from warta.extract.dates import (
    MonthFirst,
    date_from_url,
    month_first,
    not_after,
    numeric_order,
    parse_datetime,
    parse_text_date,
    with_offset,
)

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "SocialMediaPosting",
        "TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle", "Review", "Recipe", "HowTo", "Posting",
        "DiscussionForumPosting", "VideoObject", "PodcastEpisode", "Question", "ClaimReview",
    )
)  # fmt: skip
"""JSON-LD ``@type`` values treated as the page's main content object (compared case-insensitively)."""
PAGE_TYPES = frozenset(t.lower() for t in ("WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage",
                                           "MedicalWebPage", "QAPage", "FAQPage", "Product"))  # fmt: skip

_K = kernel("warta.extract._metak")
"""Compiled metadata kernels (``_metak.pyx``) or their pure-Python twin (``_metak_py.py``)."""

_WS = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[\W_]+")
"""Runs of characters that are not ``str.isalnum`` (``\\w`` is alnum plus ``_``)."""
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\ufeff]")
_TITLE_SEP = re.compile(r"\s+(?:[|\-–—:·•»«~/]|::|\\)\s+")
_URLISH = re.compile(r"^(?:https?:|www\.|/)|\.(?:com|net|org|id|co|my)(?:/|$)|@\w+\.\w", re.I)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$")  # "mdr.de" as a byline names the site
"""A domain-shaped byline. Case-sensitive: a domain ends in a lower-case suffix, while "M.Iqbal"
(initials without a space, common in Indonesian bylines) is a name."""
_NAME_BAD = re.compile(r"\d|[<>{}=#@]|https?:")
_LANG_SPLIT = re.compile(r"[-_]")
_JSON_WRAP = re.compile(r"^(?://)?\s*(?:<!--|<!\[CDATA\[)|(?://)?\s*(?:-->|\]\]>)\s*$")
_EMAIL_URL = re.compile(r"\S+@\S+\.\w+|https?://\S+")
_PARENS = re.compile(r"\([^)]*\)")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_DATELINE_UP = re.compile(
    r"^\s*([A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3})\s*(?:\(([^)]{1,40})\))?\s*(?:,\s*[^\n]{0,40}?)?\s*(?:[-–—]{1,2}|:)\s"
)
_DATELINE_TITLE = re.compile(
    r"^\s*([A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})\s*,\s*[^\n,]{2,40}?\s+[-–—]{1,2}\s"
)

_css = _K.select
"""``_css(node, query)`` is ``node.css(query)`` (a struct walk for simple selector lists when compiled);
``_css(node, query, n)`` is ``node.css(query)[:n]``, the walk stopping at the n-th match."""
_css_first = _K.select_first
"""``_css_first(node, query)`` is ``node.css_first(query)``."""
_within = _K.within
"""``_within(found, node, n)`` is ``node.css(query)[:n]`` when ``found`` is the page's ``tree.root.css(query)``."""
_COLLECT = _K.COLLECT
"""One CSS pass for :func:`_collect` (``_metak_py.COLLECT``); its last selector only probes for
breadcrumbs (see :func:`_section`). ``_K.collect(tree)`` is ``tree.css(_COLLECT)``, walking Lexbor's
node structs when the kernel is built and validated.

Lexbor lists a node once per selector of the list it matches, consecutively (``figure.caption``
comes twice); :func:`_collect` reads those repeats as before and drops the probe's own one.
"""
_RELATED_WORDS = ("related", "baca", "terkait")
_RELATED_CLASS = re.compile("|".join(_RELATED_WORDS), re.I)


_TAG_EL = 'a[rel~="tag"], [class*=tags i] a'
_CRUMB_EL = "[class*=breadcrumb i] a, [class*=breadcrumb i] span[itemprop=name]"
_CRUMB_BOX = "[class*=breadcrumb i]"
_CRUMB_ITEM = "a, span[itemprop=name]"
_CRUMB_CLASS = re.compile(r"breadcrumb", re.I | re.A)  # CSS ``i`` folds ASCII letters only
_CREDIT_EL = "[class*=credit i], [class*=copyright i], [class*=photographer i], [class*=source i], [class*=author i], cite"
_BYLINE = (
    'a[rel="author"], [class*=byline i], [class*=author i], [class*=penulis i], [class*=reporter i], '
    "[class*=writer i]"
)
_NAME_PARTICLES = frozenset(
    ("van", "von", "de", "der", "den", "da", "di", "dos", "du", "la", "le", "al", "el", "bin", "binti", "bt", "bte",
     "ibn", "abu")
)  # fmt: skip  # lower-case words allowed inside a name found in page text
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Z.\-]{1,7}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|II|III|IV)$")
_DATE_EL = "[class*=date i], [class*=time i], [class*=publish i], [class*=posted i], [class*=byline i]"

_PUBLISHED_META = (
    ("article:published_time", "opengraph"), ("og:published_time", "opengraph"),
    ("og:article:published_time", "opengraph"), ("itemprop:datepublished", "microdata"),
    ("pubdate", "meta"), ("publishdate", "meta"), ("publish-date", "meta"), ("publish_date", "meta"),
    ("published_time", "meta"), ("article.published", "meta"), ("datepublished", "meta"),
    ("parsely-pub-date", "meta"), ("sailthru.date", "meta"), ("dc.date.issued", "meta"), ("dc.date", "meta"),
    ("dcterms.issued", "meta"), ("dcterms.created", "meta"), ("dcterms.date", "meta"), ("date", "meta"),
    ("content_publish_date", "meta"), ("cxenseparse:recs:publishtime", "meta"), ("article:published", "meta"),
    ("og:pubdate", "meta"), ("release_date", "meta"), ("pdate", "meta"), ("originalpublicationdate", "meta"),
    ("itemprop:datecreated", "microdata"),
)  # fmt: skip
_PUBLISHED_KEY = re.compile(r"publi|pub_?date|creat|release|issued|posted|date_?original|^date|date$", re.I)
_NOT_PUBLISHED_KEY = re.compile(r"modif|updat|revis|expir|edit|crawl|index|birth|event|start|end|valid", re.I)
_MODIFIED_META = (
    ("article:modified_time", "opengraph"), ("og:updated_time", "opengraph"), ("itemprop:datemodified", "microdata"),
    ("dateModified".lower(), "meta"), ("last-modified", "meta"), ("dcterms.modified", "meta"),
    ("dc.date.modified", "meta"), ("modified_time", "meta"),
)  # fmt: skip
_AUTHOR_META = (
    ("author", "meta"), ("article:author", "opengraph"), ("parsely-author", "meta"), ("sailthru.author", "meta"),
    ("dc.creator", "meta"), ("dcterms.creator", "meta"), ("byl", "meta"), ("content_author", "meta"),
    ("cxenseparse:author", "meta"), ("authors", "meta"),
    ("citation_author", "meta"),  # scholarly pages: one element per author, every one of them listed
    ("citation_authors", "meta"),
)  # fmt: skip
_CITATION_KEYS = frozenset(("citation_author", "citation_authors"))
"""Scholarly author keys: one element per author, so they list every writer where ``dc.creator`` may
name the first one only."""


# ---------------------------------------------------------------- language data


@dataclass(frozen=True)
class _Lex:
    author_prefix: re.Pattern[str]
    author_split: re.Pattern[str]
    joined: re.Pattern[str]
    """A text that ends with a name joiner ("," "&" "and") or starts with one: the list goes on."""
    not_people: frozenset[str]
    not_name_words: frozenset[str]
    """Words never part of a person's name ("team", "staff", "the"): "Everfit Team" is no author."""
    joiners: frozenset[str]
    """Words and marks that join names in a byline ("and", "&", "dan", "und")."""
    roles: re.Pattern[str]
    credit_paren: re.Pattern[str]
    credit_label: re.Pattern[str]
    credit_mark: re.Pattern[str]
    credit_mark_tail: re.Pattern[str]
    credit_more: tuple[re.Pattern[str], ...]
    label_strip: re.Pattern[str]
    related_labels: tuple[str, ...]
    related_start: re.Pattern[str]
    related_any: re.Pattern[str]
    byline_row: re.Pattern[str]
    """A text row that opens with a writer's byline prefix ("Written by", "Oleh"); group 1 is the rest."""
    row_prefixes: tuple[str, ...]
    """The row prefixes of ``byline_row``, lower case: ``_K.row_prefixed`` rules out most pages first."""
    author_url: re.Pattern[str]
    """A link path that names a person's page ("/author/jane-doe"): a name linked there is a byline."""
    editor_prefixes: tuple[str, ...]
    """Labels of an editor's or reviewer's row ("editor", "reviewed by"), lower case, for ``_K.row_prefixed``."""
    editor_label: re.Pattern[str]
    """An editor's label row ("Editor :", "Reviewed by"), matched whole: the name after it edited the page."""
    prefix_starts: tuple[str, ...]
    """The byline prefixes of ``author_prefix``, lower case, for a quick ``str.startswith`` look first."""


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _initials(words: list[str]) -> str:
    """The first letters of ``words``, both cases, for a regex character class (none: matches nothing)."""
    letters = "".join(sorted({c for w in words if w for c in (w[0].lower(), w[0].upper())}))
    return re.escape(letters) if letters else r"^\s\S"


@cache
def _lex() -> _Lex:
    """Lexicons of every language, merged, compiled once."""
    prefixes: list[str] = []
    row_prefixes: list[str] = []
    editor_labels: list[str] = []
    url_words: list[str] = []
    joiners: list[str] = []
    not_people: set[str] = set()
    not_name_words: set[str] = set()
    roles: list[str] = []
    labels: list[str] = []
    marks: list[str] = []
    related: list[str] = []
    for code in lang.available():
        meta = lang.load(code).get("metadata", {})
        a = meta.get("author", {})
        prefixes += a.get("prefixes", [])
        row_prefixes += a.get("row_prefixes", [])
        editor_labels += a.get("editor_labels", [])
        url_words += a.get("url_words", [])
        joiners += a.get("joiners", [])
        not_people |= {_norm(x) for x in a.get("not_people", [])}
        not_name_words |= {_norm(x) for x in a.get("not_name_words", [])}
        roles += a.get("roles", [])
        c = meta.get("credit", {})
        labels += c.get("labels", [])
        marks += c.get("marks", [])
        related += meta.get("related", {}).get("labels", [])
    lab = _alt(labels)
    mark = _alt(marks)
    return _Lex(
        author_prefix=re.compile(
            rf"^(?:(?:{_alt(prefixes)})\s*[:\-–—]?\s+|(?:{_alt(prefixes)})\s*:\s*)+", re.I
        ),
        # ", and " (the serial comma) is one separator; joiners inside it are lower case ("Dan" is a name)
        author_split=re.compile(
            rf"(\s*(?:,\s*(?-i:{_alt(joiners)})\s+|[,;|/]|\s(?:{_alt(joiners)})\s|\s*&\s*)\s*)", re.I
        ),
        joined=re.compile(
            rf"(?:[,&]|(?:^|\s)(?:{_alt(joiners)}))\s*$|^\s*(?:[,&]|(?:{_alt(joiners)})\b)", re.I
        ),
        not_people=frozenset(not_people),
        not_name_words=frozenset(not_name_words),
        joiners=frozenset(j.lower() for j in joiners) | {",", ";", "&"},
        roles=re.compile(rf"^(?:{_alt(roles)})(?!\w)", re.I),  # "Sr." ends with a dot: no \b after it
        # "(Foto: X)", "(AP Photo/X)", "(X/Getty Images)", "(X/CBC)" at the end
        credit_paren=re.compile(
            rf"\s*[(\[]\s*((?:(?:{lab})\s*[:/]|(?:{lab})\s+by\b|(?:{lab})(?<=\.))[^()\[\]]+|[^()\[\]]*\b(?:{mark})\b[^()\[\]]*"
            rf"|[A-Z][^()\[\]]{{0,60}}/[^()\[\]]{{1,60}})\s*[)\]]\s*\.?\s*$",
            re.I,
        ),
        # "… . Foto: X" / "Photo by X" / "Photograph: X" at the end, or the whole text
        credit_label=re.compile(
            rf"(?:^|(?<=[.!?\"”’)])\s+|\s+[|–—-]\s+|\s{{2,}}|\n)\s*((?:{lab})(?:\s*:|\s+by\b|\s+oleh\b)\s*\S.*?)\s*$",
            re.I,
        ),
        # "… . ANTARA FOTO/X/abc." / "REUTERS/X" / "X/Shutterstock" / "X via Getty Images" at the end
        credit_mark=re.compile(
            rf"(?:^|(?<=[.!?\"”’)])\s+|\s+[|–—-]\s+|\n)\s*((?:{mark})\s*/\s*\S[^\n]{{0,80}}?)\s*$",
        ),
        credit_mark_tail=re.compile(
            rf"(?:^|(?<=[.!?\"”’)])\s+|\s+[|–—-]\s+|\n)\s*((?:[A-Z][\w.'’\-]*\s*){{1,5}}(?:/|\s+via\s+|\s+for\s+)(?:[\w.'’\-]+\s*/\s*)*(?:{mark})\b[^\n]{{0,30}}?)\s*$",
        ),
        credit_more=(
            # "… — © BELGA", "© 2024 X"
            re.compile(r"\s*[|–—-]?\s*((?:©|\(c\)|copyright\b)\s*[^\n]{1,80}?)\s*$", re.I),
            # "… sentence. (AP)" / "(Christie's)": a short capitalised name in parentheses after the sentence
            re.compile(r"(?<=[.!?\"”’])\s*[(\[]\s*([A-Z][^()\[\]]{1,40}?)\s*[)\]]\s*$"),
            # "… sentence. / AFP via Getty Images"
            re.compile(r"\s+/\s+([A-Z][^/\n]{1,60}?)\s*$"),
            # "… sentence. Supplied" / "… sentence. Jane Doe for Reuters": a short tail naming an agency
            re.compile(rf"(?<=[.!?\"”’])\s+((?:\S+\s+){{0,6}}?(?:\S+/)?(?:{mark})\b[^.!?\n]{{0,30}}?)\s*$"),
        ),
        label_strip=re.compile(rf"^(?:{lab})(?:\s*:|\s+by\b|\s+oleh\b)\s*|^(?:©|\(c\)|copyright\b)\s*", re.I),
        related_labels=tuple(
            sorted(x for x in {y.lower() for y in related} if not any(z != x and z in x for z in related))
        ),
        related_any=re.compile(rf"\b(?:{_alt([x.lower() for x in related])})\b", re.I),
        # "By Jane Doe", "Written by:" + the name on the next line (a link): one row of the page text
        # the first-letter look-ahead lets most rows fail at once (5x faster than ^ with re.M | re.I)
        byline_row=re.compile(
            rf"\n[ \t]*(?=[{_initials(row_prefixes)}])(?i:{_alt(row_prefixes) or '(?!)'})"
            rf"(?:[ \t]*[:\-–—]?[ \t]*\n(?:[ \t]*\n){{0,24}}|[ \t]*[:\-–—][ \t]*|[ \t]+)[ \t]*(\S[^\n]{{2,100}})(?=\n|$)"
        ),
        row_prefixes=tuple(sorted({p.lower() for p in row_prefixes})),
        prefix_starts=tuple(sorted({p.lower() for p in prefixes})),
        editor_prefixes=tuple(sorted({p.lower() for p in editor_labels})),
        editor_label=re.compile(rf"(?:{_alt(editor_labels) or '(?!)'})[ \t]*[:\-–—]?", re.I),
        author_url=re.compile(rf"(?:^|[/?&=_.-])(?:{_alt(url_words) or '(?!)'})(?:[/?&=_.-]|$)", re.I),
        related_start=re.compile(rf"^\W*(?:{_alt(related)})\b\s*[:\-–—»>]*\s*", re.I),
    )


# ---------------------------------------------------------------- small helpers


_MEMO_CHARS = 300
"""Texts up to this length have their :func:`_clean` / :func:`_norm` results remembered (a page
cleans and compares the same short strings many times: about half the calls repeat one)."""


def _clean(text: str | None) -> str:
    """Unescaped, invisible characters dropped, whitespace runs made single spaces.

    >>> _clean("  Banjir&nbsp;di\u200b  Jakarta ")
    'Banjir di Jakarta'
    """
    if not text:
        return ""
    return _clean_short(text) if len(text) <= _MEMO_CHARS else _clean_text(text)


def _clean_text(text: str) -> str:
    if "&" in text:
        text = _html.unescape(text)
    return " ".join(_INVISIBLE.sub("", text).split())


_clean_short = lru_cache(maxsize=4096)(_clean_text)


def _norm(text: str | None) -> str:
    """Comparison key: NFKC, case-folded, punctuation-free, single spaces.

    >>> _norm("Kabar  KITA!")
    'kabar kita'
    """
    if not text:
        return ""
    return _norm_short(text) if len(text) <= _MEMO_CHARS else _norm_text(text)


def _norm_text(text: str) -> str:
    return _NON_ALNUM.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


_norm_short = lru_cache(maxsize=4096)(_norm_text)


def _text(node: LexborNode | None) -> str:
    return _clean(node.text(deep=True, separator=" ")) if node is not None else ""


def _lang_code(value: str | None) -> str | None:
    if not value:
        return None
    code = _LANG_SPLIT.split(value.strip())[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _name(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Names in a JSON-LD value: "A", {"name": "A"}, [{"name": "A"}, "B"], {"@id": ref} (resolved via ``ids``),
    {"givenName": "A", "familyName": "B"}."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "name" not in value and ids and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], value)
        n = value.get("name")
        if isinstance(n, list):
            return [x for x in n if isinstance(x, str)]
        if isinstance(n, str):
            return [n]
        # a Person given by its parts only: {"givenName": "Anna Giulia", "familyName": "Fink"}
        parts = [value.get(k) for k in ("givenName", "familyName")]
        if all(isinstance(x, str) and x.strip() for x in parts):
            return [f"{parts[0].strip()} {parts[1].strip()}"]
        return []
    if isinstance(value, list):
        return [n for v in value for n in _name(v, ids)]
    return []


_ORG_TYPES = frozenset(
    ("organization", "newsmediaorganization", "corporation", "website", "localbusiness", "brand")
)


def _is_org(value: Any, ids: dict[str, dict[str, Any]]) -> bool:
    if isinstance(value, dict):
        if "@type" not in value and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], value)
        types = _types(value)
        return bool(types & _ORG_TYPES) and "person" not in types
    return False


def _is_person(value: Any, ids: dict[str, dict[str, Any]]) -> bool:
    if isinstance(value, list):
        return bool(value) and _is_person(value[0], ids)
    if isinstance(value, dict):
        if "@type" not in value and isinstance(value.get("@id"), str):
            value = ids.get(value["@id"], value)
        return "person" in _types(value)
    return False


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for v in value:
            s = _first_str(v)
            if s:
                return s
    if isinstance(value, dict):
        for key in ("url", "@id", "contentUrl", "name"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


# ---------------------------------------------------------------- JSON-LD

_MAX_JSONLD_CHARS = 2_000_000
_json_decode = msgspec.json.Decoder().decode
_JSON_FIX_COMMA = re.compile(r",\s*([}\]])")
_JSON_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _loads(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--") or raw.startswith("//<![CDATA["):
        raw = _JSON_WRAP.sub("", raw).strip()
    if len(raw) > _MAX_JSONLD_CHARS:
        return None
    try:
        return _json_decode(raw.rstrip(";"))
    except (msgspec.DecodeError, ValueError):
        pass
    try:  # common breakage: trailing commas, raw control characters (newlines in strings)
        return json.loads(
            _JSON_FIX_COMMA.sub(r"\1", _JSON_CTRL.sub(" ", raw.replace("\n", " ").replace("\r", " "))).rstrip(
                ";"
            )
        )
    except ValueError:
        return None


def _flatten(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for x in data:
            _flatten(x, out, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if "@type" in data:
            out.append(data)
        if isinstance(graph, (list, dict)):
            _flatten(graph, out, depth + 1)


def jsonld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened (script arrays and ``@graph`` members), in page order.

    Scripts that are not valid JSON (after fixing trailing commas and raw newlines) are skipped.

    >>> t = LexborHTMLParser('<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",'
    ...                      '"headline":"H"},{"@type":"WebSite","name":"S"}]}</script><script '
    ...                      'type="application/ld+json">{broken</script>')
    >>> [o["@type"] for o in jsonld_objects(t)]
    ['NewsArticle', 'WebSite']
    """
    out: list[dict[str, Any]] = []
    for node in tree.css('script[type*="ld+json" i]'):
        _flatten(_loads(node.text(deep=True)), out)
    return out


def main_jsonld(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object describing the page's article (NewsArticle, BlogPosting …), else its WebPage object."""
    best: dict[str, Any] | None = None
    best_score = -1
    for obj in objects:
        types = _types(obj)
        if types & ARTICLE_TYPES:
            score = 10 + sum(k in obj for k in ("headline", "datePublished", "author", "articleBody"))
        elif types & PAGE_TYPES:
            score = 1 + sum(k in obj for k in ("headline", "datePublished", "author"))
        else:
            continue
        if score > best_score:
            best, best_score = obj, score
    if best is not None and _types(best) & PAGE_TYPES:  # WebPage whose mainEntity is the article
        me = best.get("mainEntity")
        if isinstance(me, dict) and _types(me) & ARTICLE_TYPES:
            return me
    return best


# ---------------------------------------------------------------- collection


@dataclass
class _Page:
    metas: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    title_tag: str = ""
    h1: list[str] = field(default_factory=list)
    h1_nodes: list[LexborNode] = field(default_factory=list)
    times: list[tuple[LexborNode, str]] = field(default_factory=list)
    itemprops: dict[str, list[LexborNode]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    jsonld_raw: list[Any] = field(default_factory=list)
    """Each JSON-LD script as decoded (before flattening), for callers walking other keys."""
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: list[LexborNode] = field(default_factory=list)
    main_el: LexborNode | None = None
    captions: list[LexborNode] = field(default_factory=list)
    related_boxes: list[LexborNode] = field(default_factory=list)
    has_crumbs: bool = False
    """Some element's class names a breadcrumb (else the breadcrumb lookup is skipped)."""
    bylines: list[LexborNode] = field(default_factory=list)
    """``tree.root.css(_BYLINE)``, answered in the collection pass (``_within`` narrows it to an element);
    this and the next two are element addresses when compiled, valid only inside :func:`fill_metadata`
    (emptied before it returns the page)."""
    dated: list[LexborNode] = field(default_factory=list)
    """``tree.root.css(_DATE_EL)``, likewise."""
    tag_probe: list[LexborNode] = field(default_factory=list)
    """``tree.root.css(_TAG_PROBE)``, likewise."""
    crumbs: list[LexborNode] = field(default_factory=list)
    """``tree.root.css(_CRUMB_BOX)``, likewise."""
    month_first: MonthFirst = False
    """Whether the page writes all-number dates month first ("3/4/2025" = March 4): set by
    :func:`fill_metadata` to a :class:`_NumericOrder`, asked only for an ambiguous date."""
    related_labels: tuple[str, ...] | None = None
    """The "read also" labels :func:`_related` scans the article for, set by :func:`fill_metadata`."""
    labels_seen: tuple[int, list[str]] | None = None
    """Those labels found in an element's text (its ``mem_id``, the labels), read by :func:`_editor_rows`."""
    site_names: tuple[dict[str, Any] | None, list[str]] | None = None
    """:func:`_site_names`' page part, with the JSON-LD object it read."""
    local_dates: tuple[dict[str, Any] | None, list[str]] | None = None
    """:func:`_local_dates`' answer, with the JSON-LD object it read."""
    _memo: dict[str, str | None] = field(default_factory=dict, repr=False)
    """:meth:`meta` answers by key (a page asks for the same few keys many times)."""

    def meta(self, key: str) -> str | None:
        """The first non-blank value of a ``<meta>`` key, cleaned (``page.meta("og:title")``)."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        found = None
        for v in self.metas.get(key, ()):
            v = _clean(v)
            if v:
                found = v
                break
        self._memo[key] = found
        return found


def _collect(tree: LexborHTMLParser) -> _Page:
    page = _Page()
    # the <meta> map, the canonical link and the breadcrumb probe come read off the pass
    # (compiled: from Lexbor's attribute structs, no node objects or attribute dicts for them)
    # and so do the byline- and date-classed elements of the whole page (one walk, not one per lookup)
    nodes, page.metas, page.canonical, page.has_crumbs, found = _K.collect_page_with(
        tree, (_BYLINE, _DATE_EL, _TAG_PROBE, _CRUMB_BOX)
    )
    page.bylines, page.dated, page.tag_probe, page.crumbs = found
    for node in nodes:
        tag = node.tag
        if tag == "script":
            obj = _loads(node.text(deep=True))
            if obj is not None:
                page.jsonld_raw.append(obj)
                _flatten(obj, page.jsonld)
            continue
        if tag == "title":
            if not page.title_tag:
                parent = node.parent
                if parent is not None and parent.tag in ("head", "html"):
                    page.title_tag = _text(node)
            continue
        attrs = node.attributes
        if tag == "article":
            page.articles.append(node)
        elif tag == "main":
            page.main_el = page.main_el or node
        cls = attrs.get("class") or ""
        if tag == "figure" or (tag != "figcaption" and "aption" in cls.lower()):
            if len(page.captions) < 80:
                page.captions.append(node)
        elif cls and len(page.related_boxes) < 30 and _has_word(cls, _RELATED_WORDS, _RELATED_CLASS):
            page.related_boxes.append(node)
        if tag == "h1":
            t = _text(node)
            if t:
                page.h1.append(t)
                page.h1_nodes.append(node)
        elif tag == "time":
            dt = attrs.get("datetime")
            if dt:
                page.times.append((node, dt))
        ip = attrs.get("itemprop")
        if ip:
            for key in ip.split():
                page.itemprops.setdefault(key.lower(), []).append(node)
    for obj in page.jsonld:
        if isinstance(obj.get("@id"), str):
            page.ids.setdefault(obj["@id"], obj)
    return page


def _article_scope(tree: LexborHTMLParser, page: _Page) -> LexborNode | None:
    """The element holding the article: articleBody microdata, the <article> around the <h1>, <main>, <body>."""
    nodes = page.itemprops.get("articlebody")
    if nodes:
        return nodes[0]
    articles = page.articles
    if articles:
        ids = {a.mem_id for a in articles}
        for h in page.h1_nodes:
            anc = h.parent
            while anc is not None:
                if anc.mem_id in ids:
                    return anc
                anc = anc.parent
        return articles[0]
    return page.main_el or tree.body


def _inside(node: LexborNode, root_id: int, limit: int = 400) -> bool:
    anc = node.parent
    while anc is not None and limit:
        if anc.mem_id == root_id:
            return True
        anc = anc.parent
        limit -= 1
    return False


# ---------------------------------------------------------------- fields


def clean_title(title: str, sites: list[str]) -> str:
    """Drop " - Site Name" / "Outlet | " parts that name the site.

    >>> clean_title("Banjir di Jakarta | Kabar Kita", ["Kabar Kita"])
    'Banjir di Jakarta'
    """
    if len(title) > _MEMO_CHARS:
        return _clean_title(title, tuple(sites))
    return _clean_title_short(title, tuple(sites))  # a page cleans the same titles from several sources


def _clean_title(title: str, sites: tuple[str, ...]) -> str:
    title = _clean(title)
    parts = _TITLE_SEP.split(title)
    first = title.split(" ", 1)
    if len(parts) < 2 and not (len(first) == 2 and "." in first[0]):
        return title
    keys, flat = _site_keys(sites)

    def is_site(part: str) -> bool:
        p = _norm(part)
        if not p:
            return True
        pf = p.replace(" ", "")
        return any(
            p == k or pf == f or (len(pf) >= 4 and (pf in f or f in pf))
            for k, f in zip(keys, flat, strict=True)
        )

    # "davidbau.com Vibe Coding": the site's domain before the headline, no separator between them
    if len(first) == 2 and _DOMAIN.fullmatch(first[0].lower()) and is_site(first[0]):
        return _clean_title(first[1], sites)
    if len(parts) < 2:
        return title

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    if len(parts) == len(_TITLE_SEP.split(title)):
        return title
    # rebuild from the original text to keep the original separators inside the title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " - ".join(parts)


_clean_title_short = lru_cache(maxsize=4096)(_clean_title)


@lru_cache(maxsize=1024)
def _site_keys(sites: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The comparison keys of the site names (:func:`_norm`), and the same without spaces (tuples:
    the answer is shared by every later call)."""
    keys = tuple(k for k in (_norm(s) for s in sites) if k)
    return keys, tuple(k.replace(" ", "") for k in keys)


def _site_names(page: _Page, main: dict[str, Any] | None, url: str | None) -> list[str]:
    """The names the page gives its site (og:site_name, application-name, twitter:site, the JSON-LD
    publisher and WebSite / Organization objects), then the host's name and the host when ``url`` is given."""
    if page.site_names is not None and page.site_names[0] is main:
        names = page.site_names[1]  # a page asks for its site names several times
    else:
        names = [
            page.meta("og:site_name") or "",
            page.meta("application-name") or "",
            page.meta("twitter:site") or "",
        ]
        if main is not None and not _is_person(main.get("publisher"), page.ids):
            names += _name(main.get("publisher"), page.ids)
        for obj in page.jsonld:
            types = _types(obj)
            if types & {"website", "organization", "newsmediaorganization"} and "person" not in types:
                names += _name(obj)
        names = [n.lstrip("@") for n in names if n]
        page.site_names = (main, names)
    host = urlsplit(url).hostname if url else None
    if not host:
        return list(names)
    labels = host.lower().removeprefix("www.").split(".")
    extra = (
        labels[0] if len(labels) < 3 or labels[0] not in ("m", "amp", "news") else labels[1],
        host.removeprefix("www."),
    )
    return names + [n.lstrip("@") for n in extra if n]


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_WRAPPED = re.compile(r'^(["“”\'‘’*]+)(.+?)(["“”\'‘’*]+)$')
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]{3,}?)\*(?![\w*])")
_EDGE_MARKS = "|–—·•»«~/⋆★☆"
"""Separator marks left dangling at the end of a title once the site name after them is dropped."""
_QUOTE_FAMILY = {"'": "'‘’", "‘": "'‘’", "’": "'‘’", '"': '"“”', "“": '"“”', "”": '"“”', "*": "*"}


def _tidy_title(title: str) -> str:
    """Drop Markdown marks and wrapping quotes that some sites leave in their metadata titles.

    The quotes are dropped only when the text inside holds none of them (nor their curly or
    straight twins), so titles that merely start and end with a quoted phrase stay whole.

    >>> _tidy_title('"What is Git?"'), _tidy_title("## Big news"), _tidy_title("*A Treatise* (1792)")
    ('What is Git?', 'Big news', 'A Treatise (1792)')
    >>> _tidy_title("'Dune' and 'Arrival'"), _tidy_title("__init__")
    ("'Dune' and 'Arrival'", '__init__')
    """
    if not title:
        return title
    # "Home Gym Must Haves ⋆" (the site name after the mark was dropped); a guillemet that closes a
    # quote opened earlier ("Macron : «Nous sommes en guerre»") belongs to the title
    if title[-1] in _EDGE_MARKS and not (title[-1] in "«»" and ("«" in title[:-1] or "»" in title[:-1])):
        title = title.rstrip(_EDGE_MARKS + " ")
    if not title:
        return title
    if title[0] == "#":
        title = _MD_HEADING.sub("", title)
    if "*" in title:
        title = _EMPHASIS.sub(r"\1", title)
    m = _WRAPPED.match(title)
    if m and len(m.group(1)) == len(m.group(3)):
        inner = m.group(2)
        marks = "".join(_QUOTE_FAMILY[c] for c in m.group(1) + m.group(3))
        if not any(c in marks for c in inner):
            title = inner.strip()
    return title


_TITLE_MARKS = frozenset("?!.…,;:&'\"“”‘’«»„‚()")


def _adds_marks(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with punctuation added (a "?", quotes, a final "."), spaces aside.

    >>> _adds_marks("What is next in 2025?", "What is next in 2025"), _adds_marks("Bonn : Wahl", "Bonn: Wahl")
    (True, False)
    >>> _adds_marks("Flut Zwei Fragen", "Flut: Zwei Fragen"), _adds_marks("Quickstart ¶", "Quickstart")
    (False, False)
    """
    a = "".join(ch for ch in longer if ch.isprintable() and not ch.isspace())  # word joiners aside
    b = "".join(ch for ch in shorter if ch.isprintable() and not ch.isspace())
    if len(a) <= len(b):
        return False
    i = 0
    for ch in a:  # b must be a subsequence of a, the skipped characters all title punctuation
        if i < len(b) and ch == b[i]:
            i += 1
        elif ch not in _TITLE_MARKS:  # a letter, or a "¶" permalink / "#" anchor: not the headline's
            return False
    return i == len(b)


_SEPARATOR_MARKS = frozenset("/|-–—:·•")
_H2_HEADLINES = 3  # the first <h2> elements of the article that may carry its headline


def _ends_with(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with words put before it (normalised keys, whole words)."""
    return len(shorter) >= 15 and len(longer) > len(shorter) and longer.endswith(" " + shorter)


_PIPE = re.compile(r"\s+\|\s+")


def _drop_pipe_tail(title: str) -> str:
    """Drop short " | Section" / " | Brand" parts after a headline (a pipe separates title parts).

    A part of at most four words goes while at least three words of headline stay, so a headline
    that itself holds a pipe ("Budget 3.0 | Sars gets R4bn …", "A | longer second half") stays whole.

    >>> _drop_pipe_tail("How meditation rewires brains | Opinion")
    'How meditation rewires brains'
    >>> _drop_pipe_tail("BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors")
    'BUDGET 3.0 | Sars gets R4bn to hire army of debt collectors'
    >>> _drop_pipe_tail("Jakarta floods | Jakarta | Kompas")
    'Jakarta floods | Jakarta'
    """
    parts = _PIPE.split(title)
    seps = list(_PIPE.finditer(title))
    while len(parts) > 1 and len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1]).split()) >= 3:
        parts.pop()
    # cut at the separator after the last kept part (its text may occur earlier in the title too)
    return title if len(parts) == len(seps) + 1 else title[: seps[len(parts) - 1].start()]


_KICKER = re.compile(r"^(\S.{0,59}?)(?::|\s[-–—|])\s+(\S.*)$")
"""A short label before the first separator of a headline ("Minderheit in Syrien - Drusen fordern …")."""
_KICKER_WORDS = 4
_KICKER_SEP = re.compile(r"\s[-–—|]")


def _drop_kicker(title: str, page: _Page, main: dict[str, Any] | None, sites: list[str]) -> str | None:
    """The headline without its topic kicker, when a metadata title is exactly the rest.

    Pages set a short topic label ("Neue Leipziger Schule", "Analysis") before the headline in the
    same ``<h1>``; when og:title, twitter:title, the JSON-LD headline or the ``<title>`` carries the
    headline alone, that wording is the title. A label of more than four words, or a quotation, is
    part of the headline.

    >>> t = LexborHTMLParser('<meta property="og:title" content="Drusen fordern Teilhabe">')
    >>> _drop_kicker("Minderheit in Syrien - Drusen fordern Teilhabe", _collect(t), None, [])
    'Drusen fordern Teilhabe'
    >>> _drop_kicker("The 2024 SELF Healthy Beauty Awards: Best Products", _collect(t), None, []) is None
    True
    """
    # no separator, no kicker: the pattern's own necessary test, cheaper than the pattern
    if ":" not in title and not _KICKER_SEP.search(title):
        return None
    m = _KICKER.match(title)
    # a quoted lead ("'Ends recession debate': economists weigh in") is the headline's own words
    if m is None or len(m.group(1).split()) > _KICKER_WORDS or m.group(1)[0] in _QUOTE_FAMILY:
        return None
    rest = _norm(m.group(2))
    if len(rest) < 12:
        return None
    values = [page.meta("og:title"), page.meta("twitter:title"), page.title_tag]
    if main is not None:
        values += [v for v in (main.get("headline"), main.get("name")) if isinstance(v, str)]
    for v in values:
        if v and (_norm(v) == rest or _norm(clean_title(v, sites)) == rest):
            return _tidy_title(clean_title(v, sites))
    return None


def _pick_title(
    page: _Page, main: dict[str, Any] | None, sites: list[str], scope: LexborNode | None
) -> tuple[str | None, str]:
    """The headline (see :func:`_choose_title`), without short " | Section" parts after it nor a
    topic kicker before it (:func:`_drop_kicker`)."""
    title, src = _choose_title(page, main, sites, scope)
    if title:
        rest = _drop_kicker(title, page, main, sites)
        if rest:
            return rest, "meta"
    return (_drop_pipe_tail(title) if title and " | " in title else title), src


_TITLE_TAG_PARTS = re.compile(r"\s+(?:[|\-–—:·•»«~/]|::)\s+|:\s+")


def _title_tag_site(title_tag: str, groups: dict[str, Any]) -> list[str]:
    """The site's name as the ``<title>`` shows it beside the headline: "Engora Data Blog: Small adventures".

    When the ``<title>`` is two parts and one of them is a metadata title (og:title …), the other
    part names the site or the blog, so an ``<h1>`` reading the same is the logo, not the headline.

    >>> _title_tag_site("Engora Data Blog: Small adventures with models", {"small adventures with models": 0})
    ['engora data blog']
    >>> _title_tag_site("Small adventures: a blog", {"nothing": 0})
    []
    """
    parts = _TITLE_TAG_PARTS.split(_clean(title_tag)) if title_tag else []
    if len(parts) != 2:
        return []
    a, b = _norm(parts[0]), _norm(parts[1])
    return [b] if a in groups else [a] if b in groups else []


def _choose_title(
    page: _Page, main: dict[str, Any] | None, sites: list[str], scope: LexborNode | None
) -> tuple[str | None, str]:
    """The headline, by agreement between the metadata titles and the visible ``<h1>``.

    Each metadata source (JSON-LD headline/name, og:title, twitter:title, microdata, ``<title>``)
    votes for its cleaned title. A visible ``<h1>`` equal to a metadata title wins. When one is
    the other plus extra words (a kicker, a date, "| Opinion", a truncation), the wording that at
    least two metadata sources agree on wins; otherwise the visible headline does.
    """
    cands: list[tuple[str, str]] = []
    if main is not None:
        for key in ("headline", "name"):
            v = main.get(key)
            if isinstance(v, str) and v.strip():
                cands.append((clean_title(v, sites), "json-ld"))
    for key, src in (
        ("og:title", "opengraph"),
        ("twitter:title", "meta"),
        ("itemprop:headline", "microdata"),
    ):
        v = page.meta(key)
        if v:
            cands.append((clean_title(v, sites), src))
    for node in page.itemprops.get("headline", ())[:1]:
        if node.tag != "meta":
            cands.append((_text(node), "microdata"))
    if page.title_tag:
        cands.append((clean_title(page.title_tag, sites), "meta"))
    cands = [(t, s) for t, s in ((_tidy_title(t), s) for t, s in cands) if t]
    # votes per normalised wording; the first source seen names the group
    groups: dict[str, tuple[str, str, set[str]]] = {}
    for t, src in cands:
        k = _norm(t)
        if k:
            groups.setdefault(k, (t, src, set()))[2].add(src)  # one vote per source family
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1][2]))
    h1s = [h for h in page.h1 if 2 <= len(h) <= 400]
    h1_keys = [(h, _norm(h)) for h in h1s]
    # the visible headline, when a metadata title confirms it
    squeezed = {k.replace(" ", ""): g for k, g in groups.items()}
    for h, hn in h1_keys:
        g = (
            groups.get(hn)
            or groups.get(_norm(clean_title(h, sites)))  # "Headline – Site" in the <h1>
            or squeezed.get(hn.replace(" ", ""))  # "Planning C ycle": a word split by inline markup
        )
        if g is not None:  # keep the metadata wording (its spacing is cleaner) unless it lost marks
            if _adds_marks(h, g[0]):  # "What's next in 2025?" on the page, "… 2025" in the metadata
                return h, "dom"
            # the sources agree up to case and marks: the one written as the page shows it, unless the
            # heading lost a separator the metadata keeps ("Kicker / Headline" set in two elements)
            same = None
            if g[0] != h and not (set(g[0]) - set(h)) & _SEPARATOR_MARKS:
                same = next((c for c in cands if c[0] == h and c[1] != "microdata"), None)
            return same or (g[0], g[1])
    # no <h1> confirmed: a page may set its headline in an <h2> (the <h1> being the logo, or absent)
    if scope is not None and groups:
        for node in _css(scope, "h2", _H2_HEADLINES):
            g = groups.get(_norm(_text(node)))
            if g is not None and len(g[0]) >= 12:
                return g[0], g[1]
    logo = _title_tag_site(page.title_tag, groups)
    for h, hn in h1_keys:
        if len(hn) < 15 or hn in logo:
            continue
        for k, (t, src, votes) in ranked:
            if _ends_with(k, hn) or _ends_with(hn, k):
                # a kicker / date / "Blog:" before one of them: the wording the metadata agrees on
                return (t, src) if len(votes) >= 2 else (h, "dom")
            if len(k) >= 15 and (k.startswith(hn) or hn.startswith(k)):
                # words after one of them: an SEO tail in the metadata, or a shortened meta title
                return h, "dom"
    # else the page's one visible headline (the one inside the article when there are several)
    keys = [k for k in (_norm(x) for x in sites) if k]
    keys += logo
    plausible = [
        (h, n) for h, n in zip(page.h1, page.h1_nodes, strict=True)
        if 12 <= len(h) <= 400 and len(h.split()) >= 2 and _norm(h) not in keys
    ]  # fmt: skip
    if len(plausible) > 1 and scope is not None:
        inside = {n.mem_id for n in _css(scope, "h1")}
        plausible = [x for x in plausible if x[1].mem_id in inside] or plausible
    if len(plausible) == 1:
        h = plausible[0][0]
        hw = set(_norm(h).split())
        # a lone <h1> that shares no words with the metadata titles is page furniture or a body heading
        if not cands or any(len(hw & (tw := set(_norm(t).split()))) / len(hw | tw) >= 0.3 for t, _ in cands):
            return h, "dom"
    if cands:
        return cands[0]
    if h1s:
        return h1s[0], "dom"
    return None, ""


_JOB_WORD = 6
"""A lower-case byline part this long is a job title ("dermatologist"), not initials or an agency ("dpa", "kesm")."""


def _site_domain(text: str, outlets: set[str]) -> bool:
    """``text`` ("(www.exr.com)") is a domain whose name is one of the site's (``outlets`` keys).

    >>> _site_domain("(www.exr.com)", {"exr com", "exrcom"}), _site_domain("(janedoe.com)", {"exr com"})
    (True, False)
    """
    host = text.strip("() ").lower().removeprefix("www.")
    if not _DOMAIN.fullmatch(host):
        return False
    return _norm(host) in outlets or host.split(".")[0] in outlets


def _job_title(part: str, lex: _Lex) -> bool:
    """A byline part after a name that is its job title: it ends with a job word, or is a long lower-case word.

    >>> lex = _lex()
    >>> [_job_title(x, lex) for x in ("XYZ Columnist", "dermatologist", "dpa", "John Roe")]
    [True, True, False, False]
    """
    if part[:1].islower() and len(part) >= _JOB_WORD:
        return True
    return lex.roles.fullmatch(part.rsplit(None, 1)[-1]) is not None


def _split_people(value: str, outlets: set[str]) -> list[str]:
    lex = _lex()
    value = _clean(value)
    if not value or len(value) > 300:
        return []
    value = _EMAIL_URL.sub(" ", value)
    if "(" in value and any(_site_domain(m.group(0), outlets) for m in _PARENS.finditer(value)):
        return []  # "Example Radio (www.exr.com)": the site's own domain credits the organisation
    value = _WS.sub(" ", _PARENS.sub(" ", value)).strip(" -–—|:")  # "Ana (Maria) Lopez": one space
    value = lex.author_prefix.sub("", value)
    out: list[str] = []
    outlet_seen = (
        False  # "hessenschau.de, Frankfurt, Germany": one-word parts after the site's domain are its address
    )
    pieces = lex.author_split.split(value)  # parts at even places, the separators between them at odd
    employer = False
    for k in range(0, len(pieces), 2):
        part = lex.author_prefix.sub("", pieces[k].strip(" .-–—|:·•")).strip(" .-–—|:·•")
        role = bool(part) and lex.roles.match(part) is not None
        # after a job title, commas list its employer; "&" / "and" or a person open the next writer
        if employer:
            sep = pieces[k - 1].strip(" ,").lower()
            if sep not in lex.joiners and not _looks_like_name(part):
                continue
            employer = False
        # after a name, a part that ends with a job word ("XYZ Columnist", "Home Safety Expert") or a
        # long lower-case word ("dermatologist") is the name's job title
        if out and part and (role or _job_title(part, lex)):
            employer = True
            continue
        if not part or role or ":" in part or (outlet_seen and " " not in part):
            continue
        if _CREDENTIAL.match(part):
            continue
        key = _norm(part)
        words = key.split()
        for i in range(len(words) - 1, 0, -1):  # "Brian Truitt USA TODAY": drop a trailing outlet name
            tail = " ".join(words[i:])
            if tail in outlets or tail.replace(" ", "") in outlets:
                part = " ".join(part.split()[:i])
                key = " ".join(words[:i])
                break
        if _DOMAIN.match(part):
            outlet_seen = True
            continue
        if key in outlets or key.replace(" ", "") in outlets:
            continue
        if not key or key in lex.not_people:
            continue
        if _NAME_BAD.search(part) or _URLISH.search(part) or part.startswith("@"):
            continue
        words = part.split()
        if (
            len(words) > 5
            or len(part) < 3
            or not any(ch.isupper() for ch in part[:1])
            and not part[:1].isalpha()
        ):
            continue
        out.append(part)
    # "Jane Roe, WXYZ Metro": the outlet's desk (its acronym first) credited beside its writer
    if len(out) > 1:
        people = [p for p in out if not _desk_of(p, outlets)]
        out = people or out
    return out


def _desk_of(name: str, outlets: set[str]) -> bool:
    """``name`` is a desk of an outlet: its first word, in capitals, is the outlet's name ("WXYZ Metro").

    >>> _desk_of("WXYZ Metro", {"wxyz"}), _desk_of("Fox Mulder", {"fox"}), _desk_of("WXYZ", {"wxyz"})
    (True, False, False)
    """
    first, _, rest = name.partition(" ")
    return bool(rest) and len(first) >= 2 and first.isupper() and _norm(first) in outlets


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = _norm(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def _pick_authors(
    tree: LexborHTMLParser,
    page: _Page,
    main: dict[str, Any] | None,
    scope: LexborNode | None,
    outlets: set[str],
    url: str | None = None,
) -> tuple[list[str], str]:
    """The people who wrote the page and where they were read (``json-ld``, ``meta``, ``microdata``, ``dom``).

    Metadata first, then the byline by the headline, byline-classed elements, prefixed byline rows
    and a name beside the date row. On a one-person site (:func:`_owner_keys`) the page's own byline
    may name the owner, whose name is also the site's: the page's bylines keep it.
    """
    if main is not None:
        names: list[str] = []
        value = main.get("author") or main.get("creator")
        for one in value if isinstance(value, list) else [value]:
            # a Person typed as such may share the site's name (personal sites); organisations are no authors
            if _is_org(one, page.ids):
                continue
            allowed = set() if _is_person(one, page.ids) else outlets
            for raw in _name(one, page.ids):
                names += _split_people(raw, allowed)
        if len(names) > 1:  # "Jane Doe, The Daily Example": the outlet listed among its writers
            people = [
                n for n in names if _norm(n) not in outlets and _norm(n).replace(" ", "") not in outlets
            ]
            names = people or names
        if names and all(_norm(n) in outlets or _norm(n).replace(" ", "") in outlets for n in names):
            # a Person named like the site is often the publisher's CMS account: the writer that an
            # author <meta> names instead, when it names someone else who reads as a person
            others = [
                n for key in ("author", "article:author") for raw in page.metas.get(key, ())
                for n in _people_in_text(raw, outlets)
            ]  # fmt: skip
            if others:
                return _dedupe(others), "meta"
            found = _headline_byline(page, scope, outlets, site_named=True)
            if found:
                return found, "dom"
        if names:
            names = _dedupe(names)
            return _byline_over_metadata(tree, page, scope, names, outlets) or (names, "json-ld")
    found: tuple[list[str], str] | None = None
    for key, src in _AUTHOR_META:
        names = []
        for raw in page.metas.get(key, ()):
            if key in _CITATION_KEYS and raw.count(",") == 1:  # one author per element, "Doe, Jane T."
                last, first = (x.strip() for x in raw.split(","))
                # not "Jane Doe, PhD" (a credential) nor "Jane Doe, Amy Poe" (two names in one element)
                if first and not _CREDENTIAL.match(first) and min(len(last.split()), len(first.split())) == 1:
                    raw = f"{first} {last}"
            names += _split_people(raw, outlets)
        if not names:
            continue
        names = _dedupe(names)
        if found is None:
            found = names, src
            if key in _CITATION_KEYS:
                break
        elif key in _CITATION_KEYS and len(names) > len(found[0]):
            # "dc.creator" names the first author, the citation elements all of them: the full list
            if {_norm(n) for n in found[0]} <= {_norm(n) for n in names}:
                found = names, src
            break
    if found is not None:
        return _byline_over_metadata(tree, page, scope, found[0], outlets) or found
    names = []
    first = page.itemprops.get("author", [])[:1]
    parent = first[0].parent if first else None
    same = [
        n
        for n in page.itemprops.get("author", ())[:6]
        if parent is not None and n.parent is not None and n.parent.mem_id == parent.mem_id
    ]
    for node in same:
        inner = _css_first(node, '[itemprop="name"]')
        raw = (inner.attributes.get("content") if inner is not None else None) or _text(inner or node)
        if inner is None and node.tag != "meta":
            # "By" / "Jane Doe" / "Senior Cars Reporter" in child elements: the name's own line
            lines = _lines(node)
            line_names = [n for ln in lines[:4] for n in _line_people(ln, outlets)]
            if len(lines) > 1 and line_names:
                names += line_names
                continue
        names += _split_people(raw or "", outlets)
    if names:
        return _dedupe(names), "microdata"
    owner = _owner_keys(page, main, url, outlets)
    if owner:  # the visible bylines may name the site's owner
        outlets = {k for k in outlets if k not in owner}
    for h1 in _headline_nodes(page, scope):
        found = _byline_after(h1, outlets)
        if found:
            return found, "dom"
    roots = [scope] if scope is not None else []
    if tree.body is not None and (scope is None or scope.mem_id != tree.body.mem_id):
        roots.append(tree.body)
    heads = page.h1_nodes[:2]
    for root in roots:
        for node in _within(page.bylines, root, 20):  # _css(root, _BYLINE, 20)
            t = _text(node)
            if not t or (heads and _holds_h1(node, heads)):  # a wrapper around the headline is no byline
                continue
            if _in_comments(node):  # a "Latest comments" widget names its commenters
                continue
            lines = _lines(node)
            line_names = [n for ln in lines[:8] if len(ln) <= 120 for n in _line_people(ln, outlets)]
            if len(t) <= 120:
                # "Jane Doe Senior Writer" read as one text: keep the name its own element gives
                found = [
                    next((x for x in line_names if n.startswith(x + " ")), n)
                    for n in _split_people(t, outlets)
                ]
                # "Andrew Gerrand" + "4 August 2010" in one element: the name line alone
                found = [n for n in found if _looks_like_name(n)] or line_names[:1]
            else:  # the element also holds a bio or a date row: its first name-like line
                found = line_names[:1]
            if found:
                return _dedupe(found)[:8], "dom"
    # the article only (a page's menus hold "By Role" rows), and not a teaser card without the headline
    if roots and (scope is None or not heads or _holds_h1(scope, heads)):
        found = _byline_in_rows(roots[0], outlets)
        if found:
            return found, "dom"
    for h1 in _headline_nodes(page, scope, 1):
        found = _name_beside_date(h1, outlets) or _name_above_job(h1, outlets)
        if found:
            return found, "dom"
    return [], ""


def _row_before(text: str, i: int) -> str:
    """The text of ``text`` before index ``i`` on its row, or the last non-blank row before it.

    >>> _row_before("Teks.\\n  Editor : \\n\\nBudi", 18), _row_before("By Ann", 3)
    ('Editor :', 'By')
    """
    prev = text[max(0, i - 300) : i].rstrip()
    return prev[prev.rfind("\n") + 1 :].strip()


def _spells(label: str, words: list[str]) -> bool:
    """The host label spells the name: all its words ("erinspain"), or first and last around an initial.

    >>> _spells("erinspain", ["Erin", "Spain"]), _spells("damiengwalter", ["Damien", "Walter"])
    (True, True)
    >>> _spells("erin", ["Erin", "Spain"]), _spells("spainerin", ["Erin", "Spain"])
    (False, False)
    """
    keys = [
        "".join(ch for ch in unicodedata.normalize("NFKD", w.lower()) if ch.isascii() and ch.isalnum())
        for w in words
    ]
    if not all(keys):
        return False
    if label == "".join(keys):
        return True
    first, last = keys[0], keys[-1]
    return label.startswith(first) and label.endswith(last) and len(label) <= len(first) + len(last) + 2


def _owner_keys(page: _Page, main: dict[str, Any] | None, url: str | None, outlets: set[str]) -> set[str]:
    """The site's name, as outlet keys, when it is a person's (two capitalised words) and the host spells it.

    A byline on such a site that names the owner is the writer, not the outlet. A brand named like
    a person on its own domain passes too, so only the page's own bylines use this, never metadata.

    >>> t = LexborHTMLParser('<meta property="og:site_name" content="Erin Spain">')
    >>> keys = {"erin spain", "erinspain"}
    >>> sorted(_owner_keys(_collect(t), None, "https://www.erinspain.com/a/", keys)), _owner_keys(_collect(t), None, None, keys)
    (['erin spain', 'erinspain'], set())
    """
    host = urlsplit(url).hostname if url else None
    if not host:
        return set()
    labels = host.lower().split(".")[:-1]
    # the outlet keys (lower case) first: most sites' names are no two words their host spells
    if not any(k.count(" ") == 1 and any(_spells(lb, k.split()) for lb in labels) for k in outlets):
        return set()
    for name in _site_names(page, main, None):
        name = _clean(name)
        words = name.split()
        ok = len(words) == 2 and all(w.isalpha() for w in words) and _looks_like_name(name)
        if ok and any(_spells(lb, words) for lb in labels):
            key = _norm(name)
            return {key, key.replace(" ", "")}
    return set()


def _byline_over_metadata(
    tree: LexborHTMLParser, page: _Page, scope: LexborNode | None, names: list[str], outlets: set[str]
) -> tuple[list[str], str] | None:
    """The visible byline, when the metadata's authors (JSON-LD or ``<meta>``) are not the writers:
    the page shows them as editors only, they are user handles, or the page never shows them."""
    return (
        _writer_not_editor(page, scope, names, outlets)
        or _writer_not_handle(page, scope, names, outlets)
        or _writer_not_shown(tree, page, scope, names, outlets)
    )


def _writer_not_editor(
    page: _Page, scope: LexborNode | None, names: list[str], outlets: set[str]
) -> tuple[list[str], str] | None:
    """The visible byline, when the page shows the metadata's authors only as its editors or reviewers.

    Sites fill the metadata author with the desk editor ("Editor : Budi" at the foot of the story)
    while the byline under the headline names the reporter. When every metadata name occurs in the
    article only right after an editor's label (language data ``editor_labels``) and the byline by
    the headline names other people, those people wrote the page. Otherwise None (keep the metadata).

    >>> t = LexborHTMLParser("<article><h1>Banjir di Jakarta hari ini</h1><p>Penulis: Rina Ayu</p><p>Teks.</p>"
    ...                      "<p>Editor :</p><p>Budi Santoso</p></article>")
    >>> _writer_not_editor(_collect(t), t.css_first("article"), ["Budi Santoso"], set())
    (['Rina Ayu'], 'dom')
    """
    lex = _lex()
    root = scope
    # without a headline there is no byline to prefer (checked first: the row test walks the scope)
    if root is None or not page.h1_nodes or not lex.editor_prefixes:
        return None
    if not _editor_rows(page, root, lex.editor_prefixes):
        return None
    text = root.text(deep=True, separator="\n")
    for name in names:
        i = text.find(name)
        if i < 0:
            return None
        while i >= 0:  # every place the page shows the name is after an editor's label
            if not lex.editor_label.fullmatch(_row_before(text, i)):
                return None
            i = text.find(name, i + len(name))
    keys = {_norm(n) for n in names}
    for h1 in _headline_nodes(page, scope, 1):
        found = _byline_after(h1, outlets) or _name_beside_date(h1, outlets)
        if found and keys.isdisjoint(_norm(n) for n in found):
            return found, "dom"
    return None


def _handle(name: str) -> bool:
    """A user handle rather than a person's name: one token with a dot, an underscore or a digit,
    all lower case, or with a capital inside ("jane.doe77", "jsmith", "JaneD").

    >>> [_handle(x) for x in ("jane.doe77", "jsmith", "JaneD", "Stefan", "Jane Doe", "McIntyre", "dpa")]
    [True, True, True, False, False, False, True]
    """
    if " " in name or not name:
        return False
    if name.islower() or any(ch in "._" or ch.isdigit() for ch in name):
        return True
    inner = [ch for ch in name[1:] if ch.isupper()]
    return bool(inner) and name[-1].isupper()


def _writer_not_handle(
    page: _Page, scope: LexborNode | None, names: list[str], outlets: set[str]
) -> tuple[list[str], str] | None:
    """The byline by the headline, when the metadata names user handles only ("jane.doe77").

    A CMS fills the metadata author with the account that posted the page; the byline under the
    headline ("By Jane Doe", or a name beside the date) names the writer. None when the metadata
    names a person or the headline has no byline naming one.

    >>> t = LexborHTMLParser("<article><h1>Ten ways to rest</h1><p>Ann Rowe</p><p>August 23, 2023</p></article>")
    >>> _writer_not_handle(_collect(t), t.css_first("article"), ["jane.doe77"], set())
    (['Ann Rowe'], 'dom')
    """
    if not all(_handle(n) for n in names):
        return None
    if scope is not None and any(n in scope.text(deep=True) for n in names):
        return None  # the page shows the handle itself (a forum post's author)
    found = _headline_byline(page, scope, outlets)
    return (found, "dom") if found else None


def _headline_byline(
    page: _Page, scope: LexborNode | None, outlets: set[str], site_named: bool = False
) -> list[str]:
    """The names a byline by the story headline gives when the metadata's author is no person: a
    prefixed row ("By Jane Doe") or a name row before the date row. With ``site_named`` (the
    metadata names the site itself) also a bare name row after the date, or a name row above a row
    naming the site ("Jane Doe" / "THE DAILY EXAMPLE").

    >>> t = LexborHTMLParser("<article><h1>Ten ways to rest</h1><p>May 14, 2025</p><p>Ann Lee</p></article>")
    >>> _headline_byline(_collect(t), None, set()), _headline_byline(_collect(t), None, set(), site_named=True)
    ([], ['Ann Lee'])
    """
    h1 = next(iter(_headline_nodes(page, scope, 1)), None)
    if h1 is None:
        return []
    found = _byline_after(h1, outlets) or _name_beside_date(h1, outlets, after=False, bare_after=site_named)
    if not found and site_named:
        found = _name_above_job(h1, outlets, site_row=True)
    return found


def _writer_not_shown(
    tree: LexborHTMLParser, page: _Page, scope: LexborNode | None, names: list[str], outlets: set[str]
) -> tuple[list[str], str] | None:
    """The prefixed byline by the headline ("By Jane Doe"), when it names other people than the
    metadata and the page never shows a metadata name (a template's default or a former editor).

    >>> t = LexborHTMLParser("<article><h1>Retirement calculators</h1><p>By <a>Charles Poe</a></p><p>Text.</p></article>")
    >>> _writer_not_shown(t, _collect(t), t.css_first("article"), ["Josh Kane"], set())
    (['Charles Poe'], 'dom')
    >>> _writer_not_shown(t, _collect(t), t.css_first("article"), ["Charles Poe"], set())
    """
    h1 = next(iter(_headline_nodes(page, scope, 1)), None)
    if h1 is None:
        return None
    # most pages have no prefixed row by the headline, or show the metadata name in it: a quick look first
    nodes = _iter_text(h1, limit=300)[:12]
    raw = [n.text_content.casefold() for n in nodes]
    if any(n.casefold() in r for r in raw for n in names):
        return None  # shown on the page (these rows are body text): the final test below would say so too
    parts = [_clean(n.text_content) for n in nodes]  # = _parts_after(h1, 300)[:12]
    starts = _lex().prefix_starts
    if not any(p.lower().startswith(starts) for p in parts):
        return None
    found = _byline_after(h1, outlets, parts)
    if not found or not {_norm(n) for n in names}.isdisjoint(_norm(n) for n in found):
        return None
    # the whole page's text, read only on the few pages that get this far (5 of the 1,755 WCXB + Fundus pages)
    text = (tree.body.text(deep=True) if tree.body is not None else "").casefold()
    if any(n.casefold() in text for n in names):
        return None
    return found, "dom"


def _editor_rows(page: _Page, root: LexborNode, prefixes: tuple[str, ...]) -> bool:
    """``_K.row_prefixed(root, prefixes)``; when :func:`fill_metadata` has set the page's related
    labels, read in the same walk as :func:`_related`'s label scan of ``root``, which is kept."""
    if page.related_labels is None:
        return _K.row_prefixed(root, prefixes)
    found, rows = _K.scope_labels(root, page.related_labels, 1000, prefixes)
    page.labels_seen = (root.mem_id, found)
    return rows


def _visible_coauthors(page: _Page, scope: LexborNode | None, name: str, outlets: set[str]) -> list[str]:
    """``name`` and the writers the visible byline lists after it ("Rui Ma, Heba Ledwon & Suparn Patra").

    Metadata often keeps the first of several writers only. The short rows after the headline (past
    one standfirst paragraph at most) are searched for the row naming ``name``; each following
    joiner row ("," "&" "and") and the name row after it add a writer.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<h1>Title here</h1><p><a>Ann Lee</a>, <a>Bo Kim</a> &amp; <a>Cy Day</a></p>")
    >>> _visible_coauthors(_collect(t), None, "Ann Lee", set())
    ['Ann Lee', 'Bo Kim', 'Cy Day']
    """
    key = _norm(name)
    if not key:
        return [name]
    lex = _lex()
    for h1 in _headline_nodes(page, scope, 1):
        for skip in (0, 1):
            rows = [
                _clean(n.text_content) for n in _iter_text(h1, limit=600, short_rows=True, skip_prose=skip)
            ]
            for i, row in enumerate(rows):
                rk = _norm(lex.author_prefix.sub("", row))
                # "Dr Jane Doe" on the page, "Jane Doe" in metadata
                if rk != key and not rk.endswith(" " + key):
                    continue
                out = [name]
                j = i + 1
                while j + 1 < len(rows) and rows[j].strip().lower() in lex.joiners:
                    people = _split_people(rows[j + 1], outlets)
                    if len(people) != 1 or not _looks_like_name(people[0]):
                        break
                    if any(lex.roles.match(w) for w in people[0].split()):  # ", Managing Editor"
                        break
                    out.append(people[0])
                    j += 2
                return _dedupe(out)
    return [name]


def _holds_h1(node: LexborNode, heads: list[LexborNode]) -> bool:
    """True when ``node`` is, or holds, one of the ``heads`` (the page's first ``<h1>`` elements).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<div class=a><h1>T</h1></div><p class=b>x</p>")
    >>> h = [t.css_first("h1")]
    >>> _holds_h1(t.css_first(".a"), h), _holds_h1(t.css_first(".b"), h)
    (True, False)
    """
    return bool(_within(heads, node, 1))  # one of the headline nodes is ``node`` or inside it


def _headline_nodes(page: _Page, scope: LexborNode | None, limit: int = 2) -> list[LexborNode]:
    """The page's ``<h1>`` elements, those inside the article first (a site logo is often an ``<h1>``).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<h1>Logo</h1><article><h1>Story</h1></article>")
    >>> [n.text() for n in _headline_nodes(_collect(t), t.css_first("article"))]
    ['Story', 'Logo']
    """
    nodes = page.h1_nodes[:6]
    if scope is not None and len(nodes) > 1:
        inside = {n.mem_id for n in _css(scope, "h1")}
        nodes = sorted(nodes, key=lambda n: n.mem_id not in inside)  # stable: document order kept
    return nodes[:limit]


def _lines(node: LexborNode) -> list[str]:
    """The element's text split where its child elements split it, a lone "By" joined to what follows."""
    prefix = _lex().author_prefix
    out: list[str] = []
    pending = ""
    for raw in node.text(deep=True, separator="\n").split("\n"):
        line = _clean(raw)
        if not line:
            continue
        m = prefix.match(line + " ")
        if m is not None and m.end() >= len(line):  # "By" alone: the name is in the next element
            pending = line
            continue
        out.append(f"{pending} {line}" if pending else line)
        pending = ""
    return out


def _byline_after(h1: LexborNode, outlets: set[str], parts: list[str] | None = None) -> list[str]:
    """Names in a "By Jane Doe and John Roe" row just after the headline (a byline prefix is required).

    ``parts``: the headline's :func:`_parts_after` (300 characters, first 12), when the caller has them.
    """
    lex = _lex()
    prefix = lex.author_prefix
    if parts is None:
        parts = _parts_after(h1, 300)[:12]
    for i, part in enumerate(parts):
        m = prefix.match(part + " ")
        if m is None:
            continue
        rest = [part[m.end() :].strip()] if m.end() < len(part) else []
        for nxt in parts[i + 1 : i + 8]:  # names in their own links: "By", "Jane Doe", ", and", "John Roe"
            if len(nxt) > 60 or any(ch.isdigit() for ch in nxt):
                break
            if rest and not (lex.joined.search(rest[-1]) or lex.joined.match(nxt)):
                break
            rest.append(nxt)
        text = " ".join(rest)
        found = _people_in_text(text, outlets)
        if found:
            return _dedupe(found)[:8]
    return []


_ROW_SPLIT = re.compile(r"\s*([|·•])\s*")


def _name_beside_date(
    h1: LexborNode, outlets: set[str], after: bool = True, bare_after: bool = False
) -> list[str]:
    """The name in a short row beside the date row just after the headline, with no byline prefix.

    "Jane Doe" / "Dec 2, 2025", "Jane Doe | Senior Writer | May 2, 2025" or "May 2, 2025 · Jane Doe":
    rows before the date are read nearest first through short rows only (a role row is passed
    over), then the row after it when a separator mark stands between. A name that is a link
    counts only when the link's path names a person page (``url_words``: "/author/", "/penulis/" …),
    so a category link beside the date is not taken.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<h1>Why cheap ads fail</h1><p><b>Jon Crane</b> in <a>seo</a> Dec 10, 2025</p>")
    >>> _name_beside_date(t.css_first("h1"), set())
    ['Jon Crane']
    """
    rows: list[tuple[str, LexborNode | None]] = []  # (text, its node); a separator mark as (mark, None)
    for node in _iter_text(h1, limit=300, max_nodes=10):
        for piece in _ROW_SPLIT.split(_clean(node.text_content)):
            if piece:
                rows.append((piece, None if piece in "|·•" else node))
    d = next(
        (i for i, (r, n) in enumerate(rows[:10]) if n is not None and len(r) <= 60 and parse_text_date(r)),
        None,
    )
    if d is None:
        return []
    lex = _lex()
    order = []
    for i in range(d - 1, -1, -1):  # back through short rows: "Jane Doe", "in", "seo", date
        if rows[i][1] is None:  # a separator mark
            continue
        if rows[i][0].endswith(":"):  # "Posted:" labels the date; what comes before it is something else
            break
        order.append(i)
        if len(order) == 3 or len(rows[i][0]) > 40:
            break
    if after and d + 2 < len(rows) and rows[d + 1][1] is None:  # "date · Jane Doe"
        order.append(d + 2)
    elif bare_after and d + 1 < len(rows) and rows[d + 1][1] is not None:  # "date" / "Jane Doe"
        order.append(d + 1)
    for i in order:
        text, node = rows[i]
        if node is None or lex.roles.match(text):
            continue
        run = _name_run(text)
        rest = text[len(run) :].split()
        if not run or len(rest) > 1 or (rest and (len(rest[0]) > 3 or not rest[0].islower())):
            continue  # the row is the name, at most with "in" after it: not a sentence or a teaser
        link = node.parent if node.parent is not None and node.parent.tag == "a" else None
        if link is not None and not lex.author_url.search(link.attributes.get("href") or ""):
            continue
        found = _people_in_text(run, outlets)
        if found:
            return _dedupe(found)[:8]
    return []


def _name_above_job(h1: LexborNode, outlets: set[str], site_row: bool = False) -> list[str]:
    """A name row right above a job-title row just after the headline ("Jane Doe" / "Tech Writer"),
    or with ``site_row`` above a row naming the site ("Jane Doe" / "THE DAILY EXAMPLE").

    >>> t = LexborHTMLParser("<h1>Cloud trends ahead</h1><p>What is next?</p><p>Julie Carrow</p><p>Tech Writer</p>")
    >>> _name_above_job(t.css_first("h1"), set())
    ['Julie Carrow']
    """
    lex = _lex()
    rows = [_clean(n.text_content) for n in _iter_text(h1, limit=200, max_nodes=6)]
    for i in range(len(rows) - 1):
        job = rows[i + 1].split()
        site = site_row and _norm(rows[i + 1]) in outlets
        # a capitalised title that ends with a job word: "Tech Writer", "Senior Cars Reporter"
        if not site and (not 2 <= len(job) <= 5 or not all(w[:1].isupper() for w in job) or len(job[-1]) < 4):
            continue
        if not site and lex.roles.fullmatch(job[-1]) is None:
            continue
        found = _people_in_text(rows[i], outlets)
        if len(found) == 1 and found[0] == rows[i] and not _job_title(rows[i], lex):  # "Blog Contributor"
            return found
    return []


_NAME_RUN_STOP = frozenset("|·•—–-/")


def _name_run(text: str) -> str:
    """The capitalised words that open ``text`` (names and their joiners), up to the first other word.

    >>> _name_run("Colin Watson on 2025-12-18 in debusine."), _name_run("Jane Doe and John Roe | May 2")
    ('Colin Watson', 'Jane Doe and John Roe')
    """
    joined = _lex().joined
    out: list[str] = []
    for tok in text.split():
        word = tok.strip(",.;:()")
        if tok in _NAME_RUN_STOP or any(ch.isdigit() for ch in tok):
            break
        if not word:
            if tok.strip() in (",", "&"):
                out.append(tok)
                continue
            break
        if not (word[:1].isupper() or word.lower() in _NAME_PARTICLES or joined.match(word)):
            break
        out.append(tok)
        if tok.endswith((".", ";", ":")) and len(word) > 1:  # "Jane Doe." ends the run; "C." is an initial
            break
    while out and (joined.search(out[-1]) or out[-1] in (",", "&")):
        out.pop()
    return " ".join(out).strip(" ,.;:")


def _byline_in_rows(root: LexborNode, outlets: set[str], phrase_only: bool = False) -> list[str]:
    """Names in a text row of the article that opens with a writer prefix ("Posted by Jane Doe on …").

    Rows are the element texts of ``root`` in document order; the first prefixed row whose words
    read as a person's name wins (a bio box "Written by Jane Doe" or a footer "Posted by …").

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<article><p>Text.</p><p>Posted by <a>Jane Doe</a> on May 2</p></article>")
    >>> _byline_in_rows(t.css_first("article"), set())
    ['Jane Doe']
    """
    lex = _lex()
    # most articles have no row opening with a prefix: a compiled look at the text nodes' bytes
    # proves it without joining the text and running the regex (0.5 ms on a 40,000-character page)
    if not _K.row_prefixed(root, lex.row_prefixes):
        return []
    text = "\n" + root.text(deep=True, separator="\n")[:400_000]
    for m in lex.byline_row.finditer(text):
        head = m.group(0)[1 : m.start(1) - m.start()]  # the prefix, after the row's own "\n"
        if head.lstrip()[:1].islower() and (head[:1] in " \t" or "\n" not in head):
            continue  # lower-case "by" is a label only when it stands alone: "<i>Book</i> by Jane Doe" is prose
        if phrase_only and " " not in head.strip(" \t\n:-–—"):
            continue
        run = _name_run(m.group(1))
        if not run:  # "By clicking …": not a byline
            continue
        found = _people_in_text(run, outlets)
        if len(found) == 1 and "\n" in head:  # "Author(s)" above a column of names, one per row
            found += _name_column(root, found[0], outlets)
        if not found and not _looks_like_name(run) and len(run.split()) > 1:
            # a desk ("By Team Example Data"): only a later phrase-prefixed row ("Written by") may name the writer
            phrase_only = True
            continue
        # the first byline row decides: "Posted by David" (one word) is not passed over for a later row
        return _dedupe(found)[:8]
    return []


_CARD_CLASS = re.compile(r"(?<![a-z])(?:j?comments?|reviews?)(?![a-z])", re.I)
"""A comment or review element's class token ("comment-list", "jcomments-latest", "review-item"), not
"commentary" (an opinion column) nor "preview"."""


def _in_comments(node: LexborNode, depth: int = 12) -> bool:
    """True when ``node`` lies in a comment or review element (a commenter's or reviewer's name).

    >>> t = LexborHTMLParser('<ul class="jcomments-latest"><li><span class="author">Ann Lee</span></li></ul>')
    >>> _in_comments(t.css_first(".author")), _in_comments(t.css_first("ul"))
    (True, False)
    """
    el = node.parent
    for _ in range(depth):
        if el is None or el.tag in ("body", "html", "article", "main"):
            return False
        if _CARD_CLASS.search(el.attributes.get("class") or ""):
            return True
        el = el.parent
    return False


def _name_column(root: LexborNode, name: str, outlets: set[str], limit: int = 7) -> list[str]:
    """The names set beside ``name`` as sibling elements ("Author(s)" above a list), one name each.

    The element holding ``name`` alone is found in ``root``; each following sibling that holds one
    name and nothing else adds a writer (joiners such as "," or "and" between them are skipped), up
    to ``limit``; the first sibling that is not a name ends the list.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<div><h6>Authors</h6><ul><li>Ann Lee</li><li>Bo Kim</li>, <li>Cy Day</li></ul></div>")
    >>> _name_column(t.css_first("div"), "Ann Lee", set())
    ['Bo Kim', 'Cy Day']
    """
    lex = _lex()
    el = None
    for i, node in enumerate(root.traverse(include_text=True)):
        if i > 20_000:
            return []
        if node.tag == "-text" and _clean(node.text_content) == name:
            el = node.parent  # the outermost element that holds the name and nothing else
            while el is not None and el.parent is not None and _clean(el.parent.text(deep=True)) == name:
                el = el.parent
            break
    out: list[str] = []
    sib = el.next if el is not None else None
    while sib is not None and len(out) < limit:
        t = _clean(sib.text(deep=True))
        if t and t.lower() not in lex.joiners:
            people = _people_in_text(t, outlets) if sib.tag != "-text" else []
            if len(people) != 1 or people[0] != t:
                break
            out.append(t)
        sib = sib.next
    return out


def _looks_like_name(name: str) -> bool:
    """Capitalised words (with particles such as "bin", "van"), as a byline in page text shows a person.

    A word that never stands in a name ("Team", "Staff", "The": language data) makes it a desk.

    >>> _looks_like_name("Ana de la Cruz"), _looks_like_name("The Upwork Team"), _looks_like_name("Ana")
    (True, False, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    if not _lex().not_name_words.isdisjoint(_norm(name).split()):
        return False
    if any(w.endswith(("'s", "’s")) for w in words):  # "A Dabbler's Weblog": a possessive names a thing
        return False
    if "!" in name or "?" in name:  # "Copied!": a button or a question, not a name
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) and words[0][:1].isupper()


def _line_people(line: str, outlets: set[str]) -> list[str]:
    """The person names of one byline line; a row of parts ("Dec. 19, 2025 · Jane Doe") is read part by part.

    >>> _line_people("Dec. 19, 2025 · Niko Havel", set()), _line_people("Jane Roe | Editor", set())
    (['Niko Havel'], ['Jane Roe'])
    """
    names = _people_in_text(line, outlets)
    if names or _ROW_SPLIT.search(line) is None:
        return names
    return [n for part in _ROW_SPLIT.split(line)[::2] for n in _people_in_text(part, outlets)]


def _people_in_text(text: str, outlets: set[str]) -> list[str]:
    """The person names of a byline text read from the page (not from its metadata).

    >>> _people_in_text("Jane Roe and Podium Staff", set()), _people_in_text("The Author", set())
    (['Jane Roe'], [])
    """
    return [n for n in _split_people(text, outlets) if _looks_like_name(n)]


def _pick_date(
    page: _Page,
    main: dict[str, Any] | None,
    keys: tuple[tuple[str, str], ...],
    ld_keys: tuple[str, ...],
    fetched_at: str | None,
    generic: re.Pattern[str] | None = None,
) -> tuple[str | None, str]:
    if main is not None:
        for k in ld_keys:
            v = parse_datetime(_first_str(main.get(k)), page.month_first)
            if v and not_after(v, fetched_at):
                return v, "json-ld"
    for key, src in keys:
        for raw in page.metas.get(key, ()):
            v = parse_datetime(raw, page.month_first)
            if v and not_after(v, fetched_at):
                return v, src
    if generic is not None:  # site-specific names: "w-published-date", "published", "article_date_original" …
        for key, values in page.metas.items():
            if generic.search(key) and not _NOT_PUBLISHED_KEY.search(key):
                for raw in values:
                    v = parse_datetime(raw, page.month_first)
                    if v and not_after(v, fetched_at):
                        return v, "microdata" if key.startswith("itemprop:") else "meta"
    return None, ""


def _published_from_dom(
    tree: LexborHTMLParser, page: _Page, scope: LexborNode | None, url: str | None, fetched_at: str | None
) -> tuple[str | None, str]:
    for key in ("datepublished", "datecreated"):
        for node in page.itemprops.get(key, ()):
            if node.tag == "meta":
                continue
            v = parse_datetime(
                node.attributes.get("datetime") or node.attributes.get("content") or _text(node),
                page.month_first,
            )
            if v and not_after(v, fetched_at):
                return v, "microdata"
    times = page.times
    if scope is not None and times:
        inside = {n.mem_id for n in _css(scope, "time[datetime]")}
        times = [t for t in times if t[0].mem_id in inside] or times
    for _node, dt in times:
        v = parse_datetime(dt, page.month_first)
        if v and not_after(v, fetched_at):
            return v, "dom"
    v = date_from_url(url)
    if v and not_after(v, fetched_at):
        return v, "url"
    # a date in an element whose class says so ("post-date", "byline" …) inside the article first,
    # then a short row next to the headline, then such an element anywhere in the page
    roots = [scope] if scope is not None else []
    if tree.body is not None and (scope is None or scope.mem_id != tree.body.mem_id):
        roots.append(tree.body)
    heads = page.h1_nodes[:2]
    # an article scope without the headline (a teaser card) is no better than the rest of the page
    own = scope is None or not heads or _holds_h1(scope, heads)
    v, card = _class_date(page, roots[:1], fetched_at) if own else (None, False)
    if v and not card:
        return v, "dom"
    w = _date_next_to_headline(page, fetched_at)  # by the headline, before a list card's date
    if w or v:
        return w or v, "dom"
    v = _date_in_class_elements(page, roots[1:], fetched_at)
    if v:
        return v, "dom"
    # last resort: a date in a short row of the block around the headline, not beyond its article
    for h1 in page.h1_nodes[:2]:
        holder = h1.parent
        top = _article_ancestor(h1)
        for _ in range(3):
            if holder is None or holder.tag in ("body", "html"):
                break
            rows: list[str] = []
            size = -1  # len(" ".join(rows)): the walk stops once it passes 3,000
            for n in holder.traverse(include_text=True):
                if n.tag == "-text" and (t := n.text_content.strip()) and len(t) <= _SHORT_ROW:
                    rows.append(t)
                    size += len(t) + 1
                    if size > 3000:
                        break
            if size > 3000:
                break
            t = " ".join(rows)
            v = parse_text_date(t, page.month_first)
            if v and not_after(v, fetched_at):
                return v, "dom"
            if top is not None and holder.mem_id == top.mem_id:
                break
            holder = holder.parent
    v = _labelled_date(page, roots, fetched_at)
    return (v, "dom") if v else (None, "")


@cache
def _date_labels() -> tuple[re.Pattern[str], ...]:
    """Row-opening labels of a page's own date, every language (``[dates.labels]``): one pattern for
    published labels, one for updated ones (a literal newline first, for a fast scan)."""
    out = []
    for kind in ("published", "updated"):
        words = sorted(
            {
                w.lower()
                for c in lang.available()
                for w in lang.load(c).get("dates", {}).get("labels", {}).get(kind, [])
            }
        )
        out.append(re.compile(rf"\n[ \t]*(?=[{_initials(words)}])(?i:{_alt(words) or '(?!)'})(?!\w)[ \t]*:?"))
    return tuple(out)


def _labelled_date(page: _Page, roots: list[LexborNode], fetched_at: str | None) -> str | None:
    """The last resort: a date in a byline-classed element of the article, else a date right after
    a row that opens with a date label ("Posted on", "Diterbitkan", then "Last updated": lang
    ``[dates.labels]``) in the text that follows the headline (up to 1,000 characters, past
    standfirst paragraphs). A page whose only visible date is its last update is dated by it.

    >>> t = LexborHTMLParser("<main><h1>T</h1><p>Intro.</p><p>Posted on</p><span>Nov 21, 2018</span></main>")
    >>> _labelled_date(_collect(t), [t.body], None)
    '2018-11-21'
    """
    mf = page.month_first
    if roots:
        for node in _within(page.bylines, roots[0], 20):  # _css(root, _BYLINE, 20)
            t = _text(node)
            v = parse_text_date(t, mf) if t and len(t) <= 200 else None
            if v and not_after(v, fetched_at):
                return v
    labels = _date_labels()
    for h1 in page.h1_nodes[:2]:
        nodes = _iter_text(h1, limit=_LABEL_REACH, within=_article_ancestor(h1))
        text = "\n" + "\n".join(n.text_content for n in nodes)
        for label in labels:
            for m in label.finditer(text):
                v = parse_text_date(text[m.end() : m.end() + 400].lstrip()[:50], mf)
                if v and not_after(v, fetched_at):
                    return v
    return None


_LABEL_REACH = 1000
"""Characters of text after the headline searched for a labelled date row."""


class _NumericOrder:
    """Whether a page writes all-number dates month first, decided when first asked: its own
    unambiguous dates ("3/13/2025") decide, else its locale's language data (:func:`month_first`).

    >>> t = LexborHTMLParser('<html lang="en-GB"><body><p>Updated 3/13/2025</p></body></html>')
    >>> _NumericOrder(t, _collect(t))()
    True
    """

    __slots__ = ("_metas", "_tree", "_value")

    def __init__(self, tree: LexborHTMLParser, page: _Page) -> None:
        # the page's locale fields, not the page: the page holds this object, and a page held back
        # would make a reference cycle that keeps the whole parse tree alive until a full GC pass
        self._tree, self._metas, self._value = tree, _locale_metas(page), None

    def __call__(self) -> bool:
        if self._value is None:
            body = self._tree.body
            # the first 100,000 characters: a page's own dates sit by its headline, not deep in its comments
            seen = numeric_order(body.text(deep=True, separator=" ")[:100_000]) if body is not None else None
            self._value = seen if seen is not None else month_first(_date_locale(self._tree, self._metas))
        return self._value


def _locale_metas(page: _Page) -> tuple[str | None, str | None]:
    """The page's ``og:locale`` and Content-Language values (for :func:`_date_locale`)."""
    return page.meta("og:locale"), page.meta("content-language")


def _date_locale(tree: LexborHTMLParser, metas: tuple[str | None, str | None]) -> str | None:
    """The page's locale for reading dates: ``<html lang>``, with the region of ``og:locale`` or
    Content-Language when ``lang`` names the same language without one.

    >>> t = LexborHTMLParser('<html lang="en"><meta property="og:locale" content="en_GB"></html>')
    >>> _date_locale(t, _locale_metas(_collect(t)))
    'en_GB'
    """
    top = tree.root
    root = _css_first(top, "html") if top is not None else None
    found = [
        v.strip()
        for v in (
            root.attributes.get("lang") if root is not None else None,
            *metas,
        )
        if v and v.strip()
    ]
    if not found:
        return None
    code = _LANG_SPLIT.split(found[0].lower())[0]
    for v in found:
        parts = _LANG_SPLIT.split(v.lower())
        if parts[0] == code and len(parts) > 1 and parts[1]:
            return v
    return found[0]


_DATE_KEYS_LD = ("datePublished", "dateModified", "dateCreated")
_LOCAL_OFFSET = re.compile(r"\d[+-](?!00:?00)\d{2}:?\d{2}\s*$")
_ZONED_META = tuple(k for k, _ in _PUBLISHED_META + _MODIFIED_META)


def _in_page_zone(value: str, page: _Page, main: dict[str, Any] | None, url: str | None) -> str:
    """A UTC instant (``+00:00``) written at the page's own offset, when the page confirms it.

    Pages state metadata in UTC and their ``<time datetime>`` or other fields in local time. The
    offset of another date naming the same instant is the page's; any other non-UTC offset of the
    page (``<time>`` elements, JSON-LD, meta dates) only when the day it gives is the one in the
    URL ("/2025/12/18/"). Otherwise the value stays in UTC (no guess).

    >>> t = LexborHTMLParser('<time datetime="2025-12-18T19:05:00-08:00">Dec 18</time>')
    >>> _in_page_zone("2025-12-19T03:05:00+00:00", _collect(t), None, None)
    '2025-12-18T19:05:00-08:00'
    >>> t = LexborHTMLParser('<time datetime="2025-12-18T21:46:01-05:00">comment</time>')
    >>> _in_page_zone("2025-12-19T02:41:41+00:00", _collect(t), None, "https://x.org/2025/12/18/a")
    '2025-12-18T21:41:41-05:00'
    >>> _in_page_zone("2025-12-19T02:41:41+00:00", _collect(t), None, "https://x.org/a")
    '2025-12-19T02:41:41+00:00'
    """
    first = None
    day: str | None | bool = False  # the URL's day, read at the first local date (most pages have none)
    for v in _local_dates(page, main):
        if not _later(v, value) and not _later(value, v):
            return with_offset(value, v[19:])
        if first is None:
            if day is False:
                day = date_from_url(url)
            if day is not None:
                local = with_offset(value, v[19:])
                if local[:10] == day:
                    first = local
    return first or value


def _local_dates(page: _Page, main: dict[str, Any] | None) -> list[str]:
    """The page's dates written with a non-zero UTC offset (``<time datetime>``, JSON-LD, meta), parsed,
    in that order: what :func:`_in_page_zone` compares; read once per page (published and modified ask)."""
    if page.local_dates is not None and page.local_dates[0] is main:
        return page.local_dates[1]
    raw: list[str | None] = [dt for _n, dt in page.times[:20]]
    if main is not None:
        raw += [_first_str(main.get(k)) for k in _DATE_KEYS_LD]
    metas = page.metas
    for k in _ZONED_META:
        if k in metas:
            raw += metas[k]
    out = []
    for r in raw:
        # only a time with a non-zero offset says where the page is ("…T19:05:00-08:00")
        v = parse_datetime(r) if r and _LOCAL_OFFSET.search(r) else None
        if v and len(v) == 25 and not v.endswith("+00:00"):
            out.append(v)
    page.local_dates = (main, out)
    return out


def _later(a: str, b: str) -> bool:
    """``a`` is a later instant than ``b`` (ISO texts; without a zone on both, compared as written).

    >>> _later("2025-06-12T09:00:00+00:00", "2025-06-10T08:00:00+00:00"), _later("2025-06-12", "2025-06-12")
    (True, False)
    """
    try:
        x, y = datetime.fromisoformat(a), datetime.fromisoformat(b)
        if (x.tzinfo is None) != (y.tzinfo is None):
            x, y = x.replace(tzinfo=None), y.replace(tzinfo=None)
        return x > y
    except ValueError:
        return a > b


def _visible_date(page: _Page, scope: LexborNode | None, fetched_at: str | None) -> str | None:
    """The date the page shows as text: in the rows by the headline, else in a date-classed element
    of the article (not ``<time>`` attributes nor metadata)."""
    heads = page.h1_nodes[:2]
    v = _date_next_to_headline(page, fetched_at)
    if v is None and scope is not None and (not heads or _holds_h1(scope, heads)):
        v = _date_in_class_elements(page, [scope], fetched_at)
    return v


def _date_in_class_elements(page: _Page, roots: list[LexborNode], fetched_at: str | None) -> str | None:
    """The first date written in a date-classed element ("post-date", "byline" …) under ``roots``."""
    return _class_date(page, roots, fetched_at)[0]


def _class_date(page: _Page, roots: list[LexborNode], fetched_at: str | None) -> tuple[str | None, bool]:
    """:func:`_date_in_class_elements`, and whether that date is a list card's.

    A class that three or more such elements share with different days marks the cards of a
    list (related posts, comments, forum posts): the caller may prefer the date by the headline.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser("<main><h1>T</h1>" + "".join(
    ...     f'<div class="card-date">May {d}, 2025</div>' for d in (3, 9, 20)) + '</main>')
    >>> _class_date(_collect(t), [t.body], None)
    ('2025-05-03', True)
    """
    mf = page.month_first
    for root in roots:
        nodes = _within(page.dated, root, 30)  # _css(root, _DATE_EL, 30)
        for node in nodes:
            t = _text(node)
            if not t or len(t) > 200:
                continue
            v = parse_text_date(t, mf)
            if v and not_after(v, fetched_at):
                cls = node.attributes.get("class") or ""
                return v, bool(cls) and _card_class(nodes, node.tag, cls, v[:10], mf)
    return None, False


def _card_class(nodes: list[LexborNode], tag: str, cls: str, day: str, mf: MonthFirst) -> bool:
    """Three or more of ``nodes`` are ``tag`` elements of class ``cls`` and not all show ``day``."""
    same = [n for n in nodes if n.tag == tag and n.attributes.get("class") == cls]
    if len(same) < 3:
        return False
    for n in same:
        t = _text(n)
        v = parse_text_date(t, mf) if t and len(t) <= 200 else None
        if v and v[:10] != day:
            return True
    return False


def _date_next_to_headline(page: _Page, fetched_at: str | None) -> str | None:
    """A date in the short rows just after the headline, or just above it inside its article.

    Body prose is never read (see :func:`_iter_text`), and the walk upwards stays inside the
    headline's ``<article>``/``<main>``, so a site header showing today's date is not taken.
    """
    for forward, skip in ((True, 0), (False, 0), (True, 1)):  # last: past a standfirst paragraph
        for h1 in page.h1_nodes[:2]:
            within = None if forward else _article_ancestor(h1)
            nodes = _iter_text(
                h1,
                forward=forward,
                limit=400 if forward else 160,
                short_rows=True,
                skip_prose=skip,
                within=within,
            )
            if not forward:
                nodes.reverse()  # back to reading order: "Nov 12" "2026"
            row = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(_clean(n.text_content) for n in nodes))
            v = parse_text_date(row, page.month_first)
            if v and not_after(v, fetched_at):
                return v
    return None


_SHORT_ROW = 80  # a text node longer than this is body prose, not a date/byline row
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:])")  # "Dec 19" ", 2025" joined -> "Dec 19, 2025"


def _article_ancestor(node: LexborNode) -> LexborNode | None:
    """The closest ``<article>`` or ``<main>`` holding ``node``, if any."""
    cur = node.parent
    while cur is not None:
        if cur.tag in ("article", "main"):
            return cur
        cur = cur.parent
    return None


def _iter_text(
    node: LexborNode,
    *,
    forward: bool = True,
    limit: int = 400,
    short_rows: bool = False,
    skip_prose: int = 0,
    within: LexborNode | None = None,
    max_nodes: int = -1,
) -> list[LexborNode]:
    """The non-blank text nodes next to ``node``, up to ``limit`` characters (and ``max_nodes``
    nodes when not -1), nearest first.

    ``forward`` walks the following text in document order; otherwise the preceding text,
    backwards. Siblings come first, then the parents' siblings, descending into elements and
    skipping scripts, styles and navigation; never reads a whole subtree at once, so it stays
    cheap on big pages. The walk never leaves ``<body>``, nor ``within`` when given. With
    ``short_rows`` the walk stops at body prose (a ``<p>`` or a text node over 80 characters),
    so only the short rows around a headline are read; ``skip_prose`` such blocks are first
    skipped unread (a standfirst may sit between the headline and the byline row). The walk is
    the kernel's ``text_nodes`` (over Lexbor's node pointers when compiled).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> h1 = LexborHTMLParser("<div>Kicker</div><h1>T</h1><div>By Ann</div>").css_first("h1")
    >>> [n.text_content for n in _iter_text(h1)], [n.text_content for n in _iter_text(h1, forward=False)]
    (['By Ann'], ['Kicker'])
    """
    return _K.text_nodes(node, forward, limit, short_rows, skip_prose, within, max_nodes, _clean)


def _parts_after(node: LexborNode, limit: int = 400) -> list[str]:
    """The cleaned texts of :func:`_iter_text` forward."""
    return [_clean(t.text_content) for t in _iter_text(node, limit=limit)]


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption into (caption, credit) using the credit patterns of every language.

    >>> split_credit("Warga melintasi banjir di Jakarta. (ANTARA FOTO/Nama Fotografer)")
    ('Warga melintasi banjir di Jakarta.', 'ANTARA FOTO/Nama Fotografer')
    >>> split_credit("Protesters gather in Paris. Photo: Jane Doe/Reuters")
    ('Protesters gather in Paris.', 'Jane Doe/Reuters')
    """
    text = _clean(text)
    if not text:
        return "", None
    return _split_short(text) if len(text) <= _MEMO_CHARS else _split_text(text)


def _split_text(text: str) -> tuple[str, str | None]:
    lex = _lex()
    for rx in (lex.credit_paren, lex.credit_label, lex.credit_mark, lex.credit_mark_tail, *lex.credit_more):
        m = rx.search(text)
        if m:
            credit = lex.label_strip.sub("", m.group(1).strip()).strip(" .,;:|")
            if not credit or len(credit) > 150:
                continue
            caption = text[: m.start()].strip(" |–—-")
            return caption, credit
    return text, None


_split_short = lru_cache(maxsize=2048)(_split_text)
""":func:`split_credit` of a cleaned caption up to ``_MEMO_CHARS`` long, remembered (pages repeat captions)."""


_urljoin_cached = lru_cache(maxsize=2048)(urljoin)
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.\-]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~%!$&'()*+,=:@/]*)?(?:\?[A-Za-z0-9\-._~%!$&'()*+,=:@/?]+)?"
)
"""An absolute http(s) URL that ``urljoin`` returns unchanged: ASCII, no ``;`` ``#`` ``[``, no empty query."""


def _join(base: str, url: str) -> str:
    """``urljoin(base, url)``, without parsing when both are plain absolute URLs (then it is ``url``).

    >>> _join("https://a.example/x/y", "https://cdn.example/p.jpg?w=1"), _join("https://a.example/x/y", "../p.jpg")
    ('https://cdn.example/p.jpg?w=1', 'https://a.example/p.jpg')
    """
    if _PLAIN_URL.fullmatch(url) and _PLAIN_URL.fullmatch(base):
        return url
    return _urljoin_cached(base, url)  # a page names the same picture several times (wrapper, caption)


def _img_url(node: LexborNode | None, base: str | None) -> str | None:
    if node is None:
        return None
    a = node.attributes
    for key in ("data-src", "data-lazy-src", "data-original", "data-url", "src", "data-srcset", "srcset"):
        v = a.get(key)
        if v and not v.startswith("data:"):
            v = v.strip().split(",")[0].split()[0] if "srcset" in key else v.strip()
            return _join(base, v) if base else v
    return None


def _figure_images(scope: LexborNode, base: str | None, candidates: list[LexborNode]) -> list[Image]:
    out: list[Image] = []
    by_url: dict[str, Image] = {}
    done: set[int] = set()
    sid = scope.mem_id
    is_body = scope.tag == "body"
    for node in candidates:
        if not is_body and not _inside(node, sid):
            continue
        # skip caption elements nested in an already handled figure/caption
        anc, skip = node.parent, False
        for _ in range(8):
            if anc is None:
                break
            if anc.mem_id in done or (node.tag != "figure" and anc.tag == "figure"):
                skip = True
                break
            anc = anc.parent
        if skip:
            continue
        done.add(node.mem_id)
        if node.tag == "figure":
            holder = node
            cap_node = _css_first(node, "figcaption") or _css_first(node, "[class*=caption i]")
        else:
            cap_node = node
            holder = node.parent
            for _ in range(2):
                if holder is None or _css_first(holder, "img") is not None:
                    break
                holder = holder.parent
        img = _css_first(holder, "img") if holder is not None else None
        if img is None and holder is not None:
            img = _css_first(holder, "source")
        url = _img_url(img, base)
        if cap_node is None and url is None:
            continue
        caption, credit = "", None
        if cap_node is not None:
            cred_node = _css_first(cap_node, _CREDIT_EL) if cap_node is not None else None
            if cred_node is None and holder is not None and node.tag == "figure":
                cred_node = _css_first(holder, _CREDIT_EL)
            full = _text(cap_node)
            if cred_node is not None:
                credit = _lex().label_strip.sub("", _text(cred_node)).strip(" .,;:|()") or None
                ct = _text(cred_node)
                caption = full.replace(ct, "").strip() if ct and ct in full else full
                caption, c2 = split_credit(caption)
                if (
                    c2 and credit and _norm(c2) not in _norm(credit)
                ):  # "Name" element + "… / AFP via Getty Images"
                    credit = f"{credit} / {c2}"
                credit = credit or c2
            else:
                caption, credit = split_credit(full)
        alt = _clean(img.attributes.get("alt")) if img is not None else ""
        if not caption and not credit and not url:
            continue
        key = _img_key(url)
        if key and key in by_url:  # the same picture seen through a wrapper and its caption element
            prev = by_url[key]
            prev.caption = prev.caption or caption or None
            prev.credit = prev.credit or credit
            prev.alt = prev.alt or alt or None
            continue
        image = Image(caption=caption or None, credit=credit, url=url, alt=alt or None)
        if key:
            by_url[key] = image
        out.append(image)
        if len(out) >= 40:
            break
    return out


def _cover_image(page: _Page, main: dict[str, Any] | None, base: str | None) -> tuple[Image | None, str]:
    if main is not None:
        img = main.get("image")
        if isinstance(img, list) and img:
            img = img[0]
        if isinstance(img, dict):
            u = _first_str(img.get("url") or img.get("contentUrl"))
            if u:
                cap = _clean(img.get("caption") if isinstance(img.get("caption"), str) else None)
                credit = _name(img.get("creditText") or img.get("author") or img.get("copyrightHolder"))
                return Image(
                    url=_join(base, u) if base else u,
                    caption=cap or None,
                    credit=credit[0] if credit else None,
                ), "json-ld"
        elif isinstance(img, str) and img.strip():
            u = img.strip()
            og = page.meta("og:image")
            if og is None:
                return Image(url=_join(base, u) if base else u), "json-ld"
    og = page.meta("og:image") or page.meta("og:image:url") or page.meta("og:image:secure_url")
    if og:
        alt = page.meta("og:image:alt")
        cap, credit = split_credit(alt) if alt else ("", None)
        if credit:  # an alt text carrying a credit is the picture's caption ("… (AP Photo/Jane Doe)")
            return Image(
                url=_join(base, og) if base else og, alt=alt, caption=cap or None, credit=credit
            ), "opengraph"
        return Image(url=_join(base, og) if base else og, alt=alt), "opengraph"
    tw = page.meta("twitter:image") or page.meta("twitter:image:src")
    if tw:
        return Image(url=_join(base, tw) if base else tw), "meta"
    return None, ""


@lru_cache(maxsize=1024)
def _img_key(url: str | None) -> str:
    if not url:
        return ""
    p = urlsplit(url)
    return (p.path.rsplit("/", 1)[-1] or p.path).lower()


@cache
def _related_labels(code: str | None) -> tuple[str, ...]:
    """The "read also" labels of one language (empty when the language has none or is unknown)."""
    if not code:
        return ()
    labels = {x.lower() for x in lang.load(code).get("metadata", {}).get("related", {}).get("labels", [])}
    # a label that contains a shorter one ("related articles" ⊃ "related") is found through the shorter
    return tuple(sorted(x for x in labels if not any(y != x and y in x for y in labels)))


_WORD_CHAR = re.compile(r"\w")


def _starts_related(raw: str, start: re.Pattern[str]) -> bool:
    """``start.match(_clean(raw))``, cleaning only a head of a long text (ancestors hold whole pages).

    The head decides whenever the match (or the first word, on a miss) lies well inside it; else
    the whole text is cleaned.
    """
    if len(raw) > _HEAD:
        head = _clean(raw[:_HEAD])
        m = start.match(head)
        if m is not None and m.end() < len(head) - 16:
            return True
        if m is None and (w := _WORD_CHAR.search(head)) is not None and w.start() < len(head) - 80:
            return False
    return start.match(_clean(raw)) is not None


_HEAD = 400


def _related(
    scope: LexborNode,
    base: str | None,
    page_url: str | None,
    boxes: list[LexborNode],
    page_lang: str | None = None,
    seen: list[str] | None = None,
) -> list[Related]:
    """Links to related stories: link lists after a "read also" label, and related-classed boxes.

    ``seen``, when given, is ``_K.scope_labels(scope, labels, 1000)`` already read (the author
    rules' row test walks the same text: :func:`_editor_rows`).
    """
    lex = _lex()
    labels = _related_labels(page_lang) or lex.related_labels
    # the labels in the scope's text, long scripts and styles left out (most of a page's text is
    # script), in one compiled pass over the text nodes' bytes when the kernel is built
    present = set(_K.scope_labels(scope, labels, 1000) if seen is None else seen)
    out: list[Related] = []
    seen: set[str] = set()

    def add(a: LexborNode) -> None:
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return
        title = _clean(a.text(deep=True, separator=" ")) or _clean(a.attributes.get("title"))
        title = lex.related_start.sub("", title).strip()
        if len(title) < 12 or len(title.split()) < 3:
            return
        url = _join(base, href) if base else href
        if url in seen or (page_url and url.split("#")[0] == page_url):
            return
        seen.add(url)
        out.append(Related(title=title, url=url))

    for label in lex.related_labels:
        if label not in present:
            continue
        for node in _K.contains(scope, label, 20):  # scope.css(f':lexbor-contains("{label}" i)')[:20]
            if not _starts_related(node.text(deep=True, separator=" "), lex.related_start):
                continue
            holder: LexborNode | None = node
            for _ in range(4):
                if holder is None:
                    break
                links = _css(holder, "a[href]") if holder.tag != "a" else [holder]
                if links:
                    link_len = sum(len(_clean(a.text(deep=True))) for a in links)
                    if len(_clean(holder.text(deep=True, separator=" "))) <= link_len * 1.5 + len(label) + 60:
                        for a in links[:12]:
                            add(a)
                    break
                holder = holder.parent
    sid, is_body = scope.mem_id, scope.tag == "body"
    for box in boxes:
        if is_body or _inside(box, sid):
            for a in _css(box, "a[href]", 15) if box.tag != "a" else [box]:
                add(a)
            if len(out) >= 30:
                break
    return out


def _pick_lead(
    tree: LexborHTMLParser,
    page: _Page,
    main: dict[str, Any] | None,
    title: str | None,
    scope: LexborNode | None,
) -> tuple[str | None, str]:
    """The visible standfirst: an element after the headline whose whole text is the page description.

    The text that follows the first ``<h1>`` (about 800 characters, walked node by node) is
    searched for the description's first words; the element holding them (or one of its two
    parents) must carry all of the description and look like a standfirst (:func:`_is_lead_el`).
    """
    if not page.h1_nodes:
        return None, ""
    descs = [
        page.meta("og:description"),
        page.meta("description"),
        page.meta("twitter:description"),
        main.get("description") if main is not None and isinstance(main.get("description"), str) else None,
    ]
    cleaned = [_clean(d) for d in dict.fromkeys(d for d in descs if d)]  # the same text is often given thrice
    keys = {k for k in (_norm(_TRAILING_ELLIPSIS.sub("", d)) for d in cleaned) if len(k) >= 20}
    if not keys:
        return None, ""
    starts = tuple({" ".join(d.split()[:3]) for d in cleaned if len(d) >= 20})
    firsts = tuple({x.split()[0] for x in starts if x})
    tkey = _norm(title)
    for node in _iter_text(page.h1_nodes[0], limit=800):
        raw = node.text_content.lstrip()
        if not raw.startswith(firsts) or node.parent is None or not _clean(raw).startswith(starts):
            continue
        holder: LexborNode | None = node.parent
        for _ in range(3):  # the element whose whole text is the description
            if holder is None:
                break
            t = _text(holder)
            if len(t) > 1200:
                break
            k = _norm(t)
            if (
                len(t) >= 20
                and k != tkey
                and any(
                    k == d or (len(d) >= 40 and k.startswith(d)) or (len(k) >= 40 and d.startswith(k))
                    for d in keys
                )
            ):
                if _is_lead_el(holder):
                    return t, "dom"
                break
            holder = holder.parent
    return None, ""


_LEAD_WORDS = (
    "standfirst", "lead", "summary", "excerpt", "dek", "deck", "subtitle", "sub-title", "subhead", "intro", "teaser",
    "sapo", "description", "abstract", "strap",
)  # fmt: skip
_LEAD_CLASS = re.compile("|".join(map(re.escape, _LEAD_WORDS)), re.I)


def _has_word(value: str, words: tuple[str, ...], rx: re.Pattern[str]) -> bool:
    """``rx.search(value)`` for ``rx`` the case-insensitive alternation of ``words`` (lower-case ASCII):
    on ASCII text a substring test of the lower-cased text, several times cheaper (class values run long).

    >>> _has_word("Article-Dek text-lg", _LEAD_WORDS, _LEAD_CLASS), _has_word("\u212aey", ("key",), re.compile("key", re.I))
    (True, True)
    """
    if not value:
        return False
    if value.isascii():
        low = value.lower()
        return any(w in low for w in words)
    return rx.search(value) is not None  # Unicode case folding ("\u212a" is "k")


def _is_lead_el(node: LexborNode) -> bool:
    """A standfirst element: lead-like class or itemprop on it or its two parents, or a sub-heading tag."""
    if node.tag in ("h2", "h3"):
        return True
    anc: LexborNode | None = node
    for _ in range(3):
        if anc is None:
            break
        a = anc.attributes
        if a.get("itemprop") == "description" or _has_word(a.get("class") or "", _LEAD_WORDS, _LEAD_CLASS):
            return True
        anc = anc.parent
    return False


def _tags(
    tree: LexborHTMLParser, page: _Page, main: dict[str, Any] | None, scope: LexborNode | None
) -> tuple[list[str], str]:
    vals = [v for v in page.metas.get("article:tag", ()) if v.strip()]
    if vals:
        src = "opengraph"
    else:
        src = "meta"
        for key in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
            vals = [x for v in page.metas.get(key, ()) for x in v.split(",")]
            if any(x.strip() for x in vals):
                break
        else:
            vals = []
        if not vals and main is not None:
            kw = main.get("keywords")
            vals = (
                kw.split(",")
                if isinstance(kw, str)
                else [x for x in kw if isinstance(x, str)]
                if isinstance(kw, list)
                else []
            )
            src = "json-ld"
        if not vals and scope is not None:
            vals = [_text(a) for a in _tag_links(scope, page.tag_probe)[:30]]
            src = "dom"
    tags = _dedupe([t for t in (_clean(v).strip("#") for v in vals) if t and len(t) <= 60])[:30]
    return tags, src if tags else ""


_TAG_PROBE = 'a[rel~="tag"], [class*=tags i]'
_TAGS_CLASS = re.compile(r"tags", re.I | re.A)  # CSS ``i`` folds ASCII letters only


def _tag_links(scope: LexborNode, probe: list[LexborNode] | None = None) -> list[LexborNode]:
    """``scope.css(_TAG_EL)``, in one cheaper pass on the usual page that has no tag-list element.

    For ``[class*=tags i] a`` Lexbor climbs from every link; with no tags-classed element in
    ``scope`` or above it, only the ``a[rel~="tag"]`` links can match.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<p><a rel="tag" href="/t/a">A</a></p><ul class="post-tags"><li><a href="/t/b">B</a></ul>')
    >>> [a.text() for a in _tag_links(t.body)], [a.text() for a in _tag_links(t.css_first("p"))]
    (['A', 'B'], ['A'])
    """
    anc: LexborNode | None = scope
    while anc is not None:
        if _TAGS_CLASS.search(anc.attributes.get("class") or ""):
            return scope.css(_TAG_EL)
        anc = anc.parent
    # the page's _TAG_PROBE matches (from the collection pass) inside the scope, else a walk
    found = _within(probe, scope) if probe is not None else _css(scope, _TAG_PROBE)
    for node in found:
        if _TAGS_CLASS.search(node.attributes.get("class") or ""):
            return scope.css(_TAG_EL)
    return found


def _section(
    tree: LexborHTMLParser, page: _Page, main: dict[str, Any] | None, title: str | None
) -> tuple[str | None, str]:
    v = page.meta("article:section")
    if v:
        return v, "opengraph"
    if main is not None:
        s = _first_str(main.get("articleSection"))
        if s and s.strip():
            return _clean(s), "json-ld"
    for obj in page.jsonld:
        if "breadcrumblist" in _types(obj):
            items = obj.get("itemListElement")
            if isinstance(items, list):
                names = []
                for it in items:
                    if isinstance(it, dict):
                        n = (
                            it.get("name") or (it.get("item") or {}).get("name")
                            if isinstance(it.get("item"), dict)
                            else it.get("name")
                        )
                        if isinstance(n, str) and n.strip():
                            names.append(_clean(n))
                names = [
                    n
                    for n in names
                    if _norm(n) not in ("home", "beranda", "utama", "laman utama")
                    and _norm(n) != _norm(title)
                ]
                if names:
                    return names[0], "json-ld"
    for key in ("parsely-section", "section", "category", "dc.subject"):
        v = page.meta(key)
        if v:
            return v, "meta"
    body = tree.body
    if body is not None and page.has_crumbs:
        names = [_text(a) for a in _crumb_items(tree, body, page.crumbs)]
        names = [
            n
            for n in names
            if n and len(n) < 60 and _norm(n) not in ("home", "beranda", "utama") and _norm(n) != _norm(title)
        ]
        if names:
            return names[0], "dom"
    return None, ""


def _crumb_items(tree: LexborHTMLParser, body: LexborNode, crumbs: list[LexborNode]) -> list[LexborNode]:
    """``body.css(_CRUMB_EL)[:8]`` read inside the page's breadcrumb-classed elements (``crumbs``:
    the collection pass's ``tree.root.css(_CRUMB_BOX)``) instead of testing every link's ancestors.

    The outermost boxes are disjoint and come in document order, so their links and name spans,
    each box's own element left out (the selector wants a breadcrumb ancestor), are the selector's
    matches in its order; a breadcrumb class on ``<html>`` makes every link below match.

    >>> t = LexborHTMLParser('<a href="/">x</a><ol class="BreadCrumb"><li><a href="/n">News</a>'
    ...                      '<span itemprop="name">Sport</span></ol>')
    >>> [n.text() for n in _crumb_items(t, t.body, _K.select(t.root, _CRUMB_BOX))]
    ['News', 'Sport']
    """
    top = tree.root
    if (
        top is not None
        and top.mem_id != body.mem_id
        and _CRUMB_CLASS.search(top.attributes.get("class") or "")
    ):
        return body.css(_CRUMB_EL)[:8]
    out: list[LexborNode] = []
    last = 0
    for box in _within(crumbs, body):
        if last and _inside(box, last, 1_000_000):
            continue  # a box inside the last outer one: its items are listed already
        last = box.mem_id
        for n in _css(box, _CRUMB_ITEM):
            if n.mem_id != last:
                out.append(n)
                if len(out) == 8:
                    return out
    return out


def _dateline(scope: LexborNode | None) -> str | None:
    if scope is None:
        return None
    p = _css_first(scope, "p")
    seen = 0
    for _ in range(12):  # the first three real paragraphs, among the first paragraph's siblings
        if p is None or seen >= 3:
            break
        t = _text(p) if p.tag in ("p", "div") else ""
        if len(t) >= 30:
            seen += 1
            m = _DATELINE_UP.match(t) or _DATELINE_TITLE.match(t)
            if m and len(m.group(1)) >= 3:
                return m.group(1).strip()
        p = p.next
    return None


# ---------------------------------------------------------------- entry point


def _page_lang(tree: LexborHTMLParser, page: _Page, main: dict[str, Any] | None) -> tuple[str | None, str]:
    """The page's language code and where it was read: ``<html lang>``, a meta language, JSON-LD ``inLanguage``."""
    top = tree.root
    root = _css_first(top, "html") if top is not None else None  # tree.css_first("html")
    code = (
        _lang_code(root.attributes.get("lang") or root.attributes.get("xml:lang"))
        if root is not None
        else None
    )
    lsrc = "dom"
    if not code:
        code, lsrc = _lang_code(page.meta("content-language") or page.meta("og:locale")), "meta"
    if not code and main is not None:
        code, lsrc = _lang_code(_first_str(main.get("inLanguage"))), "json-ld"
    return code, lsrc


def fill_metadata(
    tree: LexborHTMLParser, article: Article, *, url: str | None = None, fetched_at: str | None = None
) -> _Page:
    """Fill the metadata fields of ``article`` from the parsed page and record their sources.

    Fills title, lead (only when the description is the page's visible standfirst), authors,
    published, modified, outlet, publisher, section, tags, canonical_url, lang, images, related and
    dateline. Dates later than ``fetched_at`` are rejected. The tree is not modified.

    Returns what was collected from the page (``metas``, ``jsonld``, ``jsonld_raw`` …) so that the
    caller can reuse it instead of querying and decoding the page again.
    """
    src = article.field_sources
    page = _collect(tree)
    main = main_jsonld(page.jsonld)
    base = url

    # canonical URL first: it is the base for relative links when the page URL is unknown
    canon, csrc = page.canonical, "meta"
    if not canon:
        canon, csrc = page.meta("og:url"), "opengraph"
    if not canon and main is not None:
        me = main.get("mainEntityOfPage")
        canon, csrc = _first_str(me) if me else _first_str(main.get("url")), "json-ld"
    if canon and canon.startswith(("http", "/")):
        canon = _join(url, canon) if url else canon
        if canon.startswith("http"):
            article.canonical_url = canon
            src["canonical_url"] = csrc
    elif url:
        article.canonical_url = url
        src["canonical_url"] = "url"
    base = url or article.canonical_url

    # outlet / publisher
    publisher = None
    if main is not None:
        names = _name(main.get("publisher"), page.ids)
        publisher = _clean(names[0]) if names else None
    if publisher:
        article.publisher, src["publisher"] = publisher, "json-ld"
    else:
        p = page.meta("publisher") or page.meta("dc.publisher") or page.meta("article:publisher")
        if p and not _URLISH.search(p):
            article.publisher, src["publisher"] = p, "meta"
    site = page.meta("og:site_name")
    if site:
        article.outlet, src["outlet"] = site, "opengraph"
    elif article.publisher:
        article.outlet, src["outlet"] = article.publisher, src["publisher"]
    else:
        for obj in page.jsonld:
            if "website" in _types(obj) and _name(obj):
                article.outlet, src["outlet"] = _clean(_name(obj)[0]), "json-ld"
                break
        else:
            app = page.meta("application-name")
            if app:
                article.outlet, src["outlet"] = app, "meta"
    sites = _site_names(page, main, base)

    scope = _article_scope(tree, page)
    title, tsrc = _pick_title(page, main, sites, scope)
    if title:
        article.title, src["title"] = title, tsrc

    code, code_src = _page_lang(tree, page, main)
    page.related_labels = _related_labels(code) or _lex().related_labels

    orgs = [_norm(s) for s in _site_names(page, main, None)]
    outlets = {k for k in orgs if k} | {k.replace(" ", "") for k in orgs if k}
    authors, asrc = _pick_authors(tree, page, main, scope, outlets, base)
    if len(authors) == 1 and asrc != "dom":
        authors = _visible_coauthors(page, scope, authors[0], outlets)
    if authors:
        article.authors, src["authors"] = authors, asrc

    page.month_first = _NumericOrder(tree, page)
    pub, psrc = _pick_date(
        page,
        main,
        _PUBLISHED_META,
        ("datePublished", "dateCreated", "uploadDate"),
        fetched_at,
        _PUBLISHED_KEY,
    )
    if not pub:
        pub, psrc = _published_from_dom(tree, page, scope, url or article.canonical_url, fetched_at)
    if pub:
        article.published, src["published"] = pub, psrc
    mod, msrc = _pick_date(page, main, _MODIFIED_META, ("dateModified",), fetched_at)
    if mod:
        article.modified, src["modified"] = mod, msrc
        if pub and psrc != "dom" and _later(pub, mod):
            # published after the last edit: metadata rewritten on a migration or re-import, so the
            # date the page shows by its headline, when older than both, is the original one
            seen = _visible_date(page, scope, fetched_at)
            if seen and seen[:10] < pub[:10] and seen[:10] < mod[:10]:
                article.published, src["published"] = seen, "dom"
    # a UTC instant is written at the offset the page gives its other dates (its local day)
    if article.published and article.published.endswith("+00:00"):
        article.published = _in_page_zone(article.published, page, main, url or article.canonical_url)
    if article.modified and article.modified.endswith("+00:00"):
        article.modified = _in_page_zone(article.modified, page, main, None)

    if article.lead is None:
        lead, lsrc = _pick_lead(tree, page, main, article.title, scope)
        if lead:
            article.lead, src["lead"] = lead, lsrc

    section, ssrc = _section(tree, page, main, article.title)
    if section:
        article.section, src["section"] = section, ssrc
    tags, tgsrc = _tags(tree, page, main, scope)
    if tags:
        article.tags, src["tags"] = tags, tgsrc

    if code and article.lang is None:
        article.lang, src["lang"] = code, code_src

    images: list[Image] = []
    cover, isrc = _cover_image(page, main, base)
    figures = _figure_images(scope, base, page.captions) if scope is not None else []
    if cover is not None:
        ck = _img_key(cover.url)
        for fig in figures:
            if ck and _img_key(fig.url) == ck:
                cover.caption = cover.caption or fig.caption
                cover.credit = cover.credit or fig.credit
                cover.alt = cover.alt or fig.alt
                figures.remove(fig)
                break
        images.append(cover)
    images += figures
    if images:
        article.images = images
        src["images"] = isrc if cover is not None and not figures else "dom"
    if scope is not None:
        seen = page.labels_seen[1] if page.labels_seen and page.labels_seen[0] == scope.mem_id else None
        rel = _related(scope, base, url, page.related_boxes, code, seen)
        if rel:
            article.related, src["related"] = rel, "dom"
        dl = _dateline(scope)
        if dl:
            article.dateline, src["dateline"] = dl, "dom"
    # element addresses, valid only while this tree lives: not handed to the caller
    page.bylines, page.dated, page.tag_probe, page.crumbs = [], [], [], []
    return page


__all__ = ["ARTICLE_TYPES", "clean_title", "fill_metadata", "jsonld_objects", "main_jsonld", "split_credit"]
