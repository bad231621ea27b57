"""Out-of-fold look at a small neural sequence model over a page's lines (session 11, H3).

The shipped line model sees each line's features plus *fixed* window means (stage 1 logistic
regression, stage 2 trees over its log-odds and their window means). This look asks whether a
1-D convolutional network over the page's line sequence, which can learn its own context patterns
(teaser lists, comment blocks, where a story starts and ends), beats or adds to it.

Network (:func:`forward_np` is the numpy forward pass a runtime would need):

- input: the shipped :data:`~warta.extract.lines_model.FEATURES` (100 columns) + the 3 lexical
  columns (``lexscore.window_columns`` of the cached nested lexical log-odds), standardised with
  the training pages' statistics and clipped at +-5;
- a 1x1 convolution to ``C`` channels (ReLU), then residual blocks ``h += relu(conv3_dilated(h))``
  with dilations :data:`DILATIONS` (receptive field +-31 lines), zero padding at the page's ends
  (padded positions are re-zeroed after every layer, so a batch equals one page at a time);
- output: a linear read of the last hidden layer plus a linear read of the input (a logistic
  regression skip), i.e. per-line body log-odds.

Training (PyTorch on CPU, one thread; training only): weighted binary cross-entropy with the
harness's set-balanced line weights, Adam, batches of pages of similar length. Protocol: 5 outer
folds by registered domain (``tl.fold_of(tl.group_of(page), 5)``); for outer fold ``f`` four
networks are trained, network ``k`` on the training pages outside inner fold ``k``
(``fold_of(group + "#inner", 4)``) and early-stopped on inner fold ``k``'s weighted log-loss
(never on the test fold). The test pages get the mean of the four networks' log-odds; each
training page gets the log-odds of the network that did not train on it (inner out-of-fold,
what a stacked stage 2 would read).

Readings (each an OOF read through ``lfl.nested_prs``, counted as a look):

- ``--reading a``: the network's log-odds alone as the page's ``zs``;
- ``--reading b``: the network's log-odds as extra stacked columns (value / 5 and its window means)
  of the stage-2 trees (stage 1 and trees refitted per fold as ``line_feature_looks.fit`` does).

Results (session 11, h3; ``bench/results/text-extract.md``): alone 0.9190 / 0.9199, stacked 0.9243 / 0.9255
against the baseline's 0.9236 (c32 / per-fold selected settings): no win.

Needs PyTorch, which no extra of ``pyproject.toml`` declares (a research look, not a training step of
any shipped model): ``pip install torch`` (CPU build) first.

Run (CPU: about 6-8 CPU-minutes a setting to train, then ~5 to score; outputs cached under --out)::

    OMP_NUM_THREADS=1 nice -n 5 python training/sequence_looks.py --train
    OMP_NUM_THREADS=1 nice -n 5 python training/sequence_looks.py --train --config c32slow   # and c16slow
    OMP_NUM_THREADS=1 nice -n 5 python training/sequence_looks.py --reading a   # or b; --config select
    OMP_NUM_THREADS=1 nice -n 5 python training/sequence_looks.py --timing
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract._linefeat_py import stack_features  # noqa: E402

LEX_OOF = tl.CACHE / "lex_oof_v1.pkl"
CHANNELS = 32
DILATIONS = (1, 2, 4, 8, 16)
"""Kernel-3 dilated convolutions: receptive field 1 + 2 * sum(DILATIONS) = +-31 lines."""
INNER = 4
MAX_EPOCHS = 40
PATIENCE = 5
LR = 3e-3
WEIGHT_DECAY = 1e-4
BATCH_LINES = 4000
CLIP = 5.0


def page_inputs(data: list[dict[str, Any]], lz: dict[int, Any]) -> list[Any]:
    """Per page: shipped features + the 3 lexical columns of one outer fold's nested lexical scores."""
    out = []
    for i, d in enumerate(data):
        if len(d["y"]):
            out.append(np.hstack((d["x"], lexscore.window_columns(lz[i]))).astype(np.float32))
        else:
            out.append(np.zeros((0, d["x"].shape[1] + 3), dtype=np.float32))
    return out


