# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Metadata kernels: one pass over a page's text instead of ``text.lower()`` plus a search per label.

Twin: ``_metak_py.py`` (same functions, same results); import through
``warta._compiled.kernel("warta.extract._metak")``.

>>> labels_in("Baca Juga: Banjir di Jakarta", ("baca juga", "read more"))
['baca juga']
"""

from libc.string cimport memchr, memset, memcmp, memcpy
from libc.stdlib cimport free, realloc
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t, uintptr_t
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.unicode cimport PyUnicode_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_DecodeUTF8

import warnings

from warta.extract._lexbor cimport (
    _Attr, _CharData, _Element, _HashEntry, _NSTD, _Node, _PTR_MIN, _Str, _T_DOCUMENT, _T_ELEMENT, _T_TEXT, _entry_str,
    validated_range, version_validated, warta_lxb_node_obj,
)
from warta.extract._metak_py import COLLECT
from warta.extract import _metak_py as _twin

ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t

cdef enum:
    MAX_LABELS = 64


cdef struct Labels:
    Py_ssize_t n
    Py_ssize_t left
    const unsigned char *ptr[MAX_LABELS]
    Py_ssize_t len[MAX_LABELS]
    char found[MAX_LABELS]
    int order[MAX_LABELS]       # label indexes grouped by first character
    int start[129]              # labels with first character c: order[start[c]:start[c + 1]]
    unsigned char pair[128][129]  # 1 when some label starts with these two characters (129th: any non-ASCII)


cdef int _scan(const char_t *s, Py_ssize_t n, Labels *L) noexcept nogil:
    """Mark the labels found in ``s`` (ASCII case folded); -1 when a U+0130 / U+212A is met first."""
    cdef Py_ssize_t i, j, m, q
    cdef uint32_t c, d
    cdef int k
    cdef const unsigned char *lab
    for i in range(n):
        c = s[i]
        if c >= 128:
            if c == 0x130 or c == 0x212A:
                return -1
            continue
        if 65 <= c <= 90:
            c += 32
        if L.start[c] == L.start[c + 1]:
            continue
        if i + 1 < n:
            d = s[i + 1]
            if 65 <= d <= 90:
                d += 32
            if d >= 128:
                d = 128
            if not L.pair[c][d]:
                continue
        for q in range(L.start[c], L.start[c + 1]):
            k = L.order[q]
            m = L.len[k]
            if L.found[k] or i + m > n:
                continue
            lab = L.ptr[k]
            j = 1
            while j < m:
                d = s[i + j]
                if 65 <= d <= 90:
                    d += 32
                if d != lab[j]:
                    break
                j += 1
            if j == m:
                L.found[k] = 1
                L.left -= 1
                if L.left == 0:
                    return 0
    return 0


cdef int _prep(tuple labels, Labels *L, list keep) except -2:
    """Fill ``L`` for ``labels`` (their bytes kept alive in ``keep``); -1 when the twin's path must run."""
    cdef Py_ssize_t nl = len(labels), k
    cdef int c, pos
    cdef bytes b
    cdef int count[128]
    if nl > MAX_LABELS or nl == 0:
        return -1
    for c in range(128):
        count[c] = 0
    for k in range(nl):
        label = labels[k]
        if (
            type(label) is not str or not (<str>label).isascii() or len(<str>label) == 0
            or (<str>label).lower() != label
        ):
            return -1
        b = (<str>label).encode("ascii")
        keep.append(b)
        L.ptr[k] = b
        L.len[k] = len(b)
        L.found[k] = 0
        count[L.ptr[k][0]] += 1
    L.n = nl
    memset(L.pair, 0, sizeof(L.pair))
    for k in range(nl):
        c = L.ptr[k][0]
        if L.len[k] == 1:
            memset(L.pair[c], 1, 129)  # a one-character label: any next character
        else:
            L.pair[c][L.ptr[k][1]] = 1
    L.left = nl
    pos = 0
    for c in range(128):
        L.start[c] = pos
        pos += count[c]
    L.start[128] = pos
    for c in range(128):
        count[c] = L.start[c]
    for k in range(nl):
        c = L.ptr[k][0]
        L.order[count[c]] = <int>k
        count[c] += 1
    return 0


def labels_in(str text, tuple labels):
    """The ``labels`` (lower-case, in their order) found in ``text.lower()``.

    ASCII labels are matched in one left-to-right pass, folding ASCII case on the fly. A non-ASCII
    character lower-cases to non-ASCII characters only, except U+0130 and U+212A (whose lower case
    holds an ASCII letter): a text holding either, or a non-ASCII, upper-case or empty label, takes
    the twin's path.
    """
    cdef Labels L
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text), rc
    cdef list keep = []
    if _prep(labels, &L, keep) < 0:
        return _slow(text, labels)
    if kind == 1:
        rc = _scan(<const uint8_t *>PyUnicode_DATA(text), n, &L)
    elif kind == 2:
        rc = _scan(<const uint16_t *>PyUnicode_DATA(text), n, &L)
    else:
        rc = _scan(<const uint32_t *>PyUnicode_DATA(text), n, &L)
    if rc < 0:
        return _slow(text, labels)
    return [labels[k] for k in range(L.n) if L.found[k]]


def _slow(str text, tuple labels):
    low = text.lower()
    return [label for label in labels if label in low]


# ------------------------------------------------------------------ collect: the metadata CSS pass
#
# ``collect(tree)`` returns ``tree.css(COLLECT)`` without Lexbor's selector engine (about 0.15 us per
# element of the page, whatever the selector): one walk over Lexbor's node structs, reading tag ids
# and the four attributes the selector list tests, and a selectolax node object only per match.
# Only struct *fields* are read and no Lexbor function is called (Lexbor is linked into
# selectolax's library, not ours). The mirrors (``_lexbor.pxd``) are interop declarations of the
# layouts of the selectolax versions in VALIDATED; at first use a set of probe pages is read both ways and
# must give the same nodes, else every call goes to ``tree.css`` (with one warning).

VALIDATED = validated_range()
"""selectolax versions whose layouts the kernel was checked on: ``>= [0]`` and ``< [1]`` (1.0.2 only).

Two foreign layouts are mirrored (in ``_lexbor.pxd``, shared with ``_walk``): Lexbor's node /
element / attribute / hash-entry structs (read only) and selectolax's ``LexborNode`` object
(``_make`` fills a fresh one as ``LexborNode.new`` does). Any other version runs ``tree.css`` /
``node.css`` (one warning)."""

# the static ids the selector list names, learned from a probe page at first use
cdef uintptr_t _TITLE = 0, _META = 0, _LINK = 0, _SCRIPT = 0, _TIME = 0, _H1 = 0, _ARTICLE = 0, _MAIN = 0
cdef uintptr_t _FIGURE = 0, _A_CLASS = 0, _A_REL = 0, _A_TYPE = 0
cdef int _state = 0  # 0: not checked, 1: kernel, -1: tree.css
cdef object _new_node = None  # selectolax.lexbor.LexborNode.__new__
cdef object _node_type = None


cdef inline bint _ci_contains(_Str *v, const char *what, size_t n) noexcept:
    """Lexbor's ``[attr*=what i]``: ASCII case-insensitive substring (``what`` lower-case)."""
    cdef size_t i, j, m
    cdef unsigned char c
    if v == NULL or v.data == NULL:
        return False
    m = v.length
    if m < n:
        return False
    for i in range(m - n + 1):
        for j in range(n):
            c = v.data[i + j]
            if 65 <= c <= 90:
                c += 32
            if c != <unsigned char>what[j]:
                break
        else:
            return True
    return False


cdef inline bint _ci_word(_Str *v, const char *what, size_t n) noexcept:
    """Lexbor's ``[attr~=what i]``: one of the whitespace-separated words, ASCII case folded."""
    cdef const unsigned char *data
    cdef const unsigned char *pos
    cdef const unsigned char *end
    cdef unsigned char c
    if v == NULL or v.data == NULL or v.length < n or n == 0:
        return False
    data = v.data
    pos = data
    end = data + v.length
    while data < end:
        c = data[0]
        if c == 32 or c == 9 or c == 10 or c == 12 or c == 13:
            if <size_t>(data - pos) == n and _ci_eq(pos, what, n):
                return True
            if <size_t>(end - data) < n:
                return False
            pos = data + 1
        data += 1
    return <size_t>(end - pos) == n and _ci_eq(pos, what, n)


