"""Named entities (PER, ORG, LOC) with in-document resolution.

    >>> from warta.article import Article
    >>> from warta.enrich.entities import find_entities
    >>> art = Article(lang="id", title="Kim Jong Un bertemu Xi Jinping", body=["Kim menyambut Presiden Tiongkok itu."])
    >>> [(e.id, e.name, e.aliases) for e in find_entities(art)]   # doctest: +NORMALIZE_WHITESPACE
    [('PER:kim-jong-un', 'Kim Jong Un', ['Kim']), ('PER:xi-jinping', 'Xi Jinping', []),
     ('LOC:china', 'China', ['Tiongkok'])]

How it works:

1. The CRF model (:mod:`warta.enrich.ner`) tags each sentence of :meth:`Article.plain_text`
   (sentences from :mod:`warta.enrich.sentences` when available, else a simple punctuation split).
   Edge words that never begin or end a name (``entities.not_names`` in language data: "Melansir",
   "The") are trimmed; a place + person apposition tagged as one span is split ("China Xi Jinping").
2. The gazetteer (``lang/<code>/entities.toml``) overrides model spans that cut through a known
   name or give it an impossible type, fixes the type of exact known names, and adds known names the
   model missed. Names the model found once are looked for again in the rest of the document, and
   so are the parts of multi-word person names ("Santoso" of "Budi Santoso").
3. Mentions are grouped into entities: known names by their gazetteer key ("Tiongkok", "RRT" ->
   China); an acronym in brackets right after (or before) a name becomes its alias
   ("Partai Pekerja Korea (WPK)"), and the acronym's other mentions join it; the same name tagged
   with different types becomes one entity (majority type); a person name whose tokens appear in
   order inside a longer person name joins it ("Kim" -> "Kim Jong Un"), as does a one-word
   organisation name inside a longer one.
4. Related-article titles (``article.related``, "Baca juga: …") and image captions are tagged and
   resolved with the body; they are not part of ``plain_text``, so those mentions carry no offsets:
   the entity lists the indices of the titles / images in ``Entity.related`` / ``Entity.captions``.
   An entity named only there (a "Baca juga" headline) has no ``mentions``.

English and Malay text use the same Indonesian model (it relies mostly on capitalisation, context
shape and affixes) plus that language's gazetteer; lower-cased text is not supported.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article, Entity, Span
from warta.enrich.gazetteer import Gazetteer, Known, gazetteer
from warta.enrich.ner import bio_spans, tagger
from warta.enrich.sentences import split_sentences

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&-]*[A-Z0-9][A-Za-z0-9&-]*$")
_NORM = re.compile(r"[^\w]+")
_K = kernel("warta.enrich._entk")
MAX_SENTENCE_CHARS = 2000
"""Longer "sentences" (tables, lists without punctuation) are cut into pieces for the tagger."""


@lru_cache(maxsize=1 << 16)
def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _word_occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """Spans of ``word`` in ``text`` not inside a longer word (what ``(?<!\\w)word(?!\\w)`` finds,
    without compiling a pattern per word).

    >>> _word_occurrences("KPK dan KPKNL, (KPK)", "KPK")
    [(0, 3), (16, 19)]
    """
    out: list[tuple[int, int]] = []
    n, size = len(text), len(word)
    i = text.find(word)
    while i >= 0:
        end = i + size
        if (i == 0 or not _is_word_char(text[i - 1])) and (end == n or not _is_word_char(text[end])):
            out.append((i, end))
            i = text.find(word, end)
        else:
            i = text.find(word, i + 1)
    return out


@lru_cache(maxsize=1 << 13)
def normalise(name: str) -> str:
    """Id form of a name: lower case, runs of non-word characters -> ``-`` (``Kim Jong-un`` -> ``kim-jong-un``).

    Memoised (bounded): the same names recur across documents."""
    return _NORM.sub("-", name.lower()).strip("-")


def _sentences(text: str, lang: str | None) -> list[tuple[int, int]]:
    spans = split_sentences(text, lang)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s, s + MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    type: str
    tokens: tuple[str, ...]
    where: tuple[str, int] | None = None
    """``None`` for the body text; ``("related", i)`` / ``("caption", i)`` for a related title or an
    image caption (offsets are then local to that text and are not exported)."""
    known: Known | None = None
    group: int = -1


@dataclass
class _Group:
    mentions: list[_Mention] = field(default_factory=list)
    known: Known | None = None
    aliases_extra: list[str] = field(default_factory=list)


@cache
def _not_names(code: str | None) -> frozenset[str]:
    """``entities.not_names`` of the language (every language's when unknown)."""
    data = langdata.load(code) if code else {}
    words = data.get("entities", {}).get("not_names") or langdata.load_all().get("entities", {}).get(
        "not_names", []
    )
    return frozenset(w.lower() for w in words)


Sentence = tuple[list[int], list[str]]
"""A tokenised sentence: token offsets (start and end of each token, flat: ``[s0, e0, s1, e1, ...]``)
and token strings."""


def _tag_text(
    text: str,
    spans: list[tuple[int, int]],
    gaz: Gazetteer,
    where: tuple[str, int] | None,
    lang: str | None = None,
) -> tuple[list[_Mention], list[Sentence]]:
    """Model mentions in ``text``, and each sentence's tokens (for :func:`_fill`)."""
    stop = _not_names(lang)
    out: list[_Mention] = []
    sents: list[Sentence] = []
    toks_all, words_all = _K.sentence_tokens(text, spans)  # the NER tokeniser's tokens
    # every sentence of the text scored in one batch (one numpy pass, not one call per sentence)
    for toks, words, labels in zip(toks_all, words_all, tagger().tag_many(words_all), strict=True):
        sents.append((toks, words))
        found: list[tuple[int, int, str]] = []
        if labels.count("O") == len(labels):  # no name in the sentence (most of them)
            continue
        for a, b, typ in bio_spans(labels):
            # drop edge punctuation and edge words that never begin or end a name ("Melansir", "The")
            while a < b and (not words[a][0].isalnum() or words[a].lower() in stop):
                a += 1
            while b > a and (not words[b - 1][-1].isalnum() or words[b - 1].lower() in stop):
                b -= 1
            if a >= b or not any(c.isalpha() for w in words[a:b] for c in w):
                continue
            cut = _apposition(words, a, b, typ, gaz)
            found += [(a, cut, "LOC"), (cut, b, "PER")] if cut else [(a, b, typ)]
        if found:
            found = _reconcile(words, found, gaz)
        for pa, pb, ptyp in found:
            cs, ce = toks[2 * pa], toks[2 * pb - 1]
            surface = text[cs:ce]
            name = tuple(words[pa:pb])  # = tokenize(surface): tokens hold no space, none spans two
            known = gaz.lookup_tokens(surface, name)
            out.append(_Mention(cs, ce, surface, known.type if known else ptyp, name, where, known))
    return out, sents


def _reconcile(
    words: list[str], spans: list[tuple[int, int, str]], gaz: Gazetteer
) -> list[tuple[int, int, str]]:
    """Known names win over model spans that cut through them or mistype them.

    A model span that crosses a known name's boundary, lies inside it ("Jinping" of "Xi Jinping"),
    or wraps it with an impossible type (a person span around a known organisation: "Melansir
    Reuters"; a place span around a known person) is replaced by the known name plus whatever
    is left over, if that is itself known or a multi-token name.
    """
    names = tagger().res.words
    out = list(spans)
    for ga, gb, known in gaz.find_tokens(words):
        hits = [sp for sp in out if sp[0] < gb and ga < sp[1] and (sp[0], sp[1]) != (ga, gb)]
        if not hits:
            continue
        replace = []
        for a, b, typ in hits:
            inside = a <= ga and gb <= b
            wrong = (typ == "PER" and known.type != "PER") or (typ == "LOC" and known.type == "PER")
            if not inside or wrong:
                replace.append((a, b, typ))
        if not replace:
            continue
        for sp in replace:
            out.remove(sp)
        out.append((ga, gb, known.type))
        for a, b, typ in replace:
            for la, lb in ((a, ga), (gb, b)):
                if la >= lb:
                    continue
                left = gaz.lookup_tokens(" ".join(words[la:lb]), tuple(words[la:lb]))
                if left is not None:
                    out.append((la, lb, left.type))
                elif lb - la >= 2 and all(_namelike(t, names) for t in words[la:lb]):
                    out.append((la, lb, typ))
    return sorted(set(out))


def _apposition(words: list[str], a: int, b: int, typ: str, gaz: Gazetteer) -> int:
    """Where a place + person apposition the model tagged as one name splits ("China Xi Jinping",
    "Korea Utara Kim Jong Un"): after a known place name, followed by at least two name-like tokens.
    0 when there is nothing to split."""
    if typ == "ORG" or b - a < 3:
        return 0
    names = tagger().res.words
    for cut in range(b - 2, a, -1):
        known = gaz.lookup_tokens(" ".join(words[a:cut]), tuple(words[a:cut]))
        if known is not None and known.type == "LOC":
            if all(_namelike(t, names) for t in words[cut:b]):
                return cut
            return 0
    return 0


Pattern = tuple[str, Known | None]


def _patterns(mentions: list[_Mention], gaz: Gazetteer) -> dict[tuple[str, ...], Pattern]:
    """Token sequences to look for where the model found nothing, besides the gazetteer's names.

    Every name the model found in the document (a name tagged once is the same name elsewhere:
    "Xi Jinping" in the title and in the body) and the parts of multi-token person names that are
    not common lower-case words ("Santoso" of "Budi Santoso"). Known names (gazetteer sequences)
    are looked for too, by :func:`_fill`, and win over these.
    """
    known = gaz.sequences()
    pats: dict[tuple[str, ...], Pattern] = {}
    words = tagger().res.words
    for m in mentions:
        if m.known is not None:
            continue
        if (len(m.tokens) > 1 or _namelike(m.tokens[0], words)) and m.tokens not in known:
            pats.setdefault(m.tokens, (m.type, None))
        if m.type == "PER" and len(m.tokens) > 1:
            for t in m.tokens:
                if len(t) >= 3 and _namelike(t, words) and (t,) not in known:
                    pats.setdefault((t,), ("PER", None))
    return pats


def _namelike(tok: str, words: dict) -> bool:
    """Capitalised and not a word that is usually lower-case mid-sentence."""
    if not tok[:1].isupper():
        return False
    info = words.get(tok.lower())
    return info is None or info.cap not in ("0", "l")


def _fill(
    text: str,
    sents: list[Sentence],
    found: list[_Mention],
    gaz: Gazetteer,
    pats: dict[tuple[str, ...], Pattern],
    where: tuple[str, int] | None,
) -> None:
    """Add longest-first matches of the gazetteer's names and ``pats`` that do not overlap a mention
    already ``found`` (a known name wins over a pattern with the same tokens)."""
    known = gaz.sequences()
    known_lengths = gaz.first_lengths()
    # lengths per first token of the document's own patterns, merged with the gazetteer's
    extra: dict[str, set[int]] = {}
    for k in pats:
        extra.setdefault(k[0], set()).add(len(k))
    lengths = {w: tuple(sorted(v | set(known_lengths.get(w, ())), reverse=True)) for w, v in extra.items()}
    taken = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in taken]

    def free(cs: int, ce: int) -> bool:
        i = bisect.bisect_right(starts, ce - 1)
        return i == 0 or taken[i - 1][1] <= cs

    for toks, words in sents:
        n = len(words)
        nxt = 0  # the next token a match may start at (matches do not overlap)
        for i in _K.starts_in(words, known_lengths, lengths):
            if i < nxt:
                continue
            w = words[i]
            for length in lengths.get(w) or known_lengths[w]:
                if i + length > n:
                    continue
                key = tuple(words[i : i + length])
                known_hit = known.get(key)
                hit = (known_hit.type, known_hit) if known_hit is not None else pats.get(key)
                if hit is not None:
                    cs, ce = toks[2 * i], toks[2 * (i + length) - 1]
                    if free(cs, ce):
                        typ, kn = hit
                        found.append(_Mention(cs, ce, text[cs:ce], typ, key, where, kn))
                        nxt = i + length
                        break


