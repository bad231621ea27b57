"""Where the line model loses to trafilatura, page by page (session 11, H2).

Reads the shipped form's out-of-fold log-odds and nested decoding (``bench/out/lex_oof_v1.pkl``: ``z``, ``choice``,
``folds``, ``nested``), decodes every page through text mode again (checking that (P, R) equal ``nested``) to see
which lines it kept, and runs trafilatura (defaults, ``include_comments=False``, on the original HTML, as
``bench/text_bench.py``) on the same pages (cached as JSON, ``--traf``).

A page's *loss* is its first-order share of the all-pages F1 gap: ``(aP (P_traf - P) + aR (R_traf - R)) / N`` with
``aP = 2R^2/(P+R)^2``, ``aR = 2P^2/(P+R)^2`` at the model's averages (the losses add up to the gap to within
rounding). Buckets:

- automatic, per page: *body absent from the flat text* (all lines together recall < 0.5 of the truth), *wrong
  region* (kept lines and body lines overlap < 20 % both ways), else *extra* / *missing* head / mid / tail by the
  larger of the P and R parts and where its tokens sit against the body's / kept lines' span;
- per component: a page's positive P part split over its kept non-body lines, its positive R part over its missed
  body lines (by tokens), each line typed as prose (8+ tokens, sentence end) or short; parts where the model beats
  trafilatura pooled.

Labels are ``train_lines.line_labels`` (the cached line matrices). Prints ids only, no page text.

Run::

    python training/loss_vs_trafilatura.py [--top 60]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench import common as bc  # noqa: E402
from bench.common import tokens, zyte_page_pr  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import text as textmod  # noqa: E402
from warta.extract.text import _K_BODY, _K_HEADING, _K_LEAD  # noqa: E402

_SENT_END = tuple('.!?。！？"”»’)')


def _where(mask: Any, ref: Any, nt: Any) -> str:
    """Where most of ``mask``'s tokens sit against the span of ``ref``: head, mid or tail."""
    pos = np.flatnonzero(ref)
    if not len(pos) or not mask.any():
        return "mid"
    idx = np.arange(len(mask))
    parts = {
        "head": nt[mask & (idx < pos[0])].sum(),
        "mid": nt[mask & (idx >= pos[0]) & (idx <= pos[-1])].sum(),
        "tail": nt[mask & (idx > pos[-1])].sum(),
    }
    return max(parts, key=lambda q: parts[q])


