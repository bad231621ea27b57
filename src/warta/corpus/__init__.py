"""Corpus-level stages that compare articles with each other: duplicates (:mod:`warta.corpus.dedup`)."""
