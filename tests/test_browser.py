"""The reader in a real browser: Debian's chromium driven by Playwright (no browser download).

Starts ``warta serve`` on a free loopback port over the fictional store of ``test_serve_api``
(hostile article included), walks the pages with the keyboard, checks the hostile page's payloads
never ran, and saves screenshots to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import REPO, skip_unless_ci
from test_serve_api import BANJIR_ID, HOSTILE_ID, RATES_ID, fictional_store

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("WARTA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    db = fictional_store(tmp_path_factory.mktemp("browser") / "warta.db")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "warta.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/v1/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"warta serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        skip_unless_ci(f"chromium not found at {CHROMIUM}")
    try:
        from playwright import sync_api
    except ImportError:
        skip_unless_ci("playwright is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """A browser context that records page errors, CSP violations and off-host requests (blocked)."""

    def __init__(self, browser, base: str, **ctx) -> None:
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.ctx = browser.new_context(**ctx)
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.base = base

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def _console(self, msg) -> None:
        if msg.type == "error" and "Content Security Policy" in msg.text:
            self.errors.append(msg.text)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, name: str, full: bool = True) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)

    def close(self) -> None:
        self.ctx.close()


def _selected_href(page) -> str | None:
    return page.evaluate(
        "() => { const s = document.querySelector('.item.selected .item-link'); return s && s.getAttribute('href'); }"
    )


def test_read_search_and_keyboard(server: str, browser) -> None:
    w = Watch(browser, server, viewport={"width": 1280, "height": 900})
    page = w.page
    try:
        w.go("/")
        assert page.locator("h1").inner_text() == "Latest articles"
        items = page.locator("ol.items > li.item")
        assert items.count() == 30
        w.shot("01-latest")

        # j/k move the selection, o opens it
        page.keyboard.press("j")
        first = _selected_href(page)
        page.keyboard.press("j")
        second = _selected_href(page)
        assert first and second and first != second
        page.keyboard.press("k")
        assert _selected_href(page) == first
        page.keyboard.press("j")
        with page.expect_navigation():
            page.keyboard.press("o")
        assert page.url.endswith(second)

        # g h goes home; / focuses the search box; search with an operator
        page.keyboard.press("g")
        with page.expect_navigation():
            page.keyboard.press("h")
        assert page.url.rstrip("/") == server
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "q"
        page.keyboard.type("intitle:banjir lang:id")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/search?q=intitle%3Abanjir" in page.url
        assert page.locator("#result-count strong").inner_text() == "2"
        assert page.locator(".snippet mark").count() >= 1
        w.shot("02-search")

        # open the first hit with the keyboard: the article reader
        page.keyboard.press("j")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/article/banjir" in page.url
        assert page.locator("article.story").get_attribute("lang") == "id"
        assert page.locator("article h1").inner_text().startswith("Banjir Rendam")
        assert page.locator("article .body h2").inner_text() == "Penanganan pengungsi"
        assert "Dimas Arya" in page.locator("figure figcaption").inner_text()
        assert page.locator("aside.related li").count() == 1
        assert page.locator("aside.quotes .speaker").first.inner_text() == "Sari Wulandari"
        assert page.locator("time").first.get_attribute("datetime") == "2026-03-04T08:15:00+07:00"
        w.shot("03-article")

        # v opens the original page in a new tab (blocked here: no request leaves loopback)
        with w.ctx.expect_page() as popup:
            page.keyboard.press("v")
        assert popup.value.url.startswith("https://kabarharian.id/") or any(
            u.startswith("https://kabarharian.id/") for u in w.offsite
        )
        popup.value.close()

        # ? shows the help overlay, Escape hides it
        page.keyboard.press("?")
        assert page.locator("#help").is_visible()
        w.shot("04-help", full=False)
        page.keyboard.press("Escape")
        assert not page.locator("#help").is_visible()

        # the entity page from the quotes panel
        with page.expect_navigation():
            page.locator("aside.quotes .speaker a").first.click()
        assert page.locator("h1").inner_text().startswith("Sari Wulandari")
        assert page.locator("svg rect.bar").count() >= 1
        w.shot("05-entity")
        w.go("/quoted")
        assert page.locator("table.ranking tbody tr").count() >= 2
        w.shot("06-quoted")
        w.go(f"/article/{BANJIR_ID}/audit")
        w.shot("07-audit")
        w.go("/docs")
        w.shot("08-docs")
        assert w.errors == []
        assert all(u.startswith("https://kabarharian.id/") for u in w.offsite)
    finally:
        w.close()


def test_hostile_article_does_not_run(server: str, browser) -> None:
    w = Watch(browser, server, viewport={"width": 1280, "height": 900})
    page = w.page
    try:
        for path in (f"/article/{HOSTILE_ID}", f"/article/{HOSTILE_ID}/audit", "/search?q=hostile", "/"):
            w.go(path)
            page.mouse.move(200, 300)
            for el in page.locator("main a, main .by, main figcaption").all()[:15]:
                if el.is_visible():
                    el.hover(timeout=2000)  # would fire onmouseover payloads if any became attributes
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.title() != "PWNED", path  # (the article's title contains the payload as text)
            assert page.locator("article script, main script, main iframe, main img, main svg").count() == 0
            if path == f"/article/{HOSTILE_ID}":
                # the payloads are shown as text
                assert "<script>" in page.locator("article h1").inner_text()
                assert page.locator("a[href^='javascript'], a[href^='data']").count() == 0
                w.shot("09-hostile")
        assert w.offsite == []  # nothing fetched from anywhere but the server
    finally:
        w.close()


def test_phone_width_and_dark_mode(server: str, browser) -> None:
    w = Watch(browser, server, viewport={"width": 390, "height": 844}, color_scheme="dark", is_mobile=True)
    page = w.page
    try:
        w.go(f"/article/{RATES_ID}")
        # no horizontal scrolling at phone width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert bg != "rgb(251, 250, 247)"  # the dark palette applies
        w.shot("10-article-phone-dark")
        w.go("/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        w.shot("11-latest-phone-dark")
        assert w.errors == []
    finally:
        w.close()
