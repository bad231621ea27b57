"""The DOM walk kernel (``warta.extract._walk``, Lexbor's structs) and its twin (``_walk_py``) build the same Dom
and choose the same container."""

from __future__ import annotations

import contextlib
import copy
import gzip
import importlib
import json
import warnings

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests.conftest import DATA, need

from warta.extract.content import Block, Dom

TWIN = importlib.import_module("warta.extract._walk_py")


def _compiled():
    try:
        mod = importlib.import_module("warta.extract._walk")
    except ImportError:
        pytest.skip("warta.extract._walk is not built (no C compiler)")
    assert not mod.__file__.endswith(".py")
    return mod


def _key(dom):
    blocks = [(b.text, b.kind, b.owner, b.link_chars, b.links, b.row) for b in dom.blocks]
    return (dom.tags, dom.parents, dom.hints, dom.flags, blocks, dom.markers, dom.truncated, dom.text_chars)


def _both(html: str | bytes, **kw):
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    return _key(TWIN.build_dom(root, **kw)), _key(_compiled().build_dom(root, **kw))


def test_kernel_validates_against_selectolax_at_first_use():
    assert _compiled().status() == "compiled"
    assert TWIN.status() == "python"


EDGE_CASES = [
    "<p>Halo <a href='/x'>dunia</a> dan <a>tanpa href</a> <a href>kosong</a></p>",
    "<div class='Related-Posts' id='X'><h3>Baca juga</h3><a href='/r'>Judul</a></div>",
    "<div hidden>a</div><div aria-hidden=true>b</div><div aria-hidden=TRUE>c</div>"
    "<div style='DISPLAY : none'>d</div><span style='visibility:hidden'>e</span><p style=''>f</p>",
    "<ul role=list><li itemprop=name class=x>satu</li><li role>dua</li></ul>",
    "<my-widget class=share>kustom</my-widget><a-custom-element-name-longer-than-16>panjang</a-custom-element-name-longer-than-16>",
    "<p>satu<br>dua<br><br>tiga <a href=/a>tau<br>tan</a></p><hr class=pager><p>empat</p>",
    "<table><tr><td>a</td><th>b</th></tr><tr><td><table><tr><td>c</td></tr></table></td></tr></table>",
    "<p>&nbsp;</p><p>\u00a0\u2003</p><p> é 中文 😀 </p><!-- komentar --><template><p>t</p></template>",
    "<svg><use xlink:href='#a' href='#b'/></svg><math><mi>x</mi></math><foreignobject>f</foreignobject>",
    "<p class='a' class='b' id=one ID=two DATA-X=1>dup</p><pre><code>x()</code></pre><form><input></form>",
    "<a href='/o'>luar <a href='/i'>dalam</a></a><a href='/p'><div>blok di tautan</div></a>",
    "<div class='price harga'>Rp 1</div><div class='add-to-cart'>Beli</div><div class='forum thread'>x</div>",
    # long ASCII runs (the 8-byte skip) around NUL, ASCII separators \x1c-\x1f, \x0b, non-ASCII spaces
    "<p>abcdefghijklmnop\x00qrstuvwxyz0123456789\x1fABCDEFGH\x0bIJKLMNOP\u2003QRSTUVWX é YZ</p>"
    "<p>        \t\n        12345678<a href=/l>  abcdefgh\u00a0ijklmnop  </a>\x1c\x1d\x1e</p>",
    # role / itemprop hints read in C (ASCII) or by content._hint_of (non-ASCII, empty values)
    "<div role=Navigation class='Menu X' id=Top><p itemprop=articleBody>isi</p><p role='' itemprop=''>k</p>"
    "<section role=complementary itemprop=comment id=' '><p role=\u00e9 class=share>x</p></section>"
    "<aside role itemprop class=' \t'>y</aside><span itemprop=price class=Harga>Rp 5</span></div>",
]


@pytest.mark.parametrize("html", EDGE_CASES)
@pytest.mark.parametrize("skip_hidden", [True, False])
def test_kernel_equals_twin_on_edge_cases(html: str, skip_hidden: bool):
    want, got = _both(f"<html><body>{html}</body></html>", skip_hidden=skip_hidden)
    assert got == want
    assert want[4] or not html.strip()  # the page has blocks: the comparison is not vacuous


