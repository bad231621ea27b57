"""Parquet export of a store: a hive-partitioned dataset readable by pyarrow, DuckDB, Polars, pandas.

    >>> files = Store("warta.db").export_parquet("corpus/")  # doctest: +SKIP
    >>> import pyarrow.dataset as ds  # doctest: +SKIP
    >>> ds.dataset("corpus/", partitioning="hive").to_table().num_rows  # doctest: +SKIP

One row per article: flat columns for the common fields, lists for authors/tags/entities, and the
full Article JSON in ``json`` so nothing is lost.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warta.article import Article

if TYPE_CHECKING:
    from warta.store.sqlite import Store

ENTITY = pa.struct(
    [("id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("mentions", pa.int32())]
)
QUOTE = pa.struct([("text", pa.string()), ("speaker", pa.string()), ("type", pa.string())])

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("lead", pa.string()),
        ("body", pa.string()),
        ("outlet", pa.string()),
        ("publisher", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("published", pa.string()),
        ("year", pa.int16()),
        ("section", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("lang", pa.string()),
        ("page_type", pa.string()),
        ("entities", pa.list_(ENTITY)),
        ("quotes", pa.list_(QUOTE)),
        ("sources", pa.list_(pa.string())),
        ("keywords", pa.list_(pa.string())),
        ("duplicate_of", pa.string()),
        ("syndicated_from", pa.string()),
        ("story_id", pa.string()),
        ("source", pa.string()),
        ("fetched_at", pa.string()),
        ("json", pa.string()),
    ]
)


NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
"""Folder name for rows whose partition value is missing (read back as null by pyarrow and DuckDB)."""


def _year(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def _row(a: Article) -> dict:
    return {
        "id": a.id,
        "title": a.title,
        "lead": a.lead,
        "body": "\n\n".join(a.body),
        "outlet": a.outlet,
        "publisher": a.publisher,
        "authors": a.authors,
        "published": a.published,
        "year": _year(a.published),
        "section": a.section,
        "tags": a.tags,
        "url": a.provenance.url,
        "canonical_url": a.canonical_url,
        "lang": a.lang or "und",
        "page_type": a.page_type,
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": len(e.mentions)} for e in a.entities
        ],
        "quotes": [{"text": q.text, "speaker": q.speaker, "type": q.type} for q in a.quotes],
        "sources": [s.name for s in a.sources],
        "keywords": [k.term for k in a.keywords],
        "duplicate_of": a.duplicate_of,
        "syndicated_from": a.syndicated_from,
        "story_id": a.story_id,
        "source": a.provenance.source,
        "fetched_at": a.provenance.fetched_at,
        "json": a.to_json().decode("utf-8"),
    }


def _batches(store: Store, batch: int) -> Iterator[pa.RecordBatch]:
    rows: list[dict] = []
    for art in store.iter_articles(batch):
        rows.append(_row(art))
        if len(rows) >= batch:
            yield pa.RecordBatch.from_pylist(rows, schema=SCHEMA)
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=SCHEMA)


def export_parquet(store: Store, out_dir: Path, partition: str = "lang", batch: int = 5000) -> list[Path]:
    """Write ``store`` to ``out_dir`` (replaced if it exists) partitioned by ``partition``; return the files."""
    if partition not in SCHEMA.names:
        raise ValueError(f"cannot partition by {partition!r}; columns: {', '.join(SCHEMA.names)}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    writers: dict[str, pq.ParquetWriter] = {}
    schema = SCHEMA.remove(SCHEMA.get_field_index(partition))
    try:
        for rb in _batches(store, batch):
            table = pa.Table.from_batches([rb])
            col = table[partition].cast(pa.string())
            for key in pc.unique(col).to_pylist():
                part = table.filter(pc.is_null(col) if key is None else pc.equal(col, key))
                name = NULL_PARTITION if key is None else str(key)
                w = writers.get(name)
                if w is None:
                    folder = out_dir / f"{partition}={name}"
                    folder.mkdir(parents=True, exist_ok=True)
                    w = writers[name] = pq.ParquetWriter(
                        folder / "part-0.parquet", schema, compression="zstd"
                    )
                w.write_table(part.drop_columns([partition]).cast(schema), row_group_size=64 * 1024)
    finally:
        for w in writers.values():
            w.close()
    return sorted(out_dir.glob(f"{partition}=*/*.parquet"))
