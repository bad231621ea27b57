"""The ingest driver: read -> pipeline -> store, in batches, resumable after any kill.

>>> from warta.store import Store                                    # doctest: +SKIP
>>> stats = ingest(["crawl.warc.gz", "pages/"], Store("warta.db"), workers=2)  # doctest: +SKIP
>>> stats.added, stats.errors                                        # doctest: +SKIP
(1873, 4)

Never losing work: every batch of articles goes to :meth:`Store.add` in one transaction, and each
stored article (or error record) carries its input's ``provenance.source``. A run killed at any
moment (SIGKILL included) loses at most the batch in flight, which was never committed; started
again, the readers skip every source the store already has (:class:`Resume`), so the job finishes
with each input stored exactly once.

Reproducible: a batch is closed by its document count only, never by the clock. Story clustering
(and the IDF weights of the stored story vectors) see the earlier batches through the committed
search index and the open batch directly, so where batches end shapes the result; closing them on
a timer made the stored stories depend on the machine's load. By count, the same inputs give the
same store at any load and any worker count, and a resumed run (which starts after the last
committed batch) cuts the same batches an uninterrupted one would. HTTP validators (ETag / Last-Modified) are only trusted once
the run has stored what it fetched (:meth:`warta.ingest.http.ValidatorCache.commit`).
"""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from warta.article import Article
from warta.ingest.files import expand_paths, iter_sources, kind_of


class StoreLike(Protocol):
    """The part of :class:`warta.store.Store` the driver uses."""

    def add(self, articles: Iterable[Article]) -> Any:
        """Store a batch; a store whose ``add`` also takes ``prepared`` (one
        :class:`warta.store.prepare.Prepared` per article) gets what the workers computed."""

    def has_source(self, source: str) -> bool: ...

    def done_sources(self, prefix: str) -> set[str]: ...


class StreamingStore(StoreLike, Protocol):
    """A store that takes a batch one article at a time (:class:`warta.store.Store` does): ``put``
    each article into the open transaction as it arrives, ``flush`` commits the batch. The same
    result as ``add(batch, prepared)``, but the writer's work overlaps the workers' instead of
    waiting for the last article of each batch (the final batch of a run left only its commit)."""

    def put(self, article: Article, prepared: Any = None) -> None: ...

    def flush(self) -> Any: ...

    def discard(self) -> None: ...


class Resume:
    """``skip(source)`` for the readers: true when the store already has that input.

    Records of one container (``file#N``) are looked up once per file with ``done_sources``;
    other sources (single files, URLs) one by one with ``has_source``.
    """

    def __init__(self, store: StoreLike) -> None:
        self.store = store
        self._prefix: str | None = None
        self._done: set[str] = set()
        self.skipped = 0

    def __call__(self, source: str) -> bool:
        head, sep, _ = source.rpartition("#")
        if sep and (head == self._prefix or ("://" not in head and os.path.isfile(head))):
            if head != self._prefix:
                self._prefix = head
                self._done = self.store.done_sources(head + "#")
            hit = source in self._done
        else:
            hit = self.store.has_source(source)
        self.skipped += hit
        return hit


@dataclass
class IngestStats:
    """What a run did. ``errors`` counts documents whose record carries an error."""

    documents: int = 0
    added: int = 0
    duplicates: int = 0
    errors: int = 0
    skipped: int = 0
    """Inputs found already stored (resume) and not processed again."""
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"ingested {self.documents} documents in {self.seconds:.1f}s ({self.rate():.0f}/s): "
            f"{self.added} added, {self.duplicates} duplicates, {self.errors} errors, "
            f"{self.skipped} already stored"
        )


