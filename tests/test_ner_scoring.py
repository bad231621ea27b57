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


def test_pure_python_kernels_give_crfsuite_labels(monkeypatch, crfsuite_tags) -> None:
    """The twin of the compiled kernel (``_nerk_py``: numpy scoring and Viterbi, what runs without a
    C compiler) labels real, empty, one-token and long sentences as CRFsuite does."""
    import importlib

    from warta.enrich import ner

    sents = [t for t, _ in nerui_sentences("test.01", 120)]
    sents = [[], *sents[:100], ["Jakarta"], [], (sents[100] * 40)[:500], *sents[101:]]
    monkeypatch.setattr(ner, "K", importlib.import_module("warta.enrich._nerk_py"))
    got = Tagger(MODEL, tagger().res).tag_many(sents)
    assert [x for x in got[:102] if x] == [crfsuite_tags(s) for s in sents[:102] if s]
    assert len(got[103]) == 500 and got[0] == got[102] == []
    assert got == tagger().tag_many(sents)


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