def standardiser(xs: list[Any], idx: list[int]) -> tuple[Any, Any]:
    x = np.vstack([xs[i] for i in idx]).astype(np.float64)
    mu = x.mean(0)
    sd = x.std(0)
    sd[sd < 1e-6] = 1.0
    return mu.astype(np.float32), sd.astype(np.float32)


CONFIGS: dict[str, dict[str, Any]] = {
    "c32": {"channels": 32, "lr": 3e-3, "dropout": 0.0},
    "c32slow": {"channels": 32, "lr": 1e-3, "dropout": 0.1},
    "c16slow": {"channels": 16, "lr": 1e-3, "dropout": 0.1},
}
"""Training settings tried; ``--select`` picks one per outer fold by its inner validation loss
(the mean over the four inner networks, training pages only), never by an out-of-fold score."""


def _net(d_in: int, seed: int, channels: int = CHANNELS, dropout: float = 0.0) -> Any:
    import torch
    from torch import nn

    torch.manual_seed(seed)

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inp = nn.Conv1d(d_in, channels, 1)
            self.convs = nn.ModuleList(
                nn.Conv1d(channels, channels, 3, dilation=d, padding=d) for d in DILATIONS
            )
            self.out = nn.Conv1d(channels, 1, 1)
            self.drop = nn.Dropout(dropout)
            self.skip = nn.Conv1d(d_in, 1, 1, bias=False)

        def forward(self, x: Any, m: Any) -> Any:  # x (B, D, L), m (B, 1, L)
            h = torch.relu(self.inp(x)) * m
            for c in self.convs:
                h = h + torch.relu(c(self.drop(h))) * m
            return (self.out(h) + self.skip(x))[:, 0, :]

    return Net()


def _batches(idx: list[int], xs: list[Any], rng: Any, shuffle: bool) -> list[list[int]]:
    """Pages grouped by similar length, about BATCH_LINES padded lines per batch."""
    order = sorted(idx, key=lambda i: len(xs[i]))
    out: list[list[int]] = []
    cur: list[int] = []
    for i in order:
        if cur and (len(cur) + 1) * len(xs[i]) > BATCH_LINES:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    if shuffle:
        rng.shuffle(out)
    return out


def _tensor(batch: list[int], xs: list[Any], ys: list[Any], ws: list[Any]) -> tuple[Any, ...]:
    import torch

    n = max(len(xs[i]) for i in batch)
    d = xs[batch[0]].shape[1]
    x = np.zeros((len(batch), d, n), dtype=np.float32)
    m = np.zeros((len(batch), 1, n), dtype=np.float32)
    y = np.zeros((len(batch), n), dtype=np.float32)
    w = np.zeros((len(batch), n), dtype=np.float32)
    for b, i in enumerate(batch):
        k = len(xs[i])
        x[b, :, :k] = xs[i].T
        m[b, 0, :k] = 1.0
        y[b, :k] = ys[i]
        w[b, :k] = ws[i]
    return tuple(torch.from_numpy(a) for a in (x, m, y, w))


def train_net(
    xs: list[Any],
    ys: list[Any],
    ws: list[Any],
    tr: list[int],
    va: list[int],
    seed: int = 1,
    cfg: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], int, float]:
    """One network on pages ``tr`` (inputs already standardised), early-stopped on ``va``'s weighted
    log-loss; returns its numpy weights, the best epoch and the validation loss there."""
    import torch

    rng = np.random.default_rng(seed)
    cfg = cfg or CONFIGS["c32"]
    net = _net(xs[tr[0]].shape[1], seed, cfg["channels"], cfg["dropout"])
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], weight_decay=WEIGHT_DECAY)
    lossf = torch.nn.functional.binary_cross_entropy_with_logits
    wmean = float(np.mean(np.concatenate([ws[i] for i in tr])))
    vbat = [_tensor(b, xs, ys, ws) for b in _batches(va, xs, rng, False)]
    best = (np.inf, -1, None)
    for ep in range(MAX_EPOCHS):
        net.train()
        for b in _batches(tr, xs, rng, True):
            x, m, y, w = _tensor(b, xs, ys, ws)
            opt.zero_grad()
            z = net(x, m)
            loss = (lossf(z, y, reduction="none") * w).sum() / (wmean * float(m.sum()))
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            num = den = 0.0
            for x, m, y, w in vbat:
                num += float((lossf(net(x, m), y, reduction="none") * w).sum())
                den += float(w.sum())
        vl = num / den
        if vl < best[0]:
            best = (vl, ep, {k: v.detach().numpy().copy() for k, v in net.state_dict().items()})
        elif ep - best[1] >= PATIENCE:
            break
    return best[2], best[1], best[0]


