"""Choose between a compiled kernel module and its pure-Python twin.

Hot loops live in Cython modules (``NAME.pyx``, built by ``setup.py`` when the package is
installed) next to a pure-Python twin ``NAME_py.py`` with the same functions and the same results. A stage
imports its kernels through :func:`kernel`, which returns the compiled module when it is built
and current, else the twin:

- not built (no C compiler, ``WARTA_NO_COMPILE=1`` at install time): the twin, silently;
- built but older than its ``.pyx`` or a ``.pxd`` it cimports (edited since the last ``pip install -e .``):
  the twin, with a warning, so that an edit is never shadowed by a stale binary;
- built but failing to import (e.g. built for another Python): the twin, with a warning;
- ``WARTA_PURE=1`` in the environment: the twin (tests compare the two paths; also for
  debugging with plain Python tools).

``kernel("warta.enrich._nerk").__name__`` tells which one runs (``warta.enrich._nerk`` or
``warta.enrich._nerk_py``); ``tests/test_compiled.py`` checks every twin against its kernel.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import warnings
from pathlib import Path
from types import ModuleType


def pure() -> bool:
    """Whether ``WARTA_PURE=1`` asks for the pure-Python twins."""
    return os.environ.get("WARTA_PURE") == "1"


_CIMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+cimport|cimport\s+([\w.]+))", re.M)


def _local_pxds(source: Path) -> list[Path]:
    """The ``.pxd`` files beside ``source`` that it cimports (``from warta.x._lexbor cimport …``),
    and those they cimport in turn (``_ascii.pxd`` cimports ``_ucs.pxd``)."""
    found: dict[Path, None] = {}
    todo = [source]
    while todo:
        try:
            text = todo.pop().read_text(encoding="utf-8")
        except OSError:
            continue
        for name in sorted({(a or b).rpartition(".")[2] for a, b in _CIMPORT.findall(text)}):
            pxd = source.with_name(name + ".pxd")
            if pxd not in found and pxd.exists():
                found[pxd] = None
                todo.append(pxd)
    return sorted(found)


def stale(name: str) -> bool:
    """Whether the compiled module ``name`` is older than its sources: its ``.pyx``, or a ``.pxd``
    beside it that the ``.pyx`` cimports, directly or through another such ``.pxd`` (shared
    declarations). False when the binary or the ``.pyx`` is missing."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin or spec.origin.endswith(".py"):
        return False
    binary = Path(spec.origin)
    source = binary.parent / (name.rpartition(".")[2] + ".pyx")
    try:
        built = binary.stat().st_mtime
        if source.stat().st_mtime > built:
            return True
        return any(pxd.stat().st_mtime > built for pxd in _local_pxds(source))
    except OSError:
        return False


def kernel(compiled: str) -> ModuleType:
    """The compiled module ``compiled`` when it is built and current, else its twin ``compiled + "_py"``."""
    twin = compiled + "_py"
    if not pure():
        try:
            spec = importlib.util.find_spec(compiled)
        except ImportError:
            spec = None
        if spec is not None:
            if not stale(compiled):
                try:
                    return importlib.import_module(compiled)
                except ImportError as exc:  # e.g. built for another Python or library version
                    warnings.warn(
                        f"{compiled} does not load ({exc}); using the pure-Python {twin}",
                        RuntimeWarning,
                        stacklevel=2,
                    )
            else:
                warnings.warn(
                    f"{compiled} is older than its .pyx or .pxd source; using the pure-Python {twin} "
                    "(run `pip install -e .` again to rebuild the compiled kernels)",
                    RuntimeWarning,
                    stacklevel=2,
                )
    return importlib.import_module(twin)
