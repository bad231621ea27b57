"""Search benchmarks for the store: engine choice (SQLite FTS5 vs tantivy) and latency on a large store.

``compare`` puts both engines on equal footing (same analysed text, same query semantics, one
commit, top-20 + total count); ``large`` measures the product path, ``Store.add`` / ``Store.search``
(tantivy since schema v3), including snippets and SQLite lookups.

Synthetic-but-realistic articles are assembled from real sentences of the shared data (Indonesian
news sentences of the ner-id corpora and the Fundus Indonesian page; English sentences of the
Zyte and WCXB bodies), with outlets, authors, dates, tags and entities (the NER-annotated names
of the chosen Indonesian sentences). Nothing is copied into the repo.

    python bench/search_bench.py compare --n 100000     # FTS5 vs tantivy: indexing docs/s, query p50/p95
    python bench/search_bench.py large --n 1000000      # Store.search p50/p95 on a large store
    python bench/search_bench.py large --n 200000 --db /tmp/big.db --keep

Both modes print a Markdown table (paste into bench/results/store.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO.parent / "shared" / "data"

from warta.article import Article, Entity, Provenance  # noqa: E402

_SPLIT = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘(])")
_DETOK = [(re.compile(r"\s+([,.;:!?%)\]”’])"), r"\1"), (re.compile(r"([(\[“‘])\s+"), r"\1")]
_EN_STOP = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was"}
_ID_STOP = {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak"}


def _sentences(text: str) -> Iterator[str]:
    for para in text.split("\n"):
        for s in _SPLIT.split(para.strip()):
            n = len(s.split())
            if 6 <= n <= 60:
                yield s.strip()


def _lang_of(s: str) -> str | None:
    words = set(re.findall(r"[a-z]+", s.lower()))
    en, idn = len(words & _EN_STOP), len(words & _ID_STOP)
    if idn >= 2 and idn > en:
        return "id"
    if en >= 2 and en > idn:
        return "en"
    return None


def _conll_sentences(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(sentence, [(entity text, type)]) from token-per-line NER files (TAB or space columns)."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    for block in text.split("\n\n"):
        toks, tags = [], []
        for line in block.split("\n"):
            parts = line.split("\t") if "\t" in line else line.split(" ")
            if len(parts) >= 2 and parts[0]:
                toks.append(parts[0])
                tags.append(parts[-1])
        if len(toks) < 6:
            continue
        ents: list[tuple[str, str]] = []
        cur: list[str] = []
        typ = ""
        for t, g in zip(toks, tags, strict=True):
            if g.startswith("B-") or (g.startswith("I-") and not cur):
                if cur:
                    ents.append((" ".join(cur), typ))
                cur, typ = [t], g[2:]
            elif g.startswith("I-"):
                cur.append(t)
            else:
                if cur:
                    ents.append((" ".join(cur), typ))
                cur = []
        if cur:
            ents.append((" ".join(cur), typ))
        s = " ".join(toks)
        for pat, rep in _DETOK:
            s = pat.sub(rep, s)
        if s[:1].isupper():
            yield s, ents


_TYPES = {
    "PERSON": "PER",
    "PER": "PER",
    "PPL": "PER",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "ORG": "ORG",
}
_TYPES.update({"LOCATION": "LOC", "LOC": "LOC", "PLACE": "LOC", "PLC": "LOC"})


@cache
def pools() -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    """Real sentences by language: ``{"id": [(sentence, entities)], "en": [...]}``."""
    out: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {"id": [], "en": []}
    seen: set[str] = set()
    ner = DATA / "ner-id"
    for f in (
        sorted(ner.glob("nerui/*.tsv"))
        + sorted(ner.glob("idner-news-2k/*.txt"))
        + sorted(ner.glob("nergrit/*.txt"))
    ):
        for s, ents in _conll_sentences(f):
            if s not in seen:
                seen.add(s)
                out["id"].append((s, [(e, _TYPES.get(t, "")) for e, t in ents if _TYPES.get(t)]))
    bodies: list[str] = []
    gt = DATA / "zyte-aeb" / "ground-truth.json"
    if gt.exists():
        bodies += [v.get("articleBody") or "" for v in json.loads(gt.read_text(encoding="utf-8")).values()]
    for f in sorted((DATA / "wcxb-dev" / "ground-truth").glob("*.json")):
        bodies.append(json.loads(f.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or "")
    for f in sorted((DATA / "fundus" / "test_data").glob("*/*.json")):
        for v in json.loads(f.read_text(encoding="utf-8")).values():
            for sec in v.get("body", {}).get("sections", []):
                bodies.append("\n".join(sec.get("paragraphs", [])))
    for b in bodies:
        for s in _sentences(b):
            lang = _lang_of(s)
            if lang and s not in seen:
                seen.add(s)
                out[lang].append((s, []))
    return out


def real_bodies(min_words: int = 150) -> list[tuple[str, str, list[str]]]:
    """Real article bodies ``(source id, lang-ish, paragraphs)`` from the shared data (for dedup)."""
    out = []
    gt = DATA / "zyte-aeb" / "ground-truth.json"
    if gt.exists():
        for k, v in sorted(json.loads(gt.read_text(encoding="utf-8")).items()):
            paras = [p.strip() for p in (v.get("articleBody") or "").split("\n") if p.strip()]
            out.append((f"zyte/{k}", v.get("url") or "", paras))
    for f in sorted((DATA / "wcxb-dev" / "ground-truth").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        if (d.get("_internal") or {}).get("page_type", {}).get("primary") not in (None, "article"):
            continue
        paras = [p.strip() for p in (d["ground_truth"].get("main_content") or "").split("\n") if p.strip()]
        out.append((f"wcxb/{f.stem}", d.get("url") or "", paras))
    for f in sorted((DATA / "fundus" / "test_data").glob("*/*.json")):
        for ver, v in json.loads(f.read_text(encoding="utf-8")).items():
            paras = [p for sec in v.get("body", {}).get("sections", []) for p in sec.get("paragraphs", [])]
            out.append(
                (f"fundus/{f.parent.name}/{f.stem}/{ver}", f.stem, [p.strip() for p in paras if p.strip()])
            )
    return [b for b in out if sum(len(p.split()) for p in b[2]) >= min_words]


OUTLETS = {
    "id": [
        f"{n}.co.id"
        for n in (
            "warta",
            "kabar",
            "harian",
            "suara",
            "berita",
            "detak",
            "pelita",
            "sinar",
            "fajar",
            "lentera",
        )
    ]
    + [
        f"{n}.com"
        for n in (
            "nusantaranews",
            "jakartakini",
            "metropolitan",
            "ekonomika",
            "bolapedia",
            "tekno",
            "otomotif",
        )
    ],
    "en": [
        f"{n}.com"
        for n in ("dailyledger", "globepost", "cityherald", "morningwire", "thebriefing", "worldtimes")
    ],
}
FIRST = [
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rina",
    "Andi",
    "Putri",
    "Hendra",
    "Maya",
    "Joko",
    "Sarah",
    "David",
    "Laura",
    "James",
]
LAST = [
    "Santoso",
    "Rahmawati",
    "Wijaya",
    "Pratama",
    "Hidayat",
    "Saputra",
    "Lestari",
    "Nugroho",
    "Smith",
    "Chen",
    "Brown",
]


def synth_articles(n: int, seed: int = 7, id_share: float = 0.7) -> Iterator[Article]:
    """``n`` synthetic articles (deterministic for a seed) built from real sentences."""
    rnd = random.Random(seed)
    p = pools()
    vocab = {lang: _content_words(p[lang]) for lang in p}
    for i in range(n):
        lang = "id" if rnd.random() < id_share else "en"
        pool = p[lang]
        k = rnd.randint(8, 22)
        sents = [pool[rnd.randrange(len(pool))] for _ in range(k)]
        body, para = [], []
        for s, _ in sents[1:]:
            para.append(s)
            if len(para) >= rnd.randint(1, 3):
                body.append(" ".join(para))
                para = []
        if para:
            body.append(" ".join(para))
        title_words = sents[0][0].split()[: rnd.randint(6, 12)]
        ents: dict[str, Entity] = {}
        for _, es in sents:
            for name, typ in es:
                key = f"{typ}:{name.lower()}"
                ents.setdefault(key, Entity(id=key, name=name, type=typ))
        y, m, d = rnd.randint(2019, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        yield Article(
            id=f"s{i:08d}",
            title=" ".join(title_words).rstrip(",.;:"),
            lead=sents[0][0],
            body=body,
            outlet=rnd.choice(OUTLETS[lang]),
            lang=lang,
            published=f"{y}-{m:02d}-{d:02d}T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00+07:00",
            authors=[f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"],
            tags=rnd.sample(vocab[lang][:300], 2),
            entities=list(ents.values())[:12],
            provenance=Provenance(source=f"synth/{i}", input_hash=f"{seed}-{i}"),
        )


def _content_words(pool: list[tuple[str, list]]) -> list[str]:
    """Words by document frequency, skipping the ~60 most common (function words)."""
    c: Counter[str] = Counter()
    for s, _ in pool[:20000]:
        c.update({w for w in re.findall(r"[a-z]{4,}", s.lower())})
    return [w for w, _ in c.most_common(3000)[60:]]


def query_mix(nq: int = 200, seed: int = 11) -> list[str]:
    """Realistic queries with operators, from the same vocabulary and entity names."""
    rnd = random.Random(seed)
    p = pools()
    vid, ven = _content_words(p["id"]), _content_words(p["en"])
    names = [e for _, es in p["id"] for e, t in es if t in ("PER", "ORG") and len(e) > 3][:5000]
    out = []
    for i in range(nq):
        kind = i % 12
        v = vid if rnd.random() < 0.7 else ven
        common, mid = v[:100], v[100:2000]
        if kind == 0:
            out.append(rnd.choice(common))  # one very common word
        elif kind == 1:
            out.append(rnd.choice(mid))
        elif kind == 2:
            out.append(f"{rnd.choice(mid)} {rnd.choice(mid)}")
        elif kind == 3:
            s = rnd.choice(p["id"])[0].split()
            j = rnd.randrange(max(1, len(s) - 2))
            out.append('"' + " ".join(re.sub(r"[^\w-]", "", w) for w in s[j : j + 2]) + '"')
        elif kind == 4:
            out.append(f"intitle:{rnd.choice(mid)}")
        elif kind == 5:
            out.append(f"{rnd.choice(mid)} outlet:{rnd.choice(OUTLETS['id'])}")
        elif kind == 6:
            out.append(f"{rnd.choice(common)} lang:en since:2023-01-01")
        elif kind == 7:
            out.append(f'entity:"{rnd.choice(names)}"')
        elif kind == 8:
            out.append(f'author:"{rnd.choice(FIRST)} {rnd.choice(LAST)}" {rnd.choice(mid)}')
        elif kind == 9:
            out.append(f"{rnd.choice(mid)} since:2021-01 until:2021-12")
        elif kind == 10:
            out.append(f"{rnd.choice(common)} {rnd.choice(mid)} -{rnd.choice(common)}")
        else:
            out.append(f"tag:{rnd.choice(v[:300])} {rnd.choice(common)}")
    return out


def _ymd(date: str | None, fill: str) -> int:
    """``2021-03-04…`` -> 20210304; partial dates padded with ``fill`` (00 for since, 99 for until)."""
    if not date:
        return 0 if fill == "00" else 99999999
    parts = (date[:10].split("-") + [fill, fill])[:3]
    return int("".join(p.zfill(2) if i else p for i, p in enumerate(parts)))


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def time_queries(fn, queries: list[str], warm: int = 20) -> dict[str, float]:
    for q in queries[:warm]:
        fn(q)
    ts, cs = [], []
    for q in queries:
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn(q)
        ts.append((time.perf_counter() - t0) * 1000)
        cs.append((time.process_time() - c0) * 1000)
    return {
        "p50": pct(ts, 0.5),
        "p95": pct(ts, 0.95),
        "max": max(ts),
        "mean": statistics.fmean(ts),
        "cpu_p50": pct(cs, 0.5),
        "cpu_p95": pct(cs, 0.95),
    }


# -- engine comparison ------------------------------------------------------------------------


def _fts_token(tok: str) -> str:
    return '"' + tok.replace('"', '""') + '"'


def _clause_expr(cl) -> str:
    """FTS5 expression for one query clause (same matching rules as the store's tantivy queries)."""
    from warta.store.analysis import TOKEN_RE, query_forms, stem, stem_languages

    words = TOKEN_RE.findall(cl.text.lower())
    cols = "{title text}" if cl.field == "text" else cl.field
    if cl.field not in ("text", "title", "quotes"):
        inner = _fts_token(" ".join(words))
        return f"{cols} : {inner}"
    if cl.phrase and len(words) > 1:
        variants = {" ".join(words)} | {" ".join(stem(w, c) for w in words) for c in stem_languages()}
        return f"{cols} : (" + " OR ".join(_fts_token(v) for v in sorted(variants)) + ")"
    parts = ["(" + " OR ".join(map(_fts_token, sorted(query_forms(w)))) + ")" for w in words]
    return f"{cols} : ({' AND '.join(parts)})"


def _fts_expr(clauses) -> str:
    expr = " AND ".join(f"({_clause_expr(c)})" for c in clauses if not c.negate)
    for c in clauses:
        if c.negate:
            expr = f"({expr}) NOT ({_clause_expr(c)})"
    return expr


def compare(n: int, nq: int) -> None:
    from importlib.metadata import version

    import tantivy

    from warta.store.analysis import index_text
    from warta.store.query import parse

    tmp = Path(tempfile.mkdtemp(prefix="warta-cmp-"))
    print(f"generating {n} articles …", file=sys.stderr)
    t0 = time.perf_counter()
    arts = list(synth_articles(n))
    gen_s = time.perf_counter() - t0
    words = sum(len(" ".join(a.body).split()) for a in arts) / n
    print(f"  {gen_s:.1f} s, {words:.0f} words/article", file=sys.stderr)

    t0, c0 = time.perf_counter(), time.process_time()
    cols = [
        (
            index_text(a.title or "", a.lang),
            index_text("\n".join([a.lead or "", *a.body]), a.lang),
            index_text(" ".join(a.authors), None),
            index_text(" ".join(e.name for e in a.entities), None),
            "",
            index_text(" ; ".join(a.tags), None),
        )
        for a in arts
    ]
    analysis_s, analysis_c = time.perf_counter() - t0, time.process_time() - c0
    print(f"analysis (stemming) {n / analysis_s:,.0f} docs/s", file=sys.stderr)

    # FTS5, raw: contentless table + a metadata table, as the Store lays it out
    con = sqlite3.connect(tmp / "fts.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, outlet TEXT, lang TEXT, published TEXT)")
    con.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, text, authors, entities, quotes, tags, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, n, 1000):
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?)",
            [(i + 1, a.outlet, a.lang, a.published) for i, a in enumerate(arts[start : start + 1000], start)],
        )
        con.executemany(
            "INSERT INTO fts(rowid, title, text, authors, entities, quotes, tags) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i + 1, *c) for i, c in enumerate(cols[start : start + 1000], start)],
        )
        con.execute("COMMIT")
    fts_s, fts_c = time.perf_counter() - t0, time.process_time() - c0
    print(f"FTS5 index {n / fts_s:,.0f} docs/s", file=sys.stderr)

    # tantivy: same analysed text, whitespace-split by its default tokenizer, 1 indexing thread
    sb = tantivy.SchemaBuilder()
    for f in ("title", "text", "authors", "entities", "quotes", "tags"):
        sb.add_text_field(f, stored=False, tokenizer_name="default", index_option="position")
    sb.add_text_field("outlet", stored=False, tokenizer_name="raw")
    sb.add_text_field("lang", stored=False, tokenizer_name="raw")
    sb.add_integer_field("published", stored=False, fast=True, indexed=True)
    sb.add_integer_field("rowid", stored=True, fast=True, indexed=True)
    schema = sb.build()
    (tmp / "tv").mkdir()
    index = tantivy.Index(schema, path=str(tmp / "tv"))
    t0, c0 = time.perf_counter(), time.process_time()
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for i, (a, c) in enumerate(zip(arts, cols, strict=True)):
        writer.add_document(
            tantivy.Document(
                title=c[0],
                text=c[1],
                authors=c[2],
                entities=c[3],
                quotes=c[4],
                tags=c[5],
                outlet=a.outlet or "",
                lang=a.lang or "",
                published=_ymd(a.published, "00"),
                rowid=i + 1,
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    tv_s, tv_c = time.perf_counter() - t0, time.process_time() - c0
    index.reload()
    searcher = index.searcher()
    print(f"tantivy index {n / tv_s:,.0f} docs/s", file=sys.stderr)

    queries = query_mix(nq)
    weights = "4.0, 1.0, 2.0, 2.0, 1.0, 2.0"

    def fts_query(qs: str) -> int:
        q = parse(qs)
        where, params = [], []
        if q.outlets:
            where.append("m.outlet = ?")
            params += q.outlets
        if q.langs:
            where.append("m.lang = ?")
            params += q.langs
        if q.since:
            where.append("m.published >= ?")
            params.append(q.since)
        if q.until:
            where.append("m.published <= ?")
            params.append(q.until + "~")
        if not q.has_text:
            return 0
        expr = _fts_expr(q.clauses)
        cond = (" AND " + " AND ".join(where)) if where else ""
        base = f"FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ?{cond}"
        con.execute(
            f"SELECT fts.rowid, bm25(fts, {weights}) AS s {base} ORDER BY s LIMIT 20", [expr, *params]
        ).fetchall()
        return con.execute(f"SELECT count(*) {base}", [expr, *params]).fetchone()[0]

    def tv_query(qs: str) -> int:
        q = parse(qs)
        parts = []
        for c in q.clauses:
            e = _clause_expr(c)  # "{title text} : (…)" / "col : …" -> tantivy syntax
            cols_, inner = e.split(" : ", 1)
            fields = cols_.strip("{}").split()
            sub = " OR ".join(f"{f}:{inner}" for f in fields)
            parts.append(("-" if c.negate else "+") + f"({sub})")
        for o in q.outlets:
            parts.append(f'+outlet:"{o}"')
        for lg in q.langs:
            parts.append(f'+lang:"{lg}"')
        if q.since or q.until:
            parts.append(f"+published:[{_ymd(q.since, '00')} TO {_ymd(q.until, '99')}]")
        if not q.has_text:
            return 0
        query = index.parse_query(" ".join(parts), ["title", "text"])
        return searcher.search(query, 20, count=True).count

    # sanity: both engines agree on hit counts for most queries
    agree = sum(1 for q in queries if fts_query(q) == tv_query(q))
    fts_t = time_queries(fts_query, queries)
    tv_t = time_queries(tv_query, queries)
    fts_mb = sum(f.stat().st_size for f in tmp.glob("fts.db*")) / 1e6
    tv_mb = sum(f.stat().st_size for f in (tmp / "tv").iterdir()) / 1e6
    con.close()

    print(f"\n### FTS5 vs tantivy, {n:,} synthetic articles (~{words:.0f} words), {len(queries)} queries\n")
    print(
        "| engine | index docs/s (wall) | index docs/s (CPU) | index MB | query p50 ms | query p95 ms | "
        "CPU p50 ms | CPU p95 ms | max ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, secs, cpu, mb, t in (
        ("SQLite FTS5 (contentless, bm25, top-20 + count)", fts_s, fts_c, fts_mb, fts_t),
        (f"tantivy-py {version('tantivy')} (1 indexing thread, top-20 + count)", tv_s, tv_c, tv_mb, tv_t),
    ):
        print(
            f"| {name} | {n / secs:,.0f} | {n / cpu:,.0f} | {mb:,.0f} | {t['p50']:.2f} | {t['p95']:.2f} | "
            f"{t['cpu_p50']:.2f} | {t['cpu_p95']:.2f} | {t['max']:.1f} |"
        )
    print(
        f"\nStemming/analysis (shared by both, Python): {n / analysis_s:,.0f} docs/s wall, "
        f"{n / analysis_c:,.0f} docs/s CPU. Hit counts agree on {agree}/{len(queries)} queries. "
        f"Generating the articles took {gen_s:.0f} s."
    )
    shutil.rmtree(tmp, ignore_errors=True)


# -- large store --------------------------------------------------------------------------------


def large(n: int, nq: int, db: Path | None, keep: bool, budget_s: float) -> None:
    from warta.store import Store

    tmpdir = None
    if db is None:
        tmpdir = Path(tempfile.mkdtemp(prefix="warta-large-"))
        db = tmpdir / "large.db"
    st = Store(db, dedup=False, stories=False)
    have = len(st)
    t0 = time.perf_counter()
    batch: list[Article] = []
    built = have
    for a in synth_articles(n) if have < n else ():
        if int(a.id[1:]) < have:
            continue
        batch.append(a)
        if len(batch) >= 2000:
            st.add(batch)
            built += len(batch)
            batch = []
            el = time.perf_counter() - t0
            if built % 50000 == 0:
                print(f"  {built:,} articles, {el:.0f} s", file=sys.stderr)
            if el > budget_s:
                print(f"  build budget of {budget_s:.0f} s reached at {built:,} articles", file=sys.stderr)
                break
    if batch:
        st.add(batch)
        built += len(batch)
    build_s = time.perf_counter() - t0
    st.close()  # commits and waits for the index's background merges
    opt_s = time.perf_counter() - t0 - build_s
    st = Store(db, dedup=False, stories=False)
    total = len(st)
    queries = query_mix(nq)
    st.close()
    st = Store(db, readonly=True)
    res = time_queries(lambda q: st.search(q, limit=20), queries)
    res_nc = time_queries(lambda q: st.search(q, limit=20, count=False), queries)
    kinds = {}
    for i, q in enumerate(queries):
        kinds.setdefault(i % 12, []).append(q)
    per_kind = []
    for _k, qs in sorted(kinds.items()):
        t = time_queries(lambda q: st.search(q, limit=20), qs, warm=0)
        per_kind.append((qs[0], t["p50"], t["p95"]))
    size_gb = sum(f.stat().st_size for f in db.parent.glob(db.name + "*")) / 1e9
    st.close()
    print(f"\n### Store.search on {total:,} articles ({size_gb:.1f} GB file), {len(queries)} queries\n")
    if built > have:
        print(
            f"Built {built - have:,} articles with `Store.add` (2,000 per call, dedup and stories off) in "
            f"{build_s:.0f} s ({(built - have) / build_s:,.0f} docs/s wall), then {opt_s:.0f} s closing "
            "(index merges).\n"
        )
    print("| measure | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in (
        ("top-20 with snippets and total count", res),
        ("top-20 with snippets, no count", res_nc),
    ):
        print(
            f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} | {r['cpu_p50']:.1f} | {r['cpu_p95']:.1f} |"
        )
    print("\n| query kind (example) | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for ex, p50, p95 in per_kind:
        print(f"| `{ex}` | {p50:.1f} | {p95:.1f} |")
    if tmpdir and not keep:
        shutil.rmtree(tmpdir, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--n", type=int, default=100_000)
    c.add_argument("--queries", type=int, default=240)
    lg = sub.add_parser("large")
    lg.add_argument("--n", type=int, default=1_000_000)
    lg.add_argument("--queries", type=int, default=240)
    lg.add_argument("--db", type=Path, help="build into / reuse this file (resumes a partial build)")
    lg.add_argument("--keep", action="store_true", help="keep the temporary store")
    lg.add_argument(
        "--budget", type=float, default=600, help="stop building after this many seconds (default 600)"
    )
    args = ap.parse_args()
    if args.mode == "compare":
        compare(args.n, args.queries)
    else:
        large(args.n, args.queries, args.db, args.keep, args.budget)


if __name__ == "__main__":
    main()
