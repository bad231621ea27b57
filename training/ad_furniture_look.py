"""Out-of-fold look at the line model's decoding floor for advertisement slots (session 11, lead).

Text mode's model decoding floors story furniture (captions, credits, related links, tags) at the ``furniture``
score so that it does not cut the story region; since session 11 advertisement slots (verdict reason
:data:`warta.extract.chrome.AD_REASON`) are floored too (``_linefeat.set_scores``). This look scores the cached
out-of-fold log-odds of the shipped form (``bench/out/lex_oof_v1.pkl``, written by ``training/lexical_looks.py
--save``) through text mode with nested decoding, once as shipped and once with the floor for ad slots taken back.

Run (about 2 CPU-minutes an arm)::

    python training/ad_furniture_look.py            # as shipped: ad slots floored
    python training/ad_furniture_look.py --off      # ad slots not floored (the decoding before session 11)
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lines_model as lm  # noqa: E402
from warta.extract._linefeat_py import _FURNITURE  # noqa: E402


def _rescore_no_ad_floor(lines: list[Any], lex: Any, model: Any) -> list[float]:
    """The harness's rescoring with the furniture floor applied to the furniture *kinds* only."""
    blend, furniture, offset, _keep = lfl._D.dec
    z = lfl._D.z + (10.0 * blend) * lfl._D.hand if blend else lfl._D.z
    zl = lm.K.set_scores(lines if type(lines) is list else list(lines), z, offset, None, _FURNITURE)
    if furniture is not None:
        for ln in lines:
            v = ln.verdict
            if v is not None and v.kind in _FURNITURE and ln.score < furniture:
                ln.score = furniture
    return zl


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--off", action="store_true", help="no furniture floor for advertisement slots")
    args = ap.parse_args(argv)
    pages, data, _groups, folds = lfl.load()
    zs = pickle.loads((tl.CACHE / "lex_oof_v1.pkl").read_bytes())["z"]
    if args.off:
        lfl._rescore = _rescore_no_ad_floor  # nested_prs installs the module's _rescore
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    label = "ad slots not floored" if args.off else "ad slots floored (shipped)"
    print(tl.report(pages, nested, f"{label}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
