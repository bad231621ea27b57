"""Local files: flattened text, HTML, JSONL dumps (plain, .gz, .zst), directories and globs."""

from __future__ import annotations

import glob
import gzip
import io
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import msgspec

from warta.article import RawDoc

TEXT_FIELDS = ("text", "content", "maintext", "body", "article", "raw_content")
"""Fields tried in order when ``text_field`` is not given (CC-News, mC4, OSCAR, news-please layouts)."""
URL_FIELDS = ("url", "source_url", "link", "uri", "warc_target_uri")
HTML_FIELDS = ("html", "raw_html")
_META_FIELDS = ("title", "date_publish", "language", "source_domain")
"""Dump fields kept in ``RawDoc.meta`` as the dump's own claims (CC-News / news-please names)."""

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")

Skip = Callable[[str], bool] | None
"""A resume predicate: true for sources already stored."""


def _strip_compression(name: str) -> str:
    for ext in (".gz", ".zst", ".zstd"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def open_maybe_compressed(path: str | os.PathLike) -> IO[bytes]:
    """Open a file for binary reading, transparently decompressing gzip and zstd (by magic bytes)."""
    f = open(path, "rb")  # noqa: SIM115 - returned to the caller
    magic = f.read(4)
    f.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    if magic == b"\x28\xb5\x2f\xfd":
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(f, closefd=True))  # type: ignore[arg-type]
    return f