cdef inline bint _ci_eq(const unsigned char *s, const char *what, size_t n) noexcept:
    cdef size_t j
    cdef unsigned char c
    for j in range(n):
        c = s[j]
        if 65 <= c <= 90:
            c += 32
        if c != <unsigned char>what[j]:
            return False
    return True


cdef inline bint _is_itemprop(uintptr_t name) noexcept:
    cdef _HashEntry *e
    if name < _PTR_MIN:
        return False
    e = <_HashEntry *>name
    return e.length == 8 and memcmp(e.u.short_str, b"itemprop", 8) == 0


cdef inline int _matches(_Node *node) noexcept:
    """How many selectors of COLLECT the element matches."""
    cdef uintptr_t t = node.local_name
    cdef _Attr *a = (<_Element *>node).first_attr
    cdef _Attr *cls = NULL
    cdef _Attr *rel = NULL
    cdef _Attr *typ = NULL
    cdef bint prop = False
    cdef int k = 0
    cdef _Str *v
    while a != NULL:
        if a.node.local_name == _A_CLASS:
            if cls == NULL:
                cls = a
        elif a.node.local_name == _A_REL:
            if rel == NULL:
                rel = a
        elif a.node.local_name == _A_TYPE:
            if typ == NULL:
                typ = a
        elif not prop and _is_itemprop(a.node.local_name):
            prop = True
        a = a.next
    if t == _TITLE or t == _META or t == _TIME or t == _H1 or t == _ARTICLE or t == _MAIN or t == _FIGURE:
        k += 1
    elif t == _LINK:
        if rel != NULL and _ci_word(rel.value, "canonical", 9):
            k += 1
    elif t == _SCRIPT:
        if typ != NULL and _ci_contains(typ.value, "ld+json", 7):
            k += 1
    if prop:
        k += 1
    if cls != NULL:
        k += _class_hits(cls.value)
    return k


cdef inline int _class_hits(_Str *v) noexcept:
    """How many of caption / related / baca / terkait / breadcrumb the value holds (ASCII case folded)."""
    cdef size_t i, m
    cdef const unsigned char *d
    cdef unsigned char c
    cdef bint cap = False, rel = False, baca = False, ter = False, crumb = False
    if v == NULL or v.data == NULL or v.length < 4:
        return 0
    d = v.data
    m = v.length
    for i in range(m - 3):
        c = d[i]
        if 65 <= c <= 90:
            c += 32
        if c == 99:  # c
            if not cap and i + 7 <= m and _ci_eq(d + i, "caption", 7):
                cap = True
        elif c == 114:  # r
            if not rel and i + 7 <= m and _ci_eq(d + i, "related", 7):
                rel = True
        elif c == 98:  # b
            if not baca and _ci_eq(d + i, "baca", 4):
                baca = True
            if not crumb and i + 10 <= m and _ci_eq(d + i, "breadcrumb", 10):
                crumb = True
        elif c == 116:  # t
            if not ter and i + 7 <= m and _ci_eq(d + i, "terkait", 7):
                ter = True
    return cap + rel + baca + ter + crumb


cdef object _make(_Node *node, object tree):
    cdef object obj = _new_node(_node_type)
    cdef warta_lxb_node_obj *p = <warta_lxb_node_obj *><PyObject *>obj
    cdef PyObject *old = p.parser
    p.node = <void *>node
    Py_INCREF(tree)
    p.parser = <PyObject *>tree
    Py_XDECREF(old)
    p.fragment_root = 0
    p.template_content = 0
    return obj


cdef inline _Node *_after(_Node *node, _Node *root) noexcept:
    """The node after ``node``'s subtree in a pre-order walk of ``root`` (NULL once the walk is done)."""
    while node != root and node.next == NULL:
        node = node.parent
    if node == root:
        return NULL
    return node.next


cdef list _walk(_Node *root, object tree):
    cdef list out = []
    cdef _Node *node = root
    cdef int k
    while True:
        if node.type == _T_ELEMENT:
            k = _matches(node)
            while k > 0:
                out.append(_make(node, tree))
                k -= 1
            if node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, root)
        if node == NULL:
            break
    return out


_PROBES = (
    '<html><head><title>T</title><meta name="a" content="b"><link rel="Canonical stylesheet" href="/x">'
    '<link rel="canonicalx" href="/y"><link rel=" canonical"><link href="/z"><script type="application/LD+JSON">{}'
    '</script><script type="text/javascript"></script><script></script><meta itemprop="name" content="c"></head>'
    '<body class="post CAPTION"><h1 class="Title">H</h1><time datetime="2020">t</time><article itemprop itemscope>'
    '<figure class="image-caption related"><img src="a.jpg"><figcaption>c</figcaption></figure>'
    '<div class="BreadCrumb baca terkait">x</div><div class="">y</div><div class>z</div><span ITEMPROP="author">n'
    '</span></article><main id=m><svg><title>s</title></svg><template><meta name="t"><h1>x</h1></template>'
    '<x-widget class="relatedposts" itemprop="x">w</x-widget><p data-itemprop="q" class="captio">p</p></main>'
    '<div class="caption-\u00e9 related\tbaca">u</div></body></html>',
    "<p>no head, no metadata</p>",
    '<body><div>Baca <i>juga</i><script>related related related</script><style>read more read more</style>x<p>rel'
    '<!-- c -->ated</p>\u00e9 READ<script>xx</script> more</div><div>lihat<script>\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9'
    '</script>a<svg><style>aaaaaaaaaaaaaaaa<g>baca juga</g></style></svg>z</div><template>related</template></body>',
    '<body><p>Baca juga \u0130</p><script>related related related</script></body>',
    '<body><div>Kicker <b>news</b></div><article><header><span>Home</span><h1>Title <i>here</i></h1><p>By '
    '<a href="/author/x">Ann Lee</a> \u00b7 May 2, 2025</p><!-- c --><nav>menu</nav><svg><text>s</text></svg>'
    '<p>' + 'Long prose sentence here. ' * 5 + '</p><div>  </div><span>\u00a0</span><p>short</p>'
    '<div>' + 'x' * 90 + '<b>after</b></div></header><p>More</p></article><footer>F</footer></body>',
    '<html><head><meta property=" OG:Title " content="T"><meta name="d" datetime="2020"><meta name="e" value="">'
    '<meta name=f content><meta NAME="G" Content="h" itemprop="A  b"><meta http-equiv="Refresh" content="0">'
    '<meta name="x" datetime="" value="v"><meta name="y" datetime="" value><meta content="z">'
    '<meta class="BreadCrumb" name="c" content="d" itemprop="x"><meta name="\u00e9\u0130" content="\u00fc">'
    '<link rel="alternate CANONICAL" href=" /c "><link rel=canonical href="/d"><meta name="a" content="1">'
    '<meta name="a" content="2" property="a"></head><body><svg><meta name="s" content="t"><link rel="canonical" '
    'xlink:href="/e"></svg><div class="breadcrumb"><meta itemprop="position" content="1"></div>'
    '<span itemprop="name" class="caption">n</span></body></html>',
    '<div>Baca Juga: <a href="/a">A</a></div><p><b>BACA JUGA</b><i>baca</i> juga</p><ul><li>Related</li>'
    '<li><!-- related -->x</li><li>Read More, read more</li></ul><div><p>related</p>Baca juga</div>',
    '<body><article class="Byline x"><a rel="Author" href="/a">A</a><a rel="author tag">B</a><svg><a rel="AUTHOR">'
    '</a></svg><div class="TAGS"><a rel="TAG" href="#">t</a></div><p itemprop="NAME">n</p><p itemprop="name">m'
    '</p><figure><img src="x"><picture><source srcset="y"></picture><figcaption class="caption">c <cite>d</cite>'
    '</figcaption></figure><time datetime>x</time><time datetime="2020">y</time><script>1</script><style>2</style>'
    '<h2 itemprop="description">d</h2><div class="author-box byline">z</div></article></body>',
    '<html class="caption"><body itemprop="mainEntity"><h1>x</h1></body></html>',
    "",
)


_TEXT_ARGS = (  # forward, limit, short_rows, skip_prose, within <article>, max_nodes
    (True, 400, False, 0, False, -1), (False, 160, True, 0, True, -1), (True, 400, True, 1, False, -1),
    (True, 5, False, 0, False, -1), (True, 400, False, 0, False, 2), (False, 400, True, 0, False, 0),
)


def _strip(t):
    return " ".join(t.split())


_PROBE_LABELS = ("baca juga", "related", "read more", "lihat", "a")

