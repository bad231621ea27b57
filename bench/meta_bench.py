"""Page-metadata benchmark: Warta's ``fill_metadata`` vs trafilatura and htmldate, same run.

Run: ``python bench/meta_bench.py`` (add ``--limit N`` for a quick subset, ``--no-write`` to skip
``bench/results/html-meta.md``, ``--misses FIELD`` to print disagreements for one field,
``--baseline REV`` to also score and time ``fill_metadata`` as of a git revision in the same run).

Scores (each a rate over the pages whose ground truth has the field):

- **title exact**: equal after HTML entities are decoded, soft hyphens and zero-width
  characters dropped, NFKC, case folding, straight quotes, ``–``/``—`` -> ``-`` and collapsed
  whitespace (neither dataset ships a metadata scorer; this is the normalisation a reader would
  not notice).
- **author match**: the set of names equals the truth's set, names compared after NFKC, case
  folding and dropping punctuation; WCXB's single ``author`` string is split on ``,`` ``;`` ``&``
  `` and ``; leading honorifics (Dr, Prof …) and credentials after a comma (MD, Ph.D., RD …) are
  dropped on both sides. *author overlap* counts a page when at least one name agrees;
  *author (person truth)* leaves out pages whose truth "author" is the site or organisation itself
  (Warta returns people only, by design).
- **publish day exact**: the calendar day of the prediction equals the truth's day (as written in
  each value's own time zone; when both carry a time zone, equal instants also count).
- **lead exact** (Fundus): ``lead`` equals ``body.summary`` joined by spaces, normalised like titles;
  *lead false+* is the share of pages with no summary where a lead was returned.
- **caption / credit** (Fundus ``images[]``): each expected image with a caption is paired with
  the predicted image whose caption shares most words (Jaccard ≥ 0.5) or whose URL file name
  matches a version's; *caption exact* = normalised equality; *credit match* = every expected
  credit name occurs in the predicted credit (normalised, without punctuation).

Peers: ``trafilatura.extract_metadata`` (title, author, date, description) and
``htmldate.find_date`` (date), run on the same pages in the same process.

Reading the numbers (misses studied page by page, grouped by cause; counts from
``--misses title|day|author`` on the current revision):

- *Titles.* Both sets hold pages whose visible ``<h1>`` and metadata titles (og:title, JSON-LD
  headline, ``<title>``) differ, and they pick opposite truths. Of the 93 WCXB article misses the
  truth is a metadata-only title (an SEO wording not shown as a heading) on 46 pages and the visible
  heading only on 24; 19 truths are a longer or shorter cut of a source (a site name kept, a
  subtitle dropped), 3 appear nowhere on the page. Of the 52 Fundus misses 39 truths are a
  metadata-only title (its per-publisher parsers read og:title or the JSON-LD headline where the page
  shows a different ``<h1>``). One rule cannot serve both conventions, so 0.95 is out of reach
  without per-site rules; Warta keeps the visible headline unless metadata confirms another wording.
  This session's rules (WCXB 0.864 -> 0.883, Fundus 0.802 -> 0.798): short " | Section" / " | Brand"
  parts after the headline dropped (+7 WCXB, other page types +7 -4, Fundus 0); an article ``<h2>``
  equal to a metadata title when no ``<h1>`` is confirmed (+3 WCXB); the ``<h1>`` wording when it
  only adds title punctuation the metadata dropped ("?", quotes, a final ".": +3 WCXB, -1 Fundus, a
  Korean ``<h1>`` shows quotes its truth lacks); a word split by inline markup ("Planning C ycle")
  and a dangling "⋆" after a dropped site name (+2 WCXB).
- *Dates.* Of the 98 WCXB article misses, 24 truths equal ``dateModified`` while
  ``datePublished`` is older, 40 are another date on the page (mostly older dates hidden behind a
  visible "Updated" date, or the reverse), 25 pages have no date Warta reads (script data only,
  "Month YYYY"), 7 are one day off (a UTC time whose local day differs) and 2 are ambiguous
  "3/4/2025" day/month orders. Whether the visible date is the modified one does not separate the
  two conventions: on pages that show only the modified date, the truth is that date on 24 pages and
  the older hidden published date on 26. Fundus misses: 2 of its 7 truths swap day and month
  ("05.04.2025" on a Turkish page is 5 April; the truth says 4 May). Rules tried and dropped earlier:
  "use the modified date when the page shows it near the headline" (WCXB 0.850 -> 0.841, Fundus
  0.973 -> 0.965), "skip dates labelled Updated" (no change). This session: an article scope that
  does not hold the headline (a dated teaser card) is no longer read first (+1 WCXB).
- *Authors.* Of the 151 WCXB article misses, 36 truths are the site itself, 19 a desk or team
  ("Newsdesk", "The Upwork Team") and 13 a one-word user name or brand: 68 truths that are not a
  person (the issue asks for people, so Warta does not chase them; desks found in page text are
  now dropped, costing 9 matches). Of the 83 misses that are Warta's, 42 return nothing (bylines in
  author boxes far from the headline, or a personal site whose name is the writer's: dropping site
  names as authors also drops "Erin Spain" on erinspain.com, and without a given-name list the owner
  cannot be told from a brand such as "Silverback Strategies"), 25 another name (a reviewer, an
  organisation in JSON-LD) and 16 part of the names. Fundus: 12 truths are the site or a desk, 5 are
  one word (initials such as "kesm", a brand), and 6 German bylines ("Von …", "… und …") need German
  language data that Warta does not ship. This session (WCXB 0.730 -> 0.756, Fundus 0.787 -> 0.794):
  the byline walk starts at the story ``<h1>`` (not a logo ``<h1>``); prefixed byline rows anywhere
  in the article ("Posted by Jane Doe on …", "Written by" + a name element); a name row beside the
  date row after the headline (linked names only to person pages); names read from page text must
  look like people (lang ``not_name_words``), a domain is no name. The ``warta @ REV`` rows run the
  old code with the current language data, so they already include the new lexicon entries.
- *Session 4* (``--baseline f4e91ef``): one author rule, a byline element's row of parts read part
  by part ("Dec. 19, 2025 · Jane Doe" gave no name as a whole line): WCXB articles author 0.756 ->
  0.757 (+1 page, a miss found on this same dev set, so not an independent check; Fundus unchanged).
  Tried and dropped: a JSON-LD "Person" author named like the publisher Organization read as the
  organisation (WCXB -10 pages, Fundus -7: those truths are the site itself). The rest of this
  session's metadata work is speed (``bench/results/html-meta-speed.md``), output-identical; the
  "Warta speed" line above is measured inside the loop next to trafilatura on a loaded machine
  (its Lexbor parse, unchanged code, went 1.08 -> 1.89 ms): read the interleaved table instead.
- *Session 6* (vs 524254e, 20 pages better, 0 worse over both sets): every ``citation_author``
  element ("Doe, Jane" read first name first); German byline words (``lang/de``: "Von", "und"; chosen
  from Fundus misses, so Fundus author is in-sample from here); an outlet's capitalised desk listed
  beside a writer dropped; byline label rows across blank rows and "Author" / "Contributors:" labels;
  the writers a visible byline lists after the one metadata author; among metadata titles that agree
  up to case and marks, the wording the ``<h1>`` shows; a site domain before the title dropped;
  ``datePublished`` later than ``dateModified`` (re-imported metadata) yields to an older date shown by
  the headline; ``ClaimReview`` (fact checks) read as the main JSON-LD object. Tried and dropped
  (worse on one set): a lone unconfirmed ``<h1>`` yielding to a metadata wording two sources agree on
  (WCXB -22, Fundus +4); a microdata headline that is the ``<h1>`` itself not counted as confirmation
  (WCXB -3, Fundus +1); a JSON-LD author named like the site replaced by a visible byline (WCXB
  articles +1 -4, Fundus +1 -1), or a one-word user name so replaced (WCXB articles -2, forum pages -6,
  Fundus +1 -1); words such as "Team" rejecting names from metadata too (WCXB articles -16, Fundus
  -4: both sets count desks as authors); a job title cut from the end of a name (WCXB +1 -3, Fundus
  -1). Counts are net pages of the field on that set. The ``warta @ REV`` rows run the old code with the current language
  data (including ``lang/de``), so they understate the language-data gains: compare with the
  previous session's table instead.
- *Session 8* (vs a7848b1, no page lost on either set for any kept rule): a short topic kicker
  before the ``<h1>`` headline dropped when a metadata title is exactly the rest (Fundus +3 -1, WCXB
  other +2); an ``<h1>`` that is the blog/site part of a two-part ``<title>`` is the logo (WCXB +2);
  authors: JSON-LD ``givenName``/``familyName``, ``citation_authors`` lists longer than ``dc.creator``,
  "Author(s)" above sibling names, a site-named JSON-LD Person yielding to the author ``<meta>``, a
  metadata author shown only after an editor label ("Editor :", lang ``editor_labels``) yielding to
  the byline by the headline, the owner's name in the bylines of a one-person site the host spells,
  organisation/trade words in ``not_name_words``. Tried and dropped: the site owner as writer without
  a byline (brands as authors), a site label before a colon in metadata titles, a lone ``<h1>`` kept
  whatever its overlap with the metadata (see ``bench/results/html-meta.md``).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from bench.common import decode_html, fundus_pages, markdown_table, wcxb_pages, write_result  # noqa: E402
from warta.article import Article  # noqa: E402
from warta.extract.metadata import fill_metadata  # noqa: E402

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
"""Soft hyphens and zero-width characters: invisible on the page, so not part of the compared text."""
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.I)


def norm_title(text: str | None) -> str:
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    t = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_QUOTES).casefold()
    return _WS.sub(" ", t).strip()


def norm_name(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    t = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    t = "".join(ch if ch.isalnum() else " " for ch in t)
    return _WS.sub(" ", t).strip()


_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Z.\-]{1,6}|Ph\.?\s?D\.?|M\.?D\.?)$")
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|sir|drs|ir|h|hj)\s+")


def name_set(names: Iterable[str] | str | None) -> set[str]:
    if not names:
        return set()
    if isinstance(names, str):
        names = _AUTHOR_SPLIT.split(names)
    names = [n for n in names if not _CREDENTIAL.match(n.strip())]
    return {k for k in (_HONORIFIC.sub("", norm_name(n)) for n in names) if k}


def org_author(truth: str, art: Article, url: str) -> bool:
    """True when the truth "author" is the site or its organisation (Warta returns people only)."""
    t = norm_name(truth).replace(" ", "")
    host = re.sub(r"[^a-z0-9]", "", (urlsplit(url).hostname or "").lower())
    names = {norm_name(x).replace(" ", "") for x in (art.outlet, art.publisher) if x}
    return bool(t) and (t in host or t in names)


def same_day(pred: str | None, truth: str | None) -> bool:
    if not pred or not truth:
        return False
    if pred[:10] == truth[:10]:
        return True
    try:
        a = datetime.fromisoformat(pred.replace(" ", "T"))
        b = datetime.fromisoformat(truth.replace(" ", "T"))
    except ValueError:
        return False
    return a.tzinfo is not None and b.tzinfo is not None and a == b


TIMES = {"parse": 0.0, "meta": 0.0}
BASELINE: dict[str, Any] = {"rev": None, "fill": None}
"""``--baseline REV``: ``fill_metadata`` (and the date parser it imports) as of a git revision."""


def load_baseline(rev: str) -> None:
    """Load ``src/warta/extract/metadata.py`` and ``dates.py`` of ``rev`` (language data stays current)."""
    import importlib.util
    import subprocess
    import tempfile

    repo = Path(__file__).resolve().parents[1]
    tmp = Path(tempfile.mkdtemp(prefix="meta-baseline-"))
    mods = {}
    for name in ("dates", "metadata"):
        src = subprocess.run(
            ["git", "show", f"{rev}:src/warta/extract/{name}.py"],
            cwd=repo, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        src = src.replace("from warta.extract.dates import", "from warta_baseline_dates import")
        path = tmp / f"warta_baseline_{name}.py"
        path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"warta_baseline_{name}", path)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f"warta_baseline_{name}"] = mod
        spec.loader.exec_module(mod)
        mods[name] = mod
    BASELINE["rev"] = rev
    BASELINE["fill"] = mods["metadata"].fill_metadata


def baseline_meta(html: str, url: str | None) -> Article:
    art = Article()
    BASELINE["fill"](LexborHTMLParser(html), art, url=url or None, fetched_at=None)
    return art


def speed_compare(rounds: int = 3) -> str:
    """CPU ms per page of ``fill_metadata`` alone (pre-parsed trees), current vs baseline, interleaved."""
    docs = [(decode_html(d), u) for _pid, d, u, _gt in wcxb_pages()]
    docs += [(decode_html(d), u) for _p, _c, _v, d, u, _e in fundus_pages()]
    t0 = time.process_time()
    trees = [(LexborHTMLParser(h), u or None) for h, u in docs]
    parse_ms = 1000 * (time.process_time() - t0) / len(trees)
    fills = {"current": fill_metadata}
    if BASELINE["fill"] is not None:
        fills[f"baseline {BASELINE['rev']}"] = BASELINE["fill"]
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, fill in fills.items():
            t0 = time.process_time()
            for tree, url in trees:
                fill(tree, Article(), url=url, fetched_at=None)
            ms = 1000 * (time.process_time() - t0) / len(trees)
            best[name] = min(best.get(name, ms), ms)
    rows = [[name, f"{ms:.2f}", f"{1000 / (ms + parse_ms):,.0f}"] for name, ms in best.items()]
    return (
        markdown_table(["fill_metadata", "CPU ms / page", "pages / CPU-s with parse"], rows)
        + f"\n\n{len(trees)} pages (WCXB + Fundus), trees parsed once ({parse_ms:.2f} ms / page); best of "
        f"{rounds} interleaved rounds, `time.process_time`, shared loaded machine.\n"
    )


def warta_meta(html: str, url: str | None) -> Article:
    art = Article()
    t0 = time.process_time()
    tree = LexborHTMLParser(html)
    t1 = time.process_time()
    fill_metadata(tree, art, url=url or None, fetched_at=None)
    TIMES["parse"] += t1 - t0
    TIMES["meta"] += time.process_time() - t1
    return art


def trafilatura_meta(html: str, url: str | None) -> dict[str, Any]:
    from trafilatura import extract_metadata

    try:
        doc = extract_metadata(html, default_url=url or None)
    except Exception:  # a peer failing on a page scores as empty
        return {}
    if doc is None:
        return {}
    return {"title": doc.title, "author": doc.author, "date": doc.date, "description": doc.description}


def htmldate_date(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, url=url or None)
    except Exception:
        return None


class Rate:
    """A hit counter: ``rate.add(True)``; ``rate.value`` is hits / trials (None when no trials)."""

    def __init__(self) -> None:
        self.hits = 0
        self.n = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.hits += bool(ok)

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None


def _rates(keys: Iterable[str]) -> dict[str, Rate]:
    return {k: Rate() for k in keys}


# ---------------------------------------------------------------- WCXB


def bench_wcxb(limit: int | None, misses: str | None) -> tuple[str, dict[str, dict[str, Rate]]]:
    groups = {"article": "articles", "other": "other page types"}
    base = f"warta @ {BASELINE['rev']}" if BASELINE["fill"] is not None else None
    tools = ("warta", *((base,) if base else ()), "trafilatura", "htmldate")
    scores = {
        (g, t): _rates(("title", "author", "author_any", "author_person", "day"))
        for g in groups
        for t in tools
    }
    t_warta = 0.0
    n_pages = 0
    for pid, data, url, gt in wcxb_pages(limit=limit):
        html = decode_html(data)
        g = "article" if gt["page_type"] == "article" else "other"
        t0 = time.process_time()
        art = warta_meta(html, url)
        t_warta += time.process_time() - t0
        n_pages += 1
        tm = trafilatura_meta(html, url)
        hd = htmldate_date(html, url)
        preds = {
            "warta": (art.title, art.authors, art.published),
            "trafilatura": (tm.get("title"), tm.get("author"), tm.get("date")),
            "htmldate": (None, None, hd),
        }
        if base:
            old = baseline_meta(html, url)
            preds[base] = (old.title, old.authors, old.published)
        for tool, (title, authors, day) in preds.items():
            s = scores[(g, tool)]
            if gt.get("title") and tool != "htmldate":
                s["title"].add(norm_title(title) == norm_title(gt["title"]))
            if gt.get("author") and tool != "htmldate":
                p, t = name_set(authors), name_set(gt["author"])
                s["author"].add(p == t)
                s["author_any"].add(bool(p & t))
                if not org_author(gt["author"], art, url):
                    s["author_person"].add(p == t)
            if gt.get("publish_date"):
                s["day"].add(same_day(day, gt["publish_date"]))
        if misses and g == "article":
            field = {"title": 0, "author": 1, "day": 2}[misses]
            key = {"title": "title", "author": "author", "day": "publish_date"}[misses]
            truth = gt.get(key)
            pred = preds["warta"][field]
            ok = (
                norm_title(pred) == norm_title(truth)
                if misses == "title"
                else name_set(pred) == name_set(truth)
                if misses == "author"
                else same_day(pred, truth)
            )
            if truth and not ok:
                print(
                    f"MISS {pid} {url}\n  truth={truth!r}\n  warta={pred!r} ({art.field_sources.get(misses if misses != 'day' else 'published', misses == 'author' and art.field_sources.get('authors'))})\n  traf={preds['trafilatura'][field]!r} mod={art.modified!r}"
                )
    rows = []
    for g, gname in groups.items():
        for tool in tools:
            s = scores[(g, tool)]
            rows.append(
                [
                    gname,
                    tool,
                    s["title"].value,
                    s["author"].value,
                    s["author_any"].value,
                    s["author_person"].value,
                    s["day"].value,
                    s["title"].n,
                    s["author"].n,
                    s["day"].n,
                ]
            )
    table = markdown_table(
        [
            "WCXB dev",
            "tool",
            "title exact",
            "author match",
            "author overlap",
            "author (person truth)",
            "publish day",
            "n title",
            "n author",
            "n date",
        ],
        rows,
    )
    speed = n_pages / t_warta if t_warta else float("inf")
    meta_ms = 1000 * TIMES["meta"] / max(n_pages, 1)
    parse_ms = 1000 * TIMES["parse"] / max(n_pages, 1)
    return (
        table
        + f"\n\nWarta speed over {n_pages} WCXB pages: {speed:,.0f} pages per CPU-second for Lexbor parse + "
        f"`fill_metadata` ({parse_ms:.2f} ms parse + {meta_ms:.2f} ms metadata per page, CPU time, shared machine).\n",
        {f"{g}/{t}": s for (g, t), s in scores.items()},
    )


# ---------------------------------------------------------------- Fundus


def _img_file(url: str | None) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1].lower() if url else ""


def _words(text: str | None) -> set[str]:
    return set(norm_name(text or "").split())


def _score_images(expected: list[dict], predicted: list, targets: list[dict]) -> None:
    """Caption exact / credit match of each expected image against its paired prediction."""
    for exp_img, pred_img in _pair_images(expected, predicted):
        for s in targets:
            if exp_img.get("caption"):
                s["caption"].add(
                    pred_img is not None and norm_title(pred_img.caption) == norm_title(exp_img["caption"])
                )
            if exp_img.get("authors"):
                s["credit"].add(pred_img is not None and credit_ok(pred_img.credit, exp_img["authors"]))


def _pair_images(expected: list[dict[str, Any]], predicted: list[Any]) -> list[tuple[dict[str, Any], Any]]:
    pairs = []
    for exp in expected:
        files = {_img_file(v.get("url")) for v in exp.get("versions") or []} - {""}
        ew = _words(exp.get("caption"))
        best, best_score = None, 0.0
        for img in predicted:
            if files and _img_file(img.url) in files:
                best, best_score = img, 2.0
                break
            pw = _words(img.caption)
            if ew and pw:
                j = len(ew & pw) / len(ew | pw)
                if j >= 0.5 and j > best_score:
                    best, best_score = img, j
        pairs.append((exp, best))
    return pairs


def credit_ok(pred: str | None, names: list[str]) -> bool:
    if not pred or not names:
        return False
    p = norm_name(pred)
    return all(norm_name(n) in p for n in names if norm_name(n))


def bench_fundus(limit: int | None, misses: str | None) -> tuple[str, dict[str, dict[str, Rate]]]:
    base = f"warta @ {BASELINE['rev']}" if BASELINE["fill"] is not None else None
    tools = ("warta", *((base,) if base else ()), "trafilatura", "htmldate")
    keys = ("title", "authors", "authors_any", "day", "lead", "lead_fp", "caption", "credit")
    scores = {t: _rates(keys) for t in tools}
    id_scores = _rates(keys)
    for publisher, country, version, data, url, exp in fundus_pages(limit=limit):
        html = decode_html(data)
        art = warta_meta(html, url)
        tm = trafilatura_meta(html, url)
        hd = htmldate_date(html, url)
        summary = " ".join((exp.get("body") or {}).get("summary") or [])
        preds = {
            "warta": (art.title, art.authors, art.published, art.lead),
            "trafilatura": (tm.get("title"), tm.get("author"), tm.get("date"), tm.get("description")),
            "htmldate": (None, None, hd, None),
        }
        old_art = baseline_meta(html, url) if base else None
        if base and old_art is not None:
            preds[base] = (old_art.title, old_art.authors, old_art.published, old_art.lead)
        for tool, (title, authors, day, lead) in preds.items():
            targets = [scores[tool]] + ([id_scores] if tool == "warta" and country in ("id", "my") else [])
            for s in targets:
                if exp.get("title") and tool != "htmldate":
                    s["title"].add(norm_title(title) == norm_title(exp["title"]))
                if exp.get("authors") and tool != "htmldate":
                    p, t = name_set(authors), name_set(exp["authors"])
                    s["authors"].add(p == t)
                    s["authors_any"].add(bool(p & t))
                if exp.get("publishing_date"):
                    s["day"].add(same_day(day, exp["publishing_date"]))
                if tool != "htmldate":
                    if summary:
                        s["lead"].add(norm_title(lead) == norm_title(summary))
                    else:
                        s["lead_fp"].add(bool(lead))
        images = exp.get("images") or []
        if base and old_art is not None:
            _score_images(images, old_art.images, [scores[base]])
        _score_images(
            images, art.images, [scores["warta"]] + ([id_scores] if country in ("id", "my") else [])
        )
        if misses:
            for exp_img, pred_img in _pair_images(images, art.images):
                cap_miss = pred_img is None or norm_title(pred_img.caption) != norm_title(
                    exp_img.get("caption")
                )
                if misses == "caption" and exp_img.get("caption") and cap_miss:
                    print(
                        f"MISS {country}/{publisher} {version}\n  truth={exp_img['caption']!r}\n  warta={pred_img and pred_img.caption!r}"
                    )
                cred_miss = pred_img is None or not credit_ok(pred_img.credit, exp_img.get("authors") or [])
                if misses == "credit" and exp_img.get("authors") and cred_miss:
                    print(
                        f"MISS {country}/{publisher} {version}\n  truth={exp_img['authors']!r} cap={exp_img.get('caption')!r}\n  warta={pred_img and (pred_img.credit, pred_img.caption)!r}"
                    )
            field = {"title": 0, "author": 1, "day": 2, "lead": 3}.get(misses)
            if field is not None:
                truth = {
                    0: exp.get("title"),
                    1: exp.get("authors"),
                    2: exp.get("publishing_date"),
                    3: summary,
                }[field]
                pred = preds["warta"][field]
                ok = (
                    norm_title(pred) == norm_title(truth)
                    if field in (0, 3)
                    else name_set(pred) == name_set(truth)
                    if field == 1
                    else same_day(pred, truth)
                )
                if truth and not ok:
                    print(
                        f"MISS {country}/{publisher} {version} {url}\n  truth={truth!r}\n  warta={pred!r}\n  traf={preds['trafilatura'][field]!r}"
                    )
    rows = []
    for name, s in [*((t, scores[t]) for t in tools), ("warta, id + my pages only (2)", id_scores)]:
        rows.append(
            [
                name,
                s["title"].value,
                s["authors"].value,
                s["authors_any"].value,
                s["day"].value,
                s["lead"].value,
                s["lead_fp"].value,
                s["caption"].value,
                s["credit"].value,
            ]
        )
    w = scores["warta"]
    table = markdown_table(
        ["Fundus", "title exact", "author match", "author overlap", "publish day", "lead exact", "lead false+",
         "caption exact", "credit match"],
        rows,
    )  # fmt: skip
    counts = (
        f"\n\nPages with the field: title {w['title'].n}, authors {w['authors'].n}, date {w['day'].n}, "
        f"summary {w['lead'].n} (no summary: {w['lead_fp'].n}); images with caption {w['caption'].n}, "
        f"with credit {w['credit'].n}. trafilatura's lead is its `description`; it has no captions.\n"
    )
    return table + counts, {k: v for k, v in scores.items()}


def run(limit: int | None = None, misses: str | None = None) -> str:
    """Both benchmarks; returns the Markdown body (tables + notes). ``html_bench`` can call this."""
    parts = []
    t0 = time.perf_counter()
    wt, _ = bench_wcxb(limit, misses if misses in ("title", "author", "day") else None)
    parts.append("## WCXB dev (all page types; articles reported apart)\n\n" + wt)
    ft, _ = bench_fundus(limit, misses)
    parts.append("## Fundus fixtures (258 page versions, 41 countries)\n\n" + ft)
    if limit is None and misses is None:
        parts.append("## Cost of `fill_metadata`\n\n" + speed_compare())
    parts.append(f"Wall time {time.perf_counter() - t0:.0f} s (all tools).\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="pages per dataset (quick runs)")
    ap.add_argument("--no-write", action="store_true", help="do not write bench/results/html-meta.md")
    ap.add_argument("--misses", choices=("title", "author", "day", "lead", "caption", "credit"), default=None)
    ap.add_argument(
        "--baseline", default=None, help="also score and time fill_metadata as of this git revision"
    )
    args = ap.parse_args(argv)
    if args.baseline:
        load_baseline(args.baseline)
    body = run(args.limit, args.misses)
    print(body)
    if not args.no_write and args.limit is None and args.misses is None:
        doc = (__doc__ or "").split("\n\n", 2)[2]
        path = write_result(
            "html-meta",
            "HTML metadata: Warta vs trafilatura and htmldate",
            body + "\n## Scoring\n\n" + doc,
            "python bench/meta_bench.py" + (f" --baseline {args.baseline}" if args.baseline else ""),
        )
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
