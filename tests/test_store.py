"""The SQLite store: add/get, idempotency, errors, search operators and ranking, snippets, export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from warta.article import Article, Entity, ErrorInfo, Provenance, Quote, RawDoc, Span, error_article
from warta.store import Store

FLOOD = [
    "Hujan deras sejak Minggu malam membuat sejumlah sungai meluap dan merendam permukiman di Jakarta Timur.",
    "Petugas pemadam kebakaran mengevakuasi warga lanjut usia menggunakan perahu karet pada Senin pagi.",
    "Pemerintah provinsi menyiapkan tenda pengungsian dan dapur umum di halaman kantor kelurahan.",
]
PRICES = [
    "Harga beras medium di pasar tradisional naik menjadi Rp14.000 per kilogram pekan ini.",
    "Pedagang mengatakan pasokan dari daerah sentra produksi berkurang karena panen mundur.",
    "Badan Pangan Nasional berjanji menggelar operasi pasar di sejumlah kota besar.",
]
ELECTION = [
    "The election commission said turnout reached record levels in several provinces.",
    "Observers reported long queues at polling stations across the capital on Wednesday.",
]


def art(i: str, title: str, body: list[str], **kw) -> Article:
    prov = Provenance(source=f"in/{i}.txt", input_hash=f"hash-{i}")
    return Article(id=i, title=title, body=body, provenance=prov, **kw)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "warta.db")
    st.add(
        [
            art(
                "flood",
                "Banjir merendam permukiman di Jakarta Timur",
                FLOOD,
                lead="Ribuan warga mengungsi akibat banjir.",
                outlet="kompas.com",
                lang="id",
                published="2024-01-15T08:00:00+07:00",
                authors=["Budi Santoso"],
                tags=["banjir", "Jakarta"],
                entities=[
                    Entity(
                        id="LOC:jakarta timur",
                        name="Jakarta Timur",
                        type="LOC",
                        mentions=[Span(start=0, end=5, text="x")],
                    )
                ],
                quotes=[
                    Quote(text="air naik sangat cepat", start=0, end=21, type="direct", speaker="Sutrisno")
                ],
            ),
            art(
                "prices",
                "Harga beras naik di pasar tradisional",
                PRICES,
                outlet="detik.com",
                lang="id",
                published="2024-02-03",
                authors=["Siti Aminah"],
                tags=["ekonomi"],
            ),
            art(
                "election",
                "Record turnout in provincial elections",
                ELECTION,
                outlet="Jakarta Post",
                lang="en",
                published="2023-12-20T10:00:00Z",
            ),
            art(
                "flood-mention",
                "Pasar tradisional sepi pembeli",
                ["Pedagang mengeluh sepi pembeli setelah banjir pekan lalu.", *PRICES[1:]],
                outlet="detik.com",
                lang="id",
                published="2024-01-20",
            ),
        ]
    )
    yield st
    st.close()


def ids(st: Store, q: str) -> list[str]:
    return [h.id for h in st.search(q).hits]


def test_roundtrip_and_schema(tmp_path: Path, store: Store) -> None:
    a = store.get("flood")
    assert a is not None
    assert a.title == "Banjir merendam permukiman di Jakarta Timur"
    assert a.body == FLOOD and a.authors == ["Budi Santoso"] and a.entities[0].name == "Jakarta Timur"
    assert store.get("nope") is None
    con = sqlite3.connect(tmp_path / "warta.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert con.execute("SELECT outlet, lang FROM articles WHERE id = 'flood'").fetchone() == (
        "kompas.com",
        "id",
    )
    # reopening keeps everything (migration is a no-op)
    assert len(Store(tmp_path / "warta.db")) == 4


def test_idempotent_add_and_resume(store: Store) -> None:
    again = store.add([art("prices", "Harga beras naik di pasar tradisional", PRICES, lang="id")])
    assert (again.added, again.skipped) == (0, 1)
    assert len(store) == 4
    assert store.has_source("in/flood.txt") and not store.has_source("in/other.txt")
    assert store.done_sources("in/f") == {"in/flood.txt", "in/flood-mention.txt"}


def test_errors_table(store: Store) -> None:
    bad = error_article(
        RawDoc(data=b"\xff\xfe", source="in/bad.bin"), "decode", "UnicodeDecodeError", "invalid start byte"
    )
    res = store.add([bad])
    assert (res.added, res.errors) == (0, 1)
    rows = store.errors()
    assert [(r.source, r.stage, r.error) for r in rows] == [("in/bad.bin", "decode", "UnicodeDecodeError")]
    assert store.has_source("in/bad.bin")
    assert store.get(bad.id) is None
    assert store.stats()["errors"] == 1
    # a usable article with a partial error is stored and its error logged
    partial = art(
        "partial", "Judul", ["Isi berita yang cukup panjang."], errors=[ErrorInfo(stage="enrich", error="X")]
    )
    assert store.add([partial]).added == 1
    assert store.errors()[0].stage == "enrich"


def test_search_terms_stemming_and_ranking(store: Store) -> None:
    # "banjir" is in the title of one article and once in the body of another: title ranks first
    assert ids(store, "banjir") == ["flood", "flood-mention"]
    # Indonesian stemming: "kebanjiran" and "pengungsian" find the forms in the text
    assert "flood" in ids(store, "kebanjiran")
    assert ids(store, "mengungsi") == ["flood"]  # lead says "mengungsi", body "pengungsian"
    assert ids(store, "pengungsi") == ["flood"]
    # English light stemming
    assert ids(store, "election") == ["election"]
    # AND semantics
    assert ids(store, "banjir beras") == []
    assert ids(store, "harga beras") == ["prices"]
    assert ids(store, "pedagang") == ["flood-mention", "prices"]  # two mentions beat one
    res = store.search("pasar")
    assert res.total == 2 and res.hits[0].score >= res.hits[1].score


def test_search_operators(store: Store) -> None:
    assert set(ids(store, "intitle:pasar")) == {"prices", "flood-mention"}
    assert ids(store, "intitle:banjir") == ["flood"]
    assert ids(store, 'author:"Siti Aminah"') == ["prices"]
    assert ids(store, "author:siti") == ["prices"]
    assert ids(store, 'entity:"Jakarta Timur"') == ["flood"]
    assert ids(store, "quote:cepat") == ["flood"]
    assert ids(store, "tag:ekonomi") == ["prices"]
    assert set(ids(store, "outlet:DETIK.com pasar")) == {"prices", "flood-mention"}
    assert ids(store, "lang:en") == ["election"]
    assert set(ids(store, "since:2024-01-16 pasar")) == {"prices", "flood-mention"}
    assert ids(store, "since:2024-01-16 banjir") == ["flood-mention"]
    assert ids(store, "until:2024-01 banjir") == ["flood", "flood-mention"]
    assert ids(store, "until:2024-01-15") == ["flood", "election"]
    assert ids(store, '"harga beras"') == ["prices"]
    assert ids(store, '"beras harga"') == []
    assert ids(store, "pasar -banjir") == ["prices"]
    assert ids(store, "-banjir lang:id") == ["prices"]  # only exclusions: newest first
    assert ids(store, "-banjir") == ["prices", "election"]
    # filters only: newest first
    assert ids(store, "outlet:detik.com") == ["prices", "flood-mention"]
    assert store.search("since:yesterday banjir").warnings


def test_snippets_are_escaped_and_marked(store: Store) -> None:
    store.add(
        [art("xss", "Skrip", ["Peretas menyisipkan <script>alert('banjir')</script> di halaman."], lang="id")]
    )
    hit = next(h for h in store.search("banjir").hits if h.id == "xss")
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>banjir</mark>" in hit.snippet
    flood = store.search("pengungsian").hits[0]
    assert "<mark>mengungsi</mark>" in flood.snippet  # another form of the query word


def test_latest_stats_duplicates(store: Store) -> None:
    assert [s.id for s in store.latest()] == ["prices", "flood-mention", "flood", "election"]
    assert [s.id for s in store.latest(outlet="detik.com", since="2024-01-25")] == ["prices"]
    assert [s.id for s in store.latest(tag="banjir")] == ["flood"]
    st = store.stats()
    assert st["articles"] == 4 and st["outlets"] == 3 and st["languages"] == {"id": 3, "en": 1}
    assert st["entities"] == 1 and st["quotes"] == 1
    assert store.duplicates("flood") == []


def test_export_parquet_readable(tmp_path: Path, store: Store) -> None:
    import pyarrow.dataset as ds

    files = store.export_parquet(tmp_path / "pq")
    assert {f.parent.name for f in files} == {"lang=id", "lang=en"}
    table = ds.dataset(tmp_path / "pq", partitioning="hive").to_table()
    assert table.num_rows == 4
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["flood"]["lang"] == "id" and rows["election"]["lang"] == "en"
    assert rows["flood"]["authors"] == ["Budi Santoso"]
    assert rows["flood"]["entities"][0]["name"] == "Jakarta Timur"
    assert Article.from_json(rows["prices"]["json"]).body == PRICES
    assert rows["prices"]["year"] == 2024


def test_entity_views_count_each_story_once(tmp_path: Path) -> None:
    from warta.store import views

    st = Store(tmp_path / "v.db")
    jkw = Entity(
        id="PER:joko widodo", name="Joko Widodo", type="PER", mentions=[Span(start=0, end=4, text="Joko")] * 3
    )
    bi = Entity(id="ORG:bank indonesia", name="Bank Indonesia", type="ORG")
    q = Quote(
        text="inflasi terkendali",
        start=0,
        end=18,
        type="direct",
        speaker="Jokowi",
        speaker_id="PER:joko widodo",
    )
    st.add(
        [
            art(
                "e1",
                "Presiden bicara inflasi",
                FLOOD,
                lang="id",
                published="2024-01-10",
                entities=[jkw, bi],
                quotes=[q],
            ),
            art(
                "e2",
                "Presiden di pasar",
                PRICES,
                lang="id",
                published="2024-02-11",
                entities=[jkw],
                quotes=[q],
            ),
            # a verbatim copy of e2 on another outlet: must not count twice
            art(
                "e3",
                "Presiden di pasar",
                PRICES,
                lang="id",
                published="2024-02-11",
                entities=[jkw],
                quotes=[q],
            ),
        ]
    )
    assert st.get("e3").duplicate_of == "e2"
    top = views.top_entities(st)
    assert [(e.key, e.articles) for e in top] == [("PER:joko widodo", 2), ("ORG:bank indonesia", 1)]
    assert views.top_entities(st, type="ORG")[0].name == "Bank Indonesia"
    page = views.entity_page(st, "PER:joko widodo")
    assert page["timeline"] == [("2024-01", 1), ("2024-02", 1)]
    assert [a.id for a in page["articles"]] == ["e2", "e1"]  # same mention count: newest first
    assert [x.article_id for x in page["quotes"]] == ["e2", "e1"]
    assert page["co_mentioned"][0].key == "ORG:bank indonesia"
    mq = views.most_quoted(st)
    assert [(s.speaker, s.quotes, s.articles) for s in mq] == [("Joko Widodo", 2, 2)]
    assert views.most_quoted(st, since="2024-02")[0].quotes == 1
    assert views.entity_page(st, "PER:nobody") is None
    assert [x.text for x in views.article_quotes(st, "e1")] == ["inflasi terkendali"]


def test_index_is_rebuilt_from_sqlite(tmp_path: Path, store: Store) -> None:
    import shutil

    store.close()
    shutil.rmtree(tmp_path / "warta.db.idx")  # e.g. lost, or a crash before the index commit
    st = Store(tmp_path / "warta.db")
    assert ids(st, "banjir") == ["flood", "flood-mention"]
    assert ids(st, 'author:"Siti Aminah"') == ["prices"]


def test_reader_sees_writer_commits(tmp_path: Path, store: Store) -> None:
    reader = Store(tmp_path / "warta.db", readonly=True)
    assert ids(reader, "turnout") == ["election"]
    store.add(
        [
            art(
                "later",
                "Turnout figures revised",
                ["The commission revised turnout figures on Friday."],
                lang="en",
            )
        ]
    )
    assert set(ids(reader, "turnout")) == {"election", "later"}
    with pytest.raises(sqlite3.OperationalError):
        reader.conn.execute("DELETE FROM articles")
    reader.close()


def test_readonly_store_is_shared_by_threads(tmp_path: Path, store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    reader = Store(tmp_path / "warta.db", readonly=True)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda q: ids(reader, q), ["banjir", "pasar", "election", "banjir"] * 5))
    assert results[0] == ["flood", "flood-mention"] and results[2] == ["election"]
    assert all(r == results[i % 4] for i, r in enumerate(results))
    reader.close()


def test_cli_search_show_stats_export(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from warta.cli import main

    db = str(tmp_path / "warta.db")
    store.close()
    assert main(["search", "banjir", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 result(s)") and "Banjir merendam permukiman" in out
    assert main(["search", "intitle:banjir", "--db", db, "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["total"] == 1 and res["hits"][0]["id"] == "flood" and "<mark>" in res["hits"][0]["snippet"]
    assert main(["show", "prices", "--db", db, "--format", "markdown"]) == 0
    assert "Harga beras naik di pasar tradisional" in capsys.readouterr().out
    assert main(["show", "missing", "--db", db]) == 1
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 4
    assert main(["export", "--parquet", str(tmp_path / "pq"), "--db", db]) == 0
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == ["lang=en", "lang=id"]
    assert main(["search", "x", "--db", str(tmp_path / "nope.db")]) == 2


def test_migrates_an_old_fts5_store(tmp_path: Path) -> None:
    from warta.store.sqlite import MIGRATIONS, SCHEMA_VERSION, _split_sql

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for stmt in _split_sql(MIGRATIONS[1]):  # a file written by schema v1 (FTS5 inside, no tantivy index)
        con.execute(stmt)
    a = art("old", "Banjir lama di arsip", FLOOD, lang="id", published="2020-02-02")
    con.execute(
        "INSERT INTO articles(id, title, lang, published, added_at, json) VALUES (?, ?, ?, ?, ?, ?)",
        (a.id, a.title, a.lang, a.published, "2020-02-02T00:00:00Z", a.to_json().decode()),
    )
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    st = Store(db)
    assert st.stats()["schema_version"] == SCHEMA_VERSION
    assert ids(st, "banjir") == ["old"]  # re-indexed from the articles table
    tables = {r[0] for r in st.conn.execute("SELECT name FROM sqlite_master")}
    assert "fts" not in tables and "story_vectors" in tables
    st.close()


def test_index_commit_failure_is_repaired_on_next_add(tmp_path: Path, store: Store) -> None:
    real_commit = store.index.commit
    calls = {"n": 0}

    def failing_commit() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")
        real_commit()

    store.index.commit = failing_commit  # type: ignore[method-assign]
    with pytest.raises(OSError):
        store.add(
            [art("lost", "Gempa di Cianjur", ["Gempa mengguncang Cianjur pada Senin siang."], lang="id")]
        )
    assert store.get("lost") is not None  # SQLite committed
    store.add([art("next", "Gempa susulan", ["Gempa susulan terasa hingga Bandung."], lang="id")])
    assert set(ids(store, "gempa")) == {"lost", "next"}
    assert store.index.num_docs == len(store)  # re-indexed once, not doubled


def test_an_in_memory_store_leaves_no_index_folder_behind():
    """``Store(":memory:")`` keeps its search index in a temporary folder: gone after close, and also when the
    store is merely dropped (never closed)."""
    import gc
    import os

    closed = Store(":memory:")
    folder = closed._tmp_index
    assert folder and os.path.isdir(folder)
    closed.close()
    assert not os.path.exists(folder)
    closed.close()  # closing twice is harmless

    dropped = Store(":memory:")
    folder = dropped._tmp_index
    del dropped
    gc.collect()
    assert not os.path.exists(folder)
