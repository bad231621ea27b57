"""The compiled NER kernels still work where numba cannot write its on-disk cache."""

from __future__ import annotations

import numpy as np
import pytest

from warta.enrich import ner_kernels


@pytest.mark.skipif(not ner_kernels.AVAILABLE, reason="numba (the 'fast' extra) not installed")
def test_kernels_compile_in_memory_when_no_cache_dir_is_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    from numba.core import caching

    # a read-only install with an unwritable home: numba finds no place for its cache
    monkeypatch.setattr(caching.CacheImpl, "_locator_classes", [])
    ner_kernels._compiled.cache_clear()
    try:
        emit = np.array([[0.0, 1.0], [2.0, 0.0], [0.0, 0.5]])
        trans = np.array([[0.0, 0.0], [0.0, -5.0]])
        labels = ner_kernels.decode(emit, np.array([0, 2]), np.array([2, 1]), trans)
        assert labels.tolist() == [1, 0, 1]
    finally:
        monkeypatch.undo()
        ner_kernels._compiled.cache_clear()