def _acronym_links(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[tuple[_Mention, str]]:
    """``Long Name (ACR)`` and ``ACR (Long Name)`` pairs: (the long-name mention, the acronym)."""
    links: list[tuple[_Mention, str]] = []
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.type == "PER":
            continue
        # Long Name (ACR)
        if len(m.tokens) >= 2:
            close = text.find(")", m.end, m.end + 16)
            if close > 0:
                inner = text[m.end : close]
                if inner.startswith((" (", "(")):
                    acr = inner.lstrip(" (").strip()
                    if _ACRONYM.match(acr) and _compatible(acr, m, gaz):
                        links.append((m, acr))
        # ACR (Long Name)
        if len(m.tokens) == 1 and _ACRONYM.match(m.text):
            after = text[m.end : m.end + 2]
            pos = m.end + (2 if after == " (" else 1 if after[:1] == "(" else 0)
            inner_m = by_start.get(pos) if pos > m.end else None
            if (
                inner_m
                and len(inner_m.tokens) >= 2
                and text[inner_m.end : inner_m.end + 1] == ")"
                and _compatible(m.text, inner_m, gaz)
            ):
                links.append((inner_m, m.text))
    return links


def _compatible(acr: str, long: _Mention, gaz: Gazetteer) -> bool:
    """An acronym may name the long mention unless the gazetteer says it is something else."""
    known = gaz.lookup(acr)
    return known is None or (long.known is not None and long.known.key == known.key)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether the tokens of ``short`` occur in ``long`` in the same order (gaps allowed).

    >>> _subsequence(("Kim", "Un"), ("Kim", "Jong", "Un")), _subsequence(("Un", "Kim"), ("Kim", "Jong", "Un"))
    (True, False)
    """
    i, n = 0, len(long)
    for tok in short:
        while i < n and long[i] != tok:
            i += 1
        if i == n:
            return False
        i += 1
    return True


def _resolve(mentions: list[_Mention], links: list[tuple[_Mention, str]]) -> list[_Group]:
    groups: list[_Group] = []
    by_key: dict[str, int] = {}

    def join(m: _Mention, key: str, known: Known | None = None) -> None:
        gi = by_key.get(key)
        if gi is None:
            gi = len(groups)
            groups.append(_Group(known=known))
            by_key[key] = gi
        m.group = gi
        groups[gi].mentions.append(m)

    # 1. known names, then exact surface forms (type + normalised text)
    for m in mentions:
        if m.known is not None:
            join(m, "K:" + m.known.key, m.known)
    # 2. acronym links: the acronym's surface key points at the long name's group
    acr_of: dict[str, tuple[_Mention, str]] = {}
    for long, acr in links:
        acr_of.setdefault(acr, (long, acr))
    for m in mentions:
        if m.known is None:
            join(m, m.type + ":" + normalise(m.text))
    for acr, (long, _) in acr_of.items():
        target = long.group
        src_key = None
        for typ in ("ORG", "LOC", "PER"):
            if typ + ":" + normalise(acr) in by_key:
                src_key = typ + ":" + normalise(acr)
                break
        groups[target].aliases_extra.append(acr)
        if src_key is not None and by_key[src_key] != target:
            _merge(groups, by_key, by_key[src_key], target)
        by_key.setdefault(long.type + ":" + normalise(acr), target)
    # 3. the same name tagged with different types is one entity (majority type)
    same: dict[str, list[int]] = {}
    for gi, g in enumerate(groups):
        if g.mentions and g.known is None:
            same.setdefault(normalise(" ".join(_longest(g))), []).append(gi)
    for gis in same.values():
        if len(gis) > 1:
            gis.sort(key=lambda i: -len(groups[i].mentions))
            for gi in gis[1:]:
                _merge(groups, by_key, gi, gis[0])
    # 4. short names inside longer same-type names ("Kim" -> "Kim Jong Un"): persons, and
    #    single-word organisation names (a multi-word one is often the parent: "Partai X" in
    #    "Komite Pusat Partai X")
    live = [i for i, g in enumerate(groups) if g.mentions]
    # a group's longest name never changes below: only shorter names are merged into a group
    longest = {i: _longest(groups[i]) for i in live}
    having: dict[str, list[int]] = {}  # token -> groups whose longest name holds it
    for i in live:
        for t in dict.fromkeys(longest[i]):
            having.setdefault(t, []).append(i)
    votes: dict[int, str] = {}  # group -> its type; reset on merge

    def vote(i: int) -> str:
        hit = votes.get(i)
        if hit is None:
            hit = votes[i] = _vote(groups[i])
        return hit

    for gi in sorted(live, key=lambda i: len(longest[i])):
        g = groups[gi]
        if not g.mentions or g.known is not None:
            continue
        typ, short = vote(gi), longest[gi]
        if typ not in ("PER", "ORG"):
            continue
        if typ == "ORG" and len(short) > 1:
            continue
        cands = []
        for hj in having[short[0]]:  # a longer name holding this one holds its first token
            h = groups[hj]
            if hj == gi or not h.mentions or (h.known is not None and typ != "PER"):
                continue
            long = longest[hj]
            if len(long) > len(short) and vote(hj) == typ and _subsequence(short, long):
                first = min((m.start for m in h.mentions if m.where is None), default=1 << 60)
                cands.append((-len(h.mentions), first, hj))
        if cands:
            dst = min(cands)[2]
            _merge(groups, by_key, gi, dst)
            votes.pop(gi, None)
            votes.pop(dst, None)
    return [g for g in groups if g.mentions]


def _merge(groups: list[_Group], by_key: dict[str, int], src: int, dst: int) -> None:
    g, h = groups[src], groups[dst]
    for m in g.mentions:
        m.group = dst
    h.mentions.extend(g.mentions)
    h.aliases_extra.extend(g.aliases_extra)
    h.known = h.known or g.known
    g.mentions = []
    g.aliases_extra = []
    for k, v in by_key.items():
        if v == src:
            by_key[k] = dst


def _longest(g: _Group) -> tuple[str, ...]:
    if len(g.mentions) == 1:
        return g.mentions[0].tokens
    return max((m.tokens for m in g.mentions), key=_length_key)


def _length_key(tokens: tuple[str, ...]) -> tuple[int, int]:
    """Longer names first: more tokens, then more characters."""
    return len(tokens), sum(map(len, tokens))


def _vote(g: _Group) -> str:
    if g.known is not None:
        return g.known.type
    types = [m.type for m in g.mentions]
    if types.count(types[0]) == len(types):
        return types[0]  # one type (most groups): no counting
    counts = Counter(types)
    return max(counts, key=counts.__getitem__)  # the first most common, as Counter.most_common(1)


def _entity(g: _Group) -> Entity:
    typ = _vote(g)
    if g.known is not None:
        name, key = g.known.name, g.known.key
    else:
        best = max(g.mentions, key=lambda m: (len(m.tokens), len(m.text), m.where is None))
        name = " ".join(best.text.split())
        key = normalise(name)
    seen: dict[str, None] = {}
    for surface in [" ".join(m.text.split()) for m in g.mentions] + g.aliases_extra:
        if surface != name:
            seen.setdefault(surface, None)
    spans = sorted(
        (Span(start=m.start, end=m.end, text=m.text) for m in g.mentions if m.where is None),
        key=lambda s: (s.start, s.end),
    )
    unique: list[Span] = []
    for s in spans:
        if not unique or (unique[-1].start, unique[-1].end) != (s.start, s.end):
            unique.append(s)
    related = sorted({m.where[1] for m in g.mentions if m.where and m.where[0] == "related"})
    captions = sorted({m.where[1] for m in g.mentions if m.where and m.where[0] == "caption"})
    return Entity(
        id=f"{typ}:{key}",
        name=name,
        type=typ,
        aliases=list(seen),
        mentions=unique,
        related=related,
        captions=captions,
    )


def _texts(article: Article) -> list[tuple[str, tuple[str, int] | None]]:
    out: list[tuple[str, tuple[str, int] | None]] = [(article.plain_text(), None)]
    out += [(r.title, ("related", i)) for i, r in enumerate(article.related) if r.title]
    out += [(im.caption, ("caption", i)) for i, im in enumerate(article.images) if im.caption]
    return out


def find_entities(article: Article, sentences: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Entities of ``article`` (offsets into ``article.plain_text()``), in order of first appearance.

    ``sentences`` are sentence spans over the same text, if already computed. Related-article titles
    and image captions are tagged too and resolved together with the body (see the module doc).
    """
    gaz = gazetteer(article.lang)
    mentions: list[_Mention] = []
    links: list[tuple[_Mention, str]] = []
    texts = _texts(article)
    tagged = []
    for text, where in texts:
        spans = sentences if (where is None and sentences is not None) else _sentences(text, article.lang)
        found, sents = _tag_text(text, spans, gaz, where, article.lang)
        tagged.append((text, where, found, sents))
    pats = _patterns([m for _, _, found, _ in tagged for m in found], gaz)
    for text, where, found, sents in tagged:
        _fill(text, sents, found, gaz, pats, where)
        links += _acronym_links(text, found, gaz)
    # acronyms defined in brackets: their other occurrences join even where the model missed them
    acronyms = {acr for _, acr in links}
    for text, where, found, _ in tagged:
        for acr in acronyms:
            for a, b in _word_occurrences(text, acr):
                if not any(m.start <= a < m.end for m in found):
                    found.append(_Mention(a, b, acr, "ORG", (acr,), where, None))
        mentions += found
    groups = _resolve(mentions, links)
    entities = [_entity(g) for g in groups]
    n = len(texts[0][0])

    def first(e: Entity) -> tuple[int, str]:
        if e.mentions:
            return (e.mentions[0].start, e.id)
        return (n + 1 + min(e.related or [0]) + 1000 * bool(not e.related), e.id)

    entities.sort(key=first)
    return _dedupe_ids(entities)


def _dedupe_ids(entities: list[Entity]) -> list[Entity]:
    """Two groups can end with the same id (same name reached twice); fold them together."""
    out: dict[str, Entity] = {}
    for e in entities:
        prev = out.get(e.id)
        if prev is None:
            out[e.id] = e
            continue
        prev.mentions = sorted(prev.mentions + e.mentions, key=lambda s: (s.start, s.end))
        prev.aliases = list(dict.fromkeys(prev.aliases + [a for a in e.aliases if a != prev.name]))
        prev.related = sorted(set(prev.related) | set(e.related))
        prev.captions = sorted(set(prev.captions) | set(e.captions))
    return list(out.values())


def entities_stage(article: Article) -> Article:
    """Pipeline stage: set ``article.entities``."""
    article.entities = find_entities(article)
    return article