BYTE_CASES = [
    # ill-formed UTF-8 (lone continuation, truncated, surrogate, beyond U+10FFFF, overlong) in text,
    # links and class names: selectolax decodes each with U+FFFD; the kernel must match
    b"<p>a\xff b\xe2\x80 c\xed\xa0\x80 d\xf4\x90\x80\x80 e\xc0\xaf</p><a href='/\xfe'>t\xe9xt</a>",
    b"<div class='x\xff y'><p>\xe2\x80\xa8 \xe3\x80\x80 \x1c kata \xc2\x85\xc2\xa0 lain \xe2\x80\xaf</p></div>",
    b"<p>nul \x00 di<b>\x00</b>tengah &#0; <br> <a href=/z>\xef\xbb\xbf \xe2\x80\x8b zw</a></p>",
    "<p>\u2003\u3000</p><p><a href='/s'> \u00a0spasi\u2009di tepi\u205f </a> ekor</p>".encode(),
]


@pytest.mark.parametrize("html", BYTE_CASES)
def test_kernel_equals_twin_on_raw_bytes_and_unicode_spaces(html: bytes):
    want, got = _both(b"<html><body>" + html + b"</body></html>")
    assert got == want
    assert want[4]


def test_class_hint_table_empties_when_full_and_stays_equal():
    # more distinct class / id pairs than the kernel's hint table keeps: it is emptied mid-walk
    divs = "".join(f"<div class='c{i} share' id='i{i % 7}'>teks {i}</div>" for i in range(20_000))
    want, got = _both("<body>" + divs + "<div class='c1 share' id='i1'>lagi</div></body>")
    assert got == want
    assert set(want[3]) == {0, want[3][1]} and want[3][1] != 0  # the "share" flags on every div


def test_budgets_cut_both_walks_at_the_same_node():
    html = "<body>" + "".join(f"<p>paragraf nomor {i} <b>tebal</b></p>" for i in range(300)) + "</body>"
    for kw in ({"max_nodes": 57}, {"max_text": 500}, {"max_nodes": 1}):
        want, got = _both(html, **kw)
        assert want[6] is True  # truncated
        assert got == want


class _Proxy:
    """A node that is not selectolax's (any object with the node API the twin uses)."""

    def __init__(self, node):
        self._n = node

    def __getattr__(self, name):
        v = getattr(self._n, name)
        return _Proxy(v) if name in ("first_child", "next") and v is not None else v


def test_a_root_that_is_not_a_lexbor_node_goes_to_the_twin():
    root = LexborHTMLParser("<body><p>Teks <a href='/x'>tautan</a></p><div hidden>x</div></body>").body
    got = _compiled().build_dom(_Proxy(root))
    assert _key(got) == _key(TWIN.build_dom(root))
    assert [b.links for b in got.blocks] == [[("tautan", "/x")]]


def _pages(step: int):
    zyte = need(DATA / "zyte-aeb")
    truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth)[::step]:
        yield gzip.decompress((zyte / "html" / f"{pid}.html.gz").read_bytes())
    wcxb = need(DATA / "wcxb-dev")
    for path in sorted((wcxb / "html").glob("*"))[:: step * 8]:
        raw = path.read_bytes()
        yield gzip.decompress(raw) if path.suffix == ".gz" else raw


def _containers(dom, mod, modes=("article", "list", "rich")):
    out = []
    for mode in modes:
        d = copy.deepcopy(dom)
        out.append((mod.choose_container(d, mode=mode), d.signed, d.markers))
    return out


def test_kernel_equals_twin_on_real_pages():
    n = 0
    kernel = _compiled()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the kernel must not fall back on any of them
        for html in _pages(step=4):
            tree = LexborHTMLParser(html)
            want = TWIN.build_dom(tree.body)
            got = kernel.build_dom(tree.body)
            assert _key(got) == _key(want)
            if want.blocks:  # the container choice: same index, score and float evidence per element
                modes = ("article", "list", "rich") if n % 4 == 0 else ("article",)
                assert _containers(want, kernel, modes) == _containers(want, TWIN, modes)
            n += 1
    assert n > 80


def test_container_weights_use_libm_pow_like_python():
    # (1 - 8/41) ** 2 through libm's pow differs in the last bit from x * x, which a C compiler
    # substitutes for a constant exponent: the kernel must give Python's float
    text = "Kalimat ini panjangnya empat puluh satu.."
    assert len(text) == 41 and (1 - 8 / 41) ** 2 != (1 - 8 / 41) * (1 - 8 / 41)
    dom = Dom(tags=["body", "p"], parents=[-1, 0], hints=["", ""], flags=[0, 0])
    dom.blocks = [Block(text, "quote", 1, 8, [], -1)]
    assert _containers(dom, _compiled()) == _containers(dom, TWIN)
    assert _containers(dom, TWIN)[0][0][2][1] == 41 * (1 - 8 / 41) ** 2 != 41 * ((1 - 8 / 41) * (1 - 8 / 41))