_PROBE_QUERIES = (
    'a[rel="author"], [class*=byline i], [class*=author i]', "script, style", "h1", "a[href]", "figcaption",
    '[itemprop="name"]', "[itemprop=description], h2", 'a[rel~="tag"], [class*=tags i]', "time[datetime]",
    "img", "source", "[class*=caption i], cite", "[class]",
)


cdef int _check() except -1:
    """Learn the static ids from a probe page and compare the walk with ``tree.css`` on every probe."""
    global _state, _new_node, _node_type, _NS_HTML
    global _TITLE, _META, _LINK, _SCRIPT, _TIME, _H1, _ARTICLE, _MAIN, _FIGURE, _A_CLASS, _A_REL, _A_TYPE
    global _STYLE, _T_P, _T_BODY, _T_HTML
    global _N_CONTENT, _N_DATETIME, _N_VALUE, _N_PROPERTY, _N_NAME, _N_EQUIV, _N_ITEMPROP, _N_REL, _N_HREF
    _state = -1
    try:
        import selectolax
        from selectolax.lexbor import LexborHTMLParser, LexborNode

        if not version_validated(selectolax.__version__):
            warnings.warn(f"selectolax {selectolax.__version__} not validated for the metadata kernel: using tree.css",
                          RuntimeWarning, stacklevel=3)
            return 0
        learn = LexborHTMLParser(
            "<title></title><meta><link rel=x><script type=x></script><time></time><h1></h1><article></article>"
            "<main></main><figure></figure><p class=x></p><p itemprop=x></p>"
        )
        # the node layout first, against the public API, before following any pointer out of a node
        for el in learn.css("*"):
            nd = <_Node *><uintptr_t>el.mem_id
            if nd.type != _T_ELEMENT or nd.local_name != <uintptr_t>el.tag_id:
                raise ValueError("unexpected node layout")
            if el.parent is not None and <uintptr_t>nd.parent != <uintptr_t>el.parent.mem_id:
                raise ValueError("unexpected node layout")
        # then selectolax's node object, read only, before any node is made through it
        probe = learn.css_first("title")
        pobj = <warta_lxb_node_obj *><PyObject *>probe
        if (
            <uintptr_t>pobj.node != <uintptr_t>probe.mem_id or pobj.parser != <PyObject *>learn
            or pobj.fragment_root != 0 or pobj.template_content != 0
        ):
            raise ValueError("unexpected LexborNode layout")
        _node_type = LexborNode
        _new_node = LexborNode.__new__
        ids = {}
        for tag in ("title", "meta", "link", "script", "time", "h1", "article", "main", "figure"):
            ids[tag] = (<_Node *><uintptr_t>learn.css_first(tag).mem_id).local_name
        link = <_Element *><uintptr_t>learn.css_first("link").mem_id
        script = <_Element *><uintptr_t>learn.css_first("script").mem_id
        para = <_Element *><uintptr_t>learn.css_first("p").mem_id
        prop = <_Element *><uintptr_t>learn.css_first("[itemprop]").mem_id
        if (
            link.first_attr == NULL or script.first_attr == NULL or para.first_attr == NULL
            or prop.first_attr == NULL or not _is_itemprop(prop.first_attr.node.local_name)
            or any(not (0 < v < _NSTD) for v in ids.values()) or len(set(ids.values())) != len(ids)
        ):
            raise ValueError("unexpected node layout")
        _TITLE, _META, _LINK, _SCRIPT, _TIME = ids["title"], ids["meta"], ids["link"], ids["script"], ids["time"]
        _H1, _ARTICLE, _MAIN, _FIGURE = ids["h1"], ids["article"], ids["main"], ids["figure"]
        _STYLE = _tag_id("style")
        _T_P, _T_BODY, _T_HTML = _tag_id("p"), _tag_id("body"), _tag_id("html")
        for i, name in enumerate(_twin.SKIP_TEXT):
            _SKIP[i] = _tag_id(name)
        if len(_twin.SKIP_TEXT) != 8 or not all(0 < _SKIP[i] < _NSTD for i in range(8)) or not (
            0 < _T_P < _NSTD and 0 < _T_BODY < _NSTD and 0 < _T_HTML < _NSTD
        ) or _twin.SHORT_ROW != 80:
            raise ValueError("unexpected tag ids")
        if not (0 < _STYLE < _NSTD) or _STYLE in ids.values():
            raise ValueError("unexpected tag ids")
        _A_REL = link.first_attr.node.local_name
        _A_TYPE = script.first_attr.node.local_name
        _A_CLASS = para.first_attr.node.local_name
        if len({_A_REL, _A_TYPE, _A_CLASS}) != 3 or not all(0 < v < _NSTD for v in (_A_REL, _A_TYPE, _A_CLASS)):
            raise ValueError("unexpected attribute ids")
        _NS_HTML = (<_Node *><uintptr_t>learn.css_first("p").mem_id).ns
        memset(_ci_attr, 0, sizeof(_ci_attr))
        for name in _CI_ATTRS:
            aid = _attr_id(name)
            if aid:
                _ci_attr[aid] = 1
        if not (_ci_attr[_A_REL] and _ci_attr[_A_TYPE]) or _ci_attr[_A_CLASS]:
            raise ValueError("unexpected case-insensitive attribute ids")
        _N_CONTENT, _N_DATETIME, _N_VALUE = _name("content"), _name("datetime"), _name("value")
        _N_PROPERTY, _N_NAME, _N_EQUIV = _name("property"), _name("name"), _name("http-equiv")
        _N_ITEMPROP, _N_REL, _N_HREF = _name("itemprop"), _name("rel"), _name("href")
        for html in _PROBES:
            tree = LexborHTMLParser(html)
            want = tree.css(COLLECT)
            got = _collect(tree)
            if (
                [n.mem_id for n in want] != [n.mem_id for n in got]
                or [n.tag for n in want] != [n.tag for n in got]
                or any(n.parser is not tree for n in got)
                or [n.html for n in want] != [n.html for n in got]
            ):
                raise ValueError("the walk and tree.css differ on a probe page")
            r = <_Node *><uintptr_t>tree.root.mem_id if tree.root is not None else NULL
            if r != NULL and r.parent != NULL and r.parent.type == _T_DOCUMENT:
                got_page = _collect_page(tree, r)
                want_page = _twin.collect_page(tree)
                if (
                    [n.mem_id for n in got_page[0]] != [n.mem_id for n in want_page[0]]
                    or got_page[1:] != want_page[1:]
                    or list(got_page[1]) != list(want_page[1])
                ):
                    raise ValueError("collect_page and its twin differ on a probe page")
                for node in [tree.root, tree.body, *tree.css("article, div, p")]:
                    if node is not None and _scope_labels(node, _PROBE_LABELS, 10, None, NULL) not in (
                        None, _twin.scope_labels(node, _PROBE_LABELS, 10)
                    ):
                        raise ValueError("scope_labels and its twin differ on a probe page")
                for node in tree.css("h1, p, div, span, b, a"):
                    if not _plain_tree(node):
                        continue
                    for args in _TEXT_ARGS:
                        within = tree.css_first("article") if args[4] else None
                        a = (args[0], args[1], args[2], args[3], within, args[5], _strip)
                        got = _text_nodes(<_Node *><uintptr_t>node.mem_id, tree, a[0], a[1], a[2], a[3],
                                          <_Node *><uintptr_t>within.mem_id if within is not None else NULL,
                                          a[5], _strip)
                        want = _twin.text_nodes(node, *a)
                        if [n.mem_id for n in got] != [n.mem_id for n in want]:
                            raise ValueError("text_nodes and its twin differ on a probe page")
            for label in ("baca juga", "related", "read more"):
                for node in [tree.root, tree.body]:
                    if node is None:
                        continue
                    want = node.css(f':lexbor-contains("{label}" i)')[:20]
                    b = label.encode("ascii")
                    got = _contains_walk(<_Node *><uintptr_t>node.mem_id, b, len(b), tree, 20)
                    if [n.mem_id for n in got] != [n.mem_id for n in want]:
                        raise ValueError(f"contains and :lexbor-contains differ on {label!r}")
            for query in _PROBE_QUERIES:
                for node in [tree.root, tree.body, *tree.css("article, figure, div")]:
                    if node is None:
                        continue
                    q = _query(query)
                    got = _select(<_Node *><uintptr_t>node.mem_id, <_Query>q, tree, False) if q is not None else []
                    want = node.css(query) if q is not None else []
                    if [n.mem_id for n in got] != [n.mem_id for n in want]:
                        raise ValueError(f"select and node.css differ on {query!r}")
    except Exception as exc:  # any surprise: the selector engine it is
        warnings.warn(f"metadata kernel disabled ({exc!r}): using tree.css", RuntimeWarning, stacklevel=3)
        _state = -1
        return 0
    _state = 1
    return 0


