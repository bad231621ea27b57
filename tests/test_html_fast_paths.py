"""Fast paths of the HTML extractor give the same answers as the plain definitions they replace."""

from __future__ import annotations

import itertools
import re

import pytest

from warta.extract import pagetype
from warta.extract.content import (
    CAPTION,
    COMMENT,
    NEG,
    POS,
    POSO,
    RELATED,
    STRONG,
    _re2_branches,
    _token_flags,
    _token_flags_re,
)

WORDS = [
    "nav", "navbar", "canvas", "share", "sharing", "social", "related", "terkait", "ad", "ads", "head",
    "shadow", "post", "post-list", "postlist", "post-content", "article-body", "toc", "tocbot", "docs",
    "doctor", "read-more", "bacajuga", "also", "tags", "hashtag", "stage", "next", "annexed", "prev",
    "preview", "text", "context", "caption", "photo-by", "keterangan", "reply", "autoreply", "answer",
    "offer", "coffer", "price", "harga", "add-to-cart", "buy-now", "meta", "metadata", "follow",
    "unfollow", "tts", "body", "nobody", "comment", "disqus", "embed", "twitter-tweet", "tiktok",
    "entry-content", "story", "main", "md-content", "sidebar-nav", "api-", "forum", "avatar", "x",
]  # fmt: skip
AFFIXES = ["", "my", "-", "x-", "_", "2"]


def _tokens() -> list[str]:
    out = list(WORDS)
    for a, w, b in itertools.product(AFFIXES, WORDS, AFFIXES):
        out.append(a + w + b)
    for w1, w2 in itertools.product(WORDS[::3], WORDS[1::4]):
        out.append(f"{w1}-{w2}")
    return out


def test_re2_token_flags_equal_the_re_reference():
    pytest.importorskip("re2")  # google-re2 is optional (the ``fast`` extra; dev installs it)
    from warta.extract import content

    assert content._RE2 is not None  # the RE2 path is the one compared here
    toks = _tokens()
    assert len(toks) > 2000
    got = [_token_flags(t) for t in toks]
    assert got == [_token_flags_re(t) for t in toks]
    # not vacuous: flags of every kind occur, and an embedded post vetoes the chrome flags
    union = 0
    for f in got:
        union |= f
    for bit in (NEG, STRONG, CAPTION, RELATED, COMMENT, POS, POSO):
        assert union & bit
    assert _token_flags("share-buttons") & NEG and not _token_flags("share-twitter-tweet") & NEG
    assert _token_flags("post-content") & POS and not _token_flags("post-list") & POS
    # RE2 takes UTF-8: a lone surrogate (only possible from a caller's own str) falls back to re
    assert _token_flags("share\ud800") == _token_flags_re("share\ud800") != 0


def test_re2_branches_rewrites_look_arounds():
    exact, loose = _re2_branches(r"(?<![a-z])nav|menu|post(?![a-z]*-?list)|ads?(?![a-z])")
    assert exact == "(?:^|[^a-z])nav|menu|ads?(?:[^a-z]|$)"
    assert loose == "post"


PLAIN_PRICE = re.compile(r"(?:[$€£¥₹]|\bRp\.?|\bUSD|\bEUR|\bIDR|\bRM)\s?\d[\d.,]*")


@pytest.mark.parametrize(
    "text",
    [
        "Harga Rp 15.000 dan Rp.20.000, $5, €3,50 USD 12 EUR9 IDR 1.000.000 RM12",
        "GRp 5 xUSD 3 ARM12 warm 5 IDR5 aEUR 3 ¥100 £ 7 ₹9",
        "tanpa harga di sini; 2025-01-01 pukul 10.00",
        "RpRp 1 Rp. 2 R 3 RM 4 rm 5 usd 6",
    ],
)
def test_price_pattern_matches_like_the_plain_one(text):
    assert pagetype._PRICE_TEXT.findall(text) == PLAIN_PRICE.findall(text)
    assert PLAIN_PRICE.findall(text) or "tanpa" in text


def test_repeated_paragraphs_are_dropped_by_normal_form_not_by_exact_text():
    from warta.extract.html import extract_html

    para = "Banjir merendam ratusan rumah warga di tepi sungai sejak Senin malam, kata petugas BPBD. " * 3
    other = "Petugas membuka posko pengungsian di balai desa dan menyiapkan dapur umum bagi warga. " * 3
    short = "Warga diminta tetap waspada."
    html = (
        "<html><body><article><h1>Banjir</h1>"
        f"<p>{para}</p><p>{other}</p>"
        # the same paragraph again, other case and punctuation (responsive duplicate markup)
        f"<p>{para.upper().replace(',', ' ;')}</p>"
        f"<p>{short}</p><p>{short.lower()}!</p>"  # a short repeat, adjacent: dropped
        f"<p>{other[:60]}</p><p>{short}</p>"  # a short repeat, not adjacent: kept
        "</article></body></html>"
    )
    art = extract_html(html)
    paras = [art.lead, *art.body]
    dups = [r.text for r in art.removed if r.reason == "duplicate"]
    assert len(dups) == 2 and dups[0].startswith("BANJIR MERENDAM")
    assert paras.count(para.strip()) == 1 and paras.count(short) == 2
    assert other.strip() in paras


@pytest.mark.parametrize(
    "prefix, suffix",
    [(b"", b""), (b"\xef\xbb\xbf", b""), (b"", b"<p>rusak \xff\xfe di sini</p>")],
    ids=["utf8", "bom", "invalid-byte"],
)
def test_utf8_bytes_are_parsed_as_given_and_match_the_decoded_text(prefix, suffix):
    from warta.extract.decode import decode
    from warta.extract.html import extract_html

    story = "Kebakaran di Pasar Senen, Jakarta, menghanguskan 200 kios; kerugian ditaksir Rp 5 miliar. " * 3
    page = f"<html><head><title>Kebakaran – Senen</title></head><body><article><h1>Kebakaran – Senen</h1><p>{story}</p>"
    data = prefix + page.encode() + suffix + b"</article></body></html>"
    text, _enc = decode(data)
    a, b = extract_html(data), extract_html(text)
    assert a.title == b.title == "Kebakaran – Senen"
    assert [a.lead, *a.body] == [b.lead, *b.body] and story.strip() in [a.lead, *a.body]


def test_hint_flags_without_re2_use_the_re_patterns(monkeypatch):
    from warta.extract import content

    monkeypatch.setattr(content, "_RE2", None)
    assert _token_flags("related-posts") == NEG | STRONG | RELATED | POS
    assert _token_flags("share-twitter-tweet") == 0 and _token_flags("col-md-8") == 0
    assert _token_flags("post-content") & POSO and not _token_flags("post-list") & POS