def test_literal_precheck_never_skips_a_hinted_token():
    from warta.extract import content

    kernel = _compiled()
    assert kernel._branch_literal("(?<![a-z])ads?(?![a-z])") == "ad"
    assert kernel._branch_literal("author-?(?:bio|info|box)") == "author"
    assert kernel._branch_literal("(?:a|b)c") == ""  # no literal: the pre-check would be off
    assert kernel.may_hint("related-posts") and kernel.may_hint("xnav") and not kernel.may_hint("col-md-8")
    tokens = {"ad", "ads", "a-d", "add-to-cart", "nav", "tags", "toc", "docs", "api-v2", "é-harga", "read__x"}
    for html in _pages(step=4):
        tree = LexborHTMLParser(html)
        for node in tree.root.traverse():
            attrs = node.attributes
            for key in ("class", "id"):
                tokens.update((attrs.get(key) or "").lower().split())
    skipped = [t for t in tokens if not kernel.may_hint(t)]
    assert len(skipped) > len(tokens) / 3  # it does skip most plain layout tokens
    assert [t for t in skipped if content._token_flags(t) or content._token_flags_re(t)] == []


def test_c_hint_matcher_gives_the_patterns_flags_on_real_tokens():
    from warta.extract import content

    kernel = _compiled()
    assert kernel.status() == "compiled" and kernel._mat_why is None  # the matcher is on
    assert kernel._branch_spec("(?<![a-z])ads?(?![a-z])") == [("ad", True, 1, ()), ("ads", True, 1, ())]
    assert kernel._branch_spec("a.b") is None  # a construct it does not do: the matcher would be off
    edge = {"ad", "ads", "adsx", "x-ads", "header", "post-list", "posts-nav", "postcard", "post-x", "post-",
            "postlist-x", "toc", "tocs", "xtoc", "nav", "xnav", "x-nav", "share-embed", "twitter-tweet",
            "menu-item-4711", "read__x", "author-bio", "authorinfo", "itemprop-articlebody", "add_to_cart"}  # fmt: skip
    tokens = set(edge)
    for html in _pages(step=4):
        tree = LexborHTMLParser(html)
        for node in tree.root.traverse():
            attrs = node.attributes
            for key in ("class", "id"):
                tokens.update((attrs.get(key) or "").lower().split())
    ascii_tokens = [t for t in tokens if t.isascii()]
    assert len(ascii_tokens) > 1000
    got = {t: kernel.tok_flags(t) for t in ascii_tokens}
    assert {t: f for t, f in got.items() if f != content._token_flags_re(t)} == {}
    assert sum(1 for f in got.values() if f) > 100  # it finds hints, not only zeros
    assert kernel.tok_flags("é-harga") is None  # non-ASCII tokens go to the patterns


def test_style_precheck_never_skips_a_hiding_style():
    from warta.extract import content

    kernel = _compiled()
    styles = {"display:none", "DISPLAY : NONE", "visibility: Hidden", "color: red", "display:block",
              "overflow:hidden", "viſibility:hidden", "display:\tnone", "", "none", "nonE;hidde"}  # fmt: skip
    for html in _pages(step=4):
        tree = LexborHTMLParser(html)
        styles.update(n.attributes.get("style") or "" for n in tree.root.traverse())
    skipped = [s for s in styles if not kernel.may_hide(s)]
    assert len(skipped) > len(styles) / 3  # most styles hide nothing and are not searched
    assert [s for s in skipped if content._HIDDEN_STYLE.search(s)] == []
    assert kernel.may_hide("viſibility:hidden") and content._HIDDEN_STYLE.search("viſibility:hidden")


def test_a_tag_id_the_probe_did_not_learn_sends_the_page_to_the_twin(monkeypatch):
    kernel = _compiled()
    html = "<body><article class=post><p>Isi <mark>penting</mark> berita.</p><p>Dua</p></article></body>"
    want = _key(TWIN.build_dom(LexborHTMLParser(html).body))
    calls = []
    twin_walk = TWIN.build_dom
    monkeypatch.setattr(TWIN, "build_dom", lambda *a, **kw: calls.append(1) or twin_walk(*a, **kw))
    tid = kernel._forget_tag("mark")
    try:
        assert _key(kernel.build_dom(LexborHTMLParser(html).body)) == want
        assert calls == [1]  # walked by the twin
    finally:
        kernel._learn_tag(tid, "mark")
    assert _key(kernel.build_dom(LexborHTMLParser(html).body)) == want
    assert calls == [1]  # the kernel again


