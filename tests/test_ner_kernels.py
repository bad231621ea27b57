"""The NER tagger's compiled kernel (``_nerk.pyx``) and its pure-Python twin (``_nerk_py``) give the
same results, bit for bit: word tuples, summed score rows, emission scores and labels."""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from types import ModuleType

import numpy as np
import pytest

from conftest import SEED, need, nerui_sentences
from warta.enrich import ner
from warta.enrich.ner import _SHAPE_MAP, MODEL_NAME, Tagger, tagger, tokenize

MODEL = str(resources.files("warta") / "models" / MODEL_NAME)
TWIN = importlib.import_module("warta.enrich._nerk_py")


@pytest.fixture(scope="module")
def compiled() -> ModuleType:
    try:
        return importlib.import_module("warta.enrich._nerk")
    except ImportError:
        pytest.skip("the _nerk kernel is not built (no C compiler)")


@contextmanager
def using(module: ModuleType) -> Iterator[None]:
    """Run the tagger with ``module``'s kernels (taggers made inside use it from the start)."""
    saved = ner.K
    ner.K = module
    try:
        yield
    finally:
        ner.K = saved


def real_sentences() -> list[list[str]]:
    """NER-UI test sentences, the seed page cut at full stops, and tokens of unusual scripts/case."""
    sents = [toks for toks, _ in nerui_sentences("test.01", 400)]
    text = need(SEED).read_text(encoding="utf-8")
    toks = [text[s:e] for s, e in tokenize(text)]
    cur: list[str] = []
    for t in toks:
        cur.append(t)
        if t == ".":
            sents.append(cur)
            cur = []
    sents.append(cur)
    sents += [
        [],
        ["ÉLYSÉE", "ʔ", "日本", "Ab-Cd", "İstanbul", "ǅemal", "ΑΘΗΝΑ", "x" * 80, "١٢٣"],
        ["PRESIDEN", "JOKO", "WIDODO", "TIBA", "DI", "BALI"],
        ["Jakarta"],
    ]
    return sents


def test_both_taggers_build_the_same_rows_and_labels(compiled: ModuleType) -> None:
    sents = real_sentences()
    taggers = {}
    labels = {}
    for module in (compiled, TWIN):
        with using(module):
            t = Tagger(MODEL, tagger().res)
            labels[module] = [t.tag_many(sents[k : k + 25]) for k in range(0, len(sents), 25)]
            labels[module].append(t.tag_many(sents))  # every word cached: the warm path
        taggers[module] = t
    fast, slow = taggers[compiled], taggers[TWIN]
    assert labels[compiled] == labels[TWIN]
    assert fast._words == slow._words  # every word tuple: rows, key, shape, case, phrase, pairs
    assert fast._free == slow._free > fast._n_attr_rows
    assert fast._table[: fast._free].tobytes() == slow._table[: slow._free].tobytes()
    assert {lab for tags in labels[compiled][-1] for lab in tags} >= {"B-PER", "I-PER", "B-LOC", "B-ORG"}


def test_gather_emissions_and_decode_agree_on_an_article(compiled: ModuleType) -> None:
    sents = real_sentences()
    t = Tagger(MODEL, tagger().res)
    t.tag_many(sents)  # every word known: gather calls no word builder below
    fb = t._features

    def refuse(*_args: object) -> int:
        raise AssertionError("no new word or phrase row expected")

    args = (t._words, refuse, t._pad, len(t._shape_index), fb._phrase_lengths, fb.res.phrases)
    a = compiled.gather(sents, *args, t._phrase_rows, refuse)
    b = TWIN.gather(sents, *args, t._phrase_rows, refuse)
    assert [x.tolist() for x in a] == [x.tolist() for x in b]
    assert a[4].any() and len(a[5]) > 0  # headline sentences and phrase / word-pair rows occur
    pair = (t._table, a[0], a[1], t._pair_right, t._pair_left, a[2], a[3], t._eos, a[4], a[5], a[6])
    emit = compiled.emissions(*pair)
    assert emit.tobytes() == TWIN.emissions(*pair).tobytes()
    ids = compiled.decode(emit, a[2], a[3], t._trans)
    assert ids.tolist() == TWIN.decode(emit, a[2], a[3], t._trans).tolist()
    assert len(ids) == int(a[3].sum())


def test_decode_breaks_ties_as_the_numpy_recursion(compiled: ModuleType) -> None:
    """On small integer scores (ties everywhere) both pick the first of equal maxima at every step."""
    rng = np.random.default_rng(7)
    n_lab = len(tagger().labels)
    for _ in range(40):
        lengths = rng.integers(0, 12, size=6)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        emit = rng.integers(0, 3, size=(int(lengths.sum()) + 1, n_lab)).astype(float)
        trans = rng.integers(-1, 2, size=(n_lab, n_lab)).astype(float)
        want = TWIN.decode(emit, starts, lengths, trans).tolist()
        assert compiled.decode(emit, starts, lengths, trans).tolist() == want
    zeros = compiled.decode(np.zeros((3, 2)), np.array([0]), np.array([3]), np.zeros((2, 2)))
    assert zeros.tolist() == [0, 0, 0]


