"""Pipeline composition and executors (in-process, local process pool, Ray)."""

from warta.run.pipeline import Pipeline, Stage, default_pipeline

__all__ = ["Pipeline", "Stage", "default_pipeline"]
