"""Readers: turn files, dumps, archives, feeds and URLs into a stream of :class:`RawDoc`.

Readers never parse articles. A reader that cannot read part of its input yields a ``RawDoc``
whose ``meta["read_error"]`` says why, so the failure becomes an error record downstream instead
of killing the run or vanishing.
"""

from warta.ingest.files import iter_sources, open_maybe_compressed

__all__ = ["iter_sources", "open_maybe_compressed"]