def test_fill_rows_sums_as_reduceat(compiled: ModuleType) -> None:
    """numpy's pairwise order of additions: segments of 1, under 8, up to 128 and longer."""
    rng = np.random.default_rng(3)
    for longest in (8, 30, 300):
        table = np.zeros((200, 13))
        table[:100] = rng.normal(size=(100, 13)) * 10.0 ** rng.integers(-8, 8, size=(100, 1))
        sizes = rng.integers(1, longest, size=40)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        flat = rng.integers(0, 100, size=int(sizes.sum())).astype(np.intp)
        want = np.add.reduceat(table[flat], starts, axis=0)
        other = table.copy()
        compiled.fill_rows(table, 150, starts, flat)
        TWIN.fill_rows(other, 150, starts, flat)
        assert table[150:190].tobytes() == want.tobytes() == other[150:190].tobytes()
        assert not table[190:].any()


def test_word_shapes_match_str_translate(compiled: ModuleType) -> None:
    t = Tagger(MODEL, tagger().res)
    with using(compiled):
        t._reset()
    rows = t._new_word
    assert type(rows).__module__ == compiled.__name__
    words = {w for s in real_sentences() for w in s}
    words |= {chr(c) for c in range(0x300)} | {"Ǆ", "ǈa", "Ⅻ", "ß", "ﬁ", "𝐀b", "a\u0301", "x" * 64, "X" * 65}
    assert [rows.shape(w) for w in sorted(words)] == [w.translate(_SHAPE_MAP) for w in sorted(words)]


def test_longest_matches_agree(compiled: ModuleType) -> None:
    rnd = random.Random(5)
    for _ in range(300):
        table = {tuple(rnd.choices("abcde", k=rnd.randint(1, 3))): rnd.randint(0, 9) for _ in range(6)}
        lengths: dict[str, set[int]] = {}
        for k in table:
            lengths.setdefault(k[0], set()).add(len(k))
        first = {w: tuple(sorted(v, reverse=True)) for w, v in lengths.items()}
        tokens = rnd.choices("abcde", k=rnd.randint(0, 15))
        want = TWIN.longest_matches(tokens, first, table)
        assert compiled.longest_matches(tokens, first, table) == want
        given = [i for i, x in enumerate(tokens) if x in first]
        assert compiled.longest_matches(tuple(tokens), first, table, iter(given)) == want


def test_twin_decodes_in_batches_under_the_cell_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The numpy Viterbi groups sentences by length: a 1,300-token sentence among 2,000 short ones
    gets the labels it gets alone, and no batch exceeds the cap."""
    words = [
        "Presiden",
        "Joko",
        "Widodo",
        "bertemu",
        "Menteri",
        "Luar",
        "Negeri",
        "di",
        "Jakarta",
        "pada",
        "Senin",
        ",",
        "kata",
        "juru",
        "bicara",
    ]
    short = [words[i % 7 : i % 7 + 5 + i % 9] for i in range(2000)]
    long_ = (words * 90)[:1300]
    sents = [*short[:1000], long_, *short[1000:], []]
    monkeypatch.setattr(TWIN, "VITERBI_CELLS", 2_000)
    seen: list[int] = []
    orig = TWIN._viterbi_batch

    def spy(emit, starts, lengths, trans):  # noqa: ANN001, ANN202
        seen.append(len(lengths) * max(lengths))
        return orig(emit, starts, lengths, trans)

    monkeypatch.setattr(TWIN, "_viterbi_batch", spy)
    with using(TWIN):
        t = Tagger(MODEL, tagger().res)
        got = t.tag_many(sents)
        alone = [t.tag(s) for s in (long_, *short[:50])]
    assert got[-1] == [] and len(got[1000]) == 1300
    assert alone == [got[1000], *got[:50]]
    assert max(seen) <= 2_000 and len(seen) > 10


def test_a_loaded_tagger_leaves_little_for_the_garbage_collector() -> None:
    """Full collections scan every tracked container: the tagger keeps its row ids in tuples (which
    the collector stops tracking), drops the shape-pair cache it no longer needs, and loaded words
    share their WordInfo (~3,000 objects for ~30,000 words)."""
    import gc

    def atomic(x: object) -> bool:  # a tuple of ints and strings (nested), never a list or dict
        return isinstance(x, int | str) or (type(x) is tuple and all(atomic(y) for y in x))

    t = Tagger(MODEL, tagger().res)
    t.tag_many(real_sentences()[:50])
    gc.collect()
    assert t._shapes and all(atomic(v) for v in t._shapes.values())
    assert not any(gc.is_tracked(v) for v in t._word_ids.values())
    assert not t._features._pairs
    words = t.res.words
    assert len({id(v) for v in words.values()}) * 5 < len(words)


@pytest.mark.parametrize("which", ["compiled", "twin"])
def test_a_tagger_is_freed_without_the_cycle_collector(which: str, request: pytest.FixtureRequest) -> None:
    """A dropped tagger (tens of MB of score rows) is freed at once, not at the next full
    collection: its word builder refers back to it weakly."""
    import gc
    import weakref

    module = request.getfixturevalue("compiled") if which == "compiled" else TWIN
    with using(module):
        t = Tagger(MODEL, tagger().res)
        assert t.tag_many([["Joko", "Widodo", "tiba", "di", "Jakarta"]])[0][:2] == ["B-PER", "I-PER"]
    assert type(t._new_word).__module__ == module.__name__
    ref = weakref.ref(t)
    gc.disable()
    try:
        del t
        assert ref() is None
    finally:
        gc.enable()
