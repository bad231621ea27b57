"""Executors run the same pipeline in-process or on a local process pool, preserving input order.

>>> from warta.ingest.files import iter_sources
>>> for art in run_local(iter_sources(["pages/"]), workers=2):          # doctest: +SKIP
...     print(art.title)
>>> for art, prep in run_prepared(iter_sources(["crawl.warc.gz"]), workers=2):  # doctest: +SKIP
...     store.add([art], [prep])

The driver (this process) reads and consumes the results; ``workers`` processes extract (and, for
:func:`run_prepared`, compute what the store needs that depends on nothing stored:
:mod:`warta.store.prepare`): ``workers - 1`` forked ones and the driver itself, which runs the next
chunk whenever the next result in order is not back yet (see :func:`_shared`). Documents go to the workers
in chunks: their page bytes through shared memory (:class:`PageRing`, forked pools), the rest pickled;
articles come back as one msgpack buffer per chunk (a tree of structs encodes 4x cheaper with
msgspec than with pickle). The pool is forked after the pipeline has been built and
warmed up here, so workers start with the lexicons and models already loaded (and frozen out of
their garbage collector, so its passes do not copy the shared pages); the pool's pipes are widened
to 1 MiB so a chunk of pages crosses in a few writes.
"""

from __future__ import annotations

import gc
import mmap
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

import msgspec
from msgspec.structs import replace

from warta.article import Article, RawDoc
from warta.run.pipeline import Pipeline, default_pipeline
from warta.store.prepare import Prepared, prepare_batch

_encoder = msgspec.msgpack.Encoder()
_articles_decoder = msgspec.msgpack.Decoder(list[Article])
_pairs_decoder = msgspec.msgpack.Decoder(list[tuple[Article, Prepared]])
_pipelines: dict[tuple, Pipeline] = {}

_WARM_DOCS = (
    RawDoc(
        data=b"<html><head><title>Warta</title></head><body><article><h1>Warta</h1>"
        b"<p>JAKARTA - Warga kota menunggu kereta pagi ini di stasiun.</p></article></body></html>",
        source="warm-up",
        url="https://warm-up.invalid/a",
    ),
    RawDoc(data=b"Warta\n\nJAKARTA - Warga kota menunggu kereta pagi ini.\n", source="warm-up"),
)
"""Run once in the driver before forking: lazy imports and lexicons load there, not per worker."""


def pipeline_for(options: dict[str, Any], *, warm: bool = False) -> Pipeline:
    """The process's pipeline for ``options`` (built once), optionally warmed up on two tiny pages."""
    key = tuple(sorted(options.items()))
    pipe = _pipelines.get(key)
    if pipe is None:
        pipe = _pipelines[key] = default_pipeline(**options)
        if warm:
            arts = [pipe(d) for d in _WARM_DOCS]
            prepare_batch(arts)
    return pipe


