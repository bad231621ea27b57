"""Build the background document-frequency table used by :mod:`warta.enrich.keywords`.

Run from the repo root::

    python training/build_keyword_table.py

Reads the *training* splits of the Indonesian NER corpora in ``../shared/data/ner-id`` (token
per line, sentences separated by blank lines), deduplicates sentences across corpora, treats each
sentence as a document and writes ``src/warta/models/keyword_df.tsv``: a ``#docs<TAB>N`` header,
then ``token<TAB>df`` for lower-cased word tokens seen in at least ``MIN_DF`` sentences.
Only token counts are shipped, never text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ner-id"
OUT = REPO / "src" / "warta" / "models" / "keyword_df.tsv"
MIN_DF = 3
WORD = re.compile(r"^[^\W\d_][\w'-]*$")

FILES = [
    "nerui/train.01.tsv",
    "idner-news-2k/train.txt",
    "nergrit/train_preprocess.txt",
    "nerp/train_preprocess.txt",
]


def sentences(path: Path):
    toks: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            if toks:
                yield toks
            toks = []
            continue
        tok = line.split("\t")[0].split(" ")[0]
        toks.append(tok)
    if toks:
        yield toks


def main() -> None:
    seen: set[str] = set()
    df: Counter[str] = Counter()
    for rel in FILES:
        path = DATA / rel
        if not path.exists():
            print(f"missing {path}, skipped")
            continue
        for toks in sentences(path):
            key = " ".join(toks).lower()
            if key in seen:
                continue
            seen.add(key)
            df.update({t.lower() for t in toks if WORD.match(t)})
    n = len(seen)
    rows = sorted(((t, c) for t, c in df.items() if c >= MIN_DF), key=lambda x: (-x[1], x[0]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        f.write(f"#docs\t{n}\n")
        for t, c in rows:
            f.write(f"{t}\t{c}\n")
    print(f"{n} sentences, {len(rows)} tokens -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
