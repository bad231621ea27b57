"""Indonesian vs Malay: how often Indonesian news text is called Malay, lingua alone vs Warta.

    python bench/language_eval.py [--n 2000]

Text: sentences of the IndoLEM NER-UI *test* split (Indonesian news, ``../shared/data/ner-id/nerui``)
grouped into snippets of 1, 3 and 10 sentences (short text is where lingua confuses the two).
Systems, same detector: ``lingua`` = Warta's lingua detector's top language; ``warta`` =
:func:`warta.enrich.language.detect` (stopword fast path + lingua + distinctive-word tie-break).
Reported: share of snippets labelled ``id`` and ``ms``. There is no Malay news text in the shared
data, so Malay recall is only covered by the fictional sentences in ``tests/test_enrich.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.enrich.language import _detector, detect  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "ner-id" / "nerui" / "test.01.tsv"


def sentences() -> list[str]:
    out, toks = [], []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if toks:
                out.append(" ".join(toks))
            toks = []
        else:
            toks.append(line.split("\t")[0].split(" ")[0])
    if toks:
        out.append(" ".join(toks))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="snippets per size at most")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    sents = sentences()
    det = _detector()
    print(f"NER-UI test sentences: {len(sents)} (Indonesian news)")
    print("| snippet | n | lingua: id | lingua: ms | warta: id | warta: ms | warta ms/snippet |")
    print("|---|---|---|---|---|---|---|")
    for size in (1, 3, 10):
        snippets = [" ".join(sents[i : i + size]) for i in range(0, len(sents) - size + 1, size)][: args.n]
        ling = [det.detect_language_of(s) for s in snippets]
        ling = [x.iso_code_639_1.name.lower() if x else None for x in ling]
        t = time.process_time()
        ours = [detect(s)[0] for s in snippets]
        ms = 1000 * (time.process_time() - t) / len(snippets)
        n = len(snippets)

        def share(xs: list[str | None], code: str, n: int = n) -> str:
            return f"{sum(x == code for x in xs) / n:.3f}"

        print(
            f"| {size} sentence{'s' if size > 1 else ''} | {n} | {share(ling, 'id')} | {share(ling, 'ms')} | "
            f"{share(ours, 'id')} | {share(ours, 'ms')} | {ms:.2f} |"
        )


if __name__ == "__main__":
    main()
