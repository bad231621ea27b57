"""Enrichment: language, sentences, entities, sources, quotes, dates, keywords, summary.

>>> import warta
>>> art = warta.enrich(warta.Article(title="Harga beras naik", body=[
...     '"Stok beras aman sampai akhir tahun," kata Menteri Budi Santoso di Jakarta, Jumat (18/6).']))
>>> art.lang, art.quotes[0].type, art.quotes[0].cue, art.dates[0].kind
('id', 'direct', 'kata', 'weekday-daymonth')

``quote.speaker`` is the NER entity's name when the entities stage found the speaker ("Budi
Santoso", with ``speaker_id``), else the phrase in the text ("Menteri Budi Santoso").

Each stage is a pure ``Article -> Article`` function holding only read-only resources loaded once
per process (lingua's detector, compiled patterns from ``warta/lang``, the keyword table, the NER
model). :func:`enrich_stages` gives them in order for :class:`warta.run.pipeline.Pipeline`;
``warta extract --enrich`` uses it.
"""

from __future__ import annotations

from warta.article import Article
from warta.enrich.dates import dates_stage
from warta.enrich.keywords import keywords_stage
from warta.enrich.language import language_stage
from warta.enrich.quotes import quotes_stage
from warta.enrich.sentences import sentences_stage
from warta.enrich.sources import sources_stage
from warta.enrich.summary import summary_stage
from warta.run.pipeline import Stage

__all__ = ["enrich", "enrich_stages"]


def _entities(article: Article) -> Article:
    from warta.enrich.entities import entities_stage

    return entities_stage(article)


def enrich_stages() -> list[Stage]:
    """The enrichment stages in order: language, sentences, entities, sources, quotes, dates, keywords, summary."""
    return [
        Stage("language", language_stage),
        Stage("sentences", sentences_stage),
        Stage("entities", _entities),
        Stage("sources", sources_stage),
        Stage("quotes", quotes_stage),
        Stage("dates", dates_stage),
        Stage("keywords", keywords_stage),
        Stage("summary", summary_stage),
    ]


def enrich(article: Article) -> Article:
    """Run every enrichment stage on ``article`` (in place, and returned).

    A stage that fails records an error on the article and the others still run, as in a pipeline.
    """
    for stage in enrich_stages():
        try:
            article = stage(article)
        except Exception as exc:  # noqa: BLE001 - recorded, like Pipeline does
            article.add_error(stage.name, exc)
    return article
