"""Quotes with their speakers: direct ("…," kata Kim), indirect (Kim mengatakan, …) and floating.

>>> from warta.article import Article
>>> art = Article(lang="id", body=[
...     "Menteri Budi Santoso mengatakan, harga beras akan turun bulan depan.",
...     '"Stok kita cukup sampai akhir tahun," ujarnya.'])
>>> [(q.type, q.speaker, q.cue) for q in quotes_stage(art).quotes]
[('indirect', 'Menteri Budi Santoso', 'mengatakan'), ('direct', 'Menteri Budi Santoso', 'ujarnya')]

Rules, all driven by ``warta/lang/<code>/quotes.toml`` (reporting verbs, "-nya" suffixes, pronouns,
"menurut"/"according to", adverbs, complementizers, titles, determiners, objects):

* direct: a quotation of at least :data:`MIN_QUOTE_WORDS` words, attributed by the text right after
  it (``"…," kata Kim`` / ``"…," said the spokesman`` / ``"…," Caddell said`` / ``"…," ujarnya``) or
  right before it (``Kim mengatakan, "…"`` / ``Trump told reporters: "…"`` / ``Menurut Kim, "…"``);
* floating: a quotation with no attribution in its sentence: it goes to the speaker of the
  previous quote when that is at most one paragraph back (else the speaker stays empty);
* indirect: a sentence ``SPEAKER [adverb] VERB[,] [that] CONTENT``, ``CONTENT, SPEAKER VERB.``,
  ``CONTENT, VERB SPEAKER[, apposition].``, ``CONTENT, SPEAKER VERB, CONTENT`` (mid-sentence),
  ``Menurut SPEAKER, CONTENT`` / ``Menurutnya, CONTENT``, ``CONTENT, according to SPEAKER.``,
  ``SUBJECT …, saying CONTENT`` and ``SUBJECT … and said CONTENT``; a content that itself reports
  speech ("KCNA melaporkan bahwa Xi berjanji …") yields the nested quote too;
* backward: "Hal itu disampaikan Menteri X." attributes the previous sentence (or its quotation);
* headlines and transcripts: ``Name: content``.

Speakers are noun phrases next to the cue: a capitalised name run (with titles), "title, Name"
("Kepala Dinas Kesehatan DKI, Widyastuti"), a pronoun, a relative pronoun ("who" -> its
antecedent) or a determiner phrase ("the campaign"). Pronouns and "-nya" forms ("ujarnya") resolve
to the last named speaker. Names resolve to an entity of the entities stage when one's mention
overlaps the speaker or its name contains the speaker's words ("Kim" -> "Kim Jong Un"), which sets
``speaker_id`` (entities whose names do not read like names are ignored); without entities, a
short name resolves to an earlier, longer speaker or capitalised name.

Measured on PolNeAR (English): ``python bench/quotes_eval.py``, see ``bench/results/quotes.md``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article, Entity, Quote, Span
from warta.enrich._textk_py import TOKEN as _TOKEN  # one definition, shared with the _textk kernels
from warta.enrich.sentences import split_sentences

MIN_QUOTE_WORDS = 4
"""Shorter quotations are scare quotes or titles, kept inside their sentence's indirect quote."""
MIN_CONTENT_WORDS = 4
MAX_SENTENCE_CHARS = 1500
"""Longer "sentences" (lists, tables without punctuation) get no indirect-quote analysis."""
MIN_FLOATING_WORDS = 4
"""An unattributed quotation shorter than this is a title or a term ("The Steve Harvey Morning Show")."""
MIN_ORPHAN_WORDS = 6
"""A floating quotation with no earlier speaker nearby is kept only from this length on."""

_QUOTE = re.compile(r"“[^”\n]+”|\"[^\"\n]+\"|“[^”\"\n]+\"|\"[^”\"\n]+”|''(?:[^'\n]|'(?!'))+''")
_SHORT_APPOSITIVE = re.compile(r",\s*[A-Z][\w]{0,3}[-.][\w.-]{0,6}\s*$")
_APPOSITIVE_HEAD = re.compile(
    r"\s*(?P<name>(?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]*)\s*(?:\([^()]{1,30}\))?\s*,\s+(?P<next>\w+)"
)
_SHORT_ABBREV = re.compile(r"[A-Z][\w.]{0,3}[-.]")
_BARE_NP = re.compile(r"\s*((?:[\w][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*)\s+")
_MID_TAIL = re.compile(r"[^,.;:!?\"“”]{0,40},")
_COMMA = re.compile(r",")
_LEADING = re.compile(r"\s*(\w+)\s*,?\s+")
_APPOSED_NAME = re.compile(r",\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*)")
_PHRASE_END = re.compile(r"\s*(?:[,.;:!?]|$)")
_PAREN_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_COLON_HEAD = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s*:\s+(?=\S)")
_NAME_TOKEN = r"(?:[A-Z][\w'’-]{3,}|[A-Z][\w'’-]{0,2}\.?)"
_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:[ \t]+(?:{_NAME_TOKEN}|bin|binti|van|de|al))+")
_NAME_LINK = frozenset(
    {"bin", "binti", "van", "de", "der", "den", "von", "da", "al", "el", "la", "le", "dos", "del", "bt", "b."}
)


