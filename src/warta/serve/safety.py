"""Everything from a page is untrusted: URL, language and snippet sanitising, security headers.

>>> safe_url("javascript:alert(1)") is None, safe_url(" https://x.id/a ")
(True, 'https://x.id/a')
>>> str(snippet_markup('a &lt;b&gt; <mark>banjir</mark> <img src=x onerror=1>'))
'a &lt;b&gt; <mark>banjir</mark> &lt;img src=x onerror=1&gt;'
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from markupsafe import Markup

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""The Content-Security-Policy of every response: no inline script or style, nothing from elsewhere."""
CSP_REMOTE_IMAGES = CSP.replace("img-src 'self'", "img-src 'self' https:")
"""With ``warta serve --remote-images``: article figures load from their (https) origin."""

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]

_CTRL_RE = re.compile(r"[\x00-\x20\x7f]+")
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_MARK_RE = re.compile(r"(</?mark>)")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (``javascript:``, ``data:``, relative …).

    Control characters and whitespace are removed first, as browsers do (``java\\tscript:``).
    """
    if not url:
        return None
    u = _CTRL_RE.sub("", url)
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return u


def safe_lang(code: str | None) -> str | None:
    """A BCP 47-looking language tag for a ``lang`` attribute, else None."""
    return code if code and _LANG_RE.match(code) else None


def snippet_markup(snippet: str) -> Markup:
    """A search snippet (escaped text with ``<mark>`` around matches) as markup, re-escaped here.

    The only tags kept are ``<mark>``/``</mark>``; everything else is unescaped and escaped again,
    so escaped text stays as it was and any raw ``<`` that slipped through is neutralised.
    """
    out = []
    for part in _MARK_RE.split(snippet):
        if part in ("<mark>", "</mark>"):
            out.append(part)
        else:
            out.append(html.escape(html.unescape(part), quote=False))
    # balance <mark> (a truncated snippet could end inside one)
    opened = sum(1 for p in out if p == "<mark>") - sum(1 for p in out if p == "</mark>")
    out.extend(["</mark>"] * max(0, opened))
    return Markup("".join(out))


class SecurityHeaders:
    """ASGI middleware: CSP and the other security headers on every HTTP response; HEAD as GET.

    A pure ASGI wrapper (no per-request task like ``BaseHTTPMiddleware``) to keep latency low.
    """

    def __init__(self, app, csp: str = CSP) -> None:  # app: an ASGI application
        self.app = app
        self.headers = [(b"content-security-policy", csp.encode()), *SECURITY_HEADERS]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        head = scope["method"] == "HEAD"
        if head:  # answer HEAD like GET, without the body (link checkers, curl -I)
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message) -> None:
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
