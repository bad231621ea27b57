"""The reader: ``warta serve`` — server-rendered pages and a versioned JSON API over a store.

    from warta.serve import create_app
    import uvicorn
    uvicorn.run(create_app("warta.db"), host="127.0.0.1", port=8080)

See :mod:`warta.serve.app` for the routes and :mod:`warta.serve.safety` for the security model
(autoescaped templates, http(s)-only links, strict CSP, no inline script or style).
"""

from warta.serve.app import create_app

__all__ = ["create_app"]