def forward_np(params: dict[str, Any], x: Any) -> Any:
    """The network's log-odds for one page (``x``: standardised inputs, lines x columns), numpy only."""
    n = len(x)
    h = np.maximum(x @ params["inp.weight"][:, :, 0].T + params["inp.bias"], 0.0)
    for k, d in enumerate(DILATIONS):
        w = params[f"convs.{k}.weight"]  # (C, C, 3)
        hp = np.zeros((n + 2 * d, h.shape[1]), dtype=h.dtype)
        hp[d : d + n] = h
        a = hp[:n] @ w[:, :, 0].T + h @ w[:, :, 1].T + hp[2 * d :] @ w[:, :, 2].T + params[f"convs.{k}.bias"]
        h = h + np.maximum(a, 0.0)
    return h @ params["out.weight"][0, :, 0] + params["out.bias"][0] + x @ params["skip.weight"][0, :, 0]


def macs_per_line(d_in: int) -> int:
    return d_in * CHANNELS + len(DILATIONS) * 3 * CHANNELS * CHANNELS + CHANNELS + d_in


def train_all(out: Path, config: str = "c32") -> None:
    """Per outer fold: 4 inner networks, test log-odds (their mean) and inner-OOF training log-odds."""
    import torch

    torch.set_num_threads(1)
    pages, data, groups, folds = lfl.load()
    lex = pickle.loads(LEX_OOF.read_bytes())
    ys = [d["y"].astype(np.float32) for d in data]
    ws = [d["w"].astype(np.float32) for d in data]
    t0 = time.process_time()
    for f in range(tl.FOLDS):
        path = out / _name(config, f)
        if path.exists():
            continue
        xs = page_inputs(data, lex["lz"][f])
        train = [i for i, g in enumerate(folds) if g != f and len(ys[i])]
        test = [i for i, g in enumerate(folds) if g == f and len(ys[i])]
        mu, sd = standardiser(xs, train)
        xs = [np.clip((x - mu) / sd, -CLIP, CLIP).astype(np.float32) if len(x) else x for x in xs]
        inner = {i: tl.fold_of(groups[i] + "#inner", INNER) for i in train}
        nets, oof, log = [], {}, []
        for k in range(INNER):
            tr = [i for i in train if inner[i] != k]
            va = [i for i in train if inner[i] == k]
            params, ep, vl = train_net(xs, ys, ws, tr, va, seed=1 + k, cfg=CONFIGS[config])
            nets.append(params)
            for i in va:
                oof[i] = forward_np(params, xs[i]).astype(np.float64)
            log.append((k, ep, vl))
            print(
                f"  fold {f} inner {k}: epoch {ep}, val loss {vl:.4f}, {time.process_time() - t0:.0f} CPU-s",
                file=sys.stderr,
            )
        test_z = {i: np.mean([forward_np(p, xs[i]) for p in nets], axis=0).astype(np.float64) for i in test}
        path.write_bytes(
            pickle.dumps({"nets": nets, "mu": mu, "sd": sd, "oof": oof, "test": test_z, "log": log})
        )


def _name(config: str, f: int) -> str:
    return f"cnn_fold{f}.pkl" if config == "c32" else f"cnn_{config}_fold{f}.pkl"


def load_fold(out: Path, f: int, config: str = "c32") -> dict[str, Any]:
    """One outer fold's networks and log-odds; ``config`` "select": the config with the lowest mean
    inner validation loss on that fold's training pages (among those trained)."""
    if config == "select":
        got = [
            pickle.loads((out / _name(c, f)).read_bytes()) for c in CONFIGS if (out / _name(c, f)).exists()
        ]
        return min(got, key=lambda g: float(np.mean([v for _, _, v in g["log"]])))
    return pickle.loads((out / _name(config, f)).read_bytes())


