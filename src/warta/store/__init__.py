"""The corpus store: one SQLite file with full-text search and duplicate detection.

    >>> from warta.store import Store
    >>> st = Store(":memory:")  # or a path: "warta.db"

See :mod:`warta.store.sqlite` for the API and the schema, :mod:`warta.store.query` for the
search syntax.
"""

from warta.store.sqlite import AddResult, ArticleSummary, ErrorRow, Hit, SearchResult, Store

__all__ = ["AddResult", "ArticleSummary", "ErrorRow", "Hit", "SearchResult", "Store"]