def test_versions_outside_the_checked_one_are_refused(monkeypatch):
    import selectolax

    kernel = _compiled()
    assert kernel.VALIDATED == ((1, 0, 2), (1, 0, 3))
    monkeypatch.setattr(selectolax, "__version__", "1.0.3")
    assert "outside the validated range" in kernel._learn_and_check()  # refused before any struct is read


def test_a_hand_made_dom_the_kernel_cannot_trust_goes_to_the_twin():
    dom = Dom(tags=["body", "p"], parents=[-1, 7], hints=["", ""], flags=[0, 0])
    dom.blocks = [Block("Sebuah paragraf yang cukup panjang untuk dihitung.", "p", 1, 0, [], -1)]
    with pytest.raises(IndexError):  # the twin's error, not a write out of bounds
        _compiled().choose_container(copy.deepcopy(dom))
    dom.parents = [-1, 0]
    dom.blocks[0].owner = 9
    with pytest.raises(IndexError):
        _compiled().choose_container(copy.deepcopy(dom))


def test_body_filter_classifier_is_classify_line_on_html_block_texts():
    """html._classify asks the _lines Classifier; on HTML block texts (another input than text-mode
    lines) both its paths must say what chrome.classify_line says."""
    from warta.extract import chrome, html
    from warta.extract.content import extract_content

    texts: set[str] = {
        " Baca juga: Judul lain ",
        "ADVERTISEMENT",
        "(fyk/ash)",
        "Foto: REUTERS",
        "© 2024 Kompas",
    }
    for page in _pages(step=6):
        texts.update(b.text for b in extract_content(LexborHTMLParser(page)).blocks if len(b.text) <= 400)
    assert len(texts) > 2000
    kernels = [importlib.import_module("warta.extract._lines_py")]
    with contextlib.suppress(ImportError):  # not built: the twin only
        kernels.append(importlib.import_module("warta.extract._lines"))
    for lang in (None, "id", "en"):
        lex = html._lexicon(lang)
        want = {t: chrome.classify_line(t, lex) for t in texts}
        assert sum(v is not None for v in want.values()) > 20  # the filter has work to do
        for mod in kernels:
            clf = mod.Classifier(lex)
            assert {t: v for t, v in want.items() if clf.verdict(t) != v} == {}, (mod.__name__, lang)


def test_block_stats_kernel_equals_twin_on_real_pages():
    kernel = _compiled()
    seen_heads = 0
    for html in _pages(step=5):
        blocks = TWIN.build_dom(LexborHTMLParser(html).body).blocks
        want = TWIN.block_stats(blocks)
        assert kernel.block_stats(blocks) == want
        seen_heads += want[0]
    assert seen_heads > 20  # pages with linked headlines were among them
    edge = [
        Block("x" * 25, "p", 0, 21),
        Block("x" * 25, "p", 0, 20),
        Block("x" * 201, "li", 0, 201),
        Block("", "h", 0),
    ]
    assert kernel.block_stats(edge) == TWIN.block_stats(edge) == (1, 242, ["x" * 25, "x" * 25, ""])


def test_dominant_story_precount_gives_the_twins_container():
    """The kernel counts the container's outermost <article> elements in C and asks
    content._dominant_story only from three up: same container as the twin either way."""
    story = (
        "<p>" + "Kalimat berita yang cukup panjang untuk dihitung sebagai prosa, dengan titik. " * 12 + "</p>"
    )
    teaser = "<article><h3><a href='/t'>Judul lain yang cukup panjang</a></h3><p>"
    teaser += "Ringkasan berita lain, cukup panjang. " * 8 + "</p></article>"
    nested = "<article><article><p>dalam</p></article></article>"
    for html, tag in (
        (f"<body><main><article>{story * 3}</article>{teaser * 3}</main></body>", "article"),  # narrowed
        (f"<body><main><article>{story * 3}</article>{teaser}</main></body>", "main"),  # two: not narrowed
        (f"<body><main>{nested * 3}<article>{story}</article></main></body>", None),  # nested: not outermost
    ):
        dom = TWIN.build_dom(LexborHTMLParser(html).body)
        got = _containers(dom, _compiled(), ("article",))
        assert got == _containers(dom, TWIN, ("article",))
        assert tag is None or dom.tags[got[0][0][0]] == tag


