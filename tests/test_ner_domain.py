"""A model trained with corpus-private attribute copies: the numpy tagger folds NER-UI's copies
into the shared weights and labels exactly as CRFsuite does when handed both copies."""

from __future__ import annotations

import pycrfsuite

from conftest import nerui_sentences
from warta.enrich.ner import Resources, Tagger, read_crfsuite, sentence_features, with_domain


def test_folded_copies_tag_like_crfsuite(tmp_path) -> None:
    train = nerui_sentences("train.01", 120)
    test = [t for t, _ in nerui_sentences("test.01", 60)]
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
