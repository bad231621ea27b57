"""The metadata kernel (``warta.extract._metak``) and its pure-Python twin give the same answers."""

from __future__ import annotations

import importlib
import random

import pytest
from tests.conftest import DATA, need

TWIN = importlib.import_module("warta.extract._metak_py")
LABELS = ("baca juga", "read more", "related", "lihat juga", "you may also like", "k", "a")


def _compiled():
    try:
        return importlib.import_module("warta.extract._metak")
    except ImportError:
        pytest.skip("warta.extract._metak is not built (no C compiler)")


def test_twin_finds_labels_case_insensitively():
    assert TWIN.labels_in("… BACA JUGA: Banjir", LABELS[:3]) == ["baca juga"]
    assert TWIN.labels_in("Read More »", LABELS[:3]) == ["read more"]
    assert TWIN.labels_in("Nothing here", LABELS[:3]) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BACA JUGA",
        "baca  juga",  # two spaces: no label
        "Related: see RELATED ones",
        "Bac\u0130a juga",  # U+0130 lower-cases to "i" + a combining dot
        "\u212a",  # KELVIN SIGN lower-cases to "k"
        "ſ Ω 🙂 read more",  # two- and four-byte characters around a label
        "readmore read mor",
        "A",
    ],
)
def test_kernel_equals_twin_on_edge_cases(text):
    k = _compiled()
    for labels in (LABELS, LABELS[:2], ("ǆ",), ()):
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels)


def test_kernel_equals_twin_on_random_text():
    k = _compiled()
    rnd = random.Random(7)
    alpha = "abkREADMOREbaca jugaé\u0130\u212aſ🙂"
    for _ in range(3000):
        text = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 25)))
        labels = tuple(
            rnd.sample(["read more", "baca juga", "re", "k", "a b", "i", "jug"], rnd.randint(1, 4))
        )
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels), (text, labels)


def test_kernel_equals_twin_on_real_pages():
    from bench.common import decode_html, zyte_pages
    from selectolax.lexbor import LexborHTMLParser

    from warta.extract import metadata

    need(DATA / "zyte-aeb")
    k = _compiled()
    labels = metadata._lex().related_labels
    n = 0
    for _pid, html, _url, _truth in zyte_pages():
        body = LexborHTMLParser(decode_html(html)).body
        if body is None:
            continue
        text = body.text(deep=True)
        assert k.labels_in(text, labels) == TWIN.labels_in(text, labels)
        n += 1
        if n >= 40:
            break
    assert n == 40


COLLECT_PAGES = [
    "<title>T</title><h1 class=caption>H</h1><meta itemprop=x><svg><title>s</title></svg>",
    '<html class="Caption"><head><link rel="alternate CANONICAL" href="/a"><link rel="canonical-x">'
    '<script type="application/ld+JSON">{}</script><script type="ld+jso"></script></head>'
    '<body><figure class="fig-caption"><figcaption class="caption">c</figcaption></figure>'
    '<div class="RELATED-posts baca-juga berita-terkait breadcrumbs">x</div><p class="captio bac">y</p>'
    '<template><h1 class=caption>t</h1></template><x-card itemprop="a" class="relatedx">z</x-card>'
    '<main><article itemscope itemprop><time datetime="2024-01-02">d</time></article></main></body></html>',
    '<p class="a" class="caption">duplicate attribute: the first wins</p><p data-class="caption">no</p>',
    "",
]


@pytest.mark.parametrize("html", COLLECT_PAGES)
def test_collect_equals_the_selector_engine(html):
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    assert k.enabled(), "selectolax outside the validated versions, or the layout probe failed"
    tree = LexborHTMLParser(html)
    want, got = TWIN.collect(tree), k.collect(tree)
    assert [(n.mem_id, n.tag) for n in got] == [(n.mem_id, n.tag) for n in want]
    assert [n.attributes for n in got] == [n.attributes for n in want]


def test_collected_nodes_keep_their_page_alive():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    nodes = k.collect(LexborHTMLParser("<html><body><article><h1>Banjir</h1></article></body></html>"))
    assert [n.tag for n in nodes] == ["article", "h1"]
    assert nodes[1].text() == "Banjir" and nodes[1].parent.tag == "article"
    assert nodes[0].parser is nodes[1].parser