def test_trim_ends_shortcut_only_skips_what_cannot_be_cut(monkeypatch):
    from warta.extract import content

    prose = "Kalimat berita yang cukup panjang untuk dihitung sebagai prosa, dengan titik. " * 3
    links = [Block("Beranda Berita Olahraga Tekno Hiburan", "li", 0, 37) for _ in range(3)]
    blocks = links + [Block(prose, "p", 0), Block(prose, "p", 0), Block(prose, "p", 0)]
    calls = []
    weight = content.block_weight
    monkeypatch.setattr(content, "block_weight", lambda b: calls.append(1) or weight(b))
    removed: list = []
    assert content._trim_ends(blocks, removed) == blocks and removed == [] and calls == []  # TRIM -1e9
    monkeypatch.setattr(content, "TRIM", -20.0)  # a cut that can happen: the shortcut must not hide it
    assert content._trim_ends(blocks, removed) == blocks[3:] and len(removed) == 3 and calls


def test_route_blocks_kernel_equals_twin_on_real_pages():
    """Block selection's passes over the container's elements (``mark_container``) and over the
    blocks (``route_blocks``): the kernel keeps and routes the same blocks as the twin, in every
    mode, on real pages."""
    from warta.extract import content

    kernel = _compiled()
    routed = kept = 0
    for html in _pages(step=5):
        dom = TWIN.build_dom(LexborHTMLParser(html).body)
        if not dom.blocks:
            continue
        for mode in ("article", "list", "rich"):
            got = []
            for mod in (TWIN, kernel):
                content._WALKER[:] = [mod]
                try:
                    c = content.content_from_dom(copy.deepcopy(dom), mode=mode)
                finally:
                    content._WALKER[:] = []
                got.append((c.blocks, c.related, c.captions, c.removed))
            assert got[1] == got[0], mode
            kept += len(got[0][0])
            routed += len(got[0][3])
    assert kept > 1000 and routed > 100
    # link density at the 0.6 edge (3 of 5 characters is not above it), empty texts, list mode's
    # short link rows, owners outside the container, and a reason given by the owner
    blocks = [
        Block("abcde", "p", 1, 3),
        Block("abcde", "p", 1, 4, [("abcd", "/a")]),
        Block("", "p", 1),
        Block("x" * 25, "li", 1, 24, [("y" * 24, "/b"), ("z", "/c")]),
        Block("Foto: Ani", "caption", 1),
        Block("Di luar", "p", 0),
        Block("Judul", "h", 1, 5),
        Block("Terkait " * 4, "p", 2, 0, [("t" * 30, "/r")]),
        Block("Tanpa pemilik", "p", -1),
    ]
    inside, reason = [False, True, True], [None, None, "related"]
    for mode in ("article", "list"):
        assert kernel.route_blocks(blocks, inside, reason, mode) == TWIN.route_blocks(
            blocks, inside, reason, mode
        )
    with pytest.raises(IndexError):
        kernel.route_blocks([Block("x", "p", 5)], inside, reason)
    with pytest.raises(IndexError):
        TWIN.route_blocks([Block("x", "p", 5)], inside, reason)
    # mark_container: no container; a nav under the container; a parent list that is not a walk's
    # pre-order (the kernel hands it to the twin)
    dom = Dom(tags=["body", "div", "nav", "p", "p"], parents=[-1, 0, 1, 2, 0], hints=[""] * 5, flags=[0] * 5)
    scores = [10.0, 10.0, 1.0, 1.0, 0.0]
    for container in (-1, 0, 1, 2):
        want = TWIN.mark_container(dom, container, (), scores, 10.0)
        assert kernel.mark_container(dom, container, (), scores, 10.0) == want
    assert TWIN.mark_container(dom, 1, (), scores, 10.0) == (
        [False, True, True, True, False],
        [None, None, "chrome", "chrome", None],
    )
    odd = Dom(tags=["body", "div", "p"], parents=[-1, 2, 0], hints=[""] * 3, flags=[0] * 3)
    assert kernel.mark_container(odd, 0, (), [1.0] * 3, 1.0) == TWIN.mark_container(
        odd, 0, (), [1.0] * 3, 1.0
    )