class Progress:
    """Progress on a stream (stderr): documents, rate, errors, ETA when the total is known."""

    def __init__(self, out: IO[str] | None = None, *, total: int | None = None, every: float = 1.0) -> None:
        self.out = out if out is not None else sys.stderr
        self.total = total
        self.every = every
        self.t0 = self.last = time.monotonic()
        self.tty = getattr(self.out, "isatty", lambda: False)()

    def line(self, stats: IngestStats) -> str:
        dt = max(time.monotonic() - self.t0, 1e-9)
        rate = stats.documents / dt
        text = f"{stats.documents} docs, {rate:.0f}/s, {stats.errors} errors"
        if stats.skipped:
            text += f", {stats.skipped} already stored"
        if self.total:
            left = max(self.total - stats.documents - stats.skipped, 0)
            text += f", {100 * (stats.documents + stats.skipped) / self.total:.0f}%"
            if rate > 0:
                text += f", ETA {_hms(left / rate)}"
        return text

    def update(self, stats: IngestStats, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= self.every:
            self.last = now
            end = "\r" if self.tty else "\n"
            print(self.line(stats), end=end, file=self.out, flush=True)

    def done(self, stats: IngestStats) -> None:
        print(("\r" if self.tty else "") + stats.summary(), file=self.out, flush=True)


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def count_inputs(inputs: list[str]) -> int | None:
    """The number of documents when every input is one document (plain files), else None."""
    n = 0
    for path in expand_paths(inputs):
        if path == "-" or kind_of(path) not in ("text", "html"):
            return None
        n += 1
    return n


def _batches(items: Iterable[Any], size: int, on_item: Callable[[], None]) -> Iterator[list[Any]]:
    """Lists of ``size`` items (the last one shorter): by count only, so the same inputs always
    give the same batches. ``on_item()`` is called as each item arrives (progress)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        on_item()
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _count(stats: IngestStats, res: Any, batch: list[Article]) -> None:
    """Add a stored batch's result to ``stats``."""
    stats.added += int(getattr(res, "added", 0))
    stats.duplicates += int(getattr(res, "duplicates", 0))
    for art in batch:
        if art.errors:
            stats.errors += 1
            if len(stats.error_samples) < 5:
                e = art.errors[0]
                stats.error_samples.append(f"{art.provenance.source}: {e.stage} {e.error} {e.message}")


def _store_streaming(
    pairs: Iterable[tuple[Article, Any]],
    store: StreamingStore,
    size: int,
    stats: IngestStats,
    arrived: Callable[[], None],
) -> None:
    """``put`` each article as it arrives, ``flush`` every ``size`` (and at the end): the same
    batches as :func:`_batches`, so the same store (see ``tests/test_reproducible.py``)."""
    batch: list[Article] = []
    try:
        for art, prep in pairs:
            arrived()
            store.put(art, prep)
            batch.append(art)
            if len(batch) >= size:
                _count(stats, store.flush(), batch)
                batch = []
        if batch:
            _count(stats, store.flush(), batch)
    except BaseException:
        store.discard()  # the open batch was never committed: the next run redoes it
        raise


def _takes_prepared(store: StoreLike) -> bool:
    try:
        return "prepared" in inspect.signature(store.add).parameters
    except (TypeError, ValueError):
        return False


def ingest(
    inputs: list[str],
    store: StoreLike,
    *,
    workers: int = 1,
    executor: str = "local",
    enrich: bool = False,
    lang: str | None = None,
    text_field: str | None = None,
    url_field: str | None = None,
    batch_size: int = 256,
    progress: Progress | None = None,
) -> IngestStats:
    """Read every input, run the pipeline, store the articles; return what happened.

    A batch is stored (one SQLite transaction, one index commit) every ``batch_size`` documents (and
    at the end): a kill loses at most that much work, which the next run redoes. Batches are cut by
    count alone, so the stored result does not depend on timing (see the module docstring); a slow
    source (a polite crawl) that should commit more often takes a smaller ``batch_size``.
    ``executor="local"`` uses :func:`warta.run.executors.run_local` (``workers`` processes; a
    :class:`StreamingStore` stores each article as it comes back); ``"ray"`` uses
    :func:`warta.run.ray_executor.run_ray` (one task per input file).
    """
    stats = IngestStats()
    resume = Resume(store)
    pairs = None
    articles: Iterable[Article] = ()
    options = {"enrich": enrich, "lang": lang}
    if executor == "ray":
        from warta.run.ray_executor import run_ray

        articles = run_ray(inputs, skip=resume, text_field=text_field, url_field=url_field, **options)
    elif executor == "local":
        from warta.run.executors import run_local, run_prepared

        docs = iter_sources(inputs, text_field=text_field, url_field=url_field, skip=resume)
        if _takes_prepared(store):  # the workers compute the store's per-article work too
            pairs = run_prepared(docs, workers=workers, **options)
        else:
            articles = run_local(docs, workers=workers, **options)
    else:
        raise ValueError(f"unknown executor {executor!r} (local or ray)")

    def arrived() -> None:  # progress per document; the batches themselves never look at the clock
        stats.documents += 1
        if progress is not None:
            stats.skipped = resume.skipped
            progress.update(stats)

    if pairs is not None:
        batches: Iterator[tuple[list[Article], Any]] = (
            ([a for a, _ in b], [p for _, p in b]) for b in _batches(pairs, batch_size, arrived)
        )
    else:
        batches = ((b, None) for b in _batches(articles, batch_size, arrived))
    t0 = time.monotonic()
    if pairs is not None and all(hasattr(store, m) for m in ("put", "flush", "discard")):
        _store_streaming(pairs, store, batch_size, stats, arrived)  # type: ignore[arg-type]
    else:
        for batch, prepared in batches:
            res = store.add(batch) if prepared is None else store.add(batch, prepared)  # type: ignore[call-arg]
            _count(stats, res, batch)
    stats.skipped = resume.skipped
    stats.seconds = time.monotonic() - t0
    from warta.ingest import http

    if http._default is not None:  # everything fetched is stored: validators may be used next time
        http._default.cache.commit()
    return stats
