"""NER features: the cached feature builder gives exactly the features the model was trained on."""

from __future__ import annotations

from collections.abc import Sequence

from warta.enrich.entities import _sentences
from warta.enrich.ner import (
    _PHRASE_LONGEST,
    _UNK,
    FeatureBuilder,
    Resources,
    _gazetteer_names,
    gazetteer_token_map,
    sentence_features,
    tagger,
    tokenize,
    word_key,
    word_shape,
)


# Phrase tagging as it was when the model was trained: every length, longest first.
def _phrase_tags(
    keys: list[str], phrases: dict[tuple[str, ...], str], longest: int = _PHRASE_LONGEST
) -> list[str]:
    """``B-TYPE``/``I-TYPE`` for tokens inside the longest known phrase starting at each position."""
    out = [""] * len(keys)
    i, n = 0, len(keys)
    while i < n:
        for length in range(min(longest, n - i), 0, -1):
            typ = phrases.get(tuple(keys[i : i + length]))
            if typ is not None:
                out[i] = "B-" + typ
                for j in range(i + 1, i + length):
                    out[j] = "I-" + typ
                i += length
                break
        else:
            i += 1
    return out


# The per-token feature code as it was when ner-id.crfsuite was trained (string by string). If a
# feature changes on purpose, retrain the model (training/train_ner.py) and update this copy.
def _reference_features(tokens: Sequence[str], res: Resources) -> list[list[str]]:
    """CRF attributes for each token of one sentence (window of two tokens either side)."""
    n = len(tokens)
    words = res.words
    gaz = res.gazetteer
    low = [word_key(t) for t in tokens]
    # headline case ("Presiden Ucapkan Selamat Atas ..."): capitalisation says little, the prior more
    alpha = [t for t in tokens if t[:1].isalpha()]
    headline = len(alpha) >= 4 and sum(t[:1].isupper() for t in alpha) >= 0.7 * len(alpha)
    shapes = [word_shape(t) for t in tokens]
    info = [words.get(w, _UNK) for w in low]
    # per-token "local" attributes, reused by neighbours
    local: list[tuple[str, str, str, str, bool]] = []
    for i in range(n):
        local.append((low[i], shapes[i][1], info[i].coarse, info[i].fine, tokens[i][:1].isupper()))
    phrase = _phrase_tags(low, res.phrases) if res.phrases else None
    out: list[list[str]] = []
    for i in range(n):
        tok = tokens[i]
        w, sshape, coarse, fine, cap = local[i]
        lshape = shapes[i][0]
        f = [
            "w=" + w,
            "s=" + lshape,
            "ss=" + sshape,
            "c=" + coarse,
            "cf=" + fine,
            "cp=" + info[i].cap,
            "p2=" + w[:2],
            "p3=" + w[:3],
            "x2=" + w[-2:],
            "x3=" + w[-3:],
            "x4=" + w[-4:],
            "l=" + (str(len(w)) if len(w) < 4 else "4+"),
        ]
        if cap:
            f.append("T")
            f.append("cpT=" + info[i].cap)
        if tok.isupper() and len(tok) > 1:
            f.append("U")
        g = gaz.get(w)
        if g:
            f.append("g=" + g)
        if phrase is not None and phrase[i]:
            f.append("ph=" + phrase[i])
            f.append("ph&T=" + phrase[i] + str(cap))
        if headline:
            f.append("HL")
            f.append("HL&cp=" + info[i].cap)
            f.append("HL&ss=" + sshape)
        if i == 0:
            f.append("BOS")
            f.append("BOS&s=" + sshape)
        if i == n - 1:
            f.append("EOS")
        for o in (-2, -1, 1, 2):
            j = i + o
            if 0 <= j < n:
                wj, sj, cj, _fj, capj = local[j]
                f.append(f"{o}w={wj}")
                f.append(f"{o}s={sj}")
                f.append(f"{o}c={cj}")
                if capj and abs(o) == 1:
                    f.append(f"{o}T")
                gj = gaz.get(wj)
                if gj and abs(o) == 1:
                    f.append(f"{o}g={gj}")
            elif abs(o) == 1:
                f.append(f"{o}w=<S>")
        if i > 0:
            f.append("-1w|w=" + low[i - 1] + "|" + w)
            f.append("-1s|s=" + local[i - 1][1] + "|" + sshape)
        if i < n - 1:
            f.append("w|+1w=" + w + "|" + low[i + 1])
            f.append("s|+1s=" + sshape + "|" + local[i + 1][1])
        out.append(f)
    return out


TEXT = (
    "Presiden Joko Widodo tiba di Jakarta, Senin (7/4/2016), kata juru bicara PDI-P. "
    "KPK MEMERIKSA GUBERNUR JAWA BARAT | a||b ’ Xi Jinping bertemu Kim Jong Un di Pyongyang.\n"
    "Menteri Luar Negeri Retno Marsudi Ucapkan Selamat Atas Terpilihnya Presiden Baru. "
    "harga beras naik 5.700 rupiah per kilogram, kata pedagang di pasar induk kramat jati."
)


def _sents() -> list[list[str]]:
    out = []
    for s, e in _sentences(TEXT, "id"):
        toks = tokenize(TEXT, s, e)
        out.append([TEXT[a:b] for a, b in toks])
    return out + [["Jakarta"], ["x"], ["ÉLYSÉE", "ʔ", "日本", "Ab-Cd"]]


def test_features_identical_to_training_features() -> None:
    res = tagger().res
    for toks in _sents() * 2:  # second round: from the cache
        assert sentence_features(toks, res) == _reference_features(toks, res)


def test_features_identical_with_gazetteer_and_without_phrases() -> None:
    base = tagger().res
    res = Resources(words=base.words, gazetteer=gazetteer_token_map(_gazetteer_names()))
    for toks in _sents():
        assert sentence_features(toks, res) == _reference_features(toks, res)


def test_tagger_passes_only_model_attributes_in_order() -> None:
    t = tagger()
    keep = t._features.keep
    assert any(x not in keep for toks in _sents() for f in _reference_features(toks, t.res) for x in f)
    for toks in _sents():
        ref = [[x for x in f if x in keep] for f in _reference_features(toks, t.res)]
        assert t._features(toks) == ref


def test_cache_is_bounded() -> None:
    fb = FeatureBuilder(Resources())
    fb.MAX_WORDS = 50
    for i in range(200):
        fb([f"Kata{i}", "dan", "lain"])
    assert len(fb._words) <= 50
