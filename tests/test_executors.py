"""The process pool ships pages through shared memory (PageRing) and still returns, in input order,
exactly what one process makes: pages too big for a slot, text pages and read errors included."""

from __future__ import annotations

from pathlib import Path

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
