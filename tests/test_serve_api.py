"""The reader's pages and JSON API over a small fictional store (FastAPI TestClient, no browser).

``fictional_store(path)`` is shared with ``test_browser.py``.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warta.article import Article, Entity, ErrorInfo, Image, Provenance, Quote, Related, Removed, Source, Span
from warta.serve import create_app
from warta.serve.safety import safe_url, snippet_markup
from warta.store import Store

HOSTILE_ID = "evil0000000000ff"
BANJIR_ID = "banjir00000000a1"
COPY_ID = "banjir00000000a2"
RATES_ID = "rates000000000b1"

_BANJIR_BODY = [
    "Hujan deras sejak Senin malam membuat Kali Sunter meluap dan merendam permukiman warga di tiga kecamatan.",
    "Ketinggian air mencapai satu meter di beberapa gang sempit, sementara warga mengungsi ke masjid terdekat.",
    "Penanganan pengungsi",
    "Petugas membuka dapur umum dan posko kesehatan untuk sekitar 800 pengungsi yang bertahan sejak dini hari.",
    "Sari Wulandari mengatakan pompa air tambahan dikirim ke titik terparah sebelum hujan susulan datang sore nanti.",
]


def _ent(key: str, name: str, typ: str, text: str, *needles: str) -> Entity:
    spans = []
    for n in needles:
        for m in re.finditer(re.escape(n), text):
            spans.append(Span(start=m.start(), end=m.end(), text=n))
    return Entity(id=key, name=name, type=typ, mentions=spans)


def _banjir(aid: str, outlet: str, source: str, published: str) -> Article:
    art = Article(
        id=aid,
        title="Banjir Rendam Tiga Kecamatan di Jakarta Timur",
        lead="Jakarta (ANTARA) - Banjir setinggi satu meter merendam ratusan rumah di Jakarta Timur, Selasa.",
        body=list(_BANJIR_BODY),
        headings=[2],
        outlet=outlet,
        authors=["Rina Puspita"],
        published=published,
        canonical_url=f"https://{outlet}/berita/banjir-jakarta-timur",
        images=[Image(caption="Warga melintasi genangan di Cipinang.", credit="FOTO: Dimas Arya", url=None)],
        related=[
            Related(title="Lima titik rawan banjir di ibu kota", url=f"https://{outlet}/berita/titik-rawan")
        ],
        tags=["banjir", "jakarta"],
        lang="id",
        sources=[Source(name="ANTARA", cue="Jakarta (ANTARA) -", start=0, end=10)],
        field_sources={"title": "json-ld", "published": "meta", "authors": "text"},
        removed=[Removed(text="Baca juga: Lima titik rawan banjir", reason="related", line=4)],
        provenance=Provenance(
            source=source, input_hash=source, url=f"https://{outlet}/berita/banjir-jakarta-timur"
        ),
    )
    text = art.plain_text()
    art.entities = [
        _ent("PER:sari wulandari", "Sari Wulandari", "PER", text, "Sari Wulandari"),
        _ent("LOC:jakarta timur", "Jakarta Timur", "LOC", text, "Jakarta Timur"),
        _ent("LOC:kali sunter", "Kali Sunter", "LOC", text, "Kali Sunter"),
    ]
    q = "pompa air tambahan dikirim ke titik terparah"
    art.quotes = [
        Quote(
            text=q,
            start=text.index(q),
            end=text.index(q) + len(q),
            type="indirect",
            speaker="Sari Wulandari",
            speaker_id="PER:sari wulandari",
            cue="mengatakan",
        )
    ]
    return art


def _rates() -> Article:
    body = [
        "The central bank of the fictional Republic of Arcadia kept its benchmark rate at 5.75 percent on Thursday.",
        '"Inflation is easing, but we remain vigilant," Governor Maya Kusuma told reporters after the meeting.',
        "Analysts had expected the pause after three consecutive hikes earlier in the year.",
    ]
    art = Article(
        id=RATES_ID,
        title="Arcadia central bank holds rates as inflation eases",
        lead="SUNPORT (Reuters) - Arcadia's central bank held rates steady.",
        body=body,
        outlet="dailyledger.example",
        authors=["John Smith"],
        published="2026-02-12T09:00:00+00:00",
        canonical_url="https://dailyledger.example/markets/arcadia-rates",
        tags=["economy"],
        lang="en",
        sources=[Source(name="Reuters", cue="(Reuters)", start=0, end=5)],
        provenance=Provenance(source="fixture/rates", input_hash="rates"),
    )
    text = art.plain_text()
    q = "Inflation is easing, but we remain vigilant,"
    art.entities = [
        _ent("PER:maya kusuma", "Maya Kusuma", "PER", text, "Maya Kusuma"),
        _ent("LOC:arcadia", "Arcadia", "LOC", text, "Arcadia"),
    ]
    art.quotes = [
        Quote(
            text=q,
            start=text.index(q),
            end=text.index(q) + len(q),
            type="direct",
            speaker="Maya Kusuma",
            speaker_id="PER:maya kusuma",
            cue="told",
        )
    ]
    return art


PWN = "window.__pwned=1;document.title='PWNED'"


def _hostile() -> Article:
    """Every field a page controls carries a payload that would set ``window.__pwned``."""
    art = Article(
        id=HOSTILE_ID,
        title=f'Hostile <script>{PWN}</script> title <img src=x onerror="{PWN}">',
        lead=f'<svg onload="{PWN}"><circle r=5></svg> lead',
        body=[
            f'Paragraph with <script>{PWN}</script> and <iframe src="javascript:{PWN}"></iframe>.',
            f'<a href="javascript:{PWN}">click</a> <img src=x onerror="{PWN}"> hostile body text',
            f"<svg><script>{PWN}</script></svg>",
        ],
        headings=[2],
        outlet='evil.example"><script>window.__pwned=1</script>',
        authors=[f'<b onmouseover="{PWN}">Mallory</b>'],
        published="2026-03-05T12:00:00+07:00",
        canonical_url=f"javascript:{PWN}",
        images=[
            Image(
                caption=f"<svg/onload={PWN}> caption",
                credit=f"<img src=x onerror={PWN}>",
                url="data:image/svg+xml,<svg onload=alert(1)>",
            )
        ],
        related=[Related(title="<script>alert(1)</script> related", url="javascript:alert(1)")],
        tags=['"><script>window.__pwned=1</script>'],
        lang='en" onmouseover="window.__pwned=1',
        field_sources={"<script>x</script>": "<img src=x onerror=alert(1)>"},
        removed=[Removed(text=f"<script>{PWN}</script>", reason="<b>chrome</b>", line=1)],
        provenance=Provenance(source="fixture/hostile", input_hash="hostile", url=f"  java\tscript:{PWN}"),
    )
    text = art.plain_text()
    art.entities = [Entity(id="PER:<script>x</script>", name=f"<script>{PWN}</script>Eve", type="PER")]
    art.quotes = [
        Quote(
            text=f"<script>{PWN}</script>",
            start=0,
            end=5,
            type="direct",
            speaker=f"<img src=x onerror={PWN}>",
        )
    ]
    assert text
    return art


_WORDS = [
    "pasar",
    "harga",
    "beras",
    "cabai",
    "naik",
    "turun",
    "pemerintah",
    "kota",
    "warga",
    "sekolah",
    "jalan",
    "tol",
    "kereta",
    "bandara",
    "pelabuhan",
    "nelayan",
    "petani",
    "panen",
    "hujan",
    "kemarau",
    "listrik",
    "air",
    "minum",
    "rumah",
    "sakit",
    "dokter",
    "guru",
    "murid",
    "ujian",
    "pemilu",
    "partai",
    "menteri",
    "gubernur",
    "bupati",
    "desa",
    "pantai",
    "gunung",
    "hutan",
    "sungai",
    "jembatan",
    "proyek",
    "anggaran",
    "pajak",
    "ekspor",
    "impor",
    "pabrik",
    "buruh",
    "upah",
    "pariwisata",
    "hotel",
    "kuliner",
    "festival",
    "musik",
    "film",
    "olahraga",
    "sepak",
    "bola",
    "bulu",
    "tangkis",
]


def _filler(i: int) -> Article:
    rnd = random.Random(i)
    body = [" ".join(rnd.choice(_WORDS) for _ in range(40)) + "." for _ in range(3)]
    return Article(
        id=f"filler{i:010d}",
        title=f"Kabar singkat {i}: {' '.join(rnd.sample(_WORDS, 4))}",
        lead=" ".join(rnd.sample(_WORDS, 12)) + ".",
        body=body,
        outlet="kabarharian.id" if i % 2 else "warta-daerah.example",
        lang="id",
        published=f"2025-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}T07:00:00+07:00",
        tags=["singkat"],
        provenance=Provenance(source=f"fixture/filler/{i}", input_hash=f"filler{i}"),
    )


def fictional_articles() -> list[Article]:
    arts = [_filler(i) for i in range(34)]
    arts.append(_banjir(BANJIR_ID, "kabarharian.id", "fixture/banjir", "2026-03-04T08:15:00+07:00"))
    arts.append(
        _banjir(COPY_ID, "portalnusantara.example", "fixture/banjir-copy", "2026-03-04T10:40:00+07:00")
    )
    arts.append(_rates())
    arts.append(_hostile())
    broken = Article(id="broken0000000001", provenance=Provenance(source="fixture/broken", input_hash="b"))
    broken.errors = [ErrorInfo(stage="extract", error="empty-input", message="no text in <b>input</b>")]
    arts.append(broken)
    return arts


def fictional_store(path: Path) -> Path:
    """A store file with the fictional corpus (hostile article included); returns its path."""
    with Store(path) as st:
        st.add(fictional_articles())
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = fictional_store(tmp_path_factory.mktemp("serve") / "warta.db")
    with TestClient(create_app(db)) as c:
        yield c


# -- safety helpers ------------------------------------------------------------------------------


def test_safe_url_keeps_only_http() -> None:
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    for bad in (
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:x",
        "data:text/html,x",
        "/relative",
        "//x.example",
        "",
    ):
        assert safe_url(bad) is None, bad


def test_snippet_markup_keeps_only_mark() -> None:
    out = str(snippet_markup("a <mark>banjir</mark> <script>x</script> &amp; <img src=x onerror=1>"))
    assert "<mark>banjir</mark>" in out
    assert "<script>" not in out and "<img" not in out
    assert "&amp;" in out and "&amp;amp;" not in out


# -- security headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/search?q=banjir", f"/article/{BANJIR_ID}", "/api/v1/stats", "/static/style.css", "/nope"]
)
def test_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in (
        "/",
        f"/article/{BANJIR_ID}",
        f"/article/{HOSTILE_ID}",
        "/search?q=banjir",
        "/entity/PER:sari wulandari",
    ):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), path
        assert " style=" not in html and "<style" not in html, path


# -- pages ------------------------------------------------------------------------------------------


def test_latest_page_lists_newest_first_and_paginates(client: TestClient) -> None:
    html = client.get("/").text
    assert "<main" in html and "<nav" in html
    titles = re.findall(r'class="item-link" href="/article/([^"]+)"', html)
    assert len(titles) == 30
    assert titles[0] == HOSTILE_ID and titles[1] == COPY_ID  # 2026-03-05, then 2026-03-04 10:40
    assert 'rel="next"' in html
    page2 = client.get("/?page=2").text
    assert not set(re.findall(r'href="/article/([^"]+)"', page2)) & set(titles)


def test_latest_filters(client: TestClient) -> None:
    html = client.get("/?lang=en").text
    ids = re.findall(r'class="item-link" href="/article/([^"]+)"', html)
    assert RATES_ID in ids and BANJIR_ID not in ids
    ids = re.findall(r'class="item-link" href="/article/([^"]+)"', client.get("/?tag=banjir").text)
    assert set(ids) == {BANJIR_ID, COPY_ID}
    ids = re.findall(
        r'class="item-link" href="/article/([^"]+)"', client.get("/?outlet=dailyledger.example").text
    )
    assert ids == [RATES_ID]
    ids = re.findall(
        r'class="item-link" href="/article/([^"]+)"', client.get("/?since=2026-03-01&until=2026-03-04").text
    )
    assert set(ids) == {BANJIR_ID, COPY_ID}
    assert client.get("/?since=yesterday").status_code == 422


def test_article_page(client: TestClient) -> None:
    r = client.get(f"/article/{BANJIR_ID}")
    assert r.status_code == 200
    html = r.text
    assert '<article class="story" lang="id">' in html
    assert "<h1>Banjir Rendam Tiga Kecamatan di Jakarta Timur</h1>" in html
    assert "<h2>Penanganan pengungsi</h2>" in html  # subheading
    assert (
        '<time datetime="2026-03-04T08:15:00+07:00" title="2026-03-04T08:15:00+07:00">4 Mar 2026, 08:15</time>'
        in html
    )
    assert "<figcaption>Warga melintasi genangan di Cipinang." in html and "FOTO: Dimas Arya" in html
    assert "via ANTARA" in html
    # related box, never inline in the body
    body = html.split('<div class="body">')[1].split("</div>")[0]
    assert "Lima titik rawan banjir" not in body
    assert "Baca juga" in html and "Lima titik rawan banjir di ibu kota" in html
    # quotes: speaker -> quote -> cue, speaker linked to the entity page
    assert (
        '<a href="/entity/PER%3Asari%20wulandari">Sari Wulandari</a>' in html
        or 'href="/entity/PER:sari%20wulandari"' in html
    )
    assert "pompa air tambahan dikirim ke titik terparah</blockquote>" in html and "mengatakan" in html
    # the syndicated copy on another outlet is listed
    assert f'href="/article/{COPY_ID}"' in html
    assert 'href="https://kabarharian.id/berita/banjir-jakarta-timur"' in html  # original
    assert client.get("/article/doesnotexist").status_code == 404


def test_duplicate_detected_and_shown(client: TestClient) -> None:
    art = client.get(f"/api/v1/articles/{COPY_ID}").json()
    assert art["duplicate_of"] == BANJIR_ID
    html = client.get(f"/article/{COPY_ID}").text
    assert "copy of an earlier article" in html and 'class="badge">original</span>' in html


_URL_ATTR_RE = re.compile(
    r"""\b(?:href|src|action|data-original)\s*=\s*["']?\s*(?:java|data:|vbscript)""", re.I
)