@dataclass(frozen=True)
class _Lex:
    verb_list: tuple[tuple[str, str], ...]
    """Reporting verbs (longest first) with their first word, for the substring prefilter."""
    cue_words: tuple[tuple[str, str], ...]
    """Per cue phrase: its first word (in the document's word set when the cue occurs) and its longest
    word (a substring of any sentence holding the cue): a sentence holding no cue's longest word (and
    no colon) has no indirect quote. The longest word, not the first: "in the words of", "is saying"
    would let nearly every English sentence through."""
    verbs_inv: re.Pattern[str]
    according: re.Pattern[str]
    according_tail: re.Pattern[str]
    adverbs_tail: re.Pattern[str]
    adverbs_head: re.Pattern[str]
    comp_head: re.Pattern[str]
    comp_search: re.Pattern[str]
    objects_head: re.Pattern[str]
    suffixes: tuple[str, ...]
    pronouns: frozenset[str]
    titles: frozenset[str]
    determiners: frozenset[str]
    stopwords: frozenset[str]
    prepositions: re.Pattern[str]
    colon_labels: frozenset[str]
    dash: re.Pattern[str]
    object_verbs: frozenset[str]
    relatives: frozenset[str]
    connectors: frozenset[str]
    np_links: frozenset[str]
    backward: re.Pattern[str]
    conj_tail: re.Pattern[str]
    participle: re.Pattern[str]


class _Hit:
    """A reporting-verb occurrence, shaped like the bits of ``re.Match`` the rules use."""

    __slots__ = ("_s", "_e", "_t")

    def __init__(self, s: int, e: int, t: str) -> None:
        self._s, self._e, self._t = s, e, t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _: int = 0) -> str:
        return self._t


_TK = kernel("warta.enrich._textk")


def _word_set(low: str, suffixes: tuple[str, ...]) -> set[str]:
    """The words of a lower-cased text, plus their stems without a pronoun suffix ("katanya" -> "kata")."""
    return _TK.word_set(low, "", suffixes)


def _verb_hits(text: str, lex: _Lex, low: str, words: set[str]) -> list[_Hit]:
    """Every reporting verb in ``text`` (``low`` is its lower-case form, ``words`` its word set).

    Only verbs whose first word occurs are looked for, with ``str.find``: a regex alternation of
    every verb of the language scans ~10x slower, and compiling one per text costs as much. The
    search loop is the kernel's (``_textk.verb_hits``).
    """
    return [_Hit(s0, e0, text[s0:e0]) for s0, e0 in _TK.verb_hits(low, lex.verb_list, lex.suffixes, words)]


def _alt(words: list[str]) -> str:
    words = sorted({w.lower() for w in words if w}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or r"(?!x)x"


def _lexicon(code: str | None) -> _Lex:
    """The quote lexicon of ``code``; every language without data of its own shares one (built once)."""
    return _build_lexicon(code if code in langdata.available() else None)


@cache
def _build_lexicon(code: str | None) -> _Lex:
    data = langdata.load(code) if code in langdata.available() else langdata.load_all()
    q = data.get("quotes", {})
    if not q:  # a language without quote data: use every language's
        data = langdata.load_all()
        q = data.get("quotes", {})
    suffixes = tuple(q.get("pronoun_suffixes", []))
    suf = f"(?:{_alt(list(suffixes))})?" if suffixes else ""
    suf_alt = _alt(list(suffixes))
    inv = _alt(q.get("verbs_inverted", []))
    acc = _alt(q.get("according_to", []))
    adv = _alt(q.get("adverbs", []))
    comp = _alt(q.get("complementizers", []))
    obj = _alt(q.get("objects", []))
    i = re.I
    return _Lex(
        verb_list=tuple(
            (v, v.split()[0])
            for v in sorted({" ".join(v.lower().split()) for v in q.get("verbs", [])}, key=len, reverse=True)
        ),
        cue_words=tuple(
            sorted(
                {
                    (words[0], max(words, key=len))
                    for key in (
                        "verbs",
                        "verbs_inverted",
                        "according_to",
                        "participles",
                        "verbs_passive",
                        "dash_cues",
                    )
                    for w in q.get(key, [])
                    if (words := w.lower().split())
                }
            )
        ),
        verbs_inv=re.compile(rf"[\s,]*(?P<cue>(?:{inv}){suf})(?![\w-])", i),
        according=re.compile(rf"(?<![\w-])(?P<cue>(?:{acc})(?P<suf>{suf_alt})?)(?![\w-])", i),
        according_tail=re.compile(
            rf"[,—–]\s*(?P<cue>(?:{acc})(?P<suf>{suf_alt})?)(?:\s+(?=\S)|(?=[\s.!?\"”]*$))", i
        ),
        adverbs_tail=re.compile(rf"(?:\s+(?:{adv}))+\s*$", i),
        adverbs_head=re.compile(rf"(?:\s*,?\s*(?:{adv})(?![\w-]))+", i),
        comp_search=re.compile(rf"(?<![\w-])(?:{comp})(?![\w-])\s*[,:]?", i),
        comp_head=re.compile(rf"\s*[,:]?\s*(?:{comp})(?![\w-])\s*[,:]?", i),
        objects_head=re.compile(rf"\s+(?:{obj})(?![\w-])", i),
        suffixes=suffixes,
        pronouns=frozenset(w.lower() for w in q.get("pronouns", [])),
        titles=frozenset(w.lower() for w in q.get("titles", [])),
        determiners=frozenset(w.lower() for w in q.get("determiners", [])),
        stopwords=frozenset(w.lower() for w in data.get("lexicon", {}).get("stopwords", [])),
        prepositions=re.compile(rf"\s*(?:{_alt(q.get('prepositions', []))})(?![\w-])", i),
        colon_labels=frozenset(w.lower() for w in q.get("colon_labels", [])),
        conj_tail=re.compile(rf"(?<![\w-])(?:{_alt(q.get('conjunctions', []))})(?:\s+(?:{adv}))*\s*$", i),
        participle=re.compile(rf"[,;]\s*(?P<cue>{_alt(q.get('participles', []))})(?![\w-])\s*[,:]?", i),
        backward=re.compile(
            rf"\s*(?:{_alt(q.get('anaphora', []))})\s+(?:(?:{adv})\s+)?(?P<cue>{_alt(q.get('verbs_passive', []))})\s+",
            i,
        ),
        connectors=_NAME_LINK
        | frozenset(w.lower() for w in langdata.load_all().get("quotes", {}).get("name_connectors", [])),
        np_links=frozenset(w.lower() for w in q.get("np_links", [])),
        relatives=frozenset(w.lower() for w in q.get("relatives", [])),
        object_verbs=frozenset(w.lower() for w in q.get("verbs_with_object", [])),
        dash=re.compile(rf"[\s,]*(?P<cue>{'|'.join(map(re.escape, q.get('dash_cues', []))) or '(?!x)x'})\s*"),
    )


@dataclass
class _Speaker:
    start: int
    end: int
    text: str
    pronoun: bool = False
    refers: _Speaker | None = None
    name: str | None = None
    """The person's name when the phrase is "title, Name"."""
    """For a relative pronoun ("who"), the noun phrase it stands for."""


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1].isdigit() is False and tok[:2].isupper())


