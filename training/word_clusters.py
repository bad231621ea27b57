"""Word resource for the NER features: distributional clusters and a capitalisation prior.

Clusters: each lower-cased word of the training text is described by its left and right
neighbours (PPMI over the most frequent context words), reduced by SVD and grouped with
k-means at two granularities. Capitalisation prior: how often the word is capitalised when it
is not the first token of a sentence (cased text only). Deterministic for a fixed seed::

    >>> rows = build([["Kim", "bertemu", "Xi"], ...], cased=[True, ...])
    >>> write(rows, "ner-id.words.tsv")
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

from warta.enrich.ner import word_key


def _kmeans(x: np.ndarray, k: int, seed: int, iters: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # k-means++ style seeding on a sample, then Lloyd iterations (cosine: rows are unit vectors)
    centers = [x[rng.integers(len(x))]]
    d = np.full(len(x), np.inf)
    for _ in range(1, k):
        d = np.minimum(d, 1.0 - x @ centers[-1])
        p = np.clip(d, 0, None)
        p = p / p.sum() if p.sum() > 0 else None
        centers.append(x[rng.choice(len(x), p=p)])
    c = np.stack(centers)
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(x @ c.T, axis=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                v = members.sum(axis=0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return assign


def _cap_bucket(ratio: float | None) -> str:
    if ratio is None:
        return "n"
    if ratio < 0.1:
        return "0"
    if ratio < 0.5:
        return "l"
    if ratio < 0.9:
        return "h"
    return "a"


def build(
    sentences: list[list[str]],
    cased: list[bool],
    *,
    min_count: int = 2,
    n_context: int = 1500,
    dims: int = 60,
    k_coarse: int = 48,
    k_fine: int = 300,
    seed: int = 13,
) -> dict[str, tuple[str, str, str]]:
    """``word -> (coarse, fine, cap)`` for the words of ``sentences``."""
    low = [[word_key(t) for t in s] for s in sentences]
    counts = Counter(w for s in low for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx_words = vocab[:n_context]
    cindex = {w: i for i, w in enumerate(ctx_words)}
    nc = len(ctx_words)
    width = 2 * nc + 4  # left ctx, right ctx, left other, left <s>, right other, right </s>
    counts_ij: Counter[tuple[int, int]] = Counter()
    for s in low:
        padded = ["<s>", *s, "</s>"]
        for i in range(1, len(padded) - 1):
            wi = index.get(padded[i])
            if wi is None:
                continue
            left, right = padded[i - 1], padded[i + 1]
            lj = cindex.get(left, 2 * nc + 1 if left == "<s>" else 2 * nc)
            rj = nc + cindex[right] if right in cindex else (2 * nc + 3 if right == "</s>" else 2 * nc + 2)
            counts_ij[wi, lj] += 1
            counts_ij[wi, rj] += 1
    keys = np.array(list(counts_ij.keys()), dtype=np.int64)
    vals = np.array(list(counts_ij.values()), dtype=np.float64)
    total = vals.sum()
    row_sum = np.bincount(keys[:, 0], weights=vals, minlength=len(vocab))
    col_sum = np.bincount(keys[:, 1], weights=vals, minlength=width) ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    pmi = np.log(vals * total / (row_sum[keys[:, 0]] * col_sum[keys[:, 1]]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (keys[keep, 0], keys[keep, 1])), shape=(len(vocab), width), dtype=np.float64
    )
    u, sv, _ = svds(ppmi, k=dims, random_state=seed)
    emb = u * np.sqrt(sv)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    coarse = _kmeans(emb, k_coarse, seed)
    fine = _kmeans(emb, k_fine, seed + 1)

    cap_n: Counter[str] = Counter()
    cap_up: Counter[str] = Counter()
    for s, is_cased in zip(sentences, cased, strict=True):
        if not is_cased:
            continue
        for t in s[1:]:
            if t[:1].isalpha():
                w = word_key(t)
                cap_n[w] += 1
                if t[:1].isupper():
                    cap_up[w] += 1
    out: dict[str, tuple[str, str, str]] = {}
    for w in set(counts) | set(cap_n):
        ratio = cap_up[w] / cap_n[w] if cap_n[w] >= 2 else None
        i = index.get(w)
        out[w] = (
            str(coarse[i]) if i is not None else "u",
            str(fine[i]) if i is not None else "u",
            _cap_bucket(ratio),
        )
    return out


def write(rows: dict[str, tuple[str, str, str]], path: Path | str) -> None:
    """Write the resource, sorted, one ``word<TAB>coarse<TAB>fine<TAB>cap`` per line."""
    with open(path, "w", encoding="utf-8") as f:
        for w in sorted(rows):
            if "\t" in w or "\n" in w or not w:
                continue
            f.write(w + "\t" + "\t".join(rows[w]) + "\n")