def test_hostile_article_is_inert(client: TestClient) -> None:
    html = client.get(f"/article/{HOSTILE_ID}").text
    assert "<script>window" not in html and "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html and "<svg/onload" not in html
    assert "<iframe" not in html and "<b onmouseover" not in html
    assert not _URL_ATTR_RE.search(html)  # no javascript:/data: link, image or frame
    assert "&lt;script&gt;" in html  # shown as text
    assert 'lang="en" onmouseover' not in html and 'onmouseover="window' not in html
    for path in (f"/article/{HOSTILE_ID}/audit", "/search?q=hostile", "/", "/entities", "/quoted"):
        page = client.get(path).text
        assert (
            "<script>window" not in page and "<script>x</script>" not in page and "<img src=x" not in page
        ), path


def test_search_page_with_operators_and_highlights(client: TestClient) -> None:
    html = client.get("/search", params={"q": "intitle:banjir lang:id"}).text
    assert re.search(r"<strong>2</strong> results", html)
    assert "<mark>" in html
    assert f'href="/article/{BANJIR_ID}"' in html and RATES_ID not in html
    html = client.get("/search", params={"q": 'entity:"Maya Kusuma"'}).text
    assert re.search(r"<strong>1</strong> result ", html) and RATES_ID in html
    html = client.get("/search", params={"q": '"pompa air" outlet:kabarharian.id'}).text
    assert re.search(r"<strong>1</strong> result ", html) and BANJIR_ID in html
    html = client.get("/search", params={"q": "hostile"}).text
    assert "&lt;script&gt;" in html or "<mark>" in html
    assert "<strong>0</strong> results" in client.get("/search", params={"q": "zzzqqqxxx"}).text