cdef list _collect(object tree):
    root = tree.root
    if root is None:
        return []
    cdef _Node *r = <_Node *><uintptr_t>root.mem_id
    if r.parent == NULL or r.parent.type != _T_DOCUMENT:
        return tree.css(COLLECT)  # a fragment: selectolax skips its wrapper; leave that to it
    return _walk(r, tree)


def collect(tree):
    """``tree.css(COLLECT)``: the nodes of a parsed page (``LexborHTMLParser``) that the metadata pass reads.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> [n.tag for n in collect(LexborHTMLParser("<title>T</title><h1 class=caption>H</h1>"))]
    ['title', 'h1', 'h1']
    """
    if _state == 0:
        _check()
    if _state < 0:
        return tree.css(COLLECT)
    return _collect(tree)


# ------------------------------------------------------------------ collect_page: <meta> map, canonical, crumbs
#
# ``collect_page(tree)`` is the twin's: the walk of :func:`collect`, with the ``<meta>`` and
# ``<link>`` matches read here (their attribute values decoded as selectolax's ``attributes`` does:
# UTF-8 with "replace", a value-less attribute is None, keys are qualified names) instead of as
# node objects with attribute dicts in Python. Checked against the twin on the probe pages.

cdef struct _Name:
    uintptr_t sid  # static attribute id, 0 for a custom name
    const unsigned char *s
    size_t n

cdef _Name _N_CONTENT, _N_DATETIME, _N_VALUE, _N_PROPERTY, _N_NAME, _N_EQUIV, _N_ITEMPROP, _N_REL, _N_HREF
cdef list _name_keep = []


cdef _Name _name(str name) except *:
    cdef _Name out
    cdef bytes b = name.encode("ascii")
    _name_keep.append(b)
    out.sid = _attr_id(name)
    out.s = b
    out.n = len(b)
    return out


cdef object _aval(_Node *node, _Name *nm):
    """``node.attributes.get(name)``: the value of the attribute whose qualified name is ``name``."""
    cdef _Attr *a = (<_Element *>node).first_attr
    cdef _Attr *hit = NULL
    cdef uintptr_t q
    cdef _HashEntry *e
    while a != NULL:
        q = a.qualified_name if a.qualified_name != 0 else a.node.local_name
        if q < _PTR_MIN:
            if nm.sid != 0 and q == nm.sid:
                hit = a  # the last one, as a dict built in attribute order keeps
        else:
            e = <_HashEntry *>q
            if e.length == nm.n and memcmp(_entry_str(e), nm.s, nm.n) == 0:
                hit = a
        a = a.next
    if hit == NULL or hit.value == NULL or hit.value.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *>hit.value.data, hit.value.length, "replace")


cdef inline bint _crumb(_Node *node) noexcept:
    cdef _Attr *a = (<_Element *>node).first_attr
    while a != NULL:
        if a.node.local_name == _A_CLASS:
            return _ci_contains(a.value, "breadcrumb", 10)
        a = a.next
    return False


cdef int _meta(_Node *node, dict metas, int times) except -1:
    content = _aval(node, &_N_CONTENT)
    if content is None:
        content = _aval(node, &_N_DATETIME) or _aval(node, &_N_VALUE)
    if content is None:
        return 0
    return _meta_keys(node, metas, content, times)


cdef int _meta_keys(_Node *node, dict metas, object content, int times) except -1:
    cdef int i
    cdef _Name *names[3]
    names[0] = &_N_PROPERTY
    names[1] = &_N_NAME
    names[2] = &_N_EQUIV
    for i in range(3):
        key = _aval(node, names[i])
        if key:
            _add(metas, key.strip().lower(), content, times)
    ip = _aval(node, &_N_ITEMPROP)
    if ip:
        for key in ip.split():
            _add(metas, "itemprop:" + key.lower(), content, times)
    return 0


cdef inline void _add(dict metas, object key, object content, int times):
    cdef list vals = metas.get(key)
    cdef int i
    if vals is None:
        vals = metas[key] = []
    for i in range(times):
        vals.append(content)


cdef tuple _collect_page(object tree, _Node *root, list queries=None):
    cdef list nodes = []
    cdef dict metas = {}
    cdef object canonical = None
    cdef bint crumbs = False
    cdef _Node *node = root
    cdef int k, i, nq = 0
    cdef uint32_t cls
    cdef uint64_t pairs = 0
    cdef list found = []
    cdef PyObject *qs[4]
    cdef PyObject *fs[4]
    if queries:  # up to four compiled selector lists answered in the same walk (root.css(query))
        nq = len(queries)
        if nq > 4:
            raise ValueError("collect_page_with answers at most four queries in its walk")
        for i in range(nq):
            found.append([])
            qs[i] = <PyObject *>queries[i]  # borrowed: ``queries`` and ``found`` hold them
            fs[i] = <PyObject *>found[i]
    while True:
        if node.type == _T_ELEMENT:
            if nq:
                cls = _class_letters(node, &pairs)
                for i in range(nq):
                    if cls == 0 and (<_Query>qs[i]).needs_class:
                        continue  # no class value (or one without letters): none of its compounds matches
                    k = _count_cls(node, <_Query>qs[i], cls, pairs)
                    while k > 0:  # the element's address: a node object is made only when within() keeps it
                        (<list>fs[i]).append(<uintptr_t>node)
                        k -= 1
            k = _matches(node)
            if k > 0:
                if _crumb(node):
                    crumbs = True
                    k -= 1
                if k > 0:
                    if node.local_name == _META:
                        _meta(node, metas, k)
                    elif node.local_name == _LINK:
                        if canonical is None:
                            rel = (_aval(node, &_N_REL) or "").lower().split()
                            if "canonical" in rel:
                                href = _aval(node, &_N_HREF)
                                if href:
                                    canonical = href.strip()
                    else:
                        while k > 0:
                            nodes.append(_make(node, tree))
                            k -= 1
            if node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, root)
        if node == NULL:
            break
    if queries is None:
        return nodes, metas, canonical, crumbs
    return nodes, metas, canonical, crumbs, found


def collect_page(tree):
    """The twin's ``collect_page``: ``(nodes, metas, canonical, has_crumbs)`` of a parsed page.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<meta property=" OG:Title " content="T"><link rel=canonical href=" /a ">'
    ...                      '<h1 class="breadcrumb caption">H</h1>')
    >>> nodes, metas, canonical, crumbs = collect_page(t)
    >>> [n.tag for n in nodes], metas, canonical, crumbs
    (['h1', 'h1'], {'og:title': ['T']}, '/a', True)
    """
    if _state == 0:
        _check()
    if _state < 0:
        return _twin.collect_page(tree)
    root = tree.root
    if root is None:
        return [], {}, None, False
    cdef _Node *r = <_Node *><uintptr_t>root.mem_id
    if r.parent == NULL or r.parent.type != _T_DOCUMENT:
        return _twin.collect_page(tree)  # a fragment: the twin runs tree.css
    return _collect_page(tree, r)


def collect_page_with(tree, tuple queries):
    """:func:`collect_page` plus ``tree.root.css(query)`` for each query, answered in the same walk.

    Returns ``(nodes, metas, canonical, has_crumbs, found)``, ``found[i]`` the matches of
    ``queries[i]`` in document order (a node once per selector of the list it matches, as Lexbor
    lists it), in a form only :func:`within` reads (here the elements' addresses: valid while the
    tree lives). ``within(found[i], node)`` is then ``node.css(queries[i])`` for any element of the
    page, without another walk.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<div class="Byline"><p class="byline post-date">A</p></div>')
    >>> *_, found = collect_page_with(t, ("[class*=byline i]", "[class*=date i], [class*=byline i]"))
    >>> [[n.tag for n in within(f, t.root)] for f in found]
    [['div', 'p'], ['div', 'p', 'p']]
    """
    cdef list compiled = []
    if _state == 0:
        _check()
    root = tree.root
    if _state < 0 or root is None or len(queries) > 4:
        return _twin.collect_page_with(tree, queries)
    cdef _Node *r = <_Node *><uintptr_t>root.mem_id
    if r.parent == NULL or r.parent.type != _T_DOCUMENT:
        return _twin.collect_page_with(tree, queries)
    for query in queries:
        q = _query(query)
        if q is None:
            return _twin.collect_page_with(tree, queries)
        compiled.append(q)
    return _collect_page(tree, r, compiled)


