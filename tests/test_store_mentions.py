"""Schema v4: ``mentions`` carries ``published`` and ``dup``; entity views read them; old files migrate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_dedup import FLOOD_A, FLOOD_B

from warta.article import Article, Entity, Provenance
from warta.store import Store, views
from warta.store.sqlite import MIGRATIONS, SCHEMA_VERSION, _split_sql

BANJIR = [
    FLOOD_A,
    FLOOD_B,
    [  # a third report (written for this test), not a copy of the others
        "Tanggul Kali Bekasi jebol pada Selasa sore dan air masuk ke perumahan di tepi sungai.",
        "Petugas BPBD memasang karung pasir di titik jebolan sementara alat berat didatangkan.",
        "Anies meninjau lokasi pengungsian dan menjanjikan perbaikan tanggul dalam sepekan.",
        "Warga berharap bantuan selimut dan obat-obatan segera tiba sebelum malam.",
    ],
]
BPBD = Entity(id="ORG:bpbd", name="BPBD", type="ORG")
ANIES = Entity(id="PER:anies", name="Anies", type="PER")


def art(i: str, body: list[str], published: str, ents: list[Entity]) -> Article:
    return Article(
        id=i,
        title=f"Banjir {i}",
        body=list(body),
        lang="id",
        published=published,
        entities=ents,
        provenance=Provenance(source=f"in/{i}", input_hash=f"h-{i}"),
    )


def corpus() -> list[Article]:
    return [
        art("a", BANJIR[0], "2024-01-15T08:00:00+07:00", [BPBD, ANIES]),
        art("b", BANJIR[1], "2024-02-03T08:00:00+07:00", [BPBD]),
        art("copy", BANJIR[0], "2024-01-16T08:00:00+07:00", [BPBD, ANIES]),  # exact copy of "a"
        art("c", BANJIR[2], "2024-02-20T08:00:00+07:00", [BPBD, ANIES]),
    ]


def check_views(st: Store) -> None:
    assert views.entity_timeline(st, "ORG:bpbd") == [("2024-01", 1), ("2024-02", 2)]
    assert [a.id for a in views.entity_articles(st, "ORG:bpbd")] == ["c", "b", "a"]  # copy left out
    top = views.top_entities(st)
    assert [(e.key, e.articles) for e in top] == [("ORG:bpbd", 3), ("PER:anies", 2)]
    assert [(e.key, e.articles) for e in views.top_entities(st, since="2024-02")] == [
        ("ORG:bpbd", 2),
        ("PER:anies", 1),
    ]
    co = views.co_mentioned(st, "PER:anies", sample=1)  # the newest article only: "c"
    assert [(e.key, e.articles) for e in co] == [("ORG:bpbd", 1)]
    assert [(e.key, e.articles) for e in views.co_mentioned(st, "PER:anies")] == [("ORG:bpbd", 2)]


def test_mentions_carry_published_and_dup(tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as st:
        res = st.add(corpus())
        assert res.duplicates == 1
        rows = st.conn.execute(
            "SELECT a.id, m.published = a.published, m.dup FROM mentions m "
            "JOIN articles a ON a.rowid = m.article_rowid ORDER BY a.rowid, m.entity_rowid"
        ).fetchall()
        assert {r[0]: r[2] for r in rows} == {"a": 0, "b": 0, "copy": 1, "c": 0}
        assert all(r[1] for r in rows)
        check_views(st)
        st._dedup.merge("b", "a")  # a bridging copy made "b" a copy of "a": it leaves the views
        assert views.entity_timeline(st, "ORG:bpbd") == [("2024-01", 1), ("2024-02", 1)]
        assert [a.id for a in views.entity_articles(st, "ORG:bpbd")] == ["c", "a"]


def test_v3_file_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    with Store(tmp_path / "src.db") as src:
        src.add(corpus())
        arts = list(
            src.conn.execute("SELECT rowid, id, published, duplicate_of, added_at, json FROM articles")
        )
        ents = list(src.conn.execute("SELECT rowid, key, name, type FROM entities"))
        ments = list(src.conn.execute("SELECT article_rowid, entity_rowid, count FROM mentions"))
    con = sqlite3.connect(db)
    for v in (1, 2, 3):  # a file written by schema v3: mentions without published / dup
        for stmt in _split_sql(MIGRATIONS[v]):
            con.execute(stmt)
    con.executemany(
        "INSERT INTO articles(rowid, id, published, duplicate_of, added_at, json) VALUES (?, ?, ?, ?, ?, ?)",
        arts,
    )
    con.executemany("INSERT INTO entities(rowid, key, name, type) VALUES (?, ?, ?, ?)", ents)
    con.executemany("INSERT INTO mentions(article_rowid, entity_rowid, count) VALUES (?, ?, ?)", ments)
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    with Store(db) as st:
        assert st.stats()["schema_version"] == SCHEMA_VERSION == 4
        assert st.conn.execute("SELECT count(*) FROM mentions WHERE published IS NULL").fetchone()[0] == 0
        assert st.conn.execute("SELECT count(*) FROM mentions WHERE dup = 1").fetchone()[0] == 2
        indexes = {r[0] for r in st.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "mentions_entity_pub" in indexes and "mentions_entity" not in indexes
        check_views(st)