def test_entity_pages(client: TestClient) -> None:
    html = client.get("/entity/PER:maya kusuma").text
    assert "<h1>Maya Kusuma" in html
    assert "<svg" in html and 'class="bar"' in html and "2026-02: 1" in html
    assert "Inflation is easing" in html  # her quotes
    assert RATES_ID in html
    assert client.get("/entity/PER:nobody").status_code == 404
    quoted = client.get("/quoted").text
    assert "Maya Kusuma" in quoted and "Sari Wulandari" in quoted
    assert "Jakarta Timur" in client.get("/entities?type=LOC").text


def test_audit_page(client: TestClient) -> None:
    html = client.get(f"/article/{BANJIR_ID}/audit").text
    assert "fixture/banjir" in html and "json-ld" in html and "related × 1" in html
    assert "Baca juga: Lima titik rawan banjir" in html


def test_docs_page_lists_endpoints(client: TestClient) -> None:
    html = client.get("/docs").text
    for ep in (
        "/api/v1/articles",
        "/api/v1/search",
        "/api/v1/entities/{key}",
        "/api/v1/most-quoted",
        "/api/v1/stats",
        "/api/v1/errors",
    ):
        assert f"<code>{ep}</code>" in html, ep
    assert client.get("/openapi.json").json()["info"]["title"] == "Warta API"