def within(list nodes, node, Py_ssize_t limit=-1):
    """The ``nodes`` (one of :func:`collect_page_with`'s ``found`` lists, or a list of nodes, in
    document order) that are ``node`` or inside it, at most ``limit`` (all when ``limit < 0``):
    ``node.css(query)[:limit]`` for the ``found`` list of ``query``. ``node`` must belong to the
    page the list came from.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> t = LexborHTMLParser('<p class="a">1</p><div><p class="a">2</p><p class="a">3</p></div>')
    >>> [n.text() for n in within(t.css(".a"), t.css_first("div"), 1)]
    ['2']
    """
    cdef list out = []
    cdef _Node *r
    cdef _Node *p
    cdef _Node *el
    if limit == 0:
        return out
    if _state == 0:
        _check()
    if _state < 0 or (nodes and type(nodes[0]) is not int):
        return _twin.within(nodes, node, limit)
    r = <_Node *><uintptr_t>node.mem_id
    parser = node.parser
    for n in nodes:
        el = <_Node *><uintptr_t>n
        p = el
        while p != NULL and p != r:
            p = p.parent
        if p != NULL:
            out.append(_make(el, parser))
            if len(out) == limit:
                break
    return out


# ------------------------------------------------------------------ scope_labels: labels in an element's text
#
# ``scope_labels(node, labels)`` is the twin's: which labels ``node.text(deep=True)`` holds once each
# long script / style is cut out. Here the text nodes' bytes are copied into one scratch buffer as
# selectolax's ``text`` concatenates them (before it decodes them), a long script or style subtree
# is written as one space where it stands, and the labels are scanned over the UTF-8 bytes (an
# ASCII label matches the same ASCII run of characters as of bytes). A text holding U+0130 or U+212A
# (which lower-case to ASCII letters) takes the twin's path.

cdef uintptr_t _STYLE = 0
cdef unsigned char *_tbuf = NULL
cdef size_t _tcap = 0


cdef int _tput(const unsigned char *d, size_t n, size_t *used) except -1:
    global _tbuf, _tcap
    cdef size_t need = used[0] + n
    cdef unsigned char *tmp
    cdef size_t cap
    if need > _tcap:
        cap = need * 2 if need > 65536 else 131072
        tmp = <unsigned char *>realloc(_tbuf, cap)
        if tmp == NULL:
            raise MemoryError()
        _tbuf, _tcap = tmp, cap
    if n:
        memcpy(_tbuf + used[0], d, n)
    used[0] = need
    return 0


cdef bint _long_text(_Node *el, Py_ssize_t limit) except -1:
    """Whether ``el.text(deep=True)`` has more than ``limit`` characters."""
    cdef _Node *node = el.first_child
    cdef _CharData *t
    cdef size_t nbytes = 0, nlead = 0, i
    cdef const unsigned char *d
    cdef list parts
    if node == NULL:
        return False
    while node != NULL:  # the bytes first: at most one character per byte
        if node.type == _T_TEXT and (<_CharData *>node).data.data != NULL:
            nbytes += (<_CharData *>node).data.length
        node = node.first_child if node.first_child != NULL else _after(node, el)
    if nbytes <= <size_t>limit:
        return False
    node = el.first_child
    while node != NULL:  # at least one character per lead byte: stop once past the limit
        if node.type == _T_TEXT:
            t = <_CharData *>node
            if t.data.data != NULL:
                d = t.data.data
                for i in range(t.data.length):
                    nlead += (d[i] & 0xC0) != 0x80
                    if nlead > <size_t>limit:
                        return True
        node = node.first_child if node.first_child != NULL else _after(node, el)
    parts = []  # many continuation bytes (or broken UTF-8): decode as selectolax does
    node = el.first_child
    while node != NULL:
        if node.type == _T_TEXT:
            t = <_CharData *>node
            if t.data.data != NULL:
                parts.append((<char *>t.data.data)[:t.data.length])
        node = node.first_child if node.first_child != NULL else _after(node, el)
    return len(b"".join(parts).decode("utf-8", "replace")) > limit


cdef inline bint _has_seq(const unsigned char *d, size_t n) noexcept:
    """Whether the UTF-8 of U+0130 (C4 B0) or U+212A (E2 84 AA) occurs in ``d``."""
    cdef size_t i
    for i in range(n):
        if d[i] == 0xC4:
            if i + 1 < n and d[i + 1] == 0xB0:
                return True
        elif d[i] == 0xE2:
            if i + 2 < n and d[i + 1] == 0x84 and d[i + 2] == 0xAA:
                return True
    return False


def scope_labels(node, tuple labels, Py_ssize_t long_script=1000, tuple row_prefixes=None):
    """The twin's ``scope_labels``: the ``labels`` (lower-case ASCII) in ``node``'s text, long scripts cut;
    with ``row_prefixes``, the pair ``(labels found, row_prefixed(node, row_prefixes))`` from one walk.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser("<p>BACA <b>juga</b>: x</p><script>" + "1" * 2000 + "</script>").body
    >>> scope_labels(body, ("baca juga", "related")), scope_labels(body, ("related",), 1000, ("baca",))
    (['baca juga'], ([], True))
    """
    cdef list ps = None
    cdef bint rows = False
    if _state == 0:
        _check()
    if _state < 0 or node is None:
        return _twin.scope_labels(node, labels, long_script, row_prefixes)
    if row_prefixes is not None:
        ps = _prefix_list(row_prefixes)
        if ps is None:  # not ASCII: row_prefixed answers True without a walk
            return scope_labels(node, labels, long_script), True
    found = _scope_labels(node, labels, long_script, ps, &rows)
    if found is None:
        found = _twin.scope_labels(node, labels, long_script)
        if ps is not None:
            rows = row_prefixed(node, row_prefixes)
    return found if ps is None else (found, rows)


cdef bint _rows_under(_Node *el, list ps, const char *first) noexcept:
    """Whether a text node inside ``el`` has a row that opens with one of ``ps`` (:func:`row_prefixed`)."""
    cdef _Node *cur = el.first_child
    cdef _CharData *t
    while cur != NULL:
        if cur.type == _T_TEXT:
            t = <_CharData *>cur
            if t.data.data != NULL and _rows_in(t.data.data, t.data.length, ps, first):
                return True
        if cur.first_child != NULL:
            cur = cur.first_child
        else:
            cur = _after(cur, el)
    return False


cdef object _scope_labels(object node, tuple labels, Py_ssize_t long_script, list ps, bint *rows):  # rows: NULL without ps
    """:func:`scope_labels` over the structs; None when the twin's path must run. With ``ps`` (row
    prefixes as bytes) ``rows[0]`` is also set: :func:`row_prefixed` read in the same walk."""
    cdef Labels L
    cdef list keep = []
    cdef _Node *root
    cdef _Node *cur
    cdef _CharData *t
    cdef size_t used = 0
    cdef char first[256]
    cdef bint want = ps is not None
    if _prep(labels, &L, keep) < 0:
        return None
    if want:
        _first_bytes(ps, first)
    root = <_Node *><uintptr_t>node.mem_id
    top = node.parser.root
    if root.type != _T_ELEMENT or top is None:
        return None
    cur = <_Node *><uintptr_t>top.mem_id
    if cur.parent == NULL or cur.parent.type != _T_DOCUMENT:
        return None  # a fragment: selectolax widens its root
    cur = root.first_child
    while cur != NULL:
        if cur.type == _T_TEXT:
            t = <_CharData *>cur
            if t.data.data != NULL:
                _tput(t.data.data, t.data.length, &used)
                if want and _rows_in(t.data.data, t.data.length, ps, first):
                    rows[0] = True
                    want = False
        elif cur.type == _T_ELEMENT and (cur.local_name == _SCRIPT or cur.local_name == _STYLE):
            if _long_text(cur, long_script):
                _tput(<const unsigned char *>b" ", 1, &used)
                if want and _rows_under(cur, ps, first):  # cut from the labels' text, not from the rows
                    rows[0] = True
                    want = False
                cur = _after(cur, root)
                continue
        if cur.first_child != NULL:
            cur = cur.first_child
        else:
            cur = _after(cur, root)
    if used == 0:
        return []
    if _has_seq(_tbuf, used):
        return None
    _scan(<const uint8_t *>_tbuf, <Py_ssize_t>used, &L)
    return [labels[k] for k in range(L.n) if L.found[k]]