def expand_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files named, globbed, or found under directories (sorted, recursive, hidden files skipped)."""
    for item in inputs:
        if item == "-":
            yield item
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        elif any(c in item for c in "*?["):
            yield from sorted(glob.glob(item, recursive=True))
        else:
            yield item


def kind_of(path: str) -> str:
    """``url``, ``jsonl``, ``warc``, ``feed``, ``urls``, ``html`` or ``text`` from the name.

    >>> kind_of("crawl/CC-NEWS-2024.warc.gz"), kind_of("https://x.id/a"), kind_of("dump.jsonl.zst")
    ('warc', 'url', 'jsonl')
    """
    if path.startswith(("http://", "https://")):
        return "url"
    name = _strip_compression(path.lower())
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith((".warc", ".arc")):
        return "warc"
    if name.endswith((".rss", ".atom", ".xml")):
        return "feed"
    if name.endswith(".urls"):
        return "urls"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def _pick(record: dict, wanted: str | None, defaults: tuple[str, ...]) -> tuple[str | None, object]:
    if wanted:
        return wanted, record.get(wanted)
    for key in defaults:
        if record.get(key):
            return key, record[key]
    return None, None


def read_jsonl(
    path: str,
    *,
    text_field: str | None = None,
    url_field: str | None = None,
    stream: IO[bytes] | None = None,
) -> Iterator[RawDoc]:
    """One RawDoc per JSON line; a broken line yields a read-error RawDoc naming the line."""
    fh = stream if stream is not None else open_maybe_compressed(path)
    decoder = msgspec.json.Decoder()
    try:
        for lineno, line in enumerate(fh):
            if not line.strip():
                continue
            src = f"{path}#{lineno + 1}"
            try:
                rec = decoder.decode(line)
            except msgspec.DecodeError as exc:
                yield RawDoc(
                    data=b"",
                    source=src,
                    meta={"read_error": f"invalid JSON: {exc}", "error": "JSONDecodeError"},
                )
                continue
            if not isinstance(rec, dict):
                yield RawDoc(
                    data=b"",
                    source=src,
                    meta={"read_error": "JSON line is not an object", "error": "BadRecord"},
                )
                continue
            field, value = _pick(rec, text_field, TEXT_FIELDS)
            content_type = "text/plain"
            if value is None and not text_field:
                field, value = _pick(rec, None, HTML_FIELDS)
                content_type = "text/html"
            if not isinstance(value, str):
                why = (
                    f"no text field ({text_field or ', '.join(TEXT_FIELDS)})"
                    if value is None
                    else f"field {field!r} is not a string"
                )
                yield RawDoc(data=b"", source=src, meta={"read_error": why, "error": "MissingField"})
                continue
            _, url = _pick(rec, url_field, URL_FIELDS)
            fetched = rec.get("timestamp") or rec.get("date_download") or rec.get("fetched_at")
            title = rec.get("title")
            if (
                content_type == "text/plain"
                and isinstance(title, str)
                and title.strip()
                and title.strip() not in value[:500]
            ):
                value = f"{title.strip()}\n\n{value}"  # news-please / CC-News keep the headline apart
            meta = {k: rec[k] for k in _META_FIELDS if isinstance(rec.get(k), str)}
            yield RawDoc(
                data=value,
                source=src,
                url=url if isinstance(url, str) else None,
                fetched_at=fetched if isinstance(fetched, str) else None,
                content_type=content_type,
                meta=meta,
            )
    except (OSError, EOFError, ValueError) as exc:  # truncated gzip / zstd stream
        yield RawDoc(
            data=b"", source=path, meta={"read_error": f"stream broken: {exc}", "error": type(exc).__name__}
        )
    finally:
        if stream is None:
            fh.close()


def read_file(path: str, *, skip: Skip = None) -> Iterator[RawDoc]:
    """One RawDoc for a whole text or HTML file (``-`` is standard input)."""
    if skip is not None and path != "-" and skip(path):
        return
    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read()
        else:
            with open_maybe_compressed(path) as fh:
                data = fh.read()
    except (OSError, EOFError, ValueError) as exc:
        yield RawDoc(data=b"", source=path, meta={"read_error": str(exc), "error": type(exc).__name__})
        return
    ctype = "text/html" if kind_of(path) == "html" else None
    yield RawDoc(data=data, source=path, content_type=ctype)


def read_url_list(path: str, *, skip: Skip = None) -> Iterator[RawDoc]:
    """A ``.urls`` file: one URL per line (``#`` comments), each fetched politely."""
    from warta.ingest.http import read_url

    try:
        with open_maybe_compressed(path) as fh:
            lines = [ln.strip() for ln in fh.read().decode("utf-8", "replace").splitlines()]
    except (OSError, EOFError) as exc:
        yield RawDoc(data=b"", source=path, meta={"read_error": str(exc), "error": type(exc).__name__})
        return
    for url in lines:
        if url and not url.startswith("#"):
            yield from read_url(url, skip=skip)


def _read_jsonl(
    path: str, *, skip: Skip = None, text_field: str | None = None, url_field: str | None = None
) -> Iterator[RawDoc]:
    for doc in read_jsonl(path, text_field=text_field, url_field=url_field):
        if skip is None or not skip(doc.source):
            yield doc


def _read_warc(path: str, *, skip: Skip = None) -> Iterator[RawDoc]:
    from warta.ingest.warc import read_warc

    return read_warc(path, skip=skip)


def _read_feed(path: str, *, skip: Skip = None) -> Iterator[RawDoc]:
    from warta.ingest.feeds import read_feed

    return read_feed(path, skip=skip)


def _read_url(url: str, *, skip: Skip = None) -> Iterator[RawDoc]:
    from warta.ingest.http import read_url

    return read_url(url, skip=skip)


def iter_sources(
    inputs: Iterable[str],
    *,
    text_field: str | None = None,
    url_field: str | None = None,
    skip: Skip = None,
) -> Iterator[RawDoc]:
    """Stream RawDocs from every input, in order; each input's reader is chosen by :func:`kind_of`.

    ``skip(source)`` true means that input (a file, ``file#N`` record, or URL) is stored already:
    it is not yielded, and where the reader can tell early, not even read or fetched (resume).

    >>> docs = iter_sources(["pages/", "crawl.warc.gz", "https://x.id/rss"])   # doctest: +SKIP
    """
    for path in expand_paths(inputs):
        kind = "text" if path == "-" else kind_of(path)
        if path != "-" and kind != "url" and not Path(path).exists():
            yield RawDoc(
                data=b"", source=path, meta={"read_error": "no such file", "error": "FileNotFoundError"}
            )
            continue
        if kind == "jsonl":
            yield from _read_jsonl(path, skip=skip, text_field=text_field, url_field=url_field)
        else:
            yield from _READERS.get(kind, read_file)(path, skip=skip)


_READERS: dict[str, Callable[..., Iterator[RawDoc]]] = {
    "text": read_file,
    "html": read_file,
    "warc": _read_warc,
    "feed": _read_feed,
    "url": _read_url,
    "urls": read_url_list,
}
"""Kind -> reader ``(path, *, skip=None) -> Iterator[RawDoc]``."""