def _real_trees(per_set: int):
    """Parsed trees of the first ``per_set`` zyte-aeb and wcxb-dev pages (skips without the data)."""
    from bench.common import decode_html, wcxb_pages, zyte_pages
    from selectolax.lexbor import LexborHTMLParser

    need(DATA / "zyte-aeb")
    for source in (zyte_pages(), wcxb_pages()):
        for i, row in enumerate(source):
            if i >= per_set:
                break
            yield LexborHTMLParser(decode_html(row[1]))


def test_collect_equals_the_selector_engine_on_real_pages():
    k = _compiled()
    n = 0
    for tree in _real_trees(60):
        assert [x.mem_id for x in k.collect(tree)] == [x.mem_id for x in TWIN.collect(tree)]
        n += 1
    assert n >= 60


def _page_key(page):
    nodes, metas, canonical, crumbs = page
    return [n.mem_id for n in nodes], list(metas.items()), canonical, crumbs


META_PAGE = (
    '<html><head><meta property=" OG:Title " content="Banjir"><meta name="pubdate" datetime="2024-01-02">'
    '<meta name="e" value=""><meta name="f" content><meta NAME="Author" Content="Budi" itemprop="Author  name">'
    '<meta class="breadcrumb" name="c" content="d"><meta name="kat\u00e9" content="\u00fc">'
    '<link rel="alternate CANONICAL" href=" https://kabar.example/a "><link rel="canonical" href="/b">'
    '<meta name="a" content="1"><meta name="a" content="2" property="a"></head><body><svg><meta name="s" '
    'content="t"></svg><div class="Breadcrumb caption"><span itemprop="name">Berita</span></div><h1>H</h1></body></html>'
)


def test_collect_page_equals_its_twin():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(META_PAGE)
    got = k.collect_page(tree)
    assert _page_key(got) == _page_key(TWIN.collect_page(tree))
    _nodes, metas, canonical, crumbs = got  # a <meta itemprop> matches two selectors: its values come twice
    assert metas["og:title"] == ["Banjir"] and metas["pubdate"] == ["2024-01-02"] and metas["e"] == [""]
    assert "f" not in metas and metas["itemprop:author"] == ["Budi", "Budi"] and metas["a"] == ["1", "2", "2"]
    assert canonical == "https://kabar.example/a" and crumbs


def test_collect_page_equals_its_twin_on_real_pages():
    k = _compiled()
    n = 0
    for tree in _real_trees(60):
        assert _page_key(k.collect_page(tree)) == _page_key(TWIN.collect_page(tree))
        n += 1
    assert n >= 60


SELECT_QUERIES = (
    'a[rel="author"], [class*=byline i], [class*=author i], [class*=penulis i]',
    "script, style",
    "h1",
    "a[href]",
    '[itemprop="name"]',
    "[itemprop=description], h2",
    'a[rel~="tag"], [class*=tags i]',
    "time[datetime]",
    "figcaption",
    "[class*=caption i], cite",
    "img",
    "source",
    "p",
    "[class*=tags i] a",  # a descendant combinator: left to Lexbor
    ':lexbor-contains("baca" i)',  # a pseudo-class: left to Lexbor
)
SELECT_PAGE = (
    '<body><article class="Byline x"><a rel="Author" href="/a">A</a><a rel="author tag">B</a><svg><a rel="AUTHOR">'
    '</a></svg><div class="TAGS"><a rel="TAG" href="#">t</a><a href>u</a></div><p itemprop="NAME">n</p>'
    '<p itemprop="name">baca m</p><figure><img src="x"><picture><source srcset="y"></picture><figcaption '
    'class="caption">c <cite>d</cite></figcaption></figure><time datetime>x</time><time datetime="2020">y</time>'
    '<script>1</script><style>2</style><h2 itemprop="description">d</h2><div class="author-box byline">z</div>'
    '<h1 class="penulis">h</h1></article></body>'
)


