"""Pure-Python twin of the metadata kernels (``_metak.pyx``): same functions, same results.

Code imports them through ``warta._compiled.kernel("warta.extract._metak")``.

>>> labels_in("Baca Juga: Banjir di Jakarta", ("baca juga", "read more"))
['baca juga']
"""

from __future__ import annotations


def labels_in(text: str, labels: tuple[str, ...]) -> list[str]:
    """The ``labels`` (lower-case, in their order) found in ``text.lower()``.

    >>> labels_in("READ MORE", ("read more", "see also"))
    ['read more']
    """
    low = text.lower()
    return [label for label in labels if label in low]


__all__ = ["labels_in"]