def _left_np(text: str, end: int, lex: _Lex, floor: int) -> _Speaker | None:
    """The noun phrase ending at ``end`` (adverbs before the verb skipped): the speaker of ``X said``."""
    window_start = max(floor, end - 120)
    seg = text[window_start:end]
    m = lex.adverbs_tail.search(seg)
    if m:
        seg = seg[: m.start()]
    appositive = False
    paren = _PAREN_TAIL.search(seg)
    if paren:  # "Gov. Mike Pence (R-IN) said"
        seg = seg[: paren.start()]
    if seg.rstrip().endswith(","):  # "The chairman, Phil Lovas, said" / "Mitch McConnell, R-Ky., said"
        seg = seg.rstrip()[:-1]
        appositive = True
        short = _SHORT_APPOSITIVE.search(seg)
        if short:
            seg = seg[: short.start()]
        elif window_start == floor:
            # "Derek Mitchell, who served as ambassador until this year, said": the name opens the clause
            head = _APPOSITIVE_HEAD.match(seg)
            nxt = head.group("next") if head else ""
            if (
                head
                and (
                    nxt[0].islower()
                    or nxt.lower() in lex.determiners
                    or _SHORT_ABBREV.match(seg, head.start("next"))
                )
                and _words(seg[head.end() :]) <= 30
                and not re.search(r"[.;!?][\s\"”]", seg[head.end() :])
            ):
                name = head.group("name")
                words = name.split()
                while words and words[0].lower() in lex.stopwords:
                    words.pop(0)
                if words:
                    s0 = window_start + head.start("name") + name.index(words[0])
                    e0 = window_start + head.end("name")
                    return _Speaker(s0, e0, text[s0:e0])
    seg_end = window_start + len(seg.rstrip())
    toks = [t for t in _TOKEN.finditer(text, window_start, seg_end)]
    if not toks or text[toks[-1].end() : seg_end].strip():
        return None  # punctuation between the phrase and the verb
    last = toks[-1]
    low = last.group(0).lower()
    if appositive and not _is_cap(last.group(0)):
        return None
    if low in lex.pronouns:
        return _Speaker(last.start(), last.end(), last.group(0), pronoun=True)
    if low in lex.relatives and floor < last.start():
        # "Derek Mitchell, who served in Burma, said" / "an architect who said": the antecedent speaks
        before = text[floor : last.start()].rstrip()
        cut = floor + len(before.rstrip(","))
        ant = _left_np(text, cut, lex, floor) if cut > floor else None
        return _Speaker(last.start(), last.end(), last.group(0), refers=ant) if ant else None
    # capitalised run (names, titles), linked by name particles
    run: list[re.Match[str]] = []
    for t in reversed(toks):
        word = t.group(0)
        gap = text[t.end() : run[0].start()] if run else ""
        if run and gap.strip() not in ("", "-"):
            break
        if _is_cap(word) or (run and word.lower() in _NAME_LINK) or (run and word.lower() in lex.titles):
            run.insert(0, t)
            continue
        break
    while run and (run[0].group(0).lower() in lex.stopwords or run[0].group(0).lower() in _NAME_LINK):
        run.pop(0)
    if run:
        return _Speaker(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])
    # determiner phrase: "the campaign", "a spokesman for the group"
    for k in range(len(toks) - 1, max(-1, len(toks) - 7), -1):
        w = toks[k].group(0).lower()
        if w in lex.determiners:
            inner = [t.group(0).lower() for t in toks[k + 1 :]]
            if (
                inner
                and not any(x in lex.pronouns for x in inner)
                and all(x not in lex.stopwords or x in lex.np_links for x in inner)
                and "," not in text[toks[k].start() : last.end()]
            ):
                return _Speaker(toks[k].start(), last.end(), text[toks[k].start() : last.end()])
            break
    if low in lex.titles:
        return _Speaker(last.start(), last.end(), last.group(0))
    return None


