"""NER scoring: the numpy tagger gives CRFsuite's own labels, one sentence or many at a time."""

from __future__ import annotations

from importlib import resources

import pycrfsuite
import pytest

from conftest import nerui_sentences
from warta.enrich.ner import MODEL_NAME, Tagger, bio_spans, tagger, with_domain

MODEL = str(resources.files("warta") / "models" / MODEL_NAME)


@pytest.fixture(scope="module")
def crfsuite_tags():
    crf = pycrfsuite.Tagger()
    crf.open(MODEL)
    fb = tagger()._features
    # a BIOES model answers in BIO; CRFsuite needs NER-UI's private attribute copies (Tagger folds them in)
    return lambda toks: Tagger.labels_bio(crf.tag(with_domain(fb(toks))))


def test_same_labels_as_crfsuite(crfsuite_tags) -> None:
    sents = [t for t, _ in nerui_sentences("test.01", 300)]
    sents += [
        ["Jakarta"],
        ["x"],
        ["ÉLYSÉE", "ʔ", "日本", "Ab-Cd"],
        ["PRESIDEN", "JOKO", "WIDODO", "TIBA", "DI", "BALI"],
    ]
    t = tagger()
    many = t.tag_many(sents)
    assert many == [crfsuite_tags(s) for s in sents]
    assert [t.tag(s) for s in sents[:50]] == many[:50]
    # every label occurs, so this compares more than "all O"
    assert {lab for tags in many for lab in tags} >= {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC"}


def test_batches_of_any_shape(crfsuite_tags) -> None:
    sents = [t for t, _ in nerui_sentences("test.01", 40)]
    t = tagger()
    mixed = [[], *sents[:5], [], ["Kompas"], *sents[5:]]
    out = t.tag_many(mixed)
    assert out[0] == [] and out[6] == []
    assert out[7] == crfsuite_tags(["Kompas"])
    assert [x for x in out if x] == [crfsuite_tags(s) for s in [*sents[:5], ["Kompas"], *sents[5:]]]
    assert t.tag_many([]) == [] and t.tag([]) == []


def test_word_cache_is_bounded_and_labels_survive_a_reset(crfsuite_tags) -> None:
    t = Tagger(MODEL, tagger().res)
    t.MAX_WORDS = 30
    sents = [toks for toks, _ in nerui_sentences("test.01", 30)]
    for s in sents:
        assert t.tag_many([s]) == [crfsuite_tags(s)]
        assert len(t._words) <= 30 + len(s)


def test_finds_names_in_a_news_sentence() -> None:
    toks = [
        "Presiden",
        "Joko",
        "Widodo",
        "bertemu",
        "Perdana",
        "Menteri",
        "Anthony",
        "Albanese",
        "di",
        "Istana",
        "Bogor",
        ",",
        "Jawa",
        "Barat",
        ".",
    ]
    spans = {(" ".join(toks[a:b]), typ) for a, b, typ in bio_spans(tagger().tag_many([toks])[0])}
    assert ("Joko Widodo", "PER") in spans
    assert ("Anthony Albanese", "PER") in spans
    assert any(typ == "LOC" and "Bogor" in s for s, typ in spans)


def test_threads_share_one_tagger() -> None:
    import threading

    sents = [toks for toks, _ in nerui_sentences("test.01", 120)]
    want = tagger().tag_many(sents)
    t = Tagger(MODEL, tagger().res)
    t.MAX_WORDS = 200  # caches are reset while other threads tag
    got: dict[int, list[str]] = {}

    def run(first: int) -> None:
        for i in range(first, len(sents), 4):
            got[i] = t.tag_many([sents[i]])[0]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [got[i] for i in range(len(sents))] == want


def test_one_long_sentence_does_not_pad_the_whole_batch(monkeypatch) -> None:
    """Sentences are batched by length under a cell cap: a 1,300-token list among 2,000 short
    sentences gets the same labels as tagging each alone, without a (2,001 x 1,300) table."""
    t = tagger()
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
    monkeypatch.setattr(Tagger, "COMPILED", False)  # the numpy recursion batches sentences
    monkeypatch.setattr(Tagger, "VITERBI_CELLS", 2_000)  # many small batches
    seen: list[int] = []
    orig = Tagger._viterbi_batch

    def spy(self, emit, starts, lengths):
        seen.append(len(lengths) * max(lengths))
        return orig(self, emit, starts, lengths)

    monkeypatch.setattr(Tagger, "_viterbi_batch", spy)
    got = t.tag_many(sents)
    assert got == [t.tag(s) for s in sents]
    assert got[-1] == [] and len(got[1000]) == 1300
    assert max(seen) <= 2_000  # every batch under the cap (the long sentence goes alone)


def test_compiled_decoder_gives_the_numpy_labels(monkeypatch, crfsuite_tags) -> None:
    """The numba Viterbi kernel and the batched numpy recursion label every sentence alike
    (real sentences, empty ones, one-token ones, a long one), and both agree with CRFsuite."""
    from warta.enrich import ner_kernels

    if not ner_kernels.AVAILABLE:
        pytest.skip("numba not installed")
    sents = [t for t, _ in nerui_sentences("test.01", 200)]
    sents = [[], *sents[:100], ["Jakarta"], [], (sents[100] * 40)[:500], *sents[101:]]
    t = tagger()
    compiled = t.tag_many(sents)
    monkeypatch.setattr(Tagger, "COMPILED", False)
    assert t.tag_many(sents) == compiled
    assert [x for x in compiled[:102] if x] == [crfsuite_tags(s) for s in sents[:102] if s]
    assert len(compiled[103]) == 500 and compiled[0] == compiled[102] == []


def test_decode_breaks_ties_as_the_numpy_recursion() -> None:
    """On small integer scores (ties everywhere) the kernel picks the numpy recursion's labels:
    the first of equal maxima at every step and at the end."""
    import numpy as np

    from warta.enrich.ner_kernels import decode

    t = tagger()
    rng = np.random.default_rng(7)
    n_lab = len(t.labels)
    for _ in range(30):
        lengths = rng.integers(1, 12, size=6)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        emit = rng.integers(0, 3, size=(int(lengths.sum()), n_lab)).astype(float)
        trans = rng.integers(-1, 2, size=(n_lab, n_lab)).astype(float)
        ids = decode(emit, starts, lengths, trans).tolist()
        saved = t._trans
        try:
            t._trans = trans
            want = t._viterbi_batch(emit, starts.tolist(), lengths.tolist())
        finally:
            t._trans = saved
        assert [t.labels[y] for y in ids] == [lab for sent in want for lab in sent]
    assert decode(np.zeros((3, 2)), np.array([0]), np.array([3]), np.zeros((2, 2))).tolist() == [0, 0, 0]


def test_fill_rows_sums_as_reduceat() -> None:
    """The compiled row sums are bit-identical to numpy's reduceat (numpy's pairwise order of
    additions: segments of 1, under 8, up to 128 and longer terms)."""
    import numpy as np

    from warta.enrich.ner_kernels import fill_rows

    rng = np.random.default_rng(3)
    for longest in (8, 30, 300):
        table = np.zeros((200, 13))
        table[:100] = rng.normal(size=(100, 13)) * 10.0 ** rng.integers(-8, 8, size=(100, 1))
        sizes = rng.integers(1, longest, size=40)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        flat = rng.integers(0, 100, size=int(sizes.sum()))
        want = np.add.reduceat(table[flat], starts, axis=0)
        fill_rows(table, 150, starts, flat)
        assert table[150:190].tobytes() == want.tobytes()
        assert not table[190:].any()


def test_compiled_and_numpy_taggers_build_the_same_score_table(monkeypatch) -> None:
    """Two fresh taggers, one compiled and one numpy, hold bit-identical summed rows after the same
    sentences (the word rows every emission score is made of)."""
    from warta.enrich import ner_kernels

    if not ner_kernels.AVAILABLE:
        pytest.skip("numba not installed")
    sents = [t for t, _ in nerui_sentences("test.01", 150)]
    fast = Tagger(MODEL, tagger().res)
    want = fast.tag_many(sents)
    monkeypatch.setattr(Tagger, "COMPILED", False)
    slow = Tagger(MODEL, tagger().res)
    assert slow.tag_many(sents) == want
    assert fast._free == slow._free
    assert fast._table[: fast._free].tobytes() == slow._table[: slow._free].tobytes()


def test_longest_matches_from_candidates_equals_a_scan_of_every_position() -> None:
    """Trying only the positions whose token begins a sequence (found by the function or given by
    the caller) finds what a left-to-right scan of every position finds, overlaps included."""
    import random

    from warta.enrich.ner import longest_matches

    def scan(tokens, first_lengths, table):  # the plain algorithm
        out, i = [], 0
        while i < len(tokens):
            for length in first_lengths.get(tokens[i], ()):
                hit = table.get(tuple(tokens[i : i + length])) if i + length <= len(tokens) else None
                if hit is not None:
                    out.append((i, i + length, hit))
                    i += length
                    break
            else:
                i += 1
        return out

    rnd = random.Random(11)
    for _ in range(300):
        vocab = "abcde"
        table = {tuple(rnd.choices(vocab, k=rnd.randint(1, 3))): rnd.randint(0, 9) for _ in range(6)}
        lengths: dict[str, set[int]] = {}
        for k in table:
            lengths.setdefault(k[0], set()).add(len(k))
        first = {w: tuple(sorted(v, reverse=True)) for w, v in lengths.items()}
        tokens = rnd.choices(vocab, k=rnd.randint(0, 15))
        want = scan(tokens, first, table)
        assert longest_matches(tokens, first, table) == want
        given = [i for i, t in enumerate(tokens) if t in first]
        assert longest_matches(tokens, first, table, iter(given)) == want


def test_word_pairs_with_a_bar_token_score_as_crfsuite(crfsuite_tags) -> None:
    """Word-pair attributes whose first or second word is the one-symbol token "|" ("||rennes",
    "FC||") are found too: the labels stay CRFsuite's on sentences made of those pairs."""
    from warta.enrich.ner import _split_pair

    assert _split_pair("||rennes") == ("|", "rennes")
    assert _split_pair("FC||") == ("FC", "|")
    assert _split_pair("a|b") == ("a", "b")
    t = Tagger(MODEL, tagger().res)
    pairs = [k for k in t._wp_right.keys() | t._wp_left.keys() if k.startswith("||") or k.endswith("||")]
    sents = []
    for k in pairs[:40]:
        a, b = _split_pair(k)
        sents.append(["Menurut", "Rennes", a, b, "Racing", "FC", "Paris", "."])
    assert sents
    for k in pairs:  # every such pair is reachable from its first word
        a, b = _split_pair(k)
        assert b in t._wp_follow[a]
    assert t.tag_many(sents) == [crfsuite_tags(s) for s in sents]