# ------------------------------------------------------------------ text_nodes: the short rows around a node
#
# ``text_nodes(...)`` is the twin's walk (siblings, then the parents' siblings, descending), stepping
# over Lexbor's node pointers instead of selectolax node objects; tags are compared by id, text nodes
# decoded as ``text_content`` does (UTF-8 with "replace"), a node object made only for each text node
# kept (and for a ``<p>`` whose text the prose test reads).

cdef uintptr_t _T_P = 0, _T_BODY = 0, _T_HTML = 0
cdef uintptr_t _SKIP[8]


cdef inline bint _skip_tag(uintptr_t t) noexcept:
    cdef int i
    for i in range(8):
        if _SKIP[i] == t:
            return True
    return False


cdef object _text_of(_Node *node):
    cdef _CharData *t = <_CharData *>node
    if t.data.data == NULL:
        return None
    return PyUnicode_DecodeUTF8(<char *>t.data.data, t.data.length, "replace")


cdef list _text_nodes(
    _Node *start, object parser, bint forward, Py_ssize_t limit, bint short_rows, int skip_prose,
    _Node *stop, Py_ssize_t max_nodes, object clean,
):
    cdef list out = []
    cdef _Node *cur = start
    cdef _Node *nxt
    cdef _Node *inner
    cdef Py_ssize_t size = 0, steps = 0
    cdef int prose = 0
    if max_nodes == 0:
        return out
    while cur != NULL and size < limit and steps < 400:
        steps += 1
        nxt = cur.next if forward else cur.prev
        while nxt == NULL:
            cur = cur.parent
            if (
                cur == NULL or (cur.type == _T_ELEMENT and (cur.local_name == _T_BODY or cur.local_name == _T_HTML))
                or cur == stop
            ):
                return out
            nxt = cur.next if forward else cur.prev
        cur = nxt
        while True:
            if cur.type == _T_TEXT:
                t = _text_of(cur)
                if t and not (<str>t).isspace():
                    if short_rows and len(clean(t)) > 80:
                        prose += 1
                        if prose > skip_prose:
                            return out
                        break
                    out.append(_make(cur, parser))
                    if len(out) == max_nodes:
                        return out
                    size += len(<str>t)
                break
            if cur.type == _T_ELEMENT:
                if short_rows and cur.local_name == _T_P and len(clean(_make(cur, parser).text(deep=True))) > 80:
                    prose += 1
                    if prose > skip_prose:
                        return out
                    break
                if _skip_tag(cur.local_name):
                    break
            inner = cur.first_child if forward else cur.last_child
            if inner == NULL:
                break
            cur = inner
    return out


def text_nodes(node, bint forward, Py_ssize_t limit, bint short_rows, int skip_prose, within,
               Py_ssize_t max_nodes, clean):
    """The twin's ``text_nodes``: the non-blank text nodes next to ``node`` (see there).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> h1 = LexborHTMLParser("<div>Kicker</div><h1>T</h1><div>By Ann</div>").css_first("h1")
    >>> [n.text_content for n in text_nodes(h1, False, 400, False, 0, None, -1, str.strip)]
    ['Kicker']
    """
    if _state == 0:
        _check()
    if _state < 0 or node is None or not _plain_tree(node):
        return _twin.text_nodes(node, forward, limit, short_rows, skip_prose, within, max_nodes, clean)
    return _text_nodes(
        <_Node *><uintptr_t>node.mem_id, node.parser, forward, limit, short_rows, skip_prose,
        <_Node *><uintptr_t>within.mem_id if within is not None else NULL, max_nodes, clean,
    )


cdef bint _plain_tree(object node):
    """Whether ``node`` belongs to a parsed document (not a fragment, not template content)."""
    top = node.parser.root
    if top is None:
        return False
    cdef _Node *r = <_Node *><uintptr_t>top.mem_id
    cdef _Node *n = <_Node *><uintptr_t>node.mem_id
    if r.parent == NULL or r.parent.type != _T_DOCUMENT:
        return False
    while n.parent != NULL:  # template content hangs off its own fragment, not the document
        n = n.parent
    return n == r.parent


# ------------------------------------------------------------------ select: simple selector lists
#
# ``select(node, query)`` is ``node.css(query)`` and ``select_first`` is ``node.css_first(query)``
# for the selector lists metadata uses inside the article: comma-separated compounds of an
# optional tag name and attribute tests (``[a]``, ``[a=v]``, ``[a~=v]``, ``[a*=v]``, each with an
# optional `` i``), with Lexbor's semantics: type selectors compare tag ids, attribute values
# compare bytes (ASCII case folded under ``i``, and by default for the HTML attributes Lexbor
# treats as case-insensitive, e.g. ``rel`` and ``type``, on HTML elements), a node is listed once
# per selector it matches, the search node itself included. Any other syntax goes to ``node.css``.

cdef enum:
    _OP_EXISTS = 0
    _OP_EQUAL = 1
    _OP_INCLUDE = 2
    _OP_SUBSTRING = 3
    _MAX_TESTS = 4
    _MAX_COMPOUNDS = 16

cdef struct _Test:
    uintptr_t attr  # static attribute id, or 0 for a custom name compared by string
    const unsigned char *name
    size_t name_len
    int op
    int ci  # 1: `` i``; 2: Lexbor's HTML default (case-insensitive attribute on an HTML element); 0: exact
    const unsigned char *value
    size_t value_len
    uint32_t letters  # the ASCII letters of ``value``, case folded (bit 0: a): a value lacking one never matches
    uint64_t pairs  # ``_pairs`` of ``value``: a class value lacking one of its adjacent-byte pairs never holds it

cdef struct _Compound:
    uintptr_t tag  # 0: any element
    int ntests
    _Test tests[_MAX_TESTS]

cdef uintptr_t _NS_HTML = 0
cdef char _ci_attr[_NSTD]  # static attribute ids whose values Lexbor compares case-insensitively on HTML elements

_CI_ATTRS = (
    "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear", "codetype",
    "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face", "frame", "hreflang",
    "http-equiv", "lang", "language", "link", "media", "method", "multiple", "nohref", "noresize", "noshade",
    "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected", "shape", "target", "text", "type",
    "valign", "valuetype", "vlink",
)
"""The attributes Lexbor compares case-insensitively by default on HTML elements (its selectors.c list)."""


cdef class _Query:
    cdef int n
    cdef bint needs_class  # every compound tests the class value for letters: no class value, no match
    cdef _Compound c[_MAX_COMPOUNDS]
    cdef list keep  # the bytes the tests point into


cdef dict _queries = {}
cdef dict _tag_ids = {}
cdef dict _attr_ids = {}

import re as _re

_COMPOUND = _re.compile(r"([a-z][a-z0-9]*)?((?:\[[^\]]*\])*)$")
_TEST = _re.compile(r'\[([a-z][a-z0-9_-]*)(?:([~*]?=)(?:"([^"]*)"|([^\s"\]]+))(\s+i)?)?\]')


cdef uintptr_t _tag_id(str name) except? 0:
    """The static tag id of ``name`` (0 when it is not one)."""
    if name in _tag_ids:
        return _tag_ids[name]
    from selectolax.lexbor import LexborHTMLParser

    cdef uintptr_t tid = 0
    probe = LexborHTMLParser(f"<html><head></head><body><{name}></{name}></body></html>")
    found = probe.css_first(name)
    if found is not None:
        tid = (<_Node *><uintptr_t>found.mem_id).local_name
        if tid >= _NSTD:
            tid = 0
    _tag_ids[name] = tid
    return tid


cdef uintptr_t _attr_id(str name) except? 0:
    """The static attribute id of ``name`` (0 for a custom name)."""
    if name in _attr_ids:
        return _attr_ids[name]
    from selectolax.lexbor import LexborHTMLParser

    cdef uintptr_t aid = 0
    cdef _Element *el
    probe = LexborHTMLParser(f'<p {name}="x"></p>').css_first("p")
    if probe is not None:
        el = <_Element *><uintptr_t>probe.mem_id
        if el.first_attr != NULL and el.first_attr.node.local_name < _NSTD:
            aid = el.first_attr.node.local_name
    _attr_ids[name] = aid
    return aid