def _right_np(text: str, start: int, lex: _Lex, limit: int) -> _Speaker | None:
    """The noun phrase starting at ``start``: the speaker of ``said X`` / ``kata X`` / ``menurut X``."""
    toks: list[re.Match[str]] = []
    for t in _TOKEN.finditer(text, start, min(limit, start + 120)):
        if text[toks[-1].end() if toks else start : t.start()].strip(" "):
            break  # punctuation: the phrase ended
        toks.append(t)
        if len(toks) >= 8:
            break
    if not toks:
        return None
    first = toks[0].group(0)
    if first.rstrip(".").lower() in lex.pronouns:  # "… jelas beliau."
        word = first.rstrip(".")
        return _Speaker(toks[0].start(), toks[0].start() + len(word), word, pronoun=True)
    if first.lower() in lex.determiners and len(toks) > 1:
        # "the majority leader", "a spokesman for the campaign"
        k = 1
        while k < len(toks) and k < 6:
            lw = toks[k].group(0).lower()
            if lw in lex.stopwords and lw not in lex.np_links:
                break
            k += 1
        while k > 1 and toks[k - 1].group(0).lower() in lex.np_links:
            k -= 1
        if k > 1:
            s, e = toks[0].start(), toks[k - 1].end()
            return _Speaker(s, e, text[s:e])
    run: list[re.Match[str]] = []
    for t in toks:
        w = t.group(0)
        lw = w.lower()
        if _is_cap(w) or (run and lw in _NAME_LINK) or lw in lex.titles:
            run.append(t)
            continue
        break
    while run and (run[-1].group(0).lower() in _NAME_LINK or run[-1].group(0).lower() in lex.determiners):
        run.pop()
    if not run:
        return None
    if (
        not any(_is_cap(t.group(0)) for t in run)
        and len(run) == 1
        and run[0].group(0).lower() not in lex.titles
    ):
        return None
    s, e = run[0].start(), run[-1].end()
    if run[0].group(0).lower() in lex.titles:
        # "Kepala Dinas Kesehatan DKI, Widyastuti," / "juru bicara Kemenlu, Teuku Faizasyah": title, then name
        name = _APPOSED_NAME.match(text, e, limit)
        if name and (
            _PHRASE_END.match(text, name.end(), limit) or lex.prepositions.match(text, name.end(), limit)
        ):
            ns, ne = name.span(1)
            return _Speaker(s, ne, text[s:ne], name=text[ns:ne])
    return _Speaker(s, e, text[s:e].rstrip(".,"))


