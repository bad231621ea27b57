"""Build hook for Warta's optional C kernels.

Every ``src/warta/**/*.pyx`` is compiled with Cython when the package is installed (``pip install
-e .`` compiles them in place). Each kernel module has a pure-Python twin that gives the same
results, so a machine without a C compiler still installs and runs Warta, only slower: a kernel
that fails to build is reported and skipped, never fatal. ``WARTA_NO_COMPILE=1`` skips them all.
At run time ``warta._compiled.kernel`` picks the compiled module, or the twin when the module is
missing, older than its ``.pyx`` (edited since the last install) or ``WARTA_PURE=1`` is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


class OptionalBuildExt(build_ext):
    """``build_ext`` that skips (with a message) a kernel whose compilation fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all: the pure-Python twins serve
            print(f"warta: C kernels not built ({exc}); using the pure-Python code", file=sys.stderr)

    def build_extension(self, ext) -> None:  # noqa: ANN001
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"warta: kernel {ext.name} not built ({exc}); using its pure-Python twin", file=sys.stderr)


def extensions() -> list:
    if os.environ.get("WARTA_NO_COMPILE") == "1":
        return []
    sources = sorted(str(p.relative_to(HERE)) for p in (HERE / "src" / "warta").rglob("*.pyx"))
    if not sources:
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("warta: Cython not available; using the pure-Python code", file=sys.stderr)
        return []
    # Safe defaults: a kernel that turns bounds or negative-index checks off says so in its own first line
    # (`# cython: boundscheck=False, wraparound=False`), where its author and reviewer see it.
    directives = {"language_level": 3}
    modules = []
    for source in sources:  # one at a time: a Cython error in one kernel must not stop the install
        try:
            modules += cythonize([source], compiler_directives=directives, quiet=True)
        except Exception as exc:
            print(
                f"warta: kernel {source} not cythonized ({exc}); using its pure-Python twin", file=sys.stderr
            )
    return modules


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
