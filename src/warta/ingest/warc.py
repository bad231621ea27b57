"""WARC / WARC.gz reader (FastWARC): HTTP responses with an HTML content type become RawDocs.

>>> for raw in read_warc("crawl.warc.gz"):          # doctest: +SKIP
...     raw.url, raw.fetched_at, raw.content_type
('https://x.id/a', '2024-01-02T03:04:05Z', 'text/html; charset=utf-8')

Each RawDoc's ``source`` is ``<path>#<N>``, N the 1-based position of the record among the file's
``response`` records (stable across runs, so a resumed ingest can skip what is stored). Records
that cannot be read become read-error RawDocs naming the record; a truncated ``.warc.gz`` yields
every good record and then one error. :func:`write_warc` writes response records (tests, benchmarks).
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from fastwarc import ArchiveIterator, WarcRecordType
from isal import isal_zlib

from warta.article import RawDoc

HTML_TYPES = ("text/html", "application/xhtml+xml")
"""HTTP content types taken as pages; other responses (images, scripts, …) are skipped."""

MAX_RECORD_BYTES = 16 * 1024 * 1024
"""Payloads beyond this are skipped with an error record (a page is never that large)."""


class _TolerantStream(io.RawIOBase):
    """A forward-only binary stream over a WARC file that never raises while reading.

    Gzip members are inflated here with ISA-L (``isal``: the same output as zlib for 2.4x less CPU
    on a crawl; record by record, as far as the bytes go); a truncated or
    corrupt tail reads as end-of-file and is remembered in ``error``. FastWARC reads ahead, so an
    exception raised inside its read would lose the good records already buffered; ending the
    stream cleanly lets it hand them over first.
    """

    CHUNK = 1 << 18

    def __init__(self, raw: IO[bytes], inner: IO[bytes] | None = None, gzipped: bool = False) -> None:
        self.raw = raw
        self.inner = inner
        self.gzipped = gzipped
        self.error: BaseException | str | None = None
        self.pos = 0
        self._out: deque[bytes] = deque()
        """Inflated pieces not yet read (the first from offset ``_off``); ``_avail`` bytes in all."""
        self._off = 0
        self._avail = 0
        self._z = isal_zlib.decompressobj(wbits=31) if gzipped else None
        self._fed = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Only reports the position (FastWARC asks for it); the stream cannot move."""
        if (whence == io.SEEK_CUR and offset == 0) or (whence == io.SEEK_SET and offset == self.pos):
            return self.pos
        raise io.UnsupportedOperation("seek")

    def _fill_gzip(self, want: int) -> None:
        """Inflate until ``want`` bytes wait in ``_out`` (or the input ends): each inflated piece is
        kept as the ``bytes`` isal returns, copied only once more, into the reader's buffer."""
        assert self._z is not None
        while self._avail < want and self.error is None:
            chunk = self.raw.read(self.CHUNK)
            if not chunk:
                if self._fed and not self._z.eof:
                    self.error = "archive ends in the middle of a gzip member"
                self.raw = io.BytesIO()
                return
            while chunk:
                try:
                    out = self._z.decompress(chunk)
                except (zlib.error, isal_zlib.error) as exc:
                    self.error = exc
                    return
                if out:
                    self._out.append(out)
                    self._avail += len(out)
                self._fed = True
                if self._z.eof:  # next gzip member (one per WARC record, usually)
                    chunk = self._z.unused_data
                    self._z = isal_zlib.decompressobj(wbits=31)
                    self._fed = False
                else:
                    chunk = b""

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        want = len(b)
        if self.gzipped:
            self._fill_gzip(want)
            n = 0
            out = self._out
            while n < want and out:
                head = out[0]
                k = min(want - n, len(head) - self._off)
                with memoryview(head) as view:
                    b[n : n + k] = view[
                        self._off : self._off + k
                    ]  # one copy, straight into the caller's buffer
                n += k
                self._off += k
                if self._off == len(head):
                    out.popleft()
                    self._off = 0
            self._avail -= n
            self.pos += n
            return n
        else:
            if self.error is not None:
                return 0
            try:
                data = (self.inner or self.raw).read(want)
            except (EOFError, OSError, zlib.error) as exc:
                self.error = exc
                return 0
        n = len(data)
        b[:n] = data
        self.pos += n
        return n

    def close(self) -> None:
        (self.inner or self.raw).close()
        self.raw.close()
        super().close()


