"""Quote extraction and attribution on PolNeAR (English), one command::

    python bench/quotes_eval.py [--all] [--limit N] [--show N]

Data: ``../shared/data/quotes-en/polnear-dev`` (84 articles, brat standoff). What counts as a quote:

* an annotated attribution relation (``E`` line) with a Source, a Cue and a Content (the 134
  "Attribution-no-source" relations have no speaker to attribute and are left out);
* whose cue is a verb or phrase of *speech* (say, tell, add, according to, note, write, argue,
  announce, claim, ask, warn, … — :data:`SPEECH` below, a list kept in this script apart from
  Warta's lexicons) or a colon/dash introducing a quotation, or whose content holds a quotation mark.
  PolNeAR also annotates beliefs, findings and wishes ("polls show", "he wants", "they found"):
  those are attributions but not quotes. A prediction that overlaps only such an excluded
  attribution counts neither for nor against (it is a real attribution). ``--all`` scores
  against every attribution with a source instead.
* one annotator per article: the first in sorted order of the annotators who annotated it
  (10 articles have two or more).

Scores (micro over articles):

* overlap: a predicted quote matches a gold content when their character Jaccard is >= 0.3
  (against the whole content or any of its discontinuous fragments: PolNeAR joins the parts of a
  quote interrupted by "said X"); precision over predictions, recall over gold contents;
* exact: the same with normalised text equality (quote marks, punctuation and spacing ignored);
* speaker accuracy: over gold quotes found, the best-matching prediction's speaker is right when
  its speaker span overlaps the gold Source span or its resolved name shares a word with the Source
  text (after titles/determiners), as GenderGapTracker scores speakers on matched quotes.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.enrich.quotes import find_quotes  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "quotes-en" / "polnear-dev"
THRESHOLD = 0.3

SPEECH = re.compile(
    r"\b(?:say|said|says|saying|tell|told|tells|telling|add|added|adds|adding|according|note|noted|notes|"
    r"noting|write|wrote|writes|written|writing|argue|argued|argues|arguing|announce|announced|announces|"
    r"claim|claimed|claims|claiming|ask|asked|asks|asking|warn|warned|warns|warning|state|stated|states|"
    r"statement|explain|explained|explains|insist|insisted|insists|declare|declared|declares|acknowledge|"
    r"acknowledged|acknowledges|suggest|suggested|suggests|respond|responded|responds|reply|replied|"
    r"continue|continued|continues|tweet|tweeted|tweets|recall|recalled|emphasize|emphasized|stress|"
    r"stressed|admit|admitted|admits|concede|conceded|deny|denied|denies|confirm|confirmed|confirms|"
    r"urge|urged|urges|predict|predicted|predicts|testify|testified|report|reported|reports|quote|quoted|"
    r"quipped|joked|assert|asserted|contend|contended|maintain|maintained|reiterate|reiterated|repeat|"
    r"repeated|complain|complained|boast|boasted|allege|alleged)\b|^[:―—–-]+$",
    re.I,
)
"""Cues of reported speech: verbs that introduce what someone said (a clause or a quotation).