# -- API ----------------------------------------------------------------------------------------------


def test_api_articles_list(client: TestClient) -> None:
    r = client.get("/api/v1/articles", params={"limit": 5})
    assert r.headers["content-type"] == "application/json"
    data = r.json()
    assert [a["id"] for a in data["items"]][:2] == [HOSTILE_ID, COPY_ID]
    assert data["next_offset"] == 5
    data = client.get("/api/v1/articles", params={"lang": "en", "limit": 50}).json()
    assert RATES_ID in [a["id"] for a in data["items"]] and data["next_offset"] is None
    assert client.get("/api/v1/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/articles", params={"since": "2026/01"}).status_code == 422


def test_api_article_is_article_json(client: TestClient) -> None:
    r = client.get(f"/api/v1/articles/{BANJIR_ID}")
    art = Article.from_json(r.content)
    assert art.title.startswith("Banjir Rendam") and art.quotes[0].speaker == "Sari Wulandari"
    assert client.get("/api/v1/articles/nope").status_code == 404
    assert client.get("/api/v1/articles/nope").json()["detail"]
    dups = client.get(f"/api/v1/articles/{BANJIR_ID}/duplicates").json()["items"]
    assert [d["id"] for d in dups] == [COPY_ID]


def test_api_search(client: TestClient) -> None:
    data = client.get("/api/v1/search", params={"q": "intitle:banjir", "limit": 1}).json()
    assert data["total"] == 2 and len(data["hits"]) == 1 and "<mark>" in data["hits"][0]["snippet"]
    data = client.get("/api/v1/search", params={"q": "quote:inflation"}).json()
    assert [h["id"] for h in data["hits"]] == [RATES_ID]
    assert client.get("/api/v1/search").status_code == 422


