"""The process pool ships pages through shared memory (PageRing) and still returns, in input order,
exactly what one process makes: pages too big for a slot, text pages and read errors included."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from warta.article import RawDoc
from warta.run import executors
from warta.run.executors import PageRing, run_local

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _docs() -> list[RawDoc]:
    pages = [
        RawDoc(data=p.read_bytes(), source=f"fx/{p.name}", url=f"https://fixture.example/{p.stem}")
        for p in sorted(FIXTURES.glob("*.html"))
    ]
    text = RawDoc(data="Banjir di Jakarta\n\nJAKARTA - Warga mengungsi ke masjid terdekat.\n", source="txt/0")
    gone = RawDoc(data=b"", source="gone", meta={"read_error": "gone", "error": "Gone"})
    return [*pages, text, gone, *pages[:3]]


def test_ring_round_trip_keeps_every_field() -> None:
    docs = _docs()
    ring = PageRing(2, slot_bytes=max(len(d.data) for d in docs[:3]) + 10)
    slot, packed, refs = ring.pack(docs[:5])
    assert refs, "some pages fit the slot"
    assert len(refs) < 5, "pages past the slot's space stay inline"
    assert all(packed[i].data == b"" for i, _, _ in refs)
    assert ring.unpack(list(packed), refs) == docs[:5]
    assert list(ring.free) == [1 - slot]
    ring.map.close()


def test_text_pages_stay_inline() -> None:
    text = RawDoc(data="Warga mengungsi.", source="t")
    ring = PageRing(1, slot_bytes=1 << 16)
    _, packed, refs = ring.pack([text])
    assert refs == [] and packed == [text]
    ring.map.close()


@pytest.mark.parametrize("slot_bytes", [8 << 20, 40_000])
def test_pool_through_the_ring_equals_one_process(monkeypatch: pytest.MonkeyPatch, slot_bytes: int) -> None:
    monkeypatch.setattr(PageRing.__init__, "__defaults__", (slot_bytes,))
    shipped: list[int] = []
    pack = PageRing.pack

    def counting(self: PageRing, chunk: list[RawDoc]):  # noqa: ANN202
        out = pack(self, chunk)
        shipped.append(len(out[2]))
        return out

    monkeypatch.setattr(PageRing, "pack", counting)
    monkeypatch.setattr(executors, "QUEUED", 8)  # most chunks to the worker, not run by the driver
    docs = _docs() * 3  # more chunks than slots: slots are reused
    one = [a.to_dict() for a in run_local(docs, workers=1)]
    two = [a.to_dict() for a in run_local(docs, workers=2, chunksize=2)]
    assert two == one
    assert len(shipped) > 6 and sum(shipped) > 0  # the pages did go through the ring (fork)
    assert executors._ring is None  # the pool's ring is released with it


_WORK_RING = executors._work_ring


def _slow_ring(*args: Any) -> bytes:
    """The worker's chunk with its result late (runs in the forked worker, which inherits the patch)."""
    time.sleep(0.3)
    return _WORK_RING(*args)


def test_driver_runs_chunks_when_results_are_late(monkeypatch: pytest.MonkeyPatch) -> None:
    """-w 2 is the driver + one forked worker: while the worker's result is not back, the driver runs
    the next chunk itself; the output is still in input order and equal to one process's."""
    local_runs: list[int] = []
    local = executors._local

    def counting_local(pipe, chunk, prepare):  # noqa: ANN001, ANN202
        local_runs.append(len(chunk))
        return local(pipe, chunk, prepare)

    monkeypatch.setattr(executors, "_work_ring", _slow_ring)
    monkeypatch.setattr(executors, "_local", counting_local)
    docs = _docs() * 2
    one = [a.to_dict() for a in run_local(docs, workers=1)]
    local_runs.clear()
    two = [a.to_dict() for a in run_local(docs, workers=2, chunksize=2)]
    assert two == one
    chunks = -(-len(docs) // 2)
    assert 0 < len(local_runs) < chunks  # the driver ran some chunks, the worker the others
