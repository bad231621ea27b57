"""Entity-stage kernels, pure Python: the twin of the compiled ``_entk.pyx`` (same functions, same
results).

    >>> text = "Presiden Joko Widodo tiba di Jakarta pukul 09.30. Anak-anak menyambut."
    >>> toks, words = sentence_tokens(text, [(0, 50), (51, 72)])
    >>> words[0][-4:], toks[1][:2]
    (['Jakarta', 'pukul', '09.30', '.'], [51, 59])

:func:`sentence_tokens` gives each non-empty sentence's token offsets and token strings, as the NER
tokeniser (:func:`warta.enrich.ner.tokenize`) cuts them; :func:`starts_in` the positions of the
tokens that may begin a name to look for.

    >>> starts_in(["Di", "Jakarta", "Kim", "tiba"], {"Jakarta": (1,)}, {"Kim": {1}})
    [1, 2]
"""

from __future__ import annotations

from warta.enrich.ner import tokenize


def sentence_tokens(text: str, spans: list[tuple[int, int]]) -> tuple[list[list[int]], list[list[str]]]:
    """Token offsets and token strings of each sentence span of ``text`` that holds a token; a
    sentence's offsets are flat, ``[start0, end0, start1, end1, ...]`` (no tuple per token)."""
    spans_all = [toks for toks in (tokenize(text, s, e) for s, e in spans) if toks]
    words_all = [[text[a:b] for a, b in toks] for toks in spans_all]
    return [[x for span in toks for x in span] for toks in spans_all], words_all


def starts_in(words: list[str], first: dict, more: dict) -> list[int]:
    """Indices of the ``words`` that are keys of ``first`` or of ``more``."""
    return [i for i, w in enumerate(words) if w in first or w in more]
