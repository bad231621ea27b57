"""Polite fetching of URLs with httpx: robots.txt, per-host rate limit, conditional GET, retries.

>>> fetcher = Fetcher(cache_path="warta.db.http")      # doctest: +SKIP
>>> res = fetcher.fetch("https://example.id/berita/1")  # doctest: +SKIP
>>> res.status, res.not_modified, len(res.body)          # doctest: +SKIP
(200, False, 48211)

* robots.txt is fetched once per host (``urllib.robotparser``) and honoured, Crawl-delay included;
* requests to one host are spaced by at least ``delay`` seconds;
* ETag / Last-Modified are kept in a small SQLite table, so fetching an unchanged page again sends
  a conditional GET and gets ``304 Not Modified`` (``FetchResult.not_modified``) instead of the page;
* 429, 5xx, timeouts and connection errors are retried with exponential backoff (``Retry-After``
  honoured up to ``max_backoff``);
* bodies larger than ``max_bytes`` are abandoned mid-stream;
* every request carries :data:`USER_AGENT`.

:func:`read_url` turns a URL into RawDocs (feeds and sitemaps are expanded by :mod:`warta.ingest.feeds`).
"""

from __future__ import annotations

import email.utils
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from warta import __version__
from warta.article import RawDoc

if TYPE_CHECKING:
    import urllib.robotparser

    import httpx  # imported when the first request is made: a run that reads only files never loads it