cdef object _compile(str query):
    """The compiled form of ``query``, or None when it uses syntax :func:`select` leaves to Lexbor."""
    cdef _Query q = _Query()
    cdef _Compound *c
    cdef _Test *t
    cdef bytes b
    q.keep = []
    q.n = 0
    parts = [p.strip() for p in query.split(",")]
    if not parts or len(parts) > _MAX_COMPOUNDS:
        return None
    for part in parts:
        m = _COMPOUND.match(part)
        if m is None or not part:
            return None
        brackets = m.group(2) or ""
        found = list(_TEST.finditer(brackets))
        if len(found) > _MAX_TESTS or "".join(x.group(0) for x in found) != brackets:
            return None  # more tests than room, or bracket text the pattern does not cover
        c = &q.c[q.n]
        c.tag = 0
        if m.group(1):
            c.tag = _tag_id(m.group(1))
            if c.tag == 0:
                return None
        c.ntests = 0
        for mt in found:
            name, op, quoted, bare, flag = mt.groups()
            t = &c.tests[c.ntests]
            b = name.encode("ascii")
            q.keep.append(b)
            t.name = b
            t.name_len = len(b)
            t.attr = _attr_id(name)
            if op is None:
                t.op = _OP_EXISTS
                t.value = NULL
                t.value_len = 0
                t.ci = 0
                t.letters = 0
                t.pairs = 0
            else:
                value = quoted if quoted is not None else bare
                if value is None or not value.isascii():
                    return None
                t.op = _OP_EQUAL if op == "=" else _OP_INCLUDE if op == "~=" else _OP_SUBSTRING
                b = value.encode("ascii")
                q.keep.append(b)
                t.value = b
                t.value_len = len(b)
                t.letters = _letters(t.value, t.value_len)
                t.pairs = _pairs(t.value, t.value_len)
                if flag:
                    t.ci = 1
                    if value.lower() != value:
                        return None  # the folded comparisons below expect a lower-case value
                elif t.attr != 0 and _ci_attr[t.attr]:
                    t.ci = 2
                    if value.lower() != value:
                        return None
                else:
                    t.ci = 0
            c.ntests += 1
        q.n += 1
    q.needs_class = q.n > 0
    for i in range(q.n):
        for j in range(q.c[i].ntests):
            if q.c[i].tests[j].attr == _A_CLASS and q.c[i].tests[j].letters != 0:
                break
        else:
            q.needs_class = False
    return q


cdef inline bint _eq_bytes(const unsigned char *a, const unsigned char *b, size_t n, bint ci) noexcept:
    if ci:
        return _ci_eq(a, <const char *>b, n)
    return memcmp(a, b, n) == 0


cdef inline bint _contains(const unsigned char *d, size_t m, const unsigned char *w, size_t n, bint ci) noexcept:
    """``w`` in ``d`` (ASCII case folded when ``ci``: ``w`` is lower-case then, see ``_compile``)."""
    cdef const unsigned char *end
    cdef const unsigned char *hit
    cdef unsigned char w0, up
    if n == 0 or m < n:
        return False
    w0 = w[0]
    end = d + (m - n + 1)  # one past the last place a match can start
    if ci and 97 <= w0 <= 122:
        # the first letter in either case, then the rest folded
        up = w0 - 32
        while d < end:
            if (d[0] == w0 or d[0] == up) and _ci_eq(d + 1, <const char *>(w + 1), n - 1):
                return True
            d += 1
        return False
    # the first byte is not a letter that folds (or the test is exact): only that byte starts a match
    while d < end:
        hit = <const unsigned char *>memchr(d, w0, <size_t>(end - d))
        if hit == NULL:
            return False
        if _eq_bytes(hit + 1, w + 1, n - 1, ci):
            return True
        d = hit + 1
    return False


cdef inline bint _word(const unsigned char *d, size_t m, const unsigned char *w, size_t n, bint ci) noexcept:
    """Lexbor's ``~=`` (``lxb_selectors_match_class``)."""
    cdef const unsigned char *pos = d
    cdef const unsigned char *end = d + m
    cdef unsigned char ch
    if n == 0 or m < n:
        return False
    while d < end:
        ch = d[0]
        if ch == 32 or ch == 9 or ch == 10 or ch == 12 or ch == 13:
            if <size_t>(d - pos) == n and _eq_bytes(pos, w, n, ci):
                return True
            if <size_t>(end - d) < n:
                return False
            pos = d + 1
        d += 1
    return <size_t>(end - pos) == n and _eq_bytes(pos, w, n, ci)


cdef inline _Attr *_find_attr(_Node *node, _Test *t) noexcept:
    cdef _Attr *a = (<_Element *>node).first_attr
    cdef _HashEntry *e
    cdef const unsigned char *s
    while a != NULL:
        if t.attr != 0:
            if a.node.local_name == t.attr:
                return a
        elif a.node.local_name >= _PTR_MIN:
            e = <_HashEntry *>a.node.local_name
            if e.length == t.name_len:
                if e.length <= 16:
                    s = e.u.short_str
                else:
                    s = e.u.long_str
                if memcmp(s, t.name, t.name_len) == 0:
                    return a
        a = a.next
    return NULL


cdef inline bint _test(_Node *node, _Test *t) noexcept:
    cdef _Attr *a = _find_attr(node, t)
    cdef const unsigned char *d
    cdef size_t m
    cdef bint ci
    if a == NULL:
        return False
    if t.op == _OP_EXISTS:
        return True
    if a.value == NULL or a.value.data == NULL:
        d = <const unsigned char *>b""
        m = 0
    else:
        d = a.value.data
        m = a.value.length
    ci = t.ci == 1 or (t.ci == 2 and node.ns == _NS_HTML)
    if t.op == _OP_EQUAL:
        return m == t.value_len and _eq_bytes(d, t.value, m, ci)
    if t.op == _OP_INCLUDE:
        return _word(d, m, t.value, t.value_len, ci)
    return _contains(d, m, t.value, t.value_len, ci)


cdef inline uint32_t _letters(const unsigned char *d, size_t m) noexcept:
    """Which ASCII letters ``d`` holds, case folded (bit 0: a, ..., bit 25: z)."""
    cdef uint32_t bits = 0
    cdef size_t i
    cdef unsigned char c
    for i in range(m):
        c = d[i] | 32
        if 97 <= c <= 122:
            bits |= (<uint32_t>1) << (c - 97)
    return bits


cdef inline uint64_t _pair_bit(unsigned char a, unsigned char b) noexcept:
    """One of 64 bits for the adjacent bytes ``a b``, ASCII letters case folded."""
    if 65 <= a <= 90:
        a += 32
    if 65 <= b <= 90:
        b += 32
    return (<uint64_t>1) << ((a * 31 + b) & 63)


cdef inline uint64_t _pairs(const unsigned char *d, size_t m) noexcept:
    """The ``_pair_bit`` of every two adjacent bytes of ``d``: a value that contains ``w`` (ASCII case
    folded or not) has every bit of ``_pairs(w)``."""
    cdef uint64_t bits = 0
    cdef size_t i
    for i in range(1, m):
        bits |= _pair_bit(d[i - 1], d[i])
    return bits


cdef inline uint32_t _class_letters(_Node *node, uint64_t *pairs) noexcept:
    """``_letters`` of the element's (first) class value, 0 without one; its ``_pairs`` in ``pairs``."""
    cdef _Attr *a = (<_Element *>node).first_attr
    cdef uint32_t bits = 0
    cdef uint64_t pb = 0
    cdef size_t i, m
    cdef const unsigned char *d
    cdef unsigned char c, prev = 0
    pairs[0] = 0
    while a != NULL:
        if a.node.local_name == _A_CLASS:
            if a.value == NULL or a.value.data == NULL:
                return 0
            d = a.value.data
            m = a.value.length
            for i in range(m):  # _letters and _pairs in one pass
                c = d[i]
                if 97 <= (c | 32) <= 122:
                    bits |= (<uint32_t>1) << ((c | 32) - 97)
                if i:
                    pb |= _pair_bit(prev, c)
                prev = c
            pairs[0] = pb
            return bits
        a = a.next
    return 0


cdef inline int _count_cls(_Node *node, _Query q, uint32_t cls, uint64_t pairs) noexcept:
    """:func:`_count` given the element's ``_class_letters``: a test on ``class`` whose value holds a
    letter the class value lacks fails without a scan (no class attribute: ``cls`` is 0 and any test
    with letters fails, as its attribute is missing)."""
    cdef int i, j, k = 0
    cdef _Compound *c
    cdef _Test *t
    for i in range(q.n):
        c = &q.c[i]
        if c.tag != 0 and node.local_name != c.tag:
            continue
        for j in range(c.ntests):
            t = &c.tests[j]
            if t.attr == _A_CLASS and ((t.letters & ~cls) != 0 or (t.pairs & ~pairs) != 0):
                break
            if not _test(node, t):
                break
        else:
            k += 1
    return k


