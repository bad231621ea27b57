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

from functools import cache

from warta import lang as langdata
from warta._compiled import kernel
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
def _lexicons() -> dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]]:
    """Per language with distinctive words: (single words, multi-word phrases), lower-case."""
    out: dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]] = {}
    for code in langdata.available():
        words = [w.lower() for w in langdata.load(code).get("lexicon", {}).get("distinctive", [])]
        if words:
            singles = frozenset(w for w in words if " " not in w)
            multi = frozenset(tuple(w.split()) for w in words if " " in w)
            out[code] = (singles, multi)
    return out


@cache
def _stopword_sets() -> dict[str, frozenset[str]]:
    return {
        code: frozenset(w.lower() for w in langdata.load(code).get("lexicon", {}).get("stopwords", []))
        for code in langdata.available()
    }


_TK = kernel("warta.enrich._textk")


def lexical_votes(text: str) -> dict[str, int]:
    """Count each language's distinctive words in ``text`` (``{"id": 5, "ms": 1}``)."""
    counts, toks = _TK.word_counts(text.lower())  # Counter of _textk_py.LETTERS runs, the words in order
    pairs: set[tuple[str, str]] | None = None  # adjacent word pairs, built only when a phrase may occur
    votes: dict[str, int] = {}
    for code, (singles, multi) in _lexicons().items():
        n = sum(map(counts.__getitem__, singles.intersection(counts)))
        maybe = [m for m in multi if len(m) == 2 and m[0] in counts and m[1] in counts]
        if maybe:
            if pairs is None:
                pairs = set(zip(toks, toks[1:], strict=False))
            n += sum(1 for m in maybe if m in pairs)
        votes[code] = n
    return votes


def _fast(text: str) -> tuple[str | None, float]:
    """Decide without lingua when the text is plainly one of the languages with stopword lists.

    A text whose words are >= 30 % stopwords of one language group and < 5 % of the others is
    that group; Indonesian vs Malay then needs a clear lead in distinctive words. Anything else
    (other languages, mixed or short text) goes to lingua. Returns ``(None, 0)`` when undecided.
    """
    counts, toks = _TK.word_counts(text[:1500].lower())
    if len(toks) < 40:
        return None, 0.0
    sets = _stopword_sets()
    shares = {  # the words of each stopword list, counted once per distinct word
        code: sum(map(counts.__getitem__, words.intersection(counts))) / len(toks)
        for code, words in sets.items()
        if words
    }
    if not shares:
        return None, 0.0
    best = max(shares, key=shares.__getitem__)
    group = [c for c, v in shares.items() if v >= 0.3]
    others = [v for c, v in shares.items() if c not in group]
    if not group or best not in group or (others and max(others) >= 0.05):
        return None, 0.0
    if len(group) == 1:
        return best, round(min(0.99, 0.7 + shares[best]), 4)
    votes = lexical_votes(text[:LEXICON_CHARS])
    ranked = sorted(group, key=lambda c: votes.get(c, 0), reverse=True)
    vt, vs = votes.get(ranked[0], 0), votes.get(ranked[1], 0)
    if vt >= 3 and vt >= 3 * vs:
        return ranked[0], round(vt / (vt + vs), 4)
    return None, 0.0


def detect(text: str) -> tuple[str | None, float]:
    """``(iso-639-1 code, confidence)`` of ``text``; ``(None, 0.0)`` when nothing is detectable."""
    sample = text[:MAX_CHARS]
    if not sample.strip():
        return None, 0.0
    code, conf = _fast(text)
    if code is not None:
        return code, conf
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
        if top[0] != best and vt >= 1 and vt >= 2 * vs:
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

    A language already set by extraction (e.g. ``<html lang>``) is replaced when the text says
    otherwise (the text is what enrichment runs on); one the caller gave (``field_sources["lang"]
    == "given"``, from ``--lang``) is kept as is.
    """
    if article.lang and article.field_sources.get("lang") == "given":
        return article  # the caller said which language it is (``--lang``): never second-guessed
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
