"""A worker forked while the store's index holds a tantivy lock must not keep that lock.

tantivy releases its ``flock`` locks by closing the lock file; a forked child that inherited the
descriptor would keep the lock alive, and the driver's next commit would wait for it forever (a
hang seen in ``warta ingest -w 2``). :mod:`warta.store.index` drops such descriptors in every child.
"""

from __future__ import annotations

import os
import sys

import pytest

import warta.store.index  # noqa: F401  (registers the after-fork hook)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not os.path.isdir("/proc/self/fd"), reason="needs fork and /proc (Linux)"
)


def _child_holds(lock: str, other: str) -> tuple[bool, bool]:
    """Lock ``lock`` and ``other``, fork, close both here; whether each can be locked again while the child lives."""
    import fcntl

    fds = {}
    for path in (lock, other):
        fds[path] = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
        fcntl.flock(fds[path], fcntl.LOCK_EX)
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report that the after-fork hooks ran, then wait (as an idle pool worker does)
        try:
            os.write(ready_w, b"r")
            os.read(go_r, 1)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_r, 1) == b"r"
        for fd in fds.values():
            os.close(fd)  # tantivy lets go of a lock by closing its file
        free = []
        for path in (lock, other):
            fd = os.open(path, os.O_WRONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                free.append(True)
            except BlockingIOError:
                free.append(False)
            finally:
                os.close(fd)
        return free[0], free[1]
    finally:
        os.write(go_w, b"g")
        os.waitpid(pid, 0)
        for fd in (ready_r, ready_w, go_r, go_w):
            os.close(fd)


def test_a_forked_child_lets_go_of_tantivy_locks_and_only_those(tmp_path):
    meta_free, other_free = _child_holds(str(tmp_path / ".tantivy-meta.lock"), str(tmp_path / "mine.lock"))
    assert meta_free, "a forked child still holds the index's meta lock: the driver's next commit would hang"
    # any other file stays the child's to hold, as fork means it to be
    assert not other_free


def test_ingest_with_two_workers_finishes_while_the_index_commits(tmp_path):
    """The real path: a store open (tantivy's writer and reader threads running) while ``-w 2`` forks."""
    import json

    from warta.run import ingest as ingest_mod
    from warta.store import Store

    src = tmp_path / "docs.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(40):
            text = (
                f"Judul Berita Nomor {i}\n\nJAKARTA - Paragraf pertama berita nomor {i} cukup panjang untuk "
                "disimpan sebagai isi artikel dan dicari kembali oleh pembaca.\n\nParagraf kedua menambah isi berita."
            )
            f.write(json.dumps({"text": text, "url": f"https://example.test/berita/{i}"}) + "\n")
    with Store(tmp_path / "w.db") as st:
        stats = ingest_mod.ingest([str(src)], st, workers=2, batch_size=4, text_field="text")
        assert stats.errors == 0 and stats.documents == 40
        assert st.search("paragraf").total == 40


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