USER_AGENT = f"Warta/{__version__} (news-intelligence ingest; honours robots.txt)"
"""Sent with every request; robots.txt rules are matched against the ``Warta`` token."""
ROBOTS_AGENT = "Warta"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched; ``code`` is a short reason (``robots``, ``too-large``, ``http-404``…)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class FetchResult:
    url: str
    """The final URL, after redirects."""
    status: int
    body: bytes = b""
    content_type: str | None = None
    fetched_at: str | None = None
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class ValidatorCache:
    """ETag / Last-Modified per URL in a small SQLite file (a sidecar of the store).

    Validators are written *pending* and only used once :meth:`commit` is called, which the
    ingest driver does after everything fetched has been stored: a run killed midway must not
    be answered ``304 Not Modified`` for pages (or feeds) whose content it never stored.
    """

    def __init__(self, path: str = ":memory:") -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL") if path != ":memory:" else None
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS http_validators"
            " (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, at TEXT, committed INTEGER DEFAULT 0)"
        )
        self.db.commit()
        self._lock = threading.Lock()

    def get(self, url: str) -> tuple[str | None, str | None]:
        with self._lock:
            row = self.db.execute(
                "SELECT etag, last_modified FROM http_validators WHERE url=? AND committed=1", (url,)
            ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if not etag and not last_modified:
            return
        with self._lock:
            self.db.execute(
                "INSERT OR REPLACE INTO http_validators VALUES (?, ?, ?, ?, 0)",
                (url, etag, last_modified, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            self.db.commit()

    def commit(self) -> None:
        """Everything fetched so far is stored: its validators may now be sent."""
        with self._lock:
            self.db.execute("UPDATE http_validators SET committed=1 WHERE committed=0")
            self.db.commit()

    def close(self) -> None:
        self.db.close()


class Fetcher:
    """A polite HTTP client. One per run; not shared across processes."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        timeout: float = 15.0,
        max_bytes: int = 10 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        cache_path: str = ":memory:",
        respect_robots: bool = True,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.respect_robots = respect_robots
        self.cache = ValidatorCache(cache_path)
        self.user_agent = user_agent
        self.timeout = timeout
        self._client: httpx.Client | None = None
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._sleep = sleep
        self.requests = 0

    @property
    def client(self) -> httpx.Client:
        """The httpx client, made on the first request (importing httpx and building its transport
        cost ~0.3 CPU-s, which a run that reads only files, most ingest runs, need not pay)."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=True,
            )
        return self._client

    # -- politeness -------------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        gap = self.delay
        rp = self._robots.get(host)
        if rp is not None and (cd := rp.crawl_delay(ROBOTS_AGENT)):
            gap = max(gap, min(float(cd), self.max_backoff))
        last = self._last.get(host)
        if last is not None and (wait := last + gap - time.monotonic()) > 0:
            self._sleep(wait)
        self._last[host] = time.monotonic()

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's parsed robots.txt (fetched once, cached); None if there is none to honour."""
        import urllib.robotparser  # (here: it pulls in urllib.request, which a run without URLs never needs)

        import httpx

        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host in self._robots:
            return self._robots[host]
        rp: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser(
            host + "/robots.txt"
        )
        try:
            self._wait_turn(parts.netloc)
            self.requests += 1
            resp = self.client.get(host + "/robots.txt")
            if resp.status_code in (401, 403):
                rp.disallow_all = True  # type: ignore[union-attr]
            elif resp.status_code >= 400:
                rp = None  # no robots.txt: everything allowed
            else:
                rp.parse(resp.text.splitlines())  # type: ignore[union-attr]
        except httpx.HTTPError:
            rp = None  # unreachable robots.txt: the page fetch will tell
        self._robots[host] = rp
        return rp

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        rp = self.robots(url)
        return rp is None or rp.can_fetch(ROBOTS_AGENT, url)

    # -- fetching ---------------------------------------------------------------------------

    def _retry_wait(self, attempt: int, resp: httpx.Response | None) -> float:
        wait = self.backoff * (2**attempt)
        if resp is not None and (ra := resp.headers.get("Retry-After")):
            try:
                wait = float(ra)
            except ValueError:
                when = email.utils.parsedate_to_datetime(ra)
                if when is not None:
                    wait = (when - datetime.now(UTC)).total_seconds()
        return max(0.0, min(wait, self.max_backoff))

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult:
        """GET ``url`` politely. Raises :class:`FetchError` when it cannot be had."""
        import httpx

        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("bad-url", f"not an http(s) URL: {url}")
        if not self.allowed(url):
            raise FetchError("robots", f"disallowed by robots.txt: {url}")
        headers: dict[str, str] = {}
        if conditional:
            etag, last_mod = self.cache.get(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_mod:
                headers["If-Modified-Since"] = last_mod
        host = urlsplit(url).netloc
        last_error = ""
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            self.requests += 1
            resp = None
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    if resp.status_code in RETRY_STATUS:
                        last_error = f"HTTP {resp.status_code}"
                    elif resp.status_code == 304:
                        return FetchResult(
                            url=str(resp.url), status=304, not_modified=True, headers=dict(resp.headers)
                        )
                    elif resp.status_code >= 400:
                        raise FetchError(f"http-{resp.status_code}", f"HTTP {resp.status_code} for {url}")
                    else:
                        declared = resp.headers.get("Content-Length")
                        if declared and declared.isdigit() and int(declared) > self.max_bytes:
                            raise FetchError(
                                "too-large", f"{declared} bytes is over the {self.max_bytes}-byte cap: {url}"
                            )
                        chunks: list[bytes] = []
                        size = 0
                        for chunk in resp.iter_bytes():
                            size += len(chunk)
                            if size > self.max_bytes:
                                raise FetchError("too-large", f"over the {self.max_bytes}-byte cap: {url}")
                            chunks.append(chunk)
                        self.cache.put(url, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
                        return FetchResult(
                            url=str(resp.url),
                            status=resp.status_code,
                            body=b"".join(chunks),
                            content_type=resp.headers.get("Content-Type"),
                            fetched_at=_http_date(resp.headers.get("Date")),
                            headers=dict(resp.headers),
                        )
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                if _unknown_host(exc):  # DNS says no: retrying cannot help
                    raise FetchError("unknown-host", f"{last_error}: {url}") from None
            if attempt < self.retries:
                self._sleep(self._retry_wait(attempt, resp))
        raise FetchError("unreachable", f"gave up after {self.retries + 1} tries ({last_error}): {url}")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self.cache.close()


def _unknown_host(exc: BaseException) -> bool:
    """True when a transport error comes from a failed name lookup (socket.gaierror in its chain)."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _http_date(value: str | None) -> str:
    if value:
        try:
            return email.utils.parsedate_to_datetime(value).astimezone(UTC).isoformat(timespec="seconds")
        except (TypeError, ValueError):
            pass
    return datetime.now(UTC).isoformat(timespec="seconds")


_default: Fetcher | None = None


def default_fetcher() -> Fetcher:
    """The process-wide fetcher used by :func:`read_url` when none is given (configure with :func:`configure`)."""
    global _default
    if _default is None:
        _default = Fetcher()
    return _default


def configure(**options: object) -> Fetcher:
    """Replace the process-wide fetcher, e.g. ``configure(delay=2.0, cache_path="warta.db.http")``."""
    global _default
    if _default is not None:
        _default.close()
    _default = Fetcher(**options)  # type: ignore[arg-type]
    return _default


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """RSS, Atom or a sitemap, by declared type or by the root element."""
    ct = (content_type or "").lower()
    if any(t in ct for t in ("rss", "atom", "/xml")):
        return True
    head = body[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--") or head.startswith(b"<?"):
            end = head.find(b"-->" if head.startswith(b"<!--") else b"?>")
            head = head[end + 3 :].lstrip() if end >= 0 else b""
    return head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf"))


def read_url(
    url: str,
    *,
    fetcher: Fetcher | None = None,
    skip: Callable[[str], bool] | None = None,
) -> Iterator[RawDoc]:
    """Fetch one URL: a page gives one RawDoc; a feed or sitemap gives its items (fetched in turn).

    A URL that cannot be fetched gives a read-error RawDoc; a 304 gives nothing (already stored).
    ``skip(url)`` true means the page is stored already: it is not fetched again.
    """
    fetcher = fetcher or default_fetcher()
    if skip is not None and skip(url):
        return
    try:
        res = fetcher.fetch(url)
    except FetchError as exc:
        yield RawDoc(data=b"", source=url, url=url, meta={"read_error": str(exc), "error": exc.code})
        return
    if res.not_modified:
        return
    if looks_like_feed(res.body, res.content_type):
        from warta.ingest.feeds import read_feed_bytes

        yield from read_feed_bytes(res.body, source=url, fetcher=fetcher, skip=skip)
        return
    yield RawDoc(
        data=res.body, source=url, url=res.url, fetched_at=res.fetched_at, content_type=res.content_type
    )
