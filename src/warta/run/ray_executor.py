"""Ray executor: the same pipeline (:func:`default_pipeline`), sharded by input file.

>>> for art in run_ray(["crawl/"], enrich=False):    # doctest: +SKIP
...     store.add([art])

Each local container file (a WARC, a JSONL dump) is one task, and one-page files go in groups
of ``batch``: the worker reads them, runs the pipeline and streams the articles back in batches
(a Ray streaming generator, so a huge file never sits whole in memory); the driver yields them in input order and does all store writes.
URLs, feeds and standard input are read by the driver and shipped to tasks in batches.
``RAY_ADDRESS`` selects an existing cluster; otherwise a local Ray instance is started (or the
one already initialised in this process is used). Ray is optional: ``pip install warta[ray]``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

import msgspec

from warta.article import Article, RawDoc
from warta.ingest.files import expand_paths, iter_sources, kind_of

_encoder = msgspec.msgpack.Encoder()
_batch_decoder = msgspec.msgpack.Decoder(list[Article])
_pipelines: dict[tuple, Any] = {}

_CONTAINERS = ("jsonl", "warc")
"""Kinds whose records carry ``file#N`` sources (resume looks them up per file)."""
_LOCAL_FILE_KINDS = ("jsonl", "warc", "text", "html")
"""Kinds a worker reads itself; the others (URLs, feeds, URL lists) need the driver's fetcher."""


def _pipeline(options: dict[str, Any]) -> Any:
    key = tuple(sorted(options.items()))
    if key not in _pipelines:
        from warta.run.pipeline import default_pipeline

        _pipelines[key] = default_pipeline(**options)
    return _pipelines[key]


def process_file(
    paths: list[str],
    done: frozenset[str],
    text_field: str | None,
    url_field: str | None,
    options: dict[str, Any],
    batch: int,
) -> Iterator[bytes]:
    """Worker side: read one container file, or a group of one-page files (skipping ``done``
    sources), run the pipeline, yield msgpack batches of articles."""
    pipe = _pipeline(options)
    docs = iter_sources(
        paths, text_field=text_field, url_field=url_field, skip=done.__contains__ if done else None
    )
    arts = (pipe(d) for d in docs)
    while chunk := list(islice(arts, batch)):
        yield _encoder.encode(chunk)


def process_docs(docs: list[RawDoc], options: dict[str, Any]) -> bytes:
    """Worker side: run the pipeline on RawDocs the driver read (URLs, feeds, stdin)."""
    pipe = _pipeline(options)
    return _encoder.encode([pipe(d) for d in docs])


def _ensure_ray() -> Any:
    import ray

    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS") or None
        if address:  # an existing cluster: its own settings apply
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        else:
            ray.init(include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    return ray


def run_ray(
    inputs: list[str],
    *,
    skip: Callable[[str], bool] | None = None,
    text_field: str | None = None,
    url_field: str | None = None,
    batch: int = 128,
    in_flight: int | None = None,
    **options: Any,
) -> Iterator[Article]:
    """Yield one Article per input document, in input order. ``options`` go to :func:`default_pipeline`.

    ``skip`` is the resume predicate (:class:`warta.run.ingest.Resume`); when it has a ``store``,
    a container file's stored records are fetched once with ``done_sources`` and sent to its task.
    """
    ray = _ensure_ray()
    file_task = ray.remote(num_returns="streaming")(process_file)
    docs_task = ray.remote(process_docs)
    limit = in_flight or max(2, int(ray.cluster_resources().get("CPU", 2)) * 2)
    store = getattr(skip, "store", None)
    pending: deque[tuple[str, Any]] = deque()

    def drain_one() -> Iterator[Article]:
        kind, ref = pending.popleft()
        if kind == "file":
            for part in ref:
                yield from _batch_decoder.decode(ray.get(part))
        else:
            yield from _batch_decoder.decode(ray.get(ref))

    singles: list[
        str
    ] = []  # one-page files travel in groups: one task per page would cost more than the page

    def submit(paths: list[str], done: frozenset[str]) -> Iterator[Article]:
        pending.append(("file", file_task.remote(paths, done, text_field, url_field, options, batch)))
        while len(pending) > limit:
            yield from drain_one()

    for path in expand_paths(inputs):
        kind = "text" if path == "-" else kind_of(path)
        if path != "-" and kind in _LOCAL_FILE_KINDS and os.path.isfile(path):
            if kind in _CONTAINERS:
                if singles:
                    yield from submit(singles, frozenset())
                    singles = []
                done = frozenset(store.done_sources(path + "#")) if store is not None else frozenset()
                if skip is not None and hasattr(skip, "skipped"):
                    skip.skipped += len(done)
                yield from submit([path], done)
            elif skip is None or not skip(path):
                singles.append(path)
                if len(singles) >= batch:
                    yield from submit(singles, frozenset())
                    singles = []
            continue
        if singles:
            yield from submit(singles, frozenset())
            singles = []
        # URLs, feeds, URL lists, stdin, missing files: read here, process remotely in batches
        docs = iter_sources([path], text_field=text_field, url_field=url_field, skip=skip)
        while chunk := list(islice(docs, batch)):
            pending.append(("docs", docs_task.remote(chunk, options)))
            while len(pending) > limit:
                yield from drain_one()
    if singles:
        yield from submit(singles, frozenset())
    while pending:
        yield from drain_one()
