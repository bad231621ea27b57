"""Warta: news intelligence from raw pages, flattened text, WARC and feeds. Indonesian first.

>>> import warta
>>> art = warta.extract(open("page.html", "rb").read(), url="https://example.id/berita/1")  # doctest: +SKIP
>>> art.title, art.body[:2], art.related  # doctest: +SKIP
"""

from warta.article import Article, RawDoc, json_schema
from warta.enrich import enrich
from warta.extract import extract

__version__ = "0.1.0"
__all__ = ["Article", "RawDoc", "enrich", "extract", "json_schema", "__version__"]
