"""Executors run the same pipeline in-process or on a local process pool, preserving input order."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from warta.article import Article, RawDoc
from warta.run.pipeline import Pipeline, default_pipeline

_worker_pipeline: Pipeline | None = None


def _watch_parent(parent: int) -> None:
    """Exit when the driver is gone (killed with SIGKILL, say): no orphan workers left behind."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(options: dict[str, Any]) -> None:
    global _worker_pipeline
    _worker_pipeline = default_pipeline(**options)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _work_chunk(chunk: list[RawDoc]) -> list[Article]:
    assert _worker_pipeline is not None
    return [_worker_pipeline(raw) for raw in chunk]


def run_local(
    docs: Iterable[RawDoc],
    *,
    workers: int = 1,
    chunksize: int = 8,
    **options: Any,
) -> Iterator[Article]:
    """Yield one Article per RawDoc, in input order. ``options`` go to :func:`default_pipeline`.

    ``workers=1`` runs in this process; more uses a process pool fed lazily (bounded memory:
    at most ``workers * 4`` chunks in flight). Workers exit on their own if the driver dies.
    """
    if workers <= 1:
        yield from default_pipeline(**options).map(docs)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    window = workers * 4  # chunks in flight: memory stays bounded on endless streams
    it = iter(docs)
    pending: deque = deque()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        while True:
            while len(pending) < window and (chunk := list(islice(it, chunksize))):
                pending.append(pool.apply_async(_work_chunk, (chunk,)))
            if not pending:
                break
            yield from pending.popleft().get()