@pytest.mark.parametrize("query", SELECT_QUERIES)
def test_select_equals_the_selector_engine(query):
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(SELECT_PAGE)
    for node in [tree.root, tree.body, *tree.css("article, div, figure, p")]:
        assert [n.mem_id for n in k.select(node, query)] == [n.mem_id for n in TWIN.select(node, query)]
        first, want = k.select_first(node, query), TWIN.select_first(node, query)
        assert (first.mem_id if first else None) == (want.mem_id if want else None)
        for limit in (0, 1, 2, 5):  # the walk stops at the limit: the first matches, repeats included
            assert [n.mem_id for n in k.select(node, query, limit)] == [
                n.mem_id for n in node.css(query)[:limit]
            ]


def test_select_equals_the_selector_engine_on_real_pages():
    from bench.common import decode_html, zyte_pages
    from selectolax.lexbor import LexborHTMLParser

    need(DATA / "zyte-aeb")
    k = _compiled()
    for i, row in enumerate(zyte_pages()):
        if i >= 25:
            break
        tree = LexborHTMLParser(decode_html(row[1]))
        for node in [tree.root, tree.body, *tree.css("article, figure")[:4]]:
            if node is None:
                continue
            for query in SELECT_QUERIES[:13]:
                assert [n.mem_id for n in k.select(node, query)] == [n.mem_id for n in node.css(query)], query


WITH_QUERIES = (
    'a[rel="author"], [class*=byline i], [class*=author i], [class*=penulis i]',
    "[class*=date i], [class*=time i], [class*=-post i], [class*=byline i]",
    '[class*=x- i], [class*=Caption], [data-x*="1"]',  # first bytes that do not fold; an exact test
    "h1",
)
WITH_PAGE = SELECT_PAGE.replace("</article>", (
    '<p class="post-DATE Timeline">1</p><p class="X-Y caption Caption">2</p><p class="DATEpost-" data-x="a1">3</p>'
    '<div class="byline"><p class="Date">4</p></div></article><p class="date">5</p>'
))  # fmt: skip


def _with_check(k, tree, queries):
    """``collect_page_with`` answers ``root.css(query)`` and ``within`` narrows it to any element."""
    *page, found = k.collect_page_with(tree, queries)
    assert _page_key(tuple(page)) == _page_key(TWIN.collect_page(tree))
    assert len(found) == len(queries)
    for query, nodes in zip(queries, found, strict=True):
        assert [n.mem_id for n in k.within(nodes, tree.root)] == [n.mem_id for n in tree.root.css(query)], (
            query
        )
        for node in [tree.root, tree.body, *tree.css("article, div, figure, p")[:12]]:
            if node is None:
                continue
            want = [n.mem_id for n in node.css(query)]
            for limit in (-1, 0, 1, 3, 20):
                got = [n.mem_id for n in k.within(nodes, node, limit)]
                assert got == (want if limit < 0 else want[:limit]), (query, node.tag, limit)


def test_collect_page_with_and_within_equal_the_selector_engine():
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(WITH_PAGE)
    for k in (_compiled(), TWIN):
        _with_check(k, tree, WITH_QUERIES)
        _with_check(k, tree, WITH_QUERIES[:1])
    *_, found = _compiled().collect_page_with(tree, WITH_QUERIES[1:2])
    # a node comes once per selector of the list it matches ("post-DATE Timeline": date and time)
    assert [n.text() for n in _compiled().within(found[0], tree.body) if n.tag == "p"] == [
        "1",
        "1",
        "3",
        "4",
        "5",
    ]


def test_collect_page_with_and_within_equal_the_selector_engine_on_real_pages():
    from warta.extract.metadata import _BYLINE, _DATE_EL

    k = _compiled()
    n = 0
    for tree in _real_trees(30):
        _with_check(k, tree, (_BYLINE, _DATE_EL))
        n += 1
    assert n >= 30


