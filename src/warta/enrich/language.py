"""Language identification: lingua (models ship in the wheel) plus an Indonesian/Malay tie-breaker.

>>> from warta.enrich.language import detect
>>> detect("Saya tidak bisa datang ke kantor karena belum punya uang.")
('id', 1.0)
>>> detect("Saya tak boleh datang ke pejabat kerana tiada wang.")[0]
'ms'

The detector is built once per process, on first use (low-accuracy mode: trigram models only,
~0.3 s and ~40 MB for the language set below; text is capped at :data:`MAX_CHARS`, where the
trigram models are as good as the full ones). lingua mixes up Indonesian and Malay on short or
formal text, so when both are among the top candidates the distinctive words of each language
(``lexicon.distinctive`` in ``warta/lang/<code>/lexicon.toml``: "tidak"/"tak", "uang"/"wang" …)
decide.
"""

from __future__ import annotations

import re
from functools import cache

from warta import lang as langdata
from warta.article import Article

MAX_CHARS = 600
"""Characters of body text given to lingua."""
LEXICON_CHARS = 6000
"""Characters of text scanned for distinctive words."""

LANGUAGES = (
    "INDONESIAN", "MALAY", "ENGLISH", "TAGALOG", "JAVANESE", "DUTCH", "GERMAN", "FRENCH", "SPANISH",
    "PORTUGUESE", "ITALIAN", "ARABIC", "CHINESE", "JAPANESE", "KOREAN", "RUSSIAN", "VIETNAMESE", "THAI",
    "HINDI", "TURKISH", "PERSIAN", "URDU", "BENGALI", "TAMIL",
)  # fmt: skip
"""The candidate set (names of ``lingua.Language`` members; ones lingua lacks are skipped)."""


@cache
def _detector():  # noqa: ANN202 - lingua type
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, n) for n in LANGUAGES if hasattr(Language, n)]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


@cache
def _lexicons() -> dict[str, re.Pattern[str]]:
    """Per language with distinctive words: one compiled whole-word pattern."""
    out: dict[str, re.Pattern[str]] = {}
    for code in langdata.available():
        words = langdata.load(code).get("lexicon", {}).get("distinctive", [])
        if words:
            alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
            out[code] = re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.I)
    return out


def lexical_votes(text: str) -> dict[str, int]:
    """Count each language's distinctive words in ``text`` (``{"id": 5, "ms": 1}``)."""
    return {code: len(rx.findall(text)) for code, rx in _lexicons().items()}


def detect(text: str) -> tuple[str | None, float]:
    """``(iso-639-1 code, confidence)`` of ``text``; ``(None, 0.0)`` when nothing is detectable."""
    sample = text[:MAX_CHARS]
    if not sample.strip():
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None, 0.0
    ranked = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values[:3]]
    best, conf = ranked[0]
    # Tie-break among the close candidates that have distinctive-word lists (Indonesian vs Malay).
    lex = _lexicons()
    close = [(c, v) for c, v in ranked if c in lex and v >= 1e-4]
    if best in lex and len(close) >= 2:
        votes = lexical_votes(text[:LEXICON_CHARS])
        scored = sorted(close, key=lambda cv: votes.get(cv[0], 0), reverse=True)
        top, second = scored[0], scored[1]
        vt, vs = votes.get(top[0], 0), votes.get(second[0], 0)
        if top[0] != best and vt >= 2 and vt >= 2 * vs:
            share = vt / (vt + vs)
            return top[0], round(max(top[1], share), 4)
        if top[0] == best and vt > vs:
            return best, round(max(conf, vt / (vt + vs)), 4)
    return best, round(conf, 4)


def _sample(article: Article) -> str:
    parts: list[str] = []
    size = 0
    for p in article.body or [article.lead or "", article.title or ""]:
        parts.append(p)
        size += len(p)
        if size >= LEXICON_CHARS:
            break
    text = "\n".join(parts)
    if len(text) < 200:  # short body: the title and lead help
        text = "\n".join(p for p in (article.title, article.lead, text) if p)
    return text


def language_stage(article: Article) -> Article:
    """Set ``lang``, ``lang_confidence`` and ``field_sources["lang"]`` from the article text.

    A language already set by extraction (e.g. ``<html lang>``) is kept unless the text clearly
    disagrees; the text is what enrichment runs on.
    """
    code, conf = detect(_sample(article))
    if code is None:
        return article
    if article.lang and article.lang.split("-")[0].lower() == code:
        article.lang = code
        article.lang_confidence = max(conf, article.lang_confidence or 0.0)
        return article
    article.lang = code
    article.lang_confidence = conf
    article.field_sources["lang"] = "text"
    return article