class _Resolver:
    """Turns speaker phrases into names (and entity ids), remembering the last named speaker."""

    def __init__(self, text: str, entities: list[Entity], lex: _Lex) -> None:
        self.lex = lex
        self.entities = entities
        # entities whose name reads like a name: a model tagging "Volkswagen says" or "said a WeWork"
        # (it happens on English text) must not rename a speaker
        entities = [e for e in entities if _name_like(e.name, lex.connectors)]
        self.entities = entities
        self.spans = sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: x[0])
        self.last: tuple[str, str | None] | None = None
        self._low = low = text.lower()
        words = _word_set(low, lex.suffixes)
        self.hits = _verb_hits(text, lex, low, words)
        # where each cue's key word occurs (as a substring), so that a sentence is tested by bisection
        self._cue_starts, self._cue_ends = _TK.cue_offsets(low, lex.cue_words, words)
        self._starts = [h.start() for h in self.hits]
        self._text = text
        self._names: list[tuple[int, str]] | None = None

    def may_report(self, start: int, end: int) -> bool:
        """Cheap test: does the span hold a cue word (or a colon) at all?"""
        if self._text.find(":", start, end) >= 0:
            return True
        starts, ends = self._cue_starts, self._cue_ends
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and starts[i] < end:
            if ends[i] <= end:
                return True  # a cue key word inside the span
            i += 1
        return False

    def verbs(self, start: int, end: int) -> list[_Hit]:
        """Reporting verbs starting in ``[start, end)``."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end, i)
        return [h for h in self.hits[i:j] if h.end() <= end]

    @property
    def names(self) -> list[tuple[int, str]]:
        """Capitalised runs of 2-4 words that look like names, with their offsets (computed on demand)."""
        if self._names is None:
            text = self._text
            self._names = []
            headline: dict[int, bool] = {}
            for m in _NAME_RUN.finditer(text):
                ls = text.rfind("\n", 0, m.start()) + 1
                if ls not in headline:
                    headline[ls] = _TK.title_case_line(text, ls)
                if headline[ls]:
                    continue  # a headline in Title Case: its capitals are not names
                words = m.group(0).split()
                while words and words[0].lower() in self.lex.stopwords:
                    words.pop(0)
                if 2 <= len(words) <= 4:
                    self._names.append((m.start(), " ".join(words)))
        return self._names

    def _entity_at(self, s: int, e: int) -> Entity | None:
        for ms, me, ent in self.spans:
            if ms < e and s < me:
                return ent
            if ms >= e:
                break
        return None

    def _entity_named(self, words: list[str]) -> Entity | None:
        best = None
        for ent in self.entities:
            for name in (ent.name, *ent.aliases):
                toks = name.lower().split()
                if all(w in toks for w in words):
                    if best is None or (ent.type == "PER" and best.type != "PER"):
                        best = ent
                    break
        return best

    def resolve(self, sp: _Speaker | None, pos: int) -> tuple[str | None, str | None]:
        if sp is not None and sp.refers is not None:
            return self.resolve(sp.refers, pos)
        if sp is None or sp.pronoun:
            if self.last:
                return self.last
            ent = self._last_person_before(pos)
            if ent:
                return ent.name, ent.id
            before = [n for p, n in self.names if p < pos]
            return (before[-1], None) if before else (None, None)
        if sp.name:
            ns = sp.end - len(sp.name)
            sp = _Speaker(ns, sp.end, sp.name)
        ent = self._entity_at(sp.start, sp.end)
        words = [
            w.lower() for w in _TOKEN.findall(sp.text) if w.lower() not in self.lex.titles and w[:1].isupper()
        ]
        if ent is None and words:
            ent = self._entity_named(words)
        if ent is not None:
            result: tuple[str, str | None] = (ent.name, ent.id)
        else:
            name = self._expand(sp.text, words, sp.start)
            result = (name, None)
        self.last = result
        return result

    def _expand(self, surface: str, words: list[str], pos: int) -> str:
        """A short name ("Kim") -> the nearest earlier longer name holding it ("Kim Jong Un")."""
        if len(words) == 1:
            if self.last and self.last[0] and words[0] in self.last[0].lower().split():
                return self.last[0]
            best = None
            for p, name in self.names:
                if p >= pos and best is not None:
                    break
                if words[0] in name.lower().split():
                    best = name
            if best:
                return best
        return surface

    def _last_person_before(self, pos: int) -> Entity | None:
        found = None
        for ms, _me, ent in self.spans:
            if ms >= pos:
                break
            if ent.type == "PER":
                found = ent
        return found


def _name_like(name: str, connectors: frozenset[str]) -> bool:
    """Every word capitalised (or a connector like "of", "bin"): "Bank of America", not "Volkswagen says"."""
    words = name.split()
    if len(words) == 1:
        return True
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in connectors for w in words)


def _subject(text: str, ss: int, limit: int, lex: _Lex) -> _Speaker | None:
    """The noun phrase opening the sentence (after a leading conjunction): who the clause is about."""
    m = _LEADING.match(text, ss, limit)
    start = ss
    if m and m.group(1).lower() in lex.stopwords:
        start = m.end()
    return _right_np(text, start, lex, limit)


def _phrase(text: str, start: int, end: int) -> _Speaker | None:
    """Up to the next comma (at most 12 words): the source after "according to" when not a name."""
    comma = text.find(",", start, end)
    stop = comma if comma >= 0 else end
    s, e = _span(text, start, stop)
    if e > s and _words(text[s:e]) <= 12:
        return _Speaker(s, e, text[s:e])
    return None


_NO_LIMIT = 2**62


def _words(s: str) -> int:
    """How many :data:`_TOKEN` words ``s`` holds (the kernel's count of ``_TOKEN.findall(s)``)."""
    return _TK.count_tokens(s, 0, len(s), _NO_LIMIT)


def _words_upto(text: str, start: int, end: int, limit: int) -> int:
    """``min(limit, _words(text[start:end]))``, without scanning past the ``limit``-th word."""
    return _TK.count_tokens(text, start, end, limit)


def _span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",:;-–—"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.:;!?"):
        e -= 1
    return s, e


def find_quotes(text: str, lang: str | None = None, entities: list[Entity] | None = None) -> list[Quote]:
    """Every quote in ``text`` (offsets index it), in text order."""
    lex = _lexicon(lang)
    res = _Resolver(text, entities or [], lex)
    sentences = split_sentences(text, lang)
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", text)]
    quotes: list[Quote] = []
    direct = _direct_spans(text, paragraphs)
    d_i = 0
    last_quote_para = -10
    para_of = _para_index(paragraphs)
    prev_sentence: tuple[int, int] | None = None
    for ss, se in sentences:
        in_sentence = []
        while d_i < len(direct) and direct[d_i][0] < se:
            if direct[d_i][0] >= ss:
                in_sentence.append(direct[d_i])
            d_i += 1
        if not in_sentence and _backward(text, lex, res, ss, se, prev_sentence, quotes):
            prev_sentence = (ss, se)
            continue
        prev_sentence = (ss, se)
        attributed = False
        for qs, qe, inner_s, inner_e in in_sentence:
            short = _words_upto(text, inner_s, inner_e, MIN_QUOTE_WORDS) < MIN_QUOTE_WORDS
            q = _attribute_direct(text, lex, res, ss, se, qs, qe, inner_s, inner_e, sentences, short)
            if short and (q.cue_span is None or q.cue_span.start < qe):
                continue  # a scare quote or title, unless a cue right after makes it speech: '"Never," he said.'
            if q.cue_span is not None and q.cue_span.start >= qe and qs > ss:
                _extend_back(q, text, res, ss, qs, qe)
            prev = quotes[-1] if quotes else None
            if q.cue is not None:
                attributed = True
            elif prev is not None and prev.cue is not None and para_of(prev.start) == para_of(qs):
                # the rest of a quote attributed earlier in the paragraph: '"A," he said. "B."'
                q.speaker, q.speaker_id, q.speaker_span = prev.speaker, prev.speaker_id, prev.speaker_span
                q.cue, q.cue_span = prev.cue, prev.cue_span
            elif _words_upto(q.text, 0, len(q.text), MIN_FLOATING_WORDS) < MIN_FLOATING_WORDS:
                continue  # a short unattributed quotation: a title or a term, not speech
            elif para_of(qs) - last_quote_para <= 1 and res.last:
                q.type = "floating"
                q.speaker, q.speaker_id = res.last
            elif _words_upto(q.text, 0, len(q.text), MIN_ORPHAN_WORDS) >= MIN_ORPHAN_WORDS:
                q.type = "floating"  # speech with no speaker in reach: kept, speaker unknown
            else:
                continue
            quotes.append(q)
            last_quote_para = para_of(qs)
        if not attributed and res.may_report(ss, se):
            found = _indirect(text, lex, res, ss, se, in_sentence)
            if found:
                # a quoted phrase inside a reported sentence is part of it, not a quote of its own
                quotes = [
                    q
                    for q in quotes
                    if not (
                        q.type == "floating" and any(f.start <= q.start and q.end <= f.end for f in found)
                    )
                ]
            for q in found:
                quotes.append(q)
                last_quote_para = para_of(q.start)
    return quotes


def _backward(
    text: str, lex: _Lex, res: _Resolver, ss: int, se: int, prev: tuple[int, int] | None, quotes: list[Quote]
) -> bool:
    """'Hal itu disampaikan Menteri X di Jakarta.': attributes the previous sentence (or its quote).

    Returns True when the sentence was such an attribution (it then holds no quote itself).
    """
    m = lex.backward.match(text, ss, se)
    if not m or prev is None:
        return False
    sp = _right_np(text, m.end(), lex, se)
    if sp is None:
        return False
    cue = (m.start("cue"), m.end("cue"), m.group("cue"))
    last = quotes[-1] if quotes else None
    if last is not None and last.start >= prev[0] and last.end <= prev[1]:
        if last.cue is None:  # an unattributed (floating) quotation right before
            last.type = "direct"
            _set_speaker(last, sp, cue, res, text)
        return True
    if _words_upto(text, prev[0], prev[1], MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS:
        q = _quote(text, prev[0], prev[1], "indirect")
        _set_speaker(q, sp, cue, res, text)
        quotes.append(q)
    return True


def _para_index(paragraphs: list[tuple[int, int]]):  # noqa: ANN202
    starts = [s for s, _ in paragraphs]

    def index(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    return index


def _direct_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(outer start, outer end, inner start, inner end) of quotations long enough to be quotes."""
    out: list[tuple[int, int, int, int]] = []
    for ps, pe in paragraphs:
        found = False
        for m in _QUOTE.finditer(text, ps, pe):
            found = True
            if _words_upto(text, m.start(), m.end(), 1) >= 1:
                mark = 2 if m.group(0).startswith("''") else 1
                out.append((m.start(), m.end(), m.start() + mark, m.end() - mark))
        if not found and text[ps] in '"“' and _words_upto(text, ps, pe, MIN_QUOTE_WORDS) >= MIN_QUOTE_WORDS:
            # a quotation running on to the next paragraph (closed there, or never)
            out.append((ps, pe, ps + 1, pe))
    return out


def _quote(text: str, s: int, e: int, kind: str) -> Quote:
    s, e = _span(text, s, e)
    if kind == "indirect" and s < e and text[s] in '"“' and text[e - 1] in '"”' and e - s > 2:
        kind, s, e = "direct", s + 1, e - 1  # the reported content is a whole quotation: 'X berkata, "…"'
    elif (
        kind == "indirect"
        and s < e
        and text[s] in '"“'
        and text.find("”" if text[s] == "“" else '"', s + 1, e) < 0
    ):
        kind, s = "direct", s + 1  # a quotation running on past this sentence
    return Quote(text=text[s:e], start=s, end=e, type=kind)


def _set_speaker(
    q: Quote, sp: _Speaker | None, cue: re.Match[str] | tuple[int, int, str], res: _Resolver, text: str
) -> None:
    if isinstance(cue, tuple):
        cs, ce, ctext = cue
    else:
        cs, ce = cue.span("cue")
        ctext = text[cs:ce]
    q.cue = " ".join(ctext.lower().split())
    q.cue_span = Span(start=cs, end=ce, text=text[cs:ce])
    suffixed = any(q.cue.endswith(s) and len(q.cue) > len(s) + 2 for s in res.lex.suffixes)
    if suffixed and sp is None:
        sp = _Speaker(cs, ce, ctext, pronoun=True)
    if sp is not None:
        q.speaker_span = Span(start=sp.start, end=sp.end, text=sp.text)
    q.speaker, q.speaker_id = res.resolve(sp, q.start)


def _attribute_direct(
    text: str,
    lex: _Lex,
    res: _Resolver,
    ss: int,
    se: int,
    qs: int,
    qe: int,
    i_s: int,
    i_e: int,
    sentences: list[tuple[int, int]],
    short: bool = False,
) -> Quote:
    q = _quote(text, i_s, i_e, "direct")
    # after: '"…," kata Kim' / '"…," said Caddell' / '"…," ujarnya'
    para_end = text.find("\n", qe)
    para_end = len(text) if para_end < 0 else para_end
    after_end = min(se if se > qe else para_end, qe + 80, para_end)
    m = lex.verbs_inv.match(text, qe, after_end)
    if m:
        sp = _right_np(text, m.end(), lex, after_end)
        suffixed = any(
            m.group("cue").lower().endswith(s) for s in lex.suffixes if len(m.group("cue")) > len(s) + 2
        )
        if sp is not None or suffixed or m.group("cue").lower() not in lex.pronouns:
            _set_speaker(q, sp, m, res, text)
            if q.speaker is not None or sp is not None or suffixed:
                return q
            q.cue = q.cue_span = None
    # '"…" ― Francisco Herrero'
    dm = lex.dash.match(text, qe, after_end)
    if dm:
        sp = _right_np(text, dm.end(), lex, after_end)
        if sp is not None and not sp.pronoun:
            _set_speaker(q, sp, dm, res, text)
            return q
    # '"…," Caddell said' / '"…," he added'
    for vm in res.verbs(qe, after_end):
        between = text[qe : vm.start()]
        if _words(between) > 8 or re.search(r"[;!?\"“”]", between):
            break
        sp = _left_np(text, vm.start(), lex, qe)
        if sp is not None:
            _set_speaker(q, sp, (vm.start(), vm.end(), vm.group(0)), res, text)
            return q
        break
    if short:
        return q
    # before: 'Kim mengatakan, "…"' / 'Trump told reporters: "…"' / 'Menurut Kim, "…"'
    before_start = ss if ss < qs else max(0, qs - 200)
    before = text[before_start:qs]
    if before.rstrip().endswith((",", ":")) or not before.strip():
        if not before.strip():
            prev = [s for s in sentences if s[1] <= qs]
            if prev and text[prev[-1][0] : prev[-1][1]].rstrip().endswith(":"):
                before_start = prev[-1][0]
        for vm in reversed(list(res.verbs(before_start, qs))):
            tail = text[vm.end() : qs]
            if _words(tail) > 5 or re.search(r"[.;!?\"“”]", tail):
                continue
            sp = _left_np(text, vm.start(), lex, before_start)
            if sp is not None:
                _set_speaker(q, sp, (vm.start(), vm.end(), vm.group(0)), res, text)
                _extend_to_sentence(q, text, lex, res, qe, se)
                return q
        found = list(lex.according.finditer(text, before_start, qs))
        am = found[-1] if found else None
        if am is not None and _words(text[am.end() : qs]) <= 6:
            sp = _right_np(text, am.end(), lex, qs)
            if sp is not None:
                _set_speaker(q, sp, am, res, text)
                return q
    return q


def _extend_back(q: Quote, text: str, res: _Resolver, ss: int, qs: int, qe: int) -> None:
    """'Her plan sends a message that the priority "is the top," Mr. Kamin said.': a mixed quote.

    The words before the quotation belong to the quote when they hold no cue and no other quotation.
    """
    head = text[ss:qs]
    if _words(head) < 3 or re.search(r"[\"“”]|''", head) or res.verbs(ss, qs):
        return
    s, e = _span(text, ss, qe)
    q.start, q.end, q.text = s, e, text[s:e]


def _extend_to_sentence(q: Quote, text: str, lex: _Lex, res: _Resolver, qe: int, se: int) -> None:
    """'He said that "A" against what B sees as C.': the sentence after the quotation is reported too."""
    rest = text[qe:se] if se > qe else ""
    if _words(rest) < 3 or re.search(r"[\"“”]", rest) or lex.verbs_inv.match(rest) or res.verbs(qe, se):
        return
    s, e = _span(text, q.start, se)
    q.end, q.text = e, text[s:e]


def _indirect(text: str, lex: _Lex, res: _Resolver, ss: int, se: int, directs) -> list[Quote]:
    """Indirect quotes of one sentence (plus one nested level)."""
    out: list[Quote] = []
    if se - ss > MAX_SENTENCE_CHARS:
        return out  # a list or a table run together, not a sentence: the rules would be quadratic in it
    body_end = se
    while body_end > ss and text[body_end - 1] in " .!?":
        body_end -= 1
    # "Caddell: Democrat voters worried …" (headlines, transcripts)
    cm = _COLON_HEAD.match(text, ss, body_end)
    if (
        cm
        and cm.group(1).lower() not in lex.colon_labels
        and _words_upto(text, cm.end(), body_end, MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS
    ):
        sp = _Speaker(cm.start(1), cm.end(1), cm.group(1))
        q = _quote(text, cm.end(), body_end, "direct")
        _set_speaker(q, sp, (cm.end(1), cm.end(1) + 1, ":"), res, text)
        return [q]
    # CONTENT, according to SPEAKER.
    am = lex.according_tail.search(text, ss, body_end)
    if am:
        if am.group("suf"):  # "…, menurutnya."
            sp = _Speaker(am.start("cue"), am.end("cue"), am.group("cue"), pronoun=True)
        else:
            sp = _right_np(text, am.end(), lex, body_end) or _phrase(text, am.end(), body_end)
        if sp is not None and _words_upto(text, ss, am.start(), MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS:
            q = _quote(text, ss, am.start(), "indirect")
            _set_speaker(q, sp, am, res, text)
            return [q]
    # Menurut SPEAKER, CONTENT
    am = lex.according.match(text, ss)
    if am:
        if am.group("suf"):  # "Menurutnya, …"
            sp = _Speaker(am.start("cue"), am.end("cue"), am.group("cue"), pronoun=True)
        else:
            sp = _right_np(text, am.end(), lex, body_end) or _phrase(text, am.end(), body_end)
        if sp is not None:
            rest = re.match(r"[^,]{0,60}?,", text[sp.end : body_end])
            cstart = sp.end + (rest.end() if rest else 0)
            if _words_upto(text, cstart, body_end, MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS:
                q = _quote(text, cstart, body_end, "indirect")
                _set_speaker(q, sp, am, res, text)
                return [q]
    # CONTENT, VERB SPEAKER, APPOSITION.  ("…, said Mr. Barrett, the lawyer for the agency.")
    for cm_ in _COMMA.finditer(text, ss, body_end):
        comma = cm_.start()
        m = lex.verbs_inv.match(text, comma + 1, body_end)
        if not m or _words_upto(text, ss, comma, MIN_CONTENT_WORDS) < MIN_CONTENT_WORDS:
            continue
        sp = _right_np(text, m.end(), lex, body_end)
        if sp is not None and not sp.pronoun and text[sp.end : sp.end + 1] == ",":
            q = _quote(text, ss, comma, "indirect")
            _set_speaker(q, sp, m, res, text)
            return [q]
    # CONTENT, VERB SPEAKER.  /  CONTENT, SPEAKER VERB.  /  CONTENT, ujarnya.
    comma = text.rfind(",", ss, body_end)
    if (
        comma > ss
        and _words_upto(text, comma, body_end, 9) <= 8
        and _words_upto(text, ss, comma, MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS
    ):
        m = lex.verbs_inv.match(text, comma + 1, body_end)
        if m:
            sp = _right_np(text, m.end(), lex, body_end)
            suffixed = any(
                m.group("cue").lower().endswith(s) for s in lex.suffixes if len(m.group("cue")) > len(s) + 2
            )
            rest = _words(text[sp.end : body_end]) if sp is not None else 0
            if (sp is not None and (rest <= 3 or lex.prepositions.match(text, sp.end))) or (
                suffixed and sp is None
            ):
                q = _quote(text, ss, comma, "indirect")
                _set_speaker(q, sp, m, res, text)
                return [q]
        for vm in res.verbs(comma + 1, body_end):
            sp = _left_np(text, vm.start(), lex, comma + 1)
            if sp is None:  # "…, police said." / "…, top black lawmakers said Friday."
                bare = _BARE_NP.fullmatch(text, comma + 1, vm.start())
                if bare and not any(w.lower() in lex.stopwords for w in bare.group(1).split()):
                    sp = _Speaker(bare.start(1), bare.end(1), bare.group(1))
            tail = _words(text[vm.end() : body_end])
            if sp is not None and (tail <= 4 or (tail <= 10 and lex.prepositions.match(text, vm.end()))):
                q = _quote(text, ss, comma, "indirect")
                _set_speaker(q, sp, (vm.start(), vm.end(), vm.group(0)), res, text)
                return [q]
            break
    # SPEAKER [adverb] VERB [object] [,|that] CONTENT
    for vm in res.verbs(ss, body_end):
        if any(a <= vm.start() < b for a, b, _, _ in directs):
            continue
        sp = _left_np(text, vm.start(), lex, ss)
        if sp is None:  # "…, experts say the sting …" / "63 percent said …": a bare noun phrase subject
            boundary = max(ss, text.rfind(",", ss, vm.start()) + 1)
            bare = _BARE_NP.fullmatch(text, boundary, vm.start())
            if bare and not any(w.lower() in lex.stopwords for w in bare.group(1).split()):
                sp = _Speaker(bare.start(1), bare.end(1), bare.group(1))
        if sp is None and lex.conj_tail.search(text, max(ss, vm.start() - 30), vm.start()):
            # "Clinton spoke on Tuesday and said …": the sentence's subject speaks
            sp = _subject(text, ss, vm.start(), lex)
        if sp is None:
            continue
        cstart = vm.end()
        om = lex.objects_head.match(text, cstart)
        if om:
            cstart = om.end()
        elif vm.group(0).lower() in lex.object_verbs:
            obj = _right_np(text, cstart, lex, body_end)  # "told CNN", "warned Trump"
            if obj is not None:
                cstart = obj.end
        am2 = lex.adverbs_head.match(text, cstart)
        if am2:
            cstart = am2.end()
        cm = lex.comp_head.match(text, cstart)
        if cm:
            cstart = cm.end()
        else:
            # "said on Monday that …" / "said via email that …": a short adjunct before the complementizer
            after = text[cstart:body_end]
            k = lex.comp_search.search(after, 0, 40)
            if k and _words(after[: k.start()]) <= 3 and not re.search(r"[,;:\"“”]", after[: k.start()]):
                cstart += k.end()
            elif after[:2].strip().startswith((",", ":")):
                cstart += after.index(after.strip()[0]) + 1
        if _words_upto(
            text, cstart, body_end, MIN_CONTENT_WORDS
        ) < MIN_CONTENT_WORDS or lex.prepositions.match(text, cstart):
            continue
        q = _quote(text, cstart, body_end, "indirect")
        _set_speaker(q, sp, (vm.start(), vm.end(), vm.group(0)), res, text)
        out.append(q)
        # nested report: "KCNA melaporkan bahwa Xi berjanji untuk …"
        for nvm in res.verbs(q.start, body_end):
            nsp = _left_np(text, nvm.start(), lex, q.start)
            if nsp is None:
                continue
            ns = nvm.end()
            ncm = lex.comp_head.match(text, ns)
            ns = ncm.end() if ncm else ns
            if _words_upto(text, ns, body_end, MIN_CONTENT_WORDS - 1) >= MIN_CONTENT_WORDS - 1:
                nq = _quote(text, ns, body_end, "indirect")
                _set_speaker(nq, nsp, (nvm.start(), nvm.end(), nvm.group(0)), res, text)
                out.append(nq)
            break
        break
    if out:
        return out
    # SUBJECT … , saying CONTENT
    pm = lex.participle.search(text, ss, body_end)
    if pm and _words_upto(text, pm.end(), body_end, MIN_CONTENT_WORDS) >= MIN_CONTENT_WORDS:
        sp = _subject(text, ss, pm.start(), lex)
        if sp is not None:
            cstart = pm.end()
            cm = lex.comp_head.match(text, cstart)
            q = _quote(text, cm.end() if cm else cstart, body_end, "indirect")
            _set_speaker(q, sp, pm, res, text)
            return [q]
    # CONTENT, SPEAKER VERB [adjunct], CONTENT (the attribution in the middle of the sentence)
    for vm in res.verbs(ss, body_end):
        prev = text.rfind(",", ss, vm.start())
        if prev < 0 or _words_upto(text, prev, vm.start(), 7) > 6 or _words_upto(text, ss, prev, 2) < 2:
            continue
        nxt = _MID_TAIL.match(text, vm.end(), body_end)
        if not nxt:
            continue
        sp = _left_np(text, vm.start(), lex, prev + 1)
        if sp is None:
            bare = _BARE_NP.fullmatch(text, prev + 1, vm.start())
            if bare and not any(w.lower() in lex.stopwords for w in bare.group(1).split()):
                sp = _Speaker(bare.start(1), bare.end(1), bare.group(1))
        if sp is None or _words_upto(text, nxt.end(), body_end, 2) < 2:
            continue
        q = _quote(text, ss, body_end, "indirect")
        _set_speaker(q, sp, (vm.start(), vm.end(), vm.group(0)), res, text)
        return [q]
    return out


def quotes_stage(article: Article) -> Article:
    """Fill ``article.quotes`` from ``plain_text()``, using ``article.entities`` when present."""
    article.quotes = find_quotes(article.plain_text(), article.lang, article.entities)
    return article