@pytest.mark.parametrize("label", ["baca juga", "related", "read more", "see also"])
def test_contains_equals_lexbor_contains(label):
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(
        '<div>Baca Juga: <a href="/a">A</a></div><p><b>BACA JUGA</b><i>baca</i> juga</p><ul><li>Related</li>'
        "<li><!-- related -->x</li><li>Read More, read more</li><li>SEE ALSO é</li></ul><div><p>related</p>"
        "Baca juga</div>" + "<p>related</p>" * 30
    )
    for node in (tree.root, tree.body, tree.css_first("ul")):
        for limit in (1, 20):
            got = [n.mem_id for n in k.contains(node, label, limit)]
            assert got == [n.mem_id for n in TWIN.contains(node, label, limit)]


SCOPE_PAGE = (
    "<body><div>Baca <i>juga</i><script>" + "related " * 200 + "</script><style>read more</style>x<p>rel"
    "<!-- c -->ates</p>\u00e9 READ<script>xx</script> more</div><div>lihat<script>"
    + "\u00e9"
    * 1500
    + "</script>a"
    "<svg><style>" + "a" * 1200 + "<g>baca juga</g></style></svg>z</div><template>related</template></body>"
)


def test_scope_labels_equals_its_twin():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(SCOPE_PAGE)
    labels = ("baca juga", "related", "read more", "lihat", "lihata")
    for node in [tree.body, *tree.css("div, p")]:
        assert k.scope_labels(node, labels) == TWIN.scope_labels(node, labels)
    # split by inline markup still counts; a long script's words do not; short scripts and styles are text
    assert k.scope_labels(tree.body, labels) == ["baca juga", "read more", "lihat"]
    assert k.scope_labels(tree.body, labels, 10_000) == ["baca juga", "related", "read more", "lihat"]
    # a long script whose text the page also shows before it: both cut the script where it stands
    # ("baca" + the cut's space + "juga"), not the first copy of its text
    shown = "Related: " + "kata " * 300
    page = LexborHTMLParser(
        f"<body><pre>{shown}</pre><p>baca</p><script>{shown}</script><p>juga</p></body>"
    ).body
    assert k.scope_labels(page, labels) == TWIN.scope_labels(page, labels) == ["baca juga", "related"]
    dotted = LexborHTMLParser("<p>Bac\u0130 juga, baca JUGA</p>").body  # U+0130: the twin's path
    assert k.scope_labels(dotted, labels) == TWIN.scope_labels(dotted, labels) == ["baca juga"]


def test_scope_labels_equals_its_twin_on_real_pages():
    from warta.extract.metadata import _lex

    k = _compiled()
    labels = _lex().related_labels
    n = 0
    for tree in _real_trees(40):
        for node in (tree.body, tree.css_first("article")):
            if node is not None:
                assert k.scope_labels(node, labels) == TWIN.scope_labels(node, labels)
                n += 1
    assert n >= 80


TEXT_ARGS = (  # forward, limit, short_rows, skip_prose, within the <article>, max_nodes
    (True, 400, False, 0, False, -1),
    (False, 160, True, 0, True, -1),
    (True, 400, True, 1, False, -1),
    (True, 800, False, 0, False, 10),
    (False, 30, False, 0, False, -1),
)


def _walks(k, tree, nodes):
    from warta.extract.metadata import _clean

    for node in nodes:
        for fwd, limit, rows, skip, inside, most in TEXT_ARGS:
            within = tree.css_first("article") if inside else None
            args = (fwd, limit, rows, skip, within, most, _clean)
            want = [n.mem_id for n in TWIN.text_nodes(node, *args)]
            assert [n.mem_id for n in k.text_nodes(node, *args)] == want
            yield want


def test_text_nodes_equals_its_twin():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(
        "<body><div>Kicker <b>news</b></div><article><header><span>Home</span><h1>Title <i>here</i></h1><p>By "
        '<a href="/author/x">Ann Lee</a> · May 2, 2025</p><!-- c --><nav>menu</nav><svg><text>s</text></svg>'
        "<p>" + "Long prose sentence here. " * 5 + "</p><div>  </div><span>\u00a0</span><p>short</p>"
        "<div>" + "x" * 90 + "<b>after</b></div></header><p>More</p></article><footer>F</footer></body>"
    )
    walked = list(_walks(k, tree, tree.css("h1, p, div, span, b, a")))
    h1 = tree.css_first("h1")
    rows = [n.text_content for n in k.text_nodes(h1, True, 400, True, 0, None, -1, str.strip)]
    assert rows == ["By ", "Ann Lee", " · May 2, 2025"] and any(walked)


