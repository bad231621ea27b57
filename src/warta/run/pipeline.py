"""Stages and their composition.

A *stage* is a pure function ``Article -> Article`` (the first one ``RawDoc -> Article``) with a
``name``. :class:`Pipeline` runs stages in order; a stage that raises does not kill the run: the
article records the error (stage, exception, message) and flows on with what it has. Stages hold
only read-only resources loaded once per process, so a pipeline pickles cheaply to workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from warta.article import Article, RawDoc, error_article


@dataclass(frozen=True)
class Stage:
    name: str
    fn: Callable[[Article], Article]

    def __call__(self, article: Article) -> Article:
        return self.fn(article)


@dataclass
class Pipeline:
    """``extract`` (``RawDoc -> Article``) then per-document ``stages`` (``Article -> Article``)."""

    extract: Callable[[RawDoc], Article]
    stages: list[Stage] = field(default_factory=list)

    def __call__(self, raw: RawDoc) -> Article:
        if raw.meta.get("read_error"):
            return error_article(raw, "ingest", raw.meta.get("error", "ReadError"), raw.meta["read_error"])
        try:
            article = self.extract(raw)
        except Exception as exc:  # noqa: BLE001 - any failure becomes an error record
            return error_article(raw, "extract", exc)
        for stage in self.stages:
            try:
                article = stage(article)
            except Exception as exc:  # noqa: BLE001
                article.add_error(stage.name, exc)
        return article

    def map(self, docs: Iterable[RawDoc]) -> Iterator[Article]:
        for raw in docs:
            yield self(raw)


def default_pipeline(*, enrich: bool = False, lang: str | None = None) -> Pipeline:
    """The standard pipeline: extract, and optionally the enrichment stages."""
    from warta.extract import extract_raw

    def _extract(raw: RawDoc) -> Article:
        return extract_raw(raw, lang=lang)

    stages: list[Stage] = []
    if enrich:
        from warta.enrich import enrich_stages

        stages.extend(enrich_stages())
    return Pipeline(extract=_extract, stages=stages)