def test_api_entities(client: TestClient) -> None:
    items = client.get("/api/v1/entities", params={"type": "PER"}).json()["items"]
    keys = [e["key"] for e in items]
    assert "PER:sari wulandari" in keys and all(e["type"] == "PER" for e in items)
    sari = next(e for e in items if e["key"] == "PER:sari wulandari")
    assert sari["articles"] == 1  # the copy does not count twice
    e = client.get("/api/v1/entities/PER:sari wulandari").json()
    assert e["name"] == "Sari Wulandari" and e["timeline"] == [{"period": "2026-03", "articles": 1}]
    assert e["quotes"][0]["article_id"] == BANJIR_ID
    assert client.get("/api/v1/entities/PER:nobody").status_code == 404
    assert client.get("/api/v1/entities", params={"type": "XXX"}).status_code == 422


def test_api_most_quoted_stats_errors(client: TestClient) -> None:
    items = client.get("/api/v1/most-quoted").json()["items"]
    assert {"Maya Kusuma", "Sari Wulandari"} <= {s["speaker"] for s in items}
    assert (
        client.get("/api/v1/most-quoted", params={"since": "2026-03"}).json()["items"][0]["speaker"]
        != "Maya Kusuma"
    )
    stats = client.get("/api/v1/stats").json()
    assert stats["articles"] == 38 and stats["duplicates"] == 1 and stats["errors"] == 1
    errors = client.get("/api/v1/errors").json()["items"]
    assert errors[0]["error"] == "empty-input" and errors[0]["source"] == "fixture/broken"


def test_serve_creates_a_missing_store(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "new.db")) as c:
        assert "No articles" in c.get("/").text
        assert c.get("/api/v1/stats").json()["articles"] == 0
        assert c.get("/api/v1/search", params={"q": "banjir"}).json()["total"] == 0


def test_serve_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from warta.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--port" in out and "127.0.0.1" in out


def test_head_is_answered_like_get(client: TestClient) -> None:
    r = client.head(f"/article/{BANJIR_ID}")
    assert r.status_code == 200 and r.content == b"" and "content-security-policy" in r.headers
    assert client.head("/article/nope").status_code == 404


def test_views_latest_agrees_with_store_latest(tmp_path: Path) -> None:
    from warta.store import views

    with Store(fictional_store(tmp_path / "w.db")) as st:
        for kw in (
            {},
            {"lang": "id"},
            {"outlet": "kabarharian.id"},
            {"outlet": "kabarharian.id", "lang": "id"},
            {"outlet": "KabarHarian.id", "lang": "en"},
            {"tag": "banjir"},
            {"tag": "singkat", "outlet": "kabarharian.id", "since": "2025-03", "until": "2025-09-30"},
        ):
            got = [a.id for a in views.latest(st, limit=100, **kw)]
            assert got == [a.id for a in st.latest(limit=100, **kw)], kw


def test_co_mentioned_sample_and_long_queries(client: TestClient, tmp_path: Path) -> None:
    from warta.store import views

    with Store(fictional_store(tmp_path / "c.db")) as st:
        full = {e.key for e in views.co_mentioned(st, "PER:sari wulandari")}
        assert full == {"LOC:jakarta timur", "LOC:kali sunter"}
        assert {e.key for e in views.co_mentioned(st, "PER:sari wulandari", sample=1)} == full
    assert client.get("/search", params={"q": "banjir " * 500}).status_code == 200