def cnn_stack(zc: Any) -> Any:
    """Stage-2 columns from the network's log-odds: value / 5 and its means over 1, 3, 10 lines either side."""
    n = len(zc)
    zs = np.clip(zc, -10, 10) / 5.0
    cum = np.concatenate(([0.0], np.cumsum(zs)))
    idx = np.arange(n)
    cols = [zs]
    for k in (1, 3, 10):
        lo = np.maximum(0, idx - k)
        hi = np.minimum(n, idx + k + 1)
        cols.append((cum[hi] - cum[lo]) / (hi - lo))
    return np.column_stack(cols)


def reading_b(out: Path, pages: Any, data: Any, groups: Any, folds: Any, config: str = "c32") -> list[Any]:
    """Stage 1 + trees with the network's (inner-OOF / test) log-odds as extra stacked columns."""
    lex = pickle.loads(LEX_OOF.read_bytes())
    zs: list[Any] = [np.zeros(0)] * len(pages)
    for f in range(tl.FOLDS):
        fo = load_fold(out, f, config)
        lz = lex["lz"][f]
        xs = [
            np.hstack((d["x"], lexscore.window_columns(lz[i]))) if len(d["y"]) else d["x"]
            for i, d in enumerate(data)
        ]
        idx = [i for i, g in enumerate(folds) if g != f and len(data[i]["y"])]
        y, w = lfl.targets(data, idx)
        w1, z1 = lfl.stage1(xs, data, groups, idx)
        x2 = np.vstack([np.hstack((stack_features(xs[i], z1[i]), cnn_stack(fo["oof"][i]))) for i in idx])
        trees = tl.fit_trees(x2, y, w, params={**tl.GBM, "num_threads": 1})
        for i, g in enumerate(folds):
            if g == f and len(data[i]["y"]):
                zs[i] = trees.predict(
                    np.hstack((stack_features(xs[i], xs[i] @ w1), cnn_stack(fo["test"][i])))
                )
        print(f"  fold {f} trees done", file=sys.stderr)
    return zs


def timing(out: Path) -> None:
    """MACs per line, weight size and a numpy forward pass on a 230-line page."""
    fo = load_fold(out, 0)
    p = fo["nets"][0]
    d_in = p["inp.weight"].shape[1]
    nbytes = sum(v.size for v in p.values()) * 4
    rng = np.random.default_rng(0)
    for dt in (np.float32, np.float64):
        pp = {k: v.astype(dt) for k, v in p.items()}
        x = rng.standard_normal((230, d_in)).astype(dt)
        forward_np(pp, x)
        t = time.perf_counter()
        for _ in range(200):
            forward_np(pp, x)
        ms = (time.perf_counter() - t) / 200 * 1e3
        print(f"{np.dtype(dt).name}: {ms:.3f} ms per 230-line page (one network)")
    print(f"MACs per line: {macs_per_line(d_in)}, parameters {nbytes // 4} ({nbytes / 1024:.0f} kB float32)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", action="store_true", help="train the fold networks (cached in --out)")
    ap.add_argument("--reading", choices=("a", "b"), help="one OOF look (a: network alone, b: stacked)")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--config", default="c32", help="a CONFIGS key (--train), or 'select' for the readings")
    ap.add_argument("--out", default="/tmp/s11/h3/cache")
    ap.add_argument("--dump", default=None, help="save per-page nested (P, R) as JSON here")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.train:
        train_all(out, args.config)
    if args.timing:
        timing(out)
    if args.reading:
        t0 = time.process_time()
        pages, data, groups, folds = lfl.load()
        if args.reading == "a":
            zs: list[Any] = [np.zeros(0)] * len(pages)
            for f in range(tl.FOLDS):
                for i, z in load_fold(out, f, args.config)["test"].items():
                    zs[i] = z
        else:
            zs = reading_b(out, pages, data, groups, folds, args.config)
        (out / f"zs_{args.reading}_{args.config}.pkl").write_bytes(pickle.dumps(zs))
        nested, choice = lfl.nested_prs(pages, data, zs, folds)
        label = f"reading {args.reading} ({args.config}), OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"
        print(tl.report(pages, nested, label))
        ps = [a for a, _ in nested]
        rs = [b for _, b in nested]
        print(f"P {np.mean(ps):.4f} R {np.mean(rs):.4f}")
        if args.dump:
            lfl.dump_prs(args.dump, pages, nested)
        print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
