"""The reader: server-rendered pages and the ``/api/v1`` JSON API over a store.

    from warta.serve.app import create_app
    app = create_app("warta.db")          # an ASGI app: uvicorn.run(app, host="127.0.0.1", port=8080)

Pages: ``/`` (latest, filters), ``/article/{id}``, ``/article/{id}/audit``, ``/search?q=``,
``/entity/{key}``, ``/entities``, ``/quoted``, ``/docs`` (the API, from its OpenAPI schema).
API: ``/api/v1/articles``, ``/api/v1/articles/{id}``, ``/api/v1/articles/{id}/duplicates``,
``/api/v1/search``, ``/api/v1/entities``, ``/api/v1/entities/{key}``, ``/api/v1/most-quoted``,
``/api/v1/stats``, ``/api/v1/errors``; ``/openapi.json``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import anyio.to_thread
import msgspec
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from warta import __version__
from warta.serve import render
from warta.serve.safety import CSP, CSP_REMOTE_IMAGES, SecurityHeaders, safe_lang, safe_url, snippet_markup
from warta.store import Store, views
from warta.store.sqlite import StoreNeedsUpgrade

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 30
SEARCH_PAGE_SIZE = 20
"""Hits per search page: each hit's snippet is computed on the fly (about 50 µs each, `bench/results/serve.md`)."""
MAX_LIMIT = 200
CO_SAMPLE = 300
"""Entity pages count co-mentions over the entity's 300 newest articles (bounded cost)."""
AGGREGATE_TTL = 300.0
"""Seconds the corpus-wide rankings (top entities, most quoted) are reused (stats: 30 s)."""
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ENCODE = msgspec.json.Encoder().encode
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
OutletQ = Annotated[str | None, Query(description="outlet (domain), case-insensitive, e.g. kompas.com")]
LangQ = Annotated[str | None, Query(description="language code, e.g. id, en, ms")]
TagQ = Annotated[str | None, Query(description="a tag of the article")]
DateQ = Annotated[str | None, Query(pattern=_DATE_RE.pattern, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default=True),
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_url=safe_url, lang=safe_lang, snippet=snippet_markup, date=render.fmt_date)
    env.globals.update(version=__version__, type_names=render.TYPE_NAMES)
    return env


