"""The Ray executor gives exactly what the local run gives (a local Ray instance, 2 CPUs)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import skip_unless_ci
from warta.ingest.files import iter_sources
from warta.ingest.warc import write_warc
from warta.run.executors import run_local

try:
    import ray
except ImportError:
    skip_unless_ci("ray is not installed (pip install -e '.[ray]')")
pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def ray_local() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def _corpus(root: Path) -> list[str]:
    (root / "pages").mkdir()
    for i in range(6):
        (root / "pages" / f"{i}.txt").write_text(
            f"Judul kabar {i}\n\nJAKARTA - Isi kabar nomor {i} tentang banjir di kota. Warga mengungsi.\n\nBaca juga: Lain {i}\n",
            encoding="utf-8",
        )
    with (root / "dump.jsonl").open("w") as fh:
        for i in range(40):
            fh.write(
                json.dumps(
                    {
                        "text": f"Berita {i}\n\nIsi berita {i} yang ditulis dengan panjang.",
                        "url": f"https://x.id/{i}",
                    }
                )
                + "\n"
            )
        fh.write("not json\n")
    pages = [
        (
            f"https://w.example/{i}",
            f"<html><head><title>Warta {i}</title></head><body><article><h1>Warta {i}</h1><p>Paragraf pertama {i} yang cukup panjang untuk dibaca.</p><p>Kedua {i}.</p></article></body></html>".encode(),
        )
        for i in range(30)
    ]
    write_warc(root / "a.warc.gz", pages[:15])
    write_warc(root / "b.warc.gz", pages[15:])
    return [str(root / "pages"), str(root / "dump.jsonl"), str(root / "a.warc.gz"), str(root / "b.warc.gz")]


def test_ray_equals_local(tmp_path: Path, ray_local: None) -> None:
    from warta.run.ray_executor import run_ray

    inputs = _corpus(tmp_path)
    local = [a.to_dict() for a in run_local(iter_sources(inputs))]
    remote = [a.to_dict() for a in run_ray(inputs, batch=16)]
    assert len(local) == 6 + 41 + 30
    assert [a["id"] for a in remote] == [a["id"] for a in local]
    assert remote == local
    assert sum(1 for a in remote if a["errors"]) == 1


def test_ray_ingest_resumes(tmp_path: Path, ray_local: None) -> None:
    store_mod = pytest.importorskip("warta.store")
    from warta.run.ingest import ingest

    inputs = _corpus(tmp_path)
    st = store_mod.Store(tmp_path / "r.db")
    try:
        first = ingest(inputs[2:3], st, executor="ray")  # one WARC first, as if a run stopped there
        assert first.documents == 15 and first.errors == 0
        rest = ingest(inputs, st, executor="ray")
        assert rest.skipped == 15 and rest.documents == 6 + 41 + 15
        assert len(st.done_sources(str(tmp_path))) == 6 + 41 + 30
    finally:
        st.close()