def _watch_parent(parent: int) -> None:
    """Exit when the driver is gone (killed with SIGKILL, say): no orphan workers left behind."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(options: dict[str, Any], ring: PageRing | None = None) -> None:
    global _ring
    _ring = ring  # forked: the very mapping the driver writes into (a spawned pool gets None)
    pipeline_for(options)  # inherited from the driver when forked; built here when spawned
    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])  # a forked worker inherits the frozen heap too
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


class PageRing:
    """Shared memory for the pages on their way to the workers: ``slots`` regions of ``slot_bytes``
    in one anonymous shared mapping made before the pool forks, so every worker sees it.

    The driver copies a chunk's page bytes into a free slot and sends the workers only the rest of
    each RawDoc (pickled, small) with ``(index, offset, length)`` references; the worker slices its
    pages out of the mapping. One copy in, one copy out, instead of pickling, two pipe copies and
    unpickling them (shipping the 448 MB of the 1,678-page bench WARC to 2 workers: 0.62 -> 0.43 CPU-s,
    driver and workers together).
    A slot is reused only after its chunk's result came back (the worker is done reading it); pages
    that do not fit the slot's space travel inside the pickled chunk as before.
    """

    def __init__(self, slots: int, slot_bytes: int = 8 << 20) -> None:
        self.slot_bytes = slot_bytes
        self.map = mmap.mmap(-1, slots * slot_bytes)  # MAP_SHARED | MAP_ANONYMOUS: inherited by fork
        self.free = deque(range(slots))

    def pack(self, chunk: list[RawDoc]) -> tuple[int, list[RawDoc], list[tuple[int, int, int]]]:
        """(slot, the chunk with page bytes moved out, references to them); take a free slot first."""
        slot = self.free.popleft()
        base = pos = slot * self.slot_bytes
        end = base + self.slot_bytes
        refs: list[tuple[int, int, int]] = []
        out = list(chunk)
        for i, doc in enumerate(chunk):
            data = doc.data
            n = len(data)
            if isinstance(data, bytes) and pos + n <= end:
                self.map[pos : pos + n] = data
                refs.append((i, pos, n))
                out[i] = replace(doc, data=b"")
                pos += n
        return slot, out, refs

    def unpack(self, docs: list[RawDoc], refs: list[tuple[int, int, int]]) -> list[RawDoc]:
        """Worker side: the chunk with its page bytes back (copied out of the mapping)."""
        m = self.map
        for i, off, n in refs:
            docs[i] = replace(docs[i], data=m[off : off + n])
        return docs


_ring: PageRing | None = None
"""In a worker process: its pool's :class:`PageRing` (given by the pool's initializer, so each pool
has its own, re-forked workers included); None in the driver and in spawned workers."""


def _work_ring(
    docs: list[RawDoc], refs: list[tuple[int, int, int]], options: dict[str, Any], prepare: bool
) -> bytes:
    """:func:`_work_chunk` for a chunk whose pages wait in the shared :class:`PageRing`."""
    assert _ring is not None
    return _work_chunk(_ring.unpack(docs, refs), options, prepare)


def _work_chunk(docs: list[RawDoc], options: dict[str, Any], prepare: bool) -> bytes:
    """Worker side: RawDocs in (pickled: their payload is one ``bytes`` each, copied once), msgpack
    Articles (with their :class:`Prepared`) out (4x cheaper to encode and decode than pickling them)."""
    pipe = pipeline_for(options)
    arts = [pipe(raw) for raw in docs]
    return _encoder.encode(list(zip(arts, prepare_batch(arts), strict=True)) if prepare else arts)


GC_GEN0 = 20_000
"""Allocations (net, of container objects) between two young-generation passes of the garbage
collector while a job runs; Python's default, 700, is tuned for small programs. Extraction allocates
and frees objects by the million but makes no reference cycles (refcounting frees them all), so
each collector pass scans and finds nothing: at 700, the 1,678-page bench job ran 1,156 of them
(plus 105 middle and 9 full ones) for ~3 % of its CPU. At 20,000 it runs a few dozen."""


@contextmanager
def steady_gc() -> Iterator[None]:
    """Within: what the process holds now (modules, lexicons, the warmed-up pipeline) moves out of
    the collector's sight (``gc.freeze``: still freed by refcounting, never scanned again) and young
    passes run every :data:`GC_GEN0` allocations. Cycles made within are still collected; the
    thresholds and the frozen objects are given back on exit. :func:`run_local` and
    :func:`run_prepared` hold it while their generator runs: a caller that stops iterating early
    should ``close()`` the generator (CPython does when its last reference goes) to get them back.

    >>> with steady_gc():
    ...     gc.get_threshold()[0] == GC_GEN0
    True
    """
    old = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(GC_GEN0, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not frozen:  # (frozen by a caller: theirs to undo)
            gc.unfreeze()


def _run(
    docs: Iterable[RawDoc], workers: int, chunksize: int, prepare: bool, options: dict[str, Any]
) -> Iterator[Any]:
    if workers <= 1:
        pipe = pipeline_for(options)  # no warm-up: its text page loads text-mode models
        it = iter(docs)
        with steady_gc():
            while chunk := list(islice(it, chunksize)):
                yield from _local(pipe, chunk, prepare)
        return
    pipeline_for(options, warm=True)
    with steady_gc():
        yield from _shared(docs, workers, chunksize, prepare, options)


def _local(pipe: Pipeline, chunk: list[RawDoc], prepare: bool) -> list[Any]:
    """A chunk run in this process: its Articles (with their :class:`Prepared`)."""
    arts = [pipe(raw) for raw in chunk]
    return list(zip(arts, prepare_batch(arts), strict=True)) if prepare else arts


QUEUED = 2
"""Chunks kept waiting for each forked worker: it never idles while the driver runs a chunk itself
(a chunk takes about as long wherever it runs), and at the end of the input at most this many are
left for it alone."""


def _shared(
    docs: Iterable[RawDoc], workers: int, chunksize: int, prepare: bool, options: dict[str, Any]
) -> Iterator[Any]:
    """``workers`` processes share the extraction: ``workers - 1`` forked ones and this one (the
    driver), which also reads the input and consumes the results (the store). The driver keeps
    each forked worker :data:`QUEUED` chunks ahead; whenever the next result in input order is not
    back yet, it runs the next chunk itself instead of waiting. So no core idles while there is
    work, the driver's own reading and storing are balanced against the workers' extraction as it
    goes (a heavy store leaves fewer chunks to the driver), only the workers' share of the pages
    crosses between processes, and ``workers`` processes run on ``workers`` cores (a driver beside
    ``workers`` busy processes would take turns with them: more context switches, colder caches).
    Results are yielded in input order whoever made them.
    """
    pipe = pipeline_for(options, warm=True)
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    helpers = workers - 1
    window = workers * 3  # chunks in flight: memory stays bounded on endless streams
    decode = _pairs_decoder.decode if prepare else _articles_decoder.decode
    it = iter(docs)
    done = False
    # (result of a worker's chunk, its ring slot, None) or (None, None, the driver's own chunk's output)
    pending: deque[tuple[Any, int | None, list[Any] | None]] = deque()
    ring = PageRing(window) if ctx.get_start_method() == "fork" else None
    gc.freeze()  # the warmed-up heap stays shared with the forked workers: their GC passes skip it (no copy-on-write)
    pool = ctx.Pool(
        helpers, initializer=_init_worker, initargs=(options, ring)
    )  # (steady_gc unfreezes at the end)
    _widen_pipes(pool)

    def take() -> list[RawDoc]:
        nonlocal done
        chunk = [] if done else list(islice(it, chunksize))
        done = not chunk
        return chunk

    try:
        while True:
            while (
                not done
                and len(pending) < window
                and sum(1 for r, _, _ in pending if r is not None and not r.ready()) < helpers * QUEUED
            ):
                if chunk := take():
                    if ring is None:
                        pending.append((pool.apply_async(_work_chunk, (chunk, options, prepare)), None, None))
                    else:
                        slot, chunk, refs = ring.pack(chunk)
                        pending.append(
                            (pool.apply_async(_work_ring, (chunk, refs, options, prepare)), slot, None)
                        )
            if not pending:
                break
            res, slot, out = pending[0]
            if out is None and not res.ready() and len(pending) < window and (chunk := take()):
                pending.append((None, None, _local(pipe, chunk, prepare)))  # busy instead of waiting
                continue
            pending.popleft()
            if out is None:
                out = decode(res.get())
                if slot is not None:
                    ring.free.append(slot)  # type: ignore[union-attr]  # its worker is done with the pages
            yield from out
        pool.close()
        pool.join()  # workers reaped: their CPU time shows in RUSAGE_CHILDREN
    finally:
        pool.terminate()
        if ring is not None:
            ring.map.close()


PIPE_BYTES = 1 << 20
"""Kernel buffer of the pool's pipes (Linux default 64 KiB): a chunk of pages (megabytes) crosses in
a few writes instead of dozens, each of which would wake the other side."""


def _widen_pipes(pool: Any) -> None:
    """Best effort: enlarge the pool's task and result pipes (Linux ``F_SETPIPE_SZ``)."""
    try:
        import fcntl

        setsz = fcntl.F_SETPIPE_SZ  # type: ignore[attr-defined]
        for q in (pool._inqueue, pool._outqueue):
            fcntl.fcntl(q._writer.fileno(), setsz, PIPE_BYTES)
    except (AttributeError, ImportError, OSError, ValueError):
        pass  # not Linux, no permission, or another pool layout: the default pipes work too


def run_local(
    docs: Iterable[RawDoc],
    *,
    workers: int = 1,
    chunksize: int = 16,
    **options: Any,
) -> Iterator[Article]:
    """Yield one Article per RawDoc, in input order. ``options`` go to :func:`default_pipeline`.

    ``workers=1`` runs in this process; more shares the work between this process and a pool of
    ``workers - 1`` forked ones, fed lazily (bounded memory: at most ``workers * 3`` chunks in
    flight). Workers exit on their own if the driver dies.
    """
    return _run(docs, workers, chunksize, False, options)


def run_prepared(
    docs: Iterable[RawDoc],
    *,
    workers: int = 1,
    chunksize: int = 16,
    **options: Any,
) -> Iterator[tuple[Article, Prepared]]:
    """Like :func:`run_local`, yielding ``(article, prepared)`` for ``Store.add(articles, prepared)``."""
    return _run(docs, workers, chunksize, True, options)
