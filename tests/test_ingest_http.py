"""Polite fetching and feeds against a local HTTP server started here (127.0.0.1, random port)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from warta.ingest import http
from warta.ingest.feeds import read_feed
from warta.ingest.files import iter_sources
from warta.ingest.http import USER_AGENT, Fetcher, FetchError, read_url

LONG = "<p>" + "Isi berita yang panjang. " * 20 + "</p>"


class _Site:
    def __init__(self) -> None:
        self.hits: list[tuple[str, float, dict[str, str]]] = []
        self.flaky_left = 0


def _handler(site: _Site) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            site.hits.append((self.path, time.monotonic(), dict(self.headers)))
            host = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif self.path.startswith("/page/"):
                etag = '"v1-' + self.path.rsplit("/", 1)[1] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, ETag=etag)
                else:
                    body = f"<html><body><h1>Halaman {self.path}</h1>{LONG}</body></html>".encode()
                    self._send(200, body, ETag=etag, Last_Modified="Mon, 01 Jan 2024 00:00:00 GMT")
            elif self.path == "/flaky":
                if site.flaky_left > 0:
                    site.flaky_left -= 1
                    self._send(503, b"busy", Retry_After="0")
                else:
                    self._send(200, b"<html><body><p>akhirnya</p></body></html>")
            elif self.path == "/big":
                self._send(200, b"x" * 300_000)
            elif self.path == "/feed.xml":
                items = (
                    f"<item><title>Satu</title><link>{host}/page/1</link></item>"
                    f"<item><title>Rahasia</title><link>{host}/private/2</link>"
                    f"<description><![CDATA[{LONG}]]></description></item>"
                    f"<item><title>Hilang</title><link>{host}/gone</link><description>pendek</description></item>"
                )
                if self.headers.get("If-None-Match") == '"feed-1"':
                    self._send(304, ETag='"feed-1"')
                    return
                body = f"<rss version='2.0'><channel>{items}</channel></rss>".encode()
                self._send(200, body, "application/rss+xml", ETag='"feed-1"')
            else:
                self._send(404, b"not found")

    return H


@pytest.fixture()
def site() -> Iterator[tuple[str, _Site]]:
    state = _Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def _fetcher(**kw: object) -> Fetcher:
    opts: dict = {"delay": 0.0, "backoff": 0.01, "timeout": 5.0}
    opts.update(kw)
    return Fetcher(**opts)


def test_robots_disallow_is_honoured_and_user_agent_sent(site: tuple[str, _Site]) -> None:
    base, state = site
    f = _fetcher()
    with pytest.raises(FetchError) as err:
        f.fetch(base + "/private/x")
    assert err.value.code == "robots"
    assert f.fetch(base + "/page/1").status == 200
    assert [p for p, _, _ in state.hits] == ["/robots.txt", "/page/1"]  # robots fetched once, private never
    assert all(h["User-Agent"] == USER_AGENT for _, _, h in state.hits)
    with pytest.raises(FetchError) as err:  # robots ignored on request: the server is asked
        _fetcher(respect_robots=False).fetch(base + "/private/x")
    assert err.value.code == "http-404" and state.hits[-1][0] == "/private/x"


def test_conditional_get_gives_304_once_committed(site: tuple[str, _Site], tmp_path: Path) -> None:
    base, state = site
    cache = str(tmp_path / "v.sqlite")
    f = _fetcher(cache_path=cache)
    first = f.fetch(base + "/page/7")
    assert first.status == 200 and b"Halaman /page/7" in first.body
    # not committed yet (the run may still die before storing it): no conditional request
    assert f.fetch(base + "/page/7").status == 200
    f.cache.commit()
    f.close()
    g = _fetcher(cache_path=cache)  # a later run, same sidecar
    again = g.fetch(base + "/page/7")
    assert again.status == 304 and again.not_modified and again.body == b""
    assert state.hits[-1][2].get("If-None-Match") == '"v1-7"'
    assert list(read_url(base + "/page/7", fetcher=g)) == []  # unchanged page: nothing to store


def test_retry_after_503(site: tuple[str, _Site]) -> None:
    base, state = site
    state.flaky_left = 2
    res = _fetcher().fetch(base + "/flaky")
    assert res.status == 200 and b"akhirnya" in res.body
    assert [p for p, _, _ in state.hits].count("/flaky") == 3
    state.flaky_left = 10
    with pytest.raises(FetchError) as err:
        _fetcher(retries=2).fetch(base + "/flaky")
    assert err.value.code == "unreachable" and "503" in str(err.value)


def test_size_cap(site: tuple[str, _Site]) -> None:
    base, _ = site
    with pytest.raises(FetchError) as err:
        _fetcher(max_bytes=100_000).fetch(base + "/big")
    assert err.value.code == "too-large"
    assert len(_fetcher(max_bytes=400_000).fetch(base + "/big").body) == 300_000
    docs = list(read_url(base + "/big", fetcher=_fetcher(max_bytes=1000)))
    assert docs[0].meta["error"] == "too-large" and docs[0].source == base + "/big"


def test_rate_limit_spacing_per_host(site: tuple[str, _Site]) -> None:
    base, state = site
    f = _fetcher(delay=0.25)
    t0 = time.monotonic()
    for i in range(4):
        f.fetch(f"{base}/page/{i}")
    elapsed = time.monotonic() - t0
    assert len([p for p, _, _ in state.hits if p.startswith("/page/")]) == 4
    # three waits of 0.25 s between four requests to one host, timed by the client: load can only make it
    # longer (the server's own stamps come late by tens of ms on a loaded machine, so they are not used);
    # without the limiter the four fetches take ~0.02 s
    assert elapsed >= 0.75


def test_timeout_and_unreachable_host_become_errors() -> None:
    f = _fetcher(retries=1, timeout=0.5)
    docs = list(read_url("http://127.0.0.1:9/nothing", fetcher=f))  # discard port: connection refused
    assert docs[0].meta["error"] == "unreachable"


def test_feed_items_fetched_with_inline_fallback(site: tuple[str, _Site], tmp_path: Path) -> None:
    base, _ = site
    f = _fetcher()
    docs = list(read_url(base + "/feed.xml", fetcher=f))
    assert [d.source for d in docs] == [base + "/page/1", base + "/private/2", base + "/gone"]
    page, private, gone = docs
    assert b"Halaman /page/1" in page.data and page.meta["feed_title"] == "Satu"
    # robots forbids fetching it, but the feed carried the article: that is used, with the reason
    assert (
        private.data == LONG
        and private.content_type == "text/html"
        and "robots" in private.meta["fetch_error"]
    )
    # a 404 with only a teaser: an error record naming the URL
    assert gone.meta["error"] == "http-404" and not gone.data
    # resume: stored items are not fetched again
    seen = {base + "/page/1", base + "/private/2"}
    assert [d.source for d in read_url(base + "/feed.xml", fetcher=_fetcher(), skip=seen.__contains__)] == [
        base + "/gone"
    ]
    # a local feed file and a .urls list go through the same path
    feed_file = tmp_path / "f.rss"
    feed_file.write_bytes(f"<rss><channel><item><link>{base}/page/3</link></item></channel></rss>".encode())
    assert [d.source for d in read_feed(str(feed_file), fetcher=f)] == [base + "/page/3"]
    lst = tmp_path / "a.urls"
    lst.write_text(f"# pages\n{base}/page/4\n\n{base}/page/5\n")
    http.configure(delay=0.0)
    try:
        assert [d.url for d in iter_sources([str(lst)])] == [base + "/page/4", base + "/page/5"]
    finally:
        http.configure()


def test_warta_ingest_feed_end_to_end(
    site: tuple[str, _Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("warta.store")
    from warta.cli import main
    from warta.store import Store

    base, state = site
    db = str(tmp_path / "f.db")
    argv = ["ingest", base + "/feed.xml", "--db", db, "--delay", "0"]
    assert main(argv) == 1  # one item is gone: an error record, exit 1
    assert "3 documents" in capsys.readouterr().err
    st = Store(db)
    try:
        assert st.done_sources(base) == {base + "/page/1", base + "/private/2", base + "/gone"}
        assert [e.source for e in st.errors()] == [base + "/gone"]
        assert st.stats()["articles"] == 2
    finally:
        st.close()
    # the feed has not changed: a conditional GET, a 304, nothing fetched or stored again
    n = len(state.hits)
    assert main(argv) == 0
    assert "0 documents" in capsys.readouterr().err
    assert [p for p, _, _ in state.hits[n:]] == ["/robots.txt", "/feed.xml"]
    assert state.hits[-1][2].get("If-None-Match") == '"feed-1"'


def test_unknown_host_is_not_retried():
    import socket

    import httpx

    from warta.ingest.http import _unknown_host

    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from inner
    except httpx.ConnectError as exc:
        assert _unknown_host(exc)
    assert not _unknown_host(httpx.ConnectError("Connection refused"))