class Stores:
    """One read-only :class:`Store` per worker thread (SQLite and tantivy readers stay thread-local)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        if not path.exists():
            Store(path).close()  # a new, empty store
        else:
            try:
                Store(path, readonly=True).close()
            except StoreNeedsUpgrade:  # old schema or no search index yet: upgrade once, then read only
                Store(path).close()

    def get(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Store(self.path, readonly=True)
            with self._lock:
                self._all.append(st)
        return st

    def close(self) -> None:
        with self._lock:
            for st in self._all:
                st.close()
            self._all.clear()


class _Cached:
    """A value recomputed at most every ``ttl`` seconds (facet lists, stats)."""

    def __init__(self, fn: Callable[[], Any], ttl: float) -> None:
        self.fn, self.ttl, self.at, self.value = fn, ttl, 0.0, None
        self.lock = threading.Lock()

    def __call__(self) -> Any:
        if time.monotonic() - self.at > self.ttl:
            with self.lock:
                if time.monotonic() - self.at > self.ttl:
                    self.value = self.fn()
                    self.at = time.monotonic()
        return self.value


class _TTL:
    """Corpus-wide aggregates (top entities, stats) by arguments, each kept ``ttl`` seconds.

    On 100k articles the top-entities ranking takes ~2 s and ``Store.stats`` ~0.5 s: a reader must
    not pay that per request; new articles show up in them within ``ttl``.
    """

    def __init__(self, ttl: float, maxsize: int = 256) -> None:
        self.ttl, self.maxsize = ttl, maxsize
        self.items: dict[Any, tuple[float, Any]] = {}
        self.lock = threading.Lock()

    def get(self, key: Any, fn: Callable[[], Any]) -> Any:
        hit = self.items.get(key)
        if hit is not None and time.monotonic() - hit[0] < self.ttl:
            return hit[1]
        value = fn()
        with self.lock:
            if len(self.items) >= self.maxsize:
                self.items.clear()
            self.items[key] = (time.monotonic(), value)
        return value


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not _DATE_RE.match(value):
        raise HTTPException(422, f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _json(obj: Any, status: int = 200) -> Response:
    return Response(_ENCODE(obj), status_code=status, media_type="application/json")


def create_app(db: str | Path, *, remote_images: bool = False, threads: int = 8) -> FastAPI:
    """The ASGI app serving ``db`` (created if missing). Reads only; a writer may add meanwhile.

    ``threads`` bounds the worker threads (each holds one read-only Store: an SQLite connection
    with its page cache and a search-index reader).
    """
    stores = Stores(Path(db))
    env = _env()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, threads)
        threading.Thread(target=warm_up, name="warta-warm-up", daemon=True).start()
        yield
        stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Warta API",
        version=__version__,
        description="Read-only JSON over a Warta store. Articles are the Article JSON of `warta schema`.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.stores = stores
    app.add_middleware(SecurityHeaders, csp=CSP_REMOTE_IMAGES if remote_images else CSP)
    env.globals["remote_images"] = remote_images
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    facets = _Cached(lambda: (views.outlets(stores.get()), views.languages(stores.get())), ttl=60)
    aggregates = _TTL(ttl=AGGREGATE_TTL)
    stats_cache = _TTL(ttl=30)

    def top_entities(limit: int, type: str | None, since: str | None = None, until: str | None = None) -> Any:
        return aggregates.get(
            ("top", limit, type, since, until),
            lambda: views.top_entities(stores.get(), limit=limit, type=type, since=since, until=until),
        )

    def warm_up() -> None:  # the entities page's rankings, computed once in the background at start
        try:
            for kind in (None, *render.TYPE_NAMES):
                top_entities(100, kind)
        except Exception:  # (closed at shutdown meanwhile: the next request computes them)
            pass

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, q=ctx.pop("q", ""), **ctx)
        return HTMLResponse(html, status_code=status)

    def pager(request: Request, page_no: int, has_next: bool) -> dict[str, str | None]:
        params = dict(request.query_params)

        def url(n: int) -> str:
            params["page"] = str(n)
            return "?" + urlencode({k: v for k, v in params.items() if v})

        return {
            "prev": url(page_no - 1) if page_no > 1 else None,
            "next": url(page_no + 1) if has_next else None,
        }

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page("error.html", request, status=exc.status_code, code=exc.status_code, detail=exc.detail)

    # -- pages ------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def latest_page(
        request: Request,
        outlet: str | None = None,
        lang: str | None = None,
        tag: str | None = None,
        since: str | None = None,
        until: str | None = None,
        page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> HTMLResponse:
        st = stores.get()
        since, until = _date(since, "since"), _date(until, "until")
        items = views.latest(
            st,
            limit=PAGE_SIZE + 1,
            offset=(page_no - 1) * PAGE_SIZE,
            outlet=outlet or None,
            lang=lang or None,
            tag=tag or None,
            since=since,
            until=until,
        )
        outlets, langs = facets()
        filters = {
            "outlet": outlet or "",
            "lang": lang or "",
            "tag": tag or "",
            "since": since or "",
            "until": until or "",
        }
        return page(
            "latest.html",
            request,
            items=items[:PAGE_SIZE],
            pager=pager(request, page_no, len(items) > PAGE_SIZE),
            page_no=page_no,
            filters=filters,
            filtered=any(filters.values()),
            outlets=outlets,
            langs=langs,
        )

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        st = stores.get()
        art = st.get(article_id)
        if art is None:
            raise HTTPException(404, "No such article")
        return page(
            "article.html",
            request,
            art=art,
            blocks=render.body_blocks(art),
            agencies=render.agencies(art),
            original=render.original_url(art),
            groups=render.entity_groups(art),
            speakers={e.id: e for e in art.entities},
            copies=st.duplicates(article_id),
        )

    @app.get("/article/{article_id}/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, article_id: str) -> HTMLResponse:
        art = stores.get().get(article_id)
        if art is None:
            raise HTTPException(404, "No such article")
        reasons: dict[str, int] = {}
        for r in art.removed:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return page(
            "audit.html",
            request,
            art=art,
            reasons=sorted(reasons.items(), key=lambda kv: -kv[1]),
            original=render.original_url(art),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: str = "",
        page_no: Annotated[int, Query(alias="page", ge=1, le=500)] = 1,
    ) -> HTMLResponse:
        res = None
        took = 0.0
        q = q[:1000]
        if q.strip():
            t0 = time.perf_counter()
            res = stores.get().search(q, limit=SEARCH_PAGE_SIZE, offset=(page_no - 1) * SEARCH_PAGE_SIZE)
            took = (time.perf_counter() - t0) * 1000
        has_next = bool(res and res.total > page_no * SEARCH_PAGE_SIZE)
        return page(
            "search.html",
            request,
            q=q,
            res=res,
            took=took,
            page_no=page_no,
            pager=pager(request, page_no, has_next),
            first=(page_no - 1) * SEARCH_PAGE_SIZE,
        )

    @app.get("/entity/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_html(request: Request, key: str) -> HTMLResponse:
        data = views.entity_page(stores.get(), key, co_sample=CO_SAMPLE)
        if data is None:
            raise HTTPException(404, "No such entity")
        return page("entity.html", request, e=data, chart=render.bars(render.fill_months(data["timeline"])))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_html(request: Request, type: str | None = None) -> HTMLResponse:
        kind = type if type in render.TYPE_NAMES else None
        return page("entities.html", request, items=top_entities(100, kind), kind=kind)

    @app.get("/quoted", response_class=HTMLResponse, include_in_schema=False)
    def quoted_html(request: Request, since: str | None = None, until: str | None = None) -> HTMLResponse:
        since, until = _date(since, "since"), _date(until, "until")
        items = aggregates.get(
            ("quoted", 50, since, until),
            lambda: views.most_quoted(stores.get(), limit=50, since=since, until=until),
        )
        return page("quoted.html", request, items=items, since=since or "", until=until or "")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_html(request: Request) -> HTMLResponse:
        spec = app.openapi()
        return page("docs.html", request, spec=spec)

    # -- API --------------------------------------------------------------------------------
    @app.get("/api/v1/articles", tags=["articles"], summary="Latest articles, newest first")
    def api_articles(
        outlet: OutletQ = None,
        lang: LangQ = None,
        tag: TagQ = None,
        since: DateQ = None,
        until: DateQ = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        items = views.latest(
            stores.get(),
            limit=limit + 1,
            offset=offset,
            outlet=outlet,
            lang=lang,
            tag=tag,
            since=since,
            until=until,
        )
        nxt = offset + limit if len(items) > limit else None
        return _json({"items": items[:limit], "limit": limit, "offset": offset, "next_offset": nxt})

    @app.get("/api/v1/articles/{article_id}", tags=["articles"], summary="One article (Article JSON)")
    def api_article(article_id: str) -> Response:
        art = stores.get().get(article_id)
        if art is None:
            raise HTTPException(404, "No such article")
        return Response(art.to_json(), media_type="application/json")

    @app.get(
        "/api/v1/articles/{article_id}/duplicates", tags=["articles"], summary="Stored copies of an article"
    )
    def api_duplicates(article_id: str) -> Response:
        st = stores.get()
        if st.get(article_id) is None:
            raise HTTPException(404, "No such article")
        return _json({"items": st.duplicates(article_id)})

    @app.get("/api/v1/search", tags=["search"], summary="Full-text search with operators")
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=1000, description="query with operators")],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Response:
        res = stores.get().search(q, limit=limit, offset=offset)
        return _json({"query": q, "limit": limit, "offset": offset, **msgspec.to_builtins(res)})

    @app.get("/api/v1/entities", tags=["entities"], summary="Top entities by articles mentioning them")
    def api_entities(
        type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$", description="PER, ORG or LOC")] = None,
        since: DateQ = None,
        until: DateQ = None,
        limit: Limit = 50,
    ) -> Response:
        items = top_entities(limit, type, since, until)
        return _json({"items": items})

    @app.get(
        "/api/v1/entities/{key:path}", tags=["entities"], summary="One entity: timeline, articles, quotes"
    )
    def api_entity(key: str, limit: Limit = 50) -> Response:
        data = views.entity_page(stores.get(), key, limit=limit, co_sample=CO_SAMPLE)
        if data is None:
            raise HTTPException(404, "No such entity")
        data["timeline"] = [{"period": p, "articles": n} for p, n in data["timeline"]]
        return _json(data)

    @app.get("/api/v1/most-quoted", tags=["entities"], summary="Speakers ranked by quotes")
    def api_most_quoted(since: DateQ = None, until: DateQ = None, limit: Limit = 20) -> Response:
        items = aggregates.get(
            ("quoted", limit, since, until),
            lambda: views.most_quoted(stores.get(), limit=limit, since=since, until=until),
        )
        return _json({"items": items})

    @app.get("/api/v1/stats", tags=["corpus"], summary="Corpus counts")
    def api_stats() -> Response:
        return _json(stats_cache.get("stats", lambda: stores.get().stats()))

    @app.get("/api/v1/errors", tags=["corpus"], summary="Latest error records")
    def api_errors(limit: Limit = 100) -> Response:
        return _json({"items": stores.get().errors(limit=limit)})

    return app