def test_text_nodes_equals_its_twin_on_real_pages():
    k = _compiled()
    n = 0
    for tree in _real_trees(40):
        n += sum(1 for _ in _walks(k, tree, tree.css("h1, h2, time")[:4]))
    assert n >= 200


ROW_PREFIXES = ("by", "oleh", "written by", "author(s)", "von")
ROW_PAGES = (
    "<p>Text.</p><p>  BY <a>Jane Doe</a></p>",  # a prefix after spaces, then a space
    "<p>Byline</p><p>Bylaw: x</p><p>Standby by</p>",  # a word that starts like one; one in a row's middle
    "<p>Text\n\t oleh\u2014 Budi</p>",  # after a newline inside a text node; a dash follows
    "<p>B\u017f z</p><p>Writ\u0130 by</p>",  # non-ASCII inside a prefix might fold to its letter
    "<p>\u00e9by x</p><p>author(x</p><p>author(s)</p>",  # not at a row's start; a near miss; at the node's end
    "<p>x</p>written  by <b>y</b>",  # two spaces: not the prefix
    "<div>Vo<b>n</b> x</div><p>by</p>",  # split by markup: rows are text nodes; a prefix alone in a node
    "<p>no rows</p><script>\nby: x</script>",  # script text is part of the text
    "<p>Nothing here</p><!--\nby x-->",  # comments are not
)


@pytest.mark.parametrize("html", ROW_PAGES)
def test_row_prefixed_equals_its_twin(html):
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    tree = LexborHTMLParser(html)
    for node in [tree.body, *tree.css("p, div, b")]:
        assert k.row_prefixed(node, ROW_PREFIXES) == TWIN.row_prefixed(node, ROW_PREFIXES)


def test_row_prefixed_answers():
    from selectolax.lexbor import LexborHTMLParser

    k = _compiled()
    got = [k.row_prefixed(LexborHTMLParser(h).body, ROW_PREFIXES) for h in ROW_PAGES]
    assert got == [True, False, True, True, True, False, True, True, False]
    assert k.row_prefixed(LexborHTMLParser("<p>x</p>").body, ("Caf\u00e9",)) is True  # not ASCII: no proof


def test_row_prefixed_is_a_prefilter_on_real_pages():
    """Never False where the byline-row regex finds a row; equal to its twin."""
    from warta.extract.metadata import _lex

    k = _compiled()
    lex = _lex()
    n = 0
    for tree in _real_trees(40):
        for node in (tree.body, tree.css_first("article")):
            if node is not None:
                got = k.row_prefixed(node, lex.row_prefixes)
                assert got == TWIN.row_prefixed(node, lex.row_prefixes)
                if lex.byline_row.search("\n" + node.text(deep=True, separator="\n")):
                    assert got
                n += 1
    assert n >= 80


def test_crumb_items_equal_the_selector_engine_on_real_pages():
    from warta.extract import metadata

    pages = 0
    for tree in _real_trees(60):
        page = metadata._collect(tree)
        if tree.body is None:
            continue
        want = [n.mem_id for n in tree.body.css(metadata._CRUMB_EL)[:8]]
        assert [n.mem_id for n in metadata._crumb_items(tree, tree.body, page.crumbs)] == want
        pages += bool(want)
    assert pages >= 10
    nested = (
        "<html class='x BreadCrumbs'><body><a href=/a>A</a><div class=breadcrumb><a class=breadcrumb>B</a>"
    )
    for html in (nested, nested.replace("x BreadCrumbs", "x"), "<p><a href=/>x</a></p>"):
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(html)
        page = metadata._collect(tree)
        want = [n.mem_id for n in tree.body.css(metadata._CRUMB_EL)[:8]]
        assert [n.mem_id for n in metadata._crumb_items(tree, tree.body, page.crumbs)] == want