def trafilatura_prs(path: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """trafilatura's per-page (P, R) on the text-bench pages, computed once and cached at ``path``."""
    if path.exists():
        return {(r[0], r[1]): (r[2], r[3]) for r in json.loads(path.read_text())}
    import trafilatura

    rows = []

    def run(s: str, pid: str, html: bytes, truth: str) -> None:
        pred = trafilatura.extract(html, include_comments=False) or ""
        rows.append([s, pid, *zyte_page_pr(truth, pred)])

    for pid, html, _url, truth in bc.zyte_pages():
        run("zyte", pid, html, truth)
    for pid, html, _url, gt in bc.wcxb_pages(types={"article"}):
        run("wcxb", pid, html, gt.get("main_content") or "")
    for pub, country, version, html, _url, exp in bc.fundus_pages():
        run("fundus", f"{country}/{pub}/{version}", html, bc.fundus_body(exp))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows))
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def decode(pages: list[dict[str, Any]], data: list[dict[str, Any]], lex: dict[str, Any]) -> list[Any]:
    """Per page: (P, R, kept mask) under its fold's nested decoding of its out-of-fold log-odds."""
    d_ = lfl._D
    saved = textmod._rescore, textmod._line_model
    textmod._rescore, textmod._line_model = lfl._rescore, lambda: d_
    out = []
    try:
        for i, (p, d, z) in enumerate(zip(pages, data, lex["z"], strict=True)):
            dec = tl.GRID[lex["choice"][lex["folds"][i]]]
            d_.dec, d_.keep = dec, dec[3]
            d_.z, d_.hand = z, d["x"][:, 1] if len(z) else np.zeros(0)
            got: dict[str, Any] = {}

            def grab(lines: list[Any], got: dict[str, Any] = got) -> None:
                got["lines"] = lines

            with tl.hook(grab):
                art = textmod.extract_text(p["flat"])
            pred = "\n".join(x for x in ([art.lead] if art.lead else []) + list(art.body) if x)
            kept = np.array(
                [ln.kind in (_K_BODY, _K_HEADING, _K_LEAD) for ln in got.get("lines") or []], dtype=bool
            )
            out.append((*zyte_page_pr(p["truth"], pred), kept))
    finally:
        textmod._rescore, textmod._line_model = saved
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--traf", default=str(tl.CACHE / "trafilatura_prs.json"))
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args(argv)
    pages, data, _groups, folds = lfl.load()
    lex = pickle.loads((tl.CACHE / "lex_oof_v1.pkl").read_bytes())
    assert lex["folds"] == folds
    traf = trafilatura_prs(Path(args.traf))
    dec = decode(pages, data, lex)
    assert all(
        abs(a - b) < 1e-9
        for (p, r, _), pr in zip(dec, lex["nested"], strict=True)
        for a, b in ((p, pr[0]), (r, pr[1]))
    )
    n = len(pages)
    pm, rm = np.mean([x[0] for x in dec]), np.mean([x[1] for x in dec])
    tp, tr = (
        np.mean([traf[p["set"], p["id"]][0] for p in pages]),
        np.mean([traf[p["set"], p["id"]][1] for p in pages]),
    )
    f_m, f_t = 2 * pm * rm / (pm + rm), 2 * tp * tr / (tp + tr)
    a_p, a_r = 2 * rm * rm / (pm + rm) ** 2, 2 * pm * pm / (pm + rm) ** 2
    print(
        f"model P {pm:.4f} R {rm:.4f} F1 {f_m:.4f}; trafilatura P {tp:.4f} R {tr:.4f} F1 {f_t:.4f}; gap {f_t - f_m:.4f}"
    )
    rows = []
    comp: dict[str, float] = defaultdict(float)
    auto: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for p, d, (pp, rr, kept) in zip(pages, data, dec, strict=True):
        t = traf[p["set"], p["id"]]
        lp, lr = a_p * (t[0] - pp) / n, a_r * (t[1] - rr) / n
        texts = [r[0] for r in d["raw"]]
        y = d["y"].astype(bool) if len(d["y"]) else np.zeros(0, dtype=bool)
        nt = np.array([len(tokens(x)) for x in texts], dtype=np.float64)
        all_r = zyte_page_pr(p["truth"], "\n".join(texts))[1]
        k = kept if len(kept) == len(y) else np.zeros(len(y), dtype=bool)
        fp, fn = k & ~y, y & ~k
        prose = np.array([x.rstrip().endswith(_SENT_END) for x in texts], dtype=bool) & (nt >= 8)
        tp_tok, y_tok, k_tok = nt[k & y].sum(), nt[y].sum(), nt[k].sum()

        if all_r < 0.5:
            b = "body absent from the flat text"
        elif k_tok == 0:
            b = "empty output"
        elif tp_tok < 0.2 * max(y_tok, 1) and tp_tok < 0.2 * max(k_tok, 1):
            b = "wrong region"
        elif lp >= lr:
            b = f"extra {_where(fp, y, nt)}"
        else:
            b = f"missing {_where(fn, k, nt)}"
        a = auto[b]
        a[0] += lp + lr > 0
        a[1 if lp + lr > 0 else 2] += lp + lr
        rows.append((lp + lr, p["set"], p["id"], b, pp, rr, t[0], t[1]))
        if b == "body absent from the flat text":
            comp["body absent from the flat text"] += lp + lr
            continue
        for part, mask, name in ((lp, fp, "extra"), (lr, fn, "missing")):
            if part <= 0:
                comp[f"{name}: pages where the model beats trafilatura"] += part
                continue
            tot = nt[mask].sum()
            if tot == 0:
                comp[f"{name}: no such lines (scoring / labels)"] += part
                continue
            comp[f"{name} prose lines"] += part * nt[mask & prose].sum() / tot
            comp[f"{name} short / non-sentence lines"] += part * nt[mask & ~prose].sum() / tot
    print(f"\n{'automatic bucket':34s} {'pages lost':>10s} {'F1 lost':>8s} {'F1 won':>8s}")
    for b in sorted(auto):
        print(f"{b:34s} {auto[b][0]:10d} {auto[b][1]:8.4f} {auto[b][2]:8.4f}")
    print(f"\n{'component':52s} {'F1':>8s}")
    for c in sorted(comp, key=lambda q: -comp[q]):
        print(f"{c:52s} {comp[c]:8.4f}")
    print(f"{'sum':52s} {sum(comp.values()):8.4f}")
    rows.sort(key=lambda r: -r[0])
    print(f"\nworst {args.top} pages (loss x 1e3, bucket, model P/R, trafilatura P/R):")
    for r in rows[: args.top]:
        print(
            f"  {r[1]:6s} {r[2][:40]:40s} {r[0] * 1e3:5.2f} {r[3]:30s} {r[4]:.2f}/{r[5]:.2f}  {r[6]:.2f}/{r[7]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