cdef inline int _count(_Node *node, _Query q) noexcept:
    """How many of ``q``'s compounds the element matches (:func:`_count_cls` with every letter present)."""
    return _count_cls(node, q, <uint32_t>0xFFFFFFFF, <uint64_t>0xFFFFFFFFFFFFFFFF)


cdef list _select(_Node *root, _Query q, object parser, bint first, Py_ssize_t limit=-1):
    cdef list out = []
    cdef _Node *node = root
    cdef int k
    if limit == 0:
        return out
    while True:
        if node.type == _T_ELEMENT:
            k = _count(node, q)
            if k and first:
                out.append(_make(node, parser))
                return out
            while k > 0:
                out.append(_make(node, parser))
                if len(out) == limit:  # the rest would be sliced off: the walk stops here
                    return out
                k -= 1
            if node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, root)
        if node == NULL:
            break
    return out


cdef object _query(str query):
    try:
        return _queries[query]
    except KeyError:
        pass
    q = _compile(query)
    _queries[query] = q
    return q


def select(node, str query, Py_ssize_t limit=-1):
    """``node.css(query)`` (``[:limit]`` when ``limit >= 0``: the walk stops at the limit), without
    Lexbor's selector engine for simple selector lists.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser('<p class="Byline">A</p><a rel="AUTHOR">B</a>').body
    >>> [n.text() for n in select(body, 'a[rel="author"], [class*=byline i]')]
    ['A', 'B']
    """
    if _state == 0:
        _check()
    if _state < 0 or node is None:
        return node.css(query) if limit < 0 else node.css(query)[:limit]
    q = _query(query)
    if q is None:
        return node.css(query) if limit < 0 else node.css(query)[:limit]
    return _select(<_Node *><uintptr_t>node.mem_id, <_Query>q, node.parser, False, limit)


def select_first(node, str query):
    """``node.css_first(query)`` (None when nothing matches), like :func:`select`."""
    if _state == 0:
        _check()
    if _state < 0:
        return node.css_first(query)
    q = _query(query)
    if q is None:
        return node.css_first(query)
    found = _select(<_Node *><uintptr_t>node.mem_id, <_Query>q, node.parser, True)
    return found[0] if found else None


_PLAIN = _re.compile(r"[a-z0-9 .,'!?-]+")


cdef list _contains_walk(_Node *root, const unsigned char *w, size_t n, object parser, Py_ssize_t limit):
    cdef list out = []
    cdef _Node *node = root
    cdef _Node *child
    cdef _CharData *t
    while True:
        if node.type == _T_ELEMENT:
            child = node.first_child
            while child != NULL:
                if child.type == _T_TEXT:
                    t = <_CharData *>child
                    if t.data.data != NULL and _contains(t.data.data, t.data.length, w, n, True):
                        out.append(_make(node, parser))
                        if len(out) >= limit:
                            return out
                        break
                child = child.next
            if node.first_child != NULL:
                node = node.first_child
                continue
        node = _after(node, root)
        if node == NULL:
            break
    return out


def contains(node, str text, Py_ssize_t limit=20):
    """``node.css(f':lexbor-contains("{text}" i)')[:limit]``: elements with a text child holding ``text``.

    Lexbor's ``:lexbor-contains`` tests each text node that is a direct child of the element, ASCII
    case folded, bytes otherwise. Texts other than plain lower-case ASCII go to ``node.css``.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> [n.tag for n in contains(LexborHTMLParser("<div><b>BACA JUGA:</b> x</div>").body, "baca juga")]
    ['b']
    """
    if _state == 0:
        _check()
    if _state < 0 or not text or _PLAIN.fullmatch(text) is None or limit <= 0:
        return node.css(f':lexbor-contains("{text}" i)')[:limit]
    cdef bytes b = text.encode("ascii")
    return _contains_walk(<_Node *><uintptr_t>node.mem_id, b, len(b), node.parser, limit)


# ------------------------------------------------------------------ row_prefixed: a prefilter for a row regex

cdef inline bint _row_end(const unsigned char *d, size_t i, size_t n) noexcept:
    cdef unsigned char c
    if i >= n:
        return True  # the node's end: the separator's newline follows
    c = d[i]
    return c == 32 or c == 9 or c == 58 or c == 45 or c == 10 or c >= 128


cdef bint _row_at(const unsigned char *d, size_t i, size_t n, list prefixes) noexcept:
    """Whether a prefix opens the row whose first character (after spaces and tabs) is ``d[i]``."""
    cdef bytes p
    cdef const unsigned char *q
    cdef size_t m, j
    cdef unsigned char c, e
    for p in prefixes:
        q = <const unsigned char *>p
        m = len(p)
        c = d[i]
        if 65 <= c <= 90:
            c += 32
        if c != q[0]:
            continue
        j = 1
        while j < m:
            if i + j >= n:
                break
            c = d[i + j]
            if c >= 128:
                return True  # might fold to the prefix's letter
            if 65 <= c <= 90:
                c += 32
            e = q[j]
            if c != e:
                break
            j += 1
        else:
            if _row_end(d, i + m, n):
                return True
    return False


cdef bint _rows_in(const unsigned char *d, size_t n, list prefixes, const char *first) noexcept:
    """Whether a row of ``d`` opens with a prefix; ``first[c]``: some prefix starts with byte ``c``
    (ASCII case folded)."""
    cdef size_t i = 0
    cdef const unsigned char *nl
    while i < n:
        while i < n and (d[i] == 32 or d[i] == 9):
            i += 1
        if i < n and first[d[i]] and _row_at(d, i, n, prefixes):
            return True
        nl = <const unsigned char *>memchr(d + i, 10, n - i) if i < n else NULL
        if nl == NULL:
            return False
        i = <size_t>(nl - d) + 1
    return False


cdef dict _row_prefixes = {}


cdef list _prefix_list(tuple prefixes):
    """The prefixes as ASCII bytes (remembered per tuple), None when some are not lower-case ASCII."""
    cdef list ps
    try:
        return _row_prefixes[prefixes]
    except KeyError:
        ps = None
        if all(isinstance(p, str) and p and p.isascii() and p == p.lower() for p in prefixes):
            ps = [p.encode("ascii") for p in prefixes]
        _row_prefixes[prefixes] = ps
        return ps


cdef void _first_bytes(list ps, char *first):
    """``first[c]``: some prefix of ``ps`` starts with byte ``c`` (ASCII case folded)."""
    cdef unsigned char c
    memset(first, 0, 256)
    for p in ps:
        c = (<const unsigned char *><bytes>p)[0]
        first[c] = 1
        if 97 <= c <= 122:
            first[c - 32] = 1


def row_prefixed(node, tuple prefixes):
    """The twin's ``row_prefixed``: whether a row of ``node.text(deep=True, separator="\\n")`` might
    open with one of ``prefixes`` (lower-case ASCII), read off the text nodes' bytes.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> body = LexborHTMLParser("<p>Text.</p><p>  BY <a>Jane Doe</a></p>").body
    >>> row_prefixed(body, ("by", "oleh")), row_prefixed(body, ("oleh",))
    (True, False)
    """
    cdef _Node *root
    cdef _Node *cur
    cdef list ps
    cdef char first[256]
    cdef unsigned char c
    if _state == 0:
        _check()
    if _state < 0 or node is None:
        return _twin.row_prefixed(node, prefixes)
    ps = _prefix_list(prefixes)
    if ps is None:
        return True
    top = node.parser.root
    if top is None:
        return _twin.row_prefixed(node, prefixes)
    cur = <_Node *><uintptr_t>top.mem_id
    if cur.parent == NULL or cur.parent.type != _T_DOCUMENT:
        return _twin.row_prefixed(node, prefixes)  # a fragment: selectolax widens its root
    root = <_Node *><uintptr_t>node.mem_id
    if root.type == _T_TEXT:
        return _twin.row_prefixed(node, prefixes)
    _first_bytes(ps, first)
    return _rows_under(root, ps, first)


def enabled():
    """Whether :func:`collect` walks the structs (validated on the probe pages) rather than calling ``tree.css``."""
    if _state == 0:
        _check()
    return _state > 0


__all__ = [
    "COLLECT", "collect", "collect_page", "contains", "enabled", "labels_in", "row_prefixed", "scope_labels", "select",
    "select_first", "text_nodes",
]