def _open(path: str) -> _TolerantStream:
    f = open(path, "rb")  # noqa: SIM115 - closed through the wrapper
    magic = f.read(4)
    f.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return _TolerantStream(f, gzipped=True)
    if magic == b"\x28\xb5\x2f\xfd":
        import zstandard

        return _TolerantStream(f, zstandard.ZstdDecompressor().stream_reader(f, closefd=False))  # type: ignore[arg-type]
    return _TolerantStream(f)


def _error(source: str, why: str, error: str) -> RawDoc:
    return RawDoc(data=b"", source=source, meta={"read_error": why, "error": error})


def read_warc(path: str, *, skip: Callable[[str], bool] | None = None) -> Iterator[RawDoc]:
    """Yield one RawDoc per HTML response record of a WARC (plain, gzip or zstd).

    ``skip(source)`` true: that record (``path#N``) is stored already; its payload is not even read.
    """
    try:
        stream = _open(path)
    except OSError as exc:
        yield _error(path, str(exc), type(exc).__name__)
        return
    n = 0
    short: str | None = None
    try:
        records = ArchiveIterator(
            stream, record_types=WarcRecordType.response, auto_decode="all", stream_detect=False
        )
        for record in records:
            n += 1
            source = f"{path}#{n}"
            if skip is not None and skip(source):
                continue
            try:
                ctype = (record.http_content_type or "").lower()
                if ctype not in HTML_TYPES:
                    continue
                expected = record.content_length
                if expected > MAX_RECORD_BYTES:
                    yield _error(source, f"payload of {expected} bytes is over the cap", "TooLarge")
                    continue
                payload = record.reader.read()
                if len(payload) < expected:
                    short = source  # only a cut stream does this: reported once, below
                    break
                headers = record.headers
                charset = record.http_charset
                yield RawDoc(
                    data=payload,
                    source=source,
                    url=headers.get("WARC-Target-URI"),
                    fetched_at=headers.get("WARC-Date"),
                    content_type=f"{ctype}; charset={charset}" if charset else ctype,
                    meta={"warc_record_id": headers.get("WARC-Record-ID")},
                )
            except (OSError, ValueError, UnicodeError) as exc:
                yield _error(source, f"bad WARC record: {exc}", type(exc).__name__)
    except (OSError, ValueError) as exc:
        yield _error(short or f"{path}#{n + 1}", f"WARC stream broken: {exc}", type(exc).__name__)
        return
    finally:
        stream.close()
    if stream.error is not None or short:
        why = f"truncated or corrupt archive after record {n - 1 if short else n}"
        if stream.error is not None:
            why += f": {stream.error}"
        err = (
            "Truncated"
            if stream.error is None or isinstance(stream.error, str)
            else type(stream.error).__name__
        )
        yield _error(short or f"{path}#{n + 1}", why, err)


def _record(uri: str, body: bytes, content_type: str, date: str, n: int, status: int = 200) -> bytes:
    http = (
        f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_warc(
    path: str | os.PathLike,
    pages: Iterable[tuple[str, bytes] | tuple[str, bytes, str]],
    *,
    date: str = "2024-01-01T00:00:00Z",
    compress: bool = True,
) -> int:
    """Write ``(url, body[, content_type])`` as WARC response records (one gzip member each).

    Returns the number of records written. Used by tests and benchmarks to build archives.
    """
    n = 0
    with open(path, "wb") as out:
        for n, page in enumerate(pages, 1):
            url, body = page[0], page[1]
            ctype = page[2] if len(page) > 2 else "text/html; charset=utf-8"  # type: ignore[misc]
            rec = _record(url, body, ctype, date, n)
            out.write(gzip.compress(rec, compresslevel=6) if compress else rec)
    return n