Revised once, while Warta's rules were being developed on this split (so the dev scores are
optimistic, as any dev score): v1 also held verbs of communication whose content is a target noun
phrase rather than an utterance (attack, criticize, cite, describe, mention, call X Y, pledge,
chant, …); v2 (this one) leaves those out because they are not quotes. ``--all`` scores against
every attribution with a source, whatever its cue.
"""
QUOTE_MARK = re.compile(r"[\"“”]")
_WORD = re.compile(r"\w+")
_IGNORE_SPEAKER = {"the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "former"}


def parse_ann(path: Path, text: str) -> list[dict]:
    """Attribution relations: ``{"content": [(s, e)], "source": [(s, e)], "cue": str, "source_text": str}``."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    rels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, _, pos = parts[1].partition(" ")
            frags = [tuple(map(int, p.split())) for p in pos.split(";")]
            spans[parts[0]] = (kind, frags, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = dict(x.split(":", 1) for x in parts[1].split())
            rels.append(roles)
    out = []
    for roles in rels:
        if not {"Content", "Cue", "Source"} <= set(roles) or roles["Content"] not in spans:
            continue
        if roles["Source"] not in spans or roles["Cue"] not in spans:
            continue
        content = spans[roles["Content"]][1]
        out.append(
            {
                "content": content,
                "content_text": " ".join(text[s:e] for s, e in content),
                "source": spans[roles["Source"]][1],
                "source_text": spans[roles["Source"]][2],
                "cue": spans[roles["Cue"]][2],
            }
        )
    return out


def is_quote(rel: dict) -> bool:
    return bool(SPEECH.search(rel["cue"].strip()) or QUOTE_MARK.search(rel["content_text"]))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def similarity(pred: tuple[int, int], content: list[tuple[int, int]]) -> float:
    """Character Jaccard of a prediction with a content (whole, or its best fragment)."""
    plen = pred[1] - pred[0]
    inter_all = sum(_overlap(pred, f) for f in content)
    glen = sum(e - s for s, e in content)
    best = inter_all / max(1, plen + glen - inter_all)
    for f in content:
        inter = _overlap(pred, f)
        best = max(best, inter / max(1, plen + (f[1] - f[0]) - inter))
    return best


def norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def speaker_ok(q, rel: dict) -> bool:  # noqa: ANN001
    if q.speaker_span is not None and any(
        _overlap((q.speaker_span.start, q.speaker_span.end), f) for f in rel["source"]
    ):
        return True
    if not q.speaker:
        return False
    mine = {w for w in _WORD.findall(q.speaker.lower())} - _IGNORE_SPEAKER
    gold = {w for w in _WORD.findall(rel["source_text"].lower())} - _IGNORE_SPEAKER
    return bool(mine & gold)


def articles(limit: int | None = None, annotator: str = "first") -> list[tuple[str, Path]]:
    by_article: dict[str, list[Path]] = defaultdict(list)
    for f in sorted((DATA / "attributions").glob("*.ann")):
        name, _, _annotator = f.stem.rpartition("_")
        by_article[name].append(f)
    pick = 0 if annotator == "first" else -1
    out = [(name, sorted(files)[pick]) for name, files in sorted(by_article.items())]
    return out[:limit] if limit else out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--all", action="store_true", help="score against every attribution with a source")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--entities", action="store_true", help="run the entities stage first (speakers link to entities)"
    )
    ap.add_argument(
        "--annotator",
        choices=("first", "last"),
        default="first",
        help="which annotator of multi-annotated articles",
    )
    ap.add_argument("--show", type=int, default=0, help="print N misses and N false positives")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")
    tp_p = n_pred = tp_r = n_gold = 0
    ex_p = ex_r = 0
    sp_ok = sp_n = 0
    ignored = 0
    misses: list[str] = []
    fps: list[str] = []
    t0 = time.perf_counter()
    docs = articles(args.limit, args.annotator)
    for name, ann in docs:
        text = (DATA / "text" / f"{name}.txt").read_text(encoding="utf-8")
        rels = parse_ann(ann, text)
        gold = rels if args.all else [r for r in rels if is_quote(r)]
        other = [] if args.all else [r for r in rels if not is_quote(r)]
        entities = []
        if args.entities:
            from warta.article import Article
            from warta.enrich.entities import entities_stage

            entities = entities_stage(Article(body=[text], lang="en")).entities
        preds = find_quotes(text, "en", entities)
        gold_norm = [norm(r["content_text"]) for r in gold]
        for q in preds:
            best = max((similarity((q.start, q.end), r["content"]) for r in gold), default=0.0)
            if (
                best < THRESHOLD
                and other
                and max(similarity((q.start, q.end), r["content"]) for r in other) >= THRESHOLD
            ):
                ignored += 1
                continue
            n_pred += 1
            if best >= THRESHOLD:
                tp_p += 1
            elif len(fps) < args.show:
                fps.append(f"{name}: [{q.speaker}|{q.cue}] {q.text[:140]}")
            if norm(q.text) in gold_norm:
                ex_p += 1
        for r, gn in zip(gold, gold_norm, strict=True):
            n_gold += 1
            scored = [(similarity((q.start, q.end), r["content"]), i) for i, q in enumerate(preds)]
            best, idx = max(scored, default=(0.0, -1))
            if best >= THRESHOLD:
                tp_r += 1
                sp_n += 1
                sp_ok += speaker_ok(preds[idx], r)
            elif len(misses) < args.show:
                misses.append(f"{name}: [{r['source_text']}|{r['cue']}] {r['content_text'][:140]}")
            if any(norm(q.text) == gn for q in preds):
                ex_r += 1
    secs = time.perf_counter() - t0

    def prf(tp1: int, n1: int, tp2: int, n2: int) -> tuple[float, float, float]:
        p, r = tp1 / max(1, n1), tp2 / max(1, n2)
        return p, r, 2 * p * r / max(1e-9, p + r)

    p, r, f = prf(tp_p, n_pred, tp_r, n_gold)
    ep, er, ef = prf(ex_p, n_pred, ex_r, n_gold)
    print(
        f"PolNeAR dev: {len(docs)} articles, {n_gold} gold quotes ({'all attributions' if args.all else 'speech quotes'}), "
        f"{n_pred} predictions scored, {ignored} on non-speech attributions ignored, {secs:.2f}s"
    )
    print("| metric | P | R | F1 |")
    print("|---|---|---|---|")
    print(f"| overlap >= {THRESHOLD} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"| exact | {ep:.3f} | {er:.3f} | {ef:.3f} |")
    print(f"speaker accuracy on matched quotes: {sp_ok / max(1, sp_n):.3f} ({sp_ok}/{sp_n})")
    for line in misses:
        print("MISS", line)
    for line in fps:
        print("FP  ", line)


if __name__ == "__main__":
    main()
