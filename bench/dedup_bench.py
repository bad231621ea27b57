"""Near-duplicate / syndication benchmark: Warta's store dedup next to datasketch MinHashLSH.

The benchmark is built from real article bodies of the shared data (Zyte, WCXB articles, Fundus):
some originals get 1-3 syndicated copies, each with a mix of what reprints do — chrome lines added
("Baca juga: …", share/follow lines), the lead rewritten, a paragraph or two dropped, paragraphs
reordered, another outlet's byline or an agency dateline ("Jakarta (ANTARA) -"), the tail cut.
Every other body is a distinct article; many come from the same publisher/site as an original
(same-topic, same-boilerplate distractors). Articles are added in shuffled order, in batches, as a
corpus grows.

Scored on pairs: true pairs are (original, copy) and (copy, copy) of the same original; a system's
pairs are all pairs inside its predicted groups (Warta: same ``duplicate_of`` root; datasketch:
connected components of LSH query results). Same shingles (word 3-grams of lead + body), same
MinHash size (128) and banding (32 bands x 4 rows) for both.

    python bench/dedup_bench.py                 # default: 400 originals, seed 5
    python bench/dedup_bench.py --originals 300 --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from search_bench import real_bodies  # noqa: E402
from warta.article import Article, Provenance  # noqa: E402
from warta.corpus import dedup  # noqa: E402
from warta.store import Store  # noqa: E402

# Reprint chrome (generic lines written for this benchmark).
CHROME = [
    "Baca juga: Harga emas hari ini naik tipis",
    "Baca Juga: Lima fakta penting yang perlu Anda ketahui",
    "Simak berita terkini lainnya di kanal kami.",
    "Ikuti kami di media sosial untuk informasi terbaru.",
    "ADVERTISEMENT",
    "Share this article",
    "Read more: What the new rules mean for you",
    "Sign up for our daily newsletter.",
    "Editor: Redaksi",
    "Copyright 2024. All rights reserved.",
]
AGENCY_DATELINES = [
    "Jakarta (ANTARA) - ",
    "JAKARTA (Reuters) - ",
    "PARIS (AFP) - ",
    "Kuala Lumpur (Bernama) - ",
]
LEAD_REWRITES = [
    "In a development that drew wide attention this week, the following was reported.",
    "Berikut laporan lengkap mengenai peristiwa yang menjadi sorotan publik tersebut.",
    "The story below was first published by a partner outlet and is republished with permission.",
    "Peristiwa ini menjadi perbincangan hangat di kalangan warganet sejak kemarin.",
]
BYLINES = [
    "By Staff Reporter, The Morning Wire",
    "Oleh: Tim Redaksi Kabar Harian",
    "Reporter: Andi Saputra | Editor: Maya Lestari",
]


def make_copy(paras: list[str], rnd: random.Random) -> tuple[list[str], str | None, list[str]]:
    """A syndicated copy: (paragraphs, credited agency or None, the edits applied)."""
    out = list(paras)
    edits: list[str] = []
    agency = None
    if rnd.random() < 0.5 and len(out) > 4:
        for _ in range(rnd.randint(1, max(1, len(out) // 6))):
            out.pop(rnd.randrange(1, len(out)))
        edits.append("dropped")
    if rnd.random() < 0.4 and len(out) > 3:
        i = rnd.randrange(1, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
        edits.append("reordered")
    if rnd.random() < 0.4:
        out[0] = rnd.choice(LEAD_REWRITES)
        edits.append("lead")
    if rnd.random() < 0.3 and len(out) > 6:
        out = out[: int(len(out) * rnd.uniform(0.6, 0.85))]
        edits.append("truncated")
    if rnd.random() < 0.7:
        for _ in range(rnd.randint(1, 3)):
            out.insert(rnd.randrange(1, len(out) + 1), rnd.choice(CHROME))
        edits.append("chrome")
    if rnd.random() < 0.4:
        out.insert(0, rnd.choice(BYLINES))
        edits.append("byline")
    if rnd.random() < 0.35:
        dl = rnd.choice(AGENCY_DATELINES)
        agency = dl.split("(")[1].split(")")[0]
        out[0] = dl + out[0]
        edits.append("agency")
    return out, agency, edits or ["verbatim"]


def build(n_originals: int, seed: int) -> tuple[list[Article], dict[str, str], dict[str, str | None]]:
    """Articles (shuffled), the true group of each id, and the agency each copy credits."""
    rnd = random.Random(seed)
    bodies = drop_natural_duplicates(real_bodies())
    rnd.shuffle(bodies)
    originals = bodies[:n_originals]
    distinct = bodies[n_originals:]
    arts: list[Article] = []
    group: dict[str, str] = {}
    agency: dict[str, str | None] = {}
    for k, (src, _site, paras) in enumerate(originals):
        gid = f"g{k}"
        arts.append(_article(f"o{k}", paras, f"site{k}.example", src))
        group[f"o{k}"] = gid
        for c in range(rnd.choice([1, 1, 2, 3])):
            cp, ag, _ = make_copy(paras, rnd)
            cid = f"c{k}-{c}"
            arts.append(_article(cid, cp, f"reprint{c}.example", src + f"#copy{c}"))
            group[cid] = gid
            agency[cid] = ag
    for k, (src, site, paras) in enumerate(distinct):
        outlet = urlsplit(site).netloc or site or f"other{k}.example"
        arts.append(_article(f"d{k}", paras, outlet, src))
        group[f"d{k}"] = f"d{k}"
    rnd.shuffle(arts)
    # the original must not always come first: a reprint is often stored before the source
    return arts, group, agency


def drop_natural_duplicates(bodies: list, k: int = 8, share: float = 0.2) -> list:
    """Drop bodies sharing >= ``share`` of their word 8-grams with an earlier one (the datasets
    contain a few re-published pages and updated versions; they would count as false positives)."""
    seen: dict[str, int] = {}
    keep = []
    for i, b in enumerate(bodies):
        words = " ".join(b[2]).lower().split()
        grams = {" ".join(words[j : j + k]) for j in range(max(0, len(words) - k + 1))}
        hits: dict[int, int] = defaultdict(int)
        for g in grams:
            if g in seen:
                hits[seen[g]] += 1
        if grams and hits and max(hits.values()) / len(grams) >= share:
            continue
        for g in grams:
            seen.setdefault(g, i)
        keep.append(b)
    print(
        f"{len(bodies) - len(keep)} of {len(bodies)} real bodies dropped as natural near-duplicates",
        file=sys.stderr,
    )
    return keep


def _article(i: str, paras: list[str], outlet: str, src: str) -> Article:
    return Article(id=i, body=paras, outlet=outlet, provenance=Provenance(source=src + "|" + i, input_hash=i))


def pairs_from_groups(groups: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = defaultdict(list)
    for a, g in groups.items():
        by[g].append(a)
    return {tuple(sorted(p)) for members in by.values() for p in combinations(members, 2)}  # type: ignore[misc]


def prf(pred: set, truth: set) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def run_warta(arts: list[Article], batch: int) -> tuple[dict[str, str], dict[str, str | None], float]:
    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "d.db")
        t0 = time.perf_counter()
        for i in range(0, len(arts), batch):
            st.add([Article.from_json(a.to_json()) for a in arts[i : i + batch]])
        secs = time.perf_counter() - t0
        groups, synd = {}, {}
        for row in st.conn.execute("SELECT id, coalesce(duplicate_of, id), syndicated_from FROM articles"):
            groups[row[0]] = row[1]
            synd[row[0]] = row[2]
        st.close()
    return groups, synd, secs


def run_datasketch(arts: list[Article]) -> tuple[dict[str, str], float]:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
    uf = UnionFind()
    for a in arts:
        sh = dedup.shingles(dedup.body_words(a))
        m = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED)
        m.update_batch([s.encode("utf-8") for s in sh])
        uf.find(a.id)
        if len(sh) >= dedup.MIN_SHINGLES:
            for other in lsh.query(m):
                uf.union(a.id, other)
            lsh.insert(a.id, m)
    secs = time.perf_counter() - t0
    return {a.id: uf.find(a.id) for a in arts}, secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--originals", type=int, default=400)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200, help="articles per Store.add call (default 200)")
    args = ap.parse_args()

    arts, truth_groups, agency = build(args.originals, args.seed)
    truth = pairs_from_groups(truth_groups)
    n_copies = sum(1 for k in truth_groups if k.startswith("c"))
    print(
        f"{len(arts)} articles: {args.originals} originals, {n_copies} copies, "
        f"{len(arts) - args.originals - n_copies} distinct; {len(truth)} true pairs",
        file=sys.stderr,
    )

    rows = []
    wg, synd, wsecs = run_warta(arts, args.batch)
    rows.append(
        ("Warta store (rensa MinHash + SQLite LSH + verification)", *prf(pairs_from_groups(wg), truth), wsecs)
    )
    saved = (dedup.JACCARD_MIN, dedup.CONTAINMENT_MIN)
    dedup.JACCARD_MIN, dedup.CONTAINMENT_MIN = 0.0, 0.0  # LSH candidates, no verification
    ug, _, usecs = run_warta(arts, args.batch)
    dedup.JACCARD_MIN, dedup.CONTAINMENT_MIN = saved
    rows.append(
        ("Warta store, LSH candidates only (no verification)", *prf(pairs_from_groups(ug), truth), usecs)
    )
    dg, dsecs = run_datasketch(arts)
    rows.append(
        (
            f"datasketch MinHashLSH (same shingles, {dedup.BANDS}x{dedup.ROWS} bands)",
            *prf(pairs_from_groups(dg), truth),
            dsecs,
        )
    )

    credited = [k for k, v in agency.items() if v]
    right = sum(1 for k in credited if (synd.get(k) or "").lower() == agency[k].lower())
    reprints = [k for k, v in agency.items() if not v]
    outlet_marked = sum(1 for k in reprints if synd.get(k))
    members: dict[str, int] = defaultdict(int)
    for g in wg.values():
        members[g] += 1
    distinct_marked = sum(1 for k in truth_groups if k.startswith("d") and members[wg[k]] > 1)

    print(
        f"\n### Syndication benchmark: {len(arts):,} articles ({n_copies} copies of {args.originals} originals), seed {args.seed}\n"
    )
    print("| system | pair precision | pair recall | F1 | seconds |")
    print("|---|---:|---:|---:|---:|")
    for name, p, r, f, s in rows:
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {s:.1f} |")
    print(
        f"\nsyndicated_from: {right}/{len(credited)} agency-credited copies name the agency; "
        f"{outlet_marked}/{len(reprints)} other copies name a source outlet (only possible when the copy was "
        f"stored after the original, or after another copy). Distinct articles wrongly grouped with another: "
        f"{distinct_marked} of {len(arts) - args.originals - n_copies}."
    )
    print(
        f"\nParameters: word {dedup.SHINGLE}-shingles, {dedup.NUM_PERM} permutations, {dedup.BANDS} bands x "
        f"{dedup.ROWS} rows; Warta verifies candidates with estimated Jaccard >= {dedup.JACCARD_MIN} or "
        f"containment >= {dedup.CONTAINMENT_MIN}. Warta's time includes storing the articles "
        f"(SQLite, search indexing, story clustering) in batches of {args.batch}."
    )


if __name__ == "__main__":
    main()
