"""A model trained with corpus-private attribute copies: the numpy tagger folds NER-UI's copies
into the shared weights and labels exactly as CRFsuite does when handed both copies."""

from __future__ import annotations

import pycrfsuite

from conftest import DATA, need
from warta.enrich.ner import Resources, Tagger, read_crfsuite, sentence_features, with_domain


def _sentences(path, n: int) -> list[tuple[list[str], list[str]]]:
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    labs: list[str] = []
    for line in need(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if toks:
                sents.append((toks, labs))
            toks, labs = [], []
            if len(sents) >= n:
                break
            continue
        tok, lab = line.split("\t")
        toks.append(tok)
        labs.append(lab.replace("PERSON", "PER").replace("ORGANIZATION", "ORG").replace("LOCATION", "LOC"))
    return sents


def test_folded_copies_tag_like_crfsuite(tmp_path) -> None:
    train = _sentences(DATA / "ner-id" / "nerui" / "train.01.tsv", 120)
    test = [t for t, _ in _sentences(DATA / "ner-id" / "nerui" / "test.01.tsv", 60)]
    res = Resources()
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, (toks, labs) in enumerate(train):
        feats = sentence_features(toks, res)
        # two "corpora": even sentences are the target (N:), odd ones another corpus (G:)
        pre = "N:" if i % 2 == 0 else "G:"
        trainer.append([f + [pre + x for x in f] for f in feats], labs)
    trainer.set_params({"c1": 0.05, "c2": 0.02, "max_iterations": 30, "feature.possible_transitions": True})
    model = tmp_path / "m.crfsuite"
    trainer.train(str(model))

    _, attrs, _ = read_crfsuite(model)
    assert any(a.startswith("N:") for a in attrs) and any(a.startswith("G:") for a in attrs)
    t = Tagger(model, res)
    assert not any(a[:2] in ("N:", "G:") for a in t._aid)  # folded in / dropped
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    want = [crf.tag(with_domain(sentence_features(s, res))) for s in test]
    assert t.tag_many(test) == want
    # the copies matter: without them CRFsuite labels differently somewhere
    assert [crf.tag(sentence_features(s, res)) for s in test] != want
    assert {lab for tags in want for lab in tags} > {"O"}
