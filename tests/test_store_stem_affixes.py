"""The stemmer's literal head / tail test (``Stemmer._affixes``) only skips work: stems equal the
rule-by-rule reference on real text, in every language that ships rules."""

from __future__ import annotations

import json
import re
from itertools import product

import pytest
from tests.conftest import DATA, SEED, need

from warta import lang
from warta.store.analysis import TOKEN_RE, Stemmer, _literal_affix, stem_languages, stemmer


def _reference(code: str) -> Stemmer:
    """The same rules, every word through the plain regex path (no literal test)."""
    st = Stemmer(lang.load(code)["stem"])
    st._affixes = [None] * len(st.steps)
    return st


def _words() -> list[str]:
    truth = json.loads(need(DATA / "zyte-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    text = "\n".join([need(SEED).read_text(encoding="utf-8"), *(x["articleBody"] for x in truth.values())])
    words = set(TOKEN_RE.findall(text.lower()))
    # Indonesian / Malay affix combinations on a few roots, so every prefix and suffix rule fires
    heads = ["", "me", "mem", "men", "meng", "meny", "menge", "memper", "di", "diper", "pe", "pem", "pen"]
    heads += ["peng", "peny", "penge", "per", "ber", "be", "bel", "ter", "ke", "se"]
    tails = [
        "",
        "i",
        "an",
        "kan",
        "nya",
        "ku",
        "mu",
        "lah",
        "kah",
        "pun",
        "kannya",
        "annya",
        "s",
        "es",
        "ies",
    ]
    tails += ["ing", "ed", "ly", "'s"]
    roots = ["ajar", "baca", "pukul", "sapu", "tulis", "kirim", "gali", "rasa", "lari", "stop", "hop", "cry"]
    words.update(h + r + t for h, r, t in product(heads, roots, tails))
    words.update(["", "a", "ies", "sing", "ed", "kan", "\u0130stanbul", "caf\u00e9s", "running\n", "tapes\n"])
    return sorted(words)


@pytest.mark.parametrize("code", stem_languages())
def test_stems_equal_the_rule_by_rule_reference(code: str) -> None:
    fast, ref = stemmer(code), _reference(code)
    assert fast is not None and any(a is not None for a in fast._affixes)  # the test is in use
    words = _words()
    assert len(words) > 20_000
    got = [fast(w) for w in words]
    assert got == [ref(w) for w in words]
    assert sum(g != w for g, w in zip(got, words, strict=True)) > 1000  # stemming did happen


def test_literal_affixes_read_off_patterns() -> None:
    cases = {
        r"([^aeiou])\1ing$": ("tail", ("ing",)),
        r"(ss|sh|ch|x|z)es$": ("tail", ("es",)),
        r"(lah|kah|pun)$": ("tail", ("lah", "kah", "pun")),
        r"^((?:ke|pe).+)an$": ("tail", ("an",)),
        r"^meny([aiueo])": ("head", ("meny",)),
        r"^ab?c": ("head", ("a",)),  # the quantified "b" is not certain
        r"\x41bc$": ("tail", ("bc",)),  # the escape's own characters are not literals
        r"[|]ing$": ("tail", ("ing",)),
        r"x|ing$": None,  # a top-level alternative: no common tail
        r"(a|)$": None,
        r"ab\d$": None,
        r"\\$": None,
    }
    for src, want in cases.items():
        assert _literal_affix(re.compile(src)) == want, src
    assert _literal_affix(re.compile("ing$", re.IGNORECASE)) is None


def test_a_final_newline_still_matches_dollar_rules() -> None:
    st = stemmer("en")
    assert st is not None
    ref = _reference("en")
    for word in ("running\n", "tapes\n", "studies\n", "quickly\n"):
        assert st(word) == ref(word)
    assert st("policies") == "policy"
